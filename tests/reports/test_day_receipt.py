"""The day receipt (日结单): the day's visits and the stock reconciliation, as in the ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from caravan_app.services.app import App

from . import pdfcheck


def test_day_receipt_reconciles_stock_with_the_ledger(app: App, day: dict[str, Any], tmp_path: Path) -> None:
    pdf = app.reports.day_pdf(day["date"], tmp_path / "day.pdf")
    text = pdfcheck.text(pdf)
    flat = pdfcheck.flat(pdf)
    for words in (
        "科普大篷车日结单",
        "2号车（鲁H56789）",
        "任城区实验小学",
        "日初库存",
        "清点数",
        "差异",
        "车长签字",
        "清点少2册",
    ):
        assert words in flat, words
    # 身边的科学: 100 from yesterday, +50 loaded, 115 out, 5 back -> 40 on the books, 38 counted
    assert "《身边的科学》 100 50 115 5 0 40 38 -2" in text
    assert "《青少年科普读本》 0 80 40 0 0 40 40 0" in text
    assert "合计 100 130 155 5 0 80 78 -2" in text
    # the visit line: attendance, sign-ins, books (net of the return)
    assert "任城区实验小学 任城区 已完成 08:30 12:30 378 3 150" in text
    assert "服务378人次，发放150册" in flat
    # the ledger agrees with what the receipt calls "账面结存"
    assert app.stock.balances(day["caravan"]) == {day["titles"]["身边的科学"]: 40, day["titles"]["青少年科普读本"]: 40}
    assert all(pdfcheck.fonts(pdf).values())
    assert len(pdfcheck.render(pdf, tmp_path / "png")) == pdfcheck.page_count(pdf) == 1


def test_day_not_closed_and_a_quiet_day_render(app: App, day: dict[str, Any], tmp_path: Path) -> None:
    other = app.catalog.add_caravan("5号车", None, "曲阜市")
    t = day["titles"]["身边的科学"]
    app.stock.load(other, t, 30)
    pdf = app.reports.day_pdf(day["date"], tmp_path / "all.pdf")
    flat = pdfcheck.flat(pdf)
    # every van active that day gets its own section; 5号车 loaded books but did not close
    assert "2号车" in flat and "5号车" in flat and "本车当日尚未日结" in flat
    assert pdfcheck.page_count(pdf) == 2
    one = app.reports.day_pdf(day["date"], tmp_path / "one.pdf", caravan_id=other)
    assert "2号车" not in pdfcheck.flat(one) and "《身边的科学》 0 30 0 0 0 30 — —" in pdfcheck.text(one)
    # a day nobody worked still prints a readable page
    quiet = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    empty = app.reports.day_pdf(quiet, tmp_path / "quiet.pdf")
    assert "无车辆记录" in pdfcheck.flat(empty)
    assert len(pdfcheck.render(empty, tmp_path / "png")) == 1
