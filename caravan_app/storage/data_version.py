"""Has anyone committed to the database since we last looked? SQLite's ``PRAGMA data_version`` on
a connection of our own changes whenever another connection (another process, the CLI, the phone
sign-in server) commits. The window's watcher asks this instead of polling the tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class DataVersionProbe:
    def __init__(self, db_path: Path) -> None:
        self._conn: Any = None
        try:
            from . import cipher  # an encrypted database is opened with its key

            path = Path(db_path)
            self._conn = cipher.connect(path, uri=f"file:{path.resolve().as_posix()}?mode=ro", check_same_thread=False)
        except Exception:  # noqa: BLE001 - sqlite3 or sqlcipher3: no watcher, the app still works
            self._conn = None

    def read(self) -> int | None:
        """The current data version, or None when the file cannot be read right now."""
        if self._conn is None:
            return None
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except Exception:  # noqa: BLE001 - sqlite3.Error or sqlcipher3's own
            return None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
