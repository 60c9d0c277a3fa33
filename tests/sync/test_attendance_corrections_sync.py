"""Issue #10, attendance part, across two laptops and a real hub process: the same take-back
and the same void made on both laptops before they sync are one fact after sync; a reopen
syncs; records pulled for a visit completed here are still applied (the hub is the truth)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from caravan_app.domain.errors import DomainError
from caravan_app.services.export import canonical_export

pytestmark = pytest.mark.server


def _field(app):  # noqa: ANN001, ANN202
    c = app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    app.catalog.set_this_device("笔记本A", c)
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县", kind="高中")
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园")
    app.visits.arrive(v)
    return c, v


def _converged(hub, *apps) -> None:  # noqa: ANN001
    for app in (*apps, *apps):
        app.sync.sync_now()
    exports = {canonical_export(a.db) for a in apps}
    assert exports == {hub.export()}, "laptops and hub differ after sync"


def test_same_take_back_on_two_laptops_is_one_fact(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    _c, v = _field(a)
    a.attendance.tally(v, "primary", 10)
    a.attendance.tally(v, "primary", 25)
    a.sync.sync_now()
    b.sync.sync_now()
    # Both laptops take back the newest entry (+25) before they sync: the same take-back.
    assert a.attendance.tally(v, "primary", -25) == 10
    assert b.attendance.tally(v, "primary", -25) == 10
    _converged(hub, a, b)
    for app in (a, b):
        assert app.attendance.totals(v)["primary"] == 10  # the original minus 25 once
        assert app.maintenance.check().ok, app.maintenance.check().problems
        assert app.attendance.tally_review(v) == []
        assert app.attendance.tally(v, "primary", 1) == 11  # counting goes on
    _converged(hub, a, b)
    assert a.attendance.totals(v)["primary"] == b.attendance.totals(v)["primary"] == 12


def test_different_take_backs_of_one_entry_go_to_review_and_never_go_negative(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    _c, v = _field(a)
    a.attendance.tally(v, "teacher", 6)
    a.sync.sync_now()
    b.sync.sync_now()
    a.attendance.tally(v, "teacher", -6)
    b.attendance.tally(v, "teacher", -4)  # another correction of the same entry, unseen
    _converged(hub, a, b)
    for app in (a, b):
        assert app.attendance.totals(v)["teacher"] == 0  # capped at the entry: never negative
        (item,) = app.attendance.tally_review(v)
        assert item.counted == 6 and item.taken == 10
        rep = app.maintenance.check()
        assert rep.ok and rep.facts["attendance_review"] == 1
        assert app.attendance.tally(v, "teacher", 2) == 2


def test_same_void_on_two_laptops_is_one_fact(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    _c, v = _field(a)
    a.attendance.signin(v, "张三", "student", "三年级二班")
    bad = a.attendance.signin(v, "张三三").id  # a typo ("11111" is refused at the door now)
    a.sync.sync_now()
    b.sync.sync_now()
    (va,) = a.attendance.void_signin(bad, "误输入")
    (vb,) = b.attendance.void_signin(bad, "名字是数字")
    assert va == vb  # derived from the sign-in
    _converged(hub, a, b)
    for app in (a, b):
        assert app.attendance.signin_count(v) == 1
        assert [r.name for r in app.attendance.signins(v)] == ["张三"]
        assert app.maintenance.check().ok
    # one fact on every device: the copy the one derived-fact rule keeps (domain/corrections.py:
    # the lower (hlc, device)), with exactly one of the two reasons
    doc = hub.export()
    assert json.loads(doc)  # the hub's export parses
    voids = json.loads(doc)["entities"]["signin_correction"]
    assert len(voids) == 1 and voids[0]["reason"] in ("误输入", "名字是数字")


def test_reopen_syncs_and_late_records_still_apply(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    _c, v = _field(a)
    a.sync.sync_now()
    b.sync.sync_now()
    b.attendance.tally(v, "parent", 3)  # b counts offline while a completes the visit
    a.visits.complete(v)
    a.sync.sync_now()
    b.sync.sync_now()  # b pushes its count (taken while the visit was open there) and pulls the completion
    a.sync.sync_now()
    assert a.attendance.totals(v)["parent"] == 3  # the hub is the truth: applied at a completed visit
    with pytest.raises(DomainError) as e:
        b.attendance.tally(v, "parent", 1)  # but no laptop creates one now
    assert "reopen" in e.value.en
    code = a.reports.figures(v).payload()
    b.visits.reopen(v, "补录家长人数", by="李老师")
    b.attendance.tally(v, "parent", 2)
    b.visits.complete(v)
    _converged(hub, a, b)
    assert [x.reason for x in a.visits.reopens(v)] == ["补录家长人数"]
    assert not a.reports.verify(code).ok and a.reports.verify(a.reports.figures(v).payload()).ok


@pytest.mark.slow
def test_the_same_take_back_typed_on_two_laptops_takes_back_once(hub, tmp_path: Path) -> None:
    from tests.conftest import fresh_data_dir
    from tests.helpers.cli import caravan  # in-process: the commands' answers are under test

    a, b = fresh_data_dir(tmp_path / "a"), fresh_data_dir(tmp_path / "b")
    for d in (a, b):
        caravan(d, "enroll", "--server", hub.url, "--code", hub.code("1号车"))
    caravan(a, "van", "add", "1号车")
    caravan(a, "device", "setup", "--caravan", "1号车", "--name", "笔记本A")
    caravan(a, "site", "add", "任城区实验小学", "--county", "任城区")
    v = json.loads(
        caravan(a, "--json", "visit", "add", "任城区实验小学", "--date", dt.date.today().isoformat()).stdout
    )["id"]
    caravan(a, "tally", v, "小学生", "+10")
    caravan(a, "sync")
    caravan(b, "sync")
    caravan(a, "tally", v, "小学生", "-10")
    caravan(b, "tally", v, "小学生", "-10")
    for d in (a, b, a):
        caravan(d, "sync")
    for d in (a, b):
        assert json.loads(caravan(d, "--json", "visit", "show", v).stdout)["tallies"]["primary"] == 0
        assert json.loads(caravan(d, "--json", "check").stdout)["ok"]
        caravan(d, "tally", v, "小学生", "+1")
    for d in (a, b, a):
        caravan(d, "sync")
    for d in (a, b):
        assert json.loads(caravan(d, "--json", "visit", "show", v).stdout)["tallies"]["primary"] == 2
