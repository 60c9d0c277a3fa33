"""``caravan`` entry point. Each command group lives in its own module with ``register()``.

Start-up is kept short: the command's name is read from argv first and only the module(s)
registering it are imported (see ``COMMANDS``); ``caravan --help``, no command and an unknown
command build the full parser from every module.

Adding a command: put its module in ``COMMAND_MODULES`` and its top-level name(s) in
``COMMANDS`` (name -> module, short form "data_cmds"; several modules as a tuple, in
``COMMAND_MODULES`` order). A command or module missing from ``COMMANDS`` still works, it just
costs start-up time (an unknown command imports every module; a module not named in
``COMMANDS`` is imported for every command).
"""

from __future__ import annotations

import argparse
import gc
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
    "caravan_app.cli.site_cmds",  # after field_cmds, whose `site` group it extends
    "caravan_app.cli.catalog_cmds",  # after field_cmds: adds `edit` to its groups, and `merge`
    "caravan_app.cli.privacy_cmds",  # caravan privacy …
    "caravan_app.cli.office_cmds",  # odometer, settings; adds stats/certificates to `report`
    "caravan_app.cli.orders_cmds",  # requests: caravan orders log | export
    "caravan_app.cli.peer_cmds",  # laptops at one event without the hub
    "caravan_app.cli.photo_cmds",  # photos as evidence
)

# Top-level command -> the module(s) in COMMAND_MODULES that register it (short names).
COMMANDS: dict[str, str | tuple[str, ...]] = {
    **dict.fromkeys(("demo", "import", "export", "backup", "restore", "check", "info"), "data_cmds"),
    **dict.fromkeys(("device", "tally", "tally-review", "duty", "stock"), "field_cmds"),
    **dict.fromkeys(("distribute", "undo"), "field_cmds"),
    **dict.fromkeys(("van", "person", "title", "visit"), ("field_cmds", "catalog_cmds")),
    "site": ("field_cmds", "site_cmds", "catalog_cmds"),
    "merge": "catalog_cmds",
    "privacy": "privacy_cmds",
    "peer": "peer_cmds",
    "photo": "photo_cmds",
    **dict.fromkeys(("odometer", "settings"), "office_cmds"),
    "gui": "gui_cmds",
    **dict.fromkeys(("signin", "badge", "hours", "print"), "signin_cmds"),
    **dict.fromkeys(("sync", "enroll"), "sync_cmds"),
    "report": ("report_cmds", "office_cmds", "photo_cmds"),
    "verify": "report_cmds",
    "selftest": "selftest_cmds",
    "conflicts": "conflict_cmds",
    "orders": "orders_cmds",
}

_GLOBAL_WITH_VALUE = ("--data-dir",)


def command_name(argv: Sequence[str]) -> str | None:
    """The top-level command in argv (None for none, or for help asked before it)."""
    it = iter(argv)
    for arg in it:
        if arg in ("-h", "--help"):
            return None
        if arg in _GLOBAL_WITH_VALUE:
            next(it, None)
        elif arg.startswith("-"):
            continue  # --json, --data-dir=X, or an option argparse will refuse
        else:
            return arg
    return None


def _short(module: str) -> str:
    return module.rsplit(".", 1)[-1]


def modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The command modules to import for this argv: the command's own, else all of them.

    A module in COMMAND_MODULES that COMMANDS does not name yet is always imported: it may add
    to any group (as site_cmds adds to ``site``), so a new module never loses a command."""
    wanted = COMMANDS.get(command_name(argv) or "")
    if wanted is None:
        return COMMAND_MODULES
    named = {m for v in COMMANDS.values() for m in ((v,) if isinstance(v, str) else v)}
    short = {wanted} if isinstance(wanted, str) else set(wanted)
    return tuple(m for m in COMMAND_MODULES if _short(m) in short or _short(m) not in named)


def build_parser(json_errors: bool = False, modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    from .common import BilingualParser

    cls = type("CaravanParser", (BilingualParser,), {"json_errors": json_errors})
    parser = cls(prog="caravan", description="科普大篷车外勤系统 Caravan Field Log")
    parser.add_argument(
        "--data-dir", help="数据目录 / data directory (default: CARAVAN_DATA_DIR or the user data folder)"
    )
    parser.add_argument("--json", action="store_true", help="JSON 输出 / print JSON")
    parser.add_argument(
        "--clock-ok",
        action="store_true",
        help="电脑时钟自上次同步后被调过，但时间确认无误 / the clock moved since the last sync but is right",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
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
    argv = list(sys.argv[1:] if argv is None else argv)
    # Start-up creates tens of thousands of long-lived objects (modules, SQLAlchemy's mappers);
    # the cyclic collector would walk them again and again for nothing. Collect once they exist.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        from .common import CliError, fail

        parser = build_parser(json_errors="--json" in argv, modules=modules_for(argv))
        args = parser.parse_args(argv)
    finally:
        if gc_was_on:
            gc.enable()
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
        from .common import storage_problem

        if isinstance(exc, DomainError):
            return fail(args, exc)
        found = storage_problem(args, exc)  # SQLite's "disk I/O error" on a full disk, and the like
        if found is not None:
            return fail(args, found)
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
