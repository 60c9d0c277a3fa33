"""Period statistics from per-visit rows: grouping by county, van or month in one pass, and
volunteer hours folded per visit (the SQL sums per visit live in storage/stats_queries.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..domain.duty import Overlap, count_once, intervals
from ..domain.vocab import DutyKind
from ..reports import model as rm
from ..storage import models as m


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
    activity_kind: str | None = None  # r17
    activities: str | None = None


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


def duty_minutes(events: list[tuple[str, str, str]], until: str | None = None) -> dict[str, int]:
    """Whole minutes on duty per person at one visit, folded like ``visits.duty_hours`` (only
    state changes count; an "on" without "off" counts until ``until``), rounded once per person
    and visit, so the visit report, the period table and the exports add the same minutes."""
    started: dict[str, dt.datetime] = {}
    total: dict[str, float] = {}
    for pid, kind, at in events:
        t = dt.datetime.fromisoformat(at)
        if kind == DutyKind.ON:
            started.setdefault(pid, t)
        elif pid in started:
            total[pid] = total.get(pid, 0.0) + (t - started.pop(pid)).total_seconds()
        total.setdefault(pid, 0.0)
    if until:
        end = dt.datetime.fromisoformat(until)
        for pid, t in started.items():
            total[pid] = total.get(pid, 0.0) + max(0.0, (end - t).total_seconds())
    return {k: int(v // 60 + (1 if v % 60 >= 30 else 0)) for k, v in total.items()}


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


def volunteer_lines(
    duty: list[tuple[str, str, str, str, str | None]],
    people: dict[str, m.Person],
    in_scope: set[str] | None = None,
) -> list[rm.VolunteerLine]:
    """Hours per person over the period, each visit folded like the visit report does, time at
    overlapping visits counted once; ``in_scope``: only these visits count (one van's report,
    overlaps still judged against every van)."""
    minutes, _overlaps = counted_minutes(duty)
    total: dict[str, int] = {}
    visits: dict[str, int] = {}
    for (pid, vid), mins in minutes.items():
        if in_scope is not None and vid not in in_scope:
            continue
        total[pid] = total.get(pid, 0) + mins
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
                h,
            )
        )
    return sorted(out, key=lambda x: (-x.minutes, x.name))
