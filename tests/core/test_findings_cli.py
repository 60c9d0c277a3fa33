"""Issue #10 findings 8 and 10 as typed on the command line (thin; the fuller tests are
test_restore_identity.py and tests/sync/test_clock_offset.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

import pytest

from caravan_app.paths import database_path
from tests.conftest import fresh_data_dir
from tests.helpers.cli import caravan as run
from tests.helpers.cli import caravan_json as js

pytestmark = pytest.mark.slow  # real `caravan` processes


def test_cli_finding_8_restore_of_another_laptops_database_is_refused(tmp_path: Path) -> None:
    a, b = fresh_data_dir(tmp_path / "a"), fresh_data_dir(tmp_path / "b")
    mine = js(a, "info")["device_id"]
    js(b, "van", "add", "2号车")
    other = tmp_path / "other.db"
    run(b, "backup", str(other))
    proc = run(a, "restore", str(other), ok=False)
    assert proc.returncode == 1 and "--as-new-device" in proc.stdout + proc.stderr
    assert js(a, "info")["device_id"] == mine  # this laptop did not take the other one's id


def _offset(data: Path, seconds: int) -> None:
    conn = sqlite3.connect(database_path(data))
    with conn:  # as if the last sync measured this laptop's clock to be that far off
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('server_offset_ms', ?)", (str(seconds * 1000),))
    conn.close()


def test_cli_finding_10_a_laptop_a_day_slow_books_on_the_right_day(tmp_path: Path) -> None:
    data = fresh_data_dir(tmp_path / "d")
    js(data, "van", "add", "1号车")
    run(data, "device", "setup", "--caravan", "1号车", "--name", "笔记本A")
    js(data, "title", "add", "身边的科学")
    _offset(data, 86400)  # the laptop's clock is a day slow, known since the last sync
    run(data, "stock", "load", "身边的科学", "10")
    conn = sqlite3.connect(database_path(data))
    (at,) = conn.execute("SELECT at FROM movements").fetchone()
    conn.close()
    assert abs(dt.datetime.fromisoformat(at).timestamp() - (time.time() + 86400)) < 120
    # `stock close` without --date closes the corrected today, not the laptop's wrong one.
    rep = js(data, "stock", "close", "身边的科学=10")
    tomorrow = (dt.datetime.now() + dt.timedelta(days=1)).date().isoformat()
    assert rep["date"] == tomorrow and rep["uncounted"] == []
