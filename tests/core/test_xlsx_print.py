"""Every XLSX sheet prints well as it comes (issue #16, finding 8): converted to PDF by
LibreOffice (``soffice --headless --convert-to pdf``, as an office printing from its suite),
the period summary is one A4 page, and a wide sheet is one page wide, landscape, with the
header row repeated and the title and period in the page header."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from caravan_app.services.app import App
from caravan_app.services.demo import load_demo
from caravan_app.services.export import export

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-calc-nogui) not installed"),
]

A4 = (595, 842)


def _only_sheet(src: Path, sheet: str, out: Path) -> Path:
    """A copy of the workbook holding one sheet, print setup and all (openpyxl keeps it)."""
    wb = load_workbook(src)
    for ws in list(wb.worksheets):
        if ws.title != sheet:
            wb.remove(ws)
    wb.save(out)
    return out


def _to_pdf(files: list[Path], out_dir: Path) -> list[Path]:
    profile = out_dir / "lo-profile"
    cmd = [
        "soffice",
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        *map(str, files),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=240, env={**os.environ, "HOME": str(out_dir)})
    return [out_dir / (f.stem + ".pdf") for f in files]


def _text_sizes(page) -> list[float]:  # noqa: ANN001
    """The printed size (points) of every piece of Chinese text on a page."""
    sizes: list[float] = []

    def visit(text, cm, tm, font, size) -> None:  # noqa: ANN001
        if text.strip() and any("\u4e00" <= ch <= "\u9fff" for ch in text):
            sizes.append(abs(size * tm[3] * cm[3]))

    page.extract_text(visitor_text=visit)
    return sizes or [0.0]


def _size(page) -> tuple[int, int]:  # noqa: ANN001
    box = page.mediabox
    return round(float(box.width)), round(float(box.height))


def test_period_and_office_sheets_print_one_page_wide(app: App, tmp_path: Path) -> None:
    load_demo(app, seed=3, visits=40)
    year = dt.date.today().year
    period = tmp_path / "period.xlsx"
    app.reports.period_files(f"{year - 1}-01-01", f"{year}-12-31", xlsx=period)
    (office,) = export(app.db, tmp_path / "office.xlsx")
    summary = _only_sheet(period, "汇总", tmp_path / "summary.xlsx")
    visits = _only_sheet(office, "活动", tmp_path / "visits.xlsx")
    pdf_summary, pdf_visits = _to_pdf([summary, visits], tmp_path)

    s = PdfReader(pdf_summary)
    # the one-row summary (with its volunteer and staff hours columns, one 发放 column per unit) is
    # wider than one readable page: it prints on two pages across, never shrunk below 6.5 pt, each
    # page with the title and the first columns, every column on one of them
    assert len(s.pages) == load_workbook(summary).active.page_setup.fitToWidth == 2
    seen = ""
    for page in s.pages:
        assert _size(page) == (842, 595)  # landscape A4
        text = page.extract_text()
        assert "科普大篷车统计" in text and "汇总" in text and "统计期" in text  # title, repeated columns
        assert min(_text_sizes(page)) >= 6.5
        seen += text
    assert "工作报告摘要" in seen and "工作人员工作时长" in seen  # the last columns are printed too

    v = PdfReader(pdf_visits)
    rows = load_workbook(visits).active.max_row
    assert 1 <= len(v.pages) <= rows // 5 + 2
    seen = ""
    for page in v.pages:
        assert _size(page) == (842, 595)  # landscape A4
        text = page.extract_text()
        # Every page has the header row and the first columns (repeated) and the title.
        assert "学校/站点" in text and "日期" in text
        assert "科普大篷车数据导出" in text
        seen += text
        # Readable: the cell text prints at 6.5 pt or more (it printed at ~4 pt fitted to one width).
        assert min(_text_sizes(page)) >= 6.5
    assert "离开时间" in seen and "备注" in seen and "编号" in seen  # every column printed somewhere
    assert "大篷车编号" not in seen  # names instead of ids
