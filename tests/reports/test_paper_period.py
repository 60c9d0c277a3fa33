"""Period report and day receipt as paper: the paragraph in official style, counts by group and
town, a note for distinct counts, no one-bar charts, hours that add up in PDF, XLSX and CSV
alike, day receipts numbered per van in arrival order."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from reportlab.lib.units import mm

from caravan_app.domain import figures
from caravan_app.reports.fmt import hours_column, period_label
from caravan_app.reports.model import PeriodReport, Row
from caravan_app.reports.period_text import work_paragraph
from caravan_app.services.app import App

from . import pdfcheck


def _report(**kw: Any) -> PeriodReport:
    base: dict[str, Any] = dict(
        start="2026-08-12",
        end="2026-08-12",
        label=period_label("2026-08-12", "2026-08-12"),
        scope="全部大篷车",
        totals=Row("合计", 3, 3155, 3555, 3),
        schools=0,
        counties=1,
        by_county=[Row("金乡县", 3, 3155, 3555, 3)],
        by_caravan=[],
        by_title=[Row("身边的科学", 3, 0, 3155, 0, unit="册"), Row("科普实验材料包", 2, 0, 400, 0, unit="份")],
        by_month=[],
        visits=[],
        volunteers=[],
        school_visits=0,
        top_titles=["身边的科学"],
        books_by_unit={"册": 3155, "份": 400},
        by_group=[("小学生", 0), ("教师", 0), ("家长·村民", 3000), ("其他", 155)],
    )
    base.update(kw)
    return PeriodReport(**base)


def test_the_paragraph_reads_as_an_official_document() -> None:
    p = work_paragraph(_report())
    assert p == (
        "2026年8月12日，市科协科普大篷车深入金乡县开展科普活动3场次，服务群众3155人次，"
        "发放《身边的科学》科普图书3155册、科普资料400份。"
    )
    assert "," not in p and "至" not in p  # no thousands separators, a one-day range is one day
    # one van named simply, never "市科协科普大篷车（科普大篷车5号（鲁H25455））"
    p = work_paragraph(_report(van_name="科普大篷车5号", scope="科普大篷车5号（鲁H25455）"))
    assert "，市科协科普大篷车5号深入金乡县" in p and "鲁H" not in p and "（科普" not in p
    assert "市科协科普大篷车2号车" in work_paragraph(_report(van_name="2号车"))
    # pupils and teachers only at schools: 进校园 and 师生; both groups: 师生和群众
    school = _report(school_visits=3, schools=2, by_group=[("小学生", 3000), ("教师", 155)])
    assert "开展进校园活动3场次，服务师生3155人次" in work_paragraph(school) and "覆盖2所学校" in work_paragraph(school)
    mixed = _report(by_group=[("小学生", 3000), ("家长·村民", 155)])
    assert "服务师生和群众3155人次" in work_paragraph(mixed)
    # 万 from 10,000; a kit alone is not a book, and no 《》 around it
    big = _report(totals=Row("合计", 3, 23456, 400, 3), by_title=[Row("科普实验材料包", 2, 0, 400, 0, unit="份")])
    big.books_by_unit, big.top_titles = {"份": 400}, []
    assert "服务群众2.3万人次，发放科普资料400份。" in work_paragraph(big) and "《" not in work_paragraph(big)
    assert period_label("2026-03-05", "2026-04-20") == "2026年3月5日至2026年4月20日"


def test_no_line_of_the_paragraph_starts_with_closing_punctuation() -> None:
    from caravan_app.reports.fonts import register_cjk_font
    from caravan_app.reports.layout import NO_LINE_END, NO_LINE_START, kinsoku_split

    font = register_cjk_font()
    text = "2026年，市科协科普大篷车深入全市11个县市区开展科普活动86场次（其中进校园57场次），服务师生和群众2.3万人次，发放《身边的科学》等科普图书5120册、科普资料400份，覆盖45所学校。"
    for width in range(40, 520, 3):
        lines = kinsoku_split(text, width, font, 11)
        assert "".join(lines) == text
        for a, b in zip(lines, lines[1:], strict=False):
            assert b[0] not in NO_LINE_START and a[-1] not in NO_LINE_END, (width, a, b)


def _year(app: App) -> dict[str, Any]:
    vans = [
        app.catalog.add_caravan(n, f"鲁H{i}0000", "金乡县") for i, n in enumerate(("科普大篷车5号", "科普大篷车8号"))
    ]
    app.catalog.set_this_device("办公室", vans[0])
    sites = [
        app.sites.add(name="鸡黍镇中心小学", county="金乡县", kind="小学", town="鸡黍镇"),
        app.sites.add(name="马庙村", county="金乡县", kind="村", town="马庙镇"),
        app.sites.add(name="卜集小学", county="金乡县", kind="小学", town="卜集镇"),  # never visited
        app.sites.add(name="任城区实验小学", county="任城区", kind="小学", town="李营街道"),
    ]
    crew = [app.catalog.add_person(name=f"志愿者{i}", role="volunteer", team="科普服务队") for i in range(4)]
    plan = [(0, 0, "2026-03-10", {"primary": 300, "teacher": 20}), (1, 1, "2026-03-24", {"parent": 80})]
    plan += [(0, 3, "2026-04-02", {"primary": 410, "teacher": 25}), (0, 0, "2026-04-20", {"primary": 90})]
    for van, site, date, tallies in plan:
        v = app.visits.add(sites[site], vans[van], date, theme="科技进校园")
        t0 = dt.datetime.fromisoformat(date + "T08:00:00")
        app.visits.arrive(v, t0)
        for k, p in enumerate(crew):
            app.visits.duty(v, p, "on", t0)
            app.visits.duty(v, p, "off", t0 + dt.timedelta(minutes=105 + 7 * k))
        for g, n in tallies.items():
            app.attendance.tally(v, g, n, at=t0)
        app.visits.complete(v, t0 + dt.timedelta(hours=3))
    return {"vans": vans}


def test_period_report_by_group_and_town_with_hours_that_add_up_everywhere(app: App, tmp_path: Path) -> None:
    _year(app)
    files = app.reports.period_files(
        "2026-01-01", "2026-12-31", tmp_path / "y.pdf", xlsx=tmp_path / "y.xlsx", csv_dir=tmp_path / "csv"
    )
    flat = pdfcheck.flat(files.pdf)
    assert "按人群" in flat and "小学生800" in flat and "家长·村民80" in flat
    assert "按乡镇（街道）" in flat and "金乡县鸡黍镇2" in flat and "任城区李营街道1" in flat
    assert "尚未开展活动的乡镇（街道）1个——金乡县：卜集镇" in flat
    assert "不等于各行之和" in flat
    # hours: the PDF's rows add up to its total, and XLSX and CSV print the same numbers
    text = pdfcheck.text(files.pdf)
    rows = re.findall(r"志愿者\d 科普服务队 — 4 ([\d,]+) (\d+\.\d)", text)
    total = re.search(r"合计 \d+ ([\d,]+) (\d+\.\d) 每人每场", text)
    assert len(rows) == 4 and total
    assert round(sum(float(h) for _m, h in rows), 1) == float(total[2])
    ws = load_workbook(files.xlsx)["志愿服务时长"]
    xl = [(ws.cell(r, 5).value, ws.cell(r, 6).value) for r in range(2, 6)]
    assert sorted(float(h) for _m, h in rows) == sorted(h for _m, h in xl)
    assert round(sum(h for _m, h in xl), 1) == float(total[2])
    with open(tmp_path / "csv" / "志愿服务时长.csv", encoding="utf-8-sig") as fh:
        csv_rows = list(csv.reader(fh))[1:]
    assert sorted(float(r[5]) for r in csv_rows) == sorted(h for _m, h in xl)
    problems = pdfcheck.layout_problems(files.pdf, tmp_path / "png", min_size=8, margin=15 * mm, vmargin=7 * mm)
    assert problems == []


def test_a_one_month_report_draws_no_one_bar_chart(app: App, tmp_path: Path) -> None:
    _year(app)
    r = app.reports.period_data("2026-03-01", "2026-03-31")
    from caravan_app.reports.period_pdf import charts

    assert charts(r) == []  # one month, one county: a one-bar chart says nothing
    one_county = app.reports.period_data("2026-04-01", "2026-04-30", app.catalog.caravans()[0].id)
    assert len(charts(one_county)) == 1  # counties 2 (金乡县, 任城区): by county only, no month chart
    pdf = tmp_path / "m.pdf"
    app.reports.period_files("2026-03-01", "2026-03-31", pdf)
    assert "各月活动场次" not in pdfcheck.flat(pdf)


def test_hours_column_is_one_rule_per_visit_and_adds_up() -> None:
    # the same minutes print the same hours on every line: 105 min is 1.8 h for everyone
    assert hours_column([105, 105, 105, 105]) == [1.8, 1.8, 1.8, 1.8]
    assert hours_column([9, 9]) == [0.2, 0.2] and hours_column([164]) == [2.7] and hours_column([3]) == [0.1]
    for mins in ([1, 2, 3], [59, 61, 7, 0], [30] * 7, [1149, 23208, 17]):
        col = hours_column(mins)
        assert figures.hours_sum(mins) == round(sum(col), 1)  # a total is the sum of its lines
        assert all(abs(h - m / 60) <= 0.05 + 1e-9 for h, m in zip(col, mins, strict=True))


def test_day_receipts_number_pages_per_van_in_arrival_order(app: App, tmp_path: Path) -> None:
    day = dt.date(2026, 8, 12)
    vans = [app.catalog.add_caravan(n, None, "金乡县") for n in ("科普大篷车5号", "科普大篷车8号")]
    app.catalog.set_this_device("办公室", vans[0])
    # added in one order, arrived in the other
    for name, hour in (("乙村", 14), ("甲小学", 8)):
        s = app.sites.add(name=name, county="金乡县", kind="村")
        v = app.visits.add(s, vans[0], day)
        app.visits.arrive(v, dt.datetime.combine(day, dt.time(hour)))
        app.visits.complete(v, dt.datetime.combine(day, dt.time(hour + 2)))
    s = app.sites.add(name="丙村", county="金乡县", kind="村")
    app.visits.add(s, vans[1], day)
    pdf = app.reports.day_pdf(day, tmp_path / "day.pdf")
    flat = pdfcheck.flat(pdf)
    assert flat.count("第1页/共1页") == 2 and "第2页/共2页" not in flat
    assert flat.index("甲小学") < flat.index("乙村")
    assert "草稿·未日结" in flat  # neither van closed the day
    assert pdfcheck.layout_problems(pdf, tmp_path / "png", min_size=8, margin=15 * mm, vmargin=7 * mm) == []
