"""Layout findings on paper: a key figure listing three units stays inside its box, and a
cancelled visit's paper says 已取消 and has nothing to sign."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm

from caravan_app.reports.layout import FRAME_WIDTH, MARGIN
from caravan_app.reports.period_pdf import render_period
from caravan_app.services.app import App

from . import pdfcheck
from .test_paper_period import _report


def test_a_key_figure_with_three_units_fits_its_box(tmp_path: Path) -> None:
    r = _report(books_by_unit={"册": 2352, "份": 1438, "本": 30})
    pdf = tmp_path / "p.pdf"
    render_period(r, pdf)
    box = FRAME_WIDTH / 5
    left, right = MARGIN + 2 * box, MARGIN + 3 * box  # the third box: 发放图书及物资
    parts = [w for w in pdfcheck.words(pdf) if w["page"] == 1 and str(w["text"]) in ("2,352册", "1,438份", "30本")]
    assert sorted(str(w["text"]) for w in parts) == ["1,438份", "2,352册", "30本"]  # one line per unit
    for w in parts:
        assert left + 2 <= float(w["x0"]) and float(w["x1"]) <= right - 2, w  # inside its box
        assert float(w["size"]) >= 9  # and still a key figure, not a footnote
    assert "2,352册、1,438份、30本" not in pdfcheck.text(pdf)  # never one run over the line


def test_a_cancelled_visit_prints_as_cancelled_without_signatures(
    app: App, field: dict[str, str], tmp_path: Path
) -> None:
    v = field["visit"]
    app.visits.arrive(v, dt.datetime.combine(dt.date.today(), dt.time(9)))
    app.visits.cancel(v)
    pdf = tmp_path / "v.pdf"
    app.reports.visit_pdf(v, pdf)
    flat = pdfcheck.flat(pdf)
    assert "科普大篷车活动记录表（已取消）" in flat and "本次活动已取消" in flat
    assert "确认签章" not in flat and "盖章处" not in flat and "以上活动情况属实" not in flat
    assert "草稿" not in flat
    problems = pdfcheck.layout_problems(pdf, tmp_path / "png", min_size=7, margin=15 * mm, vmargin=7 * mm)
    assert problems == []
