"""What start-up reads of the database file before any engine exists (services/startup.py).

The file is looked at with plain SQLite (``storage.integrity``, ``storage.backup``): the
full integrity check when damage may have happened, otherwise the cheap probe. Which errors
mean "this file cannot be opened or read" is said here too, so start-up can turn each into a
``StartupProblem`` without knowing the database library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import backup as bk
from . import cipher, integrity

# SQLite's and SQLCipher's errors of a damaged or unreadable file, and the system's.
OPEN_ERRORS: tuple[type[BaseException], ...] = (*cipher.DATABASE_ERRORS, OSError)


def readable(db: Path, now: dt.datetime) -> tuple[str, bool]:
    """'ok' or what is wrong with the file (without modifying it), and whether that came from
    the full integrity check (``storage.integrity`` decides when it is due: it reads every
    page, seconds on a big database, so a cleanly closed, recently checked one is probed)."""
    if not db.exists():
        return "ok", False
    try:
        if integrity.full_check_due(db, now) is None:
            return "ok", False  # it read the file's last check: the file opens and its schema parses
        return bk.verify(db), True
    except cipher.DATABASE_ERRORS as exc:  # pragma: no cover - verify catches these
        return str(exc), True
