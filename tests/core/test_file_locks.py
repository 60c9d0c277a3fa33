"""The app never drops SQLite's locks on its own database file.

On POSIX, closing *any* descriptor of a file releases every fcntl lock the process holds on it,
SQLite's SHARED lock included; another process closing its connection then checkpoints and deletes
the write-ahead log this one is still writing into, and what it saved after that is gone. These
tests hold a database open, run each way the app looks at the file, let a second process open and
close it, and then check that the first one's later writes are still seen by others."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.storage import backup as bk
from caravan_app.storage import cipher, integrity
from caravan_app.storage.database import Database
from caravan_app.storage.fast_read import today
from caravan_app.storage.migrate import quick_current
from tests.conftest import fresh_data_dir

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX lock semantics")

_PEEK = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    'row = c.execute("select value from meta where key = ?", (sys.argv[2],)).fetchone()\n'
    "print(row[0] if row else '-')\n"
    "c.close()\n"
)


def _peek(db: Path, key: str) -> str:
    """What another process sees (it opens, reads and closes: the close is what checkpoints)."""
    out = subprocess.run([sys.executable, "-c", _PEEK, str(db), key], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _open_fds(path: Path) -> int:
    target = str(path.resolve())
    n = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == target:
                n += 1
        except OSError:
            pass
    return n


def test_header_probe_keeps_the_wal_of_an_open_database(tmp_path: Path) -> None:
    """``cipher.connect`` reads the header on every call; afterwards another process's close must not
    delete the write-ahead log, and a change saved next is visible to others."""
    db = Database(fresh_data_dir(tmp_path / "d") / "caravan.db")
    try:
        db.set_meta("first", "1")
        for _ in range(5):
            assert not cipher.is_encrypted(db.path)
            cipher.connect(db.path).close()
        assert _peek(db.path, "first") == "1"
        assert Path(f"{db.path}-wal").exists()  # the other process did not checkpoint it away
        db.set_meta("second", "2")
        assert _peek(db.path, "second") == "2"
        if Path("/proc/self/fd").is_dir():  # no descriptor of a deleted -wal (the symptom)
            folder = str(db.path.parent.resolve())
            held = [_target(fd) for fd in _fds()]
            assert not [t for t in held if t.startswith(folder) and t.endswith("(deleted)")]
            held_now = _open_fds(db.path)
            for _ in range(20):
                cipher.is_encrypted(db.path)
            assert _open_fds(db.path) == held_now  # the probe reuses its one kept descriptor
    finally:
        db.close()


def _target(fd: str) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


def _fds() -> list[str]:
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            os.readlink(f"/proc/self/fd/{fd}")
            out.append(fd)
        except OSError:
            pass
    return out


def test_every_look_at_the_file_keeps_the_locks(tmp_path: Path) -> None:
    """The integrity probe, backups, the revision check, the first window's fast read, the
    encryption status and ``caravan check`` all run while the app holds the database open."""
    data = fresh_data_dir(tmp_path / "d")
    app = App.open(data)
    try:
        path = Path(app.db.path)
        looks = [
            lambda: integrity.full_check_due(path, dt.datetime.now(dt.UTC), small_bytes=0),
            lambda: integrity.last_ok(path),
            lambda: bk.verify(path),
            lambda: bk.device_of(path),
            lambda: bk.unsent_changes(path),
            lambda: quick_current(path),
            lambda: today(path),
            lambda: app.privacy.encrypted(),
            lambda: app.maintenance.backup(),
            lambda: app.maintenance.check(),
        ]
        for n, look in enumerate(looks):
            app.db.set_meta(f"k{n}", "before")
            look()
            assert _peek(path, f"k{n}") == "before"
            app.db.set_meta(f"k{n}", "after")
            assert _peek(path, f"k{n}") == "after", f"look {n} dropped the locks"
    finally:
        app.close()


def test_probe_descriptors_do_not_pile_up(tmp_path: Path) -> None:
    """One kept descriptor per file; a deleted file's is let go at the next probe."""
    before = len(_fds())
    for i in range(30):
        p = tmp_path / f"x{i}.db"
        p.write_bytes(cipher.PLAIN_HEADER + bytes(84))
        assert cipher.header_state(p) == "plain"
        assert cipher.header_state(p) == "plain"
        p.unlink()
    cipher.header_state(tmp_path / "absent.db")
    (tmp_path / "y.db").write_bytes(cipher.PLAIN_HEADER)
    cipher.header_state(tmp_path / "y.db")
    assert len(_fds()) <= before + 2


_PEEK_KEYED = (
    "import sys\n"
    "from caravan_app.storage import cipher\n"
    "c = cipher.connect(sys.argv[1])\n"
    "row = c.execute('select value from meta where key = ?', (sys.argv[2],)).fetchone()\n"
    "print(row[0] if row else '-')\n"
    "c.close()\n"
)


def test_an_encrypted_database_keeps_its_locks_across_new_connections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLCipher: every new pooled connection (one per worker thread) reads the header first. (The
    SQLite inside sqlcipher3-wheels 0.5.7 kept its locks even against the old open/close here, unlike
    the stdlib's 3.40: a guard for the encrypted path, not a reproduction.)"""
    import threading

    pytest.importorskip("sqlcipher3")
    key_file = tmp_path / "config" / "db_keys.json"
    monkeypatch.setenv("CARAVAN_DB_KEY_STORE", "file")
    monkeypatch.setenv("CARAVAN_DB_KEY_FILE", str(key_file))
    monkeypatch.setattr(cipher, "_keys", {})
    app = App.open(fresh_data_dir(tmp_path / "d"))
    try:
        app.privacy.encrypt()
        path = Path(app.db.path)
        assert cipher.is_encrypted(path)
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}

        def peek(key: str) -> str:
            out = subprocess.run(
                [sys.executable, "-c", _PEEK_KEYED, str(path), key], capture_output=True, text=True, env=env, check=True
            )
            return out.stdout.strip()

        for n in range(3):
            app.db.set_meta(f"e{n}", "before")
            worker = threading.Thread(target=lambda: app.db.get_meta("device_id"))  # a new pooled connection
            worker.start()
            worker.join()
            assert peek(f"e{n}") == "before"
            app.db.set_meta(f"e{n}", "after")
            assert peek(f"e{n}") == "after"
    finally:
        app.close()
