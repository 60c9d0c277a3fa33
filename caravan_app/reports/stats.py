"""The national science-popularisation statistics (科普统计) as the office fills them in, from
the period report's own figures (so the sheet and the report can never disagree).

Every indicator carries its definition (also in docs/reports.md, "科普统计"). The headline
figures the caravan programme reports per van and year come first: activities held, kilometres
driven, people served.
"""

from __future__ import annotations

from pathlib import Path

from ..domain import figures
from ..domain.figures import HOURS_PER_PERSON_MONTH
from .model import PeriodReport, StatLine
from .tables import Sheet, write_xlsx

__all__ = ["HOURS_PER_PERSON_MONTH", "person_months", "stat_lines"]


def person_months(hours: float) -> float:
    """Person-months (人月) from printed hours (figures.person_months), one decimal."""
    return figures.person_months(hours)


def book_lines(r: PeriodReport) -> list[StatLine]:
    """B1 books (册), B2 materials (份), then one line per other unit (本, 套 …): a unit is
    never added into another's figure."""
    out = [
        StatLine(
            "B1", "科普图书发放", "册", r.books_by_unit.get("册", 0), "活动中发放的单位为“册”的图书，扣除撤销与退回"
        ),
        StatLine(
            "B2", "科普资料发放", "份", r.books_by_unit.get("份", 0), "活动中发放的单位为“份”的资料，扣除撤销与退回"
        ),
    ]
    others = [u for u in r.units if u not in ("册", "份")]
    for i, u in enumerate(others, 3):
        kind = "图书" if figures.is_book(u) else "物资"
        out.append(
            StatLine(
                f"B{i}", f"科普{kind}发放（{u}）", u, r.books_by_unit[u], f"单位为“{u}”的{kind}，单独计数，不并入册或份"
            )
        )
    return out


def stat_lines(r: PeriodReport, crew: int, volunteers: int, registered: int) -> list[StatLine]:
    """The indicator sheet. ``crew``/``volunteers``: people of role crew / volunteer on duty at
    least once in the period; ``registered``: those volunteers with a 志愿者编号."""
    vol_hours = r.volunteer_hours  # the period hours table's 合计 (volunteers only)
    out = [
        StatLine("H1", "开展活动次数", "次", r.totals.visits, "统计期内已完成的活动（场次），取消或未完成的不计"),
        StatLine("H2", "行驶里程", "公里", r.km_total, "各车每天收车读数减出车读数之和（含没有活动的出车）"),
        StatLine(
            "H3", "服务公众人次", "人次", r.totals.people, "各场活动按人群清点人数之和；个人签到为名单，不重复计入"
        ),
    ]
    for i, (name, visits, people) in enumerate(r.by_kind, 1):
        out.append(StatLine(f"A{i}a", f"{name}：举办次数", "次", visits, f"活动类别为“{name}”的已完成活动"))
        out.append(StatLine(f"A{i}b", f"{name}：参加人次", "人次", people, "上述活动的服务人次之和"))
    out += [
        StatLine("P1", "科普专职人员", "人", crew, "身份为车组人员（工作人员）、统计期内有上岗时长的人数"),
        StatLine("P2", "科普兼职人员（志愿者）", "人", volunteers, "身份为志愿者、统计期内有上岗时长的人数"),
        StatLine("P3", "其中：注册科普志愿者", "人", registered, "P2 中登记了志愿者编号的人数"),
        StatLine(
            "P4",
            "志愿服务时长",
            "小时",
            vol_hours,
            "只计身份为志愿者的人：每人每场上岗到离岗的分钟数（重叠时间只计一次）折合小时、四舍五入取一位小数，再逐场相加；"
            "工作人员的时长不计入（见 P6）",
        ),
        StatLine(
            "P5",
            "年度实际投入工作量",
            "人月",
            person_months(vol_hours),
            f"P4 志愿服务时长 ÷ {HOURS_PER_PERSON_MONTH} 小时（每人月 21.75 个工作日 × 8 小时），取一位小数",
        ),
        StatLine(
            "P6",
            "工作人员工作时长",
            "小时",
            r.staff_hours,
            "身份为车组人员（工作人员）的上岗时长，规则同 P4；是工作时间，不是志愿服务",
        ),
        *book_lines(r),
        StatLine("S1", "覆盖学校", "所", r.schools, "站点类型为学校的不同站点"),
        StatLine("S2", "覆盖县市区", "个", r.counties, "活动站点所在的不同县市区（含功能区）"),
    ]
    return out


def stats_sheets(r: PeriodReport) -> list[Sheet]:
    lines = [[x.code, x.name, x.unit, x.value, x.definition] for x in r.stats]
    return [
        Sheet("科普统计", ["指标代码", "指标", "单位", "数值", "口径说明"], lines),
        # An activity is counted under every category it held: the column does not add up.
        Sheet("按活动类别", ["活动类别", "举办次数", "参加人次"], [list(x) for x in r.by_kind], total=False),
        Sheet("行驶里程", ["大篷车", "月份", "里程（公里）"], [[v, mth, km] for v, mth, km in r.km_rows]),
    ]


def export_stats_xlsx(r: PeriodReport, path: Path) -> Path:
    return write_xlsx(Path(path), stats_sheets(r), title="科普大篷车", period=f"{r.label} {r.start}～{r.end}")
