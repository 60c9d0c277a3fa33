"""Today's visits for the first window, read with plain ``sqlite3`` before SQLAlchemy is imported.

Starting the desktop app imports SQLAlchemy and opens (maybe migrates) the database on the task
runner — about a second on an old laptop. Meanwhile the main window's shell already shows today's
visits of this laptop's van from this module: read-only (``mode=ro``), no migration, a handful of
queries, a few milliseconds. The figures follow the same rules as the services (take-backs capped
at their entry, voided sign-ins left out, one person once, merged duplicate vans as one, cancelled
visits not shown); ``tests/storage/test_fast_read.py`` compares them with the services.

Anything unexpected (no file yet, an old schema, a damaged file) gives ``None``: the window then
waits for the full data layer as before.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

GROUPS = ("primary", "junior", "senior", "teacher", "parent", "other")


@dataclass(frozen=True)
class TodayVisit:
    id: str
    site_name: str
    status: str
    arrived_at: str | None
    totals: dict[str, int] = field(default_factory=dict)
    signins: int = 0

    @property
    def total(self) -> int:
        return sum(self.totals.values())


@dataclass(frozen=True)
class TodaySnapshot:
    device_name: str | None
    caravan_name: str | None
    visits: list[TodayVisit]


def _survivor(conn: sqlite3.Connection, rid: str | None) -> str | None:
    if rid is None:
        return None
    row = conn.execute("SELECT into_id FROM merged_ids WHERE from_id = ?", (rid,)).fetchone()
    return row[0] if row else rid


def _totals(conn: sqlite3.Connection, visit_id: str) -> dict[str, int]:
    sums = {g: 0 for g in GROUPS}
    for g, n in conn.execute(
        'SELECT "group", SUM(delta) FROM tallies WHERE visit_id = ? GROUP BY "group"', (visit_id,)
    ):
        sums[g] = int(n or 0)
    taken = (
        'SELECT t."group", t.delta, k.taken FROM tallies t JOIN '
        "(SELECT tally_id, SUM(MIN(MAX(qty, 0), 100000)) AS taken FROM tally_takebacks WHERE visit_id = ? "
        "GROUP BY tally_id) k "
        "ON k.tally_id = t.id"
    )
    for g, delta, n in conn.execute(taken, (visit_id,)):
        sums[g] = sums.get(g, 0) - max(0, min(int(delta), int(n)))
    return {g: max(0, n) for g, n in sums.items()}


def _signins(conn: sqlite3.Connection, visit_id: str) -> int:
    sql = (
        "SELECT count(DISTINCT dedupe_key) FROM signins WHERE visit_id = ? AND id NOT IN "
        "(SELECT signin_id FROM signin_corrections WHERE kind = 'void' AND visit_id = signins.visit_id)"
    )
    return int(conn.execute(sql, (visit_id,)).fetchone()[0] or 0)


def today(db_path: str | Path, day: dt.date | None = None) -> TodaySnapshot | None:
    """This laptop's name, its van and today's (not cancelled) visits of that van, or None."""
    path = Path(db_path)
    if not path.is_file():
        return None
    from .cipher import is_encrypted

    if is_encrypted(path):  # SQLCipher's own SQLite holds its locks: another library's close would drop them
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
        if row is None:
            return None
        dev = conn.execute("SELECT name, caravan_id FROM devices WHERE id = ? AND deleted = 0", (row[0],)).fetchone()
        if dev is None or dev[1] is None:
            return TodaySnapshot(dev[0] if dev else None, None, [])
        van = _survivor(conn, dev[1])
        van_row = conn.execute("SELECT name FROM caravans WHERE id = ?", (van,)).fetchone()
        iso = (day or dt.date.today()).isoformat()
        sql = (
            "SELECT v.id, COALESCE(s.name, '?'), v.status, v.arrived_at FROM visits v "
            "LEFT JOIN sites s ON s.id = v.site_id "
            "WHERE v.deleted = 0 AND v.date = ? AND v.status != 'cancelled' "
            "AND COALESCE((SELECT into_id FROM merged_ids WHERE from_id = v.caravan_id), v.caravan_id) = ? "
            "ORDER BY v.date, v.id"
        )
        visits = [
            TodayVisit(vid, site, status, arrived, _totals(conn, vid), _signins(conn, vid))
            for vid, site, status, arrived in conn.execute(sql, (iso, van)).fetchall()
        ]
        return TodaySnapshot(dev[0], van_row[0] if van_row else None, visits)
    except (sqlite3.Error, TypeError, ValueError):
        return None
    finally:
        conn.close()
