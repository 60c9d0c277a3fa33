"""The command line where a user slips: wrong arguments, a pipe closed early, an existing
backup file, a typo'd export name, a data folder that cannot be written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import fresh_data_dir

ROOT = Path(__file__).resolve().parents[2]


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(data.parent)}
    env.pop("CARAVAN_DATA_DIR", None)
    cmd = [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return fresh_data_dir(tmp_path / "data")


def test_argparse_errors_are_bilingual_and_json_under_json(data: Path) -> None:
    proc = run(data, "--json", "visit", "lst")
    assert proc.returncode == 2
    err = json.loads(proc.stdout)["error"]
    assert err["field"] == "arguments"
    assert "无效" in err["zh"] and "invalid choice" in err["en"]

    proc = run(data, "visit", "start")
    assert proc.returncode == 2
    assert "缺少必填参数：visit" in proc.stderr and "required: visit" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_closed_pipe_is_not_a_traceback(data: Path) -> None:
    assert run(data, "demo", "--visits", "4").returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = f"'{sys.executable}' -m caravan_app.cli.main --data-dir '{data}' --json visit list | head -c 1"
    proc = subprocess.run(["bash", "-c", f"set -o pipefail; {cmd}"], capture_output=True, text=True, env=env)
    assert proc.stdout == "["
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr


def test_backup_refuses_to_overwrite_without_force(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_bytes(b"yesterday's only copy")
    proc = run(data, "backup", str(target))
    assert proc.returncode == 1
    assert "--force" in proc.stderr and "已存在" in proc.stderr
    assert target.read_bytes() == b"yesterday's only copy"
    proc = run(data, "backup", str(target), "--force")
    assert proc.returncode == 0, proc.stderr
    assert target.read_bytes().startswith(b"SQLite format 3")


def test_export_refuses_an_unknown_extension(data: Path, tmp_path: Path) -> None:
    proc = run(data, "export", str(tmp_path / "out.txt"))
    assert proc.returncode == 1
    assert ".txt" in proc.stderr and ".xlsx" in proc.stderr
    assert not (tmp_path / "out.txt").exists()
    assert run(data, "export", str(tmp_path / "csv-folder")).returncode == 0
    assert any((tmp_path / "csv-folder").glob("*.csv"))


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Make ``folder`` unwritable for the commands the test runs. Root writes through file modes,
    so as root the folder is made immutable (chattr +i) instead."""
    folder.chmod(0o555)
    immutable = False
    try:
        if os.geteuid() == 0:
            if shutil.which("chattr") is None:
                pytest.skip("chattr (e2fsprogs) is needed to lock a folder against root")
            proc = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
            if proc.returncode != 0:
                pytest.skip(f"this filesystem cannot lock a folder against root: {proc.stderr.strip()}")
            immutable = True
            probe = subprocess.run(["touch", str(folder / "probe")], capture_output=True)
            assert probe.returncode != 0, "the folder should refuse new files"
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_an_unwritable_data_folder_reads_and_refuses_writes_clearly(data: Path) -> None:
    assert run(data, "demo", "--visits", "4").returncode == 0
    visits = json.loads(run(data, "--json", "visit", "list").stdout)
    assert visits
    with locked(data):
        listed = run(data, "--json", "visit", "list")
        assert listed.returncode == 0, listed.stderr
        assert [v["id"] for v in json.loads(listed.stdout)] == [v["id"] for v in visits]

        checked = run(data, "check")
        assert checked.returncode == 0, checked.stdout + checked.stderr

        wrote = run(data, "tally", visits[0]["id"], "小学生", "+1")
        assert wrote.returncode == 1
        assert "只读" in wrote.stderr and "read-only" in wrote.stderr
        assert "Traceback" not in wrote.stderr + listed.stderr + checked.stderr


def test_a_data_folder_that_cannot_be_created_is_named_not_called_damaged(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    with locked(parent):
        proc = run(parent / "data", "check")
    assert proc.returncode == 1
    assert "数据目录无法写入" in proc.stderr and "cannot be written" in proc.stderr
    assert "caravan restore" not in proc.stderr and "no usable backup" not in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_field_day_from_the_command_line_leaves_automatic_backups(data: Path) -> None:
    backups = data / "backups"
    assert not list(backups.glob("auto-*.db"))
    assert run(data, "visit", "list").returncode == 0
    assert not list(backups.glob("auto-*.db")), "a read-only command makes no copy"
    assert run(data, "demo", "--visits", "2").returncode == 0
    visit = json.loads(run(data, "--json", "visit", "list").stdout)[0]["id"]
    assert run(data, "visit", "start", visit).returncode == 0
    first = sorted(backups.glob("auto-*.db"))
    assert len(first) == 1, "the first change of the day is followed by a copy"
    assert run(data, "tally", visit, "小学生", "+5").returncode == 0
    assert sorted(backups.glob("auto-*.db")) == first, "not a copy after every command"
