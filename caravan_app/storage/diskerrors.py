"""Why the disk refused a write: full, read-only, or no permission — one classifier for every face.

SQLite and the OS say the same three things in many ways: ``database or disk is full``,
``attempt to write a readonly database``, a bare ``disk I/O error`` (a full disk while the
write-ahead log grows, also a pulled USB stick), ``[Errno 28]``/``[Errno 30]``/``[Errno 13]``.
Each needs something else from the crew (free space; a writable medium; a permission), so each
gets its own message naming the folder. Where the error itself does not tell (an I/O error, a
read-only refusal), a real probe of the folder does: a small file written and removed.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ..domain.errors import StorageError

FULL, READ_ONLY, PERMISSION = "full", "read_only", "permission"
_WRITE_PROTECT = 19  # Windows ERROR_WRITE_PROTECT (a locked SD card or USB stick)


def _os_kind(exc: OSError) -> str | None:
    if getattr(exc, "winerror", None) == _WRITE_PROTECT:
        return READ_ONLY
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return FULL
    if exc.errno == errno.EROFS:
        return READ_ONLY
    if exc.errno in (errno.EACCES, errno.EPERM):
        return PERMISSION
    return None


def medium_read_only(folder: Path) -> bool:
    """Whether the filesystem holding ``folder`` is mounted read-only (POSIX ``statvfs``)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # Windows has no statvfs: the write probe tells
        return False


def probe(folder: Path) -> str | None:
    """What stops writes in ``folder`` (FULL, READ_ONLY, PERMISSION), or None when a small file can
    be written and removed there. The probe file never stays behind."""
    folder = Path(folder)
    if medium_read_only(folder):
        return READ_ONLY
    target = folder / f".write-probe-{os.getpid()}"
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        return _os_kind(exc) or PERMISSION
    kind = None
    try:
        # A block, not a byte (a byte may fit a partly used block); no fsync: NTFS, ext4 and tmpfs
        # refuse at write() when full, and every command's start pays for this probe.
        os.write(fd, b"\0" * 4096)
    except OSError as exc:
        kind = _os_kind(exc) or FULL
    finally:
        os.close(fd)
        try:
            target.unlink()
        except OSError:
            pass
    return kind


def kind_of(exc: BaseException, folder: Path | None = None) -> str | None:
    """FULL, READ_ONLY or PERMISSION for a refused write (OSError or SQLite's errors, wrapped by
    SQLAlchemy or not), None for anything else. ``folder`` is probed when the error is vague."""
    seen: set[int] = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:  # SQLAlchemy's .orig, raise ... from ...
        seen.add(id(e))
        if isinstance(e, OSError):
            kind = _os_kind(e)
            if kind == PERMISSION and e.filename and medium_read_only(Path(str(e.filename)).parent):
                return READ_ONLY
            if kind:
                return kind
        name = str(getattr(e, "sqlite_errorname", "") or "")
        text = str(e).lower()
        if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
            return FULL
        vague = name.startswith(("SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or any(
            w in text for w in ("disk i/o error", "readonly database", "read-only", "unable to open database file")
        )
        if vague and type(e).__module__.split(".")[0] in ("sqlite3", "sqlcipher3", "sqlalchemy"):
            if folder is not None and folder.is_dir():
                found = probe(folder)
                if found:
                    return found
                if "readonly" in text or name.startswith("SQLITE_READONLY"):
                    return PERMISSION  # the folder takes files, the database file itself does not
            elif "readonly" in text or name.startswith("SQLITE_READONLY"):
                return READ_ONLY
        e = getattr(e, "orig", None) or e.__cause__ or e.__context__
    return None


def error_for(kind: str, folder: Path | None) -> StorageError:
    if kind == FULL:
        return StorageError.disk_full(folder)
    if kind == READ_ONLY:
        return StorageError.read_only(folder)
    return StorageError.no_permission(folder)


def classify(exc: BaseException, folder: Path | None = None) -> StorageError | None:
    """The person's message for a refused write, or None when ``exc`` is not one. ``folder``:
    where the write went (the data folder, a backup's or export's folder); else the file named
    by an OSError."""
    if isinstance(exc, StorageError):
        return exc
    if folder is None and isinstance(exc, OSError) and exc.filename:
        named = Path(str(exc.filename))
        folder = named if named.is_dir() else named.parent
    kind = kind_of(exc, folder)
    return error_for(kind, folder) if kind else None
