"""The console's read model: an office laptop's database kept beside the hub.

The console shows the laptops' figures, so it never re-derives them. It keeps a laptop-schema
SQLite file (``<hub data dir>/console/office.db``, made by the laptop's own migrations) and feeds
it the pages an office laptop would pull — the hub's ``pull_page`` read through the hub's own
database layer, SQLite or PostgreSQL — through the laptop's ``sync_store.apply_page``: the same
quarantine screen, the same per-field merge, retractions, tombstones, merges and privacy purges,
and the cursor written in the same transaction as the page. Reports, statistics and certificates
are then the laptop's ``services``/``reports`` over that file (``office_app``).

Catching up is one cheap ``top_seq`` read when nothing changed. One process applies at a time
(an OS file lock beside the file, released even on SIGKILL); the others read the state before
the page being applied, which is always a whole page (SQLite WAL). A kill mid-page rolls the
page back with its cursor, so the next catch-up applies it again.

What an office laptop does besides applying (merging duplicates it finds by itself, re-sending
kept changes after a restore) writes records of its own; the read model never writes any.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..server import hub
from ..server import models as hm
from ..server.db import HubDB
from ..services.app import App
from ..storage import console_queries, sync_store
from ..storage.database import Database
from ..sync.lock import SyncLock
from . import state_cache

log = logging.getLogger("caravan.console")

PAGE = 2000  # records per applied page: one SQLite transaction each
CURSOR_KEY = "sync_cursor"  # the laptop's own meta key: the projection is a laptop that pulls
HUB_KEY = "console_hub_identity"  # which hub database the file was made from (hub.hub_identity)


class Projection:
    """One hub's read model: the laptop database, its cursor and the lock that guards applying."""

    def __init__(self, hdb: HubDB, hub_data_dir: Path) -> None:
        self.hdb = hdb
        self.folder = Path(hub_data_dir) / "console"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / "office.db"
        self._lock_path = self.folder / "apply.lock"
        self._mutex = threading.Lock()  # one applier per process; the file lock across processes
        self._background = False  # the warm thread holds ``_mutex`` (``catch_up``)
        self.db = self._open()
        self.app = App(data_dir=self.folder, db=self.db)

    def _open(self) -> Database:
        """Open (and on first use create) the file; workers starting together take turns, so
        only one runs the laptop's migrations on it.

        The file is only a cache of the hub: one that cannot be opened (left by a newer build,
        damaged) or that was made from another hub database is thrown away and made again."""
        identity = hub.hub_identity(self.hdb)
        lock = SyncLock(self._lock_path)
        while not lock.acquire():
            threading.Event().wait(0.05)
        try:
            try:
                db = Database(self.path)
            except Exception as exc:  # noqa: BLE001 - any file this build cannot open is rebuilt
                log.warning("the console's read model cannot be opened (%s): rebuilding it", type(exc).__name__)
                self._remove_files()
                db = Database(self.path)
            mark = db.get_meta(HUB_KEY)
            if mark is not None and mark != identity:
                log.warning("the console's read model was made from another hub database: rebuilding it")
                db.close()
                self._remove_files()
                db = Database(self.path)
            if mark != identity:
                db.set_meta(HUB_KEY, identity)
            self._identity = identity
            console_queries.ensure_indexes(db)  # the console's own indexes, on its own file only
            with db.write() as s:
                console_queries.start_marks(s, db.get_meta(CURSOR_KEY) or "0")
            return db
        finally:
            lock.release()

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                os.remove(p)

    @property
    def cursor(self) -> int:
        return int(self.db.get_meta(CURSOR_KEY) or 0)

    def behind(self) -> bool:
        return hub.top_seq(self.hdb) > self.cursor

    def catch_up(
        self, wait: bool = False, known: tuple[str | None, int] | None = None, background: bool = False
    ) -> int:
        """Apply what the hub has beyond the cursor; the number of records applied. The state
        read is the request's (``state_cache.saw``).

        Without ``wait``, a caller that finds another process (or request) applying returns at
        once and reads the state before that page: a page never blocks a console read. It
        waits for this worker's warm thread (``background``), which applies only a hub less
        than a page ahead (a few records: what the page would have applied itself, so the
        next page after a sync always shows it). ``known``: the hub's identity and sequence as
        the request's session lookup read them (one statement for both); ``wait`` reads them
        again (a decision made since)."""
        identity, top = known if known is not None and not wait else self._hub_state()
        if identity != self._identity:  # the database was emptied or swapped
            return self._reopen()
        st = state_cache.read_state(self.db)
        state_cache.saw(self.path, st)
        cursor = int(st.cursor)
        if top == cursor:
            return 0
        if top < cursor:  # another hub database (restored, emptied): start again from it
            log.warning("the hub's sequence (%s) is behind the console's cursor (%s): rebuilding", top, cursor)
            return self.rebuild()
        if background and top - cursor > PAGE:
            return 0  # a hub far ahead (a first start): its pages apply it, as without the thread
        if not self._mutex.acquire(blocking=wait or background):
            if not self._background:
                return 0
            self._mutex.acquire()  # the warm thread is applying a few records: wait for them
        try:
            self._background = background
            lock = SyncLock(self._lock_path)
            while not lock.acquire():
                if not (wait or background):
                    return 0
                threading.Event().wait(0.05)
            try:
                return self._apply_all()
            finally:
                lock.release()
                state_cache.saw(self.path, state_cache.read_state(self.db))
        finally:
            self._background = False
            self._mutex.release()

    def _hub_state(self) -> tuple[str | None, int]:
        """The hub database's identity and its last sequence, in one statement on a plain
        connection: every console page asks, so a replaced database is noticed at the next
        page for the price of the sequence read alone."""
        with self.hdb.engine.connect() as c:
            identity, top = c.execute(_HUB_STATE).one()
            c.rollback()
        return identity, int(top or 0)

    def _apply_all(self) -> int:
        n = 0
        cursor = self.cursor  # read again under the lock: another process may have moved it
        while True:
            page = hub.pull_page(self.hdb, self.db.device_id, cursor, PAGE, own=True, office=True)
            # Exactly the JSON body a laptop receives (the route answers with exclude_none).
            body = page.model_dump(mode="json", exclude_none=True)
            records: list[dict[str, Any]] = body["records"]
            to = int(body["cursor"])

            def marks(s: Session, records: list[dict[str, Any]] = records, to: int = to) -> None:
                console_queries.mark_page(s, records, to)  # what the page changed, in its transaction

            n += sync_store.apply_page(self.db, records, to, also=marks)
            cursor = to
            if not body["has_more"]:
                return n

    def rebuild(self) -> int:
        """Throw the file away and apply every record again from cursor 0 (run with the hub's
        console stopped: a process still reading the old file would keep its old state)."""
        lock = SyncLock(self._lock_path)
        with self._mutex:
            if not lock.acquire():
                raise RuntimeError("另一个进程正在更新办公室数据，请停止服务后再重建 / another process is applying")
            try:
                self.db.close()
                self._remove_files()
            finally:
                lock.release()
        self.db = self._open()
        self.app = App(data_dir=self.folder, db=self.db)
        state_cache.clear()  # the new file's cursor starts again: answers kept for the old one go
        return self.catch_up(wait=True)

    def _reopen(self) -> int:
        """Open the file again: ``_open`` keeps it if another worker has already remade it for
        the hub's current database, and remakes it otherwise."""
        with self._mutex:
            self.db.close()
            self.db = self._open()
            self.app = App(data_dir=self.folder, db=self.db)
        state_cache.clear()  # a remade file's cursor starts again: answers kept for the old one go
        return self.catch_up(wait=True)

    def close(self) -> None:
        self.app.close()


_HUB_STATE = select(
    select(hm.HubSetting.value).where(hm.HubSetting.name == hub.IDENTITY_KEY).scalar_subquery(),
    select(hm.Counter.value).where(hm.Counter.name == "seq").scalar_subquery(),
)

_OPEN: dict[Path, Projection] = {}
_OPEN_LOCK = threading.Lock()
_RESOLVED: dict[Path, Path] = {}  # a folder as given -> resolved (realpath on every page: 5% of a page's CPU)


def _key(hub_data_dir: Path) -> Path:
    given = Path(hub_data_dir)
    got = _RESOLVED.get(given)
    if got is None:
        got = _RESOLVED[given] = given.resolve()
    return got


def projection(hub_data_dir: Path, hdb: HubDB | None = None) -> Projection:
    """This process's projection of the hub in ``hub_data_dir`` (opened once, then reused)."""
    key = _key(hub_data_dir)
    with _OPEN_LOCK:
        p = _OPEN.get(key)
        if p is None:
            if hdb is None:
                from ..server.db import database_url

                hdb = HubDB(database_url(None, key))
            p = _OPEN[key] = Projection(hdb, key)
        return p


def office_app(
    hub_data_dir: Path, hdb: HubDB | None = None, wait: bool = False, known: tuple[str | None, int] | None = None
) -> App:
    """An ``App`` over the projection, caught up: the other console pages read through it
    (``wait``: until every record the hub has now is applied, even if another is applying;
    ``known``: the hub's state as the request already read it, see ``Projection.catch_up``)."""
    p = projection(hub_data_dir, hdb)
    p.catch_up(wait=wait, known=known)
    return p.app


def forget(hub_data_dir: Path) -> None:
    """Close and drop this process's projection of a hub (tests, rebuild from the CLI)."""
    key = _key(hub_data_dir)
    with _OPEN_LOCK:
        p = _OPEN.pop(key, None)
    if p is not None:
        p.close()
