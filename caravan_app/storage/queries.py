"""Read queries the services need (aggregates run in SQL, not in Python loops)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from . import models as m


def live(model: Any) -> Select:
    return select(model).where(model.deleted.is_(False))


def stock_balances(s: Session, caravan_id: str, until_at: str | None = None) -> dict[str, int]:
    q = select(m.Movement.title_id, func.sum(m.Movement.qty)).where(m.Movement.caravan_id == caravan_id)
    if until_at is not None:
        q = q.where(m.Movement.at < until_at)
    q = q.group_by(m.Movement.title_id)
    return {t: int(n or 0) for t, n in s.execute(q)}


def stock_balance(s: Session | Connection, caravan_id: str, title_id: str) -> int:
    q = select(func.coalesce(func.sum(m.Movement.qty), 0)).where(
        m.Movement.caravan_id == caravan_id, m.Movement.title_id == title_id
    )
    return int(_conn(s).execute(q).scalar() or 0)


def tally_totals(s: Session | Connection, visit_id: str) -> dict[str, int]:
    q = select(m.Tally.group, func.sum(m.Tally.delta)).where(m.Tally.visit_id == visit_id).group_by(m.Tally.group)
    return {g: int(n or 0) for g, n in _conn(s).execute(q)}


def _conn(s: Session | Connection) -> Connection:
    return s.connection() if isinstance(s, Session) else s


def _cur(s: Session | Connection) -> Any:
    """A DBAPI cursor in the same transaction (hot paths; see records.raw_cursor)."""
    from .records import raw_cursor

    return raw_cursor(_conn(s))


def signins_named(s: Session, visit_id: str, name: str) -> list[m.Signin]:
    """Sign-ins of a visit under one name (phone sign-in: same name + organisation = a repeat)."""
    q = select(m.Signin).where(m.Signin.visit_id == visit_id, m.Signin.name == name).order_by(m.Signin.id)
    return list(s.scalars(q))


def signin_exists(s: Session | Connection, visit_id: str, key: str) -> tuple[str, str] | None:
    """(id, name) of this person's first sign-in at the visit, if any (plain SQL: a hot path)."""
    row = (
        _cur(s)
        .execute(
            "SELECT id, name FROM signins WHERE visit_id = ? AND dedupe_key = ? ORDER BY id LIMIT 1", (visit_id, key)
        )
        .fetchone()
    )
    return (row[0], row[1]) if row else None


def signin_count(s: Session | Connection, visit_id: str) -> int:
    """Distinct people signed in (two rows for one person from two laptops count once)."""
    row = _cur(s).execute("SELECT count(DISTINCT dedupe_key) FROM signins WHERE visit_id = ?", (visit_id,)).fetchone()
    return int(row[0] or 0)


def signin_ids(
    s: Session,
    visit_id: str | None = None,
    search: str | None = None,
    before: str | None = None,
    limit: int | None = None,
) -> list[str]:
    """Ids of sign-ins, newest first: the lazy sign-in list loads rows by these ids.

    ``before``/``limit`` page through them by key (ids are time-ordered), so a list over a
    million rows reads only the page it shows.
    """
    q = select(m.Signin.id)
    if visit_id:
        q = q.where(m.Signin.visit_id == visit_id)
    if search:
        like = f"%{search}%"
        q = q.where(or_(m.Signin.name.like(like), m.Signin.organisation.like(like)))
    if before:
        q = q.where(m.Signin.id < before)
    q = q.order_by(m.Signin.id.desc())
    if limit:
        q = q.limit(limit)
    return list(s.scalars(q))


def rows_by_ids(s: Session, model: Any, ids: Sequence[str]) -> list[Any]:
    rows = {r.id: r for r in s.scalars(select(model).where(model.id.in_(list(ids))))}
    return [rows[i] for i in ids if i in rows]


def distributed_by_visit(s: Session, visit_id: str) -> list[tuple[str, str | None, int]]:
    """(title_id, recipient, copies) handed out at a visit, net of undos and returns."""
    q = (
        select(m.Movement.title_id, m.Movement.recipient, func.sum(-m.Movement.qty))
        .where(m.Movement.visit_id == visit_id, m.Movement.kind.in_(("distribute", "undo", "return")))
        .group_by(m.Movement.title_id, m.Movement.recipient)
    )
    return [(t, r, int(n or 0)) for t, r, n in s.execute(q) if n]


def duty_events(s: Session, visit_id: str) -> list[m.DutyEvent]:
    q = select(m.DutyEvent).where(m.DutyEvent.visit_id == visit_id).order_by(m.DutyEvent.at, m.DutyEvent.id)
    return list(s.scalars(q))


def visits_between(
    s: Session, start: str | None, end: str | None, caravan_id: str | None = None, status: str | None = None
) -> list[m.Visit]:
    q = live(m.Visit)
    conds = []
    if start:
        conds.append(m.Visit.date >= start)
    if end:
        conds.append(m.Visit.date <= end)
    if caravan_id:
        conds.append(m.Visit.caravan_id == caravan_id)
    if status:
        conds.append(m.Visit.status == status)
    if conds:
        q = q.where(and_(*conds))
    return list(s.scalars(q.order_by(m.Visit.date, m.Visit.id)))


def conflicts(s: Session, include_reviewed: bool = False) -> list[m.Conflict]:
    """Values that lost a per-field merge, newest first (kept for review, never dropped)."""
    q = select(m.Conflict)
    if not include_reviewed:
        q = q.where(m.Conflict.reviewed.is_(False))
    return list(s.scalars(q.order_by(m.Conflict.id.desc())))


def live_visit_by_token(conn: Connection, token: str) -> Any:
    """The visit row behind a phone link, or None. Core on a bare connection: every phone
    request looks its link up (signin/server.py), and an ORM session costs twice the query."""
    t = m.Visit.__table__
    return conn.execute(select(t).where(t.c.signin_token == token, t.c.deleted.is_(False))).first()
