"""The 统计 pages through the console (in-process ASGI) over a real hub database that an
office laptop synced a season of demo data to, read through the console's projection: the
page prints the figures of the laptop's own papers, the downloads are the laptop's files, and
a county liaison sees only their county."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from caravan_app.console import projection
from caravan_app.console.app import create_app
from caravan_app.console.auth import add_user
from caravan_app.services.app import App
from caravan_app.services.demo import load_demo
from tests.conftest import fresh_data_dir
from tests.sync.hubproc import HubProcess

pytestmark = pytest.mark.server

PASSWORD = "correct horse battery"
DEMO_DAY = dt.date(2026, 11, 20)
YEAR = "from=2026-01-01&to=2026-11-20"


class Browser:
    """A console user's browser: cookies kept, each request through the app in-process."""

    def __init__(self, app: Any) -> None:
        self.app, self.cookies = app, httpx.Cookies()

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://hub.test", cookies=self.cookies) as c:
                r = await c.request(method, url, **kw)
                self.cookies = c.cookies
                return r

        return anyio.run(go)

    def get(self, url: str) -> httpx.Response:
        return self.request("GET", url)

    def csrf(self, html: str) -> str:
        m = re.search(r'name="csrf" value="([^"]+)"', html)
        assert m, "no csrf field"
        return m[1]

    def login(self, name: str) -> Browser:
        page = self.get("/login")
        r = self.request("POST", "/login", data={"username": name, "password": PASSWORD, "csrf": self.csrf(page.text)})
        assert r.status_code == 303, r.text
        return self


@dataclass
class World:
    hub: HubProcess
    office: App  # the office laptop that synced the demo data
    app: Any  # the console
    county: str  # the county liaison's county
    captain_van: str

    def user(self, name: str) -> Browser:
        return Browser(self.app).login(name)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    hub = HubProcess(tmp_path_factory.mktemp("hub"))
    office = App.open(fresh_data_dir(tmp_path_factory.mktemp("office") / "data"))
    try:
        office.sync.enroll(hub.url, hub.code("办公室", "office"))
        load_demo(office, seed=3, visits=40, today=DEMO_DAY)
        office.sync.sync_now()
        busiest = office.reports.period_data("2026-01-01", "2026-11-20").by_county[0].key
        van = office.catalog.caravans()[1].name
        for name, role, kw in (
            ("office1", "office", {}),
            ("auditor1", "auditor", {}),
            ("county1", "county", {"county": busiest}),
            ("captain1", "captain", {"caravan": van}),
        ):
            add_user(hub.hdb, name, role, PASSWORD, **kw)
        data_dir = tmp_path_factory.mktemp("console")
        yield World(hub, office, create_app(hub.hdb, data_dir=data_dir), busiest, van)
        projection.forget(data_dir)
    finally:
        office.close()
        hub.stop()


def text_of(html: str) -> str:
    """A page's visible text, cells apart, whitespace folded (as a reader sees it)."""
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


def pdf_text(body: bytes) -> str:
    raw = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
    return re.sub(r"生成于 \S+ \S+", "", re.sub(r"\s+", " ", raw))


def cells(body: bytes) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(io.BytesIO(body))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_the_stats_page_prints_the_figures_of_the_laptops_period_pdf(world: World, tmp_path: Path) -> None:
    b = world.user("office1")
    page = b.get(f"/stats?{YEAR}")
    assert page.status_code == 200
    shown = text_of(page.text)
    world.office.reports.period_files("2026-01-01", "2026-11-20", pdf=tmp_path / "laptop.pdf")
    laptop = pdf_text((tmp_path / "laptop.pdf").read_bytes())
    r = world.office.reports.period_data("2026-01-01", "2026-11-20")
    assert r.totals.visits > 10
    # each county row and the 合计 as the laptop's PDF prints them, on the page
    for row in [*r.by_county, r.totals]:
        units = " ".join(f"{row.by_unit.get(u, 0):,}" for u in r.units)
        line = f"{row.visits:,} {row.people:,} {units} {row.sites:,}"
        label = "合计" if row is r.totals else row.key
        assert f"{label} {line}" in laptop
        assert f"{label} {line}" in shown
    assert re.sub(r"\s+", " ", r.paragraph) in shown  # the work-report paragraph, as on the paper
    # the downloaded PDF is the laptop's paper for the same period
    got = b.get(f"/stats/period.pdf?{YEAR}")
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert pdf_text(got.content) == laptop
    from sqlalchemy import select

    from caravan_app.console.models import AuditEntry

    with world.hub.hdb.read() as s:  # the paper names every volunteer: its download is recorded
        assert "export_pdf" in {
            e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.user_name == "office1"))
        }


def test_the_downloaded_workbooks_equal_the_laptops(world: World, tmp_path: Path) -> None:
    b = world.user("office1")
    world.office.reports.period_files("2026-01-01", "2026-11-20", xlsx=tmp_path / "period.xlsx")
    got = b.get(f"/stats/period.xlsx?{YEAR}")
    assert got.status_code == 200
    ours, laptop = cells(got.content), cells((tmp_path / "period.xlsx").read_bytes())
    assert ours == laptop and len(ours) > 3
    world.office.reports.stats_xlsx(2026, tmp_path / "stats.xlsx")
    sci = b.get(f"/stats/science.xlsx?{YEAR}")
    ours, laptop = cells(sci.content), cells((tmp_path / "stats.xlsx").read_bytes())

    def body(sheets: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
        # the header block names each side's own issuer and report date; the figures must agree
        return {k: [r for r in v if r and r[0] not in ("填报单位", "单位负责人", "填表人", "联系电话", "报出日期")]
                for k, v in sheets.items()}  # fmt: skip

    assert body(ours) == body(laptop)


def test_the_page_shows_the_science_sheet_and_norms_the_xlsx_prints(world: World) -> None:
    b = world.user("office1")
    page = b.get(f"/stats?{YEAR}").text
    shown = text_of(page)
    sheets = cells(b.get(f"/stats/science.xlsx?{YEAR}").content)
    for code, _name, unit, value, _how in (
        r for r in sheets["科普统计"] if r and r[0] and r[3] is not None and r[0] != "指标代码"
    ):
        m = re.search(
            rf'id="stat-{code}">\s*<td>{code}</td><td>[^<]+</td><td class="unit">{re.escape(unit)}</td><td class="num">([\d,.]+)</td>',
            page,
        )
        assert m and float(m[1].replace(",", "")) == value, code
    for van, n, days, km, people, d_ok, km_ok in (r for r in sheets["大篷车年度运行"][1:] if r[0] and r[0] != "合计"):
        assert f"{van} {n:,} {days:,} {km:,} {people:,} {d_ok} {km_ok}" in shown


def test_a_county_liaison_sees_only_their_county(world: World) -> None:
    b = world.user("county1")
    r = world.office.reports.period_data("2026-01-01", "2026-11-20", county=world.county)
    whole = world.office.reports.period_data("2026-01-01", "2026-11-20")
    others = [x.key for x in whole.by_county if x.key != world.county]
    assert others
    page = b.get(f"/stats?{YEAR}")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert f"合计 {r.totals.visits:,} {r.totals.people:,}" in shown
    assert f"合计 {whole.totals.visits:,} {whole.totals.people:,}" not in shown
    for county in others:  # no other county's row, town, school or chart bar anywhere on the page
        assert county not in page.text, county
    assert b.get(f"/stats?{YEAR}&county={others[0]}").status_code == 403
    assert b.get(f"/stats/period.pdf?{YEAR}&county={others[0]}").status_code == 403
    pdf = pdf_text(b.get(f"/stats/period.pdf?{YEAR}").content)
    assert f"统计范围：{world.county}" in pdf
    assert not any(f"{c} " in pdf.split("按乡镇")[0].split("按县市区")[1] for c in others)


def test_a_captain_sees_their_van(world: World) -> None:
    b = world.user("captain1")
    van = next(c for c in world.office.catalog.caravans() if c.name == world.captain_van)
    r = world.office.reports.period_data("2026-01-01", "2026-11-20", van.id)
    shown = text_of(b.get(f"/stats?{YEAR}").text)
    assert f"合计 {r.totals.visits:,} {r.totals.people:,}" in shown
    other = next(c for c in world.office.catalog.caravans() if c.name != world.captain_van)
    assert b.get(f"/stats?{YEAR}&van={other.id}").status_code == 403


def test_charts_on_the_page_are_valid_svg_with_one_bar_per_county(world: World) -> None:
    import xml.etree.ElementTree as ET

    b = world.user("auditor1")
    page = b.get(f"/stats?{YEAR}").text
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 4  # by month, by county, days and km per van
    r = world.office.reports.period_data("2026-01-01", "2026-11-20")
    ns = "{http://www.w3.org/2000/svg}"
    county = ET.fromstring(svgs[1])
    got = [
        (g.get("data-label"), int(g.get("data-value") or 0)) for g in county.iter(f"{ns}g") if g.get("class") == "bar"
    ]
    assert got == [(x.key, x.people) for x in r.by_county]
    assert "<script" not in page.lower() and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_coverage_downloads_as_csv_and_xlsx_with_the_pages_figures(world: World) -> None:
    b = world.user("office1")
    csv = b.get(f"/stats/coverage.csv?{YEAR}")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "县市区,乡镇（街道）,站点数,本年已开展活动的站点,本年未开展活动的站点"
    towns = world.office.sites.town_coverage()
    assert len(lines) - 1 == len(towns)
    xl = cells(b.get(f"/stats/coverage.xlsx?{YEAR}").content)["覆盖情况"]
    assert [r[2] for r in xl[-len(towns) :]] == [t.sites for t in towns]


def test_a_wrong_date_says_which_field_and_what_to_do(world: World) -> None:
    b = world.user("office1")
    page = b.get("/stats?from=2026-12-01&to=2026-01-01")
    assert page.status_code == 200 and "结束日期早于开始日期" in page.text
    assert b.get("/stats/period.pdf?from=2026-13-01&to=2026-01-01").status_code == 400


def test_a_captain_of_a_van_not_yet_synced_is_told_so(world: World) -> None:
    add_user(world.hub.hdb, "captain9", "captain", PASSWORD, caravan="还没同步的车")
    b = world.user("captain9")
    page = b.get(f"/stats?{YEAR}")
    assert page.status_code == 200 and "还没同步的车" in page.text and "同步之后" in page.text
    assert "合计" not in page.text  # no other van's figures in its place
    assert b.get(f"/stats/period.pdf?{YEAR}").status_code == 404


def test_the_page_says_which_visits_the_report_counts(world: World) -> None:
    from caravan_app.server import reviews

    b = world.user("office1")
    assert "本表统计：全部已完成活动" in b.get(f"/stats?{YEAR}").text
    reviews.set_reports_count(world.hub.hdb, "approved", "office1")
    try:
        page = b.get(f"/stats?{YEAR}").text
        assert "本表统计：仅已通过审核的活动" in page  # the report's own words: no visit approved yet
        assert "<b>0</b><span>活动场次</span>" in page
    finally:
        reviews.set_reports_count(world.hub.hdb, "completed", "office1")
    assert "本表统计：全部已完成活动" in b.get(f"/stats?{YEAR}").text
