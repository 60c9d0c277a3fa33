"""点单 → 派单 → 接单 → 评单 through a real hub process and two van laptops: a request is planned,
reaches the van's laptop with what the school asked for, one crew accepts and the other declines
(the request is open again and re-planned onto the same visit), the visit is done and rated on the
laptop offline and on the hub, and every store's canonical export is byte-identical."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time

import httpx
import pytest
from openpyxl import load_workbook

from caravan_app.domain.rating import rating_token
from caravan_app.server import orders as od
from caravan_app.services.export import canonical_export
from caravan_app.signin.server import SigninServer
from tests.helpers.cli import run_server_cli
from tests.reports import pdfcheck

pytestmark = pytest.mark.server


def _van(laptops, name: str, county: str):  # noqa: ANN001, ANN202
    a = laptops(name, caravan=name, role="van")
    van = a.catalog.add_caravan(name, None, county)
    a.catalog.set_this_device(f"{name}笔记本", van)
    return a, van


def _order(hub, site_name: str, start: dt.date, days: int, site_id: str | None = None) -> od.Order:  # noqa: ANN001
    return od.add_order(
        hub.hdb,
        od.OrderInput(
            site_name=site_name,
            county="任城区",
            contact="王老师",
            phone="13900001111",
            earliest=start.isoformat(),
            latest=(start + dt.timedelta(days=days)).isoformat(),
            site_id=site_id,
            groups="小学生",
            size=240,
            topics="机器人与编程",
        ),
        source="public",
    )


def test_a_request_is_planned_answered_visited_and_rated_and_every_store_agrees(hub, laptops, tmp_path) -> None:  # noqa: ANN001
    a, van_a = _van(laptops, "1号车", "任城区")
    b, van_b = _van(laptops, "2号车", "鱼台县")
    site = a.sites.add(name="唐口中心小学", county="任城区", kind="小学")
    assert a.sync.sync_now().rejected == 0 and b.sync.sync_now().rejected == 0
    today = a.clock.today()
    # 点单 from the hub's public page, over HTTP, choosing the school from the registry.
    page = httpx.get(hub.url + "/order", params={"county": "任城区"})
    assert page.status_code == 200 and f'value="{site}"' in page.text
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    time.sleep(1.1)  # a person takes a moment; the hub refuses forms sent faster
    sent = httpx.post(
        hub.url + "/order",
        data={
            "token": token,
            "county": "任城区",
            "site_id": site,
            "contact": "王老师",
            "phone": "13900001111",
            "earliest": (today + dt.timedelta(days=1)).isoformat(),
            "latest": (today + dt.timedelta(days=21)).isoformat(),
            "groups": "小学生",
            "size": "240",
            "topics": "机器人与编程",
        },
        follow_redirects=True,
    )
    assert sent.status_code == 200 and "点单已收到" in sent.text  # followed to /order/<number>
    (first,) = od.list_orders(hub.hdb)
    assert first.number in sent.text and first.source == "public"
    second = _order(hub, "喻屯镇新建小学", today + dt.timedelta(days=1), 20)  # not in the registry yet
    assert {o.state for o in od.list_orders(hub.hdb)} == {"open"}
    assert od.public_status(hub.hdb, first.number).state_zh == "已收到"  # type: ignore[union-attr]

    # 派单: the planner sends the nearer van (home 任城区) to both; apply it.
    proposal = od.propose(hub.hdb, today=today)
    assert {v.number for v in proposal.visits} == {first.number, second.number}
    assert {v.caravan_id for v in proposal.visits} == {van_a}
    od.apply_proposal(hub.hdb, proposal, by="王科员")
    # Office moves the second request to the other van by hand.
    moved = od.assign(hub.hdb, second.number, "2号车", proposal.visits[0].date, by="王科员")
    assert moved.caravan == "2号车" and moved.state == "planned"

    # 接单: each laptop pulls its planned visit with the request shown on it.
    a.sync.sync_now()
    b.sync.sync_now()
    req = a.orders.request_of(first.visit_id)
    assert req is not None and (req.number, req.contact, req.size, req.topics) == (
        first.number,
        "王老师",
        240,
        "机器人与编程",
    )
    assert a.visits.get(first.visit_id).caravan_id == van_a
    assert b.visits.get(second.visit_id).caravan_id == van_b
    assert b.sites.get(b.visits.get(second.visit_id).site_id).name == "喻屯镇新建小学"
    assert a.orders.answer(first.visit_id, True).changed == ("answer",)
    declined = b.orders.answer(second.visit_id, False, "车辆年检")
    assert (declined.answer, declined.answer_reason, declined.changed) == (
        "declined",
        "车辆年检",
        ("answer", "answer_reason"),
    )
    assert a.orders.answer(first.visit_id, True).changed == ()  # the same answer again writes nothing
    a.sync.sync_now()
    b.sync.sync_now()
    states = {o.number: o for o in od.list_orders(hub.hdb)}
    assert states[first.number].state == "accepted"
    assert states[second.number].state == "open" and states[second.number].reason == "车辆年检"

    # Re-plan: the declined request goes onto the same visit (one request, one visit).
    again = od.propose(hub.hdb, today=today)
    assert [v.change for v in again.visits if v.number == first.number] == ["kept"]
    od.apply_proposal(hub.hdb, again)
    assert od.get_order(hub.hdb, second.number).state == "planned"
    with hub.hdb.read() as s:
        visits = [json.loads(r) for r in s.scalars(od.select(od.hm.Record.data).where(od.hm.Record.entity == "visit"))]
    assert sorted(v["request_id"] for v in visits) == sorted(
        {od.request_id_of(first.number), od.request_id_of(second.number)}
    )

    # The visit happens; the school rates it on the laptop's page while offline, then syncs.
    a.visits.arrive(first.visit_id)
    a.attendance.tally(first.visit_id, "primary", 200)
    a.visits.complete(first.visit_id)
    signin = a.visits.get(first.visit_id).signin_token
    with SigninServer(a, "127.0.0.1", 0) as phone:
        base = f"http://127.0.0.1:{phone.port}/r/{signin}"
        form = httpx.get(base)
        assert form.status_code == 200 and "唐口中心小学" in form.text and "评价这次活动" in form.text
        sent = httpx.post(base, data={"score": "2", "comment": "时间太短<script>"})
        assert sent.status_code == 200 and "谢谢" in sent.text and "<script>" not in sent.text
        assert httpx.get(f"http://127.0.0.1:{phone.port}/r/NOSUCHTOKEN123").status_code == 404
    rating = a.orders.rating_of(first.visit_id)
    assert rating is not None and rating.low and rating.source == "laptop"
    a.sync.sync_now()
    assert od.get_order(hub.hdb, first.number).state == "done"
    status = od.public_status(hub.hdb, first.number)
    assert status is not None and status.state == "done" and "王老师" not in repr(status)
    # The school changes its rating on the hub's page: the same rating record, not a second one.
    # The link is the QR the visit report prints.
    link = f"{hub.url}/rate/{rating_token(first.visit_id, signin)}"
    report = tmp_path / "visit.pdf"
    a.reports.visit_pdf(first.visit_id, report)
    (page_png,) = pdfcheck.render(report, tmp_path / "png", dpi=150, first=1, last=1)
    assert link in pdfcheck.qr_payloads(page_png) and "扫码评价" in pdfcheck.flat(report)
    rate_form = re.search(r'name="form" value="([^"]+)"', httpx.get(link).text).group(1)  # type: ignore[union-attr]
    time.sleep(1.1)
    rated = httpx.post(link, data={"form": rate_form, "score": "4", "comment": "孩子们很喜欢"})
    assert rated.status_code == 200 and "谢谢" in rated.text
    shown = od.get_order(hub.hdb, first.number)
    assert (shown.score, shown.comment, shown.follow_up) == (4, "孩子们很喜欢", False)
    for app in (a, b):
        app.sync.sync_now()
    a.sync.sync_now()
    assert a.orders.rating_of(first.visit_id).score == 4  # type: ignore[union-attr]
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
    # The log for the 新时代文明实践 platform, as XLSX read back.
    xlsx = tmp_path / "log.xlsx"
    assert a.order_log.export_xlsx(xlsx) == 2
    sheet = load_workbook(xlsx).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    done = rows[first.number]
    assert (done[8], done[9], done[10], done[17], done[18], done[19]) == (
        proposal.visits[0].date if proposal.visits[0].number == first.number else done[8],
        "1号车",
        "已完成",
        200,
        4,
        "孩子们很喜欢",
    )
    assert rows[second.number][10] == "计划" and rows[second.number][20] in ("", None)


def test_assigning_again_never_makes_a_second_visit_and_the_window_is_kept(hub, laptops) -> None:  # noqa: ANN001
    a, _van_a = _van(laptops, "1号车", "任城区")
    a.sync.sync_now()
    today = a.clock.today()
    o = _order(hub, "接庄中学", today + dt.timedelta(days=2), 5)
    day = (today + dt.timedelta(days=3)).isoformat()
    for _ in range(3):
        od.assign(hub.hdb, o.number, "1号车", day)
    with pytest.raises(od.HubError) as err:
        od.assign(hub.hdb, o.number, "1号车", (today + dt.timedelta(days=30)).isoformat())
    assert err.value.code == "outside_window" and "不在学校希望的" in err.value.zh
    a.sync.sync_now()
    assert [v.id for v in a.visits.list() if v.request_id] == [o.visit_id]
    declined = od.decline(hub.hdb, o.number, "学校临时考试")
    a.sync.sync_now()
    assert declined.state == "declined" and a.visits.get(o.visit_id).status == "cancelled"
    assert od.public_status(hub.hdb, o.number).reason == "学校临时考试"  # type: ignore[union-attr]


def test_order_cli_speaks_json(hub, laptops) -> None:  # noqa: ANN001
    a, _ = _van(laptops, "1号车", "任城区")
    a.sync.sync_now()
    start = a.clock.today() + dt.timedelta(days=1)

    def cli(*args: str) -> object:
        out = run_server_cli("--db", hub.db_url, "order", *args)  # in-process: its answers are under test
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout) if "--json" in args else out.stdout

    made = cli(
        "add",
        "--site",
        "南张中学",
        "--county",
        "任城",
        "--contact",
        "李老师",
        "--from",
        start.isoformat(),
        "--to",
        (start + dt.timedelta(days=10)).isoformat(),
        "--size",
        "80",
        "--json",
    )
    assert isinstance(made, dict) and made["state"] == "open" and made["county"] == "任城区"
    plan = cli("plan", "--apply", "--json")
    assert isinstance(plan, dict) and plan["applied"] == [made["number"]]
    rows = cli("list", "--json")
    assert isinstance(rows, list) and rows[0]["state"] == "planned" and rows[0]["caravan"] == "1号车"
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "caravan_app.server.cli",
            "--db",
            hub.db_url,
            "order",
            "add",
            "--site",
            "x",
            "--county",
            "任城区",
            "--contact",
            "y",
            "--from",
            "2026-13-01",
            "--to",
            "2026-12-01",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1 and "最早日期" in bad.stderr
