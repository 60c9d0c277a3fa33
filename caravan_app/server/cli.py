"""``caravan-server``: run the hub, export its canonical JSON, manage enrolled devices.

caravan-server [--data-dir DIR] [--db URL] [--host H] [--port P]      (serve, the default)
               [--tls-cert F --tls-key F | --tls | --insecure]
               [--forwarded-allow-ips ADDRS] [--dev-docs]
caravan-server migrate                      (bring the database to this version's schema, then exit)
caravan-server export FILE.json
caravan-server device add (--caravan NAME | --office) [--server URL] [--no-pin] | device list
caravan-server device reenroll ID | device set ID [--caravan NAME] [--office | --van] | device revoke ID
caravan-server settings [--share-names on|off] [--console-idle-minutes N]
caravan-server bad list [--json] | bad retract ID [--entity E] [--reason TEXT]
caravan-server user add NAME --role ROLE [--county C] [--caravan C] --password-stdin
caravan-server user list [--json] | user disable NAME | user enable NAME | user reset NAME (password on stdin)
caravan-server order list | add | show | assign | decline | close | closed | plan   (server/order_cli.py)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import review_cli
from .db import HubDB, database_url, default_data_dir, upgrade
from .hub import (
    HubError,
    NewDevice,
    add_device,
    export_canonical,
    get_settings,
    known_vans,
    list_bad,
    list_devices,
    reenroll_device,
    retract,
    review,
    revoke_device,
    set_device,
    set_setting,
)

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
    _tls_args(p, True)
    _serve_args(p, True)
    sub = p.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="run the hub (default)")
    _common(serve, False)
    serve.add_argument("--host", default=argparse.SUPPRESS)
    serve.add_argument("--port", type=int, default=argparse.SUPPRESS)
    serve.add_argument("--workers", type=int, default=argparse.SUPPRESS)
    _tls_args(serve, False)
    _serve_args(serve, False)
    mig = sub.add_parser("migrate", help="bring the database to the current schema and exit")
    _common(mig, False)
    exp = sub.add_parser("export", help="write the canonical JSON export")
    _common(exp, False)
    exp.add_argument("file")
    dev = sub.add_parser("device", help="enrolled laptops")
    _common(dev, False)
    dsub = dev.add_subparsers(dest="device_command", required=True)
    add = dsub.add_parser("add", help="make a one-time enrollment code for a new laptop")
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("--caravan", help="the van this laptop rides with (its name, as on the van's record)")
    who.add_argument("--office", action="store_true", help="the office's laptop: may change every van's records")
    re_ = dsub.add_parser("reenroll", help="a code that enrolls this one laptop again (lost token, revoked)")
    re_.add_argument("id", help="number from 'device list' or the laptop's device id")
    for q in (add, re_):
        q.add_argument("--no-qr", action="store_true")
        q.add_argument("--server", help="the hub's address laptops use, put into the QR code")
        q.add_argument("--tls-cert", help="pin this certificate (default: the hub's self-signed one)")
        q.add_argument("--no-pin", action="store_true", help="no pin: the hub has a certificate from a public CA")
    ds = dsub.add_parser("set", help="change a device's van or role")
    ds.add_argument("id", help="number from 'device list' or the laptop's device id")
    ds.add_argument("--caravan", help="the van it rides with")
    role = ds.add_mutually_exclusive_group()
    role.add_argument("--office", dest="role", action="store_const", const="office", help="the office's laptop")
    role.add_argument("--van", dest="role", action="store_const", const="van", help="a van's laptop")
    dl = dsub.add_parser("list", help="list devices")
    dl.add_argument("--json", action="store_true")
    rv = dsub.add_parser("revoke", help="revoke a device (its token stops working)")
    rv.add_argument("id", help="number from 'device list' or the laptop's device id")
    st = sub.add_parser("settings", help="the office's hub-wide choices")
    _common(st, False)
    st.add_argument(
        "--share-names",
        choices=("on", "off"),
        help="van laptops receive other vans' participants' names (never their phone numbers); default off",
    )
    st.add_argument(
        "--console-idle-minutes",
        type=int,
        help="the office console logs a browser out after this many minutes unused (1-1440; default 30)",
    )
    bad = sub.add_parser("bad", help="records laptops cannot apply: list, retract")
    _common(bad, False)
    bsub = bad.add_subparsers(dest="bad_command", required=True)
    bl = bsub.add_parser("list", help="stored records that break the rules, earlier retractions, refused pushes")
    bl.add_argument("--json", action="store_true")
    br = bsub.add_parser("retract", help="withdraw a record (a synced fact: laptops drop it)")
    br.add_argument("id", help="the record's id (from 'bad list')")
    br.add_argument("--entity", help="the record's entity, if several have this id")
    br.add_argument("--reason", help="why (kept with the retraction)")
    _user_args(sub)
    for name, text in (
        ("conflicts", "values that lost a merge, kept for review"),
        ("anomalies", "resends that differed"),
    ):
        r = sub.add_parser(name, help=text)
        _common(r, False)
        r.add_argument("--limit", type=int, default=200)
    review_cli.add_parsers(sub, _common)
    con = sub.add_parser("console", help="the office console's read model")
    _common(con, False)
    con.add_argument("console_command", choices=["rebuild"], help="rebuild: apply every record again (hub stopped)")
    from .order_cli import add_parser as add_order_parser

    add_order_parser(sub, _common)
    return p


def _user_args(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    us = sub.add_parser("user", help="the office console's users")
    _common(us, False)
    usub = us.add_subparsers(dest="user_command", required=True)
    ua = usub.add_parser("add", help="a new console user (the password is read from stdin)")
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=("admin", "office", "county", "captain", "auditor"))
    ua.add_argument("--county", help="a county liaison's county (sees only it, never phone numbers)")
    ua.add_argument("--caravan", help="a captain's van (sees only it)")
    ua.add_argument("--password-stdin", action="store_true", required=True, help="read the password from stdin")
    ul = usub.add_parser("list", help="list console users")
    ul.add_argument("--json", action="store_true")
    for name, text in (
        ("disable", "the user can no longer log in; their sessions end"),
        ("enable", "allow a disabled user to log in again"),
        ("reset", "a new password from stdin; the user's sessions end"),
    ):
        usub.add_parser(name, help=text).add_argument("name")


def _users(hdb: HubDB, args: argparse.Namespace) -> int:
    """``caravan-server user ...`` through the console's own user functions."""
    from caravan_app.console import auth

    try:
        if args.user_command == "add":
            u = auth.add_user(hdb, args.name, args.role, _stdin_password(), args.county, args.caravan)
            print(f"已添加用户 / user added: {u.name}  {u.role.value}  {u.county or u.caravan or ''}".rstrip())
        elif args.user_command == "list":
            rows = auth.list_users(hdb)
            if args.json:
                print(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=2))
            else:
                for r in rows:
                    state = "已停用 / disabled" if r.disabled else "启用 / active"
                    print(f"{r.name:<20} {r.role:<8} {r.county or r.caravan or '-':<12} {state}")
                if not rows:
                    print("还没有用户 / no users yet: caravan-server user add NAME --role admin --password-stdin")
        elif args.user_command == "disable":
            auth.disable_user(hdb, args.name)
            print(f"已停用 / disabled: {args.name}")
        elif args.user_command == "enable":
            auth.enable_user(hdb, args.name)
            print(f"已启用 / enabled: {args.name}")
        else:
            auth.reset_password(hdb, args.name, _stdin_password())
            print(f"密码已重设，原来的登录已退出 / password reset, sessions ended: {args.name}")
    except auth.AuthError as exc:
        print(f"错误 / Error: {exc.zh} / {exc.en}", file=sys.stderr)
        return 1
    return 0


def _stdin_password() -> str:
    line = sys.stdin.readline()
    return line[:-1] if line.endswith("\n") else line


def _tls_args(p: argparse.ArgumentParser, top: bool) -> None:
    d = (lambda v: v) if top else (lambda v: argparse.SUPPRESS)
    p.add_argument("--tls-cert", default=d(None), help="TLS certificate (PEM); with --tls-key")
    p.add_argument("--tls-key", default=d(None), help="TLS private key (PEM)")
    p.add_argument(
        "--tls", action="store_true", default=d(False), help="TLS with the self-signed certificate also on loopback"
    )
    p.add_argument(
        "--insecure",
        action="store_true",
        default=d(False),
        help="plain HTTP on a non-loopback address (only behind a TLS proxy on the same machine)",
    )


def _serve_args(p: argparse.ArgumentParser, top: bool) -> None:
    d = (lambda v: v) if top else (lambda v: argparse.SUPPRESS)
    p.add_argument(
        "--forwarded-allow-ips",
        default=d(None),
        help="proxies whose X-Forwarded-For names the client (e.g. 127.0.0.1 for a TLS proxy on this "
        "machine); default none: the header is ignored",
    )
    p.add_argument(
        "--dev-docs", action="store_true", default=d(False), help="serve /docs, /redoc, /openapi.json (development)"
    )
    p.add_argument(
        "--photos-dir",
        default=d(None),
        help="folder of the photo files (default: photos/ in the data directory, beside a SQLite hub.db)",
    )


def code_with_pin(code: str, pin: str | None) -> str:
    """What a laptop types or scans: the one-time code, with the hub's certificate pin after ``~``."""
    return f"{code}~{pin}" if pin else code


def qr_text(server: str | None, full: str) -> str:
    """The QR code's text: the hub's address and the code (the laptop's enroll dialog reads both)."""
    return f"{server.rstrip('/')}#{full}" if server else full


def _print_code(args: argparse.Namespace, nd: NewDevice) -> None:
    pin = _pin_for(args, default_data_dir(args.data_dir))
    full = code_with_pin(nd.code, pin)
    who = "办公室 / office" if nd.role == "office" else nd.caravan
    print(f"设备编号 / device no.: {nd.id}   车辆 / caravan: {who}")
    if nd.device_id:
        print(f"仅限这台电脑重新注册 / re-enrolls only the laptop {nd.device_id}")
    print(f"注册码 / enrollment code (one time, 7 days): {nd.code}")
    if pin:
        print(f"证书指纹 / certificate pin (SHA-256): {pin}")
        print(f"注册码（含指纹）/ code with pin: {full}")
    if not args.no_qr:
        _print_qr(qr_text(args.server, full))


def _pin_for(args: argparse.Namespace, data_dir: Path) -> str | None:
    from .tls import fingerprint, self_signed

    if args.no_pin:
        return None
    cert = Path(args.tls_cert) if args.tls_cert else self_signed(data_dir)[0]
    return fingerprint(cert)


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
    if cmd == "migrate":  # done above; one step of its own so several processes never race it
        print("数据库已是最新结构 / database schema is up to date")
        return 0
    if cmd == "serve":
        return _serve(url, args)
    hdb = HubDB(url)
    try:
        if cmd == "review":
            return review_cli.run(hdb, args)
        if cmd == "order":
            from .order_cli import run as run_order

            return run_order(hdb, args)
        if cmd == "user":
            return _users(hdb, args)
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
                    for b in out["rejected"]:
                        print(
                            f"已拒收 / refused  {b['entity']:<10} {b['record_id']}  from {b['device_id']}"
                            f" #{b['seq']} at {b['at']}: {b['zh']} / {b['reason']}"
                        )
            else:
                r = retract(hdb, args.id, args.entity, args.reason)
                print(f"已撤回 / retracted: {r['entity']} {r['id']} (seq {r['seq']})")
        elif cmd == "console":
            from ..console.projection import Projection  # the console's read model (pyproject: allowed)

            p = Projection(hdb, default_data_dir(args.data_dir))
            try:
                n = p.rebuild()
            finally:
                p.close()
            print(f"已重建 / rebuilt: {p.path} ({n} 条 / records)")
        elif cmd == "export":
            Path(args.file).write_bytes(export_canonical(hdb))
            print(f"已导出 / exported: {args.file}")
        elif cmd == "settings":
            if args.share_names:
                set_setting(hdb, "share_names", "1" if args.share_names == "on" else "0")
            if args.console_idle_minutes is not None:
                if not 1 <= args.console_idle_minutes <= 24 * 60:
                    raise HubError(
                        2, "bad_setting", "--console-idle-minutes：1 到 1440 分钟", "--console-idle-minutes: 1 to 1440"
                    )
                set_setting(hdb, "console_idle_minutes", str(args.console_idle_minutes))
            print(json.dumps(get_settings(hdb), ensure_ascii=False, indent=2))
        elif args.device_command == "add":
            nd = add_device(hdb, args.caravan or "", "office" if args.office else "van")
            _print_code(args, nd)
            if nd.role == "van" and not known_vans(hdb, nd.caravan):
                print(
                    f"注意 / note: 服务器上还没有名为「{nd.caravan}」的车辆记录；这台电脑第一次设置时请用这个车名"
                    f" / the hub has no van named {nd.caravan!r} yet: set the laptop up with exactly this name"
                )
        elif args.device_command == "reenroll":
            _print_code(args, reenroll_device(hdb, args.id))
        elif args.device_command == "set":
            r = set_device(hdb, args.id, args.caravan, args.role)
            print(f"已修改 / changed: {r['id']}  {r['role']}  {r['caravan']}")
        elif args.device_command == "list":
            rows = list_devices(hdb)
            if args.json:
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            for r in [] if args.json else rows:
                print(
                    f"{r['id']:>4}  {r['status']:<17} {r['role']:<6} {r['caravan']:<12} {r['device_id'] or '-':<37} "
                    f"last seen {r['last_seen'] or '-'}"
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


def tls_files(args: argparse.Namespace) -> tuple[str, str] | None:
    """Which certificate the hub serves, or None for plain HTTP (loopback or --insecure only)."""
    from .tls import is_loopback, self_signed

    if bool(args.tls_cert) != bool(args.tls_key):
        raise HubError(2, "tls_args", "--tls-cert 和 --tls-key 要一起给出", "give --tls-cert and --tls-key together")
    if args.tls_cert:
        return str(args.tls_cert), str(args.tls_key)
    if args.insecure or (is_loopback(args.host) and not args.tls):
        return None
    cert, key = self_signed(default_data_dir(args.data_dir))
    return str(cert), str(key)


def _serve(url: str, args: argparse.Namespace) -> int:
    import uvicorn

    from .tls import fingerprint, is_loopback

    try:
        tls = tls_files(args)
    except HubError as exc:
        print(f"错误 / Error: {exc.zh} / {exc.en}", file=sys.stderr)
        return 2
    ssl_kw: dict[str, str] = {}
    if tls:
        ssl_kw = {"ssl_certfile": tls[0], "ssl_keyfile": tls[1]}
        print(f"TLS: {tls[0]}  指纹 / pin sha256 {fingerprint(Path(tls[0]))}", file=sys.stderr, flush=True)
    elif not is_loopback(args.host):
        print(
            "警告 / WARNING: plain HTTP on a network address (--insecure): tokens and names cross the network "
            "in clear text unless a TLS proxy on this machine is in front",
            file=sys.stderr,
            flush=True,
        )
    try:
        from .ratelimit import parse_networks

        parse_networks(args.forwarded_allow_ips)
    except ValueError as exc:
        print(f"错误 / Error: --forwarded-allow-ips: {exc}", file=sys.stderr)
        return 2
    if not getattr(args, "photos_dir", None) and getattr(args, "data_dir", None):
        args.photos_dir = str(default_data_dir(args.data_dir) / "photos")
    # The hub reads X-Forwarded-For itself, only from --forwarded-allow-ips (uvicorn would
    # believe it from 127.0.0.1 by default, so anyone on the machine could pick an address).
    if args.workers > 1:
        os.environ["CARAVAN_SERVER_DB"] = url
        os.environ["CARAVAN_HUB_FORWARDED_ALLOW_IPS"] = args.forwarded_allow_ips or ""
        os.environ["CARAVAN_HUB_DEV_DOCS"] = "1" if args.dev_docs else "0"
        if args.data_dir:
            os.environ["CARAVAN_SERVER_DATA_DIR"] = str(args.data_dir)
        os.environ["CARAVAN_HUB_TLS_CERT"] = tls[0] if tls else ""
        if getattr(args, "photos_dir", None):
            os.environ["CARAVAN_HUB_PHOTOS_DIR"] = str(args.photos_dir)
        uvicorn.run(
            "caravan_app.console.app:app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
            proxy_headers=False,
            **ssl_kw,  # type: ignore[arg-type]
        )
        return 0
    # The served app is the hub with the office console at / (the one edge from the hub to a face).
    from caravan_app.console.app import create_app

    app = create_app(
        url,
        dev_docs=args.dev_docs,
        forwarded_allow_ips=args.forwarded_allow_ips or "",
        data_dir=default_data_dir(args.data_dir) if not args.db else args.data_dir,
        tls_cert=tls[0] if tls else None,
        photos_dir=getattr(args, "photos_dir", None),
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", proxy_headers=False, **ssl_kw)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
