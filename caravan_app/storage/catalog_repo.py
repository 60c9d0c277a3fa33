"""The catalogue's reads and the rows its edits touch: vans, people, titles and laptops.

Functions take the session or unit of work the service opened and hand back records
(``domain.records.catalog``); writes still go through ``UnitOfWork.insert`` / ``update`` (outbox
and clocks), this module only reads.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.records.catalog import Caravan, Device, Person, Title
from . import merges
from . import models as m
from .queries import live, live_unmerged
from .records import UnitOfWork, record_fields

T = TypeVar("T", Caravan, Person, Title, Device)


def _record(cls: type[T], row: Any) -> T:
    return cls(id=row.id, **record_fields(cls.ENTITY, row))


def caravans(s: Session) -> list[Caravan]:
    """Live vans by name; a merged duplicate is listed as its survivor only."""
    q = live_unmerged(m.Caravan).order_by(m.Caravan.name)
    return [_record(Caravan, r) for r in s.scalars(q)]


def titles(s: Session) -> list[Title]:
    """Live titles by name; a merged duplicate is listed as its survivor only."""
    q = live_unmerged(m.Title).order_by(m.Title.name)
    return [_record(Title, r) for r in s.scalars(q)]


def people(s: Session, role: str | None = None, caravan_id: str | None = None) -> list[Person]:
    """Live people by name (then id, so namesakes keep their order)."""
    q = live(m.Person)
    if role:
        q = q.where(m.Person.role == role)
    if caravan_id:
        q = q.where(m.Person.caravan_id == caravan_id)
    return [_record(Person, r) for r in s.scalars(q.order_by(m.Person.name, m.Person.id))]


def person(s: Session, person_id: str) -> Person | None:
    row = s.get(m.Person, person_id)
    return None if row is None or row.deleted else _record(Person, row)


def person_by_badge(s: Session, badge_code: str) -> Person | None:
    row = s.scalars(live(m.Person).where(m.Person.badge_code == badge_code)).first()
    return _record(Person, row) if row else None


def device(s: Session, device_id: str) -> Device | None:
    """A laptop's record (tombstoned or not: a laptop's own row is never deleted)."""
    row = s.get(m.Device, device_id)
    return _record(Device, row) if row else None


def has_device(u: UnitOfWork, device_id: str) -> bool:
    return u.session.get(m.Device, device_id) is not None


def teams(s: Session) -> list[str]:
    """Every team name any person has (deleted ones too: old records name them), sorted."""
    return sorted({t for t in s.scalars(select(m.Person.team).distinct()) if t})


def survivor(s: Session, record_id: str) -> str:
    """The id ``record_id`` counts as now (a merged duplicate's id means its survivor)."""
    return merges.survivor(s, record_id) or record_id


def edited(u: UnitOfWork, cls: type[T], record_id: str) -> T:
    """A record as it stands inside the unit, after its edit (the row is already flushed)."""
    return _record(cls, u.session.get(m.MODELS[cls.ENTITY], record_id))
