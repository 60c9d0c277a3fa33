"""Restore keeps a laptop's identity (issue #10, finding 8): another laptop's database is
refused unless taken over as a new device; this laptop's own older backup still restores."""

from __future__ import annotations

from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.storage import backup as bk
from tests.conftest import fresh_data_dir
from tests.helpers.cli import caravan as run
from tests.helpers.cli import caravan_json as js

pytestmark = pytest.mark.slow  # real `caravan` processes


def _device(data: Path) -> str:
    return js(data, "info")["device_id"]


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path, Path]:
    a, b = fresh_data_dir(tmp_path / "a"), fresh_data_dir(tmp_path / "b")
    js(a, "van", "add", "1号车")
    js(b, "van", "add", "2号车")
    other = tmp_path / "other.db"
    run(b, "backup", str(other))
    return a, b, other


def test_restore_refuses_another_laptops_database(two: tuple[Path, Path, Path]) -> None:
    a, b, other = two
    before = _device(a)
    proc = run(a, "restore", str(other), ok=False)
    assert proc.returncode == 1
    assert "另一台电脑" in proc.stderr + proc.stdout and "--as-new-device" in proc.stderr + proc.stdout
    assert _device(a) == before  # nothing replaced
    assert [c["name"] for c in js(a, "van", "list")] == ["1号车"]


def test_restore_as_new_device_takes_the_data_with_a_new_identity(two: tuple[Path, Path, Path]) -> None:
    a, b, other = two
    mine, theirs = _device(a), _device(b)
    # The other laptop had changes it had not pushed: they stay its own, not resent as ours.
    assert bk.unsent_changes(other) > 0
    out = js(a, "restore", str(other), "--as-new-device")
    assert out["as_new_device"] is True and out["unsent_left_out"] == bk.unsent_changes(other)
    # This laptop's own unsent changes (its 1号车) are not dropped without a word: counted and saved.
    assert out["unsent_found"] and out["unsent_written_back"] == 0
    assert "1号车" in Path(out["unsent_saved_to"]).read_text(encoding="utf-8")
    new = _device(a)
    assert new not in (mine, theirs)
    assert [c["name"] for c in js(a, "van", "list")] == ["2号车"]
    status = js(a, "sync", "status")
    assert status["enrolled"] is False and status["server"] is None and status["pending"] == 0
    # A restored copy says what to do next in plain words.
    run(a, "restore", str(other), ok=False)  # now the other laptop's file is foreign again
    txt = run(a, "restore", str(other), "--as-new-device").stdout
    assert "重新登记" in txt and "enroll again" in txt


def test_this_laptops_older_backup_still_restores(tmp_path: Path) -> None:
    a = fresh_data_dir(tmp_path / "a")
    js(a, "van", "add", "1号车")
    old = tmp_path / "old.db"
    run(a, "backup", str(old))
    js(a, "van", "add", "2号车")
    dev = _device(a)
    run(a, "restore", str(old), "--leave-unsent")
    assert _device(a) == dev and [c["name"] for c in js(a, "van", "list")] == ["1号车"]


def test_the_service_refuses_too_and_stays_usable(tmp_path: Path) -> None:
    a = App.open(fresh_data_dir(tmp_path / "a"))
    b = App.open(fresh_data_dir(tmp_path / "b"))
    b.catalog.add_caravan("2号车")
    other = b.maintenance.backup(tmp_path / "o.db")
    with pytest.raises(bk.OtherDevice):
        a.maintenance.restore(other)
    a.catalog.add_caravan("1号车")  # the app was not closed by the refusal
    assert [c.name for c in a.catalog.caravans()] == ["1号车"]
    a.close()
    b.close()
