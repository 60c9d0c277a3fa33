"""今日 and 活动 in-process (real ASGI HTTP) over a real hub database that two real laptops
synced to, read through the projection: the office sees every visit with the laptops' figures,
a county liaison only their county and never a phone number, hostile names stay text, and a
visit's report PDF says what the office laptop's says."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from caravan_app.console import auth
from caravan_app.console.app import create_app
from caravan_app.console.audit import entries
from caravan_app.console.projection import forget
from caravan_app.server.db import HubDB
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.reports import pdfcheck
from tests.sync.conftest import hub_process  # noqa: F401 - the sync suite's real hub process
from tests.sync.hubproc import HubProcess

from .conftest import CONSOLE_TABLES, PASSWORD, Browser

pytestmark = pytest.mark.server

HOSTILE_A = "曲阜<script>alert(1)</script>小学"
HOSTILE_B = '金乡"><img src=x onerror=alert(2)>一中'
PHONES = ("13800138000", "13900139000", "0537-4441234", "0537-5552345")


@dataclass
class Day:
    hub: HubProcess
    office: App
    visit_a: str
    visit_b: str
    app: FastAPI
    where: Path


def _van(app: App, van: str, county: str, site: str, phone: str) -> tuple[str, str, str]:
    c = app.catalog.add_caravan(van, f"鲁H{abs(hash(van)) % 100000:05d}", county)
    app.catalog.set_this_device(f"{van}笔记本", c)
    s = app.sites.add(name=site, county=county, kind="小学", town="城关镇", contact="王老师", phone=phone)
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 100)
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园")
    app.visits.arrive(v)
    return c, t, v


@pytest.fixture(scope="module")
def day(hub_process: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Day]:  # noqa: F811
    hub = hub_process
    hub.reset()
    root = tmp_path_factory.mktemp("field")
    made: list[App] = []

    def laptop(name: str, caravan: str, role: str) -> App:
        a = App.open(fresh_data_dir(root / name))
        made.append(a)
        a.sync.enroll(hub.url, hub.code(caravan, role))
        return a

    a, b = laptop("a", "1号车", "van"), laptop("b", "2号车", "van")
    ca, ta, va = _van(a, "1号车", "曲阜市", HOSTILE_A, "0537-4441234")
    cb, tb, vb = _van(b, "2号车", "金乡县", HOSTILE_B, "0537-5552345")
    a.attendance.tally(va, "primary", 42)
    a.attendance.tally(va, "teacher", 3)
    a.attendance.signin(va, "张老师", "teacher", "曲阜实验小学", phone="13800138000")
    a.attendance.signin(va, "<b>李家长</b>", "parent")
    p = a.catalog.add_person(name="王志愿", role="volunteer", team="青少年科普服务队", volunteer_no="SD1")
    a.visits.duty(va, p, "on", at=dt.datetime.now() - dt.timedelta(minutes=16))
    a.visits.duty(va, p, "off", at=dt.datetime.now() - dt.timedelta(minutes=1))
    a.stock.distribute(ca, ta, 12, va, "三年级")
    a.mileage.record(dt.date.today(), 1200, 1260, caravan_id=ca)
    a.visits.complete(va)
    a.visits.reopen(va, "补登人数", by="王队长")
    a.attendance.tally(va, "parent", 5)
    a.visits.complete(va)
    b.attendance.tally(vb, "junior", 30)
    b.attendance.signin(vb, "赵老师", "teacher", phone="13900139000")
    for x in (a, b):
        x.sync.sync_now()
    office = laptop("office", "办公室", "office")
    office.sync.sync_now()
    with hub.hdb.write() as s, s.begin():
        for t in CONSOLE_TABLES:
            s.execute(text(f"DELETE FROM {t}"))
    for name, role, county, van in (
        ("olga", "office", None, None),
        ("cai", "county", "曲阜市", None),
        ("cao", "captain", None, "2号车"),
        ("audrey", "auditor", None, None),
    ):
        auth.add_user(hub.hdb, name, role, PASSWORD, county=county, caravan=van)
    where = root / "hubdata"
    served = create_app(hub.db_url, data_dir=where)
    yield Day(hub, office, va, vb, served, where)
    forget(where)
    served.state.hdb.close()
    for x in made:
        x.close()


@pytest.fixture
def as_user(day: Day) -> Iterator[object]:
    made: list[Browser] = []

    def login(name: str) -> Browser:
        br = Browser(day.app)
        made.append(br)
        assert br.login(name).status_code == 303
        return br

    yield login
    for br in made:
        br.close()


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_office_sees_every_visit_with_the_laptops_figures(day: Day, as_user) -> None:  # noqa: ANN001
    br = as_user("olga")
    r = br.get("/visits")
    assert r.status_code == 200
    assert f"/visits/{day.visit_a}" in r.text and f"/visits/{day.visit_b}" in r.text
    summary = day.office.visits.summary(day.visit_a)
    row = re.search(rf'href="/visits/{day.visit_a}">[^<]*</a></td>(.*?)</tr>', r.text, re.S)
    assert row is not None
    nums = re.findall(r'<td class="num">(\d+)</td>', row.group(1))
    assert nums == [str(summary.attendance), str(summary.signins)] == ["50", "2"]


def test_visit_page_has_groups_crew_handouts_odometer_history(day: Day, as_user) -> None:  # noqa: ANN001
    br = as_user("olga")
    r = br.get(f"/visits/{day.visit_a}")
    assert r.status_code == 200
    page = _visible_text(r.text)
    report = day.office.reports.visit_data(day.visit_a)
    assert report.code and report.code in page  # the verification code the laptop prints
    assert "王志愿" in page and "15" in page  # 15 minutes on duty
    assert "身边的科学" in page and "12" in page
    assert "1200 → 1260 km (60 km)" in page
    assert "补登人数" in page and "王队长" in page
    assert "0537-4441234" in page  # the office may see the school's phone
    assert any(e.action == "view_signins" and day.visit_a in e.subject for e in entries(day.hub.hdb)[0])


def test_english_visit_page_gives_the_vocabularys_english_words(day: Day, as_user) -> None:  # noqa: ANN001
    """The laptop's paper is Chinese; the English page shows its groups, crew roles, sign-in
    groups and methods in the vocabulary's English words (names stay as written)."""

    def flat(html: str) -> str:
        return re.sub(r"\s+", " ", _visible_text(html))

    br = as_user("olga")
    try:
        br.get("/lang/en")
        html = br.get(f"/visits/{day.visit_a}").text
        people = flat(html.split("People by group")[1].split("</table>")[0])
        assert "Primary pupils 42" in people and "Teachers 3" in people and "小学生" not in people
        crew = flat(html.split("Crew and minutes on duty")[1].split("</table>")[0])
        assert "王志愿 Volunteer" in crew and "志愿者" not in crew
        signed = flat(html.split("Sign-ins (")[1].split("</table>")[0])
        assert "张老师 Teacher 曲阜实验小学" in signed and "教师" not in signed and "Parent" in signed
        assert "家长" not in signed.replace("李家长", "")
    finally:
        br.get("/lang/zh")
    page = flat(br.get(f"/visits/{day.visit_a}").text)
    assert "小学生 42" in page and "王志愿 志愿者" in page  # Chinese again, as printed


def test_county_liaison_sees_only_their_county_and_never_a_phone(day: Day, as_user) -> None:  # noqa: ANN001
    br = as_user("cai")
    listing = br.get("/visits").text
    assert f"/visits/{day.visit_a}" in listing and f"/visits/{day.visit_b}" not in listing
    assert br.get(f"/visits/{day.visit_b}").status_code == 404  # the other county's visit, by URL
    assert br.get(f"/visits/{day.visit_b}/report.pdf").status_code == 404
    other = br.get("/visits?county=金乡县").text
    assert f"/visits/{day.visit_b}" not in other
    bodies = [listing, br.get(f"/visits/{day.visit_a}").text, br.get("/today").text]
    for what in ("visits", "signins", "handouts"):
        for fmt in ("csv", "xlsx"):
            resp = br.get(f"/downloads/{what}.{fmt}")
            assert resp.status_code == 200
            if fmt == "csv":
                bodies.append(resp.content.decode("utf-8-sig"))
                assert day.visit_b not in bodies[-1]
            else:
                wb = openpyxl.load_workbook(io.BytesIO(resp.content), read_only=True)
                bodies.append("\n".join(str(c) for r in wb.active.iter_rows(values_only=True) for c in r))
    pdf = br.get(f"/visits/{day.visit_a}/report.pdf")
    assert pdf.status_code == 200
    tmp = day.where / "county.pdf"
    tmp.write_bytes(pdf.content)
    bodies.append(pdfcheck.text(tmp))
    for body in bodies:
        for phone in PHONES:
            assert phone not in body


def test_captain_sees_their_van(day: Day, as_user) -> None:  # noqa: ANN001
    br = as_user("cao")
    listing = br.get("/visits").text
    assert f"/visits/{day.visit_b}" in listing and f"/visits/{day.visit_a}" not in listing
    assert br.get(f"/visits/{day.visit_a}").status_code == 404
    today = br.get("/today").text
    assert "2号车" in today and "1号车" not in today


def test_hostile_site_names_render_as_text(day: Day, as_user) -> None:  # noqa: ANN001
    br = as_user("olga")
    for path in ("/visits", "/today", f"/visits/{day.visit_a}", f"/visits/{day.visit_b}"):
        html = br.get(path).text
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "<b>李家长</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in br.get("/visits").text
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in br.get("/visits").text


def test_today_shows_each_van_its_visit_counts_and_laptops(day: Day, as_user) -> None:  # noqa: ANN001
    br = as_user("olga")
    r = br.get("/today")
    assert r.status_code == 200
    page = _visible_text(r.text)
    assert "1号车" in page and "2号车" in page
    assert "1号车笔记本" in page and "2号车笔记本" in page  # the name the crew gave each laptop
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", page)  # each laptop's last sync
    assert 'href="/today"' in r.text  # the plain reload link (the page works without its script)
    assert br.get("/today/changed").json()["seq"] > 0


def test_filters_sort_and_page(day: Day, as_user) -> None:  # noqa: ANN001
    br = as_user("olga")
    done = br.get("/visits?status=completed").text
    assert day.visit_a in done and day.visit_b not in done
    up, down = br.get("/visits?sort=site&dir=asc").text, br.get("/visits?sort=site&dir=desc").text
    first_up = up.index(day.visit_a) < up.index(day.visit_b)
    assert first_up == (HOSTILE_A < HOSTILE_B)  # by site name
    assert first_up != (down.index(day.visit_a) < down.index(day.visit_b))
    bad = br.get("/visits?start=yesterday")
    assert bad.status_code == 200 and "开始日期不是日期" in bad.text
    assert "第 1 页" in done or "Page 1" in done
    far = br.get("/visits?start=2001-01-01&end=2001-12-31").text
    assert day.visit_a not in far


def test_visit_report_pdf_says_what_the_office_laptop_prints(day: Day, as_user) -> None:  # noqa: ANN001
    br = as_user("olga")
    r = br.get(f"/visits/{day.visit_a}/report.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    ours, theirs = day.where / "console.pdf", day.where / "laptop.pdf"
    ours.write_bytes(r.content)
    day.office.reports.visit_pdf(day.visit_a, theirs)

    def comparable(pdf: Path) -> str:
        # the print time differs by the second it was made; everything else must not
        return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "<time>", pdfcheck.text(pdf))

    assert comparable(ours) == comparable(theirs)
    assert any(e.action == "export_pdf" and day.visit_a in e.subject for e in entries(day.hub.hdb)[0])


def test_visit_report_pdf_is_the_laptops_bytes_when_printed_at_the_same_time(day: Day, as_user) -> None:  # noqa: ANN001
    """The console's paper, downloaded over HTTP, and the office laptop's paper of the same visit
    printed at the console paper's print time (read back from the PDF's date): the same bytes,
    and page by page the same text."""
    from pypdf import PdfReader

    r = as_user("olga").get(f"/visits/{day.visit_a}/report.pdf")
    assert r.status_code == 200
    raw = PdfReader(io.BytesIO(r.content)).metadata.get("/CreationDate")  # type: ignore[union-attr]
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)", str(raw))
    assert m, raw  # the print time, as printed: no time zone of the machine that printed it
    printed = "{}-{}-{} {}:{}:{}".format(*m.groups())
    (day.where / "console-same-time.pdf").write_bytes(r.content)
    assert f"生成于 {printed[:16]}" in pdfcheck.text(day.where / "console-same-time.pdf")
    theirs = io.BytesIO()
    day.office.reports.visit_pdf(day.visit_a, theirs, printed_at=printed)
    ours_pages = [p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages]
    their_pages = [p.extract_text() for p in PdfReader(io.BytesIO(theirs.getvalue())).pages]
    assert ours_pages == their_pages and len(ours_pages) >= 1
    assert r.content == theirs.getvalue()


def test_unknown_visit_is_a_page_not_a_trace(day: Day, as_user) -> None:  # noqa: ANN001
    br = as_user("olga")
    r = br.get("/visits/nope")
    assert r.status_code == 404 and "Traceback" not in r.text and "<html" in r.text


def test_hub_db_is_read_through_its_own_layer(day: Day) -> None:
    assert isinstance(day.app.state.hdb, HubDB)
