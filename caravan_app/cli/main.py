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
    "caravan_app.cli.site_cmds",  # i16: after field_cmds, whose `site` group it extends
    "caravan_app.cli.catalog_cmds",  # after field_cmds: adds `edit` to its groups, and `merge`
    "caravan_app.cli.office_cmds",  # r17: odometer, settings; adds stats/certificates to `report`
)


def build_parser(json_errors: bool = False) -> argparse.ArgumentParser:
    from .common import BilingualParser

    cls = type("CaravanParser", (BilingualParser,), {"json_errors": json_errors})
    parser = cls(prog="caravan", description="科普大篷车外勤系统 Caravan Field Log")
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

    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(json_errors="--json" in argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    from ..logs import install_excepthook, setup_logging
    from ..paths import data_dir

    try:
        setup_logging(data_dir(args.data_dir))
    except OSError:
        pass  # an unwritable data folder: no log file; the command itself says what is wrong
    install_excepthook()
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return _broken_pipe()
    except (CliError, ValueError, OSError) as exc:
        return fail(args, exc)
    except Exception as exc:  # DomainError and friends
        from ..domain.errors import DomainError

        if isinstance(exc, DomainError):
            return fail(args, exc)
        raise


def _broken_pipe() -> int:
    """`caravan --json visit list | head -1`: the reader went away; that is not an error of ours.
    Point stdout at devnull so Python's own flush at exit does not raise again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
