"""The period statistics as tables for offices: XLSX (one sheet per table) and CSV files."""

from __future__ import annotations

from pathlib import Path

from ..domain import figures
from .fmt import month_label
from .model import PeriodReport, Row, VolunteerLine
from .tables import Sheet, write_csv, write_xlsx

HOURS_HEADS = ["姓名", "服务队", "志愿者编号", "参与场次", "时长（分钟）", "时长（小时）"]


def _units(r: PeriodReport) -> list[str]:
    return r.units or ["册"]


def _heads(r: PeriodReport) -> list[str]:
    """场次, 人次, one column per unit handed out (发放图书（册）, 发放资料（份）…), 站点数."""
    return ["场次", "人次", *[figures.unit_heading(u) for u in _units(r)], "站点数"]


def _rows(r: PeriodReport, rows: list[Row], label: object = None) -> list[list[object]]:
    f = label if callable(label) else (lambda k: k)
    units = _units(r)
    return [[f(x.key), x.visits, x.people, *[x.by_unit.get(u, 0) for u in units], x.sites] for x in rows]


def hours_rows(lines: list[VolunteerLine]) -> list[list[object]]:
    """Per person: minutes, and hours as the sum of each visit's rounded hours (domain/figures.py):
    the same figure as the PDF, the certificates and the volunteer record."""
    return [[v.name, v.team, v.volunteer_no, v.visits, v.minutes, v.hours] for v in lines]


def period_sheets(r: PeriodReport) -> list[Sheet]:
    """The same figures as the PDF, as plain numbers (so Excel can sum them)."""
    t = r.totals
    return [
        Sheet(
            "汇总",
            [
                "统计期",
                "范围",
                "开始日期",
                "结束日期",
                "活动场次",
                "服务人次",
                *[figures.unit_heading(u) for u in _units(r)],
                "覆盖学校",
                "覆盖县市区",
                "工作报告摘要",
                "行驶里程（公里）",
                "志愿者人数",
                "志愿服务时长（小时）",
                "工作人员人数",
                "工作人员工作时长（小时）",
                "统计口径",
            ],
            [
                [
                    r.label,
                    r.scope,
                    r.start,
                    r.end,
                    t.visits,
                    t.people,
                    *[r.books_by_unit.get(u, 0) for u in _units(r)],
                    r.schools,
                    r.counties,
                    r.paragraph,
                    r.km_total,
                    len(r.volunteers),
                    r.volunteer_hours,
                    len(r.staff),
                    r.staff_hours,
                    r.counts,
                ]
            ],
        ),
        Sheet("按县市区", ["县市区", *_heads(r)], _rows(r, r.by_county)),
        Sheet("按车辆", ["大篷车", *_heads(r)], _rows(r, r.by_caravan)),
        Sheet("按月份", ["月份", *_heads(r)], _rows(r, r.by_month, month_label)),
        Sheet(
            "按图书",
            ["图书/物资", "发放数量", "单位", "发放场次"],
            [[x.key, x.books, x.unit, x.visits] for x in r.by_title],
        ),
        Sheet(
            "活动明细",
            [
                "日期",
                "大篷车",
                "县市区",
                "活动地点",
                "活动主题",
                "人次",
                "签到人数",
                *[figures.unit_heading(u) for u in _units(r)],
            ],
            [
                [
                    v.date,
                    v.caravan,
                    v.county,
                    v.site_name,
                    v.theme,
                    v.people,
                    v.signins,
                    *[v.books.get(u, 0) for u in _units(r)],
                ]
                for v in r.visits
            ],
        ),
        # volunteers only (role volunteer): the platform's and the certificates' figure
        Sheet("志愿服务时长", HOURS_HEADS, hours_rows(r.volunteers)),
        Sheet("工作人员工作时长", HOURS_HEADS, hours_rows(r.staff)),
        Sheet("按人群", ["人群", "人次"], [[g, n] for g, n in r.by_group]),
        Sheet(
            "按乡镇",
            ["县市区", "乡镇（街道）", *_heads(r)],
            [
                [x.parent, x.key, x.visits, x.people, *[x.by_unit.get(u, 0) for u in _units(r)], x.sites]
                for x in r.by_town
            ],
        ),
        Sheet("未开展活动的乡镇", ["县市区", "乡镇（街道）"], [[c, t] for c, t in r.towns_not_visited]),
        # r17: mileage per van and month, activities by statistics category
        Sheet("行驶里程", ["大篷车", "月份", "里程（公里）"], [[v, month_label(mth), km] for v, mth, km in r.km_rows]),
        Sheet("按活动类别", ["活动类别", "举办次数", "参加人次"], [list(x) for x in r.by_kind], total=False),
    ]


def export_xlsx(r: PeriodReport, path: Path) -> Path:
    return write_xlsx(Path(path), period_sheets(r), title="科普大篷车统计", period=f"{r.label} {r.start}～{r.end}")


def export_csv(r: PeriodReport, folder: Path) -> list[Path]:
    """One UTF-8-with-BOM CSV per table, named after it (按县市区.csv …)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_csv(folder / f"{sh.name}.csv", sh.headers, sh.rows) for sh in period_sheets(r)]
