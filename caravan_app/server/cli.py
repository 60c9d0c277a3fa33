"""``caravan-server``: run the hub, export its canonical JSON, manage enrolled devices.

caravan-server [--data-dir DIR] [--db URL] [--host H] [--port P]      (serve, the default)
caravan-server export FILE.json
caravan-server device add --caravan NAME | device list | device revoke ID
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .db import HubDB, database_url, default_data_dir, upgrade
from .hub import HubError, add_device, export_canonical, list_bad, list_devices, retract, review, revoke_device

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def _common(p: argparse.ArgumentParser, top: bool) -> None:
    d = None if top else argparse.SUPPRESS
    p.add_argument("--data-dir", default=d, help="hub data directory (SQLite file, logs)")
    p.add_argument("--db", default=d, help="database URL, e.g. postgresql+psycopg://user@host/db")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="caravan-server", description="科普大篷车同步服务器 Caravan Field Log hub")
    _common(p, True)
    p.add_argument("--host", default=DEFAULT_HOST)
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL)")
    sub = p.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="run the hub (default)")
    _common(serve, False)
    serve.add_argument("--host", default=argparse.SUPPRESS)
    serve.add_argument("--port", type=int, default=argparse.SUPPRESS)
    serve.add_argument("--workers", type=int, default=argparse.SUPPRESS)
    exp = sub.add_parser("export", help="write the canonical JSON export")
    _common(exp, False)
    exp.add_argument("file")
    dev = sub.add_parser("device", help="enrolled laptops")
    _common(dev, False)
    dsub = dev.add_subparsers(dest="device_command", required=True)
    add = dsub.add_parser("add", help="make a one-time enrollment code")
    add.add_argument("--caravan", required=True, help="the van this laptop rides with")
    add.add_argument("--no-qr", action="store_true")
    dl = dsub.add_parser("list", help="list devices")
    dl.add_argument("--json", action="store_true")
    rv = dsub.add_parser("revoke", help="revoke a device (its token stops working)")
    rv.add_argument("id", help="number from 'device list' or the laptop's device id")
    bad = sub.add_parser("bad", help="records laptops cannot apply: list, retract")
    _common(bad, False)
    bsub = bad.add_subparsers(dest="bad_command", required=True)
    bl = bsub.add_parser("list", help="stored records that break the rules, and earlier retractions")
    bl.add_argument("--json", action="store_true")
    br = bsub.add_parser("retract", help="withdraw a record (a synced fact: laptops drop it)")
    br.add_argument("id", help="the record's id (from 'bad list')")
    br.add_argument("--entity", help="the record's entity, if several have this id")
    br.add_argument("--reason", help="why (kept with the retraction)")
    for name, text in (
        ("conflicts", "values that lost a merge, kept for review"),
        ("anomalies", "resends that differed"),
    ):
        r = sub.add_parser(name, help=text)
        _common(r, False)
        r.add_argument("--limit", type=int, default=200)
    return p


def _print_qr(text: str) -> None:
    try:
        import qrcode
    except ImportError:  # pragma: no cover - qrcode is a dependency
        return
    qr = qrcode.QRCode(border=1)
    qr.add_data(text)
    qr.make(fit=True)
    qr.print_ascii(invert=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    url = database_url(args.db, args.data_dir)
    if not args.db and not os.environ.get("CARAVAN_SERVER_DB"):
        default_data_dir(args.data_dir)
    upgrade(url)
    cmd = args.command or "serve"
    if cmd == "serve":
        return _serve(url, args)
    hdb = HubDB(url)
    try:
        if cmd in ("conflicts", "anomalies"):
            print(json.dumps(review(hdb, cmd, args.limit), ensure_ascii=False, indent=2))
        elif cmd == "bad":
            if args.bad_command == "list":
                out = list_bad(hdb)
                if args.json:
                    print(json.dumps(out, ensure_ascii=False, indent=2))
                else:
                    for b in out["bad"]:
                        print(f"坏记录 / bad  {b['entity']:<10} {b['id']}  from {b['device_id']}: {b['reason']}")
                    for b in out["retracted"]:
                        print(f"已撤回 / retracted  {b['entity']:<10} {b['record_id']}  at {b['at']}")
                    if not out["bad"]:
                        print("没有坏记录 / no bad records")
            else:
                r = retract(hdb, args.id, args.entity, args.reason)
                print(f"已撤回 / retracted: {r['entity']} {r['id']} (seq {r['seq']})")
        elif cmd == "export":
            Path(args.file).write_bytes(export_canonical(hdb))
            print(f"已导出 / exported: {args.file}")
        elif args.device_command == "add":
            nd = add_device(hdb, args.caravan)
            print(f"设备编号 / device no.: {nd.id}   车辆 / caravan: {nd.caravan}")
            print(f"注册码 / enrollment code (one time, 7 days): {nd.code}")
            if not args.no_qr:
                _print_qr(nd.code)
        elif args.device_command == "list":
            rows = list_devices(hdb)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            for r in [] if args.json else rows:
                print(
                    f"{r['id']:>4}  {r['status']:<17} {r['caravan']:<12} {r['device_id'] or '-':<37} last seen {r['last_seen'] or '-'}"
                )
        elif args.device_command == "revoke":
            r = revoke_device(hdb, args.id)
            print(f"已撤销 / revoked: {r['id']} ({r['caravan']}) at {r['revoked_at']}")
    except HubError as exc:
        print(f"错误 / Error: {exc.zh} / {exc.en}", file=sys.stderr)
        return 1
    finally:
        hdb.close()
    return 0


def _serve(url: str, args: argparse.Namespace) -> int:
    import uvicorn

    if args.workers > 1:
        os.environ["CARAVAN_SERVER_DB"] = url
        uvicorn.run(
            "caravan_app.server.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
        )
        return 0
    from .app import create_app

    uvicorn.run(create_app(url), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
