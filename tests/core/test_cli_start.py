"""The CLI imports only the module(s) of the command it runs: every command must still be
all there (same subcommands and options as the full parser), and every group must run."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from caravan_app.cli.main import COMMAND_MODULES, COMMANDS, build_parser, command_name, modules_for

ROOT = Path(__file__).resolve().parents[2]


def _shape(parser: argparse.ArgumentParser) -> dict[str, object]:
    """Everything a user can type under a parser: options and subcommands, recursively."""
    shape: dict[str, object] = {"options": sorted(o for a in parser._actions for o in a.option_strings)}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            shape["sub"] = {name: _shape(p) for name, p in sorted(action.choices.items())}
    return shape


def _top(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices


def test_each_command_is_complete_when_only_its_modules_are_imported() -> None:
    full = _top(build_parser())
    assert set(COMMANDS) <= set(full), set(COMMANDS) - set(full)  # no entry names a missing command
    for name, parser in full.items():
        alone = _top(build_parser(modules=modules_for(["--json", name, "x"])))
        assert name in alone, name
        assert _shape(alone[name]) == _shape(parser), name


def test_command_name_skips_global_options() -> None:
    assert command_name(["--data-dir", "/tmp/visit", "--json", "stock"]) == "stock"
    assert command_name(["--data-dir=/x", "visit", "list"]) == "visit"
    assert command_name(["--help", "visit"]) is None and command_name([]) is None
    assert modules_for(["--help"]) == COMMAND_MODULES == modules_for(["no-such-command"])
    assert modules_for(["visit", "list"]) == ("caravan_app.cli.field_cmds", "caravan_app.cli.catalog_cmds")
    assert modules_for(["stock"]) == ("caravan_app.cli.field_cmds",)


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CARAVAN_DATA_DIR", None)
    code = "import sys; from caravan_app.cli.main import main; sys.exit(main())"  # as the installed script
    proc = subprocess.run(
        [sys.executable, "-c", code, "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.mark.slow
def test_help_and_one_command_per_group_in_fresh_processes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _run(data, "demo", "--visits", "6")
    helped = _run(data, "--help").stdout
    for name in COMMANDS:
        assert name in helped, name
    visits = json.loads(_run(data, "--json", "visit", "list").stdout)
    assert len(visits) == 6 and visits[0]["site_name"]
    vid = visits[0]["id"]
    assert "检查通过" in _run(data, "check").stdout  # data_cmds
    stock = json.loads(_run(data, "--json", "stock").stdout)  # field_cmds
    assert stock and {"title", "on_hand"} <= set(stock[0])
    signins = json.loads(_run(data, "--json", "signin", "list", vid).stdout)  # signin_cmds
    assert isinstance(signins, list) and signins and "name" in signins[0]
    unvisited = json.loads(_run(data, "--json", "site", "list", "--not-visited-since", "2000-01-01").stdout)
    assert unvisited and all(s["name"] for s in unvisited)  # site_cmds' option on field_cmds' `site list`
    assert "pending" in json.loads(_run(data, "--json", "sync", "status").stdout)  # sync_cmds
    assert isinstance(json.loads(_run(data, "--json", "conflicts").stdout), (list, dict))  # conflict_cmds
    pdf = tmp_path / "v.pdf"
    _run(data, "report", "visit", vid, "--out", str(pdf))  # report_cmds
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert "gui" in _run(data, "gui", "--help").stdout  # gui_cmds


HEAVY = ("reportlab", "openpyxl", "httpx", "fastapi", "uvicorn", "PySide6", "alembic", "qrcode")


@pytest.mark.parametrize(
    "argv", [("--json", "visit", "list"), ("check",), ("stock",), ("--json", "signin", "list", "VISIT")]
)
def test_read_commands_do_not_import_reports_sync_or_qt(tmp_path: Path, argv: tuple[str, ...]) -> None:
    data = tmp_path / "data"
    _run(data, "demo", "--visits", "2")
    vid = json.loads(_run(data, "--json", "visit", "list").stdout)[0]["id"]
    argv = tuple(vid if a == "VISIT" else a for a in argv)
    code = (
        "import sys, json; from caravan_app.cli.main import main; code = main(sys.argv[1:]); "
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))), file=sys.stderr); "
        "sys.exit(code)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CARAVAN_DATA_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-c", code, "--data-dir", str(data), *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip()  # the command did its work
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []


def test_app_builds_each_service_once_and_takes_injected_ones(tmp_path: Path) -> None:
    from caravan_app.services.app import App
    from caravan_app.services.visits import VisitService

    app = App.open(tmp_path / "data")
    try:
        assert app.visits is app.visits and app.signin.visits is app.visits
        mine = VisitService(app.db)
        other = App(app.data_dir, app.db, visits=mine)
        assert other.visits is mine and other.signin.visits is mine and other.hours.visits is mine
        with pytest.raises(TypeError):
            App(app.data_dir, app.db, nonsense=mine)
    finally:
        app.close()
