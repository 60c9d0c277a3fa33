"""Opening the data folder at start, and what to offer when the database is damaged.

A corrupt or unreadable database must never end in a traceback: the desktop app shows the
problem and offers the newest good backup (and the CLI says the same in words).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import backups_dir, data_dir, database_path
from ..storage import backup as bk
from .app import App


@dataclass
class StartupProblem:
    """Why the database could not be opened, and the backups that could replace it."""

    data_dir: Path
    zh: str
    en: str
    detail: str
    backups: list[Path] = field(default_factory=list)

    @property
    def latest_good_backup(self) -> Path | None:
        for b in self.backups:
            if bk.verify(b) == "ok":
                return b
        return None


def _readable(db: Path) -> str:
    """'ok', or what is wrong with the file (without modifying it)."""
    if not db.exists():
        return "ok"
    try:
        return bk.verify(db)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - verify catches these
        return str(exc)


def open_app(data: str | Path | None = None) -> App | StartupProblem:
    """The opened app, or a ``StartupProblem`` describing a damaged database."""
    d = data_dir(data)
    db = database_path(d)
    status = _readable(db)
    if status != "ok":
        return StartupProblem(
            d,
            "数据库文件已损坏或无法读取。可以从最近的备份恢复（当前文件会另存，不会删除）。",
            "The database file is damaged or unreadable. You can restore the latest backup (the current file is kept aside).",
            status,
            bk.list_backups(backups_dir(d)),
        )
    try:
        return App.open(d)
    except (sqlite3.DatabaseError, OSError) as exc:
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


def recover(problem: StartupProblem, backup: Path) -> App:
    """Put ``backup`` in place of the damaged database (kept aside) and open the app."""
    bk.restore_from(backup, database_path(problem.data_dir), backups_dir(problem.data_dir))
    return App.open(problem.data_dir)


def restore_backup(data: str | Path | None, backup: Path, as_new_device: bool = False) -> Path | None:
    """Replace the database of a data folder with ``backup`` (checked first); works even when
    the current database is too damaged to open. Returns where the old file was kept.

    Another laptop's database (another device id) is refused (``backup.OtherDevice``) unless
    ``as_new_device``: it then gets a new device id and must enroll again."""
    from ..domain.ids import new_id

    d = data_dir(data)
    return bk.restore_from(backup, database_path(d), backups_dir(d), as_new_device=new_id() if as_new_device else None)
