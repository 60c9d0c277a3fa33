"""A damaged database: rescue what can be read before falling back to an older backup, and tell a
person how old each backup is and what restoring it would lose."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.services.demo import load_demo
from caravan_app.services.startup import StartupProblem, describe_backups, open_app, rescue
from caravan_app.storage import backup as bk
from tests.conftest import fresh_data_dir


def _leaf_pages(db: Path, table: str) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name=? AND pagetype='leaf'", (table,))]
    finally:
        conn.close()


def _smash_page(db: Path, page: int) -> None:
    size = 4096
    with open(db, "r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xde\xad" * (size // 2))


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    data = fresh_data_dir(tmp_path / "data")
    app = App.open(data)
    try:
        load_demo(app, visits=12)
        app.maintenance.backup()  # an older good copy
        import datetime as dt

        first = app.visits.list()[0]
        visit = app.visits.add(first.site_id, first.caravan_id, dt.date.today())
        app.attendance.tally(visit, "teacher", 3)  # a change after the backup
        counts = {"visits": len(app.visits.list()), "sites": len(app.sites.list())}
        counts["signins"] = sum(app.attendance.signin_count(v.id) for v in app.visits.list())
    finally:
        app.close()
    db = data / "caravan.db"
    pages = _leaf_pages(db, "signins")
    assert len(pages) >= 2
    _smash_page(db, pages[len(pages) // 2])
    assert bk.verify(db) != "ok"
    return data, counts


def test_rescue_keeps_everything_but_the_damaged_page(damaged: tuple[Path, dict[str, int]]) -> None:
    data, counts = damaged
    problem = open_app(data)
    if not isinstance(problem, StartupProblem):  # a page of rows may still open; check finds it
        assert not problem.maintenance.check().ok
        problem.close()
        from caravan_app.paths import backups_dir

        problem = StartupProblem(data, "", "", "integrity", bk.list_backups(backups_dir(data)))
    app, result = rescue(problem)
    try:
        assert app.maintenance.check().ok
        assert len(app.visits.list()) == counts["visits"]
        assert len(app.sites.list()) == counts["sites"]
        rescued = sum(app.attendance.signin_count(v.id) for v in app.visits.list())
        # The smashed page's sign-ins had not been synced yet: the outbox still held them in full.
        assert result.lost.get("signins", 0) > 0
        assert result.rebuilt > 0
        assert rescued == counts["signins"], "unsynced sign-ins are rebuilt from the outbox"
        assert bk.verify(data / "caravan.db") == "ok"
    finally:
        app.close()
    assert list((data / "backups").glob("salvaged-*.db"))


def test_each_backup_says_how_old_it_is_and_what_restoring_it_loses(damaged: tuple[Path, dict[str, int]]) -> None:
    data, _counts = damaged
    from caravan_app.paths import backups_dir

    problem = StartupProblem(data, "", "", "integrity", bk.list_backups(backups_dir(data)))
    summaries = describe_backups(problem)
    assert summaries and summaries[0].good
    zh, en = summaries[0].age()
    assert "分钟前" in zh and "min ago" in en
    assert summaries[0].records and summaries[0].records > 100
    lost_zh, lost_en = summaries[0].loss()
    # The damaged file's outbox is still readable: the visit added after the backup, its start and
    # its count are this laptop's changes that restoring the backup would lose.
    assert summaries[0].lost_changes == 3, summaries[0]
    assert "3 项更改" in lost_zh and "3 changes" in lost_en
