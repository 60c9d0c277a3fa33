"""The visit report (活动记录表): what the school signs must show the figures in the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from caravan_app.domain.errors import DomainError
from caravan_app.services.app import App

from . import pdfcheck
from .conftest import TALLIES, bulk_signins


def test_visit_report_shows_the_recorded_figures_in_chinese(app: App, day: dict[str, Any], tmp_path: Path) -> None:
    pdf = app.reports.visit_pdf(day["visit"], tmp_path / "visit.pdf")
    text = pdfcheck.text(pdf)
    flat = pdfcheck.flat(pdf)
    for words in (
        "科普大篷车活动记录表",
        "任城区实验小学",
        "2号车（鲁H56789）",
        "科技进校园",
        "科普展示、科学实验",
        "小学生",
        "教师",
        "家长·村民",
        "李队长",
        "王志愿",
        "SD2026001",
        "《身边的科学》",
        "《青少年科普读本》",
        "三年级一班",
        "学校图书馆",
        "学校（站点）负责人签字",
        "学校（站点）盖章",
        "附：签到名单",
        "赵一",
        "孙三",
    ):
        assert words in flat, words
    # attendance by group in group order, and its total
    total = sum(TALLIES.values())
    assert f"312 0 0 21 45 0 {total}" in text
    assert f"合计{total}人次" in flat
    # books per title and recipient; the 5 returned copies are shown and netted
    assert "《身边的科学》 三年级一班 60" in text and "《身边的科学》 四年级二班 55" in text
    assert "（退回） -5" in text
    assert "合计150册" in flat
    # crew hours: the lead until the leave time (4 h), the volunteer 08:30+30min .. 11:00 (2 h)
    assert "李队长 工作人员 青少年科普服务队" in text and "08:30 12:30 240 4.0" in text
    assert "09:00 11:00 120 2.0" in text and "共2人，6.0小时" in flat
    assert "活动时间 到达 08:30 离开 12:30" in text and "活动状态：已完成" in text
    n = pdfcheck.page_count(pdf)
    assert f"第1页/共{n}页" in flat and f"第{n}页/共{n}页" in flat


def test_fonts_are_embedded_and_every_page_renders(app: App, day: dict[str, Any], tmp_path: Path) -> None:
    pdf = app.reports.visit_pdf(day["visit"], tmp_path / "visit.pdf")
    fonts = pdfcheck.fonts(pdf)
    assert fonts and all(fonts.values()), fonts
    pages = pdfcheck.render(pdf, tmp_path / "png")
    assert len(pages) == pdfcheck.page_count(pdf)
    for p in pages:
        img = Image.open(p).convert("L")
        assert img.getextrema()[0] < 100  # something dark was drawn: not a blank page


def test_verification_qr_decodes_verifies_and_fails_after_a_figure_changes(
    app: App, day: dict[str, Any], tmp_path: Path
) -> None:
    from caravan_app.cli.main import main

    pdf = app.reports.visit_pdf(day["visit"], tmp_path / "visit.pdf")
    (page1,) = pdfcheck.render(pdf, tmp_path / "png", dpi=150, first=1, last=1)
    (payload,) = pdfcheck.qr_payloads(page1)
    assert payload.isascii() and day["visit"] in payload
    # printed for typing in: the report number and the code (no I/l/1/O/0 to misread)
    fig = app.reports.figures(day["visit"])
    assert fig.report_no() in pdfcheck.flat(pdf) and fig.digest() in pdfcheck.flat(pdf)
    assert app.reports.verify(f"{fig.report_no()} {fig.digest().lower()}").ok
    assert app.reports.verify(payload).ok
    data_dir = ["--data-dir", str(app.data_dir)]
    assert main([*data_dir, "verify", payload]) == 0

    # a figure changes after printing: one more teacher counted
    app.visits.reopen(day["visit"], "补录一位老师")
    app.attendance.tally(day["visit"], "teacher", 1)
    result = app.reports.verify(payload)
    assert not result.ok and "重新打开" in result.zh and "补录一位老师" in result.zh  # not completed again yet
    assert main([*data_dir, "verify", payload]) == 1
    app.visits.complete(day["visit"])
    result = app.reports.verify(payload)
    assert not result.ok and "核验失败" in result.zh and result.visit and dict(result.visit.groups)["教师"] == 22
    # a fresh report carries a new code that verifies again
    pdf2 = app.reports.visit_pdf(day["visit"], tmp_path / "visit2.pdf")
    (p2,) = pdfcheck.render(pdf2, tmp_path / "png2", dpi=150, first=1, last=1)
    (payload2,) = pdfcheck.qr_payloads(p2)
    assert payload2 != payload and app.reports.verify(payload2).ok


def test_verification_notices_changed_books_and_rejects_garbage(app: App, day: dict[str, Any]) -> None:
    payload = app.reports.figures(day["visit"]).payload()
    app.visits.reopen(day["visit"], "补录一位老师")
    app.stock.distribute(day["caravan"], day["titles"]["青少年科普读本"], 1, day["visit"], "学校图书馆")
    assert not app.reports.verify(payload).ok
    with pytest.raises(DomainError) as e:
        app.reports.verify("http://example.com/x")
    assert e.value.field == "payload"
    unknown = "CFLV1:00000000-0000-7000-8000-000000000000:0123456789ab"
    assert not app.reports.verify(unknown).ok


def _visit(app: App, site_name: str, county: str = "嘉祥县") -> tuple[str, str]:
    c = app.catalog.add_caravan("3号车", None, "嘉祥县")
    s = app.sites.add(name=site_name, county=county, kind="村")
    v = app.visits.add(s, c, dt.date.today(), theme="科普进乡村")
    return c, v


def test_visit_without_signins_books_or_crew_renders(app: App, tmp_path: Path) -> None:
    _c, v = _visit(app, "嘉祥县纸坊镇东村")
    pdf = app.reports.visit_pdf(v, tmp_path / "empty.pdf")
    flat = pdfcheck.flat(pdf)
    assert (
        "本次活动无个人签到记录" in flat and "本次活动未发放图书或物资" in flat and "本次活动未记录工作人员上岗" in flat
    )
    assert "附：签到名单" not in flat
    assert pdfcheck.page_count(pdf) == 1
    assert len(pdfcheck.render(pdf, tmp_path / "png")) == 1


def test_two_thousand_signins_span_many_numbered_pages(app: App, tmp_path: Path) -> None:
    _c, v = _visit(app, "嘉祥县第一中学", "嘉祥县")
    app.visits.arrive(v)
    bulk_signins(app, v, 2000, dt.datetime.now().replace(hour=8, minute=0, second=0, microsecond=0))
    pdf = app.reports.visit_pdf(v, tmp_path / "big.pdf")
    n = pdfcheck.page_count(pdf)
    assert n >= 30
    flat = pdfcheck.flat(pdf)
    assert "共2,000人" in flat and "学生0000" in flat and "学生1999" in flat
    assert "2000学生1999" in flat  # the last row is numbered 2000
    assert f"第{n}页/共{n}页" in flat
    assert len(pdfcheck.render(pdf, tmp_path / "png", dpi=20)) == n


def test_sixty_character_site_name_wraps_inside_the_page(app: App, tmp_path: Path) -> None:
    name = "济宁市嘉祥县纸坊镇" + "科普示范" * 12 + "中心小学分校"
    name = name[:60]
    assert len(name) == 60
    _c, v = _visit(app, name)
    pdf = app.reports.visit_pdf(v, tmp_path / "long.pdf")
    assert name in pdfcheck.flat(pdf)
    (png,) = pdfcheck.render(pdf, tmp_path / "png", dpi=60, first=1, last=1)
    img = Image.open(png).convert("L")
    w, h = img.size
    margin = int(w * 12 / 210)  # the 15 mm margins, less a little: nothing may be drawn there
    for x0, x1 in ((0, margin), (w - margin, w)):
        strip = img.crop((x0, 0, x1, h))
        assert strip.getextrema()[0] > 200, f"ink in the margin at x={x0}..{x1}"


def test_markup_in_names_and_notes_prints_literally(app: App, tmp_path: Path) -> None:
    c = app.catalog.add_caravan("<车>&1")
    s = app.sites.add(name="<b>实验小学&amp;</b>", county="任城区", kind="小学")
    v = app.visits.add(s, c, dt.date.today(), theme="<i>主题", notes="a < b & c > d")
    app.visits.arrive(v)
    app.attendance.signin(v, "<script>", "student", organisation="x&y<z>" * 10)  # long: wraps as a Paragraph
    flat = pdfcheck.flat(app.reports.visit_pdf(v, tmp_path / "m.pdf"))
    for literal in ("<b>实验小学&amp;</b>", "<i>主题", "a<b&c>d", "<script>", "x&y<z>x&y<z>"):
        assert literal in flat, literal
