"""The rules of the visit, stock and attendance services, fast: what a crew member would notice
(a figure, a refusal naming its field, a ``--json`` key), through a real app on a real SQLite
file (the ``field`` fixture), no subprocess. Part of the mutation-testing selection
(docs/mutation.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import select

from caravan_app.domain import corrections, privacy
from caravan_app.domain.errors import NotFound, RuleError, StockWarning, ValidationError
from caravan_app.domain.ids import derived_id
from caravan_app.domain.vocab import ACTIVITY_KINDS
from caravan_app.services.app import App
from caravan_app.services.visits import VisitService, activities_text, activity_kind_code, duty_hours
from caravan_app.storage import models as m
from caravan_app.storage.records import unit_of_work


def test_an_undo_cannot_be_undone_and_nothing_is_undone_twice(app: App, field: dict[str, str]) -> None:
    mv = app.stock.distribute(field["caravan"], field["title"], 5, field["visit"])
    res = app.stock.undo(mv)
    assert [(ln.id, ln.visit_id) for ln in res.lines] == [(mv, field["visit"])]  # what `stock undo` names
    with pytest.raises(RuleError) as e:
        app.stock.undo(res.ids[0])
    assert (e.value.field, e.value.zh, e.value.en) == (
        "movement",
        "撤销记录不能再撤销；如需恢复，请重新登记一次（例如重新发放）",
        "an undo cannot be undone; record the movement again instead (e.g. hand out again)",
    )
    with pytest.raises(RuleError) as e:
        app.stock.undo(mv)
    assert (e.value.zh, e.value.en) == ("该记录已撤销", f"movement {mv} is already undone")
    assert app.stock.balance(field["caravan"], field["title"]) == 100


def test_an_uncounted_title_is_named_and_never_recorded_as_zero(app: App, field: dict[str, str]) -> None:
    other = app.catalog.add_title("科学探索")
    app.stock.load(field["caravan"], other, 7)
    today = dt.date.today()
    with pytest.raises(ValidationError) as e:
        app.stock.close_day(field["caravan"], today, {field["title"]: 100, other: ""})
    assert e.value.field == "counted"
    assert e.value.zh == "还有 1 种图书未清点：《科学探索》；请清点后填写，或只结已清点的（--partial）"
    assert e.value.en.startswith("1 title(s) with stock on the van not counted: 《科学探索》")
    assert app.stock.day_closes(field["caravan"]) == []
    rep = app.stock.close_day(field["caravan"], today, {field["title"]: 98}, partial=True)
    assert [ln.title_id for ln in rep.lines] == [field["title"]] and rep.uncounted == [other]
    assert rep.lines[0].difference == -2 and rep.adjustments == []


def test_day_close_differences_booked_in_the_same_transaction(app: App, field: dict[str, str]) -> None:
    rep = app.stock.close_day(field["caravan"], dt.date.today(), {field["title"]: 97}, book_differences=True)
    assert len(rep.adjustments) == 1
    assert app.stock.balance(field["caravan"], field["title"]) == 97
    (close,) = app.stock.day_closes(field["caravan"])
    assert json.loads(json.dumps(close.lines_json())) == [
        {"title_id": field["title"], "expected": 100, "counted": 97, "difference": -3}
    ]


def test_two_people_of_one_name_with_different_phones_are_two_sign_ins(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    a = app.attendance.signin(v, "张三", "villager", phone="13800001111")
    b = app.attendance.signin(v, "张三", "villager", phone="13900002222")
    again = app.attendance.signin(v, "张三", "villager", phone="138 0000 1111")
    assert not a.duplicate and not b.duplicate and again.duplicate and again.id == a.id
    assert app.attendance.signin_count(v) == 2


# --- stock (services/stock.py) ---------------------------------------------------------------

# A time earlier today: changes made "now" in a test must come after it, whatever the hour the suite runs.
T0 = dt.datetime.combine(
    dt.date.today(), dt.time(9, 30) if dt.datetime.now().time() >= dt.time(9, 31) else dt.time(0, 0, 1)
)


def _mv(app: App, mid: str) -> dict[str, Any]:
    """One movement's fields by name (its record as a mapping)."""
    return dataclasses.asdict(next(x for x in app.stock.movements() if x.id == mid))


def test_each_movement_kind_moves_the_balance_its_way_and_records_what_was_said(
    app: App, field: dict[str, str]
) -> None:
    c, t, v = field["caravan"], field["title"], field["visit"]
    ld = app.stock.load(c, t, 10, reason="补货", at=T0)
    assert app.stock.balance(c, t) == 110
    assert {k: _mv(app, ld)[k] for k in ("kind", "qty", "reason", "at", "override")} == {
        "kind": "load",
        "qty": 10,
        "reason": "补货",
        "at": T0.isoformat(),
        "override": None,
    }
    d = app.stock.distribute(c, t, 30, v, recipient="三年级二班", at=T0)
    assert {k: _mv(app, d)[k] for k in ("kind", "qty", "visit_id", "recipient", "override")} == {
        "kind": "distribute",
        "qty": -30,
        "visit_id": v,
        "recipient": "三年级二班",
        "override": None,
    }
    assert app.stock.balance(c, t) == 80
    r = app.stock.return_(c, t, 2, reason="多领", visit_id=v)
    assert (_mv(app, r)["qty"], _mv(app, r)["reason"], _mv(app, r)["visit_id"]) == (2, "多领", v)
    un = app.stock.unload(c, t, 12, reason="回库")
    assert (_mv(app, un)["qty"], _mv(app, un)["reason"]) == (-12, "回库")
    a = app.stock.adjust(c, t, -3, "破损")
    assert (_mv(app, a)["qty"], _mv(app, a)["reason"], _mv(app, a)["kind"]) == (-3, "破损", "adjust")
    assert app.stock.balance(c, t) == 67 and app.stock.balances(c) == {t: 67}
    for bad in (lambda: app.stock.load(c, t, 0), lambda: app.stock.distribute(c, t, 0, v)):
        with pytest.raises(ValidationError) as e:
            bad()
        assert e.value.field == "quantity"
    with pytest.raises(ValidationError) as e:
        app.stock.adjust(c, t, 2, "")
    assert e.value.field == "reason"
    with pytest.raises(ValidationError):
        app.stock.return_(c, t, 0)
    with pytest.raises(ValidationError):
        app.stock.unload(c, t, 0)
    assert app.stock.balance(c, t) == 67


def test_a_hand_out_past_stock_needs_a_recorded_confirmation(app: App, field: dict[str, str]) -> None:
    c, t, v = field["caravan"], field["title"], field["visit"]
    with pytest.raises(StockWarning) as e:
        app.stock.distribute(c, t, 101, v)
    assert (e.value.on_hand, e.value.wanted) == (100, 101)
    assert app.stock.balance(c, t) == 100
    exact = app.stock.distribute(c, t, 100, v)  # all of it: no warning, no override
    assert _mv(app, exact)["override"] is None and app.stock.balance(c, t) == 0
    over = app.stock.distribute(c, t, 1, v, override=True)
    assert _mv(app, over)["override"] is True and app.stock.balance(c, t) == -1
    for move in (
        lambda o: app.stock.unload(c, t, 1, override=o),
        lambda o: app.stock.adjust(c, t, -1, "丢失", override=o),
    ):
        with pytest.raises(StockWarning):
            move(False)
    assert app.stock.balance(c, t) == -1
    assert _mv(app, app.stock.unload(c, t, 1, override=True))["override"] is True
    assert _mv(app, app.stock.adjust(c, t, -1, "丢失", override=True))["override"] is True
    # a load is never an override, even with stock below zero
    assert _mv(app, app.stock.load(c, t, 1))["override"] is None


def test_hand_outs_and_returns_follow_the_visit_lifecycle(app: App, field: dict[str, str]) -> None:
    c, t, v = field["caravan"], field["title"], field["visit"]
    app.stock.return_(c, t, 1, visit_id=v)  # a return never starts a visit
    assert app.visits.get(v).status == "planned"  # type: ignore[union-attr]
    app.stock.distribute(c, t, 1, v, at=T0)  # a first hand-out starts it
    got = app.visits.get(v)
    assert got is not None and got.status == "in_progress" and got.arrived_at == T0.isoformat()
    app.visits.complete(v)
    with pytest.raises(RuleError):
        app.stock.distribute(c, t, 1, v)
    with pytest.raises(RuleError):
        app.stock.return_(c, t, 1, visit_id=v)
    # without a visit (a depot hand-out) there is nothing to check
    app.stock.distribute(c, t, 1, None)
    assert app.stock.balance(c, t) == 99


def test_a_transfer_is_a_pair_and_its_undo_reverses_both_halves(app: App, field: dict[str, str]) -> None:
    c, t = field["caravan"], field["title"]
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    with pytest.raises(RuleError) as e:
        app.stock.transfer(c, c, t, 5)
    assert (e.value.field, e.value.zh) == ("caravan_id", "调入和调出不能是同一辆车")
    with pytest.raises(ValidationError):
        app.stock.transfer(c, c2, t, 0)
    with pytest.raises(StockWarning):
        app.stock.transfer(c, c2, t, 101)
    out_id, in_id = app.stock.transfer(c, c2, t, 40)
    assert (app.stock.balance(c, t), app.stock.balance(c2, t)) == (60, 40)
    o, i = _mv(app, out_id), _mv(app, in_id)
    assert (o["kind"], o["qty"], o["recipient"]) == ("transfer_out", -40, c2)
    assert (i["kind"], i["qty"], i["ref_id"]) == ("transfer_in", 40, out_id)
    d = app.stock.describe(in_id)
    assert [ln.id for ln in d.lines] == [out_id, in_id]
    assert (
        d.zh
        == f"调出《身边的科学》40 册（1号车） · 时间 {_mv(app, out_id)['at'][:16].replace('T', ' ')}；"
        + (  # type: ignore[index]
            f"调入《身边的科学》40 册（2号车） · 时间 {_mv(app, in_id)['at'][:16].replace('T', ' ')}"  # type: ignore[index]
        )
    )
    assert app.stock.describe(out_id).target == out_id
    assert [ln.id for ln in app.stock.describe(out_id).lines] == [out_id, in_id]
    # the receiving van's newest own movement is not offered as "undo last": the pair is
    assert app.stock.last_undoable(c2) is None
    assert app.stock.last_undoable(c).id == out_id  # type: ignore[union-attr]
    res = app.stock.undo(in_id)
    assert res.targets == [out_id, in_id] and len(res.ids) == 2
    assert (app.stock.balance(c, t), app.stock.balance(c2, t)) == (100, 0)
    with pytest.raises(RuleError) as e:
        app.stock.undo(out_id)
    assert e.value.zh == "该记录已撤销"
    with pytest.raises(NotFound):
        app.stock.describe("nope")


def test_an_undo_says_what_it_undid_and_a_negative_undo_needs_confirmation(app: App, field: dict[str, str]) -> None:
    c, t, v = field["caravan"], field["title"], field["visit"]
    d = app.stock.distribute(c, t, 5, v, recipient="李老师", at=T0)
    res = app.stock.undo(d, reason="点错")
    when = T0.isoformat()[:16].replace("T", " ")
    assert (
        res.zh
        == f"已撤销：发放《身边的科学》5 册 · 车辆 1号车 · 领取人 李老师 · 活动 鱼台县第一中学 {dt.date.today()} · 时间 {when}"
    )
    assert res.en == (
        f"Undone: Distribute of 5 × '身边的科学' (van 1号车) to 李老师 at visit 鱼台县第一中学 {dt.date.today()}, on {when}"
    )
    u = _mv(app, res.ids[0])
    assert (u["kind"], u["qty"], u["ref_id"], u["reason"], u["visit_id"], u["recipient"], u["override"]) == (
        "undo",
        5,
        d,
        "撤销 / undo：点错",
        v,
        "李老师",
        None,
    )
    assert res.to_dict() == {
        "undo": res.ids[0],
        "ids": res.ids,
        "of": d,
        "targets": [d],
        "lines": [dataclasses.asdict(ln) for ln in res.lines],
        "override": False,
        "zh": res.zh,
        "en": res.en,
    }
    assert app.stock.balance(c, t) == 100
    # undoing the morning load after handing most of it out takes stock below zero
    ld = app.stock.load(c, t, 50)
    app.stock.distribute(c, t, 120, v)
    with pytest.raises(StockWarning) as e:
        app.stock.undo(ld)
    assert (e.value.on_hand, e.value.wanted) == (30, 50)
    forced = app.stock.undo(ld, override=True)
    assert forced.override and forced.zh.endswith("（已确认库存为负）")
    assert forced.en.endswith(" (stock below zero confirmed)")
    assert (
        forced.zh
        == "已撤销：装车《身边的科学》50 册 · 车辆 1号车 · 时间 "
        + _mv(app, ld)["at"][:16].replace("T", " ")
        + "（已确认库存为负）"
    )  # type: ignore[index]
    assert _mv(app, forced.ids[0])["override"] is True and _mv(app, forced.ids[0])["reason"] == "撤销 / undo"
    assert app.stock.balance(c, t) == -20
    with pytest.raises(NotFound) as nf:
        app.stock.undo("0000")
    assert nf.value.field == "movement"
    with pytest.raises(NotFound):
        app.stock.undo("")


def test_undo_is_refused_at_a_completed_visit_and_on_a_closed_day(app: App, field: dict[str, str]) -> None:
    c, t, v = field["caravan"], field["title"], field["visit"]
    d = app.stock.distribute(c, t, 5, v)
    d2 = app.stock.distribute(c, t, 1, v)
    app.visits.complete(v)
    with pytest.raises(RuleError):
        app.stock.undo(d)
    app.visits.reopen(v, reason="补录")
    app.stock.undo(d2)  # reopened: allowed
    ld = app.stock.load(c, t, 3)
    app.stock.close_day(c, dt.date.today(), {t: 98})
    with pytest.raises(RuleError) as e:
        app.stock.undo(ld)
    today = dt.date.today().isoformat()
    assert e.value.zh.startswith(f"{today} 这辆车已日结，不能撤销当天的记录")
    assert e.value.en.startswith(f"the day {today} is closed (day close) for this van")
    assert app.stock.balance(c, t) == 98
    # another van's day close does not block this one
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    l2 = app.stock.load(c2, t, 3)
    app.stock.close_day(c, dt.date.today() - dt.timedelta(days=1), {t: 97})
    c3 = app.catalog.add_caravan("3号车", "鲁H00003", "邹城市")
    app.stock.close_day(c3, dt.date.today(), {})
    app.stock.undo(l2)
    assert app.stock.balance(c2, t) == 0


def test_undo_last_offers_the_newest_own_movement_not_yet_undone(app: App, field: dict[str, str]) -> None:
    t, v = field["title"], field["visit"]
    c = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    assert app.stock.last_undoable(c) is None
    app.stock.load(c, t, 50, at=T0)
    a = app.stock.distribute(c, t, 1, v, at=T0 + dt.timedelta(minutes=1))
    b = app.stock.distribute(c, t, 2, v, at=T0 + dt.timedelta(minutes=2))
    app.stock.load(c, t, 5, at=T0 + dt.timedelta(minutes=3))
    assert app.stock.last_undoable(c).qty == 5  # type: ignore[union-attr]
    assert app.stock.last_undoable(c, visit_id=v).id == b  # type: ignore[union-attr]
    app.stock.undo(b)
    assert app.stock.last_undoable(c, visit_id=v).id == a  # type: ignore[union-attr]
    assert app.stock.last_undoable(field["caravan"], visit_id=v) is None
    assert app.stock.last_undoable(field["caravan"]).qty == 100  # type: ignore[union-attr]


def test_movement_lists_filter_by_van_and_visit_newest_first(app: App, field: dict[str, str]) -> None:
    c, t, v = field["caravan"], field["title"], field["visit"]
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    a = app.stock.distribute(c, t, 1, v, at=T0)
    b = app.stock.distribute(c, t, 2, v, at=T0 + dt.timedelta(minutes=1))
    l2 = app.stock.load(c2, t, 4, at=T0)
    l3 = app.stock.load(c2, t, 4, at=T0 + dt.timedelta(minutes=5))
    assert [x.id for x in app.stock.movements(visit_id=v)] == [b, a]
    assert [x.id for x in app.stock.movements(caravan_id=c2)] == [l3, l2]
    assert len(app.stock.movements(caravan_id=c)) == 3 and len(app.stock.movements()) == 5
    assert [x.id for x in app.stock.movements(caravan_id=c2, limit=1)] == [l3]


def test_day_close_compares_counts_with_the_ledger_and_books_only_when_asked(app: App, field: dict[str, str]) -> None:
    c, t = field["caravan"], field["title"]
    t2 = app.catalog.add_title("科学探索")
    t3 = app.catalog.add_title("空书")
    app.stock.load(c, t2, 7)
    app.stock.load(c, t3, 2)
    app.stock.unload(c, t3, 2)  # nothing left of it: needs no count
    today = dt.date.today()
    with pytest.raises(ValidationError):
        app.stock.close_day(c, today, {t: 100, t2: None})
    rep = app.stock.close_day(c, today, {t: 95, t2: 7}, note="晚上清点")
    assert sorted((ln.title_id, ln.expected, ln.counted, ln.difference) for ln in rep.lines) == sorted(
        [(t, 100, 95, -5), (t2, 7, 7, 0)]
    )
    assert [ln.title_id for ln in rep.differences] == [t]
    assert rep.adjustments == [] and rep.uncounted == [] and rep.caravan_id == c and rep.date == today.isoformat()
    assert app.stock.balance(c, t) == 100  # not booked
    booked = app.stock.close_day(c, today, {t: 95, t2: 8}, book_differences=True)
    assert len(booked.adjustments) == 2
    adj = [_mv(app, i) for i in booked.adjustments]
    assert sorted(x["qty"] for x in adj) == [-5, 1]  # type: ignore[type-var]
    assert {(x["kind"], x["ref_id"], x["reason"]) for x in adj} == {
        ("adjust", booked.id, "日结差异 / day close difference")
    }
    assert (app.stock.balance(c, t), app.stock.balance(c, t2)) == (95, 8)
    # a partial close of a title with no stock counts from zero
    part = app.stock.close_day(c, today, {t3: 1}, partial=True)
    assert part.lines_json() == [{"title_id": t3, "expected": 0, "counted": 1, "difference": 1}]
    assert sorted(part.uncounted) == sorted([t, t2])
    assert [r.id for r in app.stock.day_closes(c)] == [rep.id, booked.id, part.id]
    assert app.stock.day_closes(c, date="2000-01-01") == [] and len(app.stock.day_closes(date=today.isoformat())) == 3
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    assert app.stock.day_closes(c2) == []
    with pytest.raises(NotFound):
        app.stock.close_day("nope", today, {})


# --- attendance (services/attendance.py) ----------------------------------------------------


def _other_laptop(app: App, entity: str, data: dict[str, object], record_id: str | None = None) -> str:
    """A record as another laptop's sync brings it (written through the same unit of work)."""
    with unit_of_work(app.db) as u:
        return u.insert(entity, data, record_id=record_id)


def _entries(app: App, visit: str) -> list[tuple[str, int]]:
    with app.db.read() as s:
        return [
            (r.id, r.delta) for r in s.scalars(select(m.Tally).where(m.Tally.visit_id == visit).order_by(m.Tally.id))
        ]


def _takebacks(app: App, visit: str) -> list[tuple[str, int, int]]:
    with app.db.read() as s:
        rows = s.scalars(select(m.TallyTakeback).where(m.TallyTakeback.visit_id == visit))
        return sorted((r.tally_id, r.qty, r.seen) for r in rows)


def test_head_counts_add_up_per_group_and_a_take_back_names_the_newest_entries(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    assert app.attendance.totals(v) == {g: 0 for g in ("primary", "junior", "senior", "teacher", "parent", "other")}
    assert app.attendance.tally(v, "primary", 10, at=T0) == 10
    got = app.visits.get(v)
    assert got is not None and (got.status, got.arrived_at) == ("in_progress", T0.isoformat())
    assert app.attendance.tally(v, "primary", 4) == 14
    assert app.attendance.tally(v, "teacher", "3") == 3
    (e10, _), (e4, _), _t = _entries(app, v)
    for bad in (0, "", "x"):
        with pytest.raises(ValidationError):
            app.attendance.tally(v, "primary", bad)
    with pytest.raises(ValidationError):
        app.attendance.tally(v, "aliens", 1)
    # −6: all 4 of the newest entry, then 2 of the +10
    assert app.attendance.tally(v, "primary", -6) == 8
    assert _takebacks(app, v) == sorted([(e4, 4, 0), (e10, 2, 0)])
    with pytest.raises(RuleError) as e:
        app.attendance.take_back(v, "primary", 9)
    assert (e.value.field, e.value.zh, e.value.en) == (
        "delta",
        "人数不能减到负数（当前 8）",
        "count cannot go below zero (now 8)",
    )
    assert app.attendance.take_back(v, "primary", 8) == 0  # exactly what is left
    assert _takebacks(app, v) == sorted([(e4, 4, 0), (e10, 2, 0), (e10, 8, 2)])
    assert app.attendance.totals(v)["primary"] == 0 and app.attendance.totals(v)["teacher"] == 3
    with pytest.raises(ValidationError):
        app.attendance.take_back(v, "primary", 0)
    assert app.attendance.tally(v, "primary", 1) == 1  # counting goes on


def test_a_take_back_never_starts_a_visit_and_a_completed_one_takes_no_count(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    with pytest.raises(RuleError) as e:
        app.attendance.take_back(v, "primary", 1)
    assert "当前 0" in e.value.zh
    assert app.visits.get(v).status == "planned"  # type: ignore[union-attr]
    app.attendance.tally(v, "primary", 5)
    app.visits.complete(v)
    for act in (lambda: app.attendance.tally(v, "primary", 1), lambda: app.attendance.take_back(v, "primary", 1)):
        with pytest.raises(RuleError):
            act()
    assert app.attendance.totals(v)["primary"] == 5


def test_take_backs_a_merge_cannot_decide_are_listed_until_a_person_checks_them(
    app: App, field: dict[str, str]
) -> None:
    v = field["visit"]
    app.attendance.tally(v, "primary", 10)
    app.attendance.tally(v, "junior", 6)
    (entry, _), (jentry, _) = _entries(app, v)
    assert app.attendance.tally_review(v) == []
    # two laptops took back 3 and 5 from the same entry, neither having seen the other
    ids = [
        _other_laptop(
            app,
            "tally_takeback",
            {"tally_id": entry, "visit_id": v, "group": "primary", "qty": q, "seen": 0, "at": f"2026-05-01T10:0{q}:00"},
            record_id=derived_id("tally-takeback", entry, "0", str(q)),
        )
        for q in (3, 5)
    ]
    # one ordinary take-back of the junior entry: nothing to review
    app.attendance.take_back(v, "junior", 2)
    (item,) = app.attendance.tally_review(v)
    assert {k: getattr(item, k) for k in ("tally_id", "visit_id", "group", "counted", "taken")} == {
        "tally_id": entry,
        "visit_id": v,
        "group": "primary",
        "counted": 10,
        "taken": 8,
    }
    assert sorted((t.id, t.qty) for t in item.takebacks) == sorted(zip(ids, (3, 5), strict=True))
    assert {t.device_id for t in item.takebacks} == {app.db.device_id}
    assert app.attendance.tally_review() == [item] and app.attendance.tally_review("other") == []
    assert app.attendance.totals(v)["primary"] == 2
    with pytest.raises(NotFound):
        app.attendance.mark_tally_checked(jentry)
    with pytest.raises(NotFound):
        app.attendance.resolve_tally_review(jentry, add=1)
    # the crew counted again: 4 more were there; the item leaves the unchecked list
    assert app.attendance.resolve_tally_review(entry, add=4) == 6
    assert app.attendance.tally_review(v, include_checked=False) == []
    assert len(app.attendance.tally_review(v)) == 1
    # a later take-back of that entry brings it back
    app.attendance.take_back(v, "primary", 6)
    back = app.attendance.tally_review(v, include_checked=False)
    assert [b.tally_id for b in back] == [entry]
    assert app.attendance.resolve_tally_review(entry, take=0) == 0
    assert app.attendance.tally_review(v, include_checked=False) == []


def test_more_taken_than_an_entry_counted_is_listed_and_resolved_by_taking_back(
    app: App, field: dict[str, str]
) -> None:
    v = field["visit"]
    app.attendance.tally(v, "primary", 4)
    app.attendance.tally(v, "primary", 9)
    (entry, _), _x = _entries(app, v)
    for q, seen in ((3, 0), (3, 3)):  # two sequential take-backs from a laptop that saw only 4: 6 > 4
        _other_laptop(
            app,
            "tally_takeback",
            {"tally_id": entry, "visit_id": v, "group": "primary", "qty": q, "seen": seen, "at": "2026-05-01T10:00:00"},
            record_id=derived_id("tally-takeback", entry, str(seen), str(q)),
        )
    (item,) = app.attendance.tally_review(v)
    assert (item.counted, item.taken) == (4, 6)
    assert app.attendance.totals(v)["primary"] == 9  # the entry gives back at most its count
    assert app.attendance.resolve_tally_review(entry, take=2) == 7
    assert app.attendance.tally_review(v, include_checked=False) == []


def test_sign_ins_are_numbered_once_per_person_and_answered_when_repeated(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    a = app.attendance.signin(v, "张三", "villager", organisation="南村", phone="13800001111", at=T0)
    assert (a.number, a.duplicate, a.name) == (1, False, "张三")
    got = app.visits.get(v)
    assert got is not None and got.status == "in_progress"  # a first sign-in starts the visit
    b = app.attendance.signin(v, " 李四 ", "teacher", organisation="一中")
    assert (b.number, b.duplicate, b.name) == (2, False, "李四")
    again = app.attendance.signin(v, "李 四", "teacher", organisation="一中")
    assert (again.id, again.number, again.duplicate, again.name) == (b.id, 2, True, "李四")
    assert app.attendance.answer(a.id) == type(a)(a.id, 1, True, "张三")
    assert app.attendance.answer(b.id).number == 2
    with pytest.raises(RuleError) as e:
        app.attendance.answer("nope")
    assert e.value.field == "signin_id"
    rows = app.attendance.signins(v)
    assert [(r.name, r.group, r.organisation, r.phone, r.method) for r in rows] == [
        ("张三", "villager", "南村", "13800001111", "manual"),
        ("李四", "teacher", "一中", None, "manual"),
    ]
    assert app.attendance.signin_count(v) == 2
    assert app.attendance.signin_ids(v) == [b.id, a.id]
    assert app.attendance.signin_ids(v, limit=1) == [b.id]
    assert [r.name for r in app.attendance.signins_by_ids([a.id])] == ["张三"]
    with pytest.raises(ValidationError):
        app.attendance.signin(v, "", "villager")
    with pytest.raises(ValidationError):
        app.attendance.signin(v, "王五", "villager", method="telepathy")
    # the default group is "other"
    assert app.attendance.signins_by_ids([app.attendance.signin(v, "赵六").id])[0].group == "other"


def test_a_pupil_signs_in_with_a_class_and_no_phone_and_each_nameless_pupil_counts(
    app: App, field: dict[str, str]
) -> None:
    v = field["visit"]
    assert app.attendance.collection("primary") == privacy.Collection(False, False, True)
    assert app.attendance.collection("villager") == privacy.Collection(True, True, False)
    p = app.attendance.signin(v, "小明", "primary", organisation="三年级二班", phone="13800001111")
    got = app.attendance.signins_by_ids([p.id])[0]
    assert got.phone is None and got.name == "小明"  # a pupil's number is never stored, the name given is
    n1 = app.attendance.signin(v, None, "primary", organisation="三年级二班")
    n2 = app.attendance.signin(v, "", "primary", organisation="三年级二班")
    assert not n1.duplicate and not n2.duplicate and app.attendance.signin_count(v) == 3
    with pytest.raises(ValidationError) as e:
        app.attendance.signin(v, None, "primary")
    assert e.value.field == "organisation"


def test_a_phone_sign_in_known_only_by_name_is_its_own_person_marked_possible_duplicate(
    app: App, field: dict[str, str]
) -> None:
    v = field["visit"]
    a = app.attendance.signin(v, "张三", "villager", method="phone", distinct=True)
    b = app.attendance.signin(v, "张三", "villager", method="phone", distinct=True)
    assert not b.duplicate and b.number == 2 and app.attendance.signin_count(v) == 2
    assert app.attendance.possible_duplicates(v) == {b.id}
    assert [r.possible_duplicate for r in app.attendance.signins(v)] == [False, True]
    # the crew checked: another person; asking twice records one fact
    rid = app.attendance.confirm_distinct(b.id, reason="父子同名")
    assert app.attendance.confirm_distinct(b.id) == rid == derived_id("signin-distinct", b.id)
    with app.db.read() as s:
        assert s.scalars(select(m.SigninCorrection)).all()[0].reason == "父子同名"
        assert len(s.scalars(select(m.SigninCorrection)).all()) == 1
    assert app.attendance.possible_duplicates(v) == set()
    # with a phone number, "distinct" changes nothing: the number is who it is
    c1 = app.attendance.signin(v, "王五", "villager", phone="13900002222", distinct=True)
    c2 = app.attendance.signin(v, "王五", "villager", phone="13900002222", distinct=True)
    assert c2.duplicate and c2.id == c1.id
    # a badge (crew member) signs in once
    d1 = app.attendance.signin(v, "王志愿", "volunteer", person_id=field["person"], method="badge")
    d2 = app.attendance.signin(v, "王志愿", "volunteer", person_id=field["person"], method="badge")
    assert d2.duplicate and d2.id == d1.id and d1.number == 4
    with pytest.raises(NotFound):
        app.attendance.signin(v, "某人", "volunteer", person_id="nobody")
    assert a.number == 1


def test_a_voided_sign_in_leaves_counts_and_lists_with_every_copy_of_that_person(
    app: App, field: dict[str, str]
) -> None:
    v = field["visit"]
    a = app.attendance.signin(v, "张三", "villager", at=T0)
    bad = app.attendance.signin(v, "张三三", "villager", at=T0 + dt.timedelta(minutes=1))
    c = app.attendance.signin(v, "李四", "villager", at=T0 + dt.timedelta(minutes=2))
    with app.db.read() as s:
        key = s.get(m.Signin, bad.id).dedupe_key  # type: ignore[union-attr]
    # the same person signed in on another laptop (same key): one person, two rows
    twin = _other_laptop(
        app,
        "signin",
        {
            "visit_id": v,
            "name": "张三三",
            "group": "villager",
            "method": "manual",
            "dedupe_key": key,
            "at": T0.isoformat(),
        },
    )
    assert app.attendance.signin_count(v) == 3
    with pytest.raises(ValidationError):
        app.attendance.void_signin(bad.id, "")
    ids = app.attendance.void_signin(bad.id, "误输入")
    assert ids == [derived_id("signin-void", bad.id), derived_id("signin-void", twin)]
    assert app.attendance.voided(v) == {bad.id, twin}
    with app.db.read() as s:
        corr = {r.signin_id: (r.kind, r.reason, r.visit_id) for r in s.scalars(select(m.SigninCorrection))}
        assert {r.id for r in s.scalars(select(m.SigninCorrection))} == set(ids)  # one fact on every laptop
    assert corr == {bad.id: ("void", "误输入", v), twin: ("void", "误输入", v)}
    assert app.attendance.signin_count(v) == 2
    assert [r.id for r in app.attendance.signins(v)] == [a.id, c.id]
    assert app.attendance.answer(c.id).number == 2  # numbers close up over the void
    assert app.attendance.signin_ids(v) == [c.id, a.id]
    assert set(app.attendance.signin_ids(v, include_voided=True)) == {a.id, bad.id, c.id, twin}
    with pytest.raises(RuleError) as e:
        app.attendance.void_signin(bad.id, "again")
    assert (e.value.zh, e.value.en) == ("该签到已作废", "this sign-in is already void")
    with pytest.raises(NotFound):
        app.attendance.void_signin("nope", "x")
    app.visits.complete(v)
    with pytest.raises(RuleError):
        app.attendance.void_signin(a.id, "太晚")


def test_with_phones_kept_on_the_laptop_the_dedupe_key_carries_no_number(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    app.db.set_meta(privacy.META_HUB_PHONES, "0")
    a = app.attendance.signin(v, "张三", "villager", phone="13800001111")
    again = app.attendance.signin(v, "张三", "villager", phone="138-0000-1111")
    assert again.duplicate and again.id == a.id
    with app.db.read() as s:
        key = s.get(m.Signin, a.id).dedupe_key  # type: ignore[union-attr]
    assert key.startswith("h:") and "13800001111" not in key
    app.db.set_meta(privacy.META_HUB_PHONES, "1")
    b = app.attendance.signin(v, "李四", "villager", phone="13900002222")
    with app.db.read() as s:
        assert s.get(m.Signin, b.id).dedupe_key == "t:13900002222"  # type: ignore[union-attr]


# --- visits (services/visits.py) ------------------------------------------------------------


def test_a_planned_visit_records_what_was_planned_and_guesses_its_category(app: App, field: dict[str, str]) -> None:
    s, c = field["site"], field["caravan"]
    v = app.visits.get(field["visit"])
    assert v is not None
    assert (v.status, v.theme, v.activities, v.date) == (
        "planned",
        "科技进校园",
        "科普展示、讲座",
        dt.date.today().isoformat(),
    )
    assert v.activity_kind == "exhibition"  # "展示" in the activities (the first keyword found)
    assert len(v.signin_token) == 16
    w = app.visits.get(
        app.visits.add(s, c, "2026-05-01", theme="全国科普日", activities=["展板", " ", "实验"], notes="带横幅")
    )
    assert w is not None and (w.activity_kind, w.activities, w.notes) == (
        "science_week",
        "展板、实验",
        "带横幅",
    )
    assert app.visits.get(app.visits.add(s, c, "2026-05-02", activities="a，b,c")).activities == "a、b、c"  # type: ignore[union-attr]
    plain = app.visits.get(app.visits.add(s, c, "2026-05-03"))
    assert plain is not None and (plain.activities, plain.activity_kind) == (None, "exhibition")
    assert app.visits.get(app.visits.add(s, c, "2026-05-04", activities="、")).activities is None  # type: ignore[union-attr]

    def kind(label: str) -> str:
        got = app.visits.get(app.visits.add(s, c, "2026-05-05", theme="讲座", activity_kind=label))
        assert got is not None
        return str(got.activity_kind)

    assert [kind(x) for x in ("training", "实用技术培训", "training ", "")] == ["training"] * 3 + ["lecture"]
    with pytest.raises(ValidationError) as e:
        app.visits.add(s, c, "2026-05-05", activity_kind="party")
    assert e.value.field == "activity_kind"
    with pytest.raises(NotFound) as nf:
        app.visits.add("nope", c, "2026-05-05")
    assert nf.value.field == "site_id"
    with pytest.raises(NotFound) as nf:
        app.visits.add(s, "nope", "2026-05-05")
    assert nf.value.field == "caravan_id"
    with pytest.raises(ValidationError):
        app.visits.add(s, c, "2026-13-01")
    assert app.visits.get("nope") is None


def test_a_visit_edit_changes_only_what_was_given(app: App, field: dict[str, str]) -> None:
    v, c = field["visit"], field["caravan"]
    s2 = app.sites.add(name="谷亭街道中心小学", county="鱼台县")
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    app.visits.update(v, date="2026-06-01", theme="科普讲座进校园", activities=["实验", "展板"], notes="改期")
    got = app.visits.get(v)
    assert got is not None
    assert (got.date, got.theme, got.activities, got.notes, got.activity_kind) == (
        "2026-06-01",
        "科普讲座进校园",
        "实验、展板",
        "改期",
        "exhibition",  # the category is not guessed again on an edit ("讲座" in the new theme)
    )
    app.visits.update(v, activity_kind="科普竞赛", site_id=s2, caravan_id=c2)
    got = app.visits.get(v)
    assert got is not None and (got.activity_kind, got.site_id, got.caravan_id, got.theme) == (
        "contest",
        s2,
        c2,
        "科普讲座进校园",
    )
    with pytest.raises(NotFound) as e:
        app.visits.update(v, site_id="nope")
    assert e.value.field == "site_id"
    with pytest.raises(NotFound) as e:
        app.visits.update(v, caravan_id="nope")
    assert e.value.field == "caravan_id"
    with pytest.raises(NotFound):
        app.visits.update("nope", theme="x")
    assert app.visits.get(v).caravan_id == c2 != c  # type: ignore[union-attr]


def test_the_visit_lifecycle_arrive_complete_reopen_cancel_delete(app: App, field: dict[str, str]) -> None:
    v, p = field["visit"], field["person"]
    assert app.visits.arrive(v, at=T0).status == "in_progress"
    got = app.visits.get(v)
    assert got is not None and (got.status, got.arrived_at) == ("in_progress", T0.isoformat())
    assert app.visits.duty(v, p, at=T0) == "on"
    left = T0 + dt.timedelta(hours=2, minutes=30)
    summ = app.visits.complete(v, at=left)
    assert summ.visit.status == "completed" and summ.visit.left_at == left.isoformat()
    assert app.visits.on_duty(v) == [] and summ.crew_hours == {p: 2.5}  # off duty at the leave time
    assert app.visits.duty_events(v) == [(p, "on", T0.isoformat()), (p, "off", left.isoformat())]
    with pytest.raises(RuleError):
        app.visits.cancel(v)
    with pytest.raises(ValidationError) as e:
        app.visits.reopen(v)
    assert e.value.field == "reason"
    assert app.visits.reopen(v, reason="补录签到", by="王老师").status == "in_progress"
    assert app.visits.get(v).status == "in_progress"  # type: ignore[union-attr]
    (ro,) = app.visits.reopens(v)
    assert (ro.reason, ro.by, ro.visit_id) == ("补录签到", "王老师", v)
    assert app.visits.summary(v).reopens == [ro]
    app.visits.complete(v)
    app.visits.reopen(v, reason="再补")
    assert [r.reason for r in app.visits.reopens(v)] == ["补录签到", "再补"]
    app.visits.cancel(v)
    assert app.visits.get(v).status == "cancelled"  # type: ignore[union-attr]
    with pytest.raises(RuleError) as refused:
        app.visits.delete(v)
    assert (refused.value.field, refused.value.zh) == ("status", "只能删除计划中的活动")
    app.visits.reopen(v)  # a cancelled visit goes back to planned, no reason needed
    assert app.visits.get(v).status == "planned"  # type: ignore[union-attr]
    assert len(app.visits.reopens(v)) == 2
    app.visits.delete(v)
    assert app.visits.get(v) is None
    with pytest.raises(NotFound):
        app.visits.arrive(v)


def test_a_new_sign_in_link_replaces_the_old_one(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    old = app.visits.get(v).signin_token  # type: ignore[union-attr]
    assert app.visits.by_token(old).id == v  # type: ignore[union-attr]
    new = app.visits.new_signin_token(v)
    assert new != old and len(new) == 16 and app.visits.get(v).signin_token == new  # type: ignore[union-attr]
    assert app.visits.by_token(old) is None and app.visits.by_token(new).id == v  # type: ignore[union-attr]
    with pytest.raises(NotFound):
        app.visits.new_signin_token("nope")


def test_visit_lists_filter_by_day_van_status_county_and_text(app: App, field: dict[str, str]) -> None:
    v, s, c = field["visit"], field["site"], field["caravan"]
    s2 = app.sites.add(name="泉林中心小学", county="泗水县")
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    today = dt.date.today()
    w = app.visits.add(s2, c2, today, theme="健康讲座")
    x = app.visits.add(s, c, today - dt.timedelta(days=3), theme="科普日")
    app.visits.cancel(x)
    y = app.visits.add(s2, c, today, theme="展览")
    app.visits.cancel(y)
    ids = lambda rows: sorted(r.id for r in rows)  # noqa: E731
    assert ids(app.visits.list()) == sorted([v, w, x, y])
    assert ids(app.visits.list(today, today)) == sorted([v, w, y])
    assert ids(app.visits.list("", today - dt.timedelta(days=1))) == [x]
    assert ids(app.visits.list(caravan_id=c2)) == [w]
    assert ids(app.visits.list(status="cancelled")) == sorted([x, y])
    assert ids(app.visits.list(county="泗水县")) == sorted([w, y])
    assert ids(app.visits.list(search="泉林")) == sorted([w, y])
    assert ids(app.visits.list(search="健康")) == [w]
    row = next(r for r in app.visits.list() if r.id == w)
    assert (row.site_name, row.county) == ("泉林中心小学", "泗水县")
    assert ids(app.visits.today(None, today)) == sorted([v, w])  # cancelled ones are not today's work
    assert ids(app.visits.today(c, today)) == [v]
    assert ids(app.visits.today(c)) == [v]
    assert app.visits.today(None, today - dt.timedelta(days=3)) == []


def test_crew_duty_toggles_and_hours_count_until_the_leave_time(app: App, field: dict[str, str]) -> None:
    v, p = field["visit"], field["person"]
    q2 = app.catalog.add_person(name="李志愿", role="volunteer")
    assert app.visits.duty(v, p, at=T0) == "on"  # the first scan starts the visit too
    assert app.visits.get(v).status == "in_progress"  # type: ignore[union-attr]
    assert app.visits.duty(v, q2, "on", at=T0) == "on"
    assert sorted(app.visits.on_duty(v)) == sorted([p, q2])
    assert app.visits.duty(v, p, at=T0 + dt.timedelta(minutes=90)) == "off"  # scanned again
    assert app.visits.on_duty(v) == [q2]
    assert app.visits.duty(v, p, at=T0 + dt.timedelta(minutes=120)) == "on"
    assert app.visits.duty(v, p, "off", at=T0 + dt.timedelta(minutes=150)) == "off"
    hours = app.visits.crew_hours(v)  # q2 still on: counted until now while the visit is open
    assert hours[p] == 2.0 and set(hours) == {p, q2}
    with pytest.raises(ValidationError):
        app.visits.duty(v, p, "lunch")
    with pytest.raises(NotFound) as e:
        app.visits.duty(v, "nobody")
    assert e.value.field == "person_id"
    s = app.visits.complete(v, at=T0 + dt.timedelta(hours=3))
    assert s.crew_hours == {p: 2.0, q2: 3.0}
    with pytest.raises(RuleError):
        app.visits.duty(v, p)
    later = app.visits.add(field["site"], field["caravan"], dt.date.today() + dt.timedelta(days=2))
    with pytest.raises(RuleError):
        app.visits.duty(later, p)


def test_duty_hours_fold_repeated_scans_from_two_laptops() -> None:
    ev = [
        ("a", "on", "2026-05-01T09:00:00"),
        ("a", "on", "2026-05-01T09:30:00"),  # the other laptop: still on since 9:00
        ("b", "off", "2026-05-01T09:40:00"),  # off without on: no hours
        ("a", "off", "2026-05-01T10:30:00"),
        ("a", "off", "2026-05-01T10:45:00"),
        ("c", "on", "2026-05-01T11:00:00"),
    ]
    assert duty_hours(ev) == {"a": 1.5, "b": 0.0, "c": 0.0}
    assert duty_hours(ev, "2026-05-01T12:20:00") == {"a": 1.5, "b": 0.0, "c": 1.33}
    assert duty_hours([("c", "on", "2026-05-01T11:00:00")], "2026-05-01T10:00:00") == {"c": 0.0}
    assert duty_hours([]) == {}


def test_the_visit_summary_is_what_the_report_prints(app: App, field: dict[str, str]) -> None:
    v, c, t = field["visit"], field["caravan"], field["title"]
    t2 = app.catalog.add_title("科学探索")
    app.stock.load(c, t2, 10)
    app.attendance.tally(v, "primary", 30)
    app.attendance.tally(v, "teacher", 4)
    app.attendance.signin(v, "张老师", "teacher")
    app.attendance.signin(v, "李老师", "teacher")
    app.stock.distribute(c, t, 20, v, recipient="三年级")
    app.stock.distribute(c, t2, 5, v, recipient="三年级")
    app.stock.distribute(c, t, 1, None)  # not at this visit
    s = app.visits.summary(v)
    assert s.tallies == {"primary": 30, "teacher": 4} and s.attendance == 34 and s.signins == 2
    assert s.books == 25 and sorted(s.distributed) == sorted([(t, "三年级", 20), (t2, "三年级", 5)])
    assert s.site is not None and s.site.name == "鱼台县第一中学" and s.visit.id == v
    d = s.to_dict()
    assert d["distributed"] == [list(x) for x in s.distributed] and d["attendance"] == 34 and d["books"] == 25
    assert {k: d[k] for k in ("tallies", "signins", "crew_hours", "reopens", "site", "visit")} == {
        "tallies": s.tallies,
        "signins": 2,
        "crew_hours": {},
        "reopens": [],
        "site": dataclasses.asdict(s.site),
        "visit": s.visit.to_json(),
    }
    # the keys ``visit show --json`` always printed: the site's id and schema fields, in order
    assert list(d["site"]) == [
        "id",
        "name",
        "kind",
        "county",
        "town",
        "address",
        "contact",
        "phone",
        "students",
        "notes",
    ]
    assert d["site"]["name"] == "鱼台县第一中学" and d["visit"]["id"] == v and d["visit"]["status"] == "in_progress"
    with pytest.raises(RuleError) as e:
        app.visits.summary("nope")
    assert e.value.field == "visit_id"
    assert "nope" in e.value.en


def test_visit_helpers() -> None:
    assert activities_text(None) is None
    assert activities_text(("展板", "实验")) == "展板、实验"
    assert activity_kind_code(None) is None and activity_kind_code("  ") is None
    assert activity_kind_code("科技活动周/全国科普日") == "science_week"
    assert activity_kind_code("science week / day") == "science_week"
    assert VisitService.activity_kinds() == ACTIVITY_KINDS


def test_the_laptops_privacy_settings_decide_what_a_sign_in_keeps(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    app.db.set_meta(privacy.META_PUPILS, "villager")
    app.db.set_meta(privacy.META_CONSENT, "0")
    assert app.attendance.collection_settings() == (("villager",), False)
    a = app.attendance.signin(v, "张三", "villager", organisation="南村", phone="13800001111")
    b = app.attendance.signin(v, "小明", "primary", phone="13900002222")  # not a pupil group here
    rows = {r.id: r for r in app.attendance.signins_by_ids([a.id, b.id])}
    assert rows[a.id].phone is None and rows[b.id].phone == "13900002222"


def test_with_guardians_consent_a_pupil_gives_name_and_phone(app: App, field: dict[str, str]) -> None:
    app.db.set_meta(privacy.META_CONSENT, "1")
    assert app.attendance.collection("primary") == privacy.Collection(True, True, False)
    p = app.attendance.signin(field["visit"], "小明", "primary", phone="13800001111")
    assert app.attendance.signins_by_ids([p.id])[0].phone == "13800001111"
    with pytest.raises(ValidationError) as e:
        app.attendance.signin(field["visit"], None, "primary", organisation="三年级二班")
    assert e.value.field == "name"


# --- stock: what each refusal names, and corrections made elsewhere ---------------------------


def _refused(exc: type[Exception], act: Any) -> tuple[str, str, str]:
    with pytest.raises(exc) as e:  # type: ignore[var-annotated]
        act()
    return e.value.field, e.value.zh, e.value.en  # type: ignore[attr-defined]


def _pulled(
    app: App, entity: str, data: dict[str, Any], rid: str, device: str = "00000000-0000-0000-0000-00000000000b"
) -> None:
    """A record another laptop made, as a pull from the hub brings it."""
    from caravan_app.storage.records import apply_remote

    with app.db.write() as s:
        apply_remote(s, app.db, entity, {"id": rid, "device_id": device, "hlc": "1800000000000.00000", "data": data})


def test_every_stock_refusal_names_its_field(app: App, field: dict[str, str]) -> None:
    c, t, v = field["caravan"], field["title"], field["visit"]
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    acts = {
        "load": lambda q: app.stock.load(c, t, q),
        "distribute": lambda q: app.stock.distribute(c, t, q, v),
        "return": lambda q: app.stock.return_(c, t, q),
        "unload": lambda q: app.stock.unload(c, t, q),
        "adjust": lambda q: app.stock.adjust(c, t, q, "盘点"),
        "transfer": lambda q: app.stock.transfer(c, c2, t, q),
    }
    for name, act in acts.items():
        assert _refused(ValidationError, lambda a=act: a("abc"))[0] == "quantity", name  # type: ignore[misc]
    # zero is refused before anything is looked up (a wrong van does not hide it)
    for zero_act in (
        lambda: app.stock.load("nope", t, 0),
        lambda: app.stock.unload("nope", t, 0),
        lambda: app.stock.adjust("nope", t, 0, "盘点"),
        lambda: app.stock.transfer("nope", c2, t, 0),
    ):
        assert _refused(ValidationError, zero_act)[0] == "quantity"
    assert _refused(NotFound, lambda: app.stock.load("nope", t, 1)) == (
        "caravan_id",
        "找不到该记录（caravan）",
        "no such caravan: nope",
    )
    assert _refused(NotFound, lambda: app.stock.load(c, "nope", 1)) == (
        "title_id",
        "找不到该记录（title）",
        "no such title: nope",
    )
    for reason_act in (
        lambda: app.stock.load(c, t, 1, reason="a\nb"),
        lambda: app.stock.return_(c, t, 1, reason="a\nb"),
        lambda: app.stock.unload(c, t, 1, reason="a\nb"),
        lambda: app.stock.adjust(c, t, 1, "a\nb"),
    ):
        assert _refused(ValidationError, reason_act)[0] == "reason"
    assert _refused(ValidationError, lambda: app.stock.distribute(c, t, 1, v, recipient="a\nb"))[0] == "recipient"
    warn = _refused(StockWarning, lambda: app.stock.unload(c, t, 101))  # no confirmation by default
    assert warn[1] == "库存不足：《身边的科学》车上只有 100 册，本次 101 册；确认后将记录为超额发放"
    assert _refused(StockWarning, lambda: app.stock.adjust(c, t, -101, "丢失"))[0] == "quantity"
    assert _refused(RuleError, lambda: app.stock.transfer(c, c, t, 1))[2] == "transfer needs two different caravans"
    out_id, _ = app.stock.transfer(c, c2, t, 101, override=True)  # a confirmed transfer past stock
    assert _mv(app, out_id)["override"] is True and app.stock.balance(c, t) == -1
    # at a completed visit an empty hand-out is still a quantity problem, not a lifecycle one
    app.visits.arrive(v)
    app.visits.complete(v)
    assert _refused(ValidationError, lambda: app.stock.distribute(c, t, 0, v))[0] == "quantity"
    assert _refused(ValidationError, lambda: app.stock.return_(c, t, 0, visit_id=v))[0] == "quantity"
    d = app.stock.distribute(c2, t, 1, None)
    assert _refused(ValidationError, lambda: app.stock.undo(d, reason="a\nb"))[0] == "reason"
    assert _refused(NotFound, lambda: app.stock.undo("nope")) == (
        "movement",
        "找不到要撤销的记录：nope",
        "no such movement: nope",
    )
    assert _refused(NotFound, lambda: app.stock.describe("nope")) == (
        "movement",
        "找不到该记录：nope",
        "no such movement: nope",
    )
    app.stock.undo(d)
    assert _refused(RuleError, lambda: app.stock.undo(d))[0] == "movement"
    # a negative undo names the title
    ld = app.stock.load(c2, t, 5)
    app.stock.distribute(c2, t, 105, None, override=True)
    assert "《身边的科学》" in _refused(StockWarning, lambda: app.stock.undo(ld))[1]


def test_an_undo_has_the_id_every_laptop_gives_it_and_never_an_override_it_does_not_need(
    app: App, field: dict[str, str]
) -> None:
    c, t = field["caravan"], field["title"]
    ld = app.stock.load(c, t, 30)
    res = app.stock.undo(ld)  # back to exactly 100: no override
    assert res.ids == [corrections.derived_id("movement.undo", ld)] and not res.override
    assert _mv(app, res.ids[0])["override"] is None and app.stock.balance(c, t) == 100
    app.stock.distribute(c, t, 100, None)
    ld2 = app.stock.load(c, t, 10)
    exact = app.stock.undo(ld2)  # from 10 to exactly 0
    assert not exact.override and _mv(app, exact.ids[0])["override"] is None and app.stock.balance(c, t) == 0
    app.stock.load(c, t, 5)
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    out_id, in_id = app.stock.transfer(c, c2, t, 5)
    pair = app.stock.undo(out_id)
    assert not pair.override and [_mv(app, i)["override"] for i in pair.ids] == [None, None]
    assert pair.ids == [corrections.derived_id("movement.undo", out_id), corrections.derived_id("movement.undo", in_id)]
    assert [ln.id for ln in pair.lines] == [out_id, in_id]
    line = dataclasses.asdict(pair.lines[1])
    assert {k: line[k] for k in ("title_id", "caravan_id", "visit_id", "device_id", "kind", "qty")} == {
        "title_id": t,
        "caravan_id": c2,
        "visit_id": None,
        "device_id": app.db.device_id,
        "kind": "transfer_in",
        "qty": 5,
    }


def test_an_undo_made_before_the_derived_ids_still_counts_as_undone(app: App, field: dict[str, str]) -> None:
    c, t = field["caravan"], field["title"]
    d = app.stock.distribute(c, t, 4, None)
    # an older laptop's undo of it, under an ordinary id
    _pulled(
        app,
        "movement",
        {"caravan_id": c, "title_id": t, "kind": "undo", "qty": 4, "ref_id": d, "at": T0.isoformat()},
        "01a00000-0000-7000-8000-000000000001",
    )
    assert app.stock.balance(c, t) == 100
    assert _refused(RuleError, lambda: app.stock.undo(d))[1] == "该记录已撤销"
    # another laptop's movements are not offered as "undo last" here
    assert app.stock.last_undoable(c).kind == "load"  # type: ignore[union-attr]


def test_half_a_transfer_is_never_undone_alone(app: App, field: dict[str, str]) -> None:
    c, t = field["caravan"], field["title"]
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    half_in = "01a00000-0000-7000-8000-000000000002"
    _pulled(
        app,
        "movement",
        {
            "caravan_id": c2,
            "title_id": t,
            "kind": "transfer_in",
            "qty": 3,
            "ref_id": "01a00000-0000-7000-8000-0000000000ff",
            "at": T0.isoformat(),
        },
        half_in,
    )
    assert _refused(RuleError, lambda: app.stock.undo(half_in)) == (
        "movement",
        "调拨的另一半（调出记录）不在本机，不能只撤销一半；请先同步",
        "the other half of this transfer (transfer out) is not on this laptop; sync first",
    )
    half_out = "01a00000-0000-7000-8000-000000000003"
    _pulled(
        app,
        "movement",
        {"caravan_id": c, "title_id": t, "kind": "transfer_out", "qty": -3, "recipient": c2, "at": T0.isoformat()},
        half_out,
    )
    assert _refused(RuleError, lambda: app.stock.undo(half_out)) == (
        "movement",
        "调拨的另一半（调入记录）不在本机，不能只撤销一半；请先同步",
        "the other half of this transfer (transfer in) is not on this laptop; sync first",
    )
    # with two transfers, each out finds its own in
    o1, i1 = app.stock.transfer(c, c2, t, 1)
    o2, i2 = app.stock.transfer(c, c2, t, 2)
    assert app.stock.undo(o2).targets == [o2, i2]
    assert app.stock.describe(o1).lines[1].id == i1


def test_a_closed_day_blocks_undoing_its_own_movements_and_todays_only(app: App, field: dict[str, str]) -> None:
    c, t = field["caravan"], field["title"]
    today = dt.date.today()
    yesterday = T0 - dt.timedelta(days=1)
    old = app.stock.load(c, t, 2, at=yesterday)
    app.stock.close_day(c, yesterday.date(), {t: 102})
    assert _refused(RuleError, lambda: app.stock.undo(old)) == (
        "movement",
        f"{yesterday.date()} 这辆车已日结，不能撤销当天的记录；请改用“调整”记录更正（caravan stock adjust 书名 ±数量 --reason …）",
        f"the day {yesterday.date()} is closed (day close) for this van; record an adjustment instead "
        "(caravan stock adjust TITLE ±N --reason …)",
    )
    fresh = app.stock.load(c, t, 1)  # today is not closed: today's movement can be undone
    app.stock.undo(fresh)
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    old2 = app.stock.load(c2, t, 2, at=yesterday)
    app.stock.close_day(c2, today, {t: 2})
    assert _refused(RuleError, lambda: app.stock.undo(old2))[1].startswith(f"{today} 这辆车已日结")


def test_undo_last_and_lists_go_by_the_time_a_person_gave(app: App, field: dict[str, str]) -> None:
    t, v = field["title"], field["visit"]
    c = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    app.stock.load(c, t, 50, at=T0)
    late = app.stock.distribute(c, t, 1, v, at=T0 + dt.timedelta(minutes=10))  # entered first
    early = app.stock.distribute(c, t, 2, v, at=T0 + dt.timedelta(minutes=5))  # entered later, earlier time
    assert app.stock.last_undoable(c, visit_id=v).id == late  # type: ignore[union-attr]
    assert [x.id for x in app.stock.movements(visit_id=v)] == [late, early]
    app.stock.return_(c, t, 1, visit_id=v)  # a newer return is not a hand-out to undo
    v2 = app.visits.add(field["site"], c, dt.date.today())
    app.stock.distribute(c, t, 1, v2, at=T0 + dt.timedelta(minutes=20))  # another visit
    assert app.stock.last_undoable(c, visit_id=v).id == late  # type: ignore[union-attr]


def test_a_day_close_keeps_its_note_time_and_van(app: App, field: dict[str, str]) -> None:
    c, t = field["caravan"], field["title"]
    t2 = app.catalog.add_title("科学探索")
    app.stock.load(c, t2, 3)
    today = dt.date.today()
    at = T0 + dt.timedelta(hours=8)
    assert _refused(ValidationError, lambda: app.stock.close_day(c, "soon", {t: 1}))[0] == "date"
    assert _refused(NotFound, lambda: app.stock.close_day("nope", today, {}))[0] == "caravan_id"
    assert _refused(ValidationError, lambda: app.stock.close_day(c, today, {t: 1, t2: 3}, note="a\x07b"))[0] == "notes"
    miss = _refused(ValidationError, lambda: app.stock.close_day(c, today, {}))
    assert miss[1] == "还有 2 种图书未清点：《身边的科学》、《科学探索》；请清点后填写，或只结已清点的（--partial）"
    assert miss[2] == (
        "2 title(s) with stock on the van not counted: 《身边的科学》、《科学探索》; "
        "count them, or close only the counted ones (--partial)"
    )
    rep = app.stock.close_day(c, today, {t: 99, t2: 3}, note="晚上清点", at=at, book_differences=True)
    with app.db.read() as s:
        row = s.get(m.DayClose, rep.id)
        assert row is not None and (row.note, row.at, row.caravan_id, row.date) == (
            "晚上清点",
            at.isoformat(),
            c,
            today.isoformat(),
        )
    assert [_mv(app, i)["at"] for i in rep.adjustments] == [at.isoformat()]
    (listed,) = app.stock.day_closes(c)
    assert (listed.id, listed.caravan_id, listed.date) == (rep.id, c, today.isoformat())
    assert app.stock.describe(rep.adjustments[0]).en.startswith("Adjust of 1 × '身边的科学' (van 1号车), on ")


# --- attendance: what each refusal names, numbering and identity ------------------------------


def test_every_attendance_refusal_names_its_field(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    assert _refused(ValidationError, lambda: app.attendance.tally(v, "aliens", 1))[0] == "group"
    assert _refused(ValidationError, lambda: app.attendance.tally(v, "primary", "x"))[0] == "delta"
    assert _refused(ValidationError, lambda: app.attendance.take_back(v, "aliens", 1))[0] == "group"
    assert _refused(ValidationError, lambda: app.attendance.take_back(v, "primary", "x"))[0] == "delta"
    sign = app.attendance.signin
    assert _refused(ValidationError, lambda: sign(v, "张三", "aliens"))[0] == "group"
    assert _refused(ValidationError, lambda: sign(v, "张三", "villager", organisation="a\nb"))[0] == "organisation"
    assert _refused(ValidationError, lambda: sign(v, "张三", "villager", organisation="班" * 101))[0] == "organisation"
    assert _refused(ValidationError, lambda: sign(v, "张三", "villager", phone="abc"))[0] == "phone"
    assert _refused(ValidationError, lambda: sign(v, "张三", "villager", method="x"))[0] == "method"
    assert _refused(NotFound, lambda: sign(v, "张三", "volunteer", person_id="nobody"))[0] == "person_id"
    a = sign(v, "张三", "villager", organisation="班" * 100)
    assert _refused(RuleError, lambda: app.attendance.answer("nope")) == (
        "signin_id",
        "找不到该签到",
        "no such sign-in: nope",
    )
    for act in (
        lambda: app.attendance.void_signin(a.id, "a\nb"),
        lambda: app.attendance.void_signin(a.id, "因" * 401),
        lambda: app.attendance.confirm_distinct(a.id, "a\nb"),
        lambda: app.attendance.confirm_distinct(a.id, "因" * 401),
    ):
        assert _refused(ValidationError, act)[0] == "reason"
    assert _refused(NotFound, lambda: app.attendance.void_signin("nope", "x"))[0] == "signin_id"
    assert _refused(NotFound, lambda: app.attendance.confirm_distinct("nope"))[0] == "signin_id"
    app.attendance.confirm_distinct(a.id, "因" * 400)
    app.attendance.void_signin(a.id, "因" * 400)
    assert _refused(RuleError, lambda: app.attendance.void_signin(a.id, "x"))[0] == "signin_id"
    for review_act in (
        lambda: app.attendance.mark_tally_checked("nope"),
        lambda: app.attendance.resolve_tally_review("nope"),
    ):
        assert _refused(NotFound, review_act) == (
            "tally_id",
            "该计数记录无需复核",
            "nothing to review for tally entry nope",
        )


def test_counts_keep_the_time_given_and_take_backs_have_their_derived_ids(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    app.attendance.tally(v, "primary", 5, at=T0)
    app.attendance.tally(v, "primary", 1, at=T0)
    app.attendance.tally(v, "primary", 2, at=T0)
    (e5, _), (e1, _), (e2, _) = _entries(app, v)
    assert app.attendance.tally(v, "primary", -3, at=T0 + dt.timedelta(minutes=1)) == 5  # 2 of the +2, 1 of the +1
    assert app.attendance.take_back(v, "primary", 1) == 4  # the +1 is used up: 1 of the +5
    with app.db.read() as s:
        tallies = {r.id: r.at for r in s.scalars(select(m.Tally))}
        tbs = {(r.id, r.tally_id, r.qty, r.seen, r.at) for r in s.scalars(select(m.TallyTakeback))}
    assert set(tallies.values()) == {T0.isoformat()}
    later = (T0 + dt.timedelta(minutes=1)).isoformat()
    assert {t[:4] for t in tbs} == {
        (derived_id("tally-takeback", e2, "0", "2"), e2, 2, 0),
        (derived_id("tally-takeback", e1, "0", "1"), e1, 1, 0),
        (derived_id("tally-takeback", e5, "0", "1"), e5, 1, 0),
    }
    assert sorted(t[4] for t in tbs if t[1] != e5) == [later, later]
    # two ordinary take-backs of one entry (each saw the one before) need no review
    app.attendance.take_back(v, "primary", 1)
    assert app.attendance.tally_review(v) == []


def test_a_count_brought_by_sync_can_be_taken_back_without_starting_the_visit(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    tid = "01a00000-0000-7000-8000-000000000010"
    _pulled(app, "tally", {"visit_id": v, "group": "primary", "delta": 4, "at": T0.isoformat()}, tid)
    assert app.attendance.take_back(v, "primary", 4) == 0
    assert app.visits.get(v).status == "planned"  # type: ignore[union-attr]
    # more taken from an entry than it counted, by one take-back: listed for review
    app.attendance.tally(v, "junior", 2)
    ((jid, _),) = [e for e in _entries(app, v) if e[0] != tid]
    _pulled(
        app,
        "tally_takeback",
        {"tally_id": jid, "visit_id": v, "group": "junior", "qty": 3, "seen": 0, "at": T0.isoformat()},
        derived_id("tally-takeback", jid, "0", "3"),
    )
    (item,) = app.attendance.tally_review(v)
    assert (item.tally_id, item.visit_id, item.counted, item.taken) == (jid, v, 2, 3)
    assert item.to_json()["takebacks"] == [
        {
            "id": derived_id("tally-takeback", jid, "0", "3"),
            "qty": 3,
            "device_id": "00000000-0000-0000-0000-00000000000b",
            "at": T0.isoformat(),
        }
    ]
    assert app.attendance.resolve_tally_review(jid) == 0  # nothing added or taken: the group's total
    app.attendance.tally(v, "junior", 3)
    assert app.attendance.resolve_tally_review(jid) == 3  # the count added since


def test_sign_in_numbers_identity_and_order(app: App, field: dict[str, str]) -> None:
    v, p = field["visit"], field["person"]
    other = app.visits.add(field["site"], field["caravan"], dt.date.today())
    app.attendance.signin(other, "某甲", "villager")  # another visit's sign-ins do not count here
    late = app.attendance.signin(v, "张三", "villager", organisation="一班", at=T0 + dt.timedelta(minutes=10))
    got = app.visits.get(v)
    assert got is not None and got.arrived_at == (T0 + dt.timedelta(minutes=10)).isoformat()
    early = app.attendance.signin(v, "张三", "villager", organisation="二班", at=T0)
    assert not early.duplicate and early.number == 2  # another class: another person
    assert app.attendance.signin(v, "张三", "villager", organisation="一班").number == 1  # the first again
    badge = app.attendance.signin(v, "王志愿", "volunteer", person_id=p, method="badge")
    same_name = app.attendance.signin(v, "王志愿", "volunteer")
    assert not same_name.duplicate and same_name.id != badge.id
    rows = {r.id: r for r in app.attendance.signins_by_ids([badge.id, late.id])}
    assert rows[badge.id].person_id == p and rows[late.id].at == (T0 + dt.timedelta(minutes=10)).isoformat()
    assert [r.id for r in app.attendance.signins(v)][:2] == [early.id, late.id]  # by the time given
    assert app.attendance.possible_duplicates(v) == {same_name.id}  # 张三 of 一班 and of 二班 differ
    app.attendance.confirm_distinct(early.id)
    assert app.attendance.answer(same_name.id).number == 4  # a "distinct" mark is not a void
    assert app.attendance.signin_ids(v, search="王") == sorted([badge.id, same_name.id], reverse=True)
    assert app.attendance.signin_ids(v, before=same_name.id) == sorted([late.id, early.id, badge.id], reverse=True)
    assert len(app.attendance.signin_ids(other)) == 1
    nameless = app.attendance.signin(v, "张三", "villager", method="phone", distinct=True)
    with app.db.read() as s:
        assert s.get(m.Signin, nameless.id).dedupe_key == f"s:{nameless.id}"  # type: ignore[union-attr]


def test_possible_duplicates_compare_names_once_per_person(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    kid = app.attendance.signin(v, None, "primary", organisation="三年级二班")
    a = app.attendance.signin(v, "张三", "villager", phone="13800001111")
    with app.db.read() as s:
        key = s.get(m.Signin, a.id).dedupe_key  # type: ignore[union-attr]
    _other_laptop(
        app,
        "signin",
        {
            "visit_id": v,
            "name": "张三",
            "group": "villager",
            "method": "manual",
            "dedupe_key": key,
            "at": "2099-01-01T00:00:00",
        },
    )
    b = app.attendance.signin(v, "张三", "villager", phone="13900002222")
    c = app.attendance.signin(v, "李四", "villager")
    d = app.attendance.signin(v, "张三", "villager", organisation="一中")
    assert app.attendance.possible_duplicates(v) == {b.id}
    assert [r.id for r in app.attendance.signins(v)] == [kid.id, a.id, b.id, c.id, d.id]  # the twin once


# --- visits: what each refusal names, and records made elsewhere ----------------------------


def test_every_visit_refusal_names_its_field(app: App, field: dict[str, str]) -> None:
    s, c, v, p = field["site"], field["caravan"], field["visit"], field["person"]
    assert _refused(ValidationError, lambda: app.visits.add(s, c, "2026-13-01"))[0] == "date"
    bad = {"date": "2026-13-01", "theme": "a\nb", "activities": "a\nb", "notes": "a\x07b"}
    for f, value in bad.items():
        changes = {f: value}
        if f != "date":
            add = _refused(ValidationError, lambda ch=changes: app.visits.add(s, c, "2026-05-01", **ch))  # type: ignore[misc]
            assert add[0] == f, f
        assert _refused(ValidationError, lambda ch=changes: app.visits.update(v, **ch))[0] == f, f  # type: ignore[misc]
    for act in (
        lambda: app.visits.add(s, c, "2026-05-01", activity_kind="party"),
        lambda: app.visits.update(v, activity_kind="party"),
    ):
        kind = _refused(ValidationError, act)
        assert kind[0] == "activity_kind" and "party" in kind[1] and kind[2].endswith("is not valid: party")
    assert _refused(ValidationError, lambda: app.visits.list(start="2026-13-01"))[0] == "date"
    assert _refused(ValidationError, lambda: app.visits.list(end="soon"))[0] == "date"
    assert app.visits.get(v).theme == "科技进校园"  # type: ignore[union-attr]
    missing: tuple[Any, ...] = (
        lambda: app.visits.update("nope", theme="x"),
        lambda: app.visits.arrive("nope"),
        lambda: app.visits.cancel("nope"),
        lambda: app.visits.complete("nope"),
        lambda: app.visits.reopen("nope", reason="补录"),
        lambda: app.visits.delete("nope"),
        lambda: app.visits.new_signin_token("nope"),
    )
    for act in missing:
        assert _refused(NotFound, act) == ("visit_id", "找不到该记录（visit）", "no such visit: nope")
    assert _refused(ValidationError, lambda: app.visits.duty(v, p, "lunch"))[0] == "kind"
    assert app.visits.duty_events(v) == []
    app.visits.arrive(v)
    app.visits.complete(v)
    assert _refused(ValidationError, lambda: app.visits.reopen(v, reason="a\nb"))[0] == "reason"
    assert _refused(ValidationError, lambda: app.visits.reopen(v, reason="补录", by="a\nb"))[0] == "name"
    assert _refused(ValidationError, lambda: app.visits.reopen(v, reason="长" * 401))[0] == "reason"
    assert _refused(ValidationError, lambda: app.visits.reopen(v, reason="补录", by="王" * 101))[0] == "name"
    assert app.visits.get(v).status == "completed" and app.visits.reopens(v) == []  # type: ignore[union-attr]
    app.visits.reopen(v, reason="长" * 400, by="王" * 100)  # the longest accepted
    (ro,) = app.visits.reopens(v)
    assert (len(ro.reason), len(ro.by or "")) == (400, 100)
    assert _refused(RuleError, lambda: app.visits.delete(v)) == (
        "status",
        "只能删除计划中的活动",
        "only planned visits can be deleted",
    )
    assert _refused(RuleError, lambda: app.visits.summary("nope")) == (
        "visit_id",
        "找不到该活动",
        "no such visit: nope",
    )


def test_the_category_is_guessed_from_the_activities_when_the_theme_has_none(app: App, field: dict[str, str]) -> None:
    s, c = field["site"], field["caravan"]
    got = app.visits.get(app.visits.add(s, c, "2026-05-01", theme="春季活动", activities="科普讲座"))
    assert got is not None and got.activity_kind == "lecture"
    assert app.visits.get(app.visits.add(s, c, "2026-05-01", theme="春季活动")).activity_kind == "exhibition"  # type: ignore[union-attr]


def test_reopening_a_visit_in_progress_keeps_it_in_progress(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    app.visits.arrive(v, at=T0)
    assert app.visits.reopen(v).status == "in_progress"
    got = app.visits.get(v)
    assert got is not None and (got.status, got.arrived_at) == ("in_progress", T0.isoformat())
    assert app.visits.reopens(v) == []


def test_reopens_from_several_laptops_are_listed_in_time_order(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    ids = {k: f"00000000-0000-0000-0000-00000000000{k}" for k in "abc"}
    at = {"c": "2026-05-01T09:00:00", "b": "2026-05-01T10:00:00", "a": "2026-05-01T10:00:00"}
    for k in "cba":  # stored in this order; the two at 10:00 are ordered by id
        _pulled(app, "visit_reopen", {"visit_id": v, "reason": f"补录{k}", "by": None, "at": at[k]}, ids[k])
    assert [r.reason for r in app.visits.reopens(v)] == ["补录c", "补录a", "补录b"]


def test_today_lists_only_todays_visits(app: App, field: dict[str, str]) -> None:
    v, s, c = field["visit"], field["site"], field["caravan"]
    today = dt.date.today()
    app.visits.add(s, c, today - dt.timedelta(days=3), theme="上周的")  # planned, not cancelled
    assert [r.id for r in app.visits.today(c, today)] == [v]
    assert [r.id for r in app.visits.today(None, today)] == [v]


def test_the_first_duty_scan_starts_the_visit_at_the_time_given(app: App, field: dict[str, str]) -> None:
    v, p = field["visit"], field["person"]
    assert app.visits.duty(v, p, at=T0) == "on"
    got = app.visits.get(v)
    assert got is not None and (got.status, got.arrived_at) == ("in_progress", T0.isoformat())


def test_a_duty_start_pulled_after_completion_counts_until_the_leave_time(app: App, field: dict[str, str]) -> None:
    v, p = field["visit"], field["person"]
    app.visits.arrive(v, at=T0)
    app.visits.complete(v, at=T0 + dt.timedelta(hours=3))
    on = (T0 + dt.timedelta(hours=1)).isoformat()
    _pulled(
        app,
        "duty_event",
        {"visit_id": v, "person_id": p, "kind": "on", "at": on},
        "00000000-0000-0000-0000-0000000000d1",
    )
    assert app.visits.on_duty(v) == [p]
    assert app.visits.crew_hours(v) == {p: 2.0}
    assert app.visits.summary(v).crew_hours == {p: 2.0}
    # a duty event pulled before its visit: counted, with no leave time
    early = "00000000-0000-0000-0000-0000000000e2"
    _pulled(
        app,
        "duty_event",
        {"visit_id": early, "person_id": p, "kind": "on", "at": on},
        "00000000-0000-0000-0000-0000000000d2",
    )
    assert app.visits.crew_hours(early) == {p: 0.0}


def test_a_visit_whose_site_is_not_on_this_laptop_is_listed_without_a_site(app: App, field: dict[str, str]) -> None:
    c = field["caravan"]
    vid = "00000000-0000-0000-0000-0000000000e1"
    day = dt.date.today().isoformat()
    data = {"site_id": "00000000-0000-0000-0000-0000000000f1", "caravan_id": c, "date": day, "status": "planned"}
    _pulled(app, "visit", {**data, "theme": "外县", "signin_token": "ABCDEFGHJKMNPQRS"}, vid)
    row = next(r for r in app.visits.list() if r.id == vid)
    assert (row.site_name, row.county) == ("?", None)
    assert [r.id for r in app.visits.list(search="?")] == [vid]
    assert app.visits.list(county="鱼台县") != [] and vid not in [r.id for r in app.visits.list(county="鱼台县")]
    s = app.visits.summary(vid)
    assert s.site is None and s.visit.id == vid


def test_a_take_back_pulled_before_its_entry_is_listed_against_nothing_counted(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    tid = "01a00000-0000-7000-8000-000000000020"  # the entry has not arrived yet
    tb = derived_id("tally-takeback", tid, "0", "2")
    _pulled(
        app,
        "tally_takeback",
        {"tally_id": tid, "visit_id": v, "group": "primary", "qty": 2, "seen": 0, "at": T0.isoformat()},
        tb,
    )
    (item,) = app.attendance.tally_review(v)
    assert (item.tally_id, item.counted, item.taken) == (tid, 0, 2)


def test_voiding_a_pulled_sign_in_never_starts_the_visit_and_voids_are_per_visit(
    app: App, field: dict[str, str]
) -> None:
    v, s, c = field["visit"], field["site"], field["caravan"]
    sid = "01a00000-0000-7000-8000-000000000030"
    row = {"visit_id": v, "name": "张三", "group": "villager", "method": "manual", "at": T0.isoformat()}
    _pulled(app, "signin", {**row, "dedupe_key": "张三||"}, sid)
    app.attendance.void_signin(sid, "重复")
    got = app.visits.get(v)
    assert got is not None and (got.status, got.arrived_at) == ("planned", None)
    assert app.attendance.voided(v) == {sid}
    w = app.visits.add(s, c, dt.date.today(), theme="下午场")
    other = app.attendance.signin(w, "李四", "villager")
    app.attendance.void_signin(other.id, "测试")
    assert app.attendance.voided(v) == {sid} and app.attendance.voided(w) == {other.id}


def _pulled_move(app: App, rid: str, **data: Any) -> str:
    _pulled(app, "movement", {"kind": "load", "qty": 5, "at": T0.isoformat(), **data}, rid)
    return rid


def test_movements_of_things_not_on_this_laptop_are_described_by_their_ids(app: App, field: dict[str, str]) -> None:
    c, t = field["caravan"], field["title"]
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    out_id, in_id = app.stock.transfer(c, c2, t, 5)
    d = app.stock.describe(out_id)
    halves = d.en.split("; ")
    assert len(halves) == 2 and [h.split(" of ")[0] for h in halves] == [ln.kind_en for ln in d.lines]
    ghost_title, ghost_van = "01a00000-0000-7000-8000-0000000000a1", "01a00000-0000-7000-8000-0000000000a2"
    vid = "01a00000-0000-7000-8000-0000000000a3"
    day = dt.date.today().isoformat()
    visit = {"site_id": "01a00000-0000-7000-8000-0000000000a4", "caravan_id": c, "date": day, "status": "planned"}
    _pulled(app, "visit", {**visit, "signin_token": "ABCDEFGHJKMNPQRS"}, vid)
    mv = _pulled_move(app, "01a00000-0000-7000-8000-0000000000b1", caravan_id=ghost_van, title_id=ghost_title)
    (line,) = app.stock.describe(mv).lines
    assert (line.title, line.caravan, line.visit) == (ghost_title, ghost_van, None)
    assert _refused(NotFound, lambda: app.stock.undo(mv))[0] == "title_id"
    at_visit = _pulled_move(
        app, "01a00000-0000-7000-8000-0000000000b2", caravan_id=c, title_id=t, kind="distribute", qty=-1, visit_id=vid
    )
    assert app.stock.describe(at_visit).lines[0].visit == day  # the visit's site is not here
    # a hand-out at a visit not on this laptop can still be undone
    elsewhere = _pulled_move(
        app,
        "01a00000-0000-7000-8000-0000000000b3",
        caravan_id=c,
        title_id=t,
        kind="distribute",
        qty=-1,
        visit_id="01a00000-0000-7000-8000-0000000000a9",
    )
    assert app.stock.undo(elsewhere).targets == [elsewhere]
    # a title with stock on the van that is not on this laptop is named by its id at day close
    _pulled_move(app, "01a00000-0000-7000-8000-0000000000b4", caravan_id=c, title_id=ghost_title)
    counts: dict[str, object] = {t: app.stock.balance(c, t)}
    refused = _refused(ValidationError, lambda: app.stock.close_day(c, dt.date.today(), counts))
    assert f"《{ghost_title}》" in refused[1]


def test_undo_last_never_offers_another_laptops_movement_and_ties_go_by_id(app: App, field: dict[str, str]) -> None:
    c, t = field["caravan"], field["title"]
    first = app.stock.last_undoable(c)  # the fixture's load, made now
    assert first is not None
    app.stock.undo(first.id)
    own = app.stock.load(c, t, 3, at=T0)
    later = (T0 + dt.timedelta(minutes=5)).isoformat()
    a = _pulled_move(app, "01a00000-0000-7000-8000-0000000000c1", caravan_id=c, title_id=t, at=later)
    b = _pulled_move(app, "01a00000-0000-7000-8000-0000000000c2", caravan_id=c, title_id=t, at=later)
    got = app.stock.last_undoable(c)
    assert got is not None and got.id == own
    ids = [x.id for x in app.stock.movements() if x.id in (a, b)]
    assert ids == [b, a]  # the same second: the higher id first


def test_a_persons_second_row_before_a_same_name_person_does_not_hide_them(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    a = app.attendance.signin(v, "张三", "villager", phone="13800001111", at=T0)
    with app.db.read() as s:
        key = s.get(m.Signin, a.id).dedupe_key  # type: ignore[union-attr]
    copy = {"visit_id": v, "name": "张三", "group": "villager", "method": "manual", "dedupe_key": key}
    _pulled(
        app,
        "signin",
        {**copy, "at": (T0 + dt.timedelta(minutes=1)).isoformat()},
        "01a00000-0000-7000-8000-0000000000d7",
    )
    b = app.attendance.signin(v, "张三", "villager", phone="13900002222", at=T0 + dt.timedelta(minutes=2))
    assert app.attendance.possible_duplicates(v) == {b.id}


def test_day_closes_pulled_from_other_laptops_are_listed_in_id_order(app: App, field: dict[str, str]) -> None:
    c = field["caravan"]
    for rid, day in (
        ("01a00000-0000-7000-8000-0000000000f2", "2026-05-02"),
        ("01a00000-0000-7000-8000-0000000000f1", "2026-05-01"),
    ):
        _pulled(app, "day_close", {"caravan_id": c, "date": day, "lines": "[]", "at": f"{day}T18:00:00"}, rid)
    assert [r.date for r in app.stock.day_closes(c)] == ["2026-05-01", "2026-05-02"]


def test_a_leave_time_is_corrected_only_on_a_completed_visit_and_never_before_arrival(
    app: App, field: dict[str, str]
) -> None:
    """``update(left_at=…)``: the office's correction of the real departure (HH:MM on the day of
    arrival, or a timestamp), refused naming ``left_at`` on a visit not completed, before the
    arrival or not a time; the edit says what changed and how the visit is now."""
    v = field["visit"]
    app.visits.arrive(v, at=T0)
    with pytest.raises(RuleError) as e:
        app.visits.update(v, left_at="11:45")
    assert (e.value.field, e.value.zh, e.value.en) == (
        "left_at",
        "离开时间只能在活动完成后更正（进行中的活动在完成时记录离开时间）",
        "the leave time can be corrected only on a completed visit",
    )
    assert app.visits.get(v).left_at is None  # type: ignore[union-attr]
    app.visits.complete(v, at=T0 + dt.timedelta(minutes=1))
    day = T0.date().isoformat()
    edit = app.visits.update(v, left_at="11:45")
    assert edit.changed == {"left_at": f"{day}T11:45:00"}
    assert edit.visit.left_at == f"{day}T11:45:00" == app.visits.get(v).left_at  # type: ignore[union-attr]
    assert edit.visit.status == "completed" and edit.visit.theme == app.visits.get(v).theme  # type: ignore[union-attr]
    later = f"{day}T12:30:00"
    assert app.visits.update(v, left_at=later).visit.left_at == later
    early = (T0 - dt.timedelta(minutes=30)).isoformat()  # a timestamp: T0 may be just after midnight
    for bad in (early, "soon"):
        with pytest.raises(RuleError) as e:
            app.visits.update(v, left_at=bad)
        assert e.value.field == "left_at"
    assert app.visits.get(v).left_at == later  # type: ignore[union-attr]
    assert app.visits.update(v, theme=app.visits.get(v).theme).changed == {}  # type: ignore[union-attr]


def test_the_visit_summary_json_carries_every_figure_the_cli_prints(app: App, field: dict[str, str]) -> None:
    """``visit show --json``: the keys it always printed, with two shifts of one person added up,
    the copies per unit and each reopening (why, by whom, when)."""
    v, p, c, t = field["visit"], field["person"], field["caravan"], field["title"]
    app.visits.arrive(v, at=T0)
    for minutes, kind in ((0, "on"), (60, "off"), (120, "on"), (150, "off")):
        assert app.visits.duty(v, p, at=T0 + dt.timedelta(minutes=minutes)) == kind
    kits = app.catalog.add_title("实验材料包", kind="kit", unit="套")
    app.stock.load(c, kits, 4)
    app.stock.distribute(c, t, 3, v, recipient="三年级")
    app.stock.distribute(c, kits, 2, v, recipient="三年级")
    app.visits.complete(v, at=T0 + dt.timedelta(hours=3))
    app.visits.reopen(v, "补录人数", "王老师")
    d = app.visits.complete(v).to_dict()
    assert list(d) == [
        "visit",
        "site",
        "tallies",
        "attendance",
        "signins",
        "books",
        "distributed",
        "crew_hours",
        "crew_minutes",
        "books_by_unit",
        "reopens",
    ]
    assert (d["crew_minutes"], d["crew_hours"]) == ({p: 90}, {p: 1.5})  # 60 + 30 minutes, not the last shift
    assert (d["books"], d["books_by_unit"]) == (5, {"册": 3, "套": 2})  # copies per unit, never one sum
    assert sorted(d["distributed"]) == sorted([[t, "三年级", 3], [kits, "三年级", 2]])
    (ro,) = d["reopens"]
    assert (ro["visit_id"], ro["reason"], ro["by"]) == (v, "补录人数", "王老师") and set(ro) == {
        "id",
        "visit_id",
        "reason",
        "by",
        "at",
    }
    assert d["visit"]["left_at"] == (T0 + dt.timedelta(hours=3)).isoformat()  # kept when completed again
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d


def test_the_summary_json_of_a_visit_whose_site_is_not_here_has_no_site(app: App, field: dict[str, str]) -> None:
    vid = "00000000-0000-0000-0000-0000000000e3"
    data = {"site_id": "00000000-0000-0000-0000-0000000000f3", "caravan_id": field["caravan"], "status": "planned"}
    _pulled(app, "visit", {**data, "date": dt.date.today().isoformat()}, vid)
    d = app.visits.summary(vid).to_dict()
    assert d["site"] is None and d["visit"]["id"] == vid and d["attendance"] == 0


def test_duty_hours_add_up_every_shift_of_one_person() -> None:
    ev = [
        ("a", "on", "2026-05-01T09:00:00"),
        ("a", "off", "2026-05-01T10:00:00"),
        ("a", "on", "2026-05-01T11:00:00"),
        ("a", "off", "2026-05-01T11:30:00"),
        ("a", "on", "2026-05-01T12:00:00"),
    ]
    assert duty_hours(ev) == {"a": 1.5}
    assert duty_hours(ev, "2026-05-01T12:45:00") == {"a": 2.25}  # the open shift until the leave time


def test_completing_with_a_leave_time_records_that_time_on_the_day_of_arrival(app: App, field: dict[str, str]) -> None:
    """``visit complete --left-at``: HH:MM on the day of arrival or a timestamp (a space for the T
    is fine), the arrival itself allowed, anything before it or not a time refused naming
    ``left_at`` with the times the crew compares."""
    v = field["visit"]
    app.visits.arrive(v, at=T0)
    day, arrived = T0.date().isoformat(), T0.isoformat()
    bad_time = (
        "left_at",
        "离开时间格式不正确（应为 HH:MM，如 11:45）",
        "the leave time is not a time (HH:MM, e.g. 11:45)",
    )
    for bad in ("soon", "011:45", "25:00"):
        assert _refused(RuleError, lambda bad=bad: app.visits.complete(v, left_at=bad)) == bad_time
    early = (T0 - dt.timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M")
    assert _refused(RuleError, lambda: app.visits.complete(v, left_at=early)) == (
        "left_at",
        f"离开时间 {early[11:16]} 早于到达时间 {arrived[11:16]}：请检查",
        f"the leave time {early[11:16]} is before the arrival {arrived[11:16]}",
    )
    assert app.visits.get(v).status == "in_progress"  # type: ignore[union-attr]
    summ = app.visits.complete(v, left_at=f"{day} {arrived[11:16]}", at=T0 + dt.timedelta(hours=2))
    assert summ.visit.left_at == arrived and summ.visit.status == "completed"  # leaving on arrival is allowed
    app.visits.reopen(v, "补录", None)
    assert app.visits.complete(v, left_at=" 11:45 ").visit.left_at == f"{day}T11:45:00"
    app.visits.reopen(v, "再补录", None)
    now = T0 + dt.timedelta(hours=4)
    assert app.visits.complete(v, at=now, keep_left=False).visit.left_at == now.isoformat()
    app.visits.reopen(v, "三补录", None)
    blank = app.visits.complete(v, left_at="  ", at=now + dt.timedelta(hours=1))  # an empty box: kept
    assert blank.visit.left_at == now.isoformat()


def test_an_hh_mm_leave_time_is_on_the_day_of_arrival_not_of_the_plan(app: App, field: dict[str, str]) -> None:
    """A visit planned for one day and arrived at after midnight: 11:45 is the arrival's day."""
    vid = "00000000-0000-0000-0000-0000000000e4"
    plan = dt.date(2026, 5, 1)
    data = {"site_id": field["site"], "caravan_id": field["caravan"], "date": plan.isoformat()}
    arrived, left = "2026-05-02T00:30:00", "2026-05-02T01:00:00"
    _pulled(app, "visit", {**data, "status": "completed", "arrived_at": arrived, "left_at": left}, vid)
    assert app.visits.update(vid, left_at="11:45").visit.left_at == "2026-05-02T11:45:00"


def test_the_crew_minutes_of_codes_printed_before_count_until_the_leave_time(app: App, field: dict[str, str]) -> None:
    v, p = field["visit"], field["person"]
    app.visits.arrive(v, at=T0)
    app.visits.duty(v, p, at=T0)
    app.visits.complete(v, at=T0 + dt.timedelta(minutes=90))
    assert app.visits.legacy_crew_minutes(v) == {p: 90}
    other = app.catalog.add_person(name="志愿者乙", role="volunteer")
    on = (T0 + dt.timedelta(minutes=30)).isoformat()
    _pulled(
        app,
        "duty_event",
        {"visit_id": v, "person_id": other, "kind": "on", "at": on},
        "00000000-0000-0000-0000-0000000000d4",
    )
    assert app.visits.legacy_crew_minutes(v) == {p: 90, other: 60}  # still on: until the van left
    assert app.visits.legacy_crew_minutes("00000000-0000-0000-0000-0000000000e5") == {}


def test_a_duty_start_pulled_for_a_visit_not_yet_arrived_at_counts_nothing_yet(app: App, field: dict[str, str]) -> None:
    v, p = field["visit"], field["person"]
    _pulled(
        app,
        "duty_event",
        {"visit_id": v, "person_id": p, "kind": "on", "at": T0.isoformat()},
        "00000000-0000-0000-0000-0000000000d5",
    )
    assert app.visits.get(v).status == "planned"  # type: ignore[union-attr]
    assert app.visits.summary(v).crew_minutes == {p: 0}


def test_reopening_replaces_the_sign_in_link_only_of_a_visit_that_has_one(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    app.visits.arrive(v, at=T0)
    old = app.visits.new_signin_token(v)
    app.visits.complete(v, at=T0 + dt.timedelta(hours=1))
    token = app.visits.reopen(v, "补录人数", None).signin_token
    assert token and token != old and app.visits.get(v).signin_token == token  # type: ignore[union-attr]
    bare = "00000000-0000-0000-0000-0000000000e6"  # from before sign-in links: none
    data = {"site_id": field["site"], "caravan_id": field["caravan"], "date": "2026-05-01", "status": "cancelled"}
    _pulled(app, "visit", data, bare)
    assert app.visits.reopen(bare).signin_token is None  # back to planned, still no link


def test_with_the_associations_key_sign_ins_are_hashed_and_older_forms_are_still_one_person(
    app: App, field: dict[str, str]
) -> None:
    """A laptop that gets the association's dedupe key (from its hub or a peer) keeps new
    sign-ins under the keyed hash (no name or number in the key), and still answers 已签到 to a
    person who signed in before it had the key, by name or by phone."""
    from caravan_app.domain import rules as domain_rules

    v = field["visit"]
    app.visits.arrive(v, at=T0)
    by_name = app.attendance.signin(v, "张老师", "teacher", "一中")
    by_phone = app.attendance.signin(v, "李老师", "teacher", "二中", "138-0000-1111")
    keys = {s.id: s.dedupe_key for s in app.attendance.signins(v)}
    assert keys == {by_name.id: "n:张老师|一中", by_phone.id: "t:13800001111"}  # no key yet: plain
    app.db.set_meta(privacy.META_DEDUPE_SECRET, "association-secret")
    again = app.attendance.signin(v, "张老师", "teacher", "一中")
    assert (again.id, again.duplicate) == (by_name.id, True)
    again = app.attendance.signin(v, "李老师", "teacher", "二中", "13800001111")
    assert (again.id, again.duplicate) == (by_phone.id, True)
    new = app.attendance.signin(v, "王老师", "teacher", "三中")
    stored = next(s.dedupe_key for s in app.attendance.signins(v) if s.id == new.id)
    plain = domain_rules.dedupe_key("王老师", "三中", None, None)
    assert stored == privacy.hashed_key(plain, "association-secret") and stored.startswith("k:")
    assert not new.duplicate and app.attendance.signin(v, "王老师", "teacher", "三中").id == new.id


def test_a_sign_in_at_a_purged_visit_keeps_no_name_on_this_laptop_either(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    app.visits.arrive(v, at=T0)
    app.attendance.signin(v, "张同学", "student", "一中")
    app.privacy.purge(0)  # today's visit is past its retention of 0 days
    late = app.attendance.signin(v, "赵同学", "student", "一中")
    (row,) = [s for s in app.attendance.signins(v) if s.id == late.id]
    assert "赵同学" not in (row.name, row.organisation) and not row.dedupe_key.startswith("n:")


def test_only_titles_below_zero_on_this_van_are_shortfalls(app: App, field: dict[str, str]) -> None:
    c, t = field["caravan"], field["title"]
    empty = app.catalog.add_title("用完的书")
    app.stock.load(c, empty, 3)
    app.stock.unload(c, empty, 3)  # 0 left: no shortfall
    assert app.stock.shortfalls(c) == {}
    app.stock.unload(c, t, 103, override=True)  # a recorded override: 3 below zero
    c2 = app.catalog.add_caravan("2号车", "鲁H54321", "兖州区")
    assert app.stock.shortfalls(c) == {t: -3} and app.stock.shortfalls(c2) == {}
