"""The file handling that Windows laptops depend on, exercised here with the same code: data folders
whose path has spaces and Chinese characters, backups through writable handles, atomic replaces."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from caravan_app.services.app import App
from caravan_app.storage import backup as bk
from tests.conftest import fresh_data_dir

ROOT = Path(__file__).resolve().parents[2]


def test_a_data_folder_with_spaces_and_chinese_characters_works_end_to_end(tmp_path: Path) -> None:
    data = fresh_data_dir(tmp_path / "张 三 的文件" / "科普 大篷车 数据")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CARAVAN_DATA_DIR", None)

    def caravan(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    assert caravan("demo", "--visits", "3").returncode == 0
    target = tmp_path / "备份 文件夹" / "今天 的 备份.db"
    made = caravan("backup", str(target))
    assert made.returncode == 0, made.stderr
    assert bk.verify(target) == "ok"
    assert caravan("check").returncode == 0
    app = App.open(data)
    try:
        assert len(app.visits.list()) == 3
        assert app.maintenance.check().ok
    finally:
        app.close()


def test_backup_flushes_through_a_writable_handle_and_replaces_atomically(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = App.open(fresh_data_dir(tmp_path / "data"))
    try:
        app.catalog.add_caravan("1号车")
        src = app.db.path
    finally:
        app.close()
    modes: list[str] = []
    real_open = open

    def watching_open(file, mode="r", *a, **kw):  # type: ignore[no-untyped-def]
        if str(file).endswith(".part"):
            modes.append(mode)
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr("builtins.open", watching_open)
    target = tmp_path / "copy.db"
    target.write_bytes(b"old")
    bk.backup_to(src, target)
    monkeypatch.undo()
    # Windows' fsync (_commit) fails on a read-only handle: the flush must use a writable one.
    assert modes and all(("+" in m or "w" in m) for m in modes), modes
    assert not (tmp_path / "copy.db.part").exists()
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("select count(*) from caravans").fetchone()[0] == 1
    finally:
        conn.close()
