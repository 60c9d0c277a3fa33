"""What every command module shares: opening the app, printing results, reporting errors."""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from ..domain.errors import DomainError

if TYPE_CHECKING:  # imported when a command opens the data folder, not at start
    from ..services.app import App


class CliError(Exception):
    """A failure to report to the user (exit code 1), already worded for people."""


# argparse's own messages, in Chinese beside the English (the crews read Chinese).
_ARGPARSE_ZH = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少必填参数：{0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"), "参数 {0} 的值 {1} 无效，可选：{2}"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.+)"), "参数 {0} 的值 {2} 格式不对（应为 {1}）"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面需要一个值"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), "参数 {0} 不能与 {1} 同时使用"),
    (re.compile(r"ambiguous option: (\S+)"), "选项 {0} 不明确"),
)


def argparse_zh(message: str) -> str:
    for pattern, zh in _ARGPARSE_ZH:
        found = pattern.search(message)
        if found:
            return zh.format(*found.groups())
    return "命令行参数有误"


class BilingualParser(argparse.ArgumentParser):
    """argparse with errors in Chinese and English, and as JSON under ``--json`` (exit code 2)."""

    json_errors = False  # set per run by build_parser (subparsers share the class)

    def error(self, message: str) -> NoReturn:
        zh = argparse_zh(message)
        if self.json_errors:
            print(json.dumps({"error": {"field": "arguments", "zh": zh, "en": message}}, ensure_ascii=False))
        else:
            self.print_usage(sys.stderr)
            print(f"错误：{zh}\nError: {message}\n（运行 `{self.prog} --help` 查看用法 / see --help）", file=sys.stderr)
        sys.exit(2)


_frozen = False


def open_app(args: argparse.Namespace) -> App:
    from ..services.startup import StartupProblem
    from ..services.startup import open_app as open_safely

    # Opening imports the data layer (SQLAlchemy, the mapped models): tens of thousands of
    # long-lived objects. Without the cyclic collector walking them during the import, and
    # frozen out of its reach afterwards, a command starts ~0.1-0.2 s sooner.
    global _frozen
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        opened = open_safely(args.data_dir)
    finally:
        if gc_was_on:
            if not _frozen:  # once per process: what freeze() keeps is never collected
                gc.freeze()
                _frozen = True
            gc.enable()
    if isinstance(opened, StartupProblem):
        latest = opened.latest_good_backup
        if opened.kind != "damaged":
            hint = ""
        elif latest:
            hint = f"\n可运行 / run: caravan restore {latest}"
        else:
            hint = "\n没有可用的备份 / no usable backup found"
        raise CliError(f"{opened.zh}\n{opened.en}\n({opened.detail}){hint}")
    stale = opened.db.source.stale if opened.db.source is not None else None
    if stale:  # read-only after a crash, the write-ahead log unreadable: never silently old figures
        print(f"{stale[0]}\n{stale[1]}", file=sys.stderr)
    # A clock that moved since the last sync dates nothing unconfirmed (services/base.Clock).
    opened.clock.strict = True
    opened.clock.trusted = bool(getattr(args, "clock_ok", False))
    return opened


def with_app(fn: Callable[[App, argparse.Namespace], int | None]) -> Callable[[argparse.Namespace], int]:
    """Wrap a command ``fn(app, args)``: open the data folder, run, always close."""

    def run(args: argparse.Namespace) -> int:
        app = open_app(args)
        try:
            mark = app.maintenance.change_mark()
            code = int(fn(app, args) or 0)
            app.maintenance.backup_after_changes(mark)  # a day run from the CLI leaves copies too
            return code
        finally:
            app.close()

    return run


def _json_default(obj: Any) -> Any:
    """A record prints as its fields (its own ``to_dict`` when it has one, which keeps the
    command's key order), never as its repr; other values (dates, paths) as text."""
    import dataclasses

    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        to_dict = getattr(obj, "to_dict", None)
        return to_dict() if callable(to_dict) else dataclasses.asdict(obj)
    return str(obj)


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON with ``--json``, else the human ``text`` (or a readable dump)."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))
    elif text is not None:
        print(text)
    else:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def storage_problem(args: argparse.Namespace, exc: BaseException) -> DomainError | None:
    """A refused write said for people (disk full / read-only / no permission, naming the folder):
    ``storage.diskerrors`` decides, probing the data folder when SQLite's words are vague."""
    from pathlib import Path

    from ..services.refusals import classify

    folder = None
    if not (isinstance(exc, OSError) and exc.filename):
        try:
            from ..paths import data_dir

            folder = data_dir(getattr(args, "data_dir", None))
        except OSError:
            folder = Path(getattr(args, "data_dir", None) or ".")
    return classify(exc, folder)


def fail(args: argparse.Namespace, exc: Exception) -> int:
    if not isinstance(exc, DomainError):
        exc = storage_problem(args, exc) or exc
    if isinstance(exc, DomainError):
        payload = {"error": exc.to_dict()}
        msg = f"错误 [{exc.field}]: {exc.zh}\nError [{exc.field}]: {exc.en}"
    else:
        payload = {"error": {"zh": str(exc), "en": str(exc)}}
        msg = f"错误 / Error: {exc}"
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(msg, file=sys.stderr)
    return 1
