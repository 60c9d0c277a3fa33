"""Period statistics (a month, quarter, year or any range; one van or all): totals, the
work-report paragraph, bar charts by month and by county, tables per county, van, title, month."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Table, TableStyle

from ..domain import figures
from ..domain.catalogue import book_title
from .charts import bar_chart
from .fmt import month_label, thousands, zh_date
from .fonts import collect_missing
from .layout import (
    ACCENT,
    FRAME_WIDTH,
    HEAD_BG,
    LINE,
    FigureCell,
    build_pdf,
    h2,
    h2_table,
    para,
    spacer,
    styles,
    table,
)
from .model import BOOK_UNITS, PeriodReport, Row, VolunteerLine

ORG = "济宁市科学技术协会 · 科普大篷车"
LONG_RANGE_MONTHS = 24  # beyond this, the chart shows years and the table only active months
DISTINCT_NOTE = "注：“站点数”合计为不同站点的个数，同一站点在几个县市区、车辆或月份出现时只计一次，故不等于各行之和。"
DEFINITIONS = (
    "口径说明：场次 = 统计期内已完成的活动；人次 = 各人群清点人数之和（个人签到为名单，不重复计入）；"
    "发放数量按单位分列（图书按册、资料按份，其他单位如本、套各自计数），不同单位从不相加，均扣除撤销与退回；"
    "志愿服务时长只计身份为志愿者的人，每人每场的分钟数折合小时四舍五入取一位小数，合计为各行之和；"
    "工作人员的时长单独列出，不计入志愿服务；学校 = 站点类型为学校的不同站点；县市区 = 活动站点所在的不同县市区（含功能区）。"
)


def _key_figures(r: PeriodReport) -> Table:
    figs: list[tuple[str, list[str]]] = [
        ("活动场次", [thousands(r.totals.visits)]),
        ("服务人次", [thousands(r.totals.people)]),
        # one line per unit: 册, 份 and 本 are never one number, and three of them still fit the box
        ("发放图书及物资", [f"{thousands(r.books_by_unit[u])}{u}" for u in r.units] or ["0"]),
        ("覆盖学校", [thousands(r.schools)]),
        ("覆盖县市区", [thousands(r.counties)]),
    ]
    font = styles()["cell"].fontName
    box_w, box_h = FRAME_WIDTH / 5, 11 * mm if max(len(v) for _k, v in figs) == 1 else 16 * mm
    cells = [FigureCell(v, box_w - 8, box_h - 4) for _k, v in figs]
    t = Table([cells, [k for k, _v in figs]], colWidths=[box_w] * 5, rowHeights=[box_h, 6 * mm])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 9),  # the figure cells draw themselves; no default Helvetica
                ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 0.6, LINE),
                ("LINEAFTER", (0, 0), (-2, -1), 0.4, LINE),
                ("BACKGROUND", (0, 1), (-1, 1), HEAD_BG),
            ]
        )
    )
    return t


def _units(r: PeriodReport) -> list[str]:
    return r.units or ["册"]


def _heads(r: PeriodReport) -> list[str]:
    """场次, 人次, one 发放 column per unit (册 and 份 never share a number), 站点数."""
    return ["场次", "人次", *[f"发放（{u}）" for u in _units(r)], "站点数"]


def _widths(r: PeriodReport) -> list[float]:
    n = len(_units(r))
    w = min(0.16, 0.3 / n)
    return [1 - 0.4 - w * n, 0.13, 0.15, *[w] * n, 0.12]


def _rows(rows: list[Row], total: Row, units: list[str], label: Callable[[str], str] = str) -> list[list[object]]:
    def line(key: str, x: Row) -> list[object]:
        return [key, thousands(x.visits), thousands(x.people), *[thousands(x.by_unit.get(u, 0)) for u in units],
                thousands(x.sites)]  # fmt: skip

    out: list[list[object]] = [line(label(x.key), x) for x in rows]
    out.append(line("合计", total))
    return out


def story(r: PeriodReport) -> list[Flowable]:
    out: list[Flowable] = [
        para(ORG, "subtitle"),
        para(f"{r.label}科普大篷车工作统计", "title"),
        para(f"统计范围：{r.scope}　{zh_date(r.start)}至{zh_date(r.end)}", "subtitle"),
        para(r.counts, "subtitle"),
        spacer(3),
        _key_figures(r),
        h2("工作报告摘要（可直接粘贴）"),
        para(r.paragraph, "box"),
    ]
    for chart in charts(r):
        out.append(KeepTogether([chart]))
        out.append(spacer(2))
    out += h2_table("按人群")
    total_people = sum(n for _g, n in r.by_group) or 0
    grows: list[list[object]] = [
        [g, thousands(n), f"{n * 100 / total_people:.1f}%" if total_people else "—"] for g, n in r.by_group
    ]
    grows.append(["合计", thousands(total_people), "100.0%" if total_people else "—"])
    out.append(table(["人群", "人次", "占比"], grows, [0.4, 0.3, 0.3], numeric=(1, 2), total=True))
    heads, w5, units = _heads(r), _widths(r), _units(r)
    num = tuple(range(1, len(heads) + 1))
    out += h2_table("按县市区")
    out.append(table(["县市区", *heads], _rows(r.by_county, r.totals, units), w5, numeric=num, total=True))
    out.append(para(DISTINCT_NOTE, "small"))
    out += h2_table("按乡镇（街道）")
    if r.by_town:
        trows: list[list[object]] = [
            [x.parent, x.key, thousands(x.visits), thousands(x.people), thousands(x.sites)] for x in r.by_town
        ]
        trows.append(["合计", "", thousands(r.totals.visits), thousands(r.totals.people), thousands(r.totals.sites)])
        out.append(
            table(
                ["县市区", "乡镇（街道）", "场次", "人次", "站点数"],
                trows,
                [0.2, 0.32, 0.16, 0.16, 0.16],
                numeric=(2, 3, 4),
                total=True,
            )
        )
    else:
        out.append(para("本期没有活动。", "small"))
    year = r.end[:4]
    if r.towns_not_visited:
        per: dict[str, list[str]] = {}
        for c, t in r.towns_not_visited:
            per.setdefault(c, []).append(t)
        listed = "；".join(f"{c}：{'、'.join(ts)}" for c, ts in per.items())
        out.append(para(f"{year}年尚未开展活动的乡镇（街道）{len(r.towns_not_visited)}个——{listed}。", "body"))
    else:
        out.append(para(f"站点名单中的乡镇（街道）{year}年均已开展活动。", "small"))
    out += h2_table("按车辆")
    out.append(table(["大篷车", *heads], _rows(r.by_caravan, r.totals, units), w5, numeric=num, total=True))
    out += _mileage(r)
    out += h2_table("按月份")
    months_shown = r.by_month
    if len(r.by_month) > LONG_RANGE_MONTHS:
        months_shown = [x for x in r.by_month if x.visits]
        out.append(para("统计期较长，只列出有活动的月份。", "small"))
    out.append(table(["月份", *heads], _rows(months_shown, r.totals, units, month_label), w5, numeric=num, total=True))
    out += h2_table("按图书")
    if r.by_title:
        rows: list[list[object]] = [
            [book_title(x.key) if x.unit in BOOK_UNITS else x.key, thousands(x.books), x.unit, thousands(x.visits)]
            for x in r.by_title
        ]
        for unit, n in r.books_by_unit.items():
            rows.append([f"合计（{unit}）", thousands(n), unit, ""])
        t = table(["图书/物资", "发放数量", "单位", "发放场次"], rows, [0.52, 0.18, 0.12, 0.18], numeric=(1, 3))
        out.append(t)
    else:
        out.append(para("本期未发放图书。", "small"))
    out += _science_stats(r)
    out += _requests(r)
    out += _hours_table("志愿服务时长", r.volunteers, "志愿者")
    out += _hours_table("工作人员工作时长", r.staff, "工作人员")
    if r.volunteers or r.staff:
        out.append(
            para(
                "每人每场的分钟数折合小时，四舍五入取一位小数；每人的小时数和合计为各场之和（与 Excel、CSV、证明相同）。"
                "志愿服务时长只计身份为志愿者的人，工作人员的时长单独列出。",
                "small",
            )
        )
    if r.visits:
        out += h2_table(f"活动明细（{thousands(len(r.visits))} 场）")
        drows: list[list[object]] = [
            [
                v.date,
                v.caravan,
                v.county,
                v.site_name,
                thousands(v.people),
                *[thousands(v.books.get(u, 0)) for u in units],
            ]
            for v in r.visits
        ]
        uw = min(0.12, 0.3 / len(units))
        out.append(
            table(
                ["日期", "大篷车", "县市区", "活动地点", "人次", *[f"发放（{u}）" for u in units]],
                drows,
                [0.12, 0.17, 0.14, 1 - 0.52 - uw * len(units), 0.09, *[uw] * len(units)],
                numeric=tuple(range(4, 5 + len(units))),
            )
        )
    from .photo_pages import highlights_section

    out += highlights_section(r.highlights)
    out.append(spacer(3))
    out.append(para(DEFINITIONS, "small"))
    return out


def _requests(r: PeriodReport) -> list[Flowable]:
    """点单 and 评单: visits that answered a request, and how the schools rated the visits."""
    q = r.ratings
    if q is None:
        return []
    avg = f"，平均 {q.average:.1f} 分" if q.average is not None else ""
    out: list[Flowable] = [
        h2("点单与评价"),
        para(f"完成点单服务 {q.for_requests} 场；收到评价 {q.rated} 份{avg}。", "body"),
    ]
    if q.low:
        rows: list[list[object]] = [[d, site, f"{score} 分", comment or ""] for d, site, score, comment in q.low]
        out.append(table(["日期", "活动地点", "评分", "意见（需回访）"], rows, [0.14, 0.3, 0.1, 0.46]))
    return out


def _hours_table(title: str, lines: list[VolunteerLine], who: str) -> list[Flowable]:
    """Minutes and hours per person; each person's hours and the 合计 are sums of per-visit
    hours (domain/figures.py), so the column adds to its total as printed."""
    if not lines:
        return []
    out: list[Flowable] = [*h2_table(f"{title}（{len(lines)} 名{who}）")]
    rows: list[list[object]] = [
        [v.name, v.team or "—", v.volunteer_no or "—", thousands(v.visits), thousands(v.minutes), f"{v.hours:.1f}"]
        for v in lines
    ]
    total_h = figures.add_hours(v.hours for v in lines)
    rows.append(["合计", "", "", thousands(sum(v.visits for v in lines)), thousands(sum(v.minutes for v in lines)),
                 f"{total_h:.1f}"])  # fmt: skip
    out.append(
        table(
            ["姓名", "服务队", "志愿者编号", "参与场次", "分钟", "小时"],
            rows,
            [0.19, 0.27, 0.2, 0.11, 0.11, 0.12],
            numeric=(3, 4, 5),
            total=True,
        )
    )
    return out


def _mileage(r: PeriodReport) -> list[Flowable]:
    """行驶里程 per van and month: from the odometer at departure and return."""
    out: list[Flowable] = [*h2_table(f"行驶里程（合计 {thousands(r.km_total)} 公里）")]
    if not r.km_rows:
        out.append(para("本期没有登记里程表读数。", "small"))
        return out
    rows: list[list[object]] = [[v, month_label(mth), thousands(km)] for v, mth, km in r.km_rows]
    for v, km in r.km_by_van:
        rows.append([f"{v} 小计", "", thousands(km)])
    rows.append(["合计", "", thousands(r.km_total)])
    out.append(table(["大篷车", "月份", "里程（公里）"], rows, [0.5, 0.25, 0.25], numeric=(2,), total=True))
    out.append(para("里程 = 收车读数 − 出车读数，按天累计；没有活动的出车也计入。", "small"))
    return out


def _science_stats(r: PeriodReport) -> list[Flowable]:
    """科普统计: the indicators the office reports upward, with how each is counted."""
    if not r.stats:
        return []
    out: list[Flowable] = [*h2_table("科普统计")]
    rows: list[list[object]] = [
        [x.code, x.name, x.unit, thousands(x.value) if isinstance(x.value, int) else f"{x.value:.1f}"] for x in r.stats
    ]
    out.append(table(["代码", "指标", "单位", "数值"], rows, [0.1, 0.56, 0.14, 0.2], numeric=(3,)))
    out.append(para("各指标口径见科普统计表（Excel）的“口径说明”列。", "small"))
    return out


def charts(r: PeriodReport) -> list[Flowable]:
    """Charts that suit the period: by month (or year for long ranges) only when there are at
    least two of them, by county only when there are at least two: never a one-bar chart."""
    out: list[Flowable] = []
    if len(r.by_month) > LONG_RANGE_MONTHS:  # bars per month would be unreadable: per year
        years: dict[str, int] = {}
        for x in r.by_month:
            years[x.key[:4]] = years.get(x.key[:4], 0) + x.visits
        out.append(bar_chart("各年活动场次", [f"{y}年" for y in years], list(years.values())))
    elif len(r.by_month) >= 2:
        one_year = r.start[:4] == r.end[:4]
        months = [f"{int(x.key[5:])}月" if one_year else x.key for x in r.by_month]
        out.append(bar_chart("各月活动场次", months, [x.visits for x in r.by_month]))
    if len(r.by_county) >= 2:
        out.append(bar_chart("各县市区服务人次", [x.key for x in r.by_county], [x.people for x in r.by_county]))
    return out


def render_period(r: PeriodReport, out: Path | IO[bytes]) -> list[str]:
    with collect_missing():
        return _render(r, out)


def _render(r: PeriodReport, out: Path | IO[bytes]) -> list[str]:
    return build_pdf(
        out,
        story(r),
        title=f"{r.label}科普大篷车工作统计",
        footer_left=f"工作统计 · {r.label} · {r.scope}",
        footer_right=f"生成于 {r.generated_at}",
    )
