"""Encryption at rest of the laptop database: SQLCipher through the
``sqlcipher3-wheels`` package (wheels for Windows 32/64-bit and Linux), the key in the OS
keyring. docs/privacy.md says why this and not column encryption, with the measurement.

* A database is encrypted when its first 16 bytes are not SQLite's plain header; every
  connection this app makes goes through ``connect`` and gets the key first. Its WAL, its
  backups (``backup.backup_to``) and a pre-migration copy are encrypted with the same key.
* The key (32 random bytes, used raw: no key derivation at every open) lives in the OS keyring
  (Windows Credential Manager) under the database's folder, else in a 0600 file in the user's
  config folder, never beside the database: a copied data folder or backup carries no key.
* The header is read through one descriptor per file kept open (``read_head``): an open and
  close of the database file would drop SQLite's locks on it (see there).
* ``encrypt_existing`` turns a plain database into an encrypted one (``sqlcipher_export``),
  then overwrites the plain file before it is removed, and encrypts the automatic backups.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from pathlib import Path
from typing import Any

PLAIN_HEADER = b"SQLite format 3\x00"
SERVICE = "CaravanFieldLog-db"
_keys: dict[str, str] = {}


def _errors(name: str) -> tuple[type[BaseException], ...]:
    out: list[type[BaseException]] = [getattr(sqlite3, name)]
    try:
        from sqlcipher3 import dbapi2

        out.append(getattr(dbapi2, name))
    except ImportError:
        pass
    return tuple(out)


ERRORS = _errors("Error")  # sqlite3's and sqlcipher3's: catch both
DATABASE_ERRORS = _errors("DatabaseError")
OPERATIONAL_ERRORS = _errors("OperationalError")


def available() -> bool:
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def _module() -> Any:
    from sqlcipher3 import dbapi2

    return dbapi2


# POSIX drops *all* of a process's fcntl locks on a file when *any* descriptor of that file is
# closed, SQLite's SHARED lock included: an open()/close() of a database file that this process has
# connected to lets another process checkpoint and unlink the write-ahead log under it, and every
# change written after that is lost (SQLite's "How To Corrupt" page, 2.2). So the header is read
# through one descriptor per file that is kept open and never closed while the file still has a
# name (it cannot close a lock away); an unlinked file's descriptor is dropped at the next read.
# Windows locks belong to the handle that took them, and an open handle would block replacing the
# file, so there a plain open and close is right.
_probes: dict[tuple[int, int], int] = {}
_spare: list[int] = []


def _forget_unlinked() -> None:
    for ident, fd in list(_probes.items()):
        try:
            gone = os.fstat(fd).st_nlink == 0
        except OSError:
            gone = True
        if gone:
            del _probes[ident]
            try:
                os.close(fd)
            except OSError:
                pass


def read_head(path: Path | str, size: int = 100, offset: int = 0) -> bytes:
    """``size`` bytes of a database file at ``offset`` without ever closing a descriptor of it that
    SQLite's locks could ride on (see above). Raises OSError when the file cannot be read."""
    if os.name != "posix":
        with open(path, "rb") as fh:
            fh.seek(offset)
            return fh.read(size)
    st = os.stat(path)
    ident = (st.st_dev, st.st_ino)
    fd = _probes.get(ident)
    if fd is None:
        _forget_unlinked()
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        got = os.fstat(fd)
        ident = (got.st_dev, got.st_ino)  # replaced between stat and open: key by what is held
        if ident in _probes:
            _spare.append(fd)  # a second descriptor of a file held already: kept, never closed
        else:
            _probes[ident] = fd
    return os.pread(fd, size, offset)


def copy_file(src: Path | str, dst: Path | str, chunk: int = 1 << 20) -> None:
    """Copy a database file byte for byte (a damaged one set aside, a read-only one read elsewhere)
    through ``read_head``'s kept descriptor, never an open/close of the source."""
    with open(dst, "wb") as out:
        pos = 0
        while True:
            block = read_head(src, chunk, pos)
            if not block:
                break
            out.write(block)
            pos += len(block)
        out.flush()
        os.fsync(out.fileno())


def header_state(path: Path | str) -> str:
    """What the first 16 bytes say: "plain" (SQLite's header, or a new empty file), "encrypted"
    (SQLCipher's random salt), "zeroed" (the header was wiped: damage, not encryption) or "missing"."""
    try:
        head = read_head(path, 16)
    except OSError:
        return "missing"
    if len(head) < 16 or head == PLAIN_HEADER:
        return "plain"
    if head == bytes(16):
        return "zeroed"
    return "encrypted"


def is_encrypted(path: Path | str) -> bool:
    return header_state(path) == "encrypted"


def _ident(path: Path | str) -> str:
    """Keys are kept per data folder; a backup in its ``backups`` folder has the folder's key."""
    folder = Path(path).resolve().parent
    if folder.name == "backups":
        folder = folder.parent
    return folder.as_posix()


def _key_file() -> Path:
    override = os.environ.get("CARAVAN_DB_KEY_FILE")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("CaravanFieldLog", appauthor=False)) / "db_keys.json"


def _read_file() -> dict[str, str]:
    try:
        return dict(json.loads(_key_file().read_text("utf-8")))
    except (OSError, ValueError):
        return {}


def get_key(path: Path | str) -> str | None:
    """The hex key of the database at ``path`` (keyring first, then the key file)."""
    ident = _ident(path)
    if ident in _keys:
        return _keys[ident]
    from ..keyring_store import _bounded, _keyring

    kr = _keyring() if os.environ.get("CARAVAN_DB_KEY_STORE", "auto") != "file" else None
    key = None
    if kr is not None:
        try:
            key = _bounded(kr.get_password, SERVICE, ident)
        except Exception:  # noqa: BLE001 - a broken keyring means: the file
            key = None
    key = key or _read_file().get(ident)
    if key:
        _keys[ident] = key
    return key


def new_key(path: Path | str) -> str:
    """Make and store a key for the database at ``path`` (keyring, or the 0600 file)."""
    ident = _ident(path)
    key = secrets.token_hex(32)
    from ..keyring_store import _bounded, _keyring

    kr = _keyring() if os.environ.get("CARAVAN_DB_KEY_STORE", "auto") != "file" else None
    stored = False
    if kr is not None:
        try:
            _bounded(kr.set_password, SERVICE, ident, key)
            stored = True
        except Exception:  # noqa: BLE001
            stored = False
    if not stored:
        f = _key_file()
        f.parent.mkdir(parents=True, exist_ok=True)
        doc = _read_file()
        doc[ident] = key
        tmp = f.with_name(f.name + ".part")
        tmp.write_text(json.dumps(doc), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, f)
    _keys[ident] = key
    return key


def _apply_key(conn: Any, key: str) -> None:
    conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("PRAGMA cipher_memory_security = OFF")  # the key is in the keyring anyway; 2-3x faster pages


def connect(path: Path | str, *, uri: str | None = None, key_path: Path | str | None = None, **kw: Any) -> Any:
    """A DBAPI connection to the database at ``path`` (``uri``: the same file as a URI with
    flags such as mode=ro): SQLCipher with the key when the file is encrypted, else sqlite3."""
    target = uri or str(path)
    if is_encrypted(path):
        key = get_key(key_path or path)
        if key is None:
            raise sqlite3.DatabaseError("encrypted database, but no key on this computer")
        conn = _module().connect(target, uri=bool(uri), **kw)
        _apply_key(conn, key)
        return conn
    return sqlite3.connect(target, uri=bool(uri), **kw)


def connect_like(path: Path | str, like: Path | str, **kw: Any) -> Any:
    """A new file (a backup) encrypted with the key of ``like`` when that one is encrypted."""
    if is_encrypted(like):
        key = get_key(like)
        conn = _module().connect(str(path), **kw)
        _apply_key(conn, str(key))
        return conn
    return sqlite3.connect(str(path), **kw)


def dbapi_for(path: Path | str) -> Any:
    return _module() if is_encrypted(path) else sqlite3


def _wipe(path: Path) -> None:
    """Overwrite a file with zeros before removing it (best effort: SSDs may keep old blocks)."""
    if not path.exists():
        return
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.write(b"\x00" * size)
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def encrypt_file(path: Path, key: str, journal: str = "WAL") -> None:
    """Replace the plain database at ``path`` by an encrypted copy (the app must not have it open)."""
    mod = _module()
    tmp = path.with_name(path.name + ".enc")
    if tmp.exists():
        tmp.unlink()
    conn = mod.connect(str(path))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute(f"ATTACH DATABASE ? AS enc KEY \"x'{key}'\"", (str(tmp),))
        conn.execute("SELECT sqlcipher_export('enc')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA enc.user_version = {int(version)}")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        _wipe(path.with_name(path.name + suffix))
    plain = path.with_name(path.name + ".plain")
    os.replace(path, plain)
    os.replace(tmp, path)
    _wipe(plain)
    c = mod.connect(str(path))
    try:
        _apply_key(c, key)
        c.execute(f"PRAGMA journal_mode={journal}")
    finally:
        c.close()


def encrypt_existing(db_path: Path, backup_dir: Path | None = None) -> dict[str, int]:
    """Encrypt the database and its backups with a new key (stored in the keyring)."""
    if is_encrypted(db_path):
        return {"database": 0, "backups": 0}
    key = get_key(db_path) or new_key(db_path)
    encrypt_file(db_path, key)
    n = 0
    for b in sorted(backup_dir.glob("*.db")) if backup_dir and backup_dir.exists() else []:
        if not is_encrypted(b):
            encrypt_file(b, key, journal="DELETE")
            n += 1
    return {"database": 1, "backups": n}
