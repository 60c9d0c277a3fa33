"""Backups through SQLite's online backup API (consistent even while the app writes)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

KEEP = 14


def backup_to(db_path: Path, target: Path) -> Path:
    """Copy the live database to ``target`` atomically (write a temp file, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    src = sqlite3.connect(db_path, timeout=30)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    fsync_file(tmp)
    os.replace(tmp, target)
    fsync_dir(target.parent)
    return target


def fsync_file(path: Path) -> None:
    """Flush a file to disk. Windows' ``_commit`` (behind ``os.fsync``) needs a handle opened for
    writing: on a read-only handle it fails with EBADF, so open it ``r+b`` everywhere."""
    with open(path, "r+b") as fh:
        fh.flush()
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename durable on POSIX (the directory entry). Windows cannot open a folder as a
    file, and NTFS journals the rename itself, so this is a no-op there."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rotating_backup(db_path: Path, backup_dir: Path, keep: int = KEEP, now: dt.datetime | None = None) -> Path:
    """A timestamped backup in ``backup_dir``; only the newest ``keep`` automatic ones stay."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    path = backup_to(db_path, backup_dir / f"auto-{stamp}.db")
    autos = sorted(backup_dir.glob("auto-*.db"))
    for old in autos[:-keep]:
        old.unlink(missing_ok=True)
    return path


def list_backups(backup_dir: Path) -> list[Path]:
    return sorted(backup_dir.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True)


def verify(path: Path) -> str:
    """SQLite's integrity check of a file: 'ok' or the first problem."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def restore_from(source: Path, db_path: Path, backup_dir: Path) -> Path | None:
    """Replace the database with ``source`` after checking it; the current one is kept aside."""
    status = verify(source)
    if status != "ok":
        raise ValueError(f"备份文件已损坏 / backup is damaged: {status}")
    aside = None
    if db_path.exists():
        try:
            aside = backup_to(db_path, backup_dir / f"before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}.db")
        except sqlite3.DatabaseError:
            aside = backup_dir / f"damaged-{dt.datetime.now():%Y%m%d-%H%M%S}.db"
            shutil.copy2(db_path, aside)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    backup_to(source, db_path)
    return aside
