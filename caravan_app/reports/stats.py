"""The national science-popularisation statistics (科普统计) in the survey's shape, from the
period report's own figures (so the sheet and the report can never disagree).

The sheet opens with the form's header block (填报单位, 单位负责人, 填表人, 报出日期), then the
indicators in the survey's sections, each with its 口径 (how it is counted) on the sheet:

- 科普活动: an activity is counted under **every** category it held (a visit recorded as an
  exhibition whose programme also had a lecture counts once under each), so the categories add
  up to more than the activities held; all caravan activities are on site (线下).
  科技活动周 and 全国科普日 are apart: the theme says which ("科普日", "活动周"/"科技周"), else
  the month (September: 全国科普日, otherwise 科技活动周).
- 进校园 / 进乡村 and 青少年: visits at schools, at villages and communities; pupils counted.
- 科普人员: 专职 (staff: crew on duty at least once), 兼职 (volunteers), as the survey defines them.
- 科普读物和资料: one line per unit (册, 份, then any other), never added together.
- 科普宣传专用车: vans out at least once in the period.
- the caravan programme's own year: activities, days in the field and km per van against the
  norms (≥ 120 days and ≥ 10,000 km a van and year), people served.

Hours and people on duty come from the report's volunteer figures (the rules of the hours and
of volunteers versus staff live with them, not here).
"""

from __future__ import annotations

from pathlib import Path

from ..domain import figures
from ..domain.figures import HOURS_PER_PERSON_MONTH
from .model import PeriodReport, StatLine, StatsHeader, SurveyVisit
from .tables import Sheet, write_xlsx

__all__ = ["HOURS_PER_PERSON_MONTH", "person_months", "stat_lines"]

NORM_DAYS = 120  # days in the field a van should reach in a year
NORM_KM = 10_000  # kilometres a van should drive in a year

SCHOOL_KINDS = ("primary_school", "junior_school", "senior_school", "school")
VILLAGE_KINDS = ("village",)
YOUTH_GROUPS = ("小学生", "初中生", "高中生")

# (code, label, ActivityKind value or the science-week split) in the survey's order
CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("A1", "科普（技）讲座", "lecture"),
    ("A2", "科普（技）专题展览", "exhibition"),
    ("A3", "科普（技）竞赛", "contest"),
    ("A4", "科技活动周科普专题活动", "science_week:week"),
    ("A5", "全国科普日活动", "science_week:day"),
    ("A6", "实用技术培训", "training"),
    ("A7", "其他科普活动", "other"),
)


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
    # The survey's combined 读物/资料 figure as a count of kinds: adding 册 to 份 would be no number.
    kinds = sum(1 for t in r.by_title if t.books > 0)
    out.append(
        StatLine(
            f"B{len(out) + 1}", "科普读物和资料品种", "种", kinds, "发放过的图书与资料的品种数；不是册数与份数之和"
        )
    )
    return out


def kinds_held(recorded: str, theme: str | None, activities: str | None) -> tuple[str, ...]:
    """Every survey category a visit held: the one recorded for it, then each other one its
    theme or programme names (a keyword of ``ACTIVITY_KIND_KEYWORDS``)."""
    from ..domain.vocab import ACTIVITY_KIND_KEYWORDS, ActivityKind

    out = [recorded]
    text = f"{theme or ''} {activities or ''}"
    for word, kind in ACTIVITY_KIND_KEYWORDS:
        if word in text and kind.value not in out and word not in ("进校园", "进乡村", "大篷车"):
            out.append(kind.value)
    valid = {k.value for k in ActivityKind}
    return tuple(k for k in out if k in valid)


def science_event(v: SurveyVisit) -> str:
    """ "day" (全国科普日) or "week" (科技活动周) for a science-week activity."""
    if "科普日" in v.theme:
        return "day"
    if "活动周" in v.theme or "科技周" in v.theme:
        return "week"
    return "day" if v.date[5:7] == "09" else "week"


def _category_keys(v: SurveyVisit) -> set[str]:
    keys = set(v.kinds)
    if "science_week" in keys:
        keys.discard("science_week")
        keys.add(f"science_week:{science_event(v)}")
    return keys


def by_category(visits: list[SurveyVisit]) -> list[tuple[str, str, int, int]]:
    """(code, category, activities, people) — each activity under every category it held."""
    out = []
    for code, label, key in CATEGORIES:
        held = [v for v in visits if key in _category_keys(v)]
        out.append((code, label, len(held), sum(v.people for v in held)))
    return out


def van_year(r: PeriodReport) -> list[tuple[str, int, int, int, int]]:
    """(van, activities, days in the field, km, people) per van, by name."""
    vans = sorted({v.caravan for v in r.survey_visits} | set(r.field_days) | {v for v, _km in r.km_by_van})
    km = dict(r.km_by_van)
    out = []
    for van in vans:
        held = [v for v in r.survey_visits if v.caravan == van]
        days = r.field_days.get(van, set()) | {v.date for v in held}
        out.append((van, len(held), len(days), km.get(van, 0), sum(v.people for v in held)))
    return out


def meets(value: int, norm: int) -> str:
    """达标 when a van's year reaches the norm (≥), else 未达标 — the sheet's and the console's word."""
    return "达标" if value >= norm else "未达标"


def stat_lines(r: PeriodReport, crew: int, volunteers: int, registered: int) -> list[StatLine]:
    """The indicator sheet. ``crew``/``volunteers``: people of role crew / volunteer on duty at
    least once in the period; ``registered``: those volunteers with a 志愿者编号."""
    vol_hours = r.volunteer_hours  # the period hours table's 合计 (volunteers only)
    visits = r.survey_visits
    years = van_year(r)
    days = sum(d for _v, _n, d, _km, _p in years)
    out = [
        StatLine("H1", "开展活动次数", "次", r.totals.visits, "统计期内已完成的活动（场次），取消或未完成的不计"),
        StatLine("H2", "行驶里程", "公里", r.km_total, "各车每天收车读数减出车读数之和（含没有活动的出车）"),
        StatLine(
            "H3", "服务公众人次", "人次", r.totals.people, "各场活动按人群清点人数之和；个人签到为名单，不重复计入"
        ),
        StatLine("H4", "出车天数", "天", days, "各车有活动或有里程表读数的不同日期数之和（一车一天计一天）"),
        StatLine("H5", "其中：线下活动次数", "次", r.totals.visits, "大篷车活动均在现场开展，全部计为线下"),
    ]
    for code, label, n, people in by_category(visits):
        note = "一场活动开展了几类就分别计入几类，各类之和可大于开展活动次数"
        if code == "A4":
            note = "主题含“活动周/科技周”的活动；主题未写明的按月份（9月计全国科普日，其余计科技活动周）"
        elif code == "A5":
            note = "主题含“科普日”的活动；主题未写明、在9月开展的科技活动周类活动也计入"
        out.append(StatLine(f"{code}a", f"{label}：举办次数", "次", n, note))
        out.append(StatLine(f"{code}b", f"{label}：参加人次", "人次", people, "上述活动的服务人次之和"))
    school = [v for v in visits if v.site_kind in SCHOOL_KINDS]
    village = [v for v in visits if v.site_kind in VILLAGE_KINDS]
    youth = sum(n for g, n in r.by_group if g in YOUTH_GROUPS)
    out += [
        StatLine("J1", "进校园活动次数", "次", len(school), "站点类型为小学、初中、高中或学校的已完成活动"),
        StatLine("J2", "进校园活动参加人次", "人次", sum(v.people for v in school), "上述活动的服务人次之和"),
        StatLine("J3", "进乡村（社区）活动次数", "次", len(village), "站点类型为村/社区的已完成活动"),
        StatLine("J4", "进乡村（社区）活动参加人次", "人次", sum(v.people for v in village), "上述活动的服务人次之和"),
        StatLine("J5", "青少年参加人次", "人次", youth, "各场活动清点的小学生、初中生、高中生人数之和"),
        StatLine(
            "P1", "科普专职人员", "人", crew,
            "从事科普工作时间占全部工作时间60%及以上的人员：身份为车组人员（工作人员）、统计期内有上岗时长的人数",
        ),
        StatLine(
            "P2", "科普兼职人员（志愿者）", "人", volunteers,
            "在本职工作之外参与科普活动的人员：身份为志愿者、统计期内有上岗时长的人数",
        ),
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
            "科普兼职人员年度实际投入工作量",
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
        StatLine("V1", "科普宣传专用车", "辆", len(years), "统计期内至少出车一次（有活动或里程表读数）的科普大篷车"),
        StatLine("S1", "覆盖学校", "所", r.schools, "站点类型为学校的不同站点"),
        StatLine("S2", "覆盖县市区", "个", r.counties, "活动站点所在的不同县市区（含功能区）"),
    ]  # fmt: skip
    return out


def _header_rows(h: StatsHeader | None, r: PeriodReport) -> list[tuple[str, str]]:
    h = h or StatsHeader("", "", "", "", "")
    return [
        ("填报单位", h.unit or "（未设置出具单位）"),
        ("单位负责人", h.head or "—"),
        ("填表人", h.filler or "—"),
        ("联系电话", h.phone or "—"),
        ("报出日期", h.reported_on or "—"),
        ("统计期", f"{r.label}（{r.start}～{r.end}）  统计范围：{r.scope}"),
        ("统计口径", r.counts),
    ]


def stats_sheets(r: PeriodReport, header: StatsHeader | None = None) -> list[Sheet]:
    lines = [[x.code, x.name, x.unit, x.value, x.definition] for x in r.stats]
    years = van_year(r)
    van_rows = [
        [van, n, days, km, people, meets(days, NORM_DAYS), meets(km, NORM_KM)] for van, n, days, km, people in years
    ]
    return [
        Sheet(
            "科普统计",
            ["指标代码", "指标", "单位", "数值", "口径说明"],
            lines,
            total=False,
            preamble=_header_rows(header, r),
        ),  # fmt: skip
        Sheet(
            "大篷车年度运行",
            [
                "大篷车",
                "活动场次",
                "出车天数",
                "行驶里程（公里）",
                "服务人次",
                f"出车天数（≥{NORM_DAYS}天）",
                f"行驶里程（≥{NORM_KM:,}公里）",
            ],
            van_rows,
        ),  # fmt: skip
        # An activity is counted under every category it held: the column does not add up.
        Sheet(
            "按活动类别",
            ["活动类别", "举办次数", "参加人次"],
            [[label, n, people] for _c, label, n, people in by_category(r.survey_visits)],
            total=False,
        ),
        Sheet("行驶里程", ["大篷车", "月份", "里程（公里）"], [[v, mth, km] for v, mth, km in r.km_rows]),
    ]


def export_stats_xlsx(r: PeriodReport, path: Path, header: StatsHeader | None = None) -> Path:
    return write_xlsx(Path(path), stats_sheets(r, header), title="科普大篷车", period=f"{r.label} {r.start}～{r.end}")
