"""A full disk, a read-only medium and a folder without permission each say what they are, name the
folder and what to do, in every command, and leave nothing half-written; a read-only folder after
a crash shows what the write-ahead log holds; a wiped header is called damage, not encryption.

Real filesystems (tests/core/mounts.py): a small tmpfs filled to the last byte, a read-only bind
mount. Skipped with the reason where this machine cannot mount."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from caravan_app.domain.errors import StorageError
from caravan_app.services.app import App
from caravan_app.services.startup import StartupProblem, open_app
from caravan_app.storage import diskerrors
from tests.conftest import fresh_data_dir

from .mounts import fill, read_only_view, small_disk

ROOT = Path(__file__).resolve().parents[2]
FULL_ZH, FULL_EN = "磁盘空间已满", "The disk is full"
RO_ZH, RO_EN = "是只读的", "is read-only"


def run(data: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    e = {**os.environ, "PYTHONPATH": str(ROOT), "CARAVAN_TOKEN_STORE": "file", **(env or {})}
    e.pop("CARAVAN_DATA_DIR", None)
    cmd = [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=e, timeout=180)


def _setup(data: Path) -> str:
    app = App.open(fresh_data_dir(data))
    try:
        c = app.catalog.add_caravan("1号车")
        app.catalog.set_this_device("笔记本", c)
        s = app.sites.add(name="某小学", county="任城区")
        v = app.visits.add(s, c, "2026-11-01")
        app.visits.arrive(v)
        app.attendance.tally(v, "teacher", 7)
        return v
    finally:
        app.close()


def _leftovers(folder: Path) -> list[str]:
    """Files a refused command must not leave: probes, half-written copies and exports."""
    names = [p.name for p in folder.rglob("*")]
    return [n for n in names if n.startswith(".write-probe") or n.endswith((".part", ".part-journal"))]


def _teachers(data: Path, visit: str) -> int:
    shown = run(data, "--json", "visit", "show", visit)
    assert shown.returncode == 0, shown.stderr
    return int(json.loads(shown.stdout)["tallies"].get("teacher", 0))


# --- a full disk --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_full_disk_says_so_in_every_command_and_keeps_what_was_saved(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk") as disk:
        data = disk / "data"
        visit = _setup(data)
        filler = fill(disk)
        said = {}
        for name, args in {
            "tally": ("tally", visit, "教师", "+1"),
            "van": ("van", "add", "2号车"),
            "backup": ("backup",),
            "export": ("export", str(data / "out.json")),
            "export-xlsx": ("export", str(data / "out.xlsx")),
            "sync": ("sync",),
        }.items():
            r = run(data, *args)
            said[name] = r
            assert r.returncode == 1, (name, r.stdout)
            assert "Traceback" not in r.stderr, (name, r.stderr)
            assert FULL_ZH in r.stderr and FULL_EN in r.stderr, (name, r.stderr)
            assert str(data) in r.stderr, (name, r.stderr)  # the folder is named
            assert "只读" not in r.stderr and "needs an update" not in r.stderr, (name, r.stderr)
        assert "backups" in said["backup"].stderr  # where the copy was to go
        reading = run(data, "visit", "list")
        assert reading.returncode == 0, reading.stderr
        assert not _leftovers(data)
        assert not (data / "out.json").exists() and not (data / "out.xlsx").exists()
        filler.unlink()  # space freed: the same folder works again, nothing was lost or half-written
        assert _teachers(data, visit) == 7
        assert run(data, "tally", visit, "教师", "+1").returncode == 0
        assert _teachers(data, visit) == 8
        checked = run(data, "check")
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_app_says_disk_full_for_a_save_that_does_not_fit(tmp_path: Path) -> None:
    """In-process, as the window's services see it: the refused save is a StorageError of kind
    "full" naming the folder, and the figures saved before are intact."""
    with small_disk(tmp_path / "disk") as disk:
        data = disk / "data"
        visit = _setup(data)
        opened = open_app(data)
        assert isinstance(opened, App)
        try:
            filler = fill(disk)
            with pytest.raises(StorageError) as e:
                for i in range(500):
                    opened.attendance.signin(visit, f"学生{i}" + "长" * 40, "student", "一班" * 20)
            assert e.value.kind == "full" and str(data) in e.value.zh
            filler.unlink()
            assert opened.attendance.totals(visit)["teacher"] == 7
        finally:
            opened.close()


# --- a read-only medium ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_read_only_medium_says_so_in_every_command(tmp_path: Path) -> None:
    src = tmp_path / "src"
    visit = _setup(src / "data")
    with read_only_view(src, tmp_path / "ro") as ro:
        data = ro / "data"
        for name, args in {
            "tally": ("tally", visit, "教师", "+1"),
            "backup": ("backup",),
            "export": ("export", str(data / "out.json")),
            "sync": ("sync",),
        }.items():
            r = run(data, *args)
            assert r.returncode == 1, (name, r.stdout)
            assert "Traceback" not in r.stderr and "[Errno" not in r.stderr, (name, r.stderr)
            assert RO_ZH in r.stderr and RO_EN in r.stderr, (name, r.stderr)
            assert str(data) in r.stderr, (name, r.stderr)
            assert FULL_ZH not in r.stderr, (name, r.stderr)
        assert _teachers(data, visit) == 7  # reading works
        exported = run(data, "export", str(tmp_path / "elsewhere.json"))  # to a writable place: fine
        assert exported.returncode == 0, exported.stderr
    assert not _leftovers(src)


def test_no_permission_is_its_own_reason(tmp_path: Path) -> None:
    """EACCES/EPERM (a folder of another user, an immutable folder) is not a read-only medium."""
    err = PermissionError(13, "Permission denied", str(tmp_path / "x" / "caravan.db"))
    found = diskerrors.classify(err)
    assert found is not None and found.kind == "permission"
    assert "没有写入权限" in found.zh and "No write permission" in found.en and str(tmp_path / "x") in found.zh
    full = diskerrors.classify(OSError(28, "No space left on device", str(tmp_path / "y.json")))
    assert full is not None and full.kind == "full" and str(tmp_path) in full.zh
    ro = diskerrors.classify(OSError(30, "Read-only file system", str(tmp_path / "sync.lock")))
    assert ro is not None and ro.kind == "read_only"
    assert diskerrors.classify(ValueError("something else")) is None


# --- read-only after a crash: the write-ahead log is read ---------------------------------------------------

_WRITER = """
import sys
from caravan_app.services.app import App
app = App.open(sys.argv[1])
v = sys.argv[2]
while True:
    app.attendance.tally(v, "primary", 1)
    print("ack", flush=True)
"""


def _crash_after(data: Path, visit: str, acks: int) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(data), visit], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    got = 0
    for line in proc.stdout:
        got += line.strip() == "ack"
        if got >= acks:
            break
    os.kill(proc.pid, signal.SIGKILL)
    rest, _ = proc.communicate()
    return got + sum(line.strip() == "ack" for line in rest.splitlines())


def _primary(data: Path, visit: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    shown = run(data, "--json", "visit", "show", visit, env=env)
    assert shown.returncode == 0, shown.stderr
    return int(json.loads(shown.stdout)["tallies"].get("primary", 0)), shown.stderr


@pytest.mark.slow
@pytest.mark.parametrize("index", ["left", "lost"], ids=["with-shm", "without-shm"])
def test_read_only_after_a_crash_shows_every_acknowledged_tally(tmp_path: Path, index: str) -> None:
    src = tmp_path / "src"
    visit = _setup(src / "data")
    acked = _crash_after(src / "data", visit, 203)
    db = src / "data" / "caravan.db"
    assert Path(f"{db}-wal").stat().st_size > 0, "the crash left its last commits in the log"
    if index == "lost":
        Path(f"{db}-shm").unlink()  # copied without its index: SQLite cannot read the log in place
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {"TMPDIR": str(tmp)}
    with read_only_view(src, tmp_path / "ro") as ro:
        data = ro / "data"
        shown, err = _primary(data, visit, env)
        # (one more may have committed just before the kill, its acknowledgement not yet printed)
        assert acked <= shown <= acked + 1, f"{shown} of {acked} acknowledged tallies shown"
        assert "可能不是最新" not in err
        checked = run(data, "check", env=env)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        out = tmp_path / "export.json"
        assert run(data, "export", str(out), env=env).returncode == 0
        assert not list(tmp.iterdir()), "a temporary copy outlived its command"
        tallies = json.loads(out.read_text("utf-8"))["entities"]["tally"]
        assert sum(t["delta"] for t in tallies if t["group"] == "primary") == shown  # the export has them too


@pytest.mark.slow
def test_read_only_after_a_crash_says_when_figures_may_be_old(tmp_path: Path) -> None:
    """When not even a copy can be made (no room for one in the temp folder), the figures are shown with a clear note
    and ``check`` does not pass on them."""
    src = tmp_path / "src"
    visit = _setup(src / "data")
    acked = _crash_after(src / "data", visit, 50)
    Path(f"{src / 'data' / 'caravan.db'}-shm").unlink()
    with read_only_view(src, tmp_path / "ro") as ro, small_disk(tmp_path / "tmp", "1m") as tmp:
        fill(tmp, leave=64 * 1024)  # room for Python's check of the temp folder, not for a copy
        data = ro / "data"
        shown, err = _primary(data, visit, env={"TMPDIR": str(tmp)})
        assert shown <= acked
        assert "可能不是最新" in err and "may be out of date" in err
        checked = run(data, "check", env={"TMPDIR": str(tmp)})
        assert checked.returncode != 0 and "预写日志" in checked.stdout + checked.stderr


# --- a wiped header; probes never left behind -----------------------------------------------------------------


def test_a_zeroed_header_is_called_damage_not_encryption(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _setup(data)
    db = data / "caravan.db"
    with open(db, "r+b") as fh:
        fh.write(bytes(100))
    opened = open_app(data)
    assert isinstance(opened, StartupProblem)
    text = f"{opened.zh} {opened.en} {opened.detail}"
    assert "no key" not in text  # it was called "encrypted database, but no key on this computer"
    assert "清零" in opened.zh and "损坏" in opened.zh and "zeroed" in opened.en and "damaged" in opened.en
    assert "恢复" in opened.zh and "Restore" in opened.en
    r = run(data, "visit", "list")
    assert r.returncode == 1 and "no key" not in r.stderr and "清零" in r.stderr
    assert "caravan restore" in r.stderr or "no usable backup" in r.stderr


def test_refused_commands_leave_no_write_probe(tmp_path: Path) -> None:
    src = tmp_path / "src"
    visit = _setup(src / "data")
    with small_disk(tmp_path / "disk") as disk:
        data = disk / "data"
        shutil.copytree(src / "data", data)
        fill(disk)
        for _ in range(3):
            run(data, "tally", visit, "教师", "+1")
            run(data, "visit", "list")
        assert not [p for p in data.iterdir() if p.name.startswith(".write-probe")]


@pytest.mark.slow
def test_an_encrypted_database_read_only_after_a_crash_shows_every_acknowledged_tally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary copy of an encrypted file is read with the data folder's key (and stays encrypted)."""
    pytest.importorskip("sqlcipher3")
    from caravan_app.storage import cipher

    keys = {"CARAVAN_DB_KEY_STORE": "file", "CARAVAN_DB_KEY_FILE": str(tmp_path / "config" / "db_keys.json")}
    for k, v in keys.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(cipher, "_keys", {})
    src = tmp_path / "src"
    visit = _setup(src / "data")
    app = App.open(src / "data")
    app.privacy.encrypt()
    app.close()
    acked = _crash_after(src / "data", visit, 120)
    db = src / "data" / "caravan.db"
    assert cipher.is_encrypted(db) and Path(f"{db}-wal").stat().st_size > 0
    Path(f"{db}-shm").unlink()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # Read-only in place (the key belongs to the data folder's path: a copy elsewhere has none).
    with read_only_view(src, src) as ro:
        shown, err = _primary(ro / "data", visit, {**keys, "TMPDIR": str(tmp)})
        assert acked <= shown <= acked + 1, f"{shown} of {acked} acknowledged tallies shown"
        assert "可能不是最新" not in err
    assert not list(tmp.iterdir())


def test_an_immutable_folder_is_a_permission_problem(tmp_path: Path) -> None:
    """EPERM on a folder root cannot write either (``chattr +i``): no write permission, not a full
    disk, not a read-only medium; reading still works."""
    if os.geteuid() != 0 or shutil.which("chattr") is None:
        pytest.skip("needs root and chattr to lock a folder against root")
    data = tmp_path / "data"
    visit = _setup(data)
    locked = subprocess.run(["chattr", "+i", str(data)], capture_output=True, text=True)
    if locked.returncode != 0:
        pytest.skip(f"this filesystem cannot lock a folder: {locked.stderr.strip()}")
    try:
        r = run(data, "tally", visit, "教师", "+1")
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert "没有写入权限" in r.stderr and "No write permission" in r.stderr and str(data) in r.stderr
        assert FULL_ZH not in r.stderr and "写保护" not in r.stderr
        assert _teachers(data, visit) == 7
    finally:
        subprocess.run(["chattr", "-i", str(data)], check=True)
    assert not _leftovers(data)
