"""The 科普统计 indicator sheet (issue #17): activity kinds mapped to the statistics'
categories, and a sheet whose figures are the period report's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from caravan_app.services.app import App

from . import pdfcheck


def _sheet(path: Path, name: str) -> list[tuple[Any, ...]]:
    """The table's rows (below its header row; a form's header block above it is skipped)."""
    rows = list(load_workbook(path)[name].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] in ("指标代码", "活动类别", "大篷车"))
    return rows[head + 1 :]


def test_the_kind_is_guessed_from_the_theme_and_editable(app: App, day: dict[str, Any]) -> None:
    from caravan_app.cli.main import main

    assert app.visits.get(day["visit"]).activity_kind == "exhibition"  # 科技进校园: exhibits at a school
    s = app.sites.add(name="唐口街道社区", county="任城区", kind="村/社区")
    assert app.visits.get(app.visits.add(s, day["caravan"], "2026-09-20", theme="全国科普日")).activity_kind == (
        "science_week"
    )
    assert (
        app.visits.get(app.visits.add(s, day["caravan"], "2026-09-21", theme="农业实用技术培训")).activity_kind
        == "training"
    )
    assert main(["--data-dir", str(app.data_dir), "visit", "edit", day["visit"], "--kind", "科普讲座"]) == 0
    assert app.visits.get(day["visit"]).activity_kind == "lecture"
    assert main(["--data-dir", str(app.data_dir), "visit", "edit", day["visit"], "--kind", "party"]) == 1


def test_the_statistics_sheet_equals_the_period_report(app: App, day: dict[str, Any], tmp_path: Path) -> None:
    from caravan_app.cli.main import main

    year = int(day["date"][:4])
    app.mileage.record(day["date"], 52_000, 52_086, day["caravan"])
    out = tmp_path / "stats.xlsx"
    assert main(["--data-dir", str(app.data_dir), "report", "stats", "--year", str(year), "--xlsx", str(out)]) == 0
    r = app.reports.period_data(f"{year}-01-01", f"{year}-12-31")
    sheet = {row[0]: row[3] for row in _sheet(out, "科普统计")}
    assert sheet["H1"] == r.totals.visits == 1
    assert sheet["H2"] == r.km_total == 86
    assert sheet["H3"] == r.totals.people == 378
    assert sheet["B1"] == r.books_by_unit.get("册", 0) == 150  # 册 only: no other unit is added in
    assert sheet["S1"] == r.schools == 1
    assert sheet["P1"] == 1 and sheet["P2"] == 1 and sheet["P3"] == 1  # 李队长 (crew), 王志愿 (volunteer, 编号)
    assert sheet["P4"] == 2.0  # the volunteer's 2 h; the crew's 4 h are work, not volunteer service
    assert sheet["P6"] == 4.0 and sheet["P5"] == 0.0
    # by kind: the exhibition at the school holds the year's one activity and its people
    kinds = {row[0]: (row[1], row[2]) for row in _sheet(out, "按活动类别")}
    assert kinds["科普（技）专题展览"] == (1, 378) and sum(v for v, _p in kinds.values()) == r.totals.visits
    assert sheet["A2a"] == 1 and sheet["A2b"] == 378
    # every indicator carries its definition
    assert all(row[4] for row in _sheet(out, "科普统计"))

    # the period report's PDF prints the same table
    pdf = app.reports.period_files(f"{year}-01-01", f"{year}-12-31", tmp_path / "p.pdf").pdf
    flat = pdfcheck.flat(pdf)
    assert "科普统计" in flat and "H2行驶里程公里86" in flat and "A2a科普（技）专题展览：举办次数次1" in flat
    assert all(pdfcheck.fonts(pdf).values())

    # an edited kind moves the visit in both
    app.visits.update(day["visit"], activity_kind="contest")
    app.reports.stats_xlsx(year, out)
    kinds = {row[0]: (row[1], row[2]) for row in _sheet(out, "按活动类别")}
    # the exhibits were still shown (科普展示): the visit counts under both categories it held
    assert kinds["科普（技）竞赛"] == (1, 378) and kinds["科普（技）专题展览"] == (1, 378)
    assert dt.date.fromisoformat(day["date"]).year == year


def test_the_sheet_has_the_survey_shape(app: App, day: dict[str, Any], tmp_path: Path) -> None:
    """Header block; every category a visit held; 科技活动周 and 全国科普日 apart; 进校园/进乡村;
    青少年; 读物和资料 combined; 科普宣传专用车; each van's year against the norms."""
    app.settings.set_issuer("济宁市科学技术协会", "张主任", "李经办", "0537-2345678")
    year = int(day["date"][:4])
    c = day["caravan"]
    village = app.sites.add(name="唐口街道社区", county="任城区", kind="村/社区")
    for date, theme, acts, n in (
        (f"{year}-05-20", "科技活动周 科普讲座", "科普展示、健康讲座", 60),
        (f"{year}-09-16", "全国科普日", "科学实验秀", 40),
        (f"{year}-09-18", "乡村振兴", "农业实用技术培训", 25),
    ):
        if date > day["date"]:
            continue
        v = app.visits.add(village, c, date, theme=theme, activities=acts)
        t0 = dt.datetime.fromisoformat(f"{date}T09:00:00")
        app.visits.arrive(v, t0)
        app.attendance.tally(v, "parent", n)
        app.visits.complete(v, t0 + dt.timedelta(hours=2))
    app.mileage.record(day["date"], 52_000, 52_086, c)
    out = tmp_path / "stats.xlsx"
    r = app.reports.stats_xlsx(year, out)
    ws = load_workbook(out)["科普统计"]
    block = {ws.cell(i, 1).value: ws.cell(i, 2).value for i in range(1, 7)}
    assert block["填报单位"] == "济宁市科学技术协会" and block["单位负责人"] == "张主任"
    assert block["填表人"] == "李经办" and block["报出日期"] == dt.date.today().isoformat()
    sheet = {row[0]: row[3] for row in _sheet(out, "科普统计")}
    held = {v.date: v for v in r.survey_visits}
    if f"{year}-05-20" in held:
        # the science-week lecture with exhibits: under 讲座, 展览 and 科技活动周 at once
        assert set(held[f"{year}-05-20"].kinds) >= {"science_week", "lecture", "exhibition"}
        assert sheet["A1a"] >= 1 and sheet["A4a"] >= 1
    if f"{year}-09-16" in held:
        assert sheet["A5a"] == 1 and sheet["A5b"] == 40  # 全国科普日 apart from 科技活动周
    assert sheet["H5"] == sheet["H1"] == r.totals.visits  # 线下: all of them
    assert sheet["J1"] == 1 and sheet["J2"] == 378  # 进校园: the school visit
    assert sheet["J3"] == r.totals.visits - 1  # 进乡村: the others, at the community
    assert sheet["J5"] == 312  # 青少年: the pupils counted
    # books (册) and materials (份) apart, never one combined count (a unit is never added into another)
    assert sheet["B1"] == r.books_by_unit.get("册", 0) and sheet["B2"] == r.books_by_unit.get("份", 0)
    assert not [
        row
        for row in _sheet(out, "科普统计")
        if str(row[0]).startswith("B") and row[2] not in [*r.units, "册", "份", "种"]
    ]
    # the survey's combined 读物/资料 figure is a count of kinds handed out, not 册 + 份
    kinds = [row for row in _sheet(out, "科普统计") if str(row[0]).startswith("B") and row[2] == "种"]
    assert [row[3] for row in kinds] == [sum(1 for t in r.by_title if t.books > 0)]
    assert sheet["V1"] == 1
    assert all(row[4] for row in _sheet(out, "科普统计"))  # each indicator's 口径 on the sheet
    van = _sheet(out, "大篷车年度运行")
    assert van[0][0].startswith("2号车") and van[0][1:5] == (
        r.totals.visits,
        len({v.date for v in r.survey_visits}),
        86,
        r.totals.people,
    )
    assert van[0][5:] == ("未达标", "未达标")  # far from 120 days and 10,000 km
