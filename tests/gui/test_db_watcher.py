"""The window's watcher reloads pages for what nobody announced: a count made through the operation
path is announced with what it changed and must not make every page reload everything 200 ms
later; a count made with the `caravan` command must, and so must a write of this process that
went past the operation path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.services.changes import announced_commits
from caravan_app.ui.operations import DbWatcher, Operations
from caravan_app.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def _cli_tally(app: App, visit: str) -> None:
    """A real `caravan` process counting one teacher (another program's commit)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CARAVAN_DATA_DIR", None)
    cmd = [
        sys.executable,
        "-m",
        "caravan_app.cli.main",
        "--data-dir",
        str(app.data_dir),
        "tally",
        visit,
        "teacher",
        "+1",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def watched(app: App, field: dict[str, str], qtbot):  # noqa: ANN001, ANN201
    app.visits.arrive(field["visit"])
    w = DbWatcher(app.db.path, db=app.db, debounce_ms=20)
    seen: list[int] = []
    w.changed_outside.connect(lambda: seen.append(1))
    yield w, seen
    w.close()


@pytest.fixture
def ops(qtbot) -> Operations:  # noqa: ANN001
    return Operations(TaskRunner())


def test_counts_on_the_operation_path_are_not_announced_again(
    app: App, field: dict[str, str], watched, ops, qtbot
) -> None:  # noqa: ANN001
    w, seen = watched
    announced: list[set[str]] = []
    ops.changed.connect(lambda cs: announced.append(set(cs.kinds)))
    for _ in range(5):
        assert ops.run_now(None, app.attendance.tally, field["visit"], "teacher", 1, changes={"tallies"})[0]
    with qtbot.waitSignal(ops.changed, timeout=10_000):
        ops.run(None, app.stock.distribute, field["caravan"], field["title"], 2, field["visit"], changes={"stock"})
    w.check()
    assert seen == []  # the operation path said what changed; no reload of everything
    assert announced == [{"tallies"}] * 5 + [{"stock"}]
    assert app.attendance.totals(field["visit"])["teacher"] == 5


def test_a_write_past_the_operation_path_is_still_announced(app: App, field: dict[str, str], watched) -> None:  # noqa: ANN001
    """A dialog that still calls a service itself: the pages must still hear of it."""
    w, seen = watched
    app.attendance.tally(field["visit"], "teacher", 1)
    w.check()
    assert seen == [1]


def test_a_count_made_with_the_cli_is_announced(app: App, field: dict[str, str], watched, qtbot) -> None:  # noqa: ANN001
    w, seen = watched
    _cli_tally(app, field["visit"])
    qtbot.waitUntil(lambda: seen != [], timeout=10_000)  # the file-system event, then the debounce
    assert len(seen) == 1


def test_a_cli_count_just_before_a_count_in_the_window_is_still_announced(
    app: App, field: dict[str, str], watched
) -> None:  # noqa: ANN001
    """The other program commits, then the window commits before the watcher has looked."""
    w, seen = watched
    _cli_tally(app, field["visit"])
    with announced_commits():  # the window's count, announced by the operation path
        app.attendance.tally(field["visit"], "teacher", 1)
    w.check()
    assert seen == [1]
    w.check()  # and only once
    assert seen == [1]
