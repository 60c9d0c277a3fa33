"""Hours counted once (issue #17): a person on duty at two overlapping visits serves one
stretch of time; a van is at one place at a time; `caravan check` reports both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from caravan_app.services.app import App

DAY = dt.date(2026, 9, 15)


def at(h: int, m: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(h, m))


def _two_visits(app: App, same_van: bool) -> dict[str, str]:
    c1 = app.catalog.add_caravan("1号车", "鲁H11111", "任城区")
    c2 = c1 if same_van else app.catalog.add_caravan("2号车", "鲁H22222", "兖州区")
    s1 = app.sites.add(name="唐口中心小学", county="任城区", kind="小学")
    s2 = app.sites.add(name="新驿中学", county="兖州区", kind="初中")
    p = app.catalog.add_person(name="王志愿", role="volunteer", volunteer_no="SD001")
    v1 = app.visits.add(s1, c1, DAY, theme="科技进校园")
    v2 = app.visits.add(s2, c2, DAY, theme="科技进校园")
    app.visits.arrive(v1, at(9))
    app.visits.arrive(v2, at(11))
    app.visits.duty(v1, p, "on", at(9))
    app.visits.duty(v2, p, "on", at(11))
    app.visits.complete(v1, at(12))  # 09:00-12:00 at the school
    app.visits.complete(v2, at(13))  # 11:00-13:00 at the other: 11:00-12:00 at both
    return {"v1": v1, "v2": v2, "p": p, "c1": c1, "c2": c2}


def test_a_person_at_overlapping_visits_is_counted_once_everywhere_and_flagged(app: App, tmp_path: Path) -> None:
    ids = _two_visits(app, same_van=False)
    rows = app.hours.rows()
    # 09:00-13:00 is four hours, not five: the shared hour counts for the visit that began first
    assert {r.visit_id: r.minutes for r in rows} == {ids["v1"]: 180, ids["v2"]: 60}
    assert sum(r.hours for r in rows) == 4.0
    period = app.reports.period_data("2026-09-01", "2026-09-30")
    assert [(v.name, v.minutes, v.visits) for v in period.volunteers] == [("王志愿", 240, 2)]
    # one van's report still counts the overlap once (judged against every van)
    van2 = app.reports.period_data("2026-09-01", "2026-09-30", ids["c2"])
    assert [v.minutes for v in van2.volunteers] == [60]
    out = tmp_path / "hours.csv"
    app.hours.export_csv(out)
    assert "王志愿,SD001,2026-09-15,新驿中学·科技进校园,1.0" in out.read_text("utf-8-sig")

    rep = app.maintenance.check()
    assert not rep.ok
    people = [o for o in rep.overlaps if o.kind == "person"]
    assert [(o.name, o.first, o.second, o.minutes) for o in people] == [("王志愿", ids["v1"], ids["v2"], 60)]
    assert any("同一人同时在两处值班" in p and "重叠 60 分钟" in p for p in rep.problems)
    assert not [o for o in rep.overlaps if o.kind == "caravan"]  # two vans: no van problem


def test_a_van_at_two_places_at_once_is_flagged_by_check(app: App, capsys: pytest.CaptureFixture[str]) -> None:
    from caravan_app.cli.main import main

    ids = _two_visits(app, same_van=True)
    rep = app.maintenance.check()
    vans = [o for o in rep.overlaps if o.kind == "caravan"]
    assert [(o.name, o.first, o.second, o.minutes) for o in vans] == [("1号车", ids["v1"], ids["v2"], 60)]
    assert rep.facts["caravan_overlaps"] == 1 and rep.facts["duty_overlaps"] == 1
    assert main(["--data-dir", str(app.data_dir), "check"]) == 1
    out = capsys.readouterr().out
    assert "同一辆大篷车同时在两处活动：1 处" in out and "同一人同时在两处值班：1 处" in out


def test_check_json_lists_an_overlap_with_the_keys_it_always_had(app: App, capsys: pytest.CaptureFixture[str]) -> None:
    """The report's findings are records now; `caravan --json check` still prints each as before."""
    import json

    from caravan_app.cli.main import main

    ids = _two_visits(app, same_van=True)
    capsys.readouterr()
    assert main(["--data-dir", str(app.data_dir), "--json", "check"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert list(doc) == ["ok", "problems", "facts", "duplicates", "overlaps", "set_aside"]
    van = next(o for o in doc["overlaps"] if o["kind"] == "caravan")
    assert van == {
        "kind": "caravan",
        "id": ids["c1"],
        "name": "1号车",
        "first": ids["v1"],
        "second": ids["v2"],
        "start": "2026-09-15T11:00:00",
        "end": "2026-09-15T12:00:00",
        "minutes": 60,
    }
    assert doc["facts"]["caravan_overlaps"] == 1 and doc["duplicates"] == [] and doc["set_aside"] == []


def test_visits_one_after_another_are_not_flagged(app: App) -> None:
    c = app.catalog.add_caravan("1号车", "鲁H11111", "任城区")
    s = app.sites.add(name="唐口中心小学", county="任城区", kind="小学")
    p = app.catalog.add_person(name="王志愿", role="volunteer")
    v1, v2 = (app.visits.add(s, c, DAY) for _ in range(2))
    app.visits.arrive(v1, at(8))
    app.visits.duty(v1, p, "on", at(8))
    app.visits.complete(v1, at(10))
    app.visits.arrive(v2, at(10, 30))
    app.visits.duty(v2, p, "on", at(10, 30))
    app.visits.complete(v2, at(12))
    rep = app.maintenance.check()
    assert rep.ok, rep.problems
    assert sum(r.minutes for r in app.hours.rows()) == 210


@pytest.mark.slow
def test_demo_data_is_believable(app: App) -> None:
    from caravan_app.services.demo import load_demo

    today = dt.date(2026, 11, 20)
    made = load_demo(app, seed=1, visits=40, today=today)
    rep = app.maintenance.check()
    assert rep.ok, rep.problems
    assert rep.facts["duty_overlaps"] == 0 and rep.facts["caravan_overlaps"] == 0
    assert made["odometer"] > 0 and app.mileage.total_km() > 0
    done = [v for v in app.visits.list() if v.status == "completed"]
    sites = {s.id: s for s in app.sites.list()}
    primary = [v for v in done if sites[v.site_id].kind == "primary_school"]
    assert primary
    for v in primary:  # primary pupils at primary schools, never junior or senior pupils
        t = app.visits.summary(v.id).tallies
        assert t.get("primary", 0) > 0 and not t.get("junior") and not t.get("senior"), (v.site_name, t)
    for v in done:
        t = app.visits.summary(v.id).tallies
        if sites[v.site_id].kind == "junior_school":
            assert t.get("junior", 0) > 0 and not t.get("primary") and not t.get("senior")
        assert v.activity_kind in ("lecture", "exhibition", "contest", "science_week", "training", "other")
    # every van that worked on a day has that day's odometer reading, and it never goes back
    for c in app.catalog.caravans():
        days = {v.date for v in done if v.caravan_id == c.id}
        readings = app.mileage.readings(caravan_id=c.id)
        assert days <= {r.date for r in readings}
        for a, b in zip(readings, readings[1:], strict=False):
            assert a.out_km <= a.back_km <= b.out_km


@pytest.mark.slow
def test_the_demo_is_the_same_for_the_same_seed(tmp_path: Path) -> None:
    from caravan_app.services.demo import load_demo
    from tests.conftest import fresh_data_dir

    def season(where: Path) -> list[tuple[object, ...]]:
        a = App.open(fresh_data_dir(where))
        try:
            load_demo(a, seed=7, visits=10, today=dt.date(2026, 11, 20))
            out = []
            for v in a.visits.list():
                s = a.visits.summary(v.id)
                out.append(
                    (
                        v.date,
                        v.site_name,
                        v.theme,
                        v.activity_kind,
                        v.arrived_at,
                        sorted(s.tallies.items()),
                        s.books,
                    )
                )
            out += [(r.date, r.out_km, r.back_km) for r in a.mileage.readings()]
            return out
        finally:
            a.close()

    assert season(tmp_path / "a") == season(tmp_path / "b")
