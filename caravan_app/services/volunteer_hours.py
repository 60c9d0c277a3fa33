"""Volunteer hours (志愿服务时长) per person and visit, and the CSV the volunteer platform takes.

Hours come from crew duty events (a badge scanned on and off); a volunteer still on duty when
the visit completes is taken off at the leave time by VisitService.complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..domain.duty import Overlap, count_once, intervals
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
    minutes: int = 0  # whole minutes (hours = minutes / 60); overlapping visits counted once
    site: str = ""
    content: str = ""  # the theme and activities: what the service was


class VolunteerHoursService:
    def __init__(self, visits: VisitService, catalog: CatalogService) -> None:
        self.visits = visits
        self.catalog = catalog

    def rows(self, start: object = None, end: object = None, person_id: str | None = None) -> list[HoursRow]:
        """One row per person and visit with time > 0, by date, visit, then name. Minutes are
        folded per visit like the visit report; time on duty at two overlapping visits counts
        once, for the visit that started first (domain/duty.py; ``caravan check`` flags it)."""
        people = {p["id"]: p for p in self.catalog.people()}
        visits = {v["id"]: v for v in self.visits.list(start, end) if v["status"] != VisitStatus.CANCELLED}
        minutes, _overlaps = self.counted(list(visits))
        out: list[HoursRow] = []
        for (pid, vid), mins in minutes.items():
            p = people.get(pid)
            if p is None or mins <= 0 or (person_id and pid != person_id):
                continue
            v = visits[vid]
            label = v["site_name"] + (f"·{v['theme']}" if v.get("theme") else "")
            content = "；".join(x for x in (v.get("theme"), v.get("activities")) if x) or "科普志愿服务"
            out.append(
                HoursRow(
                    pid,
                    p["name"],
                    p.get("volunteer_no"),
                    v["date"],
                    vid,
                    label,
                    round(mins / 60, 2),
                    mins,
                    v["site_name"],
                    content,
                )
            )
        out.sort(key=lambda r: (r.date, r.visit, r.name))
        return out

    def counted(self, visit_ids: list[str]) -> tuple[dict[tuple[str, str], int], list[Overlap]]:
        """Minutes per (person, visit) over these visits, overlaps counted once, and the overlaps."""
        per_visit = {}
        for vid in visit_ids:
            v = self.visits.get(vid)
            events = self.visits.duty_events(vid)
            per_visit[vid] = intervals(events, (v or {}).get("left_at") or None)
        return count_once(per_visit)

    def export_csv(self, path: Path, start: object = None, end: object = None) -> int:
        """Write the platform CSV (UTF-8 with BOM); returns the number of rows."""
        rows = self.rows(start, end)
        write_csv(
            Path(path),
            CSV_HEADERS,
            ([r.name, r.volunteer_no or "", r.date, r.visit, f"{r.hours:.2f}"] for r in rows),
        )
        return len(rows)
