"""Everything the GUI can change is in the CLI too (issue #10): edits of sites, visits, people,
titles and vans, with bilingual errors naming the field and --json output; and the catalogue
merge commands with `caravan check`'s duplicates section (finding 9). Real `caravan` processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import fresh_data_dir
from tests.helpers.cli import caravan as run
from tests.helpers.cli import caravan_json as js

pytestmark = pytest.mark.slow  # real `caravan` processes


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = fresh_data_dir(tmp_path / "data")
    js(d, "van", "add", "1号车", "--plate", "鲁H12345")
    run(d, "device", "setup", "--caravan", "1号车", "--name", "笔记本A")
    return d


def test_site_visit_person_title_and_van_edits(data: Path) -> None:
    site = js(data, "site", "add", "西平中学", "--county", "微山县")["id"]
    out = js(data, "site", "edit", site, "--contact", "王老师", "--students", "1791", "--town", "西平镇")
    assert out["changed"] == {"contact": "王老师", "students": 1791, "town": "西平镇"}
    assert out["record"]["contact"] == "王老师"
    assert js(data, "site", "edit", "西平中学", "--contact", "")["record"]["contact"] is None  # cleared

    visit = js(data, "visit", "add", "西平中学", "--date", "2026-12-01")["id"]
    out = js(data, "visit", "edit", visit, "--theme", "科技进校园", "--date", "2026-12-03")
    assert out["record"]["theme"] == "科技进校园" and out["record"]["date"] == "2026-12-03"

    person = js(data, "person", "add", "李四", "--role", "volunteer")["id"]
    out = js(data, "person", "edit", person, "--team", "任城服务队", "--phone", "13800000000")
    assert out["record"]["team"] == "任城服务队" and out["record"]["phone"] == "13800000000"

    title = js(data, "title", "add", "身边的科学")["id"]
    out = js(data, "title", "edit", title, "--publisher", "科学普及出版社", "--name", "《科学探索》")
    assert out["record"]["publisher"] == "科学普及出版社" and out["record"]["name"] == "科学探索"

    out = js(data, "van", "edit", "鲁H12345", "--name", "一号车", "--county", "任城区")
    assert out["record"]["name"] == "一号车" and out["record"]["home_county"] == "任城区"
    assert [c["name"] for c in js(data, "van", "list")] == ["一号车"]


def test_edit_errors_name_the_field_in_both_languages(data: Path) -> None:
    site = js(data, "site", "add", "西平中学", "--county", "微山县")["id"]
    proc = run(data, "--json", "site", "edit", site, "--county", "火星县", ok=False)
    err = json.loads(proc.stdout)["error"]
    assert proc.returncode == 1 and err["field"] == "county" and err["zh"] and err["en"]
    proc = run(data, "site", "edit", site, "--students", "很多", ok=False)
    assert "[students]" in proc.stderr and "Error [students]" in proc.stderr
    proc = run(data, "van", "edit", "1号车", "--county", "火星县", ok=False)
    assert "[home_county]" in proc.stderr
    proc = run(data, "site", "edit", site, ok=False)
    assert "no field to change" in proc.stderr
    # A visit's status is not an edit: lifecycle commands only.
    visit = js(data, "visit", "add", "西平中学", "--date", "2026-12-01")["id"]
    assert run(data, "visit", "edit", visit, "--status", "completed", ok=False).returncode != 0


def test_merge_commands_and_check_section(data: Path) -> None:
    a = js(data, "title", "add", "身边的科学")["id"]
    b = js(data, "title", "add", "《身边的科学》")["id"]  # the same title typed again
    proc = run(data, "check", ok=False)
    assert proc.returncode == 1 and "duplicates by natural key" in proc.stdout
    (dup,) = js(data, "merge", "duplicates")
    assert dup["entity"] == "title" and dup["ids"] == sorted([a, b])
    made = js(data, "merge", "apply", "title", max(a, b), min(a, b))
    assert js(data, "check")["ok"] is True
    assert [t["id"] for t in js(data, "title", "list")] == [min(a, b)]
    (m,) = js(data, "merge", "list")
    assert (m["id"], m["from_id"], m["into_id"], m["undone"]) == (made["id"], max(a, b), min(a, b), False)
    js(data, "merge", "undo", made["id"])
    assert js(data, "merge", "list") == [] and js(data, "merge", "list", "--all")[0]["undone"] is True
    rep = js(data, "check")  # kept apart by a person: listed, not a problem
    assert rep["ok"] is True and rep["duplicates"][0]["kept_apart"] is True
    proc = run(data, "merge", "undo", made["id"], ok=False)
    assert "[merge_id]" in proc.stderr
