"""Mileage (issue #17): odometer readings per van and day, append-only and synced; readings
never go backwards; more than 500 km a day needs confirming; the kilometres on the day
receipt, in the period report and in the XLSX agree."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from caravan_app.domain.errors import RuleError
from caravan_app.domain.schema import value_problem
from caravan_app.services.app import App
from caravan_app.services.mileage import MileageWarning

from ..reports import pdfcheck


@pytest.fixture
def van(app: App) -> str:
    c = app.catalog.add_caravan("1号车", "鲁H11111", "任城区")
    app.catalog.set_this_device("测试笔记本", c)
    return c


def _visit(app: App, van: str, day: dt.date) -> str:
    s = app.sites.add(name=f"唐口中心小学{day.day}", county="任城区", kind="小学")
    v = app.visits.add(s, van, day, theme="科技进校园")
    app.visits.arrive(v, dt.datetime.combine(day, dt.time(9)))
    app.attendance.tally(v, "primary", 120)
    app.visits.complete(v, dt.datetime.combine(day, dt.time(11)))
    return v


def test_readings_sum_the_same_on_the_day_receipt_the_period_report_and_the_xlsx(
    app: App, van: str, tmp_path: Path
) -> None:
    days = [dt.date(2026, 8, 30), dt.date(2026, 8, 31), dt.date(2026, 9, 2)]
    for d in days[:2]:
        _visit(app, van, d)
    app.mileage.record(days[0], 10_000, 10_120)
    app.mileage.record(days[1], 10_130, 10_215)
    app.mileage.record(days[2], 10_215, 10_240, note="回基地装车")  # a trip without a visit counts too

    # day receipt: the van appears on the day without a visit, with its kilometres
    receipt = app.reports.day_data(days[2])
    assert [(s.caravan, s.km) for s in receipt.sections] == [("1号车（鲁H11111）", 25)]
    pdf = app.reports.day_pdf(days[0], tmp_path / "day.pdf")
    assert "行驶里程120公里（出车10,000km，收车10,120km）" in pdfcheck.flat(pdf)
    assert pdfcheck.fonts(pdf) and all(pdfcheck.fonts(pdf).values())
    day_sum = sum(s.km or 0 for d in days for s in app.reports.day_data(d).sections)

    files = app.reports.period_files("2026-08-01", "2026-09-30", tmp_path / "p.pdf", xlsx=tmp_path / "p.xlsx")
    r = app.reports.period_data("2026-08-01", "2026-09-30")
    assert r.km_rows == [("1号车（鲁H11111）", "2026-08", 205), ("1号车（鲁H11111）", "2026-09", 25)]
    assert r.km_total == day_sum == 230
    assert "行驶里程230公里" in r.paragraph
    flat = pdfcheck.flat(files.pdf)
    assert "行驶里程（合计230公里）" in flat and "合计230" in flat
    wb = load_workbook(files.xlsx)
    *sheet, total = wb["行驶里程"].iter_rows(min_row=2, values_only=True)
    assert sum(x[2] for x in sheet) == 230 == total[2] and total[0] == "合计"
    summary = dict(zip(*[list(x) for x in wb["汇总"].iter_rows(max_row=2, values_only=True)], strict=True))
    assert summary["行驶里程（公里）"] == 230
    stats = app.reports.stats_xlsx(2026, tmp_path / "stats.xlsx")
    sheet = {
        row[0]: row[3]
        for row in load_workbook(tmp_path / "stats.xlsx")["科普统计"].iter_rows(min_row=2, values_only=True)
    }
    assert sheet["H2"] == stats.km_total == 230


def test_readings_that_go_backwards_are_refused_with_a_clear_message(
    app: App, van: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from caravan_app.cli.main import main

    app.mileage.record("2026-09-01", 10_000, 10_100)
    app.mileage.record("2026-09-03", 10_300, 10_350)
    with pytest.raises(RuleError) as e:
        app.mileage.record("2026-09-02", 9_990, 10_050)  # below the return of the day before
    assert e.value.field == "out_km" and "出车读数 9990 小于 2026-09-01 的收车读数 10100" in e.value.zh
    assert "never goes backwards" in e.value.en
    with pytest.raises(RuleError) as e:
        app.mileage.record("2026-09-02", 10_100, 10_400)  # above the departure of the day after
    assert e.value.field == "back_km" and "2026-09-03 的出车读数 10300" in e.value.zh
    with pytest.raises(RuleError) as e:
        app.mileage.record("2026-09-04", 10_400, 10_390)
    assert e.value.field == "back_km" and "收车读数 10390 小于出车读数 10400" in e.value.zh
    assert [x.date for x in app.mileage.readings()] == ["2026-09-01", "2026-09-03"]  # nothing half-written

    rc = main(["--data-dir", str(app.data_dir), "odometer", "2026-09-05", "--out-km", "10340", "--back-km", "10400"])
    assert rc == 1
    err = capsys.readouterr()
    assert "不能倒退" in err.out + err.err
    rc = main(["--data-dir", str(app.data_dir), "odometer", "2026-09-05", "--out-km", "10360", "--back-km", "10400"])
    assert rc == 0 and app.mileage.day(van, "2026-09-05").km == 40


def test_more_than_500_km_needs_confirming_and_a_reentry_corrects_the_day(app: App, van: str) -> None:
    with pytest.raises(MileageWarning) as e:
        app.mileage.record("2026-09-01", 1_000, 1_620)
    assert "620" in e.value.zh and "500" in e.value.zh
    assert app.mileage.readings() == []
    d = app.mileage.record("2026-09-01", 1_000, 1_620, confirm=True)
    assert d.confirmed and d.km == 620
    # typed wrong: entered again, the new reading names the one it replaces; the day counts once
    fixed = app.mileage.record("2026-09-01", 1_000, 1_062)
    assert app.mileage.total_km() == 62 and app.mileage.day(van, "2026-09-01").id == fixed.id
    with app.db.read() as s:
        from sqlalchemy import select

        from caravan_app.storage import models as m

        rows = s.scalars(select(m.OdometerReading).order_by(m.OdometerReading.at, m.OdometerReading.id)).all()
        assert [r.corrects for r in rows] == [None, rows[0].id]
        outbox = s.scalars(select(m.Outbox).where(m.Outbox.entity == "odometer")).all()
    assert len(outbox) == 2 and json.loads(outbox[1].data)["corrects"] == rows[0].id  # synced like any fact
    with pytest.raises(Exception, match="append-only"):  # the trigger keeps readings append-only
        with app.db.write() as s:
            s.execute(__import__("sqlalchemy").text("UPDATE odometer_readings SET back_km = 0"))


def test_the_hub_checks_the_same_ranges() -> None:
    assert value_problem("odometer", "out_km", 12_345) is None
    assert value_problem("odometer", "back_km", -1)[0] == "out_of_range"
    assert value_problem("odometer", "out_km", "12")[0] == "bad_value"
