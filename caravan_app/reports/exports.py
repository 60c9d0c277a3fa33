"""The period statistics as tables for offices: XLSX (one sheet per table) and CSV files."""

from __future__ import annotations

from pathlib import Path

from .fmt import hours_column, month_label
from .model import PeriodReport, Row
from .tables import Sheet, write_csv, write_xlsx

HEADS = ["场次", "人次", "发放（册）", "站点数"]


def _rows(rows: list[Row], label: object = None) -> list[list[object]]:
    f = label if callable(label) else (lambda k: k)
    return [[f(x.key), x.visits, x.people, x.books, x.sites] for x in rows]


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
                "发放图书（册）",
                "覆盖学校",
                "覆盖县市区",
                "工作报告摘要",
                "行驶里程（公里）",
            ],
            [
                [
                    r.label,
                    r.scope,
                    r.start,
                    r.end,
                    t.visits,
                    t.people,
                    t.books,
                    r.schools,
                    r.counties,
                    r.paragraph,
                    r.km_total,
                ]
            ],
        ),
        Sheet("按县市区", ["县市区", *HEADS], _rows(r.by_county)),
        Sheet("按车辆", ["大篷车", *HEADS], _rows(r.by_caravan)),
        Sheet("按月份", ["月份", *HEADS], _rows(r.by_month, month_label)),
        Sheet(
            "按图书",
            ["图书/物资", "发放数量", "单位", "发放场次"],
            [[x.key, x.books, x.unit, x.visits] for x in r.by_title],
        ),
        Sheet(
            "活动明细",
            ["日期", "大篷车", "县市区", "活动地点", "活动主题", "人次", "签到人数", "发放（册）"],
            [[v.date, v.caravan, v.county, v.site_name, v.theme, v.people, v.signins, v.books] for v in r.visits],
        ),
        Sheet(
            "志愿服务时长",
            ["姓名", "服务队", "志愿者编号", "参与场次", "时长（分钟）", "时长（小时）"],
            # The same rounding as the PDF (fmt.hours_column): the hours add up to the total.
            [
                [v.name, v.team, v.volunteer_no, v.visits, v.minutes, h]
                for v, h in zip(r.volunteers, hours_column([v.minutes for v in r.volunteers]), strict=True)
            ],
        ),
        Sheet("按人群", ["人群", "人次"], [[g, n] for g, n in r.by_group]),
        Sheet(
            "按乡镇",
            ["县市区", "乡镇（街道）", *HEADS],
            [[x.parent, x.key, x.visits, x.people, x.books, x.sites] for x in r.by_town],
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
