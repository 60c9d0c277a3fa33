"""Queries of the office figures: odometer readings, and the visits and duty events the
health check reads to find people and vans at two places at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import merges
from . import models as m


def odometer_rows(s: Session, caravan_id: str | None = None) -> list[m.OdometerReading]:
    """Every reading (of one van and the duplicates merged into it, or of all vans)."""
    q = select(m.OdometerReading)
    if caravan_id:
        q = q.where(m.OdometerReading.caravan_id.in_(merges.aliases(s, caravan_id)))
    return list(s.scalars(q))


def live_visits(s: Session) -> dict[str, m.Visit]:
    """Visits not deleted and not cancelled, by id."""
    q = select(m.Visit).where(m.Visit.deleted.is_(False), m.Visit.status != "cancelled")
    return {v.id: v for v in s.scalars(q)}


def duty_by_visit(s: Session, visit_ids: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    """(person, kind, at) per visit, in time order, for these visits."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    q = select(m.DutyEvent).order_by(m.DutyEvent.visit_id, m.DutyEvent.at, m.DutyEvent.id)
    for e in s.scalars(q):
        if e.visit_id in visit_ids:
            out.setdefault(e.visit_id, []).append((e.person_id, e.kind, e.at))
    return out


def names(s: Session) -> dict[str, dict[str, Any]]:
    """id -> name of people, vans and sites (for messages)."""
    return {
        "person": {p.id: p.name for p in s.scalars(select(m.Person))},
        "caravan": {c.id: c.name for c in s.scalars(select(m.Caravan))},
        "site": {x.id: x.name for x in s.scalars(select(m.Site))},
    }
