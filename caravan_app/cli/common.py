"""What every command module shares: opening the app, printing results, reporting errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from ..domain.errors import DomainError
from ..services.app import App


class CliError(Exception):
    """A failure to report to the user (exit code 1), already worded for people."""


def open_app(args: argparse.Namespace) -> App:
    from ..services.startup import StartupProblem
    from ..services.startup import open_app as open_safely

    opened = open_safely(args.data_dir)
    if isinstance(opened, StartupProblem):
        latest = opened.latest_good_backup
        hint = f"\n可运行 / run: caravan restore {latest}" if latest else "\n没有可用的备份 / no usable backup found"
        raise CliError(f"{opened.zh}\n{opened.en}\n({opened.detail}){hint}")
    return opened


def with_app(fn: Callable[[App, argparse.Namespace], int | None]) -> Callable[[argparse.Namespace], int]:
    """Wrap a command ``fn(app, args)``: open the data folder, run, always close."""

    def run(args: argparse.Namespace) -> int:
        app = open_app(args)
        try:
            return int(fn(app, args) or 0)
        finally:
            app.close()

    return run


def emit(args: argparse.Namespace, data: Any, text: str | None = None) -> None:
    """Print ``data`` as JSON with ``--json``, else the human ``text`` (or a readable dump)."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif text is not None:
        print(text)
    else:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(args: argparse.Namespace, exc: Exception) -> int:
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
