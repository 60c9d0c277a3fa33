"""Print setup for every XLSX sheet we write, so a sheet printed from WPS/Excel/LibreOffice as it
comes fits the page width: A4, landscape when the columns are wide, fit to one page wide (as
many pages tall as needed), the header row repeated on each page, the title and period in the
page header, page numbers in the footer, long text wrapped instead of spilling onto a second page.
"""

from __future__ import annotations

import unicodedata
from typing import Any

LANDSCAPE_FROM = 90  # total column width (characters) from which a sheet prints landscape


def _width(value: Any) -> int:
    s = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def apply_print_setup(ws: Any, title: str, period: str = "", header_rows: int = 1) -> None:
    """Give an openpyxl worksheet a print setup that prints well as it comes."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    total = 0
    for i in range(1, (ws.max_column or 1) + 1):
        dim = ws.column_dimensions[get_column_letter(i)]
        col_w = dim.width or 10
        total += col_w
        for (cell,) in ws.iter_rows(min_col=i, max_col=i, min_row=header_rows + 1):
            if cell.value is not None and _width(cell.value) > col_w:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if total > LANDSCAPE_FROM else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.print_options.gridLines = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    if header_rows:
        ws.print_title_rows = f"1:{header_rows}"
    head = f"{title}" + (f"  {period}" if period else "")
    ws.oddHeader.center.text = head.replace("&", "&&")
    ws.oddHeader.center.size = 11
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"
    ws.evenHeader.center.text = ws.oddHeader.center.text
    ws.evenFooter.center.text = ws.oddFooter.center.text
