"""Sign-in commands: signin add/list/serve/close, badge scan, hours export, print poster/sheet/badges."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from ..domain.records.catalog import Person
from ..domain.vocab import SIGNIN_GROUP_LABELS, SigninGroup, label
from ..services.app import App
from . import resolve
from .common import CliError, emit, with_app


def _group_arg(value: str) -> str:
    """A sign-in group code or its label (学生, 教师 …, student, teacher …)."""
    for code, (zh, en) in SIGNIN_GROUP_LABELS.items():
        if value in (code.value, zh) or value.lower() == en.lower():
            return code.value
    return value


def _json_flag(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: "caravan --json signin add" keeps working (a subparser default would reset it).
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="JSON 输出 / print JSON")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("signin", help="签到 / individual sign-in")
    s = p.add_subparsers(dest="action", required=True)
    q = s.add_parser("add", help="登记一人签到 / sign one person in")
    q.add_argument("visit")
    q.add_argument("--name", required=True)
    q.add_argument("--group", type=_group_arg, default=SigninGroup.OTHER.value, help="学生/教师/家长/村民/志愿者/其他")
    q.add_argument("--org", help="学校班级/单位 / class or organisation")
    q.add_argument("--phone")
    _json_flag(q)
    q.set_defaults(func=cmd_add)
    q = s.add_parser("list", help="本场签到名单 / who signed in")
    q.add_argument("visit")
    _json_flag(q)
    q.set_defaults(func=cmd_list)
    # void a sign-in / confirm a "possible duplicate" is another person
    q = s.add_parser("void", help="作废一条签到 / void a sign-in")
    q.add_argument("signin", help="签到编号 / sign-in id")
    q.add_argument("--reason", required=True, help="作废原因 / why")
    _json_flag(q)
    q.set_defaults(func=cmd_void)
    q = s.add_parser("confirm", help="确认不是重复签到 / confirm not a duplicate")
    q.add_argument("signin", help="签到编号 / sign-in id")
    q.add_argument("--reason")
    _json_flag(q)
    q.set_defaults(func=cmd_confirm)
    q = s.add_parser("serve", help="开启手机扫码签到 / serve phone sign-in")
    q.add_argument("visit")
    q.add_argument("--host", default="0.0.0.0", help="监听地址 / listen address (default: all)")
    q.add_argument("--port", type=int, default=None, help="端口 / port (default 8080)")
    q.add_argument(
        "--new-link", action="store_true", help="换新链接，旧二维码失效 / new link, old QR codes stop working"
    )
    q.set_defaults(func=cmd_serve)
    q = s.add_parser("close", help="关闭手机签到 / close phone sign-in")
    q.add_argument("visit")
    q.set_defaults(func=cmd_close)

    p = sub.add_parser("badge", help="胸卡 / badges")
    s = p.add_subparsers(dest="action", required=True)
    q = s.add_parser("scan", help="扫码枪读到的胸卡 / a scanned badge")
    q.add_argument("payload")
    q.add_argument("--visit", required=True)
    _json_flag(q)
    q.set_defaults(func=cmd_scan)
    q = s.add_parser("code", help="某人胸卡二维码内容 / a person's badge payload")
    q.add_argument("person")
    _json_flag(q)
    q.set_defaults(func=cmd_badge_code)

    p = sub.add_parser("hours", help="志愿服务时长 / volunteer hours")
    s = p.add_subparsers(dest="action", required=True)
    q = s.add_parser("export", help="导出志愿服务平台 CSV / CSV for the volunteer platform")
    q.add_argument("--out", required=True)
    q.add_argument("--from", dest="start")
    q.add_argument("--to", dest="end")
    _json_flag(q)
    q.set_defaults(func=cmd_hours)

    p = sub.add_parser("print", help="打印签到海报、签到表、胸卡 (PDF) / printables")
    s = p.add_subparsers(dest="what", required=True)
    for what, helptext in (("poster", "签到海报 / QR poster"), ("sheet", "纸质签到表 / paper sign-in sheet")):
        q = s.add_parser(what, help=helptext)
        q.add_argument("visit")
        q.add_argument("--out", required=True)
        q.add_argument("--host", help="二维码中的本机地址 / the laptop address in the QR (default: detected)")
        q.add_argument("--port", type=int, default=None)
        if what == "poster":
            q.add_argument("--wifi", help="现场无线网络名称 / Wi-Fi name to print")
        else:
            q.add_argument("--rows", type=int, default=60)
        _json_flag(q)
        q.set_defaults(func=cmd_print_visit)
    q = s.add_parser("badges", help="胸卡 / badge cards")
    q.add_argument("--people", nargs="*", help="人员（姓名/编号/id）；默认全部工作人员和志愿者")
    q.add_argument("--role", help="crew / volunteer / participant")
    q.add_argument("--out", required=True)
    _json_flag(q)
    q.set_defaults(func=cmd_print_badges)


# --- signin ---------------------------------------------------------------------------------


@with_app
def cmd_add(app: App, args: argparse.Namespace) -> int:
    vid = resolve.visit(app, args.visit)
    r = app.attendance.signin(vid, args.name, args.group, args.org, args.phone)
    data = {"id": r.id, "number": r.number, "duplicate": r.duplicate, "name": r.name, "visit_id": vid}
    word = "已签到（重复，不重复计数）" if r.duplicate else "签到成功"
    emit(
        args,
        data,
        f"{r.name} {word}：第 {r.number} 位 / {'already signed in' if r.duplicate else 'signed in'}, no. {r.number}",
    )
    return 0


@with_app
def cmd_list(app: App, args: argparse.Namespace) -> int:
    vid = resolve.visit(app, args.visit)
    rows = app.attendance.signins(vid)
    lines = [f"共 {len(rows)} 人 / {len(rows)} signed in"]
    for i, r in enumerate(rows, 1):
        mark = "  [可能重复 possible duplicate]" if r.possible_duplicate else ""
        lines.append(
            f"{i:>4}  {r.at[11:16]}  {r.name}  {label(SIGNIN_GROUP_LABELS, r.group)}  "
            f"{r.organisation or ''}  {r.id}{mark}"
        )
    emit(args, [r.to_json() for r in rows], "\n".join(lines))
    return 0


@with_app
def cmd_void(app: App, args: argparse.Namespace) -> int:
    sid = _signin_id(app, args.signin)
    row = app.attendance.signins_by_ids([sid])[0]
    ids = app.attendance.void_signin(sid, args.reason)
    emit(
        args,
        {"signin_id": sid, "voids": ids, "name": row.name, "count": app.attendance.signin_count(row.visit_id)},
        f"已作废签到 / voided: {row.name} {row.at.replace('T', ' ')}（原因 reason: {args.reason}）"
        f"\n本场签到 {app.attendance.signin_count(row.visit_id)} 人 / signed in",
    )
    return 0


@with_app
def cmd_confirm(app: App, args: argparse.Namespace) -> int:
    sid = _signin_id(app, args.signin)
    rid = app.attendance.confirm_distinct(sid, args.reason)
    emit(args, {"signin_id": sid, "id": rid}, "已确认不是重复签到 / confirmed: not a duplicate")
    return 0


def _signin_id(app: App, value: str) -> str:
    """The sign-in id as `signin list` prints it (a clear error when there is none)."""
    from ..domain.errors import NotFound

    rows = app.attendance.signins_by_ids([value])
    if rows:
        return value
    raise NotFound("signin_id", f"找不到该签到：{value}", f"no such sign-in: {value}")


def _port(args: argparse.Namespace) -> int:
    from ..signin.netaddr import DEFAULT_PORT

    port = DEFAULT_PORT if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise CliError(f"端口无效：{port} / invalid port {port}")
    return port


@with_app
def cmd_serve(app: App, args: argparse.Namespace) -> int:
    from ..signin.netaddr import lan_addresses, signin_url
    from ..signin.server import SigninServer

    vid = resolve.visit(app, args.visit)
    app.clock.now()  # a clock moved since the last sync is refused here, not at every phone
    if args.new_link:
        app.visits.new_signin_token(vid)
    was_open = app.signin.is_open(vid)
    token = app.signin.open(vid)
    server = SigninServer(
        app, args.host, _port(args), on_signin=lambda r: print(f"签到 #{r.number} {r.name}", flush=True)
    )
    try:
        server.start()
    except OSError as exc:
        if not was_open:
            app.signin.close(vid)
        raise CliError(f"无法在 {args.host}:{args.port} 开启签到服务（端口被占用？）/ cannot listen: {exc}") from exc
    hosts = [args.host] if args.host not in ("0.0.0.0", "") else (lan_addresses() or ["127.0.0.1"])
    urls = [signin_url(h, server.port, token) for h in hosts]
    print("手机扫码签到已开启 / phone sign-in is open:", flush=True)
    for u in urls:
        print(f"  {u}", flush=True)
    if sys.stdout.isatty():
        import qrcode

        qr = qrcode.QRCode(border=1)
        qr.add_data(urls[0])
        qr.print_ascii(invert=True)
    print("按 Ctrl+C 结束 / press Ctrl+C to stop", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        if not was_open:
            app.signin.close(vid)
        print(f"签到已关闭，共 {app.attendance.signin_count(vid)} 人 / closed", flush=True)
    return 0


@with_app
def cmd_close(app: App, args: argparse.Namespace) -> int:
    vid = resolve.visit(app, args.visit)
    app.signin.close(vid)
    emit(args, {"visit_id": vid, "open": False}, "手机签到已关闭 / phone sign-in closed")
    return 0


# --- badges and hours -----------------------------------------------------------------------


@with_app
def cmd_scan(app: App, args: argparse.Namespace) -> int:
    vid = resolve.visit(app, args.visit)
    v = app.visits.get(vid)
    before = v.status if v else None
    r = app.signin.scan(vid, args.payload)
    data: dict[str, Any] = {"action": r.action, "person_id": r.person.id, "name": r.person.name}
    if r.signin is not None:
        data.update(number=r.signin.number, duplicate=r.signin.duplicate)
    text = f"{r.message_zh()} / {r.message_en()}"
    after = app.visits.get(vid)
    if before == "planned" and after and after.status == "in_progress":  # the scan implied the arrival: say so
        data["arrived_at"] = after.arrived_at
        text += f"\n已同时记为到达 / arrival recorded: {after.arrived_at}"
    emit(args, data, text)
    return 0


@with_app
def cmd_badge_code(app: App, args: argparse.Namespace) -> int:
    pid = resolve.person(app, args.person)
    payload = app.signin.badge_payload(pid)
    emit(args, {"person_id": pid, "payload": payload}, payload)
    return 0


@with_app
def cmd_hours(app: App, args: argparse.Namespace) -> int:
    n = app.hours.export_csv(Path(args.out), args.start, args.end)
    emit(args, {"rows": n, "out": args.out}, f"已导出 {n} 条志愿服务时长 / exported {n} rows to {args.out}")
    return 0


# --- printables -----------------------------------------------------------------------------


def visit_url(app: App, visit_id: str, host: str | None, port: int) -> str:
    """The phone address for printing: the given host, else the first hotspot/LAN address."""
    from ..signin.netaddr import lan_addresses, signin_url

    visit = app.visits.get(visit_id)
    assert visit is not None
    token = visit.signin_token or app.visits.new_signin_token(visit_id)
    chosen = host or next(iter(lan_addresses()), None)
    if not chosen:
        raise CliError("找不到本机的局域网地址，请用 --host 指定（如 192.168.137.1）/ no LAN address: pass --host")
    return signin_url(chosen, port, token)


@with_app
def cmd_print_visit(app: App, args: argparse.Namespace) -> int:
    from ..reports import printables

    vid = resolve.visit(app, args.visit)
    info = app.reports.printable_visit(vid, visit_url(app, vid, args.host, _port(args)))
    if args.what == "poster":
        printables.poster(Path(args.out), info, wifi=args.wifi)
    else:
        printables.sheet(Path(args.out), info, rows=max(1, args.rows))
    emit(args, {"out": args.out, "url": info.url}, f"已生成 {args.out}（{info.url}）/ written")
    return 0


@with_app
def cmd_print_badges(app: App, args: argparse.Namespace) -> int:
    from ..reports import printables

    people: list[Person]
    if args.people:
        found = [app.catalog.person(resolve.person(app, key)) for key in args.people]
        people = [p for p in found if p]
    elif args.role:
        people = app.catalog.people(role=args.role)
    else:
        people = [p for p in app.catalog.people() if p.role in ("crew", "volunteer")]
    if not people:
        raise CliError("没有要打印胸卡的人员 / nobody to print badges for")
    printables.badge_sheets(Path(args.out), [p.to_dict() for p in people])
    emit(args, {"out": args.out, "badges": len(people)}, f"已生成 {len(people)} 张胸卡：{args.out} / written")
    return 0
