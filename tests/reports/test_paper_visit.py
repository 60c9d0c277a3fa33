"""The visit report as paper: long values wrap inside the margins and clear of the QR, the
signature block stays with the figures, punctuation survives, hours add up, drafts are marked."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.units import mm

from caravan_app.services.app import App
from tests.helpers.props import profile

from . import pdfcheck
from .conftest import bulk_signins

# Missing glyphs (emoji in names) are reported as warnings on purpose.
pytestmark = pytest.mark.expected_logs("caravan_app.reports")

MARGIN = 15 * mm  # the frame's left/right margin
FOOTER = 7 * mm  # the footer line sits 9 mm from the bottom edge
LONG_SITE = "济宁市任城区李营街道办事处第一实验小学（东校区），科技创新教育示范基地暨青少年科学素质提升工程实践学校"
LONG_THEME = "“科技点亮梦想，创新成就未来”——2026年全国科普日暨济宁市青少年科学素质提升行动（第三季）专题进校园活动"
NOTES = "学校领导高度重视，校长亲自带队（东校区），参加学生积极踊跃！家长代表👍表示满意。"


def _long_visit(app: App, crew: int = 4, titles: int = 3, signins: int = 0) -> dict[str, Any]:
    """A completed visit with long names everywhere, ``crew`` people on duty 1 h 45 min each
    (the hours that used to print 1.8+1.8+1.8+1.8 = 7.0 but 合计 7.2), books and one material."""
    today = dt.date.today()
    t0 = dt.datetime.combine(today, dt.time(8, 0))
    c = app.catalog.add_caravan("科普大篷车5号", "鲁H25455", "任城区")
    app.catalog.set_this_device("测试", c)
    s = app.sites.add(
        name=LONG_SITE,
        county="任城区",
        kind="小学",
        town="李营街道",
        address="济宁市任城区李营街道建设北路与红星中路交叉口向东三百米路北（东校区南门）",
        contact="张老师",
        phone="0537-2222333",
    )
    v = app.visits.add(
        s, c, today, theme=LONG_THEME, activities="科普展示、科学实验、科普讲座、天文观测、机器人编程体验"
    )
    app.visits.arrive(v, t0)
    people = []
    for i in range(crew):
        p = app.catalog.add_person(
            name=f"欧阳志愿者{i}",
            role="volunteer",
            team="济宁市青少年科技教育协会志愿服务总队第三分队",
            volunteer_no=f"SD2026{i:04d}",
        )
        people.append(p)
        app.visits.duty(v, p, "on", t0 + dt.timedelta(minutes=i))
        app.visits.duty(v, p, "off", t0 + dt.timedelta(minutes=i + 105))
    for g, n in {"primary": 312, "teacher": 21, "parent": 45}.items():
        app.attendance.tally(v, g, n)
    names = ["身边的科学——写给孩子们的趣味科普读本（彩绘注音版）", "青少年科普读本", "科学探索"][:titles]
    for k in range(titles):
        t = app.catalog.add_title(names[k % len(names)] + ("" if k < len(names) else str(k)))
        app.stock.load(c, t, 500)
        app.stock.distribute(c, t, 40 + k, v, f"三年级{k + 1}班（东校区），班主任代领")
    kit = app.catalog.add_title("科普实验材料包", unit="份")
    app.stock.load(c, kit, 100)
    app.stock.distribute(c, kit, 30, v, "科学教研组")
    if signins:
        bulk_signins(app, v, signins, t0)
    app.visits.update(v, notes=NOTES)
    app.visits.complete(v, t0 + dt.timedelta(hours=4))
    return {"visit": v, "caravan": c, "site": s}


def _hours_add_up(text: str) -> None:
    """Every crew row's printed hours add up to the printed total, and minutes too."""
    rows = re.findall(r"(?:\d\d:\d\d|—) (?:\d\d:\d\d|—) ([\d,]+) (\d+\.\d)", text)
    assert rows, text[:500]
    total = re.search(r"合计 ([\d,]+) (\d+\.\d)", text)
    assert total
    assert sum(int(m.replace(",", "")) for m, _h in rows) == int(total[1].replace(",", ""))
    assert round(sum(float(h) for _m, h in rows), 1) == float(total[2])


def test_long_values_wrap_inside_the_margins_and_keep_chinese_punctuation(app: App, tmp_path: Path) -> None:
    v = _long_visit(app)["visit"]
    pdf = app.reports.visit_pdf(v, tmp_path / "visit.pdf")
    problems = pdfcheck.layout_problems(
        pdf, tmp_path / "png", min_size=8, margin=MARGIN, vmargin=FOOTER, qr_expected=1, qr_last=1
    )
    assert problems == []
    flat = pdfcheck.flat(pdf)
    # punctuation comes back out as typed (no NFKC): full-width brackets and commas
    assert "（东校区），" in flat and "重视，校长" in flat and "(东校区)" not in flat
    assert LONG_SITE in flat and LONG_THEME.replace(" ", "") in flat
    # 4 × 105 min: each 1.8 h (105 / 60 = 1.75, half up), the total their sum as printed
    text = pdfcheck.text(pdf)
    _hours_add_up(text)
    assert "共4人，7.2小时" in flat
    # books in 《》, the material without, and the two units counted apart
    assert "《青少年科普读本》" in flat and "科普实验材料包" in flat and "《科普实验材料包》" not in flat
    assert "合计123册、30份" in flat
    # the emoji the font lacks is a visible mark, and reported
    assert "家长代表□表示满意" in flat
    assert any("U+1F44D" in w for w in app.reports.last_warnings)


def _signature_page_holds_the_figures(pdf: Path) -> int:
    per: dict[int, list[str]] = {}
    for w in pdfcheck.words(pdf):
        per.setdefault(int(w["page"]), []).append(str(w["text"]))  # type: ignore[call-overload]
    pages = ["".join(per.get(i, [])) for i in range(1, max(per) + 1)]
    (sig,) = [i for i, p in enumerate(pages) if "确认签章" in p]
    page = pages[sig]
    assert "人次" in page and "小时" in page and ("图书及物资发放" in page or "发放图书及物资" in page), page
    assert "学校（站点）盖章" in page and "大篷车负责人签字" in page
    return sig


@pytest.mark.parametrize("crew,titles", [(4, 3), (12, 3), (4, 14), (16, 10)])
def test_the_signature_block_never_leaves_the_figures(app: App, tmp_path: Path, crew: int, titles: int) -> None:
    v = _long_visit(app, crew=crew, titles=titles)["visit"]
    pdf = app.reports.visit_pdf(v, tmp_path / "visit.pdf")
    sig = _signature_page_holds_the_figures(pdf)
    if sig > 0:  # moved to a later page: the key figures are repeated above the signatures
        assert "本表数字" in pdfcheck.flat(pdf)
    _hours_add_up(pdfcheck.text(pdf))
    assert pdfcheck.layout_problems(pdf, tmp_path / "png", min_size=8, margin=MARGIN, vmargin=FOOTER) == []


@pytest.mark.slow
def test_two_thousand_signins_stay_inside_the_page(app: App, tmp_path: Path) -> None:
    v = _long_visit(app, signins=2000)["visit"]
    pdf = app.reports.visit_pdf(v, tmp_path / "visit.pdf")
    assert pdfcheck.page_count(pdf) > 40
    _signature_page_holds_the_figures(pdf)
    problems = pdfcheck.layout_problems(
        pdf, tmp_path / "png", min_size=8, margin=MARGIN, vmargin=FOOTER, qr_expected=1, qr_last=1
    )
    assert problems == []
    assert any(w["text"] == "学生1999" for w in pdfcheck.words(pdf))


def test_a_visit_not_completed_is_a_draft_and_zero_values_print(app: App, tmp_path: Path) -> None:
    c = app.catalog.add_caravan("1号车", None, "任城区")
    s = app.sites.add(name="马庙村", county="金乡县", kind="村")
    v = app.visits.add(s, c, dt.date.today())
    pdf = app.reports.visit_pdf(v, tmp_path / "planned.pdf")
    flat = pdfcheck.flat(pdf)
    assert "草稿·未完成" in flat
    assert "本次活动无个人签到记录" in flat and "未发放图书或物资" in flat and "合计0人次" in flat
    assert pdfcheck.layout_problems(pdf, tmp_path / "png", min_size=8, margin=MARGIN, vmargin=FOOTER) == []
    app.visits.arrive(v)
    app.visits.complete(v)
    assert "草稿" not in pdfcheck.flat(app.reports.visit_pdf(v, tmp_path / "done.pdf"))


def test_report_numbers_differ_and_the_paper_says_how_to_check_it(app: App, tmp_path: Path) -> None:
    from caravan_app.domain.ids import new_id
    from caravan_app.reports.verify import report_number

    # 49 visits on one day: 49 different numbers (the old footer printed the same id prefix)
    assert len({report_number(new_id(), "2026-08-12") for _ in range(49)}) == 49
    v = _long_visit(app)["visit"]
    fig = app.reports.figures(v)
    pdf = app.reports.visit_pdf(v, tmp_path / "visit.pdf")
    flat = pdfcheck.flat(pdf)
    assert f"报告编号{fig.report_no()}" in flat
    assert "caravan" not in flat and "扫描" in flat
    assert flat.count(f"报告编号{fig.report_no()}") >= 2  # header and every page's footer
    # No telephone known on this laptop: the paper names whom to contact, never "call" without a number.
    assert "致电" not in flat and "联系济宁市科协科普部" in flat
    app.settings.set_issuer(name="济宁市科学技术协会", phone="0537-2345678")
    flat = pdfcheck.flat(app.reports.visit_pdf(v, tmp_path / "visit2.pdf"))
    assert "致电济宁市科学技术协会（0537-2345678）" in flat
    assert app.reports.figures(v).digest() == fig.digest(), "the contact line is not part of what is certified"


@pytest.mark.slow
def test_every_demo_visit_report_keeps_its_signatures_with_the_figures(app: App, tmp_path: Path) -> None:
    """Every demo visit's paper: signatures with the figures, hours adding up, no word too small or
    past the margins. The QR code (readable, no word over it) is read on the three densest first
    pages and the sparsest: finding it renders the page at 150 dpi, half the test's cost, and the
    papers between differ from those only in how full the page is. ``CARAVAN_PROP_PROFILE=deep``
    (before a release) reads it on every paper."""
    from caravan_app.services.demo import load_demo

    load_demo(app, seed=1, visits=60, today=dt.date(2026, 11, 20))
    done = [v for v in app.visits.list() if v.status == "completed"]
    assert len(done) >= 40
    papers: list[tuple[int, Path]] = []  # (words on page 1, the paper)
    for i, v in enumerate(done):
        pdf = app.reports.visit_pdf(v.id, tmp_path / f"v{i}.pdf")
        assert _signature_page_holds_the_figures(pdf) == 0, v  # demo visits: all on page 1
        if app.visits.crew_hours(v.id):
            _hours_add_up(pdfcheck.text(pdf))
        problems = pdfcheck.layout_problems(pdf, tmp_path, min_size=8, margin=MARGIN, vmargin=FOOTER, qr=False)
        assert problems == [], v
        papers.append((sum(1 for w in pdfcheck.words(pdf) if w["page"] == 1), pdf))
    papers.sort(key=lambda p: -p[0])
    chosen = papers if profile() == "deep" else [*papers[:3], papers[-1]]
    for k, (_n, pdf) in enumerate(chosen):
        problems = pdfcheck.layout_problems(
            pdf, tmp_path / f"png{k}", min_size=8, margin=MARGIN, vmargin=FOOTER, qr_expected=1, qr_last=1
        )
        assert problems == [], pdf.name


def test_day_receipt_and_period_report_with_long_values(app: App, tmp_path: Path) -> None:
    made = _long_visit(app, crew=6, titles=12)
    today = dt.date.today().isoformat()
    day = app.reports.day_pdf(today, tmp_path / "day.pdf")
    assert LONG_SITE in pdfcheck.flat(day)
    assert pdfcheck.layout_problems(day, tmp_path / "png", min_size=8, margin=MARGIN, vmargin=FOOTER) == []
    files = app.reports.period_files(today, today, tmp_path / "p.pdf", xlsx=tmp_path / "p.xlsx")
    flat = pdfcheck.flat(files.pdf)
    assert LONG_SITE in flat and f"{dt.date.today().year}年" in flat
    assert "至" not in files.paragraph and "（东校区）" not in files.paragraph  # one day, no site in it
    assert pdfcheck.layout_problems(files.pdf, tmp_path / "png2", min_size=8, margin=MARGIN, vmargin=FOOTER) == []
    assert made["visit"]


def test_the_stamp_box_takes_a_42_mm_seal(app: App, day: dict[str, Any], tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = app.reports.visit_pdf(day["visit"], tmp_path / "visit.pdf")
    ops = PdfReader(str(pdf)).pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    squares = [
        (float(w), float(h))
        for w, h in re.findall(r"(-?[\d.]+) (-?[\d.]+) re", ops)
        if abs(float(w) - float(h)) < 0.5 and float(w) >= 45 * mm
    ]
    assert squares, "no square of at least 45 mm drawn on page 1"
