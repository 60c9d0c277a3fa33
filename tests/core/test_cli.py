"""The `caravan` command as a user runs it: real files, JSON output (in-process; the data folder
from the environment in a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import fresh_data_dir
from tests.helpers.cli import caravan, caravan_json

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT.parent / "shared" / "data" / "sites_sample.csv"


# The commands run in this process (tests/helpers/cli.py): their output is what is under test.
run = caravan
js = caravan_json


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return fresh_data_dir(tmp_path / "data")


def test_demo_import_export_check(data: Path, tmp_path: Path) -> None:
    made = js(data, "demo", "--visits", "12")
    assert made["loaded"] and made["caravans"] == 8 and made["visits"] == 12
    assert "已有数据" in run(data, "demo", "--if-empty").stdout
    if SAMPLE.exists():
        rep = js(data, "import", "sites", str(SAMPLE))
        c = rep["counts"]
        assert c["rejected"] == 0 and c["new"] + c["unchanged"] + c["changed"] == 60  # demo sites overlap the sample
    out = tmp_path / "out.json"
    run(data, "export", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["entities"]["caravan"]) == 8
    assert js(data, "check")["ok"] is True


def test_a_field_day_headless(data: Path) -> None:
    js(data, "van", "add", "1号车", "--plate", "鲁H12345")
    run(data, "device", "setup", "--caravan", "1号车", "--name", "笔记本A")
    js(data, "site", "add", "西平中学", "--county", "微山县", "--students", "1791")
    js(data, "title", "add", "《身边的科学》")
    vid = js(data, "visit", "add", "西平中学", "--date", "2026-11-20", "--theme", "科技进校园")["id"]
    js(data, "stock", "load", "身边的科学", "50")
    run(data, "visit", "start", vid)
    assert js(data, "tally", vid, "小学生", "+45")["total"] == 45
    assert js(data, "tally", vid, "primary", "-5")["total"] == 40
    js(data, "distribute", vid, "身边的科学", "20", "--to", "三年级二班")
    refused = run(data, "distribute", vid, "身边的科学", "100", ok=False)
    assert refused.returncode == 1 and "库存不足" in refused.stderr and "--force" in refused.stderr
    over = js(data, "distribute", vid, "身边的科学", "100", "--force")["movement"]
    bare = run(data, "--json", "undo", ok=False)  # no id under --json: refused, names the command
    assert bare.returncode == 1 and f"caravan undo {over}" in bare.stdout
    assert "撤销" in js(data, "undo", over)["zh"]
    summary = js(data, "visit", "complete", vid)
    assert summary["attendance"] == 40 and summary["books"] == 20
    stock = js(data, "stock")
    assert stock[0]["on_hand"] == 30
    close = js(data, "stock", "close", "身边的科学=29", "--date", "2026-11-20")
    assert close["lines"][0]["difference"] == -1
    assert js(data, "check")["ok"] is True


def test_bad_input_names_the_field_and_exits_non_zero(data: Path) -> None:
    proc = run(data, "--json", "site", "add", "某小学", "--county", "北京", ok=False)
    assert proc.returncode == 1
    err = json.loads(proc.stdout)["error"]
    assert err["field"] == "county" and "县市区" in err["zh"]
    proc = run(data, "import", "sites", str(data / "missing.csv"), ok=False)
    assert proc.returncode == 1 and "未导入" in proc.stderr


def test_check_fails_on_a_damaged_ledger(data: Path) -> None:
    import sqlite3

    js(data, "demo", "--visits", "4")
    conn = sqlite3.connect(data / "caravan.db")
    conn.execute("drop trigger tallies_no_update")
    conn.execute("update tallies set delta = -1000")
    conn.commit()
    conn.close()
    proc = run(data, "check", ok=False)
    assert proc.returncode == 1 and "negative attendance" in proc.stdout


def test_backup_and_restore(data: Path, tmp_path: Path) -> None:
    js(data, "van", "add", "1号车")
    b = tmp_path / "b.db"
    run(data, "backup", str(b))
    js(data, "van", "add", "2号车")
    run(data, "restore", str(b), "--leave-unsent")  # going back on purpose: the unsent van is only saved
    assert [c["name"] for c in js(data, "van", "list")] == ["1号车"]


def test_data_dir_from_environment(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CARAVAN_DATA_DIR": str(tmp_path / "envdata")}
    proc = subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--json", "info"], capture_output=True, text=True, env=env
    )
    assert json.loads(proc.stdout)["data_dir"] == str(tmp_path / "envdata")
    assert (tmp_path / "envdata" / "caravan.db").exists()


def test_a_record_handed_to_the_json_output_prints_as_its_fields(capsys) -> None:  # noqa: ANN001
    """A command that passes a typed record to ``--json`` gets its fields, not its repr."""
    import argparse
    import dataclasses

    from caravan_app.cli.common import emit

    @dataclasses.dataclass(frozen=True)
    class Plain:
        id: str
        name: str

    @dataclasses.dataclass(frozen=True)
    class Ordered:
        id: str
        name: str

        def to_dict(self) -> dict[str, str]:
            return {"name": self.name, "id": self.id}

    emit(argparse.Namespace(json=True), {"a": Plain("1", "甲"), "b": [Ordered("2", "乙")], "p": Path("x")})
    out = capsys.readouterr().out
    assert json.loads(out) == {"a": {"id": "1", "name": "甲"}, "b": [{"name": "乙", "id": "2"}], "p": "x"}
    assert list(json.loads(out)["b"][0]) == ["name", "id"]
