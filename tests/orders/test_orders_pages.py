"""The public request and rating pages and the office's list, through the console app in
process over a real SQLite hub database: escaping, the signed form token, the hidden field, rate
limits, no personal data on the public status page, one rating per visit changed in place."""

from __future__ import annotations

import datetime as dt
import json
import re
import time

import httpx
import pytest
from sqlalchemy import select

from caravan_app.console.auth import add_user
from caravan_app.domain.ids import new_id, signin_token
from caravan_app.domain.rating import rating_token
from caravan_app.server import models as hm
from caravan_app.server import orders as od
from caravan_app.server.authoring import author
from caravan_app.server.db import HubDB

HOSTILE_NAME = '"><img src=x onerror=alert(1)>'
HOSTILE_CONTACT = "<script>alert('x')</script>"


@pytest.fixture
def hub(console_hub):  # noqa: ANN001, ANN201
    return console_hub


def _site(hdb: HubDB, name: str = "唐口中心小学") -> str:
    sid = new_id()
    author(hdb, "site", sid, {"name": name, "county": "任城区", "town": "唐口街道", "kind": "primary"})
    return sid


def _form(client: httpx.Client, hdb: HubDB, **fields: str) -> dict[str, str]:
    page = client.get("/order?county=任城区")
    assert page.status_code == 200 and 'name="token"' in page.text
    start = dt.date.today() + dt.timedelta(days=3)
    data = {
        "token": od.form_token(hdb, now=time.time() - 5),  # a person takes a few seconds to fill it in
        "county": "任城区",
        "site_name": "新建小学",
        "contact": "王老师",
        "phone": "13900001111",
        "earliest": start.isoformat(),
        "latest": (start + dt.timedelta(days=14)).isoformat(),
        "groups": "三至六年级",
        "size": "180",
        "topics": "天文",
    }
    data.update(fields)
    return data


def test_a_school_orders_from_the_registry_and_sees_its_state_without_personal_data(hub) -> None:  # noqa: ANN001
    client, hdb = hub
    sid = _site(hdb)
    page = client.get("/order?county=任城区")
    assert "唐口中心小学" in page.text and f'value="{sid}"' in page.text
    sent = client.post("/order", data=_form(client, hdb, site_id=sid, site_name=""), follow_redirects=False)
    assert sent.status_code == 303
    number = sent.headers["location"].split("/order/")[1].split("?")[0]
    assert re.fullmatch(r"\d{4}-\d{4}-[2-9A-Z]{4}", number)
    status = client.get(f"/order/{number}")
    assert status.status_code == 200 and "已收到" in status.text
    assert "王老师" not in status.text and "13900001111" not in status.text
    (o,) = od.list_orders(hdb)
    assert (o.site_id, o.site_name, o.town, o.source) == (sid, "唐口中心小学", "唐口街道", "public")
    assert client.get("/order/2026-0001-ZZZZ").status_code == 404
    assert client.get(f"/order/{o.id}").status_code == 404  # never by the guessable row id


def test_hostile_input_is_stored_as_text_and_rendered_escaped(hub) -> None:  # noqa: ANN001
    client, hdb = hub
    sent = client.post(
        "/order", data=_form(client, hdb, site_name=HOSTILE_NAME, contact=HOSTILE_CONTACT), follow_redirects=False
    )
    assert sent.status_code == 303
    add_user(hdb, "wang", "office", "correct horse battery staple")
    login = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"username": "wang", "password": "correct horse battery staple", "csrf": csrf})
    office = client.get("/orders")
    assert office.status_code == 200
    assert HOSTILE_NAME not in office.text and HOSTILE_CONTACT not in office.text
    assert "&lt;script&gt;" in office.text and "&#34;&gt;&lt;img" in office.text
    # A bad window comes back with the field named in Chinese, and what was typed kept, escaped.
    bad = client.post("/order", data=_form(client, hdb, latest="2020-01-01", remarks="</textarea><b>x</b>"))
    assert bad.status_code == 400 and "最晚日期" in bad.text and "</textarea><b>" not in bad.text


def test_a_form_without_the_hubs_token_or_with_the_hidden_field_filled_is_refused(hub) -> None:  # noqa: ANN001
    client, hdb = hub
    for data in (
        _form(client, hdb, token=""),
        _form(client, hdb, token=od.form_token(hdb)),  # posted at once: no person is that fast
        _form(client, hdb, token="1.2.3"),
        _form(client, hdb, website="http://spam.example"),
    ):
        r = client.post("/order", data=data, follow_redirects=False)
        assert r.status_code == 400 and "表单已过期" in r.text
    assert od.list_orders(hdb) == []


def test_one_address_may_send_only_a_few_requests_and_look_up_only_a_few_numbers(hub) -> None:  # noqa: ANN001
    client, hdb = hub
    codes = [client.post("/order", data=_form(client, hdb), follow_redirects=False).status_code for _ in range(7)]
    assert codes == [303] * 5 + [429, 429]
    assert len(od.list_orders(hdb)) == 5
    looks = [client.get("/order/2026-0001-AAAA").status_code for _ in range(31)]
    assert looks[:30] == [404] * 30 and looks[30] == 429


def test_the_rating_page_takes_one_rating_per_visit_and_lets_it_change(hub) -> None:  # noqa: ANN001
    client, hdb = hub
    sid = _site(hdb)
    van = new_id()
    author(hdb, "caravan", van, {"name": "1号车", "home_county": "任城区"})
    vid, tok = new_id(), signin_token()
    visit = {"site_id": sid, "caravan_id": van, "date": dt.date.today().isoformat(), "status": "planned"}
    author(hdb, "visit", vid, {**visit, "signin_token": tok})
    link = f"/rate/{rating_token(vid, tok)}"
    assert client.get(link).status_code == 404  # not done yet
    author(hdb, "visit", vid, {"status": "completed"}, op="update")
    page = client.get(link)
    assert page.status_code == 200 and "唐口中心小学" in page.text
    form = re.search(r'name="form" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    assert client.post(link, data={"form": form, "score": "5", "comment": "好"}).status_code == 400  # too fast
    for score, comment in (("2", HOSTILE_CONTACT), ("4", "孩子们很喜欢")):
        r = client.post(
            link, data={"form": od.form_token(hdb, now=time.time() - 5), "score": score, "comment": comment}
        )
        assert r.status_code == 200 and "谢谢" in r.text and HOSTILE_CONTACT not in r.text
    with hdb.read() as s:
        ratings = [json.loads(d) for d in s.scalars(select(hm.Record.data).where(hm.Record.entity == "rating"))]
    assert [(r["score"], r["comment"], r["source"]) for r in ratings] == [(4, "孩子们很喜欢", "hub")]
    assert client.get(f"/rate/{vid}.0000000000000000").status_code == 404
    assert client.get("/rate/not-a-token").status_code == 404
