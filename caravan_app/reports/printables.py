"""A4 printables for sign-in: the QR poster, the paper sign-in sheet (签到表), badge sheets.

All text is set in the embedded CJK font (``fonts.register_cjk_font``), the URL too, so no
viewer has to substitute a font. Each function takes plain data; ``visit_context`` gathers it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..domain import badge as badge_codec
from ..domain.vocab import PERSON_ROLE_LABELS, label
from . import qr
from .fonts import collect_missing, missing_warning, register_cjk_font, require_drawable, safe_text
from .layout import ZhParagraph, esc

MIN_SHEET_PT = 9  # the smallest text on sign-in sheets and badges
MIN_POSTER_PT = 14  # the smallest text of the poster's site and theme

log = logging.getLogger(__name__)
PAGE_W, PAGE_H = A4
BLUE = (0.12, 0.44, 0.70)


@dataclass(frozen=True)
class VisitInfo:
    """What a printable says about a visit."""

    site: str
    date: str
    theme: str | None
    url: str  # the phone sign-in address the QR encodes
    notice: str = ""  # the office's personal-information notice (printed on the sheet)


def visit_context(app: Any, visit_id: str, url: str) -> VisitInfo:
    v = app.visits.get(visit_id)
    if v is None:
        raise ValueError(f"no such visit: {visit_id}")
    site = app.sites.get(v.site_id)
    privacy = getattr(app, "privacy", None)
    notice = privacy.notice() if privacy is not None else ""
    return VisitInfo(site["name"] if site else "科普活动", v.date, v.theme, url, notice)


def _canvas(path: Path, title: str) -> Canvas:
    # The initial font too: otherwise every page references an unembedded Helvetica.
    c = Canvas(str(path), pagesize=A4, pageCompression=1, initialFontName=register_cjk_font(), initialFontSize=10)
    c.setTitle(title)
    c.setAuthor("科普大篷车外勤系统 Caravan Field Log")
    c.setCreator("caravan_app")
    return c


def _fit(text: str, font: str, size: float, width: float, min_size: float = 6) -> float:
    """The largest font size ≤ ``size`` at which ``text`` fits ``width``."""
    while size > min_size and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _centred(c: Canvas, text: str, y: float, size: float, font: str, width: float = PAGE_W - 30 * mm) -> None:
    """One line of fixed wording, centred (shrunk only if the page were narrower)."""
    text = safe_text(text)
    s = _fit(text, font, size, width)
    c.setFont(font, s)
    c.drawCentredString(PAGE_W / 2, y, text)


def block(
    c: Canvas,
    text: str,
    x: float,
    top: float,
    width: float,
    size: float,
    min_size: float,
    *,
    max_lines: int = 2,
    centred: bool = False,
    color: tuple[float, float, float] = (0, 0, 0),
) -> float:
    """Free text wrapped inside ``width`` from ``top`` down (Chinese line breaking): the
    largest size ≥ ``min_size`` that needs at most ``max_lines`` lines, else ``min_size`` on
    as many lines as it takes. Returns the y of its bottom."""
    font = register_cjk_font()
    para = None
    h = 0.0
    s = size
    while True:
        st = ParagraphStyle(
            "b",
            fontName=font,
            fontSize=s,
            leading=s * 1.25,
            wordWrap="CJK",
            alignment=TA_CENTER if centred else TA_LEFT,
        )
        st.textColor = color  # type: ignore[assignment]
        para = ZhParagraph(esc(text), st)
        _w, h = para.wrap(width, 10_000)
        if len(para.blPara.lines) <= max_lines or s <= min_size:
            break
        s = max(min_size, s - 1)
    para.drawOn(c, x, top - h)
    return top - h


def _save(c: Canvas, path: Path) -> Path:
    """Save through a temporary name so a half-written PDF never replaces a good one."""
    c.save()
    return path


def _tmp(path: Path) -> Path:
    return path.with_name(path.name + ".part")


def _finish(tmp: Path, path: Path) -> Path:
    os.replace(tmp, path)
    return path


def _reporting_missing(fn: Callable[..., Path]) -> Callable[..., Path]:
    """Log a warning naming the characters the font lacks (printed as □) in a printable."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Path:
        with collect_missing() as missing:
            out = fn(*args, **kwargs)
            warning = missing_warning(missing)
        if warning:
            log.warning("%s: %s", out.name, warning)
        return out

    return wrapper


@_reporting_missing
def poster(path: Path, info: VisitInfo, wifi: str | None = None) -> Path:
    """One A4 page: big QR, the visit, and the address to type when a phone cannot scan."""
    font = register_cjk_font()
    path = Path(path)
    tmp = _tmp(path)
    c = _canvas(tmp, f"扫码签到 {info.site}")
    c.setFillColorRGB(*BLUE)
    c.rect(0, PAGE_H - 42 * mm, PAGE_W, 42 * mm, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    _centred(c, "扫码签到", PAGE_H - 24 * mm, 44, font)
    _centred(c, "科普大篷车 · 欢迎参加科普活动", PAGE_H - 36 * mm, 16, font)
    c.setFillColorRGB(0, 0, 0)
    width = PAGE_W - 30 * mm
    y = block(c, info.site, 15 * mm, PAGE_H - 48 * mm, width, 26, MIN_POSTER_PT, centred=True)
    sub = "　".join(x for x in (info.date, info.theme) if x)
    y = block(c, sub, 15 * mm, y - 2 * mm, width, 16, MIN_POSTER_PT, centred=True)
    # The QR takes the room the text leaves, up to 125 mm, above the fixed wording below it.
    bottom_text = PAGE_H - 200 * mm
    size = max(70 * mm, min(125 * mm, y - 4 * mm - bottom_text))
    qr.draw(c, info.url, (PAGE_W - size) / 2, y - 4 * mm - size, size)
    _centred(c, "用手机微信或浏览器扫一扫，填写姓名即可签到", PAGE_H - 212 * mm, 16, font)
    if wifi:
        _centred(c, f"请先连接无线网络（WLAN）：{wifi}", PAGE_H - 224 * mm, 16, font)
    _centred(c, "无法扫码时，在手机浏览器地址栏输入（字母不分大小写）：", PAGE_H - 238 * mm, 14, font)
    block(c, info.url, 15 * mm, PAGE_H - 243 * mm, width, 22, MIN_POSTER_PT, centred=True, color=BLUE)
    c.setFillColorRGB(0.4, 0.4, 0.4)
    _centred(c, "本页面只在活动现场的网络中可用，不需要流量。", PAGE_H - 270 * mm, 11, font)
    c.showPage()
    _save(c, tmp)
    return _finish(tmp, path)


SHEET_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 13 * mm),
    ("姓名", 30 * mm),
    ("身份", 22 * mm),
    ("学校班级 / 单位", 57 * mm),
    ("联系电话", 33 * mm),
    ("签名", 25 * mm),
)
ROW_H = 9 * mm


@_reporting_missing
def sheet(path: Path, info: VisitInfo, rows: int = 60) -> Path:
    """The paper sign-in sheet: the visit's QR in the header, numbered rows across pages."""
    font = register_cjk_font()
    path = Path(path)
    tmp = _tmp(path)
    c = _canvas(tmp, f"签到表 {info.site}")
    left = 15 * mm
    table_w = sum(w for _h, w in SHEET_COLUMNS)
    top = PAGE_H - 12 * mm
    qr_size = 34 * mm
    text_w = PAGE_W - 2 * 15 * mm - qr_size - 5 * mm  # the header text never runs under the QR

    def header(page: int, pages: int) -> float:
        """Draw the page header; returns the y where the table may start."""
        qr.draw(c, info.url, PAGE_W - 15 * mm - qr_size, top - qr_size, qr_size)
        c.setFont(font, MIN_SHEET_PT)
        c.drawCentredString(PAGE_W - 15 * mm - qr_size / 2, top - qr_size - 4 * mm, "手机扫码也可签到")
        c.setFont(font, 24)
        c.drawString(left, top - 10 * mm, "签 到 表")
        y = block(c, f"活动地点：{info.site}", left, top - 13 * mm, text_w, 13, MIN_SHEET_PT)
        line = f"日期：{info.date}" + (f"　主题：{info.theme}" if info.theme else "")
        y = block(c, line, left, y - 1 * mm, text_w, 11, MIN_SHEET_PT)
        page_no = f"第 {page} / {pages} 页" if pages else ""
        y = block(
            c,
            f"{page_no}　身份：小学生 / 初中生 / 学生 / 教师 / 家长 / 村民 / 志愿者 / 其他"
            "（小学生、初中生不填电话，可只填班级）",
            left,
            y - 1 * mm,
            text_w,
            9,
            9,
        )
        if info.notice:  # who collects, for what, how long, whom to ask
            y = block(c, info.notice, left, y - 1 * mm, text_w, MIN_SHEET_PT, MIN_SHEET_PT)
        return min(y, top - qr_size - 6 * mm) - 3 * mm

    # Measure the header once (same on every page) on a scratch canvas.
    scratch = Canvas(io.BytesIO(), pagesize=A4)
    saved, c = c, scratch
    table_top = header(1, 1)
    c = saved
    per_page = max(1, int((table_top - 20 * mm - ROW_H) // ROW_H))
    pages = max(1, -(-rows // per_page))
    n = 1
    for page in range(1, pages + 1):
        y = header(page, pages)
        c.setFillColorRGB(0.87, 0.92, 0.97)
        c.rect(left, y - ROW_H, table_w, ROW_H, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(font, 11)
        x = left
        for head, w in SHEET_COLUMNS:
            c.drawCentredString(x + w / 2, y - ROW_H + 3 * mm, head)
            x += w
        count = min(per_page, rows - n + 1)
        c.setLineWidth(0.6)
        for i in range(count + 1):
            c.line(left, y - ROW_H * (i + 1), left + table_w, y - ROW_H * (i + 1))
        c.line(left, y, left + table_w, y)
        bottom = y - ROW_H * (count + 1)
        x = left
        for _h, w in SHEET_COLUMNS:
            c.line(x, y, x, bottom)
            x += w
        c.line(x, y, x, bottom)
        c.setFont(font, 10)
        for i in range(count):
            c.drawCentredString(left + SHEET_COLUMNS[0][1] / 2, y - ROW_H * (i + 2) + 3 * mm, str(n))
            n += 1
        c.showPage()
    _save(c, tmp)
    return _finish(tmp, path)


CARD_W, CARD_H = 85 * mm, 54 * mm  # ID-1, the size of a bank card
COLS, ROWS = 2, 5


@_reporting_missing
def badge_sheets(path: Path, people: Sequence[dict[str, Any]]) -> Path:
    """Cut-out badge cards (10 per A4): name, team, role, volunteer no. and the badge QR.
    A name with a character no font can draw is refused (a badge with □ for a name is useless)."""
    font = register_cjk_font()
    for p in people:
        require_drawable("name", str(p.get("name") or ""))
    path = Path(path)
    tmp = _tmp(path)
    c = _canvas(tmp, "胸卡")
    x0 = (PAGE_W - COLS * CARD_W) / 2
    y0 = PAGE_H - (PAGE_H - ROWS * CARD_H) / 2
    people = [p for p in people if p.get("badge_code")]
    if not people:
        c.setFont(font, 14)
        c.drawString(20 * mm, PAGE_H - 30 * mm, "没有可打印胸卡的人员")
        c.showPage()
    for i, p in enumerate(people):
        slot = i % (COLS * ROWS)
        if i and slot == 0:
            c.showPage()
        col, row = slot % COLS, slot // COLS
        _card(c, font, p, x0 + col * CARD_W, y0 - (row + 1) * CARD_H)
    if people:
        c.showPage()
    _save(c, tmp)
    return _finish(tmp, path)


def _card(c: Canvas, font: str, p: dict[str, Any], x: float, y: float) -> None:
    payload = badge_codec.encode(p["badge_code"])
    c.setStrokeColorRGB(0.7, 0.7, 0.7)
    c.setLineWidth(0.4)
    c.setDash(2, 2)
    c.rect(x, y, CARD_W, CARD_H, stroke=1, fill=0)  # cut line
    c.setDash()
    c.setFillColorRGB(*BLUE)
    c.rect(x, y + CARD_H - 10 * mm, CARD_W, 10 * mm, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont(font, 11)
    c.drawString(x + 4 * mm, y + CARD_H - 6.8 * mm, "科普大篷车")
    role = safe_text(label(PERSON_ROLE_LABELS, p.get("role") or ""))
    c.drawRightString(x + CARD_W - 4 * mm, y + CARD_H - 6.8 * mm, role)
    c.setFillColorRGB(0, 0, 0)
    qr_size = 36 * mm
    qr.draw(c, payload, x + CARD_W - qr_size - 2 * mm, y + 3 * mm, qr_size)
    text_w = CARD_W - qr_size - 7 * mm  # text stops 3 mm left of the QR
    tx = x + 4 * mm
    c.setFont(font, MIN_SHEET_PT)
    code_text = safe_text(payload)
    code_size = _fit(code_text, font, MIN_SHEET_PT, text_w, min_size=MIN_SHEET_PT)
    floor = y + 4 * mm + code_size + 2 * mm  # name, team and number stay above the code line
    name = p.get("name") or ""
    team = p.get("team") or ""
    number = f"编号 {p['volunteer_no']}" if p.get("volunteer_no") else ""
    top = y + CARD_H - 12 * mm
    for name_size in (20, 16, 13, 11, MIN_SHEET_PT):  # a long name or team: the name gives way first
        scratch = Canvas(io.BytesIO(), pagesize=A4)
        bottom = _card_text(scratch, name, team, number, tx, top, text_w, name_size)
        if bottom >= floor:
            break
    _card_text(c, name, team, number, tx, top, text_w, name_size)
    c.setFillColorRGB(0.45, 0.45, 0.45)
    c.setFont(font, code_size)
    c.drawString(tx, y + 4 * mm, code_text)
    c.setFillColorRGB(0, 0, 0)


def _card_text(c: Canvas, name: str, team: str, number: str, x: float, top: float, width: float, size: float) -> float:
    y = block(c, name, x, top, width, size, min(size, 11), max_lines=2)
    if team:
        y = block(c, team, x, y - 1 * mm, width, MIN_SHEET_PT, MIN_SHEET_PT, max_lines=3)
    if number:
        y = block(c, number, x, y - 0.5 * mm, width, MIN_SHEET_PT, MIN_SHEET_PT)
    return y


def default_output(kind: str, visit_date: str | None = None) -> str:
    """A file name people recognise: 签到海报_2026-05-12.pdf."""
    names = {"poster": "签到海报", "sheet": "签到表", "badges": "胸卡"}
    return f"{names[kind]}_{visit_date or dt.date.today().isoformat()}.pdf"
