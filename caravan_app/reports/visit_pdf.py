"""活动记录表: the visit report a school signs and stamps, with a verification QR."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Table, TableStyle

from .fmt import hm, hours, thousands, zh_date
from .layout import FRAME_WIDTH, LINE, QRCode, build_pdf, h2, key_values, para, spacer, styles, table
from .model import BookLine, VisitReport

ORG = "济宁市科学技术协会 · 科普大篷车"


def _header(r: VisitReport) -> Table:
    qr = QRCode(r.payload, 27 * mm, "核验码")
    left = [
        para(ORG, "subtitle"),
        para("科普大篷车活动记录表", "title"),
        para(f"{r.site_name}　{zh_date(r.date)}", "subtitle"),
    ]
    t = Table([[left, qr]], colWidths=[FRAME_WIDTH - 32 * mm, 32 * mm])
    font = styles()["cell"].fontName  # a Table without FONT lists Helvetica, unembedded
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 9),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ]
        )
    )
    return t


def _recipient(b: BookLine) -> str:
    if b.recipient:
        return b.recipient
    return "（退回）" if b.qty < 0 else "—"


def _signatures() -> Table:
    st = styles()["cell"]
    box_h = 38 * mm
    data = [
        ["学校（站点）负责人签字：", "学校（站点）盖章：", "大篷车负责人签字："],
        ["", "", ""],
        ["日期：　　年　　月　　日", "", "日期：　　年　　月　　日"],
    ]
    t = Table(data, colWidths=[FRAME_WIDTH / 3] * 3, rowHeights=[7 * mm, box_h - 14 * mm, 7 * mm])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.fontName, 9.5),
                ("BOX", (0, 0), (0, -1), 0.6, LINE),
                ("BOX", (1, 0), (1, -1), 0.6, LINE),
                ("BOX", (2, 0), (2, -1), 0.6, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def story(r: VisitReport) -> list[Flowable]:
    out: list[Flowable] = [_header(r), spacer(2)]
    out.append(
        key_values(
            [
                ("活动地点*", r.site_name),
                ("县市区", r.county),
                ("站点类型", r.site_kind),
                ("活动日期", zh_date(r.date)),
                ("大篷车", r.caravan),
                ("到达时间", hm(r.arrived_at)),
                ("离开时间", hm(r.left_at)),
                ("联系人", r.contact),
                ("活动状态", r.status),
                ("地址*", r.address),
                ("活动主题*", r.theme),
                ("活动内容*", r.activities),
            ]
        )
    )

    for line in r.reopened:  # c10b: a reopened visit says so, with its reason
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

    out.append(h2(f"工作人员及服务时长　共 {len(r.crew)} 人，{hours(r.crew_hours)} 小时"))
    if r.crew:
        rows = [
            [i, c.name, c.role, c.team, c.volunteer_no, hm(c.on_at), hm(c.off_at), hours(c.hours)]
            for i, c in enumerate(r.crew, 1)
        ]
        rows.append(["", "合计", "", "", "", "", "", hours(r.crew_hours)])
        out.append(
            table(
                ["序号", "姓名", "身份", "服务队", "志愿者编号", "上岗", "离岗", "时长（小时）"],
                rows,
                [0.06, 0.13, 0.1, 0.2, 0.17, 0.1, 0.1, 0.14],
                numeric=(0, 7),
                total=True,
            )
        )
    else:
        out.append(para("本次活动未记录工作人员上岗。", "small"))

    out.append(h2(f"图书及物资发放　合计 {thousands(r.books_total)} 册（件）"))
    if r.books:
        rows = [[i, f"《{b.title}》", _recipient(b), thousands(b.qty), b.unit] for i, b in enumerate(r.books, 1)]
        rows.append(["", "合计", "", thousands(r.books_total), ""])
        out.append(
            table(
                ["序号", "名称", "领取人", "数量", "单位"],
                rows,
                [0.07, 0.4, 0.33, 0.1, 0.1],
                numeric=(0, 3),
                total=True,
            )
        )
    else:
        out.append(para("本次活动未发放图书或物资。", "small"))

    out.append(h2("备注"))
    out.append(para(r.notes or "无", "body"))
    out.append(CondPageBreak(50 * mm))
    out.append(KeepTogether([h2("确认签章"), para("以上活动情况属实。", "small"), spacer(1), _signatures()]))
    out.append(spacer(2))
    out.append(
        para(
            f"核验码 {r.payload}：市科协可用“caravan verify”核对本表数字与同步数据是否一致。生成时间 {r.generated_at}。",
            "small",
        )
    )

    if r.signins:
        out.append(PageBreak())
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


def render_visit(r: VisitReport, out: Path | IO[bytes]) -> None:
    build_pdf(
        out,
        story(r),
        title=f"活动记录表 {r.site_name} {r.date}",
        footer_left=f"活动记录表 · {r.date} · {r.site_name}",
        footer_right=f"活动编号 {r.visit_id[:8]}",
    )
