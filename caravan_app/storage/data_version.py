"""Has anyone committed to the database since we last looked? SQLite's ``PRAGMA data_version`` on
a connection of our own changes whenever another connection (another process, the CLI, the phone
sign-in server) commits. The window's watcher asks this instead of polling the tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class DataVersionProbe:
    def __init__(self, db_path: Path) -> None:
        self._conn: sqlite3.Connection | None = None
        try:
            self._conn = sqlite3.connect(
                f"file:{Path(db_path).resolve().as_posix()}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error:
            self._conn = None

    def read(self) -> int | None:
        """The current data version, or None when the file cannot be read right now."""
        if self._conn is None:
            return None
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
