"""The console's 审核 queue and the 活动 list's review filter read the console's read model; the
state they give each visit is the one the crew's laptop shows (``caravan visit show --json``)
and the one the hub derives, for visits in every state a review can leave them in."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from caravan_app.console.auth import ConsoleUser, Role
from caravan_app.console.projection import Projection
from caravan_app.console.review_query import queue
from caravan_app.console.visits_query import VisitFilters, list_visits
from caravan_app.server import reviews

pytestmark = pytest.mark.server


def _visit(app, caravan: str, day: dt.date, site: str, county: str = "任城区", complete: bool = True) -> str:  # noqa: ANN001
    s = app.sites.add(name=site, county=county, kind="小学")
    v = app.visits.add(s, caravan, day, theme="科技进校园")
    t0 = dt.datetime.combine(day, dt.time(9))
    app.visits.arrive(v, t0)
    app.attendance.tally(v, "primary", 30)
    if complete:
        app.visits.complete(v, t0 + dt.timedelta(hours=2))
    return v


def _show(capsys, app, visit_id: str) -> dict:  # noqa: ANN001
    from caravan_app.cli.main import main

    capsys.readouterr()
    assert main(["--data-dir", str(app.data_dir), "--json", "visit", "show", visit_id]) == 0
    return json.loads(capsys.readouterr().out)["review"]


def test_the_queue_over_the_read_model_gives_the_laptops_state(hub, laptops, capsys, tmp_path) -> None:  # noqa: ANN001
    van = laptops("van", role="van")
    day = dt.date.today() - dt.timedelta(days=2)
    c = van.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    v = {
        name: _visit(van, c, day + dt.timedelta(days=i % 2), name, "曲阜市" if i % 3 == 0 else "任城区")
        for i, name in enumerate(("待审", "通过", "退回", "撤销", "重交", "再开"))
    }
    planned = _visit(van, c, day, "未完成", complete=False)
    van.sync.sync_now()
    reviews.approve(hub.hdb, v["通过"], by="王科员")
    reviews.return_visit(hub.hdb, v["退回"], "人数与签到表不符", by="王科员")
    reviews.approve(hub.hdb, v["撤销"], by="王科员")
    reviews.withdraw(hub.hdb, v["撤销"], "照片缺失", by="赵主任")
    reviews.return_visit(hub.hdb, v["重交"], "缺少照片", by="王科员")
    reviews.approve(hub.hdb, v["再开"], by="王科员")
    van.sync.sync_now()
    van.visits.reopen(v["重交"], "补照片", by="李队长")
    van.visits.complete(v["重交"])
    van.visits.reopen(v["再开"], "改人数", by="李队长")  # reopened after approval, not completed again
    van.sync.sync_now()

    p = Projection(hub.hdb, tmp_path / "hubdata")
    try:
        p.catch_up()
        office = ConsoleUser("olga", Role.OFFICE)
        rows = {r.visit_id: r for r in queue(p.app, office, "all")}
        assert set(rows) == set(v.values()) - {v["再开"]}  # completed visits only
        hub_rows = {r.visit_id: r.state for r in reviews.queue(hub.hdb, "all")}
        for vid, r in rows.items():
            laptop = _show(capsys, van, vid)
            got = r.state
            assert (got.status.value, got.label, got.reason, got.by, got.round) == (
                laptop["status"],
                laptop["label"],
                laptop["reason"],
                laptop["by"],
                laptop["round"],
            ), r.site
            assert got == hub_rows[vid]
        assert rows[v["重交"]].state.label == "待审核（已重新提交）"
        assert rows[v["退回"]].state.label == "退回：人数与签到表不符"

        # each state's filter gives exactly the visits the laptop shows in that state
        every = [*v.values(), planned]
        shown = {vid: _show(capsys, van, vid)["status"] for vid in every}
        for status in ("pending", "approved", "returned"):
            want = sorted(vid for vid, st in shown.items() if st == status)
            assert sorted(r.visit_id for r in queue(p.app, office, status)) == want, status
            listed = list_visits(p.app, office, VisitFilters(review=status))
            assert sorted(i.row.id for i in listed.items) == want and listed.total == len(want), status
        gone = list_visits(p.app, office, VisitFilters(review="not_submitted"))
        assert sorted(i.row.id for i in gone.items) == sorted([planned, v["再开"]])

        # the queue's filters: a day, a van by name, a county; a county liaison sees only theirs
        assert {r.date for r in queue(p.app, office, "all", date=day.isoformat())} == {day.isoformat()}
        assert len(queue(p.app, office, "all", caravan="1号车")) == len(rows)
        assert queue(p.app, office, "all", caravan="9号车") == []
        qufu = {r.visit_id for r in queue(p.app, office, "all", county="曲阜市")}
        assert qufu == {vid for vid, r in rows.items() if r.county == "曲阜市"} and qufu
        liaison = ConsoleUser("li", Role.COUNTY, county="曲阜市")
        assert {r.visit_id for r in queue(p.app, liaison, "all")} == qufu
    finally:
        p.close()
