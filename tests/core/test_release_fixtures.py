"""Databases written by released versions open and migrate with every record intact.

``tests/data/migrations/release-NNNN.db`` are real database files made by the release whose newest
migration is NNNN (its own code, its own demo data; see tests/data/migrations/README.md). They are
never regenerated with today's code: that would test today's scripts against themselves.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from caravan_app.domain.schema import ENTITIES
from caravan_app.services.app import App
from caravan_app.storage.migrate import current_revision, head_revision

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "data" / "migrations").glob("release-*.db"))


def _rows(db: Path) -> dict[str, dict[str, dict[str, object]]]:
    """Every synced record of the file, by table and id, as the old release stored it."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        out: dict[str, dict[str, dict[str, object]]] = {}
        for e in ENTITIES.values():
            try:
                rows = conn.execute(f'SELECT * FROM "{e.table}"').fetchall()
            except sqlite3.OperationalError:
                continue  # a table that release did not have yet
            out[e.table] = {r["id"]: dict(r) for r in rows}
        return out
    finally:
        conn.close()


def test_there_is_a_fixture_of_the_first_release() -> None:
    assert any(p.name == "release-0001.db" for p in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_a_released_database_migrates_to_head_keeping_every_record(fixture: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "caravan.db"
    shutil.copy(fixture, db)
    before = _rows(db)
    assert sum(len(t) for t in before.values()) > 100, "the fixture should hold a real field season"

    app = App.open(data)
    try:
        assert current_revision(db) == head_revision()
        report = app.maintenance.check()
        assert report.ok, report.problems
        visits = {v.id for v in app.visits.list()}
        assert visits == set(before["visits"])
        for vid in visits:  # figures of every visit survive the upgrade
            old = sum(int(r["delta"]) for r in before["tallies"].values() if r["visit_id"] == vid)
            assert sum(app.attendance.totals(vid).values()) == old
        backups = list((data / "backups").glob("*.db"))
        assert backups, "the database is copied before it is migrated"
    finally:
        app.close()

    after = _rows(db)
    for table, rows in before.items():
        assert set(after[table]) == set(rows), table
        for rid, old in rows.items():
            new = after[table][rid]
            for col, value in old.items():
                assert new[col] == value, (table, rid, col)
