"""活动记录表: the visit report a school signs and stamps, with a verification QR.

The signature and stamp block never stands alone: it is kept in one piece, and when it lands
on a page after the one with the figures, the key figures are repeated above it (a first
layout finds out where it lands). A visit that is not completed carries a 草稿 watermark.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Table, TableStyle

from ..domain import figures
from ..domain.catalogue import book_title
from .fmt import hm, thousands, zh_date
from .fonts import collect_missing
from .layout import FRAME_WIDTH, LINE, Mark, QRCode, build_pdf, h2, key_values, para, spacer, styles, table
from .model import BOOK_UNITS, BookLine, VisitReport
from .verify import group_code

ORG = "济宁市科学技术协会 · 科普大篷车"
STAMP = 46 * mm  # a Ø42 mm school seal fits with room to spare
DRAFT = "草稿 · 未完成"
CANCELLED = "已取消"
CANCELLED_NOTE = "本次活动已取消：本表仅作记录，不作签字盖章确认，不能作为开展活动的证明。"


def _header(r: VisitReport) -> Table:
    qr = QRCode(r.payload, 27 * mm, "核验二维码")
    left = [
        para(ORG, "subtitle"),
        para("科普大篷车活动记录表" + ("（已取消）" if r.cancelled else ""), "title"),
        para(f"{r.site_name}　{zh_date(r.date)}", "subtitle"),
        para(f"报告编号 {r.report_no}　活动状态：{r.status}", "subtitle"),
    ]
    if r.rate_url:  # 评单: the school scans it to rate the visit on the hub's page
        rate = QRCode(r.rate_url, 27 * mm, "扫码评价")
        t = Table([[left, rate, qr]], colWidths=[FRAME_WIDTH - 64 * mm, 32 * mm, 32 * mm], hAlign="LEFT")
    else:
        t = Table([[left, qr]], colWidths=[FRAME_WIDTH - 32 * mm, 32 * mm], hAlign="LEFT")
    font = styles()["cell"].fontName  # a Table without FONT lists Helvetica, unembedded
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 9),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (-1, 0), (-1, 0), 0),
            ]
        )
    )
    return t


def _recipient(b: BookLine) -> str:
    if b.recipient:
        return b.recipient
    return "（退回）" if b.qty < 0 else "—"


def book_name(title: str, unit: str) -> str:
    """《身边的科学》 for a book; a kit or leaflet counted in 份/个/套件 keeps its plain name."""
    return book_title(title) if unit in BOOK_UNITS else title


def unit_totals(books: list[BookLine]) -> str:
    """ "155册、40份": books and materials counted apart (domain/figures.py), never one sum."""
    return figures.units_text(figures.by_unit((b.unit, b.qty) for b in books), thousands=True, empty="0册")


def crew_split(r: VisitReport) -> str:
    """ "志愿者 3 人 7.5 小时，工作人员 2 人 6.0 小时": volunteer service and staff time apart."""
    parts = []
    for vols, name in ((True, "志愿者"), (False, "工作人员")):
        people = r.crew_of(vols)
        if people:
            parts.append(
                f"{name} {len(people)} 人 {figures.hours_text(figures.add_hours(c.hours for c in people))} 小时"
            )
    return "，".join(parts)


class StampBox(Flowable):
    """A ``STAMP`` × ``STAMP`` dashed square with a faint "盖章处" in it and whose seal goes
    there on top (the school's on a visit report, the issuer's on a certificate)."""

    def __init__(self, caption: str = "学校（站点）盖章") -> None:
        super().__init__()
        self.width = self.height = STAMP
        self.caption = caption

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(LINE)
        c.setLineWidth(0.6)
        c.setDash(3, 2)
        c.rect(0, 0, STAMP, STAMP, stroke=1, fill=0)
        c.setFillColor(colors.HexColor("#B0B7BF"))
        c.setFont(styles()["cell"].fontName, 9)
        c.drawCentredString(STAMP / 2, STAMP / 2 - 3, "盖章处")
        c.setFillColor(colors.black)
        c.setFont(styles()["cell"].fontName, 9.5)
        c.drawCentredString(STAMP / 2, STAMP - 5 * mm, self.caption)
        c.restoreState()


def _signatures() -> Table:
    """Two signatures on the left, one above the other; the stamp box (46 × 46 mm) on the right,
    the whole block as wide as the tables above it and aligned with their left edge."""
    st = styles()["cell"]
    right = STAMP + 12
    left = FRAME_WIDTH - right
    half = (STAMP + 7 * mm) / 2
    data = [
        ["学校（站点）负责人签字：", StampBox()],
        ["日期：　　年　　月　　日", ""],
        ["大篷车负责人签字：", ""],
        ["日期：　　年　　月　　日", ""],
    ]
    t = Table(data, colWidths=[left, right], rowHeights=[half - 6 * mm, 6 * mm, half - 6 * mm, 6 * mm], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.fontName, 9.5),
                ("BOX", (0, 0), (0, 1), 0.6, LINE),
                ("BOX", (0, 2), (0, 3), 0.6, LINE),
                ("BOX", (1, 0), (1, -1), 0.6, LINE),
                ("SPAN", (1, 0), (1, 3)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 1), (0, 1), "BOTTOM"),
                ("VALIGN", (0, 3), (0, 3), "BOTTOM"),
                ("ALIGN", (0, 1), (0, 1), "RIGHT"),
                ("ALIGN", (0, 3), (0, 3), "RIGHT"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
            ]
        )
    )
    return t


def key_figures(r: VisitReport) -> str:
    """The figures the signature certifies, in one line (repeated above the signatures when
    they had to move to a page of their own)."""
    groups = "，".join(f"{g}{n}" for g, n in r.attendance if n)
    parts = [f"参与{thousands(r.attendance_total)}人次" + (f"（{groups}）" if groups else "")]
    parts.append(f"个人签到{len(r.signins)}人")
    for vols, name, what in ((True, "志愿者", "志愿服务"), (False, "工作人员", "工作")):
        people = r.crew_of(vols)
        if people:
            h = figures.hours_text(figures.add_hours(c.hours for c in people))
            parts.append(f"{name}{len(people)}人，{what}{h}小时")
    parts.append(f"发放图书及物资{unit_totals(r.books)}")
    return f"本表数字（{r.site_name}，{zh_date(r.date)}）：" + "；".join(parts) + "。"


def instruction(r: VisitReport) -> str:
    """What the principal (or anyone holding the paper) does to check it, in plain words."""
    # A telephone number only when this laptop knows one (its issuer setting): "call" without
    # a number sent principals looking for one.
    ask = f"或致电{r.checked_by}" if r.checked_by else "或联系济宁市科协科普部"
    return f"核对本表：扫描右上角二维码，{ask}，报出报告编号 {r.report_no} 和核验码 {group_code(r.code)}。"


def _main(r: VisitReport, pages: dict[str, int], repeat: bool) -> list[Flowable]:
    out: list[Flowable] = [_header(r), Mark(pages, "figures"), spacer(1)]
    if r.reopen_note:
        out.append(para(r.reopen_note, "small"))
    out.append(
        key_values(
            [
                ("活动地点*", r.site_name),
                ("县市区", r.county),
                ("站点类型", r.site_kind),
                ("活动日期", zh_date(r.date)),
                ("活动时间", f"到达 {hm(r.arrived_at)}　离开 {hm(r.left_at)}"),
                ("大篷车", r.caravan),
                ("联系人", r.contact),
                ("地址*", r.address),
                ("活动主题*", r.theme),
                ("活动内容*", r.activities),
            ]
        )
    )

    for line in r.reopened:  # a reopened visit says so, with its reason
        out.append(para(line, "small"))
    out.append(h2(f"参与人数（按人群）　合计 {thousands(r.attendance_total)} 人次"))
    heads = [g for g, _n in r.attendance] + ["合计"]
    vals: list[Any] = [thousands(n) for _g, n in r.attendance] + [thousands(r.attendance_total)]
    n = len(heads)
    out.append(table(heads, [vals], [1 / n] * n, numeric=range(n), zebra=False))
    out.append(spacer(1))
    if r.signins:
        out.append(para(f"个人签到 {thousands(len(r.signins))} 人（名单附后）。人次以各人群清点人数为准。", "small"))
    else:
        out.append(para("本次活动无个人签到记录。人次以各人群清点人数为准。", "small"))

    total_h = r.crew_hours  # the sum of the lines' hours (domain/figures.py)
    split = crew_split(r)
    out.append(h2(f"工作人员及服务时长　共 {len(r.crew)} 人，{total_h:.1f} 小时" + (f"（{split}）" if split else "")))
    if r.crew:
        rows = [
            [
                i,
                c.name,
                c.role,
                c.team,
                c.volunteer_no,
                hm(c.on_at),
                hm(c.off_at),
                thousands(c.minutes),
                f"{c.hours:.1f}",
            ]
            for i, c in enumerate(r.crew, 1)
        ]
        rows.append(["", "合计", "", "", "", "", "", thousands(r.crew_minutes), f"{total_h:.1f}"])
        out.append(
            table(
                ["序号", "姓名", "身份", "服务队", "志愿者编号", "上岗", "离岗", "分钟", "小时"],
                rows,
                [0.06, 0.13, 0.1, 0.2, 0.17, 0.08, 0.08, 0.09, 0.09],
                numeric=(0, 7, 8),
                total=True,
            )
        )
    else:
        out.append(para("本次活动未记录工作人员上岗。", "small"))

    out.append(h2(f"图书及物资发放　合计 {unit_totals(r.books)}"))
    if r.books:
        rows = [
            [i, book_name(b.title, b.unit), _recipient(b), thousands(b.qty), b.unit] for i, b in enumerate(r.books, 1)
        ]
        per_unit = r.books_by_unit  # one total row per unit: 册 and 份 are never added
        for u, n in per_unit.items():
            rows.append(["", "合计" if len(per_unit) == 1 else f"合计（{u}）", "", thousands(n), u])
        out.append(
            table(
                ["序号", "名称", "领取人", "数量", "单位"],
                rows,
                [0.07, 0.4, 0.31, 0.1, 0.12],
                numeric=(0, 3),
                total=True,
            )
        )
    else:
        out.append(para("本次活动未发放图书或物资。", "small"))

    if r.notes:
        out.append(h2("备注"))
        out.append(para(r.notes, "body"))
    else:
        out.append(spacer(1.5))
        out.append(para("备注：无", "body"))
    if r.cancelled:  # a cancelled visit: nothing took place that a school could sign for
        out.append(KeepTogether([Mark(pages, "signature"), spacer(2), para(CANCELLED_NOTE, "box")]))
        return out
    block: list[Flowable] = [
        Mark(pages, "signature"),
        spacer(2),
        para("确认签章：以上活动情况属实。", "body"),
        spacer(1),
    ]
    if repeat:
        block.append(para(key_figures(r), "box"))
    block += [_signatures(), spacer(1), para(instruction(r), "small")]
    out.append(KeepTogether(block))
    return out


def _appendix(r: VisitReport) -> list[Flowable]:
    if not r.signins:
        return []
    out: list[Flowable] = [PageBreak()]
    out.append(h2(f"附：签到名单（共 {thousands(len(r.signins))} 人）　{r.site_name}　{zh_date(r.date)}"))
    rows = [[i, s.name, s.group, s.organisation or "—", s.method, hm(s.at)] for i, s in enumerate(r.signins, 1)]
    out.append(
        table(
            ["序号", "姓名", "身份", "学校班级/单位", "方式", "时间"],
            rows,
            [0.08, 0.18, 0.1, 0.44, 0.1, 0.1],
            numeric=(0,),
        )
    )
    return out


def story(r: VisitReport, repeat: bool = False, pages: dict[str, int] | None = None) -> list[Flowable]:
    from .photo_pages import visit_photo_page

    photos = visit_photo_page(r.photos, r.site_name, zh_date(r.date))
    return _main(r, {} if pages is None else pages, repeat) + photos + _appendix(r)


def render_visit(r: VisitReport, out: Path | IO[bytes]) -> list[str]:
    """Write the PDF; returns warnings (characters the font lacks)."""
    kw: dict[str, Any] = {
        "title": f"活动记录表 {r.site_name} {r.date}",
        "footer_left": f"活动记录表 · {r.date} · {r.site_name}",
        "footer_right": f"报告编号 {r.report_no} · 生成于 {r.generated_at[:16]}",
        "watermark": CANCELLED if r.cancelled else "" if r.completed else DRAFT,
        "printed_at": r.generated_at,  # dated by its print time: the same paper, the same bytes
    }
    with collect_missing():
        # A first layout of the pages up to the signatures tells where the signature block lands.
        pages: dict[str, int] = {}
        build_pdf(io.BytesIO(), _main(r, pages, False), layout_only=True, **kw)
        repeat = pages.get("signature", 1) != pages.get("figures", 1)
        return build_pdf(out, story(r, repeat), **kw)
