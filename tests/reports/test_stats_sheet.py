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
    return list(load_workbook(path)[name].iter_rows(min_row=2, values_only=True))


def test_the_kind_is_guessed_from_the_theme_and_editable(app: App, day: dict[str, Any]) -> None:
    from caravan_app.cli.main import main

    assert app.visits.get(day["visit"])["activity_kind"] == "exhibition"  # 科技进校园: exhibits at a school
    s = app.sites.add(name="唐口街道社区", county="任城区", kind="村/社区")
    assert app.visits.get(app.visits.add(s, day["caravan"], "2026-09-20", theme="全国科普日"))["activity_kind"] == (
        "science_week"
    )
    assert (
        app.visits.get(app.visits.add(s, day["caravan"], "2026-09-21", theme="农业实用技术培训"))["activity_kind"]
        == "training"
    )
    assert main(["--data-dir", str(app.data_dir), "visit", "edit", day["visit"], "--kind", "科普讲座"]) == 0
    assert app.visits.get(day["visit"])["activity_kind"] == "lecture"
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
    assert kinds["科普专题展览"] == (1, 378) and sum(v for v, _p in kinds.values()) == r.totals.visits
    assert sheet["A2a"] == 1 and sheet["A2b"] == 378
    # every indicator carries its definition
    assert all(row[4] for row in _sheet(out, "科普统计"))

    # the period report's PDF prints the same table
    pdf = app.reports.period_files(f"{year}-01-01", f"{year}-12-31", tmp_path / "p.pdf").pdf
    flat = pdfcheck.flat(pdf)
    assert "科普统计" in flat and "H2行驶里程公里86" in flat and "A2a科普专题展览：举办次数次1" in flat
    assert all(pdfcheck.fonts(pdf).values())

    # an edited kind moves the visit in both
    app.visits.update(day["visit"], activity_kind="contest")
    app.reports.stats_xlsx(year, out)
    kinds = {row[0]: (row[1], row[2]) for row in _sheet(out, "按活动类别")}
    assert kinds["科普竞赛"] == (1, 378) and kinds["科普专题展览"] == (0, 0)
    assert dt.date.fromisoformat(day["date"]).year == year
