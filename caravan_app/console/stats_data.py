"""The 统计 page's figures: the laptop's own period report, 科普统计 and norms over the office
read model (a ``services.App``), scoped to what the viewer may see. Nothing is summed here:
every figure is one the laptop's reports print (``ReportService.period_data``), the registry's
(``SiteService``) or a norm verdict of ``reports/stats.py``; the page only lays them out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..domain import rules
from ..domain.errors import ValidationError
from ..reports import model as rm
from ..reports.fmt import month_label
from ..reports.stats import NORM_DAYS, NORM_KM, SCHOOL_KINDS, meets, van_year
from ..services.app import App
from . import charts_svg

STALE_LIMIT = 20  # schools listed under "not visited for the longest time"


@dataclass(frozen=True)
class Scope:
    """What a statistics page covers: a period, and optionally one van and/or one county."""

    start: str
    end: str
    caravan_id: str | None = None
    county: str | None = None

    @property
    def year(self) -> int:
        return int(self.end[:4])


@dataclass(frozen=True)
class VanNorm:
    """One van's year against the programme's norms (≥ 120 days, ≥ 10,000 km)."""

    van: str
    activities: int
    days: int
    km: int
    people: int
    days_verdict: str  # 达标 / 未达标
    km_verdict: str


@dataclass(frozen=True)
class TownLine:
    county: str
    town: str
    sites: int
    visited: int
    not_visited: tuple[str, ...]


@dataclass(frozen=True)
class StaleSite:
    name: str
    county: str
    town: str
    last_visit: str | None
    days_since: int | None  # None: never visited


@dataclass(frozen=True)
class Chart:
    key: str
    svg: str


@dataclass(frozen=True)
class StatsPage:
    scope: Scope
    report: rm.PeriodReport  # the period, as the laptop's period PDF/XLSX print it
    year: rm.PeriodReport  # the scope's calendar year: the 科普统计 sheet and the norms
    norms: list[VanNorm]
    towns: list[TownLine]
    stale: list[StaleSite]
    charts: list[Chart]
    norm_days: int = NORM_DAYS
    norm_km: int = NORM_KM


def scope(start: object, end: object, caravan_id: str | None = None, county: str | None = None) -> Scope:
    a, b = rules.date("from", start), rules.date("to", end)
    if a > b:
        raise ValidationError("to", "结束日期早于开始日期，请改正统计期", "the end date is before the start date")
    return Scope(a, b, caravan_id or None, rules.county(county) if county else None)


def norms(year: rm.PeriodReport) -> list[VanNorm]:
    return [
        VanNorm(van, n, days, km, people, meets(days, NORM_DAYS), meets(km, NORM_KM))
        for van, n, days, km, people in van_year(year)
    ]


def charts(r: rm.PeriodReport, vans: list[VanNorm]) -> list[Chart]:
    """The period PDF's charts (by month, by county; never a one-bar chart) plus each van's
    days and km against the norm lines."""
    out = []
    if len(r.by_month) >= 2:
        one_year = r.start[:4] == r.end[:4]
        labels = [f"{int(x.key[5:])}月" if one_year else month_label(x.key) for x in r.by_month]
        out.append(Chart("month", charts_svg.bar_chart("各月活动场次", labels, [x.visits for x in r.by_month])))
    if len(r.by_county) >= 2:
        out.append(
            Chart(
                "county",
                charts_svg.bar_chart("各县市区服务人次", [x.key for x in r.by_county], [x.people for x in r.by_county]),
            )
        )
    if vans:
        names = [v.van for v in vans]
        out.append(
            Chart(
                "days",
                charts_svg.bar_chart(
                    "各车出车天数", names, [v.days for v in vans], norm=NORM_DAYS, norm_label=f"≥{NORM_DAYS}天"
                ),
            )
        )
        out.append(
            Chart(
                "km",
                charts_svg.bar_chart(
                    "各车行驶里程（公里）", names, [v.km for v in vans], norm=NORM_KM, norm_label=f"≥{NORM_KM:,}公里"
                ),
            )
        )
    return out


class StatsData:
    """The 统计 page over one office read model."""

    def __init__(self, app: App) -> None:
        self.app = app

    def page(self, sc: Scope) -> StatsPage:
        r = self.app.reports.period_data(sc.start, sc.end, sc.caravan_id, sc.county)
        y = self.app.reports.period_data(f"{sc.year:04d}-01-01", f"{sc.year:04d}-12-31", sc.caravan_id, sc.county)
        vans = self.norms(sc, y)
        return StatsPage(sc, r, y, vans, self.towns(sc.county, sc.year), self.stale(sc.county), charts(r, vans))

    def norms(self, sc: Scope, year: rm.PeriodReport) -> list[VanNorm]:
        """Each van's year against the norms. A county's page: the vans based there, each over
        its whole year (a norm is per van, not per place)."""
        if sc.county is None or sc.caravan_id is not None:
            return norms(year)
        out: list[VanNorm] = []
        for c in self.app.catalog.caravans():
            if c.home_county == sc.county:
                own = self.app.reports.period_data(f"{sc.year:04d}-01-01", f"{sc.year:04d}-12-31", c.id)
                out += norms(own)
        return sorted(out, key=lambda v: v.van)

    def towns(self, county: str | None = None, year: int | None = None) -> list[TownLine]:
        """Coverage in a year (default this one) by county and town, from the site registry."""
        return [
            TownLine(t.county or "", t.town or "", t.sites, t.visited, t.not_visited)
            for t in self.app.sites.town_coverage(year)
            if county is None or t.county == county
        ]

    def stale(self, county: str | None = None, limit: int = STALE_LIMIT) -> list[StaleSite]:
        """The schools not visited for the longest time (never visited first)."""
        today = self.app.clock.today()
        out = []
        for s in self.app.sites.longest_unvisited(SCHOOL_KINDS, county, limit):
            last = s.last_visit
            days = (today - dt.date.fromisoformat(last)).days if last else None
            out.append(StaleSite(s.name, s.county or "", s.town or "", last, days))
        return out

    # --- the laptop's own files ---------------------------------------------------------------

    def period_pdf(self, sc: Scope, out: Path) -> Path:
        self.app.reports.period_files(sc.start, sc.end, pdf=out, caravan_id=sc.caravan_id, county=sc.county)
        return out

    def period_xlsx(self, sc: Scope, out: Path) -> Path:
        self.app.reports.period_files(sc.start, sc.end, xlsx=out, caravan_id=sc.caravan_id, county=sc.county)
        return out

    def stats_xlsx(self, sc: Scope, out: Path) -> Path:
        self.app.reports.stats_xlsx(sc.year, out, sc.caravan_id, sc.county)
        return out


@dataclass(frozen=True)
class ListTable:
    """A downloadable list: a sheet name, its column headings and its rows (cells as shown)."""

    name: str
    headers: tuple[str, ...]
    rows: list[tuple[object, ...]]


def coverage_list(towns: list[TownLine]) -> ListTable:
    return ListTable(
        "覆盖情况",
        ("县市区", "乡镇（街道）", "站点数", "本年已开展活动的站点", "本年未开展活动的站点"),
        [(t.county, t.town or "（未填乡镇）", t.sites, t.visited, "、".join(t.not_visited)) for t in towns],
    )
