"""Print setup for every XLSX sheet we write, so a sheet printed from WPS/Excel/LibreOffice as it
comes fits the page width: A4, landscape when the columns are wide, fit to one page wide (as
many pages tall as needed), the header row repeated on each page, the title and period in the
page header, page numbers in the footer, long text wrapped instead of spilling onto a second page.

Readable, never shrunk to nothing: long text columns are narrowed to ``WRAP_AT`` characters and
wrap, every row is as tall as its wrapped text (Excel and WPS do not grow a row on their own, so
a wrapped cell was cut off), and when even then one page width would print below
``MIN_SCALE`` of normal size the sheet prints across as many pages wide as keep it readable.
"""

from __future__ import annotations

import unicodedata
from typing import Any

LANDSCAPE_FROM = 90  # total column width (characters) from which a sheet prints landscape
WRAP_AT = 40  # a text column wider than this is narrowed to it and wraps (an id, 36, still fits)
MIN_SCALE = 0.6  # 11 pt text prints at ≥ 6.6 pt (a 4 pt sheet cannot be read)
LINE_PT = 15.0  # row height per line of 11 pt text
MARGIN_IN = 0.4
PAGE_IN = {"portrait": 8.27, "landscape": 11.69}  # A4 width


def column_points(width: float) -> float:
    """The printed width in points of a column ``width`` characters wide, as LibreOffice lays
    it out (measured: 6.8 pt per character; Excel's 7 px = 5.25 pt is narrower, so a sheet fit
    by this measure is readable in both)."""
    return width * 6.8 + 4


def fit_scale(total_points: float, orientation: str, pages_wide: int = 1) -> float:
    """The print scale at which columns of ``total_points`` fit ``pages_wide`` A4 widths."""
    usable = (PAGE_IN[orientation] - 2 * MARGIN_IN) * 72 * pages_wide
    return min(1.0, usable / max(total_points, 1.0))


def _lines(value: Any, width: float) -> int:
    s = "" if value is None else str(value)
    return sum(max(1, -(-_width(part) // max(int(width), 1))) for part in s.split("\n"))


def _width(value: Any) -> int:
    s = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def apply_print_setup(ws: Any, title: str, period: str = "", header_rows: int = 1, top: int = 0) -> None:
    """Give an openpyxl worksheet a print setup that prints well as it comes. ``top``: rows of a
    header block above the table (printed once; the table's header row repeats on each page)."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    total = 0.0
    points = 0.0
    widths: dict[int, float] = {}
    for i in range(1, (ws.max_column or 1) + 1):
        dim = ws.column_dimensions[get_column_letter(i)]
        col_w = min(dim.width or 10, WRAP_AT)
        dim.width = col_w
        widths[i] = col_w
        total += col_w
        points += column_points(col_w)
    heights: dict[int, int] = {}
    table_head = range(top + 1, top + header_rows + 1)
    for row in ws.iter_rows(min_row=1):
        if row and row[0].row in table_head:
            continue
        for cell in row:
            col_w = widths.get(cell.column, 10)
            if cell.value is not None and (_width(cell.value) > col_w or "\n" in str(cell.value)):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                heights[cell.row] = max(heights.get(cell.row, 1), _lines(cell.value, col_w))
    for r, n in heights.items():
        if n > 1:
            ws.row_dimensions[r].height = n * LINE_PT
            for cell in ws[r]:  # the row's other cells at the top too, level with the wrapped text
                if not cell.alignment.wrap_text:
                    cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top")
    orientation = "landscape" if total > LANDSCAPE_FROM else "portrait"
    pages_wide = 1
    while fit_scale(points, orientation, pages_wide) < MIN_SCALE:
        pages_wide += 1
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = pages_wide
    ws.page_setup.fitToHeight = 0  # as many pages tall as the rows need
    ws.print_options.gridLines = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.7
    if header_rows:
        ws.print_title_rows = f"{top + 1}:{top + header_rows}"
    if pages_wide > 1:  # each page across repeats the first two columns (the date, the name)
        ws.print_title_cols = "A:B"
    head = f"{title}" + (f"  {period}" if period else "")
    ws.oddHeader.center.text = head.replace("&", "&&")
    ws.oddHeader.center.size = 11
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"
    ws.evenHeader.center.text = ws.oddHeader.center.text
    ws.evenFooter.center.text = ws.oddFooter.center.text
