"""Has anyone committed to the database since we last looked? SQLite's ``PRAGMA data_version`` on
a connection of our own changes whenever another connection (another process, the CLI, the phone
sign-in server) commits. The window's watcher asks this instead of polling the tables."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol


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


class Written:
    """What this thread committed inside ``announced_commits``: the synced entities its units of
    work wrote (each outbox row names one) and whether anything was committed at all (a local
    table, the meta row). The operation path turns it into the kinds of data it announces."""

    __slots__ = ("entities", "committed")

    def __init__(self) -> None:
        self.entities: set[str] = set()
        self.committed = False


class _Announcing(threading.local):
    on: Written | None = None  # per thread; a class default, so a thread never set reads it at once


_announcing = _Announcing()


@contextmanager
def announced_commits() -> Iterator[Written]:
    """Commits made inside (on this thread) are announced by their caller with what they changed
    (the window's operation path); the watcher need not. Any other commit of this process (a
    dialog or page still writing past the operation path) is reported like another program's.
    Yields what the commits inside wrote; a nested use also tells the outer one."""
    before = _announcing.on
    written = Written()
    _announcing.on = written
    try:
        yield written
    finally:
        _announcing.on = before
        if before is not None:
            before.entities |= written.entities
            before.committed = before.committed or written.committed


def note_written(entity: str) -> None:
    """A unit of work wrote a record of ``entity`` (called with its outbox row)."""
    written = _announcing.on
    if written is not None:
        written.entities.add(entity)


def note_commit() -> None:
    """This thread committed (``Database`` calls this after each of its own commits)."""
    written = _announcing.on
    if written is not None:
        written.committed = True


class CommitObserver(Protocol):
    """Told by ``Database`` around each of this process's commits, under its write lock."""

    def before_own_commit(self) -> None: ...

    def after_own_commit(self) -> None: ...


class ExternalCommits:
    """Tells commits made by other processes (the CLI, ``signin serve``, a second window) from this
    process's own that the operation path announces itself with what they changed
    (``announced_commits``); this process's other commits count as outside ones.

    The probe's ``data_version`` moves on any commit but its own, ours included. So around each own
    commit (``Database`` calls these under its write lock, with SQLite's write lock held until the
    commit): a move seen just *before* it is someone else's; the value just *after* it is ours and
    becomes the baseline. Left open: a commit by another process that lands in the microseconds
    between our COMMIT and the read after it is taken for ours (its page shows at the next change)."""

    def __init__(self, db_path: Path) -> None:
        self._probe = DataVersionProbe(db_path)
        self._lock = threading.Lock()
        self._seen = self._probe.read()
        self._outside = False

    def before_own_commit(self) -> None:
        with self._lock:
            v = self._probe.read()
            if v is not None and v != self._seen:
                self._outside = True
            self._seen = v if v is not None else self._seen

    def after_own_commit(self) -> None:
        with self._lock:
            v = self._probe.read()
            self._seen = v if v is not None else self._seen
            if _announcing.on is None:
                self._outside = True  # not announced by its caller: the watcher tells the pages

    def changed_outside(self) -> bool:
        """Has another process committed since the last call?"""
        with self._lock:
            v = self._probe.read()
            moved = self._outside or (v is not None and v != self._seen)
            self._seen = v if v is not None else self._seen
            self._outside = False
            return moved

    def close(self) -> None:
        with self._lock:
            self._probe.close()
