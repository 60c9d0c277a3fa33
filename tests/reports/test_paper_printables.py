"""Sign-in poster, sheet and badges as paper: long values wrap at a readable size, inside the
margins and never under a QR code; every QR still scans."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.units import mm

from caravan_app.reports import printables

from . import pdfcheck

# Missing glyphs (emoji in names) are reported as warnings on purpose.
pytestmark = pytest.mark.expected_logs("caravan_app.reports")

LONG_SITE = "济宁市任城区李营街道办事处第一实验小学（东校区），科技创新教育示范基地暨青少年科学素质提升工程实践学校"
LONG_THEME = "“科技点亮梦想，创新成就未来”——2026年全国科普日暨济宁市青少年科学素质提升行动（第三季）专题进校园活动"
URL = "http://192.168.137.1:8765/s/K7QM2XHA9RPW3N5T"
SHORT = printables.VisitInfo("马庙村", "2026-05-12", None, URL)
LONG = printables.VisitInfo(LONG_SITE, "2026-05-12", LONG_THEME, URL)


@pytest.mark.parametrize("info", [SHORT, LONG], ids=["short", "long"])
def test_sign_in_sheet_wraps_the_site_and_theme_beside_the_qr(info: printables.VisitInfo, tmp_path: Path) -> None:
    pdf = printables.sheet(tmp_path / "sheet.pdf", info, rows=130)
    problems = pdfcheck.layout_problems(pdf, tmp_path / "png", min_size=9, margin=15 * mm - 1, qr_expected=1)
    assert problems == []
    flat = pdfcheck.flat(pdf)
    assert info.site in flat and (info.theme or "") in flat and "（东校区），" in flat or info is SHORT
    n = pdfcheck.page_count(pdf)
    assert f"第{n}/{n}页" in flat


@pytest.mark.parametrize("info", [SHORT, LONG], ids=["short", "long"])
def test_poster_wraps_large_and_the_address_is_printed_whole(info: printables.VisitInfo, tmp_path: Path) -> None:
    pdf = printables.poster(tmp_path / "poster.pdf", info, wifi="Caravan-5")
    problems = pdfcheck.layout_problems(
        pdf, tmp_path / "png", min_size=11, margin=15 * mm - 1, vmargin=10 * mm, qr_expected=1
    )
    assert problems == []
    words = pdfcheck.words(pdf)
    site = [w for w in words if str(w["text"])[:2] == info.site[:2]]
    assert site and min(float(w["size"]) for w in site) >= 14 - 0.2  # type: ignore[arg-type]
    assert URL in pdfcheck.flat(pdf) and "不分大小写" in pdfcheck.flat(pdf)
    rects = pdfcheck.qr_rects(pdf, tmp_path / "png2")
    assert (rects[1][0][2] - rects[1][0][0]) >= 70 * mm * 0.8  # the QR stays big


def test_badges_with_long_names_and_teams_stay_left_of_their_qr(tmp_path: Path) -> None:
    people = [
        {
            "name": "欧阳娜娜" if i % 2 else "阿卜杜热合曼·买买提依明·艾力",
            "team": "济宁市青少年科技教育协会志愿服务总队第三分队（东校区），科普宣讲组" if i % 3 else "",
            "role": "volunteer",
            "volunteer_no": f"SD2026{i:05d}" if i % 2 else None,
            "badge_code": f"P{i:06d}",
        }
        for i in range(12)
    ]
    pdf = printables.badge_sheets(tmp_path / "badges.pdf", people)
    problems = pdfcheck.layout_problems(pdf, tmp_path / "png", min_size=9, margin=10 * mm)
    assert problems == []
    rects = pdfcheck.qr_rects(pdf, tmp_path / "png2")
    assert len(rects[1]) == 10 and len(rects[2]) == 2
    # each word sits inside its card (85 × 54 mm), none crosses a cut line
    x_left = (595.28 - 2 * 85 * mm) / 2
    y_top = (841.89 - 5 * 54 * mm) / 2
    for w in pdfcheck.words(pdf):
        x0, x1, y0, y1 = (float(w[k]) for k in ("x0", "x1", "y0", "y1"))  # type: ignore[arg-type]
        col, row = int((x0 - x_left) // (85 * mm)), int((y0 - y_top) // (54 * mm))
        assert x1 <= x_left + (col + 1) * 85 * mm and y1 <= y_top + (row + 1) * 54 * mm, w
    assert "（东校区），" in pdfcheck.flat(pdf)


def test_an_emoji_in_a_name_prints_as_a_visible_mark(tmp_path: Path) -> None:
    from caravan_app.reports.fonts import collect_missing

    info = printables.VisitInfo("阳光小学🌞科普角", "2026-05-12", None, URL)
    with collect_missing() as missing:
        pdf = printables.poster(tmp_path / "poster.pdf", info)
    assert "阳光小学□科普角" in pdfcheck.flat(pdf) and missing == {"🌞"}
