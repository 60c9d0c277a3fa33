"""``caravan gui [--demo] [--lang zh_CN|en]``: start the desktop app.

``fast_gui`` lets ``caravan gui`` skip building the whole command line (which imports the data
layer) so the first window shows at once; the data layer then loads behind it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="打开桌面程序 / open the desktop app")
    _options(p)
    p.set_defaults(func=_gui)


def _options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--demo", action="store_true", help="数据库为空时载入演示数据 / load demo data when the database is empty"
    )
    p.add_argument(
        "--lang", choices=("zh_CN", "en"), help="界面语言 / interface language (default: the saved setting, zh_CN)"
    )


def _gui(args: argparse.Namespace) -> int:
    from ..ui.shell import run  # Qt is imported only when the window is wanted

    return run(args.data_dir, demo=args.demo, language=args.lang)


def fast_gui(argv: Sequence[str]) -> int | None:
    """Run ``[--data-dir D] gui [--demo] [--lang L]`` directly; None for any other command line."""
    args = list(argv)
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--data-dir")
    pre.add_argument("--json", action="store_true")
    try:
        known, rest = pre.parse_known_args(args)
    except SystemExit:
        return None
    if not rest or rest[0] != "gui" or any(a in ("-h", "--help") for a in rest):
        return None
    p = argparse.ArgumentParser(prog="caravan gui", add_help=False)
    _options(p)
    try:
        opts = p.parse_args(rest[1:])
    except SystemExit:
        return None  # let the full parser print the proper error
    opts.data_dir = known.data_dir
    return _gui(opts)
