"""A4 printables for sign-in: the QR poster, the paper sign-in sheet (签到表), badge sheets.

All text is set in the embedded CJK font (``fonts.register_cjk_font``), the URL too, so no
viewer has to substitute a font. Each function takes plain data; ``visit_context`` gathers it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ..domain import badge as badge_codec
from ..domain.vocab import PERSON_ROLE_LABELS, label
from . import qr
from .fonts import register_cjk_font

PAGE_W, PAGE_H = A4
BLUE = (0.12, 0.44, 0.70)


@dataclass(frozen=True)
class VisitInfo:
    """What a printable says about a visit."""

    site: str
    date: str
    theme: str | None
    url: str  # the phone sign-in address the QR encodes


def visit_context(app: Any, visit_id: str, url: str) -> VisitInfo:
    v = app.visits.get(visit_id)
    if v is None:
        raise ValueError(f"no such visit: {visit_id}")
    site = app.sites.get(v["site_id"])
    return VisitInfo(site["name"] if site else "科普活动", v["date"], v.get("theme"), url)


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
    s = _fit(text, font, size, width)
    c.setFont(font, s)
    c.drawCentredString(PAGE_W / 2, y, text)


def _save(c: Canvas, path: Path) -> Path:
    """Save through a temporary name so a half-written PDF never replaces a good one."""
    c.save()
    return path


def _tmp(path: Path) -> Path:
    return path.with_name(path.name + ".part")


def _finish(tmp: Path, path: Path) -> Path:
    os.replace(tmp, path)
    return path


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
    _centred(c, info.site, PAGE_H - 58 * mm, 26, font)
    sub = "  ".join(x for x in (info.date, info.theme) if x)
    _centred(c, sub, PAGE_H - 68 * mm, 16, font)
    size = 125 * mm
    qr.draw(c, info.url, (PAGE_W - size) / 2, PAGE_H - 200 * mm, size)
    _centred(c, "用手机微信或浏览器扫一扫，填写姓名即可签到", PAGE_H - 212 * mm, 16, font)
    if wifi:
        _centred(c, f"请先连接无线网络（WLAN）：{wifi}", PAGE_H - 224 * mm, 16, font)
    _centred(c, "无法扫码时，在手机浏览器地址栏输入：", PAGE_H - 238 * mm, 14, font)
    c.setFillColorRGB(*BLUE)
    _centred(c, info.url, PAGE_H - 252 * mm, 22, font)
    c.setFillColorRGB(0.4, 0.4, 0.4)
    _centred(c, "本页面只在活动现场的网络中可用，不需要流量。", PAGE_H - 266 * mm, 11, font)
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


def sheet(path: Path, info: VisitInfo, rows: int = 60) -> Path:
    """The paper sign-in sheet: the visit's QR in the header, numbered rows across pages."""
    font = register_cjk_font()
    path = Path(path)
    tmp = _tmp(path)
    c = _canvas(tmp, f"签到表 {info.site}")
    left = 15 * mm
    table_w = sum(w for _h, w in SHEET_COLUMNS)
    header_h = 44 * mm
    per_page = int((PAGE_H - header_h - 20 * mm - ROW_H) // ROW_H)
    pages = max(1, -(-rows // per_page))
    n = 1
    for page in range(1, pages + 1):
        top = PAGE_H - 12 * mm
        qr_size = 34 * mm
        qr.draw(c, info.url, PAGE_W - 15 * mm - qr_size, top - qr_size, qr_size)
        c.setFont(font, 7)
        c.drawCentredString(PAGE_W - 15 * mm - qr_size / 2, top - qr_size - 3 * mm, "手机扫码也可签到")
        c.setFont(font, 24)
        c.drawString(left, top - 10 * mm, "签 到 表")
        text_w = PAGE_W - 2 * 15 * mm - qr_size - 5 * mm
        c.setFont(font, _fit(f"活动地点：{info.site}", font, 13, text_w))
        c.drawString(left, top - 19 * mm, f"活动地点：{info.site}")
        c.setFont(font, 11)
        c.drawString(left, top - 26 * mm, f"日期：{info.date}" + (f"    主题：{info.theme}" if info.theme else ""))
        c.setFont(font, 8)
        c.drawString(left, top - 32 * mm, f"第 {page} / {pages} 页    身份：学生 / 教师 / 家长 / 村民 / 志愿者 / 其他")
        y = PAGE_H - header_h - 8 * mm
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


def badge_sheets(path: Path, people: Sequence[dict[str, Any]]) -> Path:
    """Cut-out badge cards (10 per A4): name, team, role, volunteer no. and the badge QR."""
    font = register_cjk_font()
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
    role = label(PERSON_ROLE_LABELS, p.get("role") or "")
    c.drawRightString(x + CARD_W - 4 * mm, y + CARD_H - 6.8 * mm, role)
    c.setFillColorRGB(0, 0, 0)
    qr_size = 36 * mm
    qr.draw(c, payload, x + CARD_W - qr_size - 2 * mm, y + 3 * mm, qr_size)
    text_w = CARD_W - qr_size - 7 * mm
    name = p.get("name") or ""
    size = _fit(name, font, 20, text_w)
    c.setFont(font, size)
    c.drawString(x + 4 * mm, y + CARD_H - 21 * mm, name)
    c.setFont(font, _fit(p.get("team") or "", font, 9, text_w))
    c.drawString(x + 4 * mm, y + CARD_H - 29 * mm, p.get("team") or "")
    if p.get("volunteer_no"):
        c.setFont(font, _fit(f"编号 {p['volunteer_no']}", font, 8, text_w))
        c.drawString(x + 4 * mm, y + CARD_H - 36 * mm, f"编号 {p['volunteer_no']}")
    c.setFillColorRGB(0.45, 0.45, 0.45)
    c.setFont(font, _fit(payload, font, 6.5, text_w))
    c.drawString(x + 4 * mm, y + 5 * mm, payload)
    c.setFillColorRGB(0, 0, 0)


def default_output(kind: str, visit_date: str | None = None) -> str:
    """A file name people recognise: 签到海报_2026-05-12.pdf."""
    names = {"poster": "签到海报", "sheet": "签到表", "badges": "胸卡"}
    return f"{names[kind]}_{visit_date or dt.date.today().isoformat()}.pdf"
