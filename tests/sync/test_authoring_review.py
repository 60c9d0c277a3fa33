"""The office's review as a synced fact, through a real hub process and real laptops: return
with a reason reaches the van's laptop (``caravan visit show --json``), the crew reopens,
corrects and completes again (awaiting review again), approve, withdraw; a laptop cannot make
a review; bulk approval of a day; the reports setting reaches every laptop."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from caravan_app.server import reviews
from caravan_app.server.hub import HubError, list_bad
from caravan_app.services.export import canonical_export
from caravan_app.storage.records import unit_of_work

pytestmark = pytest.mark.server


def _completed_visit(app, day: dt.date, site_name: str = "唐口中心小学", caravan_id: str | None = None):  # noqa: ANN001, ANN202
    c = caravan_id or app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    s = app.sites.add(name=site_name, county="任城区", kind="小学")
    v = app.visits.add(s, c, day, theme="科技进校园")
    t0 = dt.datetime.combine(day, dt.time(9))
    app.visits.arrive(v, t0)
    app.attendance.tally(v, "primary", 40)
    app.visits.complete(v, t0 + dt.timedelta(hours=2))
    return c, v


def hub_list_bad(hub) -> dict:  # noqa: ANN001
    return list_bad(hub.hdb)


def _show(capsys, app, visit_id: str) -> dict:  # noqa: ANN001
    from caravan_app.cli.main import main

    capsys.readouterr()
    assert main(["--data-dir", str(app.data_dir), "--json", "visit", "show", visit_id]) == 0
    return json.loads(capsys.readouterr().out)


def test_return_reaches_the_van_then_resubmit_and_approve(hub, laptops, capsys) -> None:  # noqa: ANN001
    van, office = laptops("van", role="van"), laptops("office")
    day = dt.date.today() - dt.timedelta(days=1)
    _c, v = _completed_visit(van, day)
    van.sync.sync_now()
    (row,) = reviews.queue(hub.hdb)
    assert (row.visit_id, row.state.label, row.site) == (v, "待审核", "唐口中心小学")

    reviews.return_visit(hub.hdb, v, "学生人数与签到表不符，请核对", by="王科员")
    van.sync.sync_now()
    shown = _show(capsys, van, v)["review"]
    assert shown["status"] == "returned" and shown["label"] == "退回：学生人数与签到表不符，请核对"
    assert shown["by"] == "王科员"

    # the crew reopens the visit, corrects it and completes it again: awaiting review again
    van.visits.reopen(v, "按办公室意见核对人数", by="李队长")
    assert van.review.view(v).status == "not_submitted"
    assert van.review.view(v).last_return == "学生人数与签到表不符，请核对"
    van.visits.complete(v)
    assert van.review.view(v).label == "待审核（已重新提交）"
    van.sync.sync_now()
    assert reviews.state(hub.hdb, v).resubmitted

    reviews.approve(hub.hdb, v, by="王科员")
    with pytest.raises(HubError) as e:
        reviews.approve(hub.hdb, v, by="王科员")
    assert "已通过" in e.value.zh
    for app in (van, office):
        app.sync.sync_now()
        assert app.review.view(v).label == "已通过"

    reviews.withdraw(hub.hdb, v, "发现照片缺失", by="赵主任")
    office.sync.sync_now()
    assert office.review.view(v).label == "待审核（已撤销通过：发现照片缺失）"
    van.sync.sync_now()
    assert canonical_export(van.db) == canonical_export(office.db) == hub.export()


def test_return_and_withdraw_need_a_reason_and_only_completed_visits_are_reviewed(hub, laptops) -> None:  # noqa: ANN001
    van = laptops("van", role="van")
    c = van.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    s = van.sites.add(name="唐口中心小学", county="任城区", kind="小学")
    planned = van.visits.add(s, c, dt.date.today())
    van.sync.sync_now()
    with pytest.raises(HubError) as e:
        reviews.approve(hub.hdb, planned, by="王科员")
    assert "还没有完成" in e.value.zh
    _c, v = _completed_visit(van, dt.date.today(), "喻屯镇中学", c)
    van.sync.sync_now()
    for bad in (None, "   "):
        with pytest.raises(HubError) as e:
            reviews.return_visit(hub.hdb, v, bad, by="王科员")
        assert "原因" in e.value.zh
    with pytest.raises(HubError) as e:
        reviews.withdraw(hub.hdb, v, "x", by="王科员")
    assert "只有已通过" in e.value.zh
    assert [r.visit_id for r in reviews.queue(hub.hdb)] == [v]


def test_a_laptop_cannot_make_a_review(hub, laptops) -> None:  # noqa: ANN001
    office = laptops("office")
    _c, v = _completed_visit(office, dt.date.today())
    with unit_of_work(office.db) as u:  # what no screen offers: a hand-made review in the outbox
        u.insert(
            "review",
            {
                "visit_id": v,
                "decision": "approved",
                "reason": None,
                "by": "我自己",
                "round": 0,
                "at": "2026-05-01T10:00:00",
            },
        )
    assert office.sync.sync_now().rejected == 1
    assert reviews.state(hub.hdb, v).status.value == "pending"
    refused = hub_list_bad(hub)["rejected"]
    assert [(r["entity"], r["code"]) for r in refused] == [("review", "hub_only")]
    assert "只能由办公室在服务器的网页上作出" in refused[0]["zh"]


def test_bulk_approve_a_day_skips_returned_and_other_days(hub, laptops) -> None:  # noqa: ANN001
    van = laptops("van", role="van")
    day = dt.date.today() - dt.timedelta(days=2)
    c, a = _completed_visit(van, day, "一小")
    _c, b = _completed_visit(van, day, "二小", c)
    _c, other = _completed_visit(van, day - dt.timedelta(days=1), "三小", c)
    _c, returned = _completed_visit(van, day, "四小", c)
    van.sync.sync_now()
    reviews.return_visit(hub.hdb, returned, "缺少照片", by="王科员")
    done = reviews.bulk_approve(hub.hdb, "王科员", date=day.isoformat())
    assert sorted(done) == sorted([a, b])
    assert reviews.bulk_approve(hub.hdb, "王科员", date=day.isoformat()) == []
    van.sync.sync_now()
    states = van.review.states([a, b, other, returned])
    assert [states[x].label for x in (a, b, other, returned)] == ["已通过", "已通过", "待审核", "退回：缺少照片"]


def test_the_reports_setting_reaches_every_laptop(hub, laptops) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b", role="van")
    _completed_visit(a, dt.date.today())
    a.sync.sync_now()
    assert reviews.reports_count(hub.hdb) == "completed"
    reviews.set_reports_count(hub.hdb, "approved", by="赵主任")
    for app in (a, b):
        app.sync.sync_now()
        assert app.review.approved_only() and app.review.counts_line() == "本表统计：仅已通过审核的活动"
    reviews.set_reports_count(hub.hdb, "completed", by="赵主任")
    a.sync.sync_now()
    assert a.review.counts_line() == "本表统计：全部已完成活动"
    b.sync.sync_now()
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()


def test_review_cli(hub, laptops, capsys) -> None:  # noqa: ANN001
    from caravan_app.server.cli import main

    van = laptops("van", role="van")
    _c, v = _completed_visit(van, dt.date.today())
    van.sync.sync_now()
    base = ["--db", hub.db_url, "review"]
    capsys.readouterr()
    assert main([*base, "list", "--json"]) == 0
    assert [r["visit_id"] for r in json.loads(capsys.readouterr().out)] == [v]
    assert main([*base, "return", v, "--by", "王科员", "--reason", "请补签到表", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["label"] == "退回：请补签到表"
    assert main([*base, "approve", v, "--by", "王科员"]) == 0  # the office may change its mind
    assert "已通过" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # --reason is required
        main([*base, "withdraw", v, "--by", "王科员"])
    capsys.readouterr()
    assert main([*base, "list", "--status", "approved", "--json"]) == 0
    assert [r["label"] for r in json.loads(capsys.readouterr().out)] == ["已通过"]


def test_approved_only_reports_agree_on_the_laptop_and_the_consoles_read_model(hub, laptops, tmp_path) -> None:  # noqa: ANN001
    import openpyxl

    from caravan_app.console.projection import Projection
    from tests.reports import pdfcheck

    van, office = laptops("van", role="van"), laptops("office")
    day = dt.date.today() - dt.timedelta(days=1)
    c, a = _completed_visit(van, day, "一小")
    _c, b = _completed_visit(van, day, "二小", c)
    van.sync.sync_now()
    reviews.approve(hub.hdb, a, by="王科员")
    office.sync.sync_now()
    start = end = day.isoformat()
    every = office.reports.period_data(start, end)
    assert (every.totals.visits, every.totals.people, every.counts) == (2, 80, "本表统计：全部已完成活动")

    reviews.set_reports_count(hub.hdb, "approved", by="赵主任")
    office.sync.sync_now()
    mine = office.reports.period_data(start, end)
    assert (mine.totals.visits, mine.totals.people) == (1, 40)
    assert [x.site_name for x in mine.visits] == ["一小"] and mine.counts == "本表统计：仅已通过审核的活动"
    files = office.reports.period_files(start, end, pdf=tmp_path / "p.pdf", xlsx=tmp_path / "p.xlsx")
    assert "本表统计：仅已通过审核的活动" in pdfcheck.flat(files.pdf)
    sheet = openpyxl.load_workbook(files.xlsx)["汇总"]
    head, row = (list(r) for r in sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    assert row[head.index("统计口径")] == "本表统计：仅已通过审核的活动"
    office.reports.stats_xlsx(day.year, tmp_path / "s.xlsx")
    flat = [str(v) for r in openpyxl.load_workbook(tmp_path / "s.xlsx").active.iter_rows(values_only=True) for v in r]
    assert "本表统计：仅已通过审核的活动" in flat

    p = Projection(hub.hdb, tmp_path / "hubdata")  # the console's figures: the same rule, the same answer
    try:
        p.catch_up()
        seen = p.app.reports.period_data(start, end)
        assert (seen.totals.visits, seen.totals.people, seen.counts) == (1, 40, mine.counts)
    finally:
        p.close()
