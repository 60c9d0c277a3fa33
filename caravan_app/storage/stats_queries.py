"""Aggregate queries behind the reports (visit report, day receipt, period statistics).

Definitions (docs/reports.md): an activity (场次) is a completed, not deleted visit; people
(人次) are the sum of its attendance tallies; books (册) are copies handed out at it, net of
undos and returns; a movement counts for the visit it names, whatever its timestamp.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, select
from sqlalchemy.orm import Session

from ..domain.vocab import MovementKind, VisitStatus
from . import models as m

BOOK_KINDS = (MovementKind.DISTRIBUTE.value, MovementKind.UNDO.value, MovementKind.RETURN.value)


def signin_rows(s: Session, visit_id: str) -> list[tuple[str, str, str | None, str, str]]:
    """(name, group, organisation, method, at) of each person signed in, first row per person,
    in sign-in order (two laptops recording one person list them once)."""
    first = (
        select(func.min(m.Signin.id).label("i"))
        .where(m.Signin.visit_id == visit_id)
        .group_by(m.Signin.dedupe_key)
        .subquery()
    )
    q = (
        select(m.Signin.name, m.Signin.group, m.Signin.organisation, m.Signin.method, m.Signin.at)
        .join(first, first.c.i == m.Signin.id)
        .order_by(m.Signin.at, m.Signin.id)
    )
    return [tuple(r) for r in s.execute(q)]  # type: ignore[misc]


def movement_sums(s: Session, caravan_id: str, start_at: str, end_at: str) -> list[tuple[str, str, int]]:
    """(title_id, kind, signed qty) of a van's movements with ``start_at <= at < end_at``."""
    q = (
        select(m.Movement.title_id, m.Movement.kind, func.sum(m.Movement.qty))
        .where(m.Movement.caravan_id == caravan_id, m.Movement.at >= start_at, m.Movement.at < end_at)
        .group_by(m.Movement.title_id, m.Movement.kind)
    )
    return [(t, k, int(n or 0)) for t, k, n in s.execute(q)]


def caravans_active(s: Session, date: str, next_day: str) -> set[str]:
    """Vans with a visit, a stock movement or a day close on ``date``."""
    out = set(s.scalars(select(m.Visit.caravan_id).where(m.Visit.date == date, m.Visit.deleted.is_(False))))
    out |= set(s.scalars(select(m.Movement.caravan_id).where(m.Movement.at >= date, m.Movement.at < next_day)))
    out |= set(s.scalars(select(m.DayClose.caravan_id).where(m.DayClose.date == date)))
    return out


def last_day_close(s: Session, caravan_id: str, date: str) -> m.DayClose | None:
    q = (
        select(m.DayClose)
        .where(m.DayClose.caravan_id == caravan_id, m.DayClose.date == date, m.DayClose.deleted.is_(False))
        .order_by(m.DayClose.at.desc(), m.DayClose.id.desc())
    )
    return s.scalars(q).first()


# --- period statistics -----------------------------------------------------------------------


def _done(start: str, end: str, caravan_id: str | None) -> ColumnElement[bool]:
    conds = [
        m.Visit.deleted.is_(False),
        m.Visit.status == VisitStatus.COMPLETED.value,
        m.Visit.date >= start,
        m.Visit.date <= end,
    ]
    if caravan_id:
        conds.append(m.Visit.caravan_id == caravan_id)
    return and_(*conds)


def _figures(start: str, end: str, caravan_id: str | None) -> tuple[Any, Any]:
    """Per-visit people and books, restricted to the period's visits."""
    ids = select(m.Visit.id).where(_done(start, end, caravan_id))
    people = (
        select(m.Tally.visit_id.label("vid"), func.sum(m.Tally.delta).label("n"))
        .where(m.Tally.visit_id.in_(ids))
        .group_by(m.Tally.visit_id)
        .subquery()
    )
    books = (
        select(m.Movement.visit_id.label("vid"), func.sum(-m.Movement.qty).label("n"))
        .where(m.Movement.visit_id.in_(ids), m.Movement.kind.in_(BOOK_KINDS))
        .group_by(m.Movement.visit_id)
        .subquery()
    )
    return people, books


GROUP_KEYS = {
    "all": lambda: literal(""),
    "county": lambda: func.coalesce(m.Site.county, "?"),
    "caravan": lambda: m.Visit.caravan_id,
    "month": lambda: func.substr(m.Visit.date, 1, 7),
}


def period_groups(
    s: Session, start: str, end: str, caravan_id: str | None, by: str
) -> list[tuple[str, int, int, int, int]]:
    """(key, visits, people, books, distinct sites) of completed visits grouped ``by``
    all | county | caravan | month, ordered by key."""
    people, books = _figures(start, end, caravan_id)
    key = GROUP_KEYS[by]().label("k")
    q: Select = (
        select(
            key,
            func.count(m.Visit.id),
            func.coalesce(func.sum(people.c.n), 0),
            func.coalesce(func.sum(books.c.n), 0),
            func.count(func.distinct(m.Visit.site_id)),
        )
        .select_from(m.Visit)
        .outerjoin(m.Site, m.Site.id == m.Visit.site_id)
        .outerjoin(people, people.c.vid == m.Visit.id)
        .outerjoin(books, books.c.vid == m.Visit.id)
        .where(_done(start, end, caravan_id))
        .group_by(key)
        .order_by(key)
    )
    return [(str(k), int(v), int(p), int(b), int(n)) for k, v, p, b, n in s.execute(q)]


def period_titles(s: Session, start: str, end: str, caravan_id: str | None) -> list[tuple[str, int, int]]:
    """(title_id, copies, visits that handed it out) over the period, most copies first."""
    q = (
        select(m.Movement.title_id, func.sum(-m.Movement.qty), func.count(func.distinct(m.Movement.visit_id)))
        .join(m.Visit, m.Visit.id == m.Movement.visit_id)
        .where(_done(start, end, caravan_id), m.Movement.kind.in_(BOOK_KINDS))
        .group_by(m.Movement.title_id)
        .order_by(func.sum(-m.Movement.qty).desc(), m.Movement.title_id)
    )
    return [(t, int(n or 0), int(v)) for t, n, v in s.execute(q) if n]


def period_site_counts(
    s: Session, start: str, end: str, caravan_id: str | None, school_kinds: tuple[str, ...]
) -> tuple[int, int, int]:
    """(distinct schools, distinct county-level areas, visits at schools) over the period."""
    base = select(m.Visit.id, m.Visit.site_id, m.Site.county, m.Site.kind).join(m.Site, m.Site.id == m.Visit.site_id)
    sub = base.where(_done(start, end, caravan_id)).subquery()
    is_school = sub.c.kind.in_(school_kinds)
    q = select(
        func.count(func.distinct(sub.c.site_id)).filter(is_school),
        func.count(func.distinct(sub.c.county)),
        func.count(sub.c.id).filter(is_school),
    )
    a, b, c = s.execute(q).one()
    return int(a or 0), int(b or 0), int(c or 0)


def period_visits(s: Session, start: str, end: str, caravan_id: str | None) -> list[tuple[Any, ...]]:
    """One line per completed visit: (id, date, caravan_id, county, site name, theme, people,
    books, distinct sign-ins), by date."""
    people, books = _figures(start, end, caravan_id)
    ids = select(m.Visit.id).where(_done(start, end, caravan_id))
    signed = (
        select(m.Signin.visit_id.label("vid"), func.count(func.distinct(m.Signin.dedupe_key)).label("n"))
        .where(m.Signin.visit_id.in_(ids))
        .group_by(m.Signin.visit_id)
        .subquery()
    )
    q = (
        select(
            m.Visit.id,
            m.Visit.date,
            m.Visit.caravan_id,
            m.Site.county,
            m.Site.name,
            m.Visit.theme,
            func.coalesce(people.c.n, 0),
            func.coalesce(books.c.n, 0),
            func.coalesce(signed.c.n, 0),
        )
        .select_from(m.Visit)
        .outerjoin(m.Site, m.Site.id == m.Visit.site_id)
        .outerjoin(people, people.c.vid == m.Visit.id)
        .outerjoin(books, books.c.vid == m.Visit.id)
        .outerjoin(signed, signed.c.vid == m.Visit.id)
        .where(_done(start, end, caravan_id))
        .order_by(m.Visit.date, m.Visit.id)
    )
    return [tuple(r) for r in s.execute(q)]


def period_duty_events(
    s: Session, start: str, end: str, caravan_id: str | None
) -> list[tuple[str, str, str, str, str | None]]:
    """(visit_id, person_id, kind, at, visit left_at) of the period's visits, in time order per visit."""
    q = (
        select(m.DutyEvent.visit_id, m.DutyEvent.person_id, m.DutyEvent.kind, m.DutyEvent.at, m.Visit.left_at)
        .join(m.Visit, m.Visit.id == m.DutyEvent.visit_id)
        .where(_done(start, end, caravan_id))
        .order_by(m.DutyEvent.visit_id, m.DutyEvent.at, m.DutyEvent.id)
    )
    return [tuple(r) for r in s.execute(q)]  # type: ignore[misc]
