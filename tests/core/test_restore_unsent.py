"""`caravan restore` never drops the replaced database's unsent changes without a word: they are
counted, saved beside the backups and written back into the restored database, queued to push."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from caravan_app.services.app import App
from tests.conftest import fresh_data_dir


def _caravan(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "CARAVAN_TOKEN_STORE": "file"},
    )


def _field(app: App) -> str:
    c = app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    app.catalog.set_this_device("笔记本A", c)
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县", kind="高中", students=3694)
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园")
    app.visits.arrive(v)
    return v


def test_cli_restore_keeps_100_unsent_changes_and_says_so(tmp_path: Path) -> None:
    d = fresh_data_dir(tmp_path / "a")
    app = App.open(d)
    v = _field(app)
    backup = app.maintenance.backup(tmp_path / "morning.db")
    for _ in range(100):  # a morning's counting, never synced
        app.attendance.tally(v, "primary", 1)
    app.sites.update(app.visits.get(v).site_id, contact="钱老师")
    app.close()
    p = _caravan(d, "--json", "restore", str(backup))
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    setup = out["unsent_already_in_backup"]  # the van, site and visit: unsent, and in the backup too
    assert setup > 0 and out["unsent_found"] == 101 + setup
    assert out["unsent_written_back"] == 101 and out["unsent_waiting"] == 0
    saved = json.loads(Path(out["unsent_saved_to"]).read_text(encoding="utf-8"))
    assert len(saved["changes"]) == 101 + setup  # the file holds every one of them
    text = _caravan(d, "restore", str(backup)).stdout  # in words, too (nothing new to keep this time)
    assert "未同步" in text
    back = App.open(d)
    try:
        assert back.attendance.totals(v)["primary"] == 100
        assert back.sites.get(back.visits.get(v).site_id).contact == "钱老师"
        assert back.sync.pending_count() >= 101  # queued to push at the next sync
        assert back.maintenance.check().ok
    finally:
        back.close()


def test_restore_over_an_unreadable_database_says_it_cannot_count(tmp_path: Path) -> None:
    d = fresh_data_dir(tmp_path / "a")
    app = App.open(d)
    _field(app)
    backup = app.maintenance.backup(tmp_path / "morning.db")
    app.close()
    db = d / "caravan.db"
    db.write_bytes(b"\0" * 4096 + db.read_bytes()[4096:])  # the header zeroed
    p = _caravan(d, "--json", "restore", str(backup))
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["unsent_found"] is None and out["previous_kept_as"]
    words = _caravan(d, "restore", str(backup))
    assert "未同步" in words.stdout


def test_the_suggested_restore_of_a_damaged_database_keeps_its_100_unsent_counts(tmp_path: Path) -> None:
    """The finding as met: a damaged database, the command line suggests `caravan restore X`;
    following it keeps the 100 counts made after that backup (its outbox can still be read)."""
    import re
    import sqlite3

    from caravan_app.storage import backup as bk

    d = fresh_data_dir(tmp_path / "a")
    app = App.open(d)
    v = _field(app)
    for i in range(300):
        app.attendance.signin(v, f"参加者{i:03d}", "parent", "某某村", f"1380000{i:04d}")
    app.maintenance.backup()  # the automatic copy the suggestion will name
    for _ in range(100):
        app.attendance.tally(v, "teacher", 1)
    app.close()
    db = d / "caravan.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name='signins' AND pagetype='leaf'")]
    conn.close()
    with open(db, "r+b") as fh:  # one page of sign-ins smashed
        fh.seek((pages[len(pages) // 2] - 1) * 4096)
        fh.write(b"\xde\xad" * 2048)
    assert bk.verify(db) != "ok"
    said = _caravan(d, "check")
    assert said.returncode != 0
    m = re.search(r"caravan restore (\S+)", said.stdout + said.stderr)
    assert m, said.stdout + said.stderr
    p = _caravan(d, "--json", "restore", m.group(1))
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["unsent_written_back"] == 100 and out["unsent_left_out"] == 0
    back = App.open(d)
    try:
        assert back.attendance.totals(v)["teacher"] == 100
        assert back.attendance.signin_count(v) == 300
        assert back.maintenance.check().ok
    finally:
        back.close()
