"""``caravan selftest``: the smoke run of a fresh install (see caravan_app/selftest.py)."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from .common import emit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selftest", help="自检：迁移、演示数据、窗口、报告 / smoke run on an empty data folder")
    p.add_argument("--no-gui", action="store_true")
    p.add_argument("--keep", help="在此目录运行并保留 / run in this folder and keep it")
    p.set_defaults(func=cmd_selftest)


def cmd_selftest(args: argparse.Namespace) -> int:
    from ..selftest import run_selftest

    if args.keep:
        steps = run_selftest(Path(args.keep), gui=not args.no_gui)
    else:
        with tempfile.TemporaryDirectory(prefix="caravan-selftest-") as d:
            steps = run_selftest(Path(d), gui=not args.no_gui)
    emit(args, {"ok": True, "steps": steps}, "\n".join(["自检通过 / selftest passed", *steps]))
    return 0
