"""The console's 统计 figures over a laptop data folder of demo data: the same figures the
laptop's period PDF and 科普统计 XLSX print (read back with pypdf and openpyxl), a county's
page holding only that county, and charts that are valid SVG with one bar per category."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from caravan_app.console import charts_svg
from caravan_app.console.stats_data import StatsData, scope
from caravan_app.services.app import App
from caravan_app.services.demo import load_demo
from tests.conftest import fresh_data_dir

TODAY = dt.date(2026, 11, 20)
SVG = "{http://www.w3.org/2000/svg}"


class _Clock:
    def now(self) -> dt.datetime:
        return dt.datetime(2026, 11, 20, 17, 0)

    def today(self) -> dt.date:
        return TODAY


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    a = App.open(fresh_data_dir(tmp_path_factory.mktemp("stats") / "data"))
    load_demo(a, seed=3, visits=40, today=TODAY)
    a.clock = _Clock()  # type: ignore[assignment]
    yield a
    a.close()


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages))


def bars(svg: str) -> list[tuple[str, int]]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    out = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "bar":
            value = next(t for t in g.iter(f"{SVG}text") if t.get("class") == "value")
            assert value.text == f"{int(g.get('data-value', '0')):,}"
            out.append((g.get("data-label", ""), int(g.get("data-value", "0"))))
    return out


def test_a_chart_is_valid_svg_with_one_bar_and_value_per_category() -> None:
    svg = charts_svg.bar_chart("各县市区服务人次", ["任城区", "<script>", "嘉祥县"], [1200, 0, 37])
    assert bars(svg) == [("任城区", 1200), ("<script>", 0), ("嘉祥县", 37)]
    assert "<script>" not in svg  # a hostile label is text, never markup
    norm = ET.fromstring(charts_svg.bar_chart("出车天数", ["1号", "2号"], [130, 40], norm=120))
    assert [x.get("class") for x in norm.iter(f"{SVG}line") if x.get("class") == "norm"] == ["norm"]
    empty = ET.fromstring(charts_svg.bar_chart("各月活动场次", [], []))
    assert not [g for g in empty.iter(f"{SVG}g") if g.get("class") == "bar"]
    assert "本期无数据" in "".join(empty.itertext())


def test_the_page_prints_the_figures_of_the_laptops_period_pdf(demo: App, tmp_path: Path) -> None:
    sd = StatsData(demo)
    sc = scope("2026-01-01", "2026-11-20")
    page = sd.page(sc)
    r = page.report
    assert r.totals.visits > 0
    text = pdf_text(sd.period_pdf(sc, tmp_path / "period.pdf"))
    for row in r.by_county:
        units = " ".join(f"{row.by_unit.get(u, 0):,}" for u in r.units)
        assert f"{row.key} {row.visits:,} {row.people:,} {units} {row.sites:,}" in text
    assert f"合计 {r.totals.visits:,} {r.totals.people:,}" in text
    for v in r.volunteers:
        assert f"{v.name} " in text and f"{v.minutes:,} {v.hours:.1f}" in text
    # the charts are the PDF's: one bar per month and per county, the same values
    by_key = {c.key: c.svg for c in page.charts}
    assert [v for _l, v in bars(by_key["month"])] == [x.visits for x in r.by_month]
    assert bars(by_key["county"]) == [(x.key, x.people) for x in r.by_county]
    assert len(bars(by_key["days"])) == len(page.norms)


def test_the_science_sheet_and_norms_equal_the_laptops_xlsx(demo: App, tmp_path: Path) -> None:
    sd = StatsData(demo)
    sc = scope("2026-03-01", "2026-06-30")
    page = sd.page(sc)
    wb = load_workbook(sd.stats_xlsx(sc, tmp_path / "stats.xlsx"))
    cells = {
        row[0]: row[3] for row in wb["科普统计"].iter_rows(values_only=True) if row and row[0] and row[3] is not None
    }
    assert page.year.stats
    for line in page.year.stats:  # the year's sheet, whatever the period on screen
        assert cells[line.code] == line.value, line.code
    vans = [r for r in wb["大篷车年度运行"].iter_rows(min_row=2, values_only=True) if r[0] and r[0] != "合计"]
    got = [(n.van, n.activities, n.days, n.km, n.people, n.days_verdict, n.km_verdict) for n in page.norms]
    assert got == [tuple(r[:7]) for r in vans]
    assert bars(next(c.svg for c in page.charts if c.key == "km")) == [(n.van, n.km) for n in page.norms]


def test_a_county_page_holds_only_that_countys_visits(demo: App, tmp_path: Path) -> None:
    sd = StatsData(demo)
    whole = sd.page(scope("2026-01-01", "2026-11-20")).report
    county = whole.by_county[0].key
    page = sd.page(scope("2026-01-01", "2026-11-20", county=county))
    r = page.report
    assert [x.key for x in r.by_county] == [county]
    assert r.totals.visits == whole.by_county[0].visits and r.totals.people == whole.by_county[0].people
    assert {v.county for v in r.visits} == {county}
    assert {t.county for t in page.towns} == {county}
    assert {s.county for s in page.stale} <= {county}
    assert r.scope == county
    # the county's own PDF says so and prints the same total
    text = pdf_text(sd.period_pdf(page.scope, tmp_path / "county.pdf"))
    assert f"统计范围：{county}" in text and f"合计 {r.totals.visits:,} {r.totals.people:,}" in text
    # its norms are its own vans', each over its whole year
    own = {c.name for c in demo.catalog.caravans() if c.home_county == county}
    assert {n.van.split("（")[0] for n in page.norms} == own


def test_coverage_and_the_schools_not_visited_longest(demo: App) -> None:
    sd = StatsData(demo)
    towns = sd.towns()
    reg = demo.sites.registry()
    assert sum(t.sites for t in towns) == len(reg)
    assert sum(t.visited for t in towns) == sum(1 for s in reg if s.visits_year)
    stale = sd.stale(limit=100)
    never = [s for s in stale if s.last_visit is None]
    assert stale[: len(never)] == never  # never visited first, then the oldest last visit
    seen = [s.last_visit for s in stale if s.last_visit]
    assert seen == sorted(seen)
    assert all(s.days_since == (TODAY - dt.date.fromisoformat(s.last_visit)).days for s in stale if s.last_visit)


def test_long_van_names_fit_under_their_bars_and_stay_whole_in_the_title() -> None:
    names = [f"科普大篷车{i}号（鲁H4119{i}）" for i in range(1, 9)]
    root = ET.fromstring(charts_svg.bar_chart("各车出车天数", names, [7] * 8, norm=120, width=640))
    for g, name in zip((g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"), names, strict=True):
        assert g.findtext(f"{SVG}title") == f"{name}：7"
        lines = [t.text or "" for t in g.iter(f"{SVG}text") if t.get("class") != "value"]
        assert len(lines) == 2 and all(charts_svg._width(x, 10) <= 572 / 8 for x in lines)  # noqa: SLF001
        assert lines[0] == f"科普大篷车{name[5]}号"
