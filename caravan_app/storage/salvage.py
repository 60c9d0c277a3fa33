"""Rescue what can still be read from a damaged database file, and size up backups against it.

SQLite's own ``.recover`` lives in its command-line shell, which a Windows laptop does not have, so
the rescue is done here with the sqlite3 module: every table is read into a fresh database at the
current schema, and where a read fails the rows are read in ever smaller rowid ranges, so one bad
page costs the rows on that page, not the table.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

# Tables not copied: the migration stamp belongs to the fresh file.
SKIP_TABLES = {"alembic_version", "sqlite_sequence"}


@dataclass
class SalvageResult:
    path: Path
    copied: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)  # rows (or rowid ranges) that could not be read
    rebuilt: int = 0  # lost facts written back from the outbox (not yet synced, so still there in full)
    dropped_changes: int = 0  # outbox rows whose record is gone for good

    @property
    def total_copied(self) -> int:
        return sum(self.copied.values())


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True)


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    return [r[0] for r in rows if r[0] not in SKIP_TABLES and not r[0].startswith("sqlite_")]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


def _read_range(src: sqlite3.Connection, sql: str, lo: int, hi: int, out: list[tuple], lost: list[int]) -> None:
    """Rows with lo <= rowid <= hi; on a read error, halve the range until single rows are skipped."""
    try:
        out.extend(src.execute(sql + " WHERE rowid BETWEEN ? AND ?", (lo, hi)).fetchall())
        return
    except sqlite3.DatabaseError:
        if lo >= hi:
            lost[0] += 1
            return
    mid = (lo + hi) // 2
    _read_range(src, sql, lo, mid, out, lost)
    _read_range(src, sql, mid + 1, hi, out, lost)


def salvage_into(damaged: Path, fresh: Path) -> SalvageResult:
    """Copy every readable row of ``damaged`` into ``fresh`` (an empty database at head)."""
    result = SalvageResult(fresh)
    src = _ro(damaged)
    dst = sqlite3.connect(fresh)
    try:
        wanted = set(_tables(dst))
        try:
            tables = [t for t in _tables(src) if t in wanted]
        except sqlite3.DatabaseError:
            tables = sorted(wanted)  # the schema page itself is damaged: try the tables we know
        dst.execute("BEGIN")
        for table in tables:
            try:
                cols = [c for c in _columns(src, table) if c in set(_columns(dst, table))]
            except sqlite3.DatabaseError:
                result.lost[table] = -1
                continue
            collist = ", ".join(f'"{c}"' for c in cols)
            sql = f'SELECT {collist} FROM "{table}"'
            rows: list[tuple] = []
            lost = [0]
            try:
                bounds = src.execute(f'SELECT min(rowid), max(rowid) FROM "{table}"').fetchone()
            except sqlite3.DatabaseError:
                bounds = (1, 1 << 40)
            if bounds and bounds[0] is not None:
                _read_range(src, sql, int(bounds[0]), int(bounds[1]), rows, lost)
            marks = ", ".join("?" for _ in cols)
            dst.executemany(f'INSERT OR IGNORE INTO "{table}" ({collist}) VALUES ({marks})', rows)
            result.copied[table] = len(rows)
            if lost[0]:
                result.lost[table] = lost[0]
        result.rebuilt, result.dropped_changes = _rebuild_from_outbox(dst)
        dst.execute("COMMIT")
    finally:
        src.close()
        dst.close()
    return result


def _rebuild_from_outbox(dst: sqlite3.Connection) -> tuple[int, int]:
    """Facts lost with a damaged page but still waiting in the outbox (which holds every field of an
    insert) are written back; outbox rows whose record is gone for good are dropped, since they can
    never be pushed. Returns (rebuilt, dropped)."""
    import json

    from ..domain.schema import ENTITIES

    row = dst.execute("SELECT value FROM meta WHERE key='device_id'").fetchone()
    device = row[0] if row else None
    rebuilt = dropped = 0
    for e in ENTITIES.values():
        orphans = dst.execute(
            f'SELECT seq, record_id, op, hlc, data FROM outbox WHERE entity=? AND record_id NOT IN (SELECT id FROM "{e.table}")',
            (e.name,),
        ).fetchall()
        for seq, record_id, op, hlc, data in orphans:
            if op == "insert" and e.kind == "append" and device:
                fields = {k: v for k, v in json.loads(data).items() if k in e.fields or k == "deleted"}
                cols = ["id", "device_id", "hlc", *fields]
                marks = ", ".join("?" for _ in cols)
                names = ", ".join(f'"{c}"' for c in cols)
                dst.execute(
                    f'INSERT INTO "{e.table}" ({names}) VALUES ({marks})',
                    [record_id, device, hlc, *fields.values()],
                )
                rebuilt += 1
            else:
                dst.execute("DELETE FROM outbox WHERE seq=?", (seq,))
                dropped += 1
    return rebuilt, dropped


def local_change_mark(path: Path) -> int | None:
    """The newest outbox seq of a database file, or None when it cannot be read."""
    try:
        conn = _ro(path)
        try:
            row = conn.execute("SELECT max(seq) FROM outbox").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return int(row[0] or 0)


def record_count(path: Path) -> int | None:
    """How many records a backup holds (all synced tables), or None when it cannot be read."""
    try:
        conn = _ro(path)
        try:
            total = 0
            for table in _tables(conn):
                if table in ("outbox", "meta", "conflicts"):
                    continue
                total += int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return total
