"""What every report PDF shares: A4 pages, the embedded CJK font, styles, tables that wrap
Chinese text, the "第 x 页 / 共 y 页" footer and a QR code drawn as vectors.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from .fonts import (
    collect_missing,
    draw_runs,
    markup,
    missing_warning,
    needs_fallback,
    register_cjk_font,
    runs_width,
    safe_text,
)

log = logging.getLogger(__name__)
PAGE = A4
MARGIN = 15 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
HEAD_BG = colors.HexColor("#DDE7F3")
TOTAL_BG = colors.HexColor("#F2F2F2")
LINE = colors.HexColor("#7F8C99")
ACCENT = colors.HexColor("#1F4E79")
CELL_PAD = 3
ROW_HEIGHT = 16  # 9 pt text, 11.5 pt leading, 2 + 2.5 pt padding


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    font = register_cjk_font()
    base = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER, textColor=ACCENT),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=15, alignment=TA_CENTER),
        "h2": ParagraphStyle(
            "h2", parent=base, fontSize=12, leading=16, spaceBefore=6, spaceAfter=3, textColor=ACCENT, keepWithNext=1
        ),
        "h2split": ParagraphStyle(
            "h2split", parent=base, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4, textColor=ACCENT
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#444444")),
        "box": ParagraphStyle(
            "box",
            parent=base,
            fontSize=11,
            leading=18,
            borderColor=LINE,
            borderWidth=0.6,
            borderPadding=8,
            backColor=colors.HexColor("#F7F9FC"),
            spaceBefore=6,
            spaceAfter=10,
        ),
    }


# Chinese line breaking (GB/T 15834 practice): no line starts with closing punctuation and
# none ends with an opening bracket. reportlab's own CJK wrap knows only part of these (not
# ，；：？！) and lets the character hang past the margin; ``kinsoku_split`` moves the break
# back instead, so nothing crosses the frame.
NO_LINE_START = "，。、；：？！）」』》〉】〕”’…·%‰℃,.;:?!)]}"
NO_LINE_END = "（「『《〈【〔“‘([{"


def kinsoku_split(text: str, width: float, font: str, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``: anywhere between Chinese characters,
    at spaces inside Latin/digit runs (a long run is cut), never before ，。） or after （."""
    widths = [stringWidth(ch, font, size) for ch in text]
    lines: list[str] = []
    start, n = 0, len(text)
    while start < n:
        while start < n and text[start] == " " and lines:  # no leading spaces on a continued line
            start += 1
        used, i = 0.0, start
        while i < n and used + widths[i] <= width + 1e-6:
            used += widths[i]
            i += 1
        if i >= n:
            lines.append(text[start:])
            break
        if i == start:  # one character wider than the line: it goes alone
            i = start + 1
        else:
            brk = _break_at(text, start, i)
            i = brk if brk > start else i
        lines.append(text[start:i].rstrip(" "))
        start = i
    return lines or [""]


def _latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "-_./:@#%+")


def _break_at(text: str, start: int, i: int) -> int:
    """The best break at or before ``i`` (the first character that did not fit)."""
    j = i
    # Inside a Latin word or number: go back to a space or a non-Latin character.
    if _latin(text[j]) and _latin(text[j - 1]):
        k = j - 1
        while k > start and _latin(text[k - 1]):
            k -= 1
        if k > start:
            j = k
    # Kinsoku: back off while the next line would start with a closing mark or this one end
    # with an opening one (a few steps at most; a line of nothing but punctuation is cut anyway).
    for _ in range(4):
        if j - 1 > start and (text[j] in NO_LINE_START or text[j - 1] in NO_LINE_END):
            j -= 1
        else:
            break
    return j


class ZhParagraph(Paragraph):
    """A Paragraph whose CJK wrapping follows the Chinese rules above (single-style text)."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802 - reportlab's name
        frags = self.frags
        if len(frags) != 1 or hasattr(frags[0], "cbDefn") or self.style.endDots or self.bulletText:
            return super().breakLinesCJK(maxWidths)
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return frags[0].clone(kind=0, lines=self.blPara.lines)
        f = frags[0]
        text = f.text if hasattr(f, "text") else "".join(getattr(f, "words", []))
        self.height = 0
        width = min(maxWidths)
        lines = kinsoku_split(text, width, f.fontName, f.fontSize)
        wrapped = [(width - stringWidth(ln, f.fontName, f.fontSize), [ln]) for ln in lines]
        return f.clone(kind=0, lines=wrapped, ascent=f.fontSize, descent=-0.2 * f.fontSize)


def esc(text: object) -> str:
    """Text for a Paragraph: markup escaped, characters the main font lacks in a fallback
    font's run, and those no font has marked "□" (``fonts.markup``)."""
    return markup(str(text))


def para(text: object, style: str | ParagraphStyle = "body") -> Any:
    """A wrapping paragraph; line breaks in ``text`` (notes) are kept (one paragraph per line,
    so every line wraps by the Chinese rules)."""
    st = styles()[style] if isinstance(style, str) else style
    parts = str(text).split("\n")
    if len(parts) == 1:
        return ZhParagraph(esc(parts[0]), st)
    return Paras([ZhParagraph(esc(p) or "&nbsp;", st) for p in parts])


class Paras(Flowable):
    """Several paragraphs as one flowable (a note with line breaks, in a cell or the story)."""

    def __init__(self, items: list[Paragraph]) -> None:
        super().__init__()
        self.items = items

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._sizes = [p.wrap(aw, ah) for p in self.items]
        self.width = max((w for w, _h in self._sizes), default=0)
        self.height = sum(h for _w, h in self._sizes)
        return self.width, self.height

    def split(self, aw: float, ah: float) -> list[Flowable]:
        return list(self.items)

    def draw(self) -> None:
        y = self.height
        for p, (_w, h) in zip(self.items, self._sizes, strict=True):
            y -= h
            p.drawOn(self.canv, 0, y)


def fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with "…" so it fits ``width`` points on one line."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


class FigureCell(Flowable):
    """A key figure in its box: one line per part ("2,352册", "1,438份", "30本"), at the largest
    size up to ``size`` at which every line fits the box's width and all fit its height — a
    figure never runs over its box, however many units it lists."""

    def __init__(self, parts: Sequence[str], width: float, height: float, size: float = 17, colour: Any = None) -> None:
        super().__init__()
        self.parts = [p for p in parts if p] or ["0"]
        self.width, self.height = width, height
        self.colour = colour if colour is not None else ACCENT
        longest = max(runs_width(p, 1) for p in self.parts) or 1
        self.size = max(5.0, min(size, width / longest, height / (len(self.parts) * 1.15)))

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(self.colour)
        n, lead = len(self.parts), self.size * 1.15
        top = self.height / 2 + n * lead / 2
        for i, part in enumerate(self.parts):
            y = top - (i + 1) * lead + (lead - self.size) / 2 + self.size * 0.12
            draw_runs(c, self.width / 2, y, part, self.size, anchor="centre")
        c.restoreState()


def fit_runs(text: str, size: float, width: float) -> str:
    """``fit`` for text drawn in runs (``fonts.draw_runs``): widths measured in each run's font."""
    if runs_width(text, size) <= width:
        return text
    while text and runs_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def h2(text: str) -> Paragraph:
    return para(text, "h2")


def h2_table(text: str) -> list[Flowable]:
    """A heading above a long table: the table may start on this page and continue on the
    next (a heading kept with the whole table would push it over and leave half a page empty);
    the heading itself never ends a page (at least 35 mm must be left for it and a few rows)."""
    from reportlab.platypus import CondPageBreak

    return [CondPageBreak(35 * mm), para(text, "h2split")]


def cell(value: object, width: float) -> Any:
    """A table cell: a plain string when it fits (fast), a wrapping Paragraph when it does not."""
    s = "" if value is None else str(value)
    st = styles()["cell"]
    if needs_fallback(s):
        return para(s, st)  # a fallback font's run needs a paragraph's markup
    s = safe_text(s)
    if "\n" not in s and stringWidth(s, st.fontName, st.fontSize) <= width - 2 * CELL_PAD:
        return s
    return para(s, st)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    total: bool = False,
    zebra: bool = True,
) -> Table:
    """A ruled table with a repeated header row; ``numeric`` columns right-aligned;
    ``total`` shades the last row. ``widths`` are fractions of the frame width."""
    w = [FRAME_WIDTH * f for f in widths]
    data: list[list[Any]] = [[cell(h, w[i]) for i, h in enumerate(headers)]]
    # Numbers always fit their column: only text cells are measured (and wrapped when too wide).
    text_cols = [i for i in range(len(w)) if i not in set(numeric)]
    for r in rows:
        line = ["" if v is None else str(v) for v in r]
        for i in text_cols:
            if i < len(line):
                line[i] = cell(line[i], w[i])
        data.append(line)
    base, head, num = _cell_styles()
    plain = [num if i in set(numeric) else base for i in range(len(w))]
    cell_styles = [[head] * len(w)] + [plain[:] for _ in rows]
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
    ]
    if zebra and len(data) > 3:
        cmds.append(
            ("ROWBACKGROUNDS", (0, 1), (-1, -1 if not total else -2), [colors.white, colors.HexColor("#FAFBFD")])
        )
    if total and rows:
        cmds.append(("BACKGROUND", (0, -1), (-1, -1), TOTAL_BG))
    # One-line rows have a known height: fixing it skips measuring every cell of a long list.
    wraps = any(isinstance(c, Flowable) for r in data for c in r)
    heights = None if wraps else [ROW_HEIGHT] * len(data)
    t = Table(data, colWidths=w, rowHeights=heights, repeatRows=1, hAlign="LEFT", cellStyles=cell_styles)
    t.setStyle(TableStyle(cmds))
    return t


@functools.cache
def _cell_styles() -> tuple[CellStyle, CellStyle, CellStyle]:
    """Shared cell styles (body, header, number): set once instead of by a style command per
    cell. Only line and background commands are applied on top, which never mutate them."""
    base = CellStyle("cell")
    base.fontname = styles()["cell"].fontName
    base.fontsize, base.leading = 9, 11.5
    base.leftPadding = base.rightPadding = CELL_PAD
    base.topPadding, base.bottomPadding = 2, 2.5
    base.valign = "MIDDLE"
    head = CellStyle("head", base)
    head.alignment = "CENTER"
    num = CellStyle("num", base)
    num.alignment = "RIGHT"
    return base, head, num


def key_values(pairs: Sequence[tuple[str, object]], cols: int = 2, key_frac: float = 0.11) -> Table:
    """An info grid: label/value pairs, ``cols`` pairs per row; a pair whose label ends with
    "*" spans the whole row (long values such as a 60-character site name wrap inside it)."""
    val_frac = (1 - key_frac * cols) / cols
    w = [FRAME_WIDTH * (key_frac if i % 2 == 0 else val_frac) for i in range(2 * cols)]
    data: list[list[Any]] = []
    spans: list[int] = []
    row: list[Any] = []
    for k, v in pairs:
        if k.endswith("*"):
            if row:
                data.append(row + [""] * (2 * cols - len(row)))
                row = []
            spans.append(len(data))
            data.append([cell(k[:-1], w[0]), para(v or "—", "cell")] + [""] * (2 * cols - 2))
            continue
        row += [cell(k, w[0]), cell(v if v not in (None, "") else "—", w[1])]
        if len(row) == 2 * cols:
            data.append(row)
            row = []
    if row:
        data.append(row + [""] * (2 * cols - len(row)))
    cmds: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), styles()["cell"].fontName, 9),
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    for r in range(len(data)):
        for c in range(0, 2 * cols if r not in spans else 1, 2):
            cmds.append(("BACKGROUND", (c, r), (c, r), HEAD_BG))
    for r in spans:
        cmds.append(("SPAN", (1, r), (-1, r)))
    t = Table(data, colWidths=w, hAlign="LEFT")
    t.setStyle(TableStyle(cmds))
    return t


class QRCode(Flowable):
    """A QR code drawn as one filled vector path (sharp at any print resolution, and fast:
    reportlab's QrCodeWidget draws each module as its own shape), with a caption below."""

    def __init__(self, payload: str, size: float = 30 * mm, caption: str = "") -> None:
        super().__init__()
        self.payload, self.size, self.caption = payload, size, caption
        self.width, self.height = size, size + (10 if caption else 0)

    def draw(self) -> None:
        if getattr(self.canv, "layout_only", False):
            return  # its size is known: a layout pass need not encode it (~14 ms)
        import qrcode
        from qrcode.constants import ERROR_CORRECT_M

        qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4)
        qr.add_data(self.payload)
        qr.make(fit=True)
        matrix = qr.get_matrix()
        n = len(matrix)
        unit = self.size / n
        top = self.height
        path = self.canv.beginPath()
        for y, row in enumerate(matrix):
            x = 0
            while x < n:
                if row[x]:
                    run = x
                    while run < n and row[run]:
                        run += 1
                    path.rect(x * unit, top - (y + 1) * unit, (run - x) * unit, unit * 1.02)
                    x = run
                else:
                    x += 1
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)
        if self.caption:
            self.canv.setFont(styles()["small"].fontName, 8)
            self.canv.drawCentredString(self.size / 2, 1, self.caption)


class Mark(Flowable):
    """An invisible flowable: records the page it lands on in ``pages[key]`` and may start a
    page-numbering section (one van of a day receipt counts "第 1 页 / 共 n 页" on its own) or
    set the watermark of the pages from here on."""

    def __init__(
        self,
        pages: dict[str, int] | None = None,
        key: str = "",
        section: str | None = None,
        watermark: str | None = None,
    ) -> None:
        super().__init__()
        self.pages, self.key, self.section, self.watermark = pages, key, section, watermark
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        if self.pages is not None:
            self.pages.setdefault(self.key, self.canv.getPageNumber())
        if self.section is not None:
            self.canv._section = self.section  # type: ignore[attr-defined]
        if self.watermark is not None:
            self.canv._watermark = self.watermark  # type: ignore[attr-defined]


class NumberedCanvas(canvas.Canvas):
    """Draws "第 x 页 / 共 y 页" and the footer once the page count is known (pages are
    kept until ``save``). Pages are counted per section (``Mark(section=…)``); a page's
    watermark (草稿 …) is drawn over its content, light and diagonal."""

    def __init__(
        self,
        *args: Any,
        footer_left: str = "",
        footer_right: str = "",
        watermark: str = "",
        printed_at: str | None = None,
        **kwargs: Any,
    ) -> None:
        # The canvas's initial font would otherwise be Helvetica, listed in the PDF but not embedded.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or register_cjk_font()
        super().__init__(*args, **kwargs)
        if printed_at:
            _stamp(self, printed_at)
        self._pages: list[dict[str, Any]] = []
        self._footer = (footer_left, footer_right)
        self._section = ""
        self._watermark = watermark

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        per: dict[str, int] = {}
        for state in self._pages:
            per[state["_section"]] = per.get(state["_section"], 0) + 1
        seen: dict[str, int] = {}
        for state in self._pages:
            sec = state["_section"]
            seen[sec] = seen.get(sec, 0) + 1
            self.__dict__.update(state)
            if self._watermark:
                self._watermark_draw(self._watermark)
            self._footer_draw(seen[sec], per[sec])
            super().showPage()
        super().save()

    def _watermark_draw(self, text: str) -> None:
        font = styles()["body"].fontName
        self.saveState()
        self.setFillColor(colors.HexColor("#C00000"))
        self.setFillAlpha(0.13)
        self.translate(PAGE[0] / 2, PAGE[1] / 2)
        self.rotate(40)
        size = 110 if len(text) <= 3 else 80
        self.setFont(font, size)
        self.drawCentredString(0, -size / 3, text)
        self.restoreState()

    def _footer_draw(self, number: int, total: int) -> None:
        font = styles()["small"].fontName
        y = 9 * mm
        self.saveState()
        self.setStrokeColor(LINE)
        self.setLineWidth(0.4)
        self.line(MARGIN, y + 9, PAGE[0] - MARGIN, y + 9)
        self.setFont(font, 8)
        self.setFillColor(colors.HexColor("#444444"))
        side = PAGE[0] / 2 - MARGIN - 50  # room each side of the centred page number
        left = self._footer[0] + (f" · {self._section}" if self._section else "")
        draw_runs(self, MARGIN, y, fit_runs(left, 8, side), 8)  # a 𠮷 in a name: from the fallback font
        draw_runs(self, PAGE[0] - MARGIN, y, fit_runs(self._footer[1], 8, side), 8, anchor="right")
        self.setFont(font, 9)
        self.setFillColor(colors.black)
        self.drawCentredString(PAGE[0] / 2, y, f"第 {number} 页 / 共 {total} 页")
        self.restoreState()


def _stamp(c: canvas.Canvas, printed_at: str) -> None:
    """The PDF's creation date and the seed of its ID from the paper's print time instead of
    the clock (reportlab takes both from the clock): the same data printed at the same time gives
    the same bytes, on a laptop or on the hub. The date is the printed local wall time, without
    a UTC offset (PDF allows it; the laptop and the hub may sit in different time zones)."""
    when = dt.datetime.fromisoformat(printed_at.strip().replace(" ", "T"))
    doc = c._doc
    ts = doc._timeStamp
    ts.YMDhms = tuple(when.timetuple())[:6]
    ts.t = when.replace(tzinfo=dt.UTC).timestamp()
    doc.setDateFormatter(lambda y, mo, d, h, mi, s: f"D:{y:04d}{mo:02d}{d:02d}{h:02d}{mi:02d}{s:02d}")
    doc.signature = hashlib.md5(b"a reportlab document", usedforsecurity=False)  # as reportlab seeds it
    doc.signature.update(ascii(ts.t).encode())


class LayoutCanvas(NumberedCanvas):
    """The canvas of a layout-only pass (where does the signature block land?): flowables are
    placed and ``Mark`` records their pages exactly as in the real build, but nothing is drawn
    and no PDF is written. That pass cost half as much again as the report itself."""

    layout_only = True

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._startPage()

    def save(self) -> None:
        pass

    def drawString(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802
        pass

    drawRightString = drawCentredString = drawText = drawPath = drawString  # noqa: N815
    line = lines = rect = roundRect = drawImage = drawString


def build_pdf(
    out: Path | IO[bytes],
    story: list[Flowable],
    *,
    title: str,
    footer_left: str = "",
    footer_right: str = "",
    watermark: str = "",
    layout_only: bool = False,
    printed_at: str | None = None,
) -> list[str]:
    """Lay out ``story`` on A4 and write it; a file path is written atomically (no half PDF).
    Returns warnings for a person (characters the font lacks, printed as □). ``layout_only``:
    place the flowables (``Mark`` pages are recorded) without drawing or writing anything.
    ``printed_at`` (the print time on the paper) dates the file instead of the clock."""
    register_cjk_font()
    canvas_class = LayoutCanvas if layout_only else NumberedCanvas
    maker = functools.partial(
        canvas_class, footer_left=footer_left, footer_right=footer_right, watermark=watermark, printed_at=printed_at
    )
    target: Any = out
    tmp: Path | None = None
    if isinstance(out, str | os.PathLike):
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        target = str(tmp)
    doc = BaseDocTemplate(
        target,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * mm,
        title=title,  # document metadata: Unicode text, no font (a 𠮷 needs no fallback there)
        author="科普大篷车外勤系统 Caravan Field Log",
        creator="Caravan Field Log",
    )
    # A frame without reportlab's default 6 pt padding: tables FRAME_WIDTH wide then sit exactly
    # between the margins (with the padding they started 2 mm in and ran 2 mm past the right one).
    frame = Frame(MARGIN, 18 * mm, FRAME_WIDTH, PAGE[1] - MARGIN - 18 * mm, 0, 0, 0, 0, id="body")
    doc.addPageTemplates([PageTemplate(id="a4", frames=[frame])])
    with collect_missing() as missing:
        doc.build(story, canvasmaker=maker)
    if tmp is not None:
        os.replace(tmp, out)  # type: ignore[arg-type]
    warning = missing_warning(missing)
    if warning:
        log.warning("%s: %s", title, warning)
    return [warning] if warning else []


def spacer(h_mm: float = 3) -> Spacer:
    return Spacer(1, h_mm * mm)
