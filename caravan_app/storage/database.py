"""Opening the local database: pragmas, migrations, device identity, the HLC, write units.

Writes are serialised by one lock per database and run as ``BEGIN IMMEDIATE`` transactions,
so a second process (the CLI beside the GUI) waits instead of failing half-way.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..domain import hlc as hlc_mod
from ..domain.errors import StorageError
from ..domain.ids import new_id
from ..sqlite_tx import explicit_transactions
from . import models as m
from .cipher import DATABASE_ERRORS
from .data_version import CommitObserver, note_commit

BUSY_TIMEOUT_MS = 10_000


class ReadOnlySource:
    """How a database in a folder that cannot be written is read, so that what the last session
    saved is shown even when it never reached the main file.

    A session that ended in a crash (or a pulled stick) leaves its latest commits in the
    write-ahead log. ``immutable`` would ignore that log (after a crash: 192 of 203 saved tallies
    shown), so it is used only when there is no log to read. With a log and its ``-shm`` index
    beside it SQLite reads both read-only (``mode=ro``); without the index (it cannot be made
    here) the file and its log are copied to a temporary folder and folded together there. Only
    when even that fails are the figures possibly old, and ``stale`` says so and why."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).resolve()
        self.target = self.path
        self.flags = "mode=ro&immutable=1"
        self.copy_dir: Path | None = None
        self.stale: tuple[str, str] | None = None
        wal = self.path.with_name(self.path.name + "-wal")
        if not (wal.exists() and wal.stat().st_size > 0):
            return
        self.flags = "mode=ro"
        if self._opens():
            return
        refusals: tuple[type[BaseException], ...] = (OSError, *DATABASE_ERRORS)
        try:
            self._copy(wal)
            return
        except refusals as exc:
            self._drop_copy()
            self.target, self.flags = self.path, "mode=ro&immutable=1"
            self.stale = (
                "注意：上次未正常关闭，最后保存的部分更改还在预写日志（caravan.db-wal）中，而这个只读文件夹里"
                f"无法读取它（{exc}）。显示的数字可能不是最新的；把数据文件夹复制到可写的磁盘后再打开即可看到全部。",
                "Note: the last session did not close cleanly and its latest saved changes are still in the "
                f"write-ahead log (caravan.db-wal), which cannot be read in this read-only folder ({exc}). "
                "Figures shown may be out of date; copy the data folder to a writable disk and open it there to see all.",
            )

    def uri(self) -> str:
        return f"file:{self.target.as_posix()}?{self.flags}"

    def _opens(self) -> bool:
        from . import cipher

        try:
            conn = cipher.connect(self.path, uri=self.uri())
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()
        except DATABASE_ERRORS:
            return False
        return True

    def _copy(self, wal: Path) -> None:
        import shutil
        import tempfile

        from . import cipher

        self.copy_dir = Path(tempfile.mkdtemp(prefix="caravan-readonly-"))
        copy = self.copy_dir / self.path.name
        cipher.copy_file(self.path, copy)  # the kept descriptor: never an open/close of the original
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        conn = cipher.connect(copy, key_path=self.path)  # its log is folded in on this first open
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
        self.target, self.flags = copy, "mode=ro&immutable=1"

    def _drop_copy(self) -> None:
        if self.copy_dir is not None:
            import shutil

            shutil.rmtree(self.copy_dir, ignore_errors=True)
            self.copy_dir = None

    def close(self) -> None:
        self._drop_copy()


def make_engine(path: Path | str, read_only: bool = False, source: ReadOnlySource | None = None) -> Engine:
    """A SQLite engine with WAL, foreign keys, FULL sync (committed means on disk).

    ``read_only`` opens a database in a folder that cannot be written (a write-protected USB stick,
    a locked-down profile, a full disk) as ``source`` says (``ReadOnlySource``: never without the
    write-ahead log's changes); every write fails with the reason."""
    if read_only:
        src = source or ReadOnlySource(Path(path))
        uri = src.uri()
        from . import cipher

        engine = create_engine(
            "sqlite://",
            module=cipher.dbapi_for(path),
            creator=lambda: cipher.connect(path, uri=uri, check_same_thread=False),
        )
        return engine
    url = "sqlite://" if str(path) == ":memory:" else f"sqlite:///{path}"
    from . import cipher

    if str(path) != ":memory:" and cipher.is_encrypted(path):  # SQLCipher, key from the keyring
        engine = create_engine(
            "sqlite://",
            module=cipher.dbapi_for(path),
            creator=lambda: cipher.connect(path, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000),
        )
    else:
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})

    explicit_transactions(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _rec: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # deleted text is overwritten with zeros, never left in free pages.
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    return engine


def _storage_error(exc: OperationalError | sqlite3.OperationalError, folder: Path | None = None) -> Exception:
    from .diskerrors import classify

    found = classify(exc, folder)
    if found is not None:
        return found
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return StorageError.busy()
    return exc


class Database:
    """One local SQLite database file and what it needs to write synced records."""

    def __init__(
        self, path: Path | str, *, migrate: bool = True, backup_dir: Path | None = None, read_only: bool = False
    ) -> None:
        self.path = Path(path) if str(path) != ":memory:" else Path(":memory:")
        self.read_only = read_only
        # Why a read-only database is read-only (storage/diskerrors.py): what its refusals say.
        self.read_only_kind = "read_only"
        if migrate and not read_only:
            from .migrate import upgrade

            upgrade(self.path, backup_dir=backup_dir)
        self.source = ReadOnlySource(self.path) if read_only else None
        self.engine = make_engine(self.path, read_only=read_only, source=self.source)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._immediate = self.engine.execution_options(immediate=True)
        self._writer = sessionmaker(self._immediate, expire_on_commit=False)
        self.write_lock = threading.RLock()
        # Told around each own commit (data_version.ExternalCommits: the window's watcher).
        self.commit_observers: list[CommitObserver] = []
        self.device_id = self._init_device()
        self.clock = hlc_mod.HLC(last=self._last_hlc(), offset_ms=int(self.get_meta("server_offset_ms") or 0))
        # The hub's time at the last sync: a clock reading earlier than this has moved back.
        self.hub_seen_ms = int(self.get_meta("sync_hub_ms") or 0)
        if migrate and not read_only:
            self._set_aside_unreadable()

    def _set_aside_unreadable(self) -> None:
        """Records stored before today's field rules that no report could read are set aside
        once (storage/quarantine.py); a failure here never stops the app from opening."""
        from . import quarantine

        try:
            quarantine.sweep_if_due(self)
        except Exception:  # noqa: BLE001 - opening the data matters more; `caravan check` retries
            import logging

            logging.getLogger("caravan.storage").exception("setting aside unreadable records failed")

    # --- sessions ---------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as s, s.begin():
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A raw write transaction (serialised). Services normally use ``UnitOfWork``.

        Disk-level failures become ``StorageError`` with a message for people; the
        transaction is rolled back, so nothing is half-written."""
        if self.read_only:
            raise self.refusal()
        try:
            with self.write_lock:
                with self._writer() as s, s.begin():
                    yield s
                    self._before_commit()
                self._after_commit()
        except (OperationalError, sqlite3.OperationalError) as exc:
            raise _storage_error(exc, self._folder()) from exc

    @contextmanager
    def write_conn(self) -> Iterator[Connection]:
        """A serialised write transaction on a bare Connection: the fast path of UnitOfWork
        (appending a sign-in must not pay for an ORM session it does not use)."""
        if self.read_only:
            raise self.refusal()
        try:
            with self.write_lock:
                with self._immediate.begin() as conn:
                    yield conn
                    self._before_commit()
                self._after_commit()
        except (OperationalError, sqlite3.OperationalError) as exc:  # raw cursors raise the latter
            raise _storage_error(exc, self._folder()) from exc

    def _before_commit(self) -> None:
        for o in self.commit_observers:
            o.before_own_commit()

    def _after_commit(self) -> None:
        note_commit()
        for o in self.commit_observers:
            o.after_own_commit()

    def _folder(self) -> Path | None:
        return None if str(self.path) == ":memory:" else self.path.resolve().parent

    def refusal(self) -> StorageError:
        """What a write to a read-only database says: the folder's medium is read-only, the disk
        is full, or the user may not write there (``read_only_kind``), with the folder named."""
        from .diskerrors import error_for

        return error_for(self.read_only_kind, self._folder())

    def close(self) -> None:
        self.engine.dispose()
        if self.source is not None:
            self.source.close()

    def read_uri(self) -> str:
        """A ``file:`` URI for a plain read-only connection of its own (``caravan check``): the
        read-only source of a read-only database, else the file in ``mode=ro``."""
        if self.source is not None:
            return self.source.uri()
        return f"file:{self.path.resolve().as_posix()}?mode=ro"

    def reopen(self) -> None:
        """A new engine over the same file (after the file was encrypted in place)."""
        with self.write_lock:
            self.engine.dispose()
            self.engine = make_engine(self.path, read_only=self.read_only, source=self.source)
            self._reader = sessionmaker(self.engine, expire_on_commit=False)
            self._immediate = self.engine.execution_options(immediate=True)
            self._writer = sessionmaker(self._immediate, expire_on_commit=False)

    # --- meta -------------------------------------------------------------------------------

    @contextmanager
    def read_cursor(self) -> Iterator[Any]:
        """A DBAPI (sqlite3) cursor on a pooled connection, for the hot reads of the phone
        sign-in server (plain SQL, each statement its own read transaction). A SQLAlchemy
        Connection's begin/rollback, events and result objects cost several times the query."""
        raw = self.engine.raw_connection()
        try:
            yield raw.driver_connection.cursor()  # type: ignore[union-attr]
        except Exception as exc:
            from .cipher import OPERATIONAL_ERRORS  # sqlite3's or sqlcipher3's (imported only here)

            if isinstance(exc, OPERATIONAL_ERRORS):
                raise _storage_error(exc, self._folder()) from exc  # type: ignore[arg-type]
            raise
        finally:
            raw.close()  # back to the pool

    def get_meta(self, key: str) -> str | None:
        # Plain SQL on a pooled connection: read on every phone request (is sign-in open?),
        # where an ORM session's identity map and events cost ten times the query.
        with self.read_cursor() as cur:
            row = cur.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return row[0] if row else None

    def get_metas(self, *keys: str) -> dict[str, str]:
        """Several meta values in one plain statement (absent keys are left out): the phone
        page's notice needs three settings on every page view."""
        with self.read_cursor() as cur:
            marks = ",".join("?" * len(keys))
            return dict(cur.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys).fetchall())

    def set_meta(self, key: str, value: str, session: Session | None = None) -> None:
        if session is None:
            with self.write() as s:
                s.merge(m.Meta(key=key, value=value))
        else:
            session.merge(m.Meta(key=key, value=value))

    def get_json(self, key: str, default: Any = None) -> Any:
        raw = self.get_meta(key)
        return default if raw is None else json.loads(raw)

    def _init_device(self) -> str:
        # Read first, on a plain cursor: every start (each CLI command) reads it, only the very
        # first start of a database writes it, and a read takes no write lock.
        known = self.get_meta("device_id")
        if known or self.read_only:
            return known or ""
        with self.write() as s:
            row = s.get(m.Meta, "device_id")
            if row is None:
                row = m.Meta(key="device_id", value=new_id())
                s.add(row)
            return row.value

    def _last_hlc(self) -> str:
        """The newest timestamp this database has seen, so the clock never runs backwards
        across restarts even if the laptop's clock did.

        Every local change has an outbox row (its newest is the last by seq), and edited
        records carry the clocks that last-writer-wins compares; the big append-only tables
        (a decade of sign-ins) are not scanned: their order never decides a merge. One plain
        statement: an ORM query per table compiled ~20 statements at every start."""
        best = self.get_meta("hlc_last") or hlc_mod.ZERO
        parts = [f'SELECT hlc FROM (SELECT hlc FROM "{m.Outbox.__tablename__}" ORDER BY seq DESC LIMIT 1)']
        parts += [
            f'SELECT max(hlc) FROM "{model.__tablename__}"'
            for model in m.MODELS.values()
            if model.__tablename__ not in m.APPEND_ONLY_TABLES
        ]
        with self.read_cursor() as cur:
            newest = [row[0] for row in cur.execute(" UNION ALL ".join(parts)).fetchall()]
        return max([best, *(v for v in newest if v)])
