"""Read queries the services need (aggregates run in SQL, not in Python loops)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from . import merges
from . import models as m


def live(model: Any) -> Select:
    return select(model).where(model.deleted.is_(False))


def live_unmerged(model: Any) -> Select:
    """Live records minus catalogue duplicates merged into another (lists show survivors)."""
    return live(model).where(model.id.not_in(select(m.MergedId.from_id)))


def stock_balances(s: Session, caravan_id: str, until_at: str | None = None) -> dict[str, int]:
    """Balance per title of a van; merged duplicate vans and titles count as one (the
    survivor's id)."""
    title = merges.resolved(m.Movement.title_id)
    q = select(title, func.sum(m.Movement.qty)).where(m.Movement.caravan_id.in_(merges.aliases(s, caravan_id)))
    if until_at is not None:
        q = q.where(m.Movement.at < until_at)
    q = q.group_by(title)
    return {t: int(n or 0) for t, n in s.execute(q)}


def stock_balance(s: Session | Connection, caravan_id: str, title_id: str) -> int:
    c = _conn(s)
    q = select(func.coalesce(func.sum(m.Movement.qty), 0)).where(
        m.Movement.caravan_id.in_(merges.aliases(c, caravan_id)), m.Movement.title_id.in_(merges.aliases(c, title_id))
    )
    return int(c.execute(q).scalar() or 0)


def tally_totals(s: Session | Connection, visit_id: str) -> dict[str, int]:
    """Head counts per group: the entries, less what take-backs took from each entry (each
    entry gives back at most its own count, so a merged total is never negative)."""
    q = select(m.Tally.group, func.sum(m.Tally.delta)).where(m.Tally.visit_id == visit_id).group_by(m.Tally.group)
    sums = {g: int(n or 0) for g, n in _conn(s).execute(q)}
    for g, n in taken_back(s, visit_id).items():
        sums[g] = sums.get(g, 0) - n
    return {g: max(0, n) for g, n in sums.items()}


# --- tally take-backs and sign-in corrections -------------------------------------------

# What take-backs took from each entry, capped at the entry: the SQL every total shares. Each
# take-back counts at most one tally step (100 000), so no sum leaves 64 bits whatever a stored
# row holds (a read-only folder keeps rows the laptop could not set aside).
_TAKEN_SQL = (
    'SELECT t.visit_id, t."group", t.id, t.delta, k.taken FROM tallies t JOIN '
    "(SELECT tally_id, SUM(MIN(MAX(qty, 0), 100000)) AS taken FROM tally_takebacks {where} GROUP BY tally_id) k "
    "ON k.tally_id = t.id"
)


def taken_back(s: Session | Connection, visit_id: str) -> dict[str, int]:
    """group -> head count taken back at a visit (per entry at most the entry's count)."""
    out: dict[str, int] = {}
    sql = _TAKEN_SQL.format(where="WHERE visit_id = ?")
    for _v, g, _id, delta, taken in _cur(s).execute(sql, (visit_id,)).fetchall():
        out[g] = out.get(g, 0) + max(0, min(int(delta), int(taken)))
    return out


def taken_back_by_visit(s: Session | Connection) -> dict[str, int]:
    """visit_id -> head count taken back (all groups), for period figures."""
    out: dict[str, int] = {}
    for v, _g, _id, delta, taken in _cur(s).execute(_TAKEN_SQL.format(where="")).fetchall():
        out[v] = out.get(v, 0) + max(0, min(int(delta), int(taken)))
    return out


def tally_entries(s: Session | Connection, visit_id: str, group: str) -> list[tuple[str, int, int]]:
    """(id, count, already taken back) of a group's +entries, newest first."""
    rows = (
        _cur(s)
        .execute(
            "SELECT t.id, t.delta, COALESCE((SELECT SUM(MIN(MAX(qty, 0), 100000)) FROM tally_takebacks k "
            "WHERE k.tally_id = t.id), 0) "
            'FROM tallies t WHERE t.visit_id = ? AND t."group" = ? AND t.delta > 0 ORDER BY t.at DESC, t.id DESC',
            (visit_id, group),
        )
        .fetchall()
    )
    return [(r[0], int(r[1]), int(r[2])) for r in rows]


def takebacks(s: Session | Connection, visit_id: str | None = None) -> list[tuple[Any, ...]]:
    """(id, tally_id, visit_id, group, qty, seen, device_id, at) of take-backs."""
    sql = 'SELECT id, tally_id, visit_id, "group", qty, seen, device_id, at FROM tally_takebacks'
    args: tuple[Any, ...] = ()
    if visit_id:
        sql += " WHERE visit_id = ?"
        args = (visit_id,)
    return [tuple(r) for r in _cur(s).execute(sql + " ORDER BY at, id", args).fetchall()]


# Sign-ins that count: not voided. A void names one sign-in row (by id).
# Not voided, with the void list bound to one visit (the second ``?``): not correlated per row,
# 2.5x faster than _LIVE_SIGNIN at 300 sign-ins (the count and the number on every phone sign-in).
_NOT_VOIDED_AT = "id NOT IN (SELECT signin_id FROM signin_corrections WHERE kind = 'void' AND visit_id = ?)"
_LIVE_SIGNIN = (
    "id NOT IN (SELECT signin_id FROM signin_corrections WHERE kind = 'void' AND visit_id = signins.visit_id)"
)


def voided_signin_ids(s: Session | Connection, visit_id: str | None = None) -> set[str]:
    sql = "SELECT signin_id FROM signin_corrections WHERE kind = 'void'"
    args: tuple[Any, ...] = ()
    if visit_id:
        sql += " AND visit_id = ?"
        args = (visit_id,)
    return {r[0] for r in _cur(s).execute(sql, args).fetchall()}


def confirmed_distinct_ids(s: Session | Connection, visit_id: str) -> set[str]:
    sql = "SELECT signin_id FROM signin_corrections WHERE kind = 'distinct' AND visit_id = ?"
    return {r[0] for r in _cur(s).execute(sql, (visit_id,)).fetchall()}


def signin_correction(s: Session | Connection, record_id: str) -> tuple[Any, ...] | None:
    row = _cur(s).execute("SELECT id, signin_id, kind FROM signin_corrections WHERE id = ?", (record_id,)).fetchone()
    return tuple(row) if row else None


def live_signins(s: Session | Connection, visit_id: str) -> list[tuple[Any, ...]]:
    """(id, name, organisation, dedupe_key, method, phone) of a visit's counted sign-ins, in order."""
    sql = (
        "SELECT id, name, organisation, dedupe_key, method, phone FROM signins "
        f"WHERE visit_id = ? AND {_LIVE_SIGNIN} ORDER BY at, id"
    )
    return [tuple(r) for r in _cur(s).execute(sql, (visit_id,)).fetchall()]


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
    """(id, name) of this person's first counted sign-in at the visit, if any (plain SQL: a hot path)."""
    row = (
        _cur(s)
        .execute(
            f"SELECT id, name FROM signins WHERE visit_id = ? AND dedupe_key = ? AND {_LIVE_SIGNIN} ORDER BY id LIMIT 1",
            (visit_id, key),
        )
        .fetchone()
    )
    return (row[0], row[1]) if row else None


def signin_count(s: Session | Connection, visit_id: str) -> int:
    """Distinct people signed in (two rows for one person from two laptops count once; voided
    sign-ins do not count)."""
    row = (
        _cur(s)
        .execute(
            f"SELECT count(DISTINCT dedupe_key) FROM signins WHERE visit_id = ? AND {_NOT_VOIDED_AT}",
            (visit_id, visit_id),
        )
        .fetchone()
    )
    return int(row[0] or 0)


def signin_ids(
    s: Session,
    visit_id: str | None = None,
    search: str | None = None,
    before: str | None = None,
    limit: int | None = None,
    include_voided: bool = False,
) -> list[str]:
    """Ids of sign-ins, newest first: the lazy sign-in list loads rows by these ids.

    ``before``/``limit`` page through them by key (ids are time-ordered), so a list over a
    million rows reads only the page it shows.
    """
    q = select(m.Signin.id)
    if not include_voided:  # a voided sign-in leaves the list
        voided = select(m.SigninCorrection.signin_id).where(m.SigninCorrection.kind == "void")
        q = q.where(m.Signin.id.not_in(voided))
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
    """(title_id, recipient, copies) handed out at a visit, net of undos and returns (merged
    duplicate titles as one)."""
    title = merges.resolved(m.Movement.title_id)
    q = (
        select(title, m.Movement.recipient, func.sum(-m.Movement.qty))
        .where(m.Movement.visit_id == visit_id, m.Movement.kind.in_(("distribute", "undo", "return")))
        .group_by(title, m.Movement.recipient)
    )
    return [(t, r, int(n or 0)) for t, r, n in s.execute(q) if n]


def duty_events(s: Session, visit_id: str) -> list[m.DutyEvent]:
    q = select(m.DutyEvent).where(m.DutyEvent.visit_id == visit_id).order_by(m.DutyEvent.at, m.DutyEvent.id)
    return list(s.scalars(q))


def visit_reopens(s: Session, visit_id: str) -> Sequence[m.VisitReopen]:
    """A visit's reopen facts in time order."""
    return s.scalars(
        select(m.VisitReopen).where(m.VisitReopen.visit_id == visit_id).order_by(m.VisitReopen.at, m.VisitReopen.id)
    ).all()


def visit_signins(s: Session, visit_id: str) -> Sequence[m.Signin]:
    """Every sign-in row of a visit (voided and corrected ones too) in time order."""
    return s.scalars(select(m.Signin).where(m.Signin.visit_id == visit_id).order_by(m.Signin.at, m.Signin.id)).all()


def visits_between(
    s: Session, start: str | None, end: str | None, caravan_id: str | None = None, status: str | None = None
) -> list[m.Visit]:
    q = live(m.Visit)
    conds = []
    if start:
        conds.append(m.Visit.date >= start)
    if end:
        conds.append(m.Visit.date <= end)
    if caravan_id:  # a merged duplicate van's visits are the survivor's too
        conds.append(merges.resolved(m.Visit.caravan_id) == merges.resolved(literal(caravan_id)))
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


def signin_link(cur: Any, token: str, open_key_prefix: str) -> tuple[dict[str, Any] | None, bool]:
    """The visit behind a phone link (the exact token first, else its upper-case form) and
    whether this laptop has sign-in open for it (``meta[open_key_prefix + id] == "1"``): one
    plain statement on a DBAPI cursor (``Database.read_cursor``), read on every phone request."""
    from ..domain.schema import ENTITIES

    fields = list(ENTITIES["visit"].fields)
    cols = ", ".join(f'v."{f}"' for f in fields)
    row = cur.execute(
        f"SELECT v.id, {cols}, (SELECT value FROM meta WHERE key = ? || v.id) FROM visits v "
        "WHERE v.signin_token IN (?, ?) AND v.deleted = 0 ORDER BY v.signin_token = ? DESC LIMIT 1",
        (open_key_prefix, token, token.upper(), token),
    ).fetchone()
    if row is None:
        return None, False
    return {"id": row[0], **dict(zip(fields, row[1:-1], strict=True))}, row[-1] == "1"


def counted_signins(cur: Any, visit_id: str, ids: Sequence[str]) -> list[tuple[str, str]]:
    """(id, name) of those of ``ids`` that are counted sign-ins of the visit (not voided), in
    the order given (plain SQL: the phone's cookie names them on every request)."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    found = {
        r[0]: (r[0], r[1])
        for r in cur.execute(
            f"SELECT id, name FROM signins WHERE visit_id = ? AND id IN ({marks}) AND {_LIVE_SIGNIN}",
            (visit_id, *ids),
        ).fetchall()
    }
    return [found[i] for i in ids if i in found]


def signin_number(s: Session | Connection | Any, visit_id: str, signin_id: str) -> int:
    """A sign-in's number at its visit: the people (dedupe keys) whose first counted sign-in
    came no later than it (voided sign-ins left out). ``s``: a Session, a Connection or a
    DBAPI cursor."""
    cur: Any = s if hasattr(s, "fetchone") else _cur(s)
    row = cur.execute(
        f"SELECT count(*) FROM (SELECT min(id) AS i FROM signins WHERE visit_id = ? AND {_NOT_VOIDED_AT} "
        "GROUP BY dedupe_key) WHERE i <= ?",
        (visit_id, visit_id, signin_id),
    ).fetchone()
    return int(row[0] or 0)


def live_visit_by_token(conn: Connection, token: str) -> Any:
    """The visit row behind a phone link, or None. Core on a bare connection: every phone
    request looks its link up (signin/server.py), and an ORM session costs twice the query."""
    t = m.Visit.__table__
    return conn.execute(select(t).where(t.c.signin_token == token, t.c.deleted.is_(False))).first()
