"""``caravan`` entry point. Each command group lives in its own module with ``register()``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Modules that add subcommands; each defines register(subparsers) and sets args.func.
COMMAND_MODULES = (
    "caravan_app.cli.data_cmds",
    "caravan_app.cli.field_cmds",
    "caravan_app.cli.gui_cmds",
    "caravan_app.cli.signin_cmds",
    "caravan_app.cli.sync_cmds",
    "caravan_app.cli.report_cmds",
    "caravan_app.cli.selftest_cmds",
    "caravan_app.cli.conflict_cmds",
    "caravan_app.cli.catalog_cmds",  # after field_cmds: adds `edit` to its groups, and `merge`
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="caravan", description="科普大篷车外勤系统 Caravan Field Log")
    parser.add_argument(
        "--data-dir", help="数据目录 / data directory (default: CARAVAN_DATA_DIR or the user data folder)"
    )
    parser.add_argument("--json", action="store_true", help="JSON 输出 / print JSON")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a command group not built yet
            raise
        mod.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .gui_cmds import fast_gui  # `caravan gui` shows its window before the data layer loads

    shown = fast_gui(sys.argv[1:] if argv is None else argv)
    if shown is not None:
        return shown
    from .common import CliError, fail

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    from ..logs import install_excepthook, setup_logging
    from ..paths import data_dir

    setup_logging(data_dir(args.data_dir))
    install_excepthook()
    try:
        return int(args.func(args) or 0)
    except (CliError, ValueError, OSError) as exc:
        return fail(args, exc)
    except Exception as exc:  # DomainError and friends
        from ..domain.errors import DomainError

        if isinstance(exc, DomainError):
            return fail(args, exc)
        raise


if __name__ == "__main__":
    sys.exit(main())
