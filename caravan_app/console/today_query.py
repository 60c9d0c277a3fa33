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
from .auth import ConsoleUser, scope_of
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
    """What the page reads from the read model (kept per state; the hub's devices are read fresh)."""

    rows: tuple[cq.VisitRow, ...]
    figures: Mapping[str, cq.VisitFigures]
    vans: tuple[tuple[str, str], ...]
    laptops: Mapping[str, tuple[str, str | None]]


def _read(app: App, vq: cq.VisitQuery) -> _ReadModelPart:
    with app.db.read() as s:
        rows = tuple(cq.visit_rows(s, vq))
        figs = cq.figures(s, [r.id for r in rows])
        return _ReadModelPart(rows, MappingProxyType(figs), tuple(cq.vans(s)), MappingProxyType(cq.laptops(s)))


def today(app: App, hdb: HubDB, user: ConsoleUser, day: dt.date) -> Today:
    scope = scope_of(user)
    f = VisitFilters(start=day.isoformat(), end=day.isoformat(), sort="van", desc=False)
    part = state_cache.kept(app, ("today", f, scope), lambda: _read(app, f.query(scope)))
    rows, figs, vans, named = part.rows, part.figures, part.vans, part.laptops
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
    devices = hub.list_devices(hdb)
    out = []
    for cid, name in shown:
        plate = by_van[cid][0].row.plate if cid in by_van else None
        laptops = tuple(
            LaptopLine(
                named.get(str(d["device_id"]), (None, None))[0] or str(d.get("name") or d["device_id"]),
                d.get("last_seen") if isinstance(d.get("last_seen"), str) else None,  # type: ignore[arg-type]
                _int(d.get("pending")),
                bool(d.get("revoked_at")),
            )
            for d in devices
            if d.get("device_id")
            and d.get("role") != "office"
            and (d.get("caravan") == name or named.get(str(d["device_id"]), (None, None))[1] == cid)
        )
        out.append(VanToday(cid, name, plate, tuple(by_van.get(cid, ())), laptops))
    return Today(day.isoformat(), tuple(out), hub.top_seq(hdb))
