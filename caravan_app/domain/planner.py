"""The season planner: which van visits which requesting school on which day.

Plain Python, no solver: a cost-ordered heuristic measured against a first-fit greedy baseline and
against a CP-SAT model in ``benchmarks/bench_planner.py`` (docs/benchmarks.md, "Planner").

The rules every plan keeps (``violations`` checks them, the property test runs it on random
instances):

- a request is planned at most once, on a day inside its window;
- the day is open: not a weekend (unless the calendar allows them), not a closed day of the
  calendar (school holidays, exam weeks) for a school, not a day the van is unavailable;
- a van does one visit a day, or two half-day visits whose sites are close (``CLOSE_KM``).

What it aims for, in order: as many requests inside their window as possible; fair service
(while the vans cannot serve everyone, the next place goes to the county served least so far);
fewer kilometres (each van leaves from and returns to its home; two half-days share one trip);
stability (a re-plan keeps every earlier assignment that is still valid, and moves at most one
other request to make room for each one that no longer fits, so one change moves a few at most); and, between equally good choices, the
van furthest behind its yearly norm (``NORM_DAYS`` days in the field, ``NORM_KM`` km).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

NORM_DAYS = 120  # days in the field a van should make per year
NORM_KM = 10_000  # kilometres a van should travel per year
CLOSE_KM = 15.0  # two half-day visits share a day only when their sites are this close

# Road distances when the registry has no coordinates for a site (one way, km).
SAME_TOWN_KM = 8.0
SAME_COUNTY_KM = 30.0
OTHER_COUNTY_KM = 80.0
ROAD_FACTOR = 1.3  # road km per straight-line km


@dataclass(frozen=True)
class Place:
    """Where a site or a van's home is: county and town always, coordinates where known."""

    county: str
    town: str = ""
    lat: float | None = None
    lon: float | None = None


def distance_km(a: Place, b: Place) -> float:
    """One-way road distance between two places, estimated."""
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
        h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
        return round(2 * 6371.0 * math.asin(math.sqrt(h)) * ROAD_FACTOR, 1)
    if a.county != b.county:
        return OTHER_COUNTY_KM
    if a.town and a.town == b.town:
        return SAME_TOWN_KM
    return SAME_COUNTY_KM


@dataclass(frozen=True)
class Request:
    """An open request as the planner sees it."""

    id: str
    place: Place
    earliest: dt.date
    latest: dt.date
    school: bool = True  # school holidays and exam weeks apply
    half_day: bool = False  # half a day is enough: may share a day with a close half-day visit


@dataclass(frozen=True)
class Van:
    id: str
    home: Place
    unavailable: frozenset[dt.date] = frozenset()  # maintenance, crew away
    days_so_far: int = 0  # this year, before the plan
    km_so_far: int = 0


@dataclass(frozen=True)
class Calendar:
    """The office's calendar: days no school is visited (holidays, exam weeks)."""

    closed: frozenset[dt.date] = frozenset()
    weekends: bool = False  # may vans visit on Saturdays and Sundays

    def open_for(self, day: dt.date, school: bool) -> bool:
        if not self.weekends and day.weekday() >= 5:
            return False
        return not (school and day in self.closed)


@dataclass(frozen=True)
class Assignment:
    request_id: str
    van_id: str
    date: dt.date
    half: str = ""  # "", or "am"/"pm" for a half-day visit


@dataclass(frozen=True)
class VanLoad:
    """A van's year with the plan: days and km before it and planned, against the norm."""

    van_id: str
    days_planned: int
    km_planned: int
    days_total: int
    km_total: int
    meets_norm: bool


@dataclass(frozen=True)
class Plan:
    assignments: tuple[Assignment, ...]
    unplanned: tuple[str, ...]  # request ids no van could take inside their window
    moved: tuple[str, ...] = ()  # earlier assignments this re-plan changed
    km: int = 0
    vans: tuple[VanLoad, ...] = ()
    coverage_by_county: tuple[tuple[str, int, int], ...] = ()  # (county, planned, requests)

    def by_request(self) -> dict[str, Assignment]:
        return {a.request_id: a for a in self.assignments}


@dataclass
class _Day:
    """What one van does on one day while planning."""

    requests: list[str] = field(default_factory=list)

    def full(self) -> bool:
        return len(self.requests) >= 2


def day_km(home: Place, places: Sequence[Place]) -> float:
    """A van's kilometres for a day: home, its sites in order, home again."""
    km, here = 0.0, home
    for p in places:
        km += distance_km(here, p)
        here = p
    return km + distance_km(here, home)


def _days(a: dt.date, b: dt.date) -> Iterable[dt.date]:
    d = a
    while d <= b:
        yield d
        d += dt.timedelta(days=1)


class _State:
    def __init__(self, requests: Sequence[Request], vans: Sequence[Van], calendar: Calendar) -> None:
        self.req = {r.id: r for r in requests}
        self.vans = {v.id: v for v in vans}
        self.van_order = [v.id for v in vans]
        self.cal = calendar
        self.days: dict[tuple[str, dt.date], _Day] = {}
        self.where: dict[str, tuple[str, dt.date]] = {}
        self.days_used: dict[str, int] = {v.id: 0 for v in vans}
        self.pinned: frozenset[str] = frozenset()  # requests make_room never moves (a crew accepted)
        self.served: dict[str, int] = {}
        self.asked: dict[str, int] = {}
        for r in requests:
            self.asked[r.place.county] = self.asked.get(r.place.county, 0) + 1

    def open_days(self, r: Request) -> list[dt.date]:
        return [d for d in _days(r.earliest, r.latest) if self.cal.open_for(d, r.school)]

    def can_place(self, r: Request, van_id: str, day: dt.date) -> bool:
        v = self.vans.get(van_id)
        if v is None or day in v.unavailable or not (r.earliest <= day <= r.latest):
            return False
        if not self.cal.open_for(day, r.school):
            return False
        slot = self.days.get((van_id, day))
        if slot is None or not slot.requests:
            return True
        if not r.half_day or slot.full():
            return False
        other = self.req[slot.requests[0]]
        return other.half_day and distance_km(other.place, r.place) <= CLOSE_KM

    def cost(self, r: Request, van_id: str, day: dt.date) -> float:
        """Kilometres this placement adds to the van's day."""
        home = self.vans[van_id].home
        slot = self.days.get((van_id, day))
        if slot is None or not slot.requests:
            return day_km(home, [r.place])
        first = self.req[slot.requests[0]].place
        return day_km(home, [first, r.place]) - day_km(home, [first])

    def shortfall(self, van_id: str) -> int:
        v = self.vans[van_id]
        return NORM_DAYS - v.days_so_far - self.days_used[van_id]

    def place(self, rid: str, van_id: str, day: dt.date) -> None:
        slot = self.days.setdefault((van_id, day), _Day())
        if not slot.requests:
            self.days_used[van_id] += 1
        slot.requests.append(rid)
        self.where[rid] = (van_id, day)
        county = self.req[rid].place.county
        self.served[county] = self.served.get(county, 0) + 1

    def remove(self, rid: str) -> None:
        van_id, day = self.where.pop(rid)
        slot = self.days[(van_id, day)]
        slot.requests.remove(rid)
        if not slot.requests:
            self.days_used[van_id] -= 1
            del self.days[(van_id, day)]
        county = self.req[rid].place.county
        self.served[county] -= 1

    def best(self, r: Request) -> tuple[str, dt.date] | None:
        best: tuple[float, int, dt.date, int] | None = None
        pick: tuple[str, dt.date] | None = None
        days = self.open_days(r)
        for vi, van_id in enumerate(self.van_order):
            for day in days:
                if not self.can_place(r, van_id, day):
                    continue
                key = (round(self.cost(r, van_id, day), 1), -self.shortfall(van_id), day, vi)
                if best is None or key < best:
                    best, pick = key, (van_id, day)
        return pick

    def make_room(self, r: Request) -> bool:
        """Move ONE planned request elsewhere so that ``r`` fits; the cheapest such move."""
        best: tuple[float, str, str, dt.date, str, dt.date] | None = None
        for day in self.open_days(r):
            for van_id in self.van_order:
                slot = self.days.get((van_id, day))
                if slot is None or len(slot.requests) != 1 or day in self.vans[van_id].unavailable:
                    continue
                q = self.req[slot.requests[0]]
                if q.id in self.pinned:
                    continue
                self.remove(q.id)
                if self.can_place(r, van_id, day):
                    here = self.cost(r, van_id, day)
                    self.place(r.id, van_id, day)
                    alt = self.best(q)
                    if alt is not None:
                        total = here + self.cost(q, *alt)
                        if best is None or total < best[0]:
                            best = (total, q.id, van_id, day, alt[0], alt[1])
                    self.remove(r.id)
                self.place(q.id, van_id, day)
        if best is None:
            return False
        _, qid, van_id, day, alt_van, alt_day = best
        self.remove(qid)
        self.place(r.id, van_id, day)
        self.place(qid, alt_van, alt_day)
        return True


def _slack(state: _State, r: Request) -> int:
    return len(state.open_days(r))


def plan(
    requests: Sequence[Request],
    vans: Sequence[Van],
    calendar: Calendar = Calendar(),
    previous: Iterable[Assignment] = (),
    pinned: Iterable[str] = (),
) -> Plan:
    """Plan every request; keep the ``previous`` assignments that are still valid (stability),
    and never move the ``pinned`` ones (requests a crew has accepted) to make room."""
    state = _State(requests, vans, calendar)
    state.pinned = frozenset(pinned)
    before = {a.request_id: a for a in previous}
    kept: set[str] = set()
    for a in sorted(before.values(), key=lambda a: (a.date, a.van_id, a.half, a.request_id)):
        r = state.req.get(a.request_id)
        if r is not None and state.can_place(r, a.van_id, a.date):
            state.place(r.id, a.van_id, a.date)
            kept.add(r.id)
    todo = {r.id: r for r in requests if r.id not in kept}
    slack = {rid: _slack(state, r) for rid, r in todo.items()}
    unplanned: list[str] = []
    while todo:
        # Urgent first (by the week of slack); among equally urgent, the least-served county.
        def key(rid: str) -> tuple[int, float, int, str]:
            c = todo[rid].place.county
            return (slack[rid] // 5, state.served.get(c, 0) / state.asked[c], slack[rid], rid)

        rid = min(todo, key=key)
        r = todo.pop(rid)
        spot = state.best(r)
        if spot is not None:
            state.place(rid, *spot)
        elif not state.make_room(r):
            unplanned.append(rid)
    return _result(state, before, unplanned)


def _result(state: _State, before: Mapping[str, Assignment], unplanned: list[str]) -> Plan:
    out: list[Assignment] = []
    km: dict[str, float] = {v: 0.0 for v in state.van_order}
    for (van_id, day), slot in sorted(state.days.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        places = [state.req[rid].place for rid in slot.requests]
        km[van_id] += day_km(state.vans[van_id].home, places)
        if len(slot.requests) == 1:
            out.append(Assignment(slot.requests[0], van_id, day))
        else:
            for half, rid in zip(("am", "pm"), slot.requests, strict=False):
                out.append(Assignment(rid, van_id, day, half))
    moved = tuple(
        sorted(
            rid
            for rid, a in before.items()
            if rid in state.req and (rid not in state.where or state.where[rid] != (a.van_id, a.date))
        )
    )
    loads = []
    for van_id in state.van_order:
        v = state.vans[van_id]
        days_total = v.days_so_far + state.days_used[van_id]
        km_total = v.km_so_far + round(km[van_id])
        loads.append(
            VanLoad(
                van_id,
                state.days_used[van_id],
                round(km[van_id]),
                days_total,
                km_total,
                days_total >= NORM_DAYS or km_total >= NORM_KM,
            )
        )
    cov = tuple(sorted((c, state.served.get(c, 0), n) for c, n in state.asked.items()))
    return Plan(
        tuple(out),
        tuple(sorted(unplanned)),
        moved,
        plan_km(out, list(state.req.values()), list(state.vans.values())),  # one sum, one rounding
        tuple(loads),
        cov,
    )


def plan_km(assignments: Iterable[Assignment], requests: Sequence[Request], vans: Sequence[Van]) -> int:
    """Total kilometres of a set of assignments (for comparing plans made another way)."""
    req = {r.id: r for r in requests}
    home = {v.id: v.home for v in vans}
    days: dict[tuple[str, dt.date], list[Place]] = {}
    for a in sorted(assignments, key=lambda a: (a.van_id, a.date, a.half)):
        days.setdefault((a.van_id, a.date), []).append(req[a.request_id].place)
    return round(sum(day_km(home[v], ps) for (v, _), ps in days.items()))


def violations(
    assignments: Iterable[Assignment], requests: Sequence[Request], vans: Sequence[Van], calendar: Calendar
) -> list[str]:
    """Every rule a set of assignments breaks (empty: a valid plan)."""
    req = {r.id: r for r in requests}
    van = {v.id: v for v in vans}
    out: list[str] = []
    seen: set[str] = set()
    days: dict[tuple[str, dt.date], list[Assignment]] = {}
    for a in assignments:
        r, v = req.get(a.request_id), van.get(a.van_id)
        if r is None or v is None:
            out.append(f"{a.request_id}: unknown request or van")
            continue
        if a.request_id in seen:
            out.append(f"{a.request_id}: planned twice")
        seen.add(a.request_id)
        if not r.earliest <= a.date <= r.latest:
            out.append(f"{a.request_id}: {a.date} outside its window")
        if not calendar.open_for(a.date, r.school):
            out.append(f"{a.request_id}: {a.date} is a closed day")
        if a.date in v.unavailable:
            out.append(f"{a.request_id}: van {a.van_id} unavailable on {a.date}")
        days.setdefault((a.van_id, a.date), []).append(a)
    for (van_id, day), group in days.items():
        if len(group) == 1:
            continue
        rs = [req[a.request_id] for a in group]
        if len(group) > 2 or not all(r.half_day for r in rs) or distance_km(rs[0].place, rs[1].place) > CLOSE_KM:
            out.append(f"van {van_id} on {day}: {len(group)} visits that cannot share the day")
    return out
