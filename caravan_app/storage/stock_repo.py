"""The stock ledger's reads as records and scalars (its writes go through ``UnitOfWork``)."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from ..domain.fieldspec import day_close_lines
from ..domain.ledger import CloseLine
from ..domain.records.stock import Movement
from ..domain.vocab import MovementKind
from . import models as m
from . import queries
from .records import UnitOfWork, record_fields


def _record(row: m.Movement) -> Movement:
    # The schema's fields exactly (the records test checks Movement carries each one).
    return Movement(id=row.id, **record_fields("movement", row))


def balance(s: Session | Connection, caravan_id: str, title_id: str) -> int:
    """Stock on hand of one title on one van (merged duplicates count as one)."""
    return queries.stock_balance(s, caravan_id, title_id)


def balances(s: Session, caravan_id: str) -> dict[str, int]:
    """Stock on hand per title of one van (the survivor's id for merged titles)."""
    return queries.stock_balances(s, caravan_id)


def title_name(u: UnitOfWork, title_id: str) -> str:
    """The name of a live title; NotFound (field ``title_id``) when there is none."""
    return str(u.get("title", title_id, field="title_id").name)


def require_caravan(u: UnitOfWork, caravan_id: str) -> None:
    """NotFound (field ``caravan_id``) unless the van exists and is live."""
    u.get("caravan", caravan_id, field="caravan_id")


def title_name_or_id(s: Session, title_id: str) -> str:
    t = s.get(m.Title, title_id)
    return t.name if t is not None else title_id


def movement(s: Session, movement_id: str) -> Movement | None:
    row = s.get(m.Movement, movement_id) if movement_id else None
    return None if row is None else _record(row)


def transfer_in_of(s: Session, out_id: str) -> Movement | None:
    """The transfer-in half booked against a transfer-out."""
    row = s.scalars(
        select(m.Movement).where(m.Movement.ref_id == out_id, m.Movement.kind == MovementKind.TRANSFER_IN)
    ).first()
    return None if row is None else _record(row)


def is_undone(s: Session, movement_id: str, undo_id: str) -> bool:
    """Whether a movement has its reversal: the derived ``undo_id`` row, or an older undo row
    naming it by ``ref_id`` (made before reversal ids were derived)."""
    if s.get(m.Movement, undo_id) is not None:
        return True
    return bool(
        s.scalar(select(m.Movement.id).where(m.Movement.ref_id == movement_id, m.Movement.kind == MovementKind.UNDO))
    )


def has_undo_row(s: Session, movement_id: str) -> bool:
    """Whether an undo row names this movement by ``ref_id``."""
    return bool(
        s.scalar(select(m.Movement.id).where(m.Movement.ref_id == movement_id, m.Movement.kind == MovementKind.UNDO))
    )


def visit_state(s: Session, visit_id: str) -> tuple[str, str] | None:
    """(status, date) of a live visit; None when it is unknown or deleted."""
    v = s.get(m.Visit, visit_id)
    return None if v is None or v.deleted else (v.status, v.date)


def day_closed(s: Session, caravan_id: str, day: str) -> bool:
    """Whether this van's day (ISO date) has a day close (日结)."""
    return bool(
        s.scalar(select(m.DayClose.id).where(m.DayClose.caravan_id == caravan_id, m.DayClose.date == day).limit(1))
    )


def names_of(s: Session, mv: Movement) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """(title name, van name, visit date, site name, device id) for describing a movement;
    None for what is not on this laptop."""
    title = s.get(m.Title, mv.title_id)
    van = s.get(m.Caravan, mv.caravan_id)
    visit = s.get(m.Visit, mv.visit_id) if mv.visit_id else None
    site = s.get(m.Site, visit.site_id) if visit is not None else None
    row = s.get(m.Movement, mv.id)
    return (
        title.name if title else None,
        van.name if van else None,
        visit.date if visit is not None else None,
        site.name if site else None,
        row.device_id if row is not None else None,
    )


def newest_not_undone(
    s: Session,
    device_id: str,
    caravan_id: str | None = None,
    visit_id: str | None = None,
    *,
    exclude: tuple[str, ...] = (),
    kind: str | None = None,
    limit: int = 50,
) -> Movement | None:
    """This device's newest movement (among its ``limit`` newest, without the kinds in
    ``exclude``) that no undo row names; ties in time go by the higher id."""
    qy = select(m.Movement).where(m.Movement.device_id == device_id)
    if exclude:
        qy = qy.where(m.Movement.kind.not_in(exclude))
    if caravan_id:
        qy = qy.where(m.Movement.caravan_id == caravan_id)
    if visit_id:
        qy = qy.where(m.Movement.visit_id == visit_id)
    if kind:
        qy = qy.where(m.Movement.kind == kind)
    for row in s.scalars(qy.order_by(m.Movement.at.desc(), m.Movement.id.desc()).limit(limit)):
        if not has_undo_row(s, row.id):
            return _record(row)
    return None


def movements(
    s: Session, caravan_id: str | None = None, visit_id: str | None = None, limit: int = 1000
) -> list[Movement]:
    """Movements newest first by time (an undo's id is derived from its target, not time-ordered)."""
    qy = select(m.Movement)
    if caravan_id:
        qy = qy.where(m.Movement.caravan_id == caravan_id)
    if visit_id:
        qy = qy.where(m.Movement.visit_id == visit_id)
    qy = qy.order_by(m.Movement.at.desc(), m.Movement.id.desc())
    return [_record(r) for r in s.scalars(qy.limit(limit))]


def day_closes(
    s: Session, caravan_id: str | None = None, date: str | None = None
) -> list[tuple[str, str, str, tuple[CloseLine, ...]]]:
    """(id, caravan id, date, lines) of day closes, in id order; lines parsed from their JSON
    (none when the stored JSON is not valid lines)."""
    qy = select(m.DayClose)
    if caravan_id:
        qy = qy.where(m.DayClose.caravan_id == caravan_id)
    if date:
        qy = qy.where(m.DayClose.date == date)
    return [(r.id, r.caravan_id, r.date, _lines(r.lines)) for r in s.scalars(qy.order_by(m.DayClose.id))]


def _lines(stored: object) -> tuple[CloseLine, ...]:
    # fieldspec checked each line (the four keys, difference = counted - expected)
    return tuple(CloseLine(ln["title_id"], ln["expected"], ln["counted"]) for ln in day_close_lines(stored) or ())
