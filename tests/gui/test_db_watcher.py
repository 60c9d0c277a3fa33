"""The window's watcher reloads pages for commits made by other programs only: a count made in the
window is announced by the operation path with what it changed, and must not make every page
reload everything 200 ms later; a count made with the `caravan` command must."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.ui.operations import DbWatcher

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


def test_the_windows_own_counts_are_not_announced_as_outside_changes(app: App, field: dict[str, str], watched) -> None:  # noqa: ANN001
    w, seen = watched
    for _ in range(5):
        app.attendance.tally(field["visit"], "teacher", 1)
    app.stock.distribute(field["caravan"], field["title"], 2, field["visit"], recipient="三年级")
    w.check()
    assert seen == []
    assert app.attendance.totals(field["visit"])["teacher"] == 5


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
    app.attendance.tally(field["visit"], "teacher", 1)
    w.check()
    assert seen == [1]
    w.check()  # and only once
    assert seen == [1]
