"""``caravan peer serve|list|sync|status``: laptops at one event without the hub."""

from __future__ import annotations

import argparse
import time
from dataclasses import asdict

from ..domain.errors import DomainError
from ..services.peers import DutyDouble
from .common import emit, open_app


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("peer", help="现场电脑互传（无服务器）/ laptops at one event, no hub")
    ps = p.add_subparsers(dest="peer_command", required=True)
    sv = ps.add_parser("serve", help="开启互传服务 / serve peer sync (until Ctrl+C)")
    sv.add_argument("--host", default="0.0.0.0")
    sv.add_argument("--port", type=int, default=8766)
    sv.add_argument("--no-announce", action="store_true", help="do not announce by mDNS")
    sv.set_defaults(func=_serve)
    ls = ps.add_parser("list", help="附近和见过的电脑 / laptops near by and seen")
    ls.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    ls.add_argument("--seconds", type=float, default=2.0, help="how long to listen for announcements")
    ls.set_defaults(func=_list)
    sy = ps.add_parser("sync", help="与附近电脑互传 / exchange with laptops near by (or ADDRESS)")
    sy.add_argument("address", nargs="?", help="host:port of the other laptop (default: every one found)")
    sy.add_argument(
        "--pair", metavar="CODE", help="pair first, with the code shown on the other laptop (caravan peer pair)"
    )
    sy.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    sy.set_defaults(func=_sync)
    pa = ps.add_parser("pair", help="显示一次性配对码 / show a one-time code to pair a laptop never enrolled")
    pa.add_argument("--minutes", type=float, default=5.0, help="how long the code is good for (default 5)")
    pa.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    pa.set_defaults(func=_pair)
    st = ps.add_parser("status", help="互传状态 / what this laptop holds and whom it saw")
    st.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    st.set_defaults(func=_status)


def _serve(args: argparse.Namespace) -> int:
    app = open_app(args)
    srv = app.peers.serve(args.host, args.port)
    ann = None if args.no_announce else app.peers.announce(args.host, srv.port)
    print(f"互传服务已开启 / peer sync serving on {args.host}:{srv.port}  TLS SHA-256 {srv.tls_pin}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        if ann is not None:
            ann.close()
        srv.stop()
        app.close()
    return 0


def _list(args: argparse.Namespace) -> int:
    app = open_app(args)
    try:
        near = app.peers.near(args.seconds)
        seen = app.peers.known()
    finally:
        app.close()
    doc = {"near": [f.to_dict() for f in near], "seen": [asdict(p) for p in seen]}
    lines = [f"附近 near: {f.name or f.device_id} ({f.caravan}) {f.address}" for f in near]
    lines = lines or ["附近没有发现电脑 / none near"]
    for p in seen:
        why = f" — {p.reason}" if p.status == "refused" else ""
        lines.append(f"{'已信任 trusted' if p.status == 'trusted' else '已拒绝 refused'}: {p.name or p.device_id}{why}")
    emit(args, doc, "\n".join(lines))
    return 0


def _sync(args: argparse.Namespace) -> int:
    app = open_app(args)
    try:
        targets = [args.address] if args.address else [f.address for f in app.peers.near(2.0)]
        if not targets:
            raise DomainError(
                "address",
                "附近没有发现电脑：请写出对方的地址，例如 caravan peer sync 192.168.1.12:8766",
                "no laptop found near by: give its address, e.g. caravan peer sync 192.168.1.12:8766",
            )
        if args.pair and not args.address:
            raise DomainError(
                "address",
                "配对时请写出对方的地址，例如 caravan peer sync 192.168.1.12:8766 --pair 12345678",
                "pairing needs the other laptop's address, e.g. caravan peer sync 192.168.1.12:8766 --pair 12345678",
            )
        outcomes = app.peers.sync_addresses(targets, pair=args.pair)
    finally:
        app.close()
    lines = []
    for o in outcomes:
        if o.result is None:
            lines.append(f"{o.address}: {o.zh} / {o.en}")
        else:
            line = f"{o.address}: 收到 received {o.result.received_facts}, 发出 sent {o.result.sent_facts}"
            if o.result.waiting:
                line += (
                    f"；{o.result.waiting} 条对方的记录时间超前本机时钟，暂不接收（请核对两台电脑的时间，"
                    f"与同步服务器同步后自动恢复） / {o.result.waiting} of its facts wait: stamped ahead of this "
                    "laptop's clock (check both clocks; a hub sync sets them right)"
                )
            lines.append(line)
    emit(args, {"results": [asdict(o) for o in outcomes]}, "\n".join(lines))
    return 0 if all(o.result is not None for o in outcomes) else 1


def _pair(args: argparse.Namespace) -> int:
    if not 0 < args.minutes <= 60:
        raise DomainError("minutes", "--minutes 应在 0 到 60 之间", "--minutes must be between 0 and 60")
    app = open_app(args)
    try:
        pc = app.peers.pair_code(args.minutes * 60)
    finally:
        app.close()
    text = (
        f"配对码 pairing code: {pc.code}\n"
        f"在另一台电脑上运行 / on the other laptop run: caravan peer sync 本机地址:端口 --pair {pc.code}\n"
        f"一次有效，{pc.expires:%H:%M} 前使用，输错 {pc.tries} 次作废 / "
        f"single use, good until {pc.expires:%H:%M}, void after {pc.tries} wrong tries "
        "(本机需在运行互传服务 / this laptop must be serving peer sync)"
    )
    emit(args, {"code": pc.code, "expires": pc.expires.isoformat(timespec="seconds"), "tries": pc.tries}, text)
    return 0


def _status(args: argparse.Namespace) -> int:
    app = open_app(args)
    try:
        st = app.peers.status()
    finally:
        app.close()
    text = (
        f"本机 this laptop: {st.device_id}; 持有 holds {st.held} 条 facts of {st.authors} 台电脑 laptops "
        f"(其中从别的电脑收到 learned {st.learned}); 证书 certificate: {'有 yes' if st.certified else '无 no'}; "
        f"已撤销 revoked: {len(st.revoked)}; 可能重复 possible doubles: {len(st.doubles)}"
    )
    for d in st.doubles:
        if isinstance(d, DutyDouble):
            kind = "上岗 on duty" if d.kind == "on" else "下岗 off duty"
            text += f"\n  待核对 review: {d.name} {kind} 在 {len(d.devices)} 台电脑 on laptops ({', '.join(d.at)})"
        else:
            text += f"\n  待核对 review: {d.name} 签到 signed in 在 {len(d.devices)} 台电脑 on laptops"
    emit(args, st.to_dict(), text)
    return 0
