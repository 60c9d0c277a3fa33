"""Photos on paper: the visit report's photo page (2–4 chosen photos with captions, after the
signatures) and the period report's 活动剪影. Display copies are JPEGs, embedded as they are
(DCT, not re-encoded), so a page of four photos adds about a megabyte, not forty."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Table, TableStyle

from .layout import FRAME_WIDTH, h2, para, spacer
from .model import PhotoLine

VISIT_PAGE_MAX = 4
PERIOD_MAX = 12


def _image(p: PhotoLine, box_w: float, box_h: float) -> Image:
    k = min(box_w / p.width, box_h / p.height)
    return Image(p.path, width=p.width * k, height=p.height * k)


def grid(photos: list[PhotoLine], cols: int, box_h: float, with_visit: bool = False) -> Table:
    """Photos ``cols`` to a row, each scaled into its cell with the caption below it."""
    box_w = FRAME_WIDTH / cols - 4 * mm
    cells: list[list[object]] = []
    row: list[object] = []
    for p in photos:
        text = p.caption or ""
        if with_visit and p.visit:
            text = f"{p.visit}　{text}" if text else p.visit
        row.append([_image(p, box_w, box_h), spacer(1), para(text or "　", "small")])
        if len(row) == cols:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [""] * (cols - len(row)))
    t = Table(cells, colWidths=[FRAME_WIDTH / cols] * cols)
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return t


def visit_photo_page(photos: list[PhotoLine], site: str, date: str) -> list[Flowable]:
    if not photos:
        return []
    shown = photos[:VISIT_PAGE_MAX]
    cols = 1 if len(shown) == 1 else 2
    box_h = 110 * mm if len(shown) <= 2 else 95 * mm
    return [PageBreak(), h2(f"活动照片　{site}　{date}"), spacer(2), grid(shown, cols, box_h)]


def highlights_section(photos: list[PhotoLine]) -> list[Flowable]:
    if not photos:
        return []
    return [KeepTogether([h2("活动剪影"), spacer(1), grid(photos[:PERIOD_MAX], 3, 45 * mm, with_visit=True)])]
