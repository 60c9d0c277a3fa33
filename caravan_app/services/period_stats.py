"""Period statistics from per-visit rows: grouping by county, van or month in one pass, and
volunteer hours folded per visit (the SQL sums per visit live in storage/stats_queries.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..reports import model as rm
from ..storage import models as m
from .visits import duty_hours


@dataclass(frozen=True)
class PeriodLine:
    """One completed visit of a period with its per-visit sums (from ``period_visits``)."""

    id: str
    date: str
    caravan_id: str
    site_id: str
    county: str | None
    kind: str | None
    site_name: str | None
    theme: str | None
    people: int
    books: int
    signins: int


def group_lines(lines: list[PeriodLine], key: Callable[[PeriodLine], str]) -> list[rm.Row]:
    """Visits, people, books and distinct sites per key (one pass over the period's visits)."""
    rows: dict[str, rm.Row] = {}
    sites: dict[str, set[str]] = {}
    for x in lines:
        k = key(x)
        r = rows.setdefault(k, rm.Row(k))
        r.visits += 1
        r.people += int(x.people)
        r.books += int(x.books)
        sites.setdefault(k, set()).add(x.site_id)
    for k, r in rows.items():
        r.sites = len(sites[k])
    return sorted(rows.values(), key=lambda r: r.key)


def volunteer_lines(
    duty: list[tuple[str, str, str, str, str | None]], people: dict[str, m.Person]
) -> list[rm.VolunteerLine]:
    """Hours per person over the period, each visit folded like the visit report does."""
    per_visit: dict[str, list[tuple[str, str, str]]] = {}
    left: dict[str, str | None] = {}
    for vid, pid, kind, at, left_at in duty:
        per_visit.setdefault(vid, []).append((pid, kind, at))
        left[vid] = left_at
    total: dict[str, float] = {}
    visits: dict[str, int] = {}
    for vid, events in per_visit.items():
        for pid, h in duty_hours(events, left[vid]).items():
            total[pid] = total.get(pid, 0.0) + h
            visits[pid] = visits.get(pid, 0) + 1
    out = []
    for pid, h in total.items():
        p = people.get(pid)
        out.append(
            rm.VolunteerLine(
                p.name if p else "?",
                (p.team or "") if p else "",
                (p.volunteer_no or "") if p else "",
                visits[pid],
                round(h, 2),
            )
        )
    return sorted(out, key=lambda x: (-x.hours, x.name))
