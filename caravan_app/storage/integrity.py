"""When the start-up runs SQLite's full integrity check, and the cheap probe it runs otherwise.

``PRAGMA integrity_check`` reads every page: 11 ms on the demo data, but 7.6 s on a database
of 1,000,000 sign-ins (349 MB), paid by every ``caravan`` command and every
start of the desktop app. Damage comes from a write cut short (a crash, a flat battery, a
pulled USB disk) or from a failing disk, so the full check runs when one of those may have
happened; otherwise the start only reads that time, which opens the file and parses its schema:

* the write-ahead log is still there: the last process did not close the database (SQLite
  removes ``-wal`` when its last connection closes), or another one has it open now;
* the file is small enough that the check costs less than a blink (``SMALL_BYTES``);
* the last full check that passed is older than ``MAX_AGE`` (or in the future: the clock was
  wrong), so slowly failing disks are still caught within a week.

The time of the last passed check is kept in the database's own ``meta`` table (local, never
synced), so a restored backup brings its own and gets checked afresh when it is old.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import cipher

SMALL_BYTES = 8 * 1024 * 1024  # ~0.15 s of integrity_check on this class of laptop
MAX_AGE = dt.timedelta(days=7)
META_KEY = "integrity_ok_at"


def _ro(path: Path) -> str:
    return f"file:{path.resolve().as_posix()}?mode=ro"


def last_ok(path: Path) -> dt.datetime | None:
    """When the full check last passed on this file (None: never, or unreadable)."""
    try:
        conn = cipher.connect(path, uri=_ro(path))
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (META_KEY,)).fetchone()
        finally:
            conn.close()
    except cipher.DATABASE_ERRORS:
        return None
    try:
        when = dt.datetime.fromisoformat(row[0]) if row else None
    except (ValueError, TypeError):  # hand-edited or damaged: check again
        return None
    return when if when is not None and when.tzinfo is not None else None


def full_check_due(path: Path, now: dt.datetime, small_bytes: int | None = None) -> str | None:
    """Why the full check must run at this start. None only after the time of the last passed
    check was read from the file: that read is the probe (SQLite opened the file and parsed its
    schema to answer it), so nothing else needs reading."""
    small_bytes = SMALL_BYTES if small_bytes is None else small_bytes
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return "not closed cleanly (or open elsewhere)"
    if path.stat().st_size <= small_bytes:
        return "small"
    checked = last_ok(path)
    if checked is None:
        return "never checked"
    if checked > now or now - checked > MAX_AGE:
        return "last check too old"
    return None
