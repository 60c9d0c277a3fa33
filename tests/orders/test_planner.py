"""The season planner: its rules hold on any instance, and a re-plan moves little."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from caravan_app.domain import planner as pl
from tests.helpers.props import examples

START = dt.date(2026, 9, 1)
COUNTIES = ("甲县", "乙县", "丙县")


@st.composite
def places(draw: st.DrawFn) -> pl.Place:
    county = draw(st.sampled_from(COUNTIES))
    town = draw(st.sampled_from(("", "一镇", "二镇")))
    if draw(st.booleans()):
        return pl.Place(county, town, draw(st.floats(30.0, 30.3)), draw(st.floats(104.0, 104.3)))
    return pl.Place(county, town)


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[pl.Request], list[pl.Van], pl.Calendar]:
    n_vans = draw(st.integers(1, 3))
    vans = [
        pl.Van(
            f"v{i}",
            draw(places()),
            frozenset(START + dt.timedelta(days=d) for d in draw(st.sets(st.integers(0, 40), max_size=8))),
        )
        for i in range(n_vans)
    ]
    reqs = []
    for i in range(draw(st.integers(0, 30))):
        a = START + dt.timedelta(days=draw(st.integers(0, 35)))
        b = a + dt.timedelta(days=draw(st.integers(0, 14)))
        reqs.append(pl.Request(f"r{i}", draw(places()), a, b, draw(st.booleans()), draw(st.booleans())))
    closed = frozenset(START + dt.timedelta(days=d) for d in draw(st.sets(st.integers(0, 50), max_size=10)))
    return reqs, vans, pl.Calendar(closed, weekends=draw(st.booleans()))


@settings(max_examples=examples(150), deadline=None)
@given(inst=instances())
def test_every_plan_keeps_the_rules_and_plans_what_a_free_day_allows(inst) -> None:  # type: ignore[no-untyped-def]
    reqs, vans, cal = inst
    p = pl.plan(reqs, vans, cal)
    assert pl.violations(p.assignments, reqs, vans, cal) == []
    planned = {a.request_id for a in p.assignments}
    assert planned.isdisjoint(p.unplanned) and planned | set(p.unplanned) == {r.id for r in reqs}
    # A request left out had no open day with a van free: every van-day in its window is taken.
    taken = {(a.van_id, a.date) for a in p.assignments}
    for rid in p.unplanned:
        r = next(r for r in reqs if r.id == rid)
        for v in vans:
            for d in pl._days(r.earliest, r.latest):
                if cal.open_for(d, r.school) and d not in v.unavailable:
                    assert (v.id, d) in taken, (rid, v.id, d)
    assert p.km == pl.plan_km(p.assignments, reqs, vans)


@settings(max_examples=examples(100), deadline=None)
@given(inst=instances(), pick=st.integers(0, 29), shift=st.integers(-10, 10))
def test_changing_one_request_moves_only_a_few_others(inst, pick, shift) -> None:  # type: ignore[no-untyped-def]
    reqs, vans, cal = inst
    first = pl.plan(reqs, vans, cal)
    if not reqs:
        return
    i = pick % len(reqs)
    r = reqs[i]
    d = dt.timedelta(days=shift)
    changed = [*reqs[:i], pl.Request(r.id, r.place, r.earliest + d, r.latest + d, r.school, r.half_day), *reqs[i + 1 :]]
    again = pl.plan(changed, vans, cal, first.assignments)
    assert pl.violations(again.assignments, changed, vans, cal) == []
    assert len([m for m in again.moved if m != r.id]) <= 3  # "a few" others at most (docs/orders.md)
    # Nothing planned before is lost to the change except, at most, the changed request itself.
    lost = {a.request_id for a in first.assignments} - {a.request_id for a in again.assignments} - {r.id}
    assert lost == set()


def test_two_half_days_share_a_trip_only_when_the_sites_are_close() -> None:
    day = dt.date(2026, 9, 7)  # a Monday
    home = pl.Place("甲县", "一镇")
    near_a, near_b = pl.Place("甲县", "二镇", 30.0, 104.0), pl.Place("甲县", "二镇", 30.02, 104.02)
    far = pl.Place("乙县", "三镇")
    van = pl.Van("v", home)
    close = [pl.Request("a", near_a, day, day, half_day=True), pl.Request("b", near_b, day, day, half_day=True)]
    p = pl.plan(close, [van])
    assert sorted((a.request_id, a.half) for a in p.assignments) == [("a", "am"), ("b", "pm")]
    apart = [pl.Request("a", near_a, day, day, half_day=True), pl.Request("c", far, day, day, half_day=True)]
    p = pl.plan(apart, [van])
    assert len(p.assignments) == 1 and len(p.unplanned) == 1


def test_the_nearer_van_goes_and_closed_days_are_skipped() -> None:
    mon = dt.date(2026, 9, 7)
    vans = [pl.Van("far", pl.Place("乙县", "镇")), pl.Van("near", pl.Place("甲县", "一镇"))]
    cal = pl.Calendar(frozenset({mon}))
    p = pl.plan([pl.Request("r", pl.Place("甲县", "一镇"), mon, mon + dt.timedelta(days=1))], vans, cal)
    assert [(a.van_id, a.date) for a in p.assignments] == [("near", mon + dt.timedelta(days=1))]
    # A village is not a school: the school calendar does not close it.
    p = pl.plan([pl.Request("v", pl.Place("甲县", "一镇"), mon, mon, school=False)], vans, cal)
    assert [a.date for a in p.assignments] == [mon]


def test_when_vans_are_short_the_less_served_county_goes_first() -> None:
    mon = dt.date(2026, 9, 7)
    van = pl.Van("v", pl.Place("甲县", "一镇"))
    week = mon + dt.timedelta(days=4)
    # Five requests from 甲县 (near) and two from 乙县 (far), all this week: five van-days.
    reqs = [pl.Request(f"a{i}", pl.Place("甲县", "一镇"), mon, week) for i in range(5)]
    reqs += [pl.Request(f"b{i}", pl.Place("乙县", "一镇"), mon, week) for i in range(2)]
    p = pl.plan(reqs, [van])
    cov = {c: (n, m) for c, n, m in p.coverage_by_county}
    assert cov["乙县"][0] >= 1 and cov["甲县"][0] >= 1 and len(p.assignments) == 5


@settings(max_examples=examples(30), deadline=None)
@given(inst=instances(), pick=st.integers(0, 29))
def test_a_request_the_crew_accepted_is_never_moved_to_make_room(inst, pick) -> None:  # type: ignore[no-untyped-def]
    reqs, vans, cal = inst
    first = pl.plan(reqs, vans, cal)
    pinned = {a.request_id for a in first.assignments}
    if not reqs:
        return
    # A new request for a day every van already has: it may take only a free day, never a pinned one.
    r = reqs[pick % len(reqs)]
    newcomer = pl.Request("new", r.place, r.earliest, r.latest, r.school, r.half_day)
    again = pl.plan([*reqs, newcomer], vans, cal, first.assignments, pinned)
    assert pl.violations(again.assignments, [*reqs, newcomer], vans, cal) == []
    assert again.moved == ()
