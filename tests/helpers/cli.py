"""Run the ``caravan`` command in this process: ``main(argv)`` with its own stdout, stderr, stdin,
environment and working folder, and the exit code it would have ended with.

A process start costs ~0.5 s; reading a command's output needs none. Keep real processes
(``subprocess``) for what only a process shows: start-up, pipes, exit on a signal, a kill mid-write."""

from __future__ import annotations

import io
import json
import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CliResult:
    """What a terminal would have shown, under the names ``subprocess.CompletedProcess`` uses."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run_cli(
    *argv: str,
    env: Mapping[str, str | None] | None = None,
    cwd: Path | str | None = None,
    stdin: str | None = None,
) -> CliResult:
    """``caravan ARGV…`` in-process. ``env`` adds (or, with None, removes) variables for this call
    only; ``CARAVAN_DATA_DIR`` is removed unless given, as the subprocess helpers did. An exception
    that escapes ``main`` (a crash a user would see as a traceback) is raised to the test."""
    from caravan_app.cli.main import main

    return _run_main(main, argv, env=env, cwd=cwd, stdin=stdin)


def run_server_cli(
    *argv: str,
    env: Mapping[str, str | None] | None = None,
    cwd: Path | str | None = None,
    stdin: str | None = None,
) -> CliResult:
    """``caravan-server ARGV…`` in-process, like ``run_cli`` (the hub's admin commands: users,
    orders, settings). A hub that must serve stays a process: tests/sync/hubproc.py."""
    from caravan_app.server.cli import main

    return _run_main(main, argv, env=env, cwd=cwd, stdin=stdin)


def _run_main(
    main: Callable[[list[str]], int | None],
    argv: tuple[str, ...],
    *,
    env: Mapping[str, str | None] | None,
    cwd: Path | str | None,
    stdin: str | None,
) -> CliResult:
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_hook = sys.excepthook
    root = logging.getLogger()
    saved_handlers = list(root.handlers)
    saved_level = root.level
    out, err = io.StringIO(), io.StringIO()
    os.environ.pop("CARAVAN_DATA_DIR", None)
    for key, value in (env or {}).items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    try:
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin or ""), out, err
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse's usage errors, --help
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            if isinstance(exc.code, str):
                err.write(exc.code + "\n")
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        sys.excepthook = saved_hook
        for h in root.handlers[:]:
            if h not in saved_handlers:  # the command's log file: closed, as at a process's exit
                root.removeHandler(h)
                h.close()
        root.setLevel(saved_level)
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return CliResult(tuple(argv), int(code or 0), out.getvalue(), err.getvalue())


def caravan(data: Path, *argv: str, ok: bool = True, **kw: Any) -> CliResult:
    """``caravan --data-dir DATA ARGV…``; with ``ok`` the command must succeed."""
    result = run_cli("--data-dir", str(data), *argv, **kw)
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def caravan_json(data: Path, *argv: str) -> Any:
    """``caravan --data-dir DATA --json ARGV…``, succeeded, its output parsed."""
    return caravan(data, "--json", *argv).json()
