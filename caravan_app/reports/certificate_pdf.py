"""志愿服务记录证明: the volunteer service certificate of the national rules, in its
four blocks — the volunteer, the service (each date, site, content and hours; travel is not
service time), the issuing body, and the certificate's number and date — with a stamp box and
the verification QR, as on visit reports. Also the 公示 list of a period's certificates."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Table, TableStyle

from ..domain.figures import add_hours
from .fmt import zh_date
from .fonts import collect_missing
from .layout import FRAME_WIDTH, LINE, Mark, QRCode, build_pdf, h2, key_values, para, spacer, styles, table
from .model import Certificate, Publicity
from .verify import group_code
from .visit_pdf import STAMP, StampBox

HOURS_NOTE = (
    "说明：志愿服务时长按志愿者在活动现场上岗至离岗的记录累计，往返路途时间不计入；同一时间在两处活动值班的只计一次。"
    "本证明记载出具日期以前的服务，出具后的服务不影响本证明。"
)


SIGN_LINE = "_" * 22  # room to sign by hand


def how_to_verify(c: Certificate) -> str:
    """What a school or employer can do with the paper: call the issuer (a telephone number,
    never a command of this program)."""
    call = f"致电出具单位（{c.issuer_name}，电话 {c.issuer_phone}）" if c.issuer_phone else "联系出具单位"
    return (
        f"核验方法：{call}，报出证明编号和核验码，由出具单位核对出具登记；"
        "也可用手机扫描右上角二维码读出证明编号和核验码。"
    )


def _header(c: Certificate) -> Table:
    left = [
        para(c.issuer_name or "（出具单位未设置）", "subtitle"),
        para(c.title + ("（补发）" if c.reprint_of else ""), "title"),
        para(f"证明编号 {c.number}", "subtitle"),
        para(f"核验码 {group_code(c.code)}", "subtitle"),
    ]
    if c.reprint_of:
        left.append(para(f"补发：原证明编号 {c.reprint_of}（原件作废）", "subtitle"))
    t = Table([[left, QRCode(c.payload, 27 * mm, "核验二维码")]], colWidths=[FRAME_WIDTH - 32 * mm, 32 * mm])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles()["cell"].fontName, 9),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ]
        )
    )
    return t


def _issuer_block(c: Certificate) -> Table:
    """The issuer's lines with room to sign (负责人, 经办人) beside the stamp box, whose caption
    stays visible (the seal goes over the box, not over the words)."""
    st = styles()["cell"]
    right = STAMP + 12
    rows = [
        [para(f"出具单位：{c.issuer_name or '—'}", st), StampBox("出具单位盖章")],
        [para(f"负责人：{c.issuer_head or '—'}　　签字：{SIGN_LINE}", st), ""],
        [para(f"经办人：{c.issuer_clerk or '　　　　'}　　签字：{SIGN_LINE}", st), ""],
        [para(f"联系电话：{c.issuer_phone or '—'}", st), ""],
        [para(f"出具日期：{zh_date(c.issued_on)}", st), ""],
    ]
    h = (STAMP + 7 * mm) / 5
    t = Table(rows, colWidths=[FRAME_WIDTH - right, right], rowHeights=[h] * 5, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.fontName, 10),
                ("BOX", (0, 0), (-1, -1), 0.6, LINE),
                ("LINEAFTER", (0, 0), (0, -1), 0.6, LINE),
                ("SPAN", (1, 0), (1, 4)),
                ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
            ]
        )
    )
    return t


def story(c: Certificate) -> list[Flowable]:
    hours = c.hours  # the sum of the lines' hours (domain/figures.py)
    service = "工作" if c.staff else "志愿服务"
    out: list[Flowable] = [
        Mark(section=f"{c.name} {c.number}"),
        _header(c),
        spacer(2),
        para(
            f"兹证明 {c.name}"
            + (f"（志愿者编号 {c.volunteer_no}）" if c.volunteer_no else "")
            + f"于{zh_date(c.start)}至{zh_date(c.end)}期间参加{c.issuer_name or '本单位'}组织的科普大篷车{service}活动"
            + f" {len(c.services)} 次，累计{service}时长 {hours:.1f} 小时（不含往返路途时间）。",
            "body",
        ),
        h2("一、工作人员信息" if c.staff else "一、志愿者信息"),
        key_values(
            [
                ("姓名", c.name),
                ("志愿者编号", c.volunteer_no or "—"),
                ("证件类型及号码", f"{c.id_type or '居民身份证'} {c.id_masked}" if c.id_masked else "—（未提供）"),
                ("服务队", c.team or "—"),
            ],
            key_frac=0.14,
        ),
        h2(f"二、{service}情况（{len(c.services)} 次，合计 {hours:.1f} 小时）"),
    ]
    rows: list[list[object]] = [[i, s.date, s.site, s.content, f"{s.hours:.1f}"] for i, s in enumerate(c.services, 1)]
    rows.append(["", "合计", "", "", f"{hours:.1f}"])
    out.append(
        table(
            ["序号", "服务日期", "服务地点", "服务内容", "时长（小时）"],
            rows,
            [0.07, 0.15, 0.3, 0.33, 0.15],
            numeric=(0, 4),
            total=True,
        )
    )
    out.append(h2("三、出具单位"))
    out.append(KeepTogether([_issuer_block(c), spacer(2), para(HOURS_NOTE, "small"), para(how_to_verify(c), "small")]))
    return out


def render_certificates(certs: list[Certificate], out: Path | IO[bytes]) -> list[str]:
    """One certificate per person (each starts a page and counts its own pages)."""
    with collect_missing():
        flow: list[Flowable] = []
        for i, c in enumerate(certs):
            if i:
                flow.append(PageBreak())
            flow += story(c)
        if not flow:
            flow = [para("本期没有志愿服务记录。", "body")]
        first = certs[0] if certs else None
        return build_pdf(
            out,
            flow,
            title=(first.title if first else "志愿服务记录证明")
            + (f" {first.name}" if len(certs) == 1 and first else ""),
            footer_left=first.title if first else "志愿服务记录证明",
            footer_right=f"出具日期 {first.issued_on}" if first else "",
        )


def render_publicity(
    certs: list[Certificate],
    start: str,
    end: str,
    issuer: str,
    out: Path | IO[bytes],
    *,
    notice: Publicity,
    contact: str,
) -> list[str]:
    """公示 list: every volunteer to be certified for the period (name, volunteer no., services,
    hours), with the 公示期 and whom to tell of an objection."""
    with collect_missing():
        rows: list[list[object]] = [
            [i, c.name, c.volunteer_no or "—", len(c.services), f"{c.hours:.1f}"] for i, c in enumerate(certs, 1)
        ]
        total = add_hours(c.hours for c in certs)  # the column's sum, as printed
        rows.append(["", f"合计 {len(certs)} 人", "", sum(len(c.services) for c in certs), f"{total:.1f}"])
        flow: list[Flowable] = [
            para(issuer or "（出具单位未设置）", "subtitle"),
            para("志愿服务记录证明公示", "title"),
            para(f"服务期间：{zh_date(start)}至{zh_date(end)}", "subtitle"),
            spacer(2),
            para(
                f"以下 {len(certs)} 名志愿者的志愿服务记录证明拟予出具，现予公示。"
                f"公示期：{zh_date(notice.start)}至{zh_date(notice.end)}（{notice.days} 天）。"
                f"如有异议，请在公示期内向{contact or issuer or '出具单位'}反映。",
                "body",
            ),
            table(
                ["序号", "姓名", "志愿者编号", "服务次数", "时长（小时）"],
                rows,
                [0.08, 0.27, 0.3, 0.15, 0.2],
                numeric=(0, 3, 4),
                total=True,
            ),
            spacer(4),
            para(f"{issuer}　　{zh_date(notice.start)}", "body"),
        ]
        return build_pdf(out, flow, title="志愿服务记录证明公示", footer_left=f"公示 · {start}～{end}")
