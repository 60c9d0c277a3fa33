"""Backups through SQLite's online backup API (consistent even while the app writes)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from . import cipher

KEEP = 14


def backup_to(db_path: Path, target: Path) -> Path:
    """Copy the live database to ``target`` atomically (write a temp file, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    if tmp.exists():
        tmp.unlink()
    try:
        # an encrypted database gives encrypted backups (same key)
        src = cipher.connect(db_path, timeout=30)
        try:
            dst = cipher.connect_like(tmp, db_path)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        fsync_file(tmp)
        os.replace(tmp, target)
    except BaseException as exc:
        for part in (tmp, tmp.with_name(tmp.name + "-journal")):  # nothing half-written stays behind
            part.unlink(missing_ok=True)
        from .diskerrors import classify

        found = classify(exc, target.parent) if isinstance(exc, Exception) else None
        if found is not None:
            raise found from exc
        raise
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
    conn = cipher.connect(path, uri=f"file:{path}?mode=ro")
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except cipher.DATABASE_ERRORS as exc:
        return str(exc)
    finally:
        conn.close()


class OtherDevice(ValueError):
    """The backup belongs to another laptop (another device id)."""

    def __init__(self, theirs: str, ours: str) -> None:
        self.theirs, self.ours = theirs, ours
        super().__init__(
            f"这个备份属于另一台电脑（设备 {theirs[:8]}），本机是 {ours[:8]}。"
            "恢复它会让两台电脑用同一个设备身份同步，数据会被打乱。"
            "如确实要把它作为新设备使用，请加 --as-new-device（之后需重新登记同步）"
            f" / this backup belongs to another laptop (device {theirs[:8]}; this one is {ours[:8]}). "
            "Two laptops syncing as one device would corrupt the data. To take it over as a new device, "
            "add --as-new-device (then enroll again)"
        )


def device_of(path: Path) -> str | None:
    """The device id stored in a database file (None if unreadable or not set)."""
    try:
        conn = cipher.connect(path, uri=f"file:{path}?mode=ro")
    except cipher.ERRORS:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
        return str(row[0]) if row else None
    except cipher.ERRORS:
        return None
    finally:
        conn.close()


def unsent_changes(path: Path) -> int:
    """How many changes in a database file were never pushed to the hub."""
    try:
        conn = cipher.connect(path, uri=f"file:{path}?mode=ro")
    except cipher.ERRORS:
        return 0
    try:
        return int(conn.execute("SELECT count(*) FROM outbox WHERE pushed = 0").fetchone()[0])
    except cipher.ERRORS:
        return 0
    finally:
        conn.close()


# Meta keys that tie a database to its device's enrollment and place in the hub's sequence.
_SYNC_META = ("sync_server", "sync_cursor", "sync_restored", "sync_last_success", "sync_last_error")


def _make_new_device(db_path: Path, new_device_id: str) -> int:
    """Give a restored copy of another laptop's database a device id of its own.

    It must enroll again (the hub knows the old id with the other laptop's token), pulls
    everything from cursor 0, and does not push the other laptop's unsent changes under its
    new name (that laptop still holds them). Returns how many unsent changes were left out."""
    conn = cipher.connect(db_path)
    try:
        with conn:
            left = int(conn.execute("SELECT count(*) FROM outbox WHERE pushed = 0").fetchone()[0])
            conn.execute("UPDATE outbox SET pushed = 1 WHERE pushed = 0")
            conn.execute("UPDATE meta SET value = ? WHERE key = 'device_id'", (new_device_id,))
            conn.execute(f"DELETE FROM meta WHERE key IN ({', '.join('?' * len(_SYNC_META))})", _SYNC_META)
        return left
    finally:
        conn.close()


def restore_from(
    source: Path,
    db_path: Path,
    backup_dir: Path,
    *,
    as_new_device: str | None = None,
) -> Path | None:
    """Replace the database with ``source`` after checking it; the current one is kept aside.

    A backup of another laptop (another device id than the current database's) is refused
    (``OtherDevice``) unless ``as_new_device`` gives the new device id to take it over with.
    When the current database cannot be read (the recovery case) its id is unknown and this
    laptop's own backups are what is offered."""
    status = verify(source)
    if status != "ok":
        raise ValueError(f"备份文件已损坏 / backup is damaged: {status}")
    theirs = device_of(source)
    ours = device_of(db_path) if db_path.exists() else None
    if as_new_device is None and theirs and ours and theirs != ours:
        raise OtherDevice(theirs, ours)
    aside = None
    if db_path.exists():
        try:
            aside = backup_to(db_path, backup_dir / f"before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}.db")
        except cipher.DATABASE_ERRORS:
            aside = backup_dir / f"damaged-{dt.datetime.now():%Y%m%d-%H%M%S}.db"
            cipher.copy_file(db_path, aside)  # never an open/close of the live file (its locks)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    backup_to(source, db_path)
    if as_new_device is not None:
        _make_new_device(db_path, as_new_device)
    else:
        mark_restored(db_path)
    return aside


def mark_restored(db_path: Path) -> None:
    """A restore is a sync event: the next sync asks the hub how far it has seen this device,
    numbers what waits above that, and pulls everything back, this laptop's own later records
    included (meta ``sync_restored``, cleared when that pull is complete)."""
    conn = cipher.connect(db_path)
    try:
        with conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('sync_restored', '1')")
    finally:
        conn.close()


# What a restore keeps of the database it replaces: the enrollment (the token outside the file
# belongs to it), the last measured clock offset and the hub's time at the last sync (all newer
# than the backup's).
_KEPT_META = ("sync_server", "sync_pin", "server_offset_ms", "sync_hub_ms")


def sync_meta(path: Path) -> dict[str, str]:
    """The enrollment and clock meta of a database file ({} if it cannot be read)."""
    try:
        conn = cipher.connect(path, uri=f"file:{path.resolve().as_posix()}?mode=ro")
    except cipher.ERRORS:
        return {}
    try:
        marks = ", ".join("?" * len(_KEPT_META))
        rows = conn.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", _KEPT_META).fetchall()
        return {str(k): str(v) for k, v in rows if v not in (None, "")}
    except cipher.ERRORS:
        return {}
    finally:
        conn.close()


def keep_sync_meta(db_path: Path, kept: dict[str, str]) -> None:
    """Put ``kept`` (``sync_meta`` of the replaced file) into the restored one: a backup from
    before enrollment still syncs, and the clock check still knows the newest hub time."""
    if not kept:
        return
    conn = cipher.connect(db_path)
    try:
        with conn:
            conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", list(kept.items()))
    finally:
        conn.close()
