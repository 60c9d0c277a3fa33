"""Volunteer hours (志愿服务时长) per person and visit, and the CSV the volunteer platform takes.

Hours come from crew duty events (a badge scanned on and off); a volunteer still on duty when
the visit completes is taken off at the leave time by VisitService.complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.vocab import VisitStatus
from ..reports.tables import write_csv
from .catalog import CatalogService
from .visits import VisitService

CSV_HEADERS = ("姓名", "志愿者编号", "日期", "活动", "服务时长(小时)")


@dataclass(frozen=True)
class HoursRow:
    person_id: str
    name: str
    volunteer_no: str | None
    date: str
    visit_id: str
    visit: str  # site name and theme, as people know the event
    hours: float


class VolunteerHoursService:
    def __init__(self, visits: VisitService, catalog: CatalogService) -> None:
        self.visits = visits
        self.catalog = catalog

    def rows(self, start: object = None, end: object = None) -> list[HoursRow]:
        """One row per person and visit with hours > 0, by date, visit, then name."""
        people = {p["id"]: p for p in self.catalog.people()}
        out: list[HoursRow] = []
        for v in self.visits.list(start, end):
            if v["status"] == VisitStatus.CANCELLED:
                continue
            label = v["site_name"] + (f"·{v['theme']}" if v.get("theme") else "")
            for pid, hours in self.visits.crew_hours(v["id"]).items():
                p = people.get(pid)
                if p is None or hours <= 0:
                    continue
                out.append(HoursRow(pid, p["name"], p.get("volunteer_no"), v["date"], v["id"], label, hours))
        out.sort(key=lambda r: (r.date, r.visit, r.name))
        return out

    def export_csv(self, path: Path, start: object = None, end: object = None) -> int:
        """Write the platform CSV (UTF-8 with BOM); returns the number of rows."""
        rows = self.rows(start, end)
        write_csv(
            Path(path),
            CSV_HEADERS,
            ([r.name, r.volunteer_no or "", r.date, r.visit, f"{r.hours:.2f}"] for r in rows),
        )
        return len(rows)
