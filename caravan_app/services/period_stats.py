"""Period statistics from per-visit rows: grouping by county, van or month in one pass, and
volunteer hours folded per visit (the SQL sums per visit live in storage/stats_queries.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..domain import figures
from ..domain.duty import Overlap, count_once, intervals
from ..domain.records.catalog import Person
from ..reports import model as rm


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
    town: str | None = None
    activity_kind: str | None = None
    activities: str | None = None
    by_unit: dict[str, int] = field(default_factory=dict)  # copies per unit (``books`` adds them: not printed)


def group_lines(lines: list[PeriodLine], key: Callable[[PeriodLine], str]) -> list[rm.Row]:
    """Visits, people, copies per unit and distinct sites per key (one pass over the period's
    visits). Copies stay per unit (``Row.by_unit``): 册 and 份 are never added."""
    rows: dict[str, rm.Row] = {}
    sites: dict[str, set[str]] = {}
    for x in lines:
        k = key(x)
        r = rows.setdefault(k, rm.Row(k))
        r.visits += 1
        r.people += int(x.people)
        figures.add_units(r.by_unit, x.by_unit)
        sites.setdefault(k, set()).add(x.site_id)
    for k, r in rows.items():
        r.sites = len(sites[k])
    return sorted(rows.values(), key=lambda r: r.key)


def counted_minutes(
    duty: list[tuple[str, str, str, str, str | None]],
) -> tuple[dict[tuple[str, str], int], list[Overlap]]:
    """Minutes per (person, visit) from (visit, person, kind, at, left_at) rows, each visit
    folded like the visit report does and time on duty at two overlapping visits counted once
    (domain/duty.py: the visit that started first keeps the shared time)."""
    per_visit: dict[str, list[tuple[str, str, str]]] = {}
    left: dict[str, str | None] = {}
    for vid, pid, kind, at, left_at in duty:
        per_visit.setdefault(vid, []).append((pid, kind, at))
        left[vid] = left_at
    return count_once({vid: intervals(ev, left[vid]) for vid, ev in per_visit.items()})


def service_lines(
    duty: list[tuple[str, str, str, str, str | None]],
    people: Mapping[str, Person],
    in_scope: set[str] | None = None,
) -> tuple[list[rm.VolunteerLine], list[rm.VolunteerLine]]:
    """(volunteers, staff): minutes and hours per person over the period, each visit folded
    like the visit report does, time at overlapping visits counted once; hours are the sum of
    each visit's rounded hours (domain/figures.py). Only people whose role is volunteer serve
    as volunteers; everyone else on duty (the van's staff) is the second list.
    ``in_scope``: only these visits count (one van's report, overlaps still judged against
    every van)."""
    minutes, _overlaps = counted_minutes(duty)
    per: dict[str, list[int]] = {}
    for (pid, vid), mins in sorted(minutes.items()):
        if mins <= 0 or (in_scope is not None and vid not in in_scope):
            continue  # as on certificates and the hours CSV: a visit with no time is no service
        per.setdefault(pid, []).append(mins)
    vols: list[rm.VolunteerLine] = []
    staff: list[rm.VolunteerLine] = []
    for pid, mins_list in per.items():
        p = people.get(pid)
        role = (p.role or "") if p else ""
        line = rm.VolunteerLine(
            p.name if p else "?",
            (p.team or "") if p else "",
            (p.volunteer_no or "") if p else "",
            len(mins_list),
            sum(mins_list),
            tuple(mins_list),
            role,
            pid,
        )
        (vols if figures.is_volunteer(role) else staff).append(line)

    def key(x: rm.VolunteerLine) -> tuple[float, int, str]:
        return (-x.hours, -x.minutes, x.name)

    return sorted(vols, key=key), sorted(staff, key=key)
