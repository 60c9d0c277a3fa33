"""``caravan sync``, ``caravan sync status`` and ``caravan enroll``."""

from __future__ import annotations

import argparse
import sys

from .common import emit, open_app


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="与服务器同步 / sync with the hub")
    p.add_argument("--server", help="hub URL for this run (default: the enrolled hub)")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    p.set_defaults(func=_sync)
    ps = p.add_subparsers(dest="sync_command")
    st = ps.add_parser("status", help="待同步、上次成功、时钟偏差、被拒记录 / pending, last success, clock, rejects")
    st.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    st.set_defaults(func=_status)

    e = sub.add_parser("enroll", help="用注册码注册到服务器 / enroll with a one-time code")
    e.add_argument("--server", required=True, help="hub URL, e.g. https://192.168.1.10:8765")
    e.add_argument(
        "--code", required=True, help="one-time code with its pin (CODE~SHA256) from 'caravan-server device add'"
    )
    e.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    e.set_defaults(func=_enroll)


def _progress(done: int, total: int, text: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{text} {done}/{total}   ", end="", file=sys.stderr, flush=True)


def _sync(args: argparse.Namespace) -> int:
    app = open_app(args)
    try:
        res = app.sync.sync_now(progress=_progress, server=args.server)
    finally:
        app.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    text = (
        f"同步完成 / synced with {res.server}: 上传 pushed {res.pushed}, 下载 pulled {res.pulled}, "
        f"被拒 rejected {res.rejected}, 请求 requests {res.requests}"
    )
    if res.rejected:
        text += (
            "\n有记录被服务器拒绝，详见 'caravan sync status' / some changes were rejected: see 'caravan sync status'"
        )
    if res.photos_uploaded or res.photos_downloaded or res.photos_waiting:
        text += (
            f"\n照片 photos: 上传 sent {res.photos_uploaded}, 下载 fetched {res.photos_downloaded}, "
            f"待传 waiting {res.photos_waiting}"
        )
    if res.photos_error:
        text += "\n" + res.photos_error
    emit(args, res.to_dict(), text)
    return 0


def _status(args: argparse.Namespace) -> int:
    app = open_app(args)
    try:
        st = app.sync.status()
    finally:
        app.close()
    lines = [
        f"服务器 / hub: {st.server or '未注册 / not enrolled'}",
        f"待同步 / pending changes: {st.pending}",
        f"上次成功 / last success: {st.last_success or '-'}",
        f"时钟偏差 / clock offset: {st.clock_offset_ms / 1000:+.1f} s"
        + ("  ⚠ 电脑时间不准，请校准 / the laptop clock is off" if st.clock_warning else ""),
    ]
    if st.clock_moved_h is not None:
        lines.append(
            f"⚠ 电脑时钟自上次同步后变动了约 {st.clock_moved_h} 小时：请改正日期和时间，或同步一次"
            f" / the clock moved by about {st.clock_moved_h} h since the last sync: set the date and time, or sync"
        )
    if st.restore_waiting:
        lines.append(
            f"恢复备份时保留的 {st.restore_waiting} 条未同步修改等待同步取回它们引用的记录"
            f" / {st.restore_waiting} unsent changes kept at a restore wait for the records they name (next sync)"
        )
    if st.last_error:
        lines.append(f"上次错误 / last error: {st.last_error}")
    for r in st.rejects:
        lines.append(f"被拒 / rejected #{r['seq']} {r['entity']} {r['record_id']}: {r['reason']}")
    for q in st.quarantined:
        lines.append(
            f"隔离 / quarantined {q['entity']} {q['record_id']} (from {q['device_id']}): {q['reason']}"
            "  — 请服务器管理员用 'caravan-server bad retract' 撤回 / ask the hub operator to retract it"
        )
    emit(args, st.to_dict(), "\n".join(lines))
    return 0


def _enroll(args: argparse.Namespace) -> int:
    app = open_app(args)
    try:
        info = app.sync.enroll(args.server, args.code)
    finally:
        app.close()
    who = f"车辆 caravan {info.caravan}" + ("，办公室 / office" if info.role == "office" else "")
    emit(args, info.to_dict(), f"已注册 / enrolled with {info.server} ({who})")
    return 0
