"""日结单: a van's day — its visits, and books at start, out, returned, counted, differences."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Table, TableStyle

from ..domain import figures
from ..domain.catalogue import book_title
from .fmt import hm, thousands, zh_date
from .fonts import collect_missing
from .layout import FRAME_WIDTH, LINE, Mark, build_pdf, h2, para, spacer, styles, table
from .model import BOOK_UNITS, DayReport, DaySection

ORG = "济宁市科学技术协会 · 科普大篷车"


def _signed(n: int | None) -> str:
    if n is None:
        return "—"
    return f"+{n:,}" if n > 0 else f"{n:,}"


DRAFT = "草稿 · 未日结"


def _section(d: DayReport, sec: DaySection) -> list[Flowable]:
    out: list[Flowable] = [
        # Each van's receipt counts its own pages ("第 1 页 / 共 1 页") and names the van in the
        # footer; a van whose day is not closed is a draft.
        Mark(section=sec.caravan, watermark="" if sec.closed_at else DRAFT),
        para(ORG, "subtitle"),
        para("科普大篷车日结单", "title"),
        para(f"{sec.caravan}　{zh_date(d.date)}", "subtitle"),
        spacer(2),
    ]
    people = sum(v.attendance for v in sec.visits)
    books: dict[str, int] = {}
    for v in sec.visits:
        figures.add_units(books, v.books)
    units = figures.ordered_units(books) or ["册"]
    done = sum(1 for v in sec.visits if v.status == "已完成")
    handed = figures.units_text(books, thousands=True, empty="")
    out.append(
        h2(
            f"当日活动　{len(sec.visits)} 场（已完成 {done} 场），服务 {thousands(people)} 人次"
            + (f"，发放 {handed}" if handed else "，未发放图书或物资")
        )
    )
    if sec.visits:
        rows: list[list[object]] = [
            [
                i,
                v.site_name,
                v.county,
                v.status,
                hm(v.arrived_at),
                hm(v.left_at),
                thousands(v.attendance),
                thousands(v.signins),
                *[thousands(v.books.get(u, 0)) for u in units],
            ]
            for i, v in enumerate(sec.visits, 1)
        ]
        rows.append(
            [
                "",
                "合计",
                "",
                "",
                "",
                "",
                thousands(people),
                thousands(sum(v.signins for v in sec.visits)),
                *[thousands(books.get(u, 0)) for u in units],
            ]
        )
        # one column per unit (发放（册）, 发放（份）…): the site column gives up the room
        unit_w = min(0.1, 0.28 / len(units))
        site_w = 0.44 - unit_w * len(units)
        out.append(
            table(
                [
                    "序号",
                    "活动地点",
                    "县市区",
                    "状态",
                    "到达",
                    "离开",
                    "人次",
                    "签到",
                    *[f"发放（{u}）" for u in units],
                ],
                rows,
                [0.06, site_w, 0.11, 0.08, 0.07, 0.07, 0.09, 0.08, *[unit_w] * len(units)],
                numeric=(0, 6, 7, *range(8, 8 + len(units))),
                total=True,
            )
        )
    else:
        out.append(para("当日没有活动记录。", "small"))

    # the day's kilometres from the odometer at departure and return
    if sec.km is not None:
        out.append(
            h2(
                f"行驶里程　{thousands(sec.km)} 公里（出车 {thousands(sec.out_km or 0)} km，收车 {thousands(sec.back_km or 0)} km）"
            )
        )
    else:
        out.append(para("行驶里程：当日未登记里程表读数。请在“库存”页的“日结”中补录出车、收车里程表读数。", "small"))
    out.append(h2("图书库存"))
    if sec.stock:
        rows = [
            [
                book_title(x.title) if x.unit in BOOK_UNITS else x.title,
                thousands(x.start),
                thousands(x.loaded),
                thousands(x.out),
                thousands(x.returned),
                _signed(x.other) if x.other else "0",
                thousands(x.end),
                "—" if x.counted is None else thousands(x.counted),
                _signed(x.difference) if x.difference else ("—" if x.difference is None else "0"),
            ]
            for x in sec.stock
        ]
        stock_units = figures.ordered_units(x.unit for x in sec.stock)
        for unit in stock_units:  # one total row per unit: 册 and 份 are never added
            part = [x for x in sec.stock if figures.unit_of(x.unit) == unit]
            tot = {k: sum(getattr(x, k) for x in part) for k in ("start", "loaded", "out", "returned", "end")}
            other = sum(x.other for x in part)
            counted = None if sec.closed_at is None else sum(x.counted or 0 for x in part)
            diff = None if sec.closed_at is None else sum(x.difference or 0 for x in part)
            rows.append(
                [
                    "合计" if len(stock_units) == 1 else f"合计（{unit}）",
                    thousands(tot["start"]),
                    thousands(tot["loaded"]),
                    thousands(tot["out"]),
                    thousands(tot["returned"]),
                    _signed(other) if other else "0",
                    thousands(tot["end"]),
                    "—" if counted is None else thousands(counted),
                    _signed(diff) if diff else ("—" if diff is None else "0"),
                ]
            )
        out.append(
            table(
                ["名称", "日初库存", "装车/调入", "发放", "退回", "其他调整", "账面结存", "清点数", "差异"],
                rows,
                [0.28, 0.09, 0.1, 0.08, 0.08, 0.09, 0.09, 0.09, 0.1],
                numeric=range(1, 9),
                total=True,
            )
        )
    else:
        out.append(para("车上没有图书库存记录。", "small"))
    if sec.closed_at:
        out.append(
            para(
                f"日结时间 {sec.closed_at.replace('T', ' ')}。差异 = 清点数 − 日结时账面数；差异经核实后用“调整”入账。",
                "small",
            )
        )
    else:
        out.append(para("本车当日尚未日结：清点数和差异为空。", "small"))
    if sec.close_note:
        out.append(para(f"日结备注：{sec.close_note}", "body"))
    out.append(spacer(6))
    out.append(KeepTogether([_signatures()]))
    return out


def _signatures() -> Table:
    data = [["车长签字：", "库管签字：", "日期：　　年　　月　　日"]]
    t = Table(data, colWidths=[FRAME_WIDTH / 3] * 3, rowHeights=[16 * mm])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), styles()["cell"].fontName, 10),
                ("GRID", (0, 0), (-1, -1), 0.6, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def render_day(d: DayReport, out: Path | IO[bytes]) -> list[str]:
    """Write the PDF; returns warnings (characters the font lacks)."""
    with collect_missing():
        story: list[Flowable] = []
        sections = d.sections or [DaySection("（无车辆记录）", [], [], None, "")]
        for i, sec in enumerate(sections):
            if i:
                story.append(PageBreak())
            story += _section(d, sec)
        return build_pdf(
            out,
            story,
            title=f"日结单 {d.date}",
            footer_left=f"日结单 · {d.date}",
            footer_right=f"生成于 {d.generated_at}",
        )
