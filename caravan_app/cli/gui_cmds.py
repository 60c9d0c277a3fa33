"""``caravan gui [--demo] [--lang zh_CN|en]``: start the desktop app."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="打开桌面程序 / open the desktop app")
    p.add_argument(
        "--demo", action="store_true", help="数据库为空时载入演示数据 / load demo data when the database is empty"
    )
    p.add_argument(
        "--lang", choices=("zh_CN", "en"), help="界面语言 / interface language (default: the saved setting, zh_CN)"
    )
    p.set_defaults(func=_gui)


def _gui(args: argparse.Namespace) -> int:
    from ..ui.shell import run  # Qt is imported only when the window is wanted

    return run(args.data_dir, demo=args.demo, language=args.lang)
