"""The full integrity check at start runs when damage may have happened, not at every command.

On 1,000,000 sign-ins it costs 7.6 s (issue #15); a database that was closed cleanly and
passed a check this week is only probed. These tests damage a real file's data page and see
which starts notice it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.services.demo import load_demo
from caravan_app.services.startup import StartupProblem, open_app
from caravan_app.storage import backup as bk
from caravan_app.storage import integrity
from tests.conftest import fresh_data_dir

ROOT = Path(__file__).resolve().parents[2]
T0 = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)


def _leaf_pages(db: Path, table: str) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name=? AND pagetype='leaf'", (table,))]
    finally:
        conn.close()


def _smash(db: Path, page: int) -> None:
    with open(db, "r+b") as fh:
        fh.seek((page - 1) * 4096)
        fh.write(b"\xde\xad" * 2048)


def _opened(data: Path, now: dt.datetime) -> App | StartupProblem:
    got = open_app(data, now=now)
    if isinstance(got, App):
        got.close()
    return got


@pytest.fixture
def big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A demo database that counts as big (the threshold lowered to 0 bytes), checked at T0."""
    monkeypatch.setattr(integrity, "SMALL_BYTES", 0)
    data = fresh_data_dir(tmp_path / "data")
    app = App.open(data)
    try:
        load_demo(app, visits=8)
    finally:
        app.close()
    assert isinstance(_opened(data, T0), App)  # the first start runs the full check and records it
    return data


def test_a_clean_close_leaves_no_write_ahead_log(big: Path) -> None:
    db = big / "caravan.db"
    assert not db.with_name("caravan.db-wal").exists()
    assert integrity.last_ok(db) == T0
    assert integrity.full_check_due(db, T0 + dt.timedelta(days=1)) is None


def test_a_recently_checked_database_is_probed_and_an_old_check_is_redone(big: Path) -> None:
    db = big / "caravan.db"
    pages = _leaf_pages(db, "signins")
    _smash(db, pages[len(pages) // 2])
    assert bk.verify(db) != "ok"
    # A day later the start only probes the file: the damaged page is not read…
    assert isinstance(_opened(big, T0 + dt.timedelta(days=1)), App)
    # …and a week after the last check, the start reads every page and offers the backups.
    problem = _opened(big, T0 + dt.timedelta(days=8))
    assert isinstance(problem, StartupProblem) and problem.kind == "damaged"


def test_a_killed_process_gets_the_full_check_at_the_next_start(big: Path) -> None:
    db = big / "caravan.db"
    pages = _leaf_pages(db, "signins")
    killer = (
        "import os, sys\n"
        "from caravan_app.services.app import App\n"
        "app = App.open(sys.argv[1])\n"
        "app.catalog.add_caravan('9号车')\n"
        "os._exit(0)  # no close: the write-ahead log stays, as after a crash or a flat battery\n"
    )
    subprocess.run([sys.executable, "-c", killer, str(big)], check=True, cwd=ROOT, timeout=120)
    assert db.with_name("caravan.db-wal").stat().st_size > 0
    _smash(db, pages[len(pages) // 2])
    problem = _opened(big, T0 + dt.timedelta(hours=1))
    assert isinstance(problem, StartupProblem), "damage after an unclean end must be found at the next start"


def test_a_clock_set_back_or_a_bad_record_means_checking_again(big: Path) -> None:
    db = big / "caravan.db"
    assert integrity.full_check_due(db, T0 - dt.timedelta(days=1)) == "last check too old"
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE meta SET value = '2026-06-01 08:00' WHERE key = ?", (integrity.META_KEY,))  # no zone
    conn.close()
    assert integrity.full_check_due(db, T0) == "never checked"


def test_a_small_database_is_checked_at_every_start(tmp_path: Path) -> None:
    data = fresh_data_dir(tmp_path / "data")
    db = data / "caravan.db"
    assert integrity.full_check_due(db, T0) == "small"
    app = open_app(data, now=T0)
    assert isinstance(app, App)
    app.close()
    assert integrity.last_ok(db) is None, "nothing is recorded for a check that costs nothing"
