"""Done-when check: from the demo data, the three reports print and agree with the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from caravan_app.domain import figures
from caravan_app.services.app import App
from caravan_app.services.demo import load_demo

from . import pdfcheck


def test_demo_data_reports_agree_with_the_database(app: App, tmp_path: Path) -> None:
    today = dt.date(2026, 11, 20)
    load_demo(app, seed=1, visits=40, today=today)
    done = [v for v in app.visits.list() if v.status == "completed"]
    assert done
    summaries = [app.visits.summary(v.id) for v in done]
    people = sum(s.attendance for s in summaries)
    books: dict[str, int] = {}
    for s in summaries:
        figures.add_units(books, s.books_by_unit)
    assert len(books) >= 2  # the demo hands out books (册) and materials (份)

    start, end = (today - dt.timedelta(days=365)).isoformat(), today.isoformat()
    files = app.reports.period_files(start, end, tmp_path / "year.pdf", xlsx=tmp_path / "year.xlsx")
    text = pdfcheck.text(files.pdf)
    # the key figures box: books and materials apart, never one number (one line per unit)
    lines = " ".join(f"{n:,}{u}" for u, n in ((u, books[u]) for u in figures.ordered_units(books)))
    assert f"{len(done)} {people:,} {lines}" in text
    assert "各月活动场次" in pdfcheck.flat(files.pdf) and "市科协科普大篷车深入" in pdfcheck.flat(files.pdf)
    ws = load_workbook(files.xlsx)["汇总"]
    heads = [ws.cell(1, c).value for c in range(1, ws.max_column + 1)]
    assert [ws.cell(2, c).value for c in (5, 6)] == [len(done), people]
    for unit, n in books.items():
        assert ws.cell(2, heads.index(figures.unit_heading(unit)) + 1).value == n

    busiest = max(summaries, key=lambda s: s.signins)
    visit_pdf = app.reports.visit_pdf(busiest.visit.id, tmp_path / "visit.pdf")
    flat = pdfcheck.flat(visit_pdf)
    assert f"合计{busiest.attendance:,}人次" in flat and f"共{busiest.signins:,}人" in flat
    assert f"合计{figures.units_text(busiest.books_by_unit, thousands=True)}" in flat
    (page1,) = pdfcheck.render(visit_pdf, tmp_path / "png", dpi=150, first=1, last=1)
    assert [app.reports.verify(p).ok for p in pdfcheck.qr_payloads(page1)] == [True]

    day = app.reports.day_pdf(busiest.visit.date, tmp_path / "day.pdf", busiest.visit.caravan_id)
    assert busiest.site and busiest.site.name in pdfcheck.flat(day)
    for pdf in (files.pdf, visit_pdf, day):
        assert all(pdfcheck.fonts(pdf).values())
