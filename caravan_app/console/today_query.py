"""The 今日 page's use case: where each van is today, from the read model and the hub's devices.

Figures are the laptop's (``console_queries.figures`` over the projection); the laptops' last
sync and pending changes come from the hub's own device rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..server import hub
from ..server.db import HubDB
from ..services.app import App
from ..storage import console_queries as cq
from . import state_cache
from .auth import ConsoleUser, Scope, scope_of
from .visits_query import VisitFilters, VisitItem


@dataclass(frozen=True)
class LaptopLine:
    name: str
    last_seen: str | None
    pending: int | None  # changes the laptop said it still had to send (None: not reported)
    revoked: bool


@dataclass(frozen=True)
class VanToday:
    caravan_id: str
    name: str
    plate: str | None
    visits: tuple[VisitItem, ...]
    laptops: tuple[LaptopLine, ...]


@dataclass(frozen=True)
class Today:
    date: str
    vans: tuple[VanToday, ...]
    records: int  # the hub's sequence the page was read at (changes when a laptop syncs)


def _int(v: object) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


@dataclass(frozen=True)
class _ReadModelPart:
    """What the page reads from the read model, grouped by van (kept per state; the hub's
    devices are read fresh): the vans shown in order with their visits, and the laptops' names."""

    shown: tuple[tuple[str, str, str | None, tuple[VisitItem, ...]], ...]  # (id, name, plate, visits)
    laptops: Mapping[str, tuple[str, str | None]]


def _read(app: App, vq: cq.VisitQuery, scope: Scope) -> _ReadModelPart:
    with app.db.read() as s:
        rows = tuple(cq.visit_rows(s, vq))
        figs = cq.figures(s, [r.id for r in rows])
        vans, named = cq.vans(s), cq.laptops(s)
    by_van: dict[str, list[VisitItem]] = {}
    for r in rows:
        by_van.setdefault(r.caravan_id, []).append(VisitItem(r, figs[r.id].attendance, figs[r.id].signins))
    names = dict(vans)
    shown = [(cid, n) for cid, n in vans if scope.caravan is None or n == scope.caravan]
    if scope.county is not None:  # a county sees the vans at work in its county today
        shown = [(cid, n) for cid, n in shown if cid in by_van]
    for cid in by_van:  # a visit of a van merged into another still shows
        if cid not in names:
            shown.append((cid, by_van[cid][0].row.caravan_name or "?"))
    return _ReadModelPart(
        tuple(
            (cid, name, by_van[cid][0].row.plate if cid in by_van else None, tuple(by_van.get(cid, ())))
            for cid, name in shown
        ),
        MappingProxyType(named),
    )


def today(app: App, hdb: HubDB, user: ConsoleUser, day: dt.date) -> Today:
    scope = scope_of(user)
    f = VisitFilters(start=day.isoformat(), end=day.isoformat(), sort="van", desc=False)
    part = state_cache.kept(app, ("today", f, scope), lambda: _read(app, f.query(scope), scope))
    named = part.laptops
    # Each laptop goes to the van it was enrolled for and to the van its crew set it up for
    # (one pass over the devices, not one per van).
    by_name: dict[str, list[tuple[int, LaptopLine]]] = {}
    by_cid: dict[str, list[tuple[int, LaptopLine]]] = {}
    for i, d in enumerate(hub.list_devices(hdb)):
        if not d.get("device_id") or d.get("role") == "office":
            continue
        own_name, own_van = named.get(str(d["device_id"]), (None, None))
        line = LaptopLine(
            own_name or str(d.get("name") or d["device_id"]),
            d.get("last_seen") if isinstance(d.get("last_seen"), str) else None,  # type: ignore[arg-type]
            _int(d.get("pending")),
            bool(d.get("revoked_at")),
        )
        if isinstance(d.get("caravan"), str):
            by_name.setdefault(str(d["caravan"]), []).append((i, line))
        if own_van is not None:
            by_cid.setdefault(own_van, []).append((i, line))
    out = []
    for cid, name, plate, visits in part.shown:
        lines = dict(by_name.get(name, ())) | dict(by_cid.get(cid, ()))  # a laptop once, in the hub's order
        out.append(VanToday(cid, name, plate, visits, tuple(lines[i] for i in sorted(lines))))
    return Today(day.isoformat(), tuple(out), hub.top_seq(hdb))
