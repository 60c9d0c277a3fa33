"""Period statistics: the figures, charts, the work-report paragraph and the exports agree
with the database; an empty year still prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from caravan_app.reports.fmt import period_label, wan
from caravan_app.services.app import App

from . import pdfcheck

YEAR = 2025
# (van, site, county, kind, date, tallies, books)
PLAN = [
    ("1号车", "鱼台县第一中学", "鱼台县", "高中", "2025-03-10", {"senior": 9000, "teacher": 250}, 1200),
    ("1号车", "鱼台县实验小学", "鱼台县", "小学", "2025-03-24", {"primary": 640, "teacher": 30}, 800),
    ("2号车", "曲阜市书院小学", "曲阜市", "小学", "2025-05-12", {"primary": 2100, "parent": 400}, 1500),
    ("2号车", "嘉祥县纸坊镇东村", "嘉祥县", "村", "2025-11-02", {"parent": 380, "other": 95}, 620),
]


@pytest.fixture
def year(app: App) -> dict[str, Any]:
    vans = {n: app.catalog.add_caravan(n, None, "任城区") for n in ("1号车", "2号车")}
    app.catalog.set_this_device("办公室", vans["1号车"])
    t1 = app.catalog.add_title("身边的科学")
    t2 = app.catalog.add_title("青少年科普读本")
    for c in vans.values():
        app.stock.load(c, t1, 5000)
        app.stock.load(c, t2, 5000)
    done = []
    for van, site, county, kind, date, tallies, books in PLAN:
        s = app.sites.add(name=site, county=county, kind=kind)
        v = app.visits.add(s, vans[van], date, theme="科技进校园")
        at = dt.datetime.fromisoformat(date + "T09:00:00")
        app.visits.arrive(v, at)
        for g, n in tallies.items():
            app.attendance.tally(v, g, n, at=at)
        app.stock.distribute(vans[van], t1, books - 100, v, "学校")
        app.stock.distribute(vans[van], t2, 100, v, "老师")
        app.visits.complete(v, at + dt.timedelta(hours=3))
        done.append(v)
    # not counted: a cancelled visit, one still in progress, one in another year
    s = app.sites.add(name="泗水县第二中学", county="泗水县", kind="初中")
    app.visits.cancel(app.visits.add(s, vans["1号车"], "2025-06-01"))
    open_v = app.visits.add(s, vans["1号车"], "2025-06-02")
    app.visits.arrive(open_v, dt.datetime(2025, 6, 2, 9))
    app.attendance.tally(open_v, "junior", 777)
    other = app.visits.add(s, vans["2号车"], "2024-12-30")
    app.visits.arrive(other, dt.datetime(2024, 12, 30, 9))
    app.attendance.tally(other, "junior", 555)
    app.visits.complete(other, dt.datetime(2024, 12, 30, 12))
    return {"vans": vans, "visits": done, "titles": (t1, t2)}


def _db_totals(app: App, visits: list[str]) -> tuple[int, int]:
    people = sum(sum(app.attendance.totals(v).values()) for v in visits)
    books = sum(app.visits.summary(v).books for v in visits)
    return people, books


def test_year_report_figures_agree_with_the_database(app: App, year: dict[str, Any], tmp_path: Path) -> None:
    files = app.reports.period_files(f"{YEAR}-01-01", f"{YEAR}-12-31", tmp_path / "y.pdf", xlsx=tmp_path / "y.xlsx")
    people, books = _db_totals(app, year["visits"])
    assert (people, books) == (12_895, 4_120)
    text = pdfcheck.text(files.pdf)
    flat = pdfcheck.flat(files.pdf)
    for words in (
        "2025年科普大篷车工作统计",
        "全部大篷车",
        "各月活动场次",
        "各县市区服务人次",
        "按县市区",
        "按车辆",
        "按月份",
        "按图书",
        "活动明细",
        "口径说明",
    ):
        assert words in flat, words
    # key figures: 4 activities, people, books, 3 schools, 3 county-level areas
    assert f"4 {people:,} {books:,}册 3 3 活动场次" in text
    # per county (in the city's official order), per van, per title, per month
    assert "鱼台县 2 9,920 2,000 2" in text and "曲阜市 1 2,500 1,500 1" in text and "嘉祥县 1 475 620 1" in text
    assert "1号车 2 9,920 2,000 2" in text and "2号车 2 2,975 2,120 2" in text
    assert "《身边的科学》 3,720 册 4" in text and "《青少年科普读本》 400 册 4" in text
    assert "2025年3月 2 9,920 2,000 2" in text and "2025年4月 0 0 0 0" in text and "2025年11月 1 475 620 1" in text
    assert f"合计 4 {people:,} {books:,}" in text
    # the paragraph for the work report, in the association's style
    para = (
        "2025年，市科协科普大篷车深入全市3个县市区开展科普活动4场次（其中进校园3场次），服务师生和群众1.3万人次，"
        "发放《身边的科学》等科普图书4120册，覆盖3所学校。"
    )
    assert para in flat
    assert all(pdfcheck.fonts(files.pdf).values())
    assert len(pdfcheck.render(files.pdf, tmp_path / "png")) == pdfcheck.page_count(files.pdf)

    wb = load_workbook(files.xlsx)
    assert wb.sheetnames[:5] == ["汇总", "按县市区", "按车辆", "按月份", "按图书"]
    summary = wb["汇总"]
    assert summary.freeze_panes == "A2" and summary["E1"].value == "活动场次"
    assert [summary.cell(2, c).value for c in range(5, 10)] == [4, people, books, 3, 3]
    assert summary["J2"].value == para
    county = {r[0]: r[1:] for r in wb["按县市区"].iter_rows(min_row=2, values_only=True) if r[0] != "合计"}
    assert county == {"鱼台县": (2, 9920, 2000, 2), "曲阜市": (1, 2500, 1500, 1), "嘉祥县": (1, 475, 620, 1)}
    *months, month_total = wb["按月份"].iter_rows(min_row=2, values_only=True)
    assert len(months) == 12 and sum(r[2] for r in months) == people == month_total[2]
    assert wb["按县市区"].column_dimensions["A"].width >= 8
    *details, _total = wb["活动明细"].iter_rows(min_row=2, values_only=True)
    assert [r[3] for r in details] == [p[1] for p in PLAN] and _total[0] == "合计"


def test_one_van_one_quarter_and_csv(app: App, year: dict[str, Any], tmp_path: Path) -> None:
    files = app.reports.period_files(
        "2025-01-01", "2025-03-31", tmp_path / "q1.pdf", caravan_id=year["vans"]["1号车"], csv_dir=tmp_path / "csv"
    )
    flat = pdfcheck.flat(files.pdf)
    assert "2025年第一季度" in flat and "统计范围：1号车" in flat and "曲阜市书院小学" not in flat
    assert "深入鱼台县开展进校园活动2场次，服务师生9920人次" in flat
    raw = (tmp_path / "csv" / "按县市区.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "县市区,场次,人次,发放图书（册）,站点数" and lines[1] == "鱼台县,2,9920,2000,2"
    assert {p.name for p in files.csv} >= {"汇总.csv", "按车辆.csv", "按图书.csv", "按月份.csv"}


def test_a_year_with_no_visits_renders(app: App, tmp_path: Path) -> None:
    app.catalog.add_caravan("1号车")
    files = app.reports.period_files("2023-01-01", "2023-12-31", tmp_path / "none.pdf", xlsx=tmp_path / "none.xlsx")
    flat = pdfcheck.flat(files.pdf)
    assert "2023年，市科协科普大篷车暂无已完成的活动记录。" in flat and "本期无数据" in flat
    assert "2023年12月0000" in flat
    assert len(pdfcheck.render(files.pdf, tmp_path / "png")) == pdfcheck.page_count(files.pdf)
    wb = load_workbook(files.xlsx)
    assert [c.value for c in wb["汇总"][2]][4:9] == [0, 0, 0, 0, 0]


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0"),
        (5120, "5120"),
        (9999, "9999"),
        (10_000, "1.0万"),
        (23_456, "2.3万"),
        (23_550, "2.4万"),
        (1_234_567, "123.5万"),
    ],
)
def test_counts_are_written_as_offices_write_them(n: int, text: str) -> None:
    assert wan(n) == text


def test_period_labels() -> None:
    assert period_label("2026-01-01", "2026-12-31") == "2026年"
    assert period_label("2026-04-01", "2026-06-30") == "2026年第二季度"
    assert period_label("2026-02-01", "2026-02-28") == "2026年2月"
    assert period_label("2026-03-05", "2026-04-20") == "2026年3月5日至2026年4月20日"


def test_a_long_range_charts_years_and_lists_only_active_months(app: App, year: dict[str, Any], tmp_path: Path) -> None:
    files = app.reports.period_files("2020-01-01", "2025-12-31", tmp_path / "long.pdf")
    flat = pdfcheck.flat(files.pdf)
    assert "各年活动场次" in flat and "2024年" in flat and "只列出有活动的月份" in flat
    assert "2025年3月2" in flat and "2025年4月0" not in flat
    assert "2024年12月155501" in flat  # the 2024 visit: 1 activity, 555 people, 0 books, 1 site
    assert len(pdfcheck.render(files.pdf, tmp_path / "png")) == pdfcheck.page_count(files.pdf)
