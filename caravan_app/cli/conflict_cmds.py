"""``caravan conflicts``: values that lost a merge to a concurrent edit on another laptop, for
a person to review (sequential edits are no conflict; status fields are listed for information)."""

from __future__ import annotations

import argparse

from ..services.app import App
from .common import emit, with_app


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("conflicts", help="同步冲突（被覆盖的值）/ values that lost a merge")
    p.add_argument("--all", action="store_true", help="包括已处理的 / include reviewed ones")
    p.set_defaults(func=with_app(cmd_list))
    s = p.add_subparsers(dest="sub")
    q = s.add_parser("dismiss", help="保留当前值 / keep the current value")
    q.add_argument("id", type=int)
    q.set_defaults(func=with_app(cmd_dismiss))
    q = s.add_parser("restore", help="恢复被覆盖的值 / put the lost value back")
    q.add_argument("id", type=int)
    q.set_defaults(func=with_app(cmd_restore))


def cmd_list(app: App, args: argparse.Namespace) -> int:
    rows = app.conflicts.list(args.all)
    lines = [
        f"#{r.id} {r.entity} {r.record or r.record_id} · {r.field}: "
        f"当前 now {r.current!r} ← 被覆盖 lost {r.lost!r}"
        + (" （仅供参考，状态只能通过操作改变 / for information only）" if r.informational else "")
        + (" ✓" if r.reviewed else "")
        for r in rows
    ]
    emit(args, [r.to_json() for r in rows], "\n".join(lines) or "没有待处理的冲突 / no conflicts to review")
    return 0


def cmd_dismiss(app: App, args: argparse.Namespace) -> int:
    app.conflicts.dismiss(args.id)
    emit(args, {"dismissed": args.id}, "已保留当前值 / kept the current value")
    return 0


def cmd_restore(app: App, args: argparse.Namespace) -> int:
    changed = app.conflicts.restore_lost(args.id)
    emit(
        args,
        {"restored": args.id, "changed": dict(changed)},
        "已恢复被覆盖的值（将随同步生效）/ lost value restored (syncs)",
    )
    return 0
