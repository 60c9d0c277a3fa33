"""Opening the data folder at start, and what to offer when the database is damaged.

A corrupt or unreadable database must never end in a traceback: the desktop app shows the
problem and offers the newest good backup (and the CLI says the same in words).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import StorageError
from ..paths import backups_dir, data_dir, database_path
from ..storage import backup as bk
from ..storage import integrity
from ..storage.open_check import OPEN_ERRORS, readable
from .app import App

if TYPE_CHECKING:
    from ..storage import salvage


@dataclass
class StartupProblem:
    """Why the database could not be opened, and the backups that could replace it."""

    data_dir: Path
    zh: str
    en: str
    detail: str
    backups: list[Path] = field(default_factory=list)
    # "damaged": offer a backup; "unwritable": a permissions problem, restoring would not help.
    kind: str = "damaged"

    @property
    def latest_good_backup(self) -> Path | None:
        for b in self.backups:
            if bk.verify(b) == "ok":
                return b
        return None


OtherDevice = bk.OtherDevice  # a backup of another laptop (restore refuses it unless taken as a new device)


def unsent_changes(path: Path) -> int:
    """Changes in a backup that its laptop never pushed (lost when it is taken as a new device)."""
    return bk.unsent_changes(path)


def backup_is_good(path: Path) -> bool:
    """Whether a backup file passes SQLite's integrity check (the recovery dialog greys out others)."""
    return bk.verify(path) == "ok"


def _unwritable(d: Path, detail: str, kind: str = "permission") -> StartupProblem:
    from ..storage.diskerrors import error_for

    why = error_for(kind, d)
    return StartupProblem(
        d,
        f"数据目录无法写入：{d}\n{why.zh}\n数据库没有损坏，不需要恢复备份。",
        f"The data folder cannot be written: {d}\n{why.en}\nThe database is not damaged; no restore is needed.",
        detail,
        [],
        kind="unwritable",
    )


def _open_read_only(d: Path, db: Path, kind: str) -> App | StartupProblem:
    """A folder that cannot be written (``kind``: read-only medium, no permission, full disk) with an
    up-to-date database opens read-only: reading, reports and exports work, every change is refused
    with the reason, and what the last session left in the write-ahead log is read too."""
    from ..storage.database import ReadOnlySource
    from ..storage.migrate import quick_current, quick_head

    if not db.exists():
        return _unwritable(d, "no database and the folder is not writable", kind)
    source = ReadOnlySource(db)
    try:
        current = quick_current(db, uri=source.uri())
    finally:
        source.close()
    if current is not None and current != quick_head():  # None: unreadable, App.open says why
        return _unwritable(d, "the database needs an update, which cannot be written here", kind)
    try:
        app = App.open(d, read_only=True)
    except OPEN_ERRORS as exc:
        return _unwritable(d, str(exc), kind)
    app.db.read_only_kind = kind
    return app


def open_app(data: str | Path | None = None, now: dt.datetime | None = None) -> App | StartupProblem:
    """The opened app, or a ``StartupProblem`` describing a damaged database or a folder that
    cannot be written. A read-only folder with an up-to-date database opens read-only: reading,
    reports and exports work, every change is refused with a message. A full disk opens as usual
    (each save that does not fit says so; freeing space needs no restart), read-only only when
    even opening needs space it does not have."""
    from ..storage import diskerrors

    try:
        d = data_dir(data)
    except OSError as exc:
        return _unwritable(Path(data or "."), str(exc), diskerrors.kind_of(exc) or "permission")
    db = database_path(d)
    blocked = diskerrors.probe(d)
    if blocked in (diskerrors.READ_ONLY, diskerrors.PERMISSION):
        return _open_read_only(d, db, blocked)
    if blocked == diskerrors.FULL and not db.exists():
        return _unwritable(d, "no database and the disk is full", blocked)
    from ..storage.cipher import header_state

    if db.exists() and header_state(db) == "zeroed":  # wiped, not encrypted: SQLCipher's salt is never 16 zeros
        return StartupProblem(
            d,
            "数据库文件的文件头被清零了：文件已损坏（这不是加密）。请从最近的备份恢复（当前文件会另存，不会删除）。",
            "The database file's header has been zeroed: the file is damaged (it is not encrypted). "
            "Restore the latest backup (the current file is kept aside).",
            "zeroed header (the first 16 bytes are 0)",
            bk.list_backups(backups_dir(d)),
        )
    now = now or dt.datetime.now(dt.UTC)
    status, full = readable(db, now)  # plain SQLite, before any engine exists
    if status != "ok" and blocked == diskerrors.FULL and any(w in status for w in ("I/O", "unable to open")):
        return _open_read_only(d, db, blocked)  # SQLite could not even make its -shm index: space, not damage
    if status != "ok":
        return StartupProblem(
            d,
            "数据库文件已损坏或无法读取。可以从最近的备份恢复（当前文件会另存，不会删除）。",
            "The database file is damaged or unreadable. You can restore the latest backup (the current file is kept aside).",
            status,
            bk.list_backups(backups_dir(d)),
        )
    try:
        try:
            app = App.open(d)
        except Exception as exc:
            if blocked == diskerrors.FULL and diskerrors.kind_of(exc, d) is not None:
                return _open_read_only(d, db, blocked)  # even opening needs space it does not have
            raise
        if full and db.stat().st_size > integrity.SMALL_BYTES:
            try:
                app.db.set_meta(integrity.META_KEY, now.isoformat())  # the next starts only probe it
            except StorageError:
                pass  # a full disk: checked again next time
        return app
    except OPEN_ERRORS as exc:
        return StartupProblem(
            d,
            "无法打开数据库。可以从最近的备份恢复（当前文件会另存，不会删除）。",
            "The database cannot be opened. You can restore the latest backup (the current file is kept aside).",
            str(exc),
            bk.list_backups(backups_dir(d)),
        )
    except Exception as exc:  # SQLAlchemy wraps sqlite errors
        if "database" not in str(exc).lower() and "file" not in str(exc).lower():
            raise
        return StartupProblem(
            d,
            "无法打开数据库。可以从最近的备份恢复（当前文件会另存，不会删除）。",
            "The database cannot be opened. You can restore the latest backup (the current file is kept aside).",
            str(exc),
            bk.list_backups(backups_dir(d)),
        )


@dataclass
class BackupSummary:
    """What a person needs to choose a backup: how old it is, what it holds, what it would lose."""

    path: Path
    taken_at: dt.datetime
    good: bool
    records: int | None
    lost_changes: int | None  # this laptop's changes after the backup (None: the damaged file can't tell)

    def age(self, now: dt.datetime | None = None) -> tuple[str, str]:
        minutes = int(((now or dt.datetime.now()) - self.taken_at).total_seconds() // 60)
        if minutes < 60:
            return f"{max(minutes, 0)} 分钟前", f"{max(minutes, 0)} min ago"
        if minutes < 48 * 60:
            return f"{minutes // 60} 小时前", f"{minutes // 60} h ago"
        return f"{minutes // 1440} 天前", f"{minutes // 1440} days ago"

    def loss(self) -> tuple[str, str]:
        if self.lost_changes is None:
            return "此后的更改无法统计，将会丢失", "changes made after it cannot be counted and will be lost"
        if self.lost_changes == 0:
            return "不会丢失本机的更改", "no change made on this laptop is lost"
        return (
            f"此后本机有 {self.lost_changes} 项更改：未同步的从原数据库写回（能读出的），已同步的在下次同步时取回",
            f"{self.lost_changes} changes made on this laptop after it: unsent ones are written back from the "
            "current file (where it can be read), synced ones come back with the next sync",
        )


def describe_backups(problem: StartupProblem) -> list[BackupSummary]:
    """The problem's backups, newest first, each with its age, size and what restoring it would lose."""
    from ..storage import salvage  # only when the database is damaged: not at every start

    damaged_mark = salvage.local_change_mark(database_path(problem.data_dir))
    out = []
    for path in problem.backups:
        good = backup_is_good(path)
        mark = salvage.local_change_mark(path) if good else None
        lost = None if damaged_mark is None or mark is None else max(damaged_mark - mark, 0)
        out.append(
            BackupSummary(
                path,
                dt.datetime.fromtimestamp(path.stat().st_mtime),
                good,
                salvage.record_count(path) if good else None,
                lost,
            )
        )
    return out


def rescue(problem: StartupProblem) -> tuple[App, salvage.SalvageResult]:
    """Salvage every readable row of the damaged database into a fresh one and put that in place
    (the damaged file is kept aside in backups/). Try this before restoring an older backup: it
    loses only what sits on the damaged pages."""
    from ..storage import salvage
    from ..storage.migrate import upgrade

    d = problem.data_dir
    fresh = backups_dir(d) / f"salvaged-{dt.datetime.now():%Y%m%d-%H%M%S}.db"
    upgrade(fresh)
    result = salvage.salvage_into(database_path(d), fresh)
    if bk.verify(fresh) != "ok" or result.total_copied == 0:
        raise ValueError("无法从损坏的数据库中救出数据 / nothing could be rescued from the damaged database")
    bk.restore_from(fresh, database_path(d), backups_dir(d))
    return App.open(d), result


def recover(problem: StartupProblem, backup: Path) -> App:
    """Put ``backup`` in place of the damaged database (kept aside, its unsent changes written
    back where it can still be read: ``restore_backup``) and open the app."""
    restore_backup(problem.data_dir, backup)
    return App.open(problem.data_dir)


@dataclass
class RestoreOutcome:
    """What a restore did with the replaced database and with its changes never pushed."""

    aside: Path | None  # where the replaced database was kept
    unsent: int | None  # its changes never pushed (None: the damaged file could not tell)
    saved_to: Path | None = None  # every one of them, as a file beside the backups
    written: int = 0  # written back into the restored database and queued to push (0: left out)
    present: int = 0  # the backup already held them
    waiting: int = 0  # wait for records the backup lacks; written when the next sync brings those
    dropped: list[str] = field(default_factory=list)
    left_out: bool = False  # --leave-unsent: saved and counted, not written back


def restore_backup(
    data: str | Path | None, backup: Path, as_new_device: bool = False, leave_unsent: bool = False
) -> RestoreOutcome:
    """Replace the database of a data folder with ``backup`` (checked first); works even when
    the current database is too damaged to open.

    The current database's unsent changes are never dropped silently: they are saved to
    ``backups/unsent-<time>.json`` and written back into the restored database (as this
    laptop's changes, queued to push), unless ``leave_unsent`` (going back on purpose, e.g.
    before a wrong import): then they are only saved and counted. Another laptop's database (another device id) is refused
    (``backup.OtherDevice``) unless ``as_new_device``: it then gets a new device id and must
    enroll again; the replaced database's unsent changes are then saved and counted, not written."""
    from ..domain.ids import new_id
    from ..storage import unsent

    d = data_dir(data)
    db = database_path(d)
    pending = unsent.read_unsent(db) if db.exists() else []
    device = bk.device_of(db) if pending else None
    kept = bk.sync_meta(db) if db.exists() and not as_new_device else {}
    aside = bk.restore_from(backup, db, backups_dir(d), as_new_device=new_id() if as_new_device else None)
    bk.keep_sync_meta(db, kept)  # still enrolled, and the newest hub time seen is not forgotten
    out = RestoreOutcome(aside, None if pending is None else len(pending))
    if pending:
        out.saved_to = unsent.save(pending, backups_dir(d), device)
        if leave_unsent or as_new_device:  # another identity now: this file's changes only kept aside
            out.left_out = True
            return out
        app = App.open(d)  # migrated to this version: the changes are written at its schema
        try:
            res = unsent.keep(app.db, pending, out.saved_to)
        finally:
            app.close()
        out.written, out.present, out.waiting, out.dropped = res.written, res.present, len(res.waiting), res.dropped
    return out
