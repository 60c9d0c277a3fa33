"""Volunteer hours (志愿服务时长) per person and visit, and the CSV the volunteer platform takes.

Hours come from crew duty events (a badge scanned on and off) at completed visits; a person
still on duty when the visit completes is taken off at the leave time by VisitService.complete.
Minutes per (person, visit) are counted once over overlapping visits (domain/duty.py), by the
same fold as the period report (``period_stats.counted_minutes`` over the same duty rows), and
hours are derived by the one rule (domain/figures.py). Volunteer service is the time of people
whose role is volunteer; staff time is asked for explicitly (``volunteers_only=False``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain import figures, rules
from ..domain.vocab import VisitStatus
from ..reports.tables import write_csv
from ..storage import stats_queries as sq
from .catalog import CatalogService
from .period_stats import counted_minutes
from .visits import VisitService

CSV_HEADERS = ("姓名", "志愿者编号", "日期", "活动", "服务时长(小时)")
FIRST_DAY, LAST_DAY = "0001-01-01", "9999-12-31"


@dataclass(frozen=True)
class HoursRow:
    person_id: str
    name: str
    volunteer_no: str | None
    date: str
    visit_id: str
    visit: str  # site name and theme, as people know the event
    hours: float  # figures.hours(minutes): the hours every paper prints for this service
    minutes: int = 0  # whole minutes; overlapping visits counted once
    site: str = ""
    content: str = ""  # the theme and activities: what the service was
    role: str = figures.VOLUNTEER


class VolunteerHoursService:
    def __init__(self, visits: VisitService, catalog: CatalogService) -> None:
        self.visits = visits
        self.catalog = catalog

    def rows(
        self,
        start: object = None,
        end: object = None,
        person_id: str | None = None,
        volunteers_only: bool = True,
    ) -> list[HoursRow]:
        """One row per person and completed visit with time > 0, by date, visit, then name.
        Minutes are folded per visit like the visit report; time on duty at two overlapping
        visits counts once, for the visit that started first (domain/duty.py; ``caravan check``
        flags it). ``volunteers_only``: only people whose role is volunteer (volunteer service);
        False adds the staff's time (a 工作时长证明 asked for explicitly)."""
        a = rules.date("from", start) if start not in (None, "") else FIRST_DAY
        b = rules.date("to", end) if end not in (None, "") else LAST_DAY
        people = {p.id: p for p in self.catalog.people()}
        visits = {v.id: v for v in self.visits.list(start, end, status=VisitStatus.COMPLETED.value)}
        with self.visits.read() as s:
            duty = sq.period_duty_events(s, a, b, None)
        minutes, _overlaps = counted_minutes(duty)
        out: list[HoursRow] = []
        for (pid, vid), mins in minutes.items():
            p = people.get(pid)
            if p is None or mins <= 0 or vid not in visits or (person_id and pid != person_id):
                continue
            if volunteers_only and not figures.is_volunteer(p.role):
                continue
            v = visits[vid]
            label = v.site_name + (f"·{v.theme}" if v.theme else "")
            content = "；".join(x for x in (v.theme, v.activities) if x) or "科普志愿服务"
            out.append(
                HoursRow(
                    pid,
                    p.name,
                    p.volunteer_no,
                    v.date,
                    vid,
                    label,
                    figures.hours(mins),
                    mins,
                    v.site_name,
                    content,
                    p.role or "",
                )
            )
        out.sort(key=lambda r: (r.date, r.visit, r.name))
        return out

    def export_csv(self, path: Path, start: object = None, end: object = None) -> int:
        """Write the platform CSV (UTF-8 with BOM): volunteers only, hours as on every paper
        (one decimal, figures.hours); returns the number of rows."""
        rows = self.rows(start, end)
        write_csv(
            Path(path),
            CSV_HEADERS,
            ([r.name, r.volunteer_no or "", r.date, r.visit, figures.hours_text(r.hours)] for r in rows),
        )
        return len(rows)
