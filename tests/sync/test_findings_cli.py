"""Issue #10 findings 6 and 9 as a crew types them: two laptops, the real hub, only the
`caravan` command (the service-level tests are test_causal_conflicts.py and
test_catalogue_merge.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import fresh_data_dir

from .test_stock_corrections_sync import _caravan

pytestmark = [pytest.mark.server, pytest.mark.slow]


def _two(hub, tmp_path: Path) -> tuple[Path, Path]:  # noqa: ANN001
    a, b = fresh_data_dir(tmp_path / "a"), fresh_data_dir(tmp_path / "b")
    for d in (a, b):
        _caravan(d, "enroll", "--server", hub.url, "--code", hub.code())
    return a, b


def test_cli_finding_6_only_concurrent_edits_are_conflicts(hub, tmp_path: Path) -> None:  # noqa: ANN001
    a, b = _two(hub, tmp_path)
    _caravan(a, "van", "add", "1号车")
    _caravan(a, "device", "setup", "--caravan", "1号车", "--name", "笔记本A")
    site = _caravan(a, "--json", "site", "add", "西平中学", "--county", "微山县")["id"]
    vid = _caravan(a, "--json", "visit", "add", "西平中学", "--date", dt.date.today().isoformat())["id"]
    _caravan(a, "visit", "start", vid)
    _caravan(a, "visit", "complete", vid)  # planned → in progress → completed: its own lifecycle
    _caravan(a, "sync")
    _caravan(b, "sync")
    for d, who in ((a, "王老师"), (b, "李校长"), (a, "赵主任")):  # three edits, each after seeing the last
        _caravan(d, "site", "edit", site, "--contact", who)
        _caravan(d, "sync")
        _caravan(b if d == a else a, "sync")
    for d in (a, b):
        assert _caravan(d, "--json", "conflicts") == []
    _caravan(a, "site", "edit", site, "--contact", "甲")  # now really concurrent: both offline
    _caravan(b, "site", "edit", site, "--contact", "乙")
    for d in (a, b, a):
        _caravan(d, "sync")
    listed = _caravan(a, "--json", "conflicts") + _caravan(b, "--json", "conflicts")
    assert len(listed) == 1 and listed[0]["field"] == "contact" and listed[0]["lost"] in ("甲", "乙")


def test_cli_finding_9_titles_and_vans_made_offline_twice_are_one_after_sync(hub, tmp_path: Path) -> None:  # noqa: ANN001
    a, b = _two(hub, tmp_path)
    for d in (a, b):  # both laptops load their lists offline
        _caravan(d, "van", "add", "2号车")
        _caravan(d, "title", "add", "身边的科学")
    for d in (a, b, a, b):
        _caravan(d, "sync")
    for d in (a, b):
        assert [t["name"] for t in _caravan(d, "--json", "title", "list")] == ["身边的科学"]
        assert [v["name"] for v in _caravan(d, "--json", "van", "list")] == ["2号车"]
        assert _caravan(d, "--json", "check")["ok"] is True
        merges = _caravan(d, "--json", "merge", "list")
        assert sorted(x["entity"] for x in merges) == ["caravan", "title"]  # recorded, reversible
    ea, eb = tmp_path / "a.json", tmp_path / "b.json"
    _caravan(a, "export", str(ea))
    _caravan(b, "export", str(eb))
    assert ea.read_bytes() == eb.read_bytes() == hub.export()  # the merge facts made twice: one
