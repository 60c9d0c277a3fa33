"""The visit aggregate's storage: visits, their crew duty and reopen facts, as records.

``services.visits`` reads and changes visits through these functions only; each takes the
session or unit of work the service opened (writes still go through ``UnitOfWork``: outbox
and HLC), so one user action stays one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from ..domain.records import from_mapping
from ..domain.records.sites import Site
from ..domain.records.visits import Visit, VisitListing
from . import models as m
from . import queries as q
from .records import UnitOfWork, record_fields


def to_visit(row: Any) -> Visit:
    """A visit row (ORM object or Core row) as its record."""
    return from_mapping(Visit, {"id": row.id, **record_fields("visit", row)})


def get(s: Session, visit_id: str) -> Visit | None:
    """A live visit, or None (also for a deleted one)."""
    row = s.get(m.Visit, visit_id)
    return None if row is None or row.deleted else to_visit(row)


def get_any(s: Session, visit_id: str) -> Visit | None:
    """A visit even if deleted (its report and crew hours still read)."""
    row = s.get(m.Visit, visit_id)
    return None if row is None else to_visit(row)


def for_change(u: UnitOfWork, visit_id: str) -> Visit:
    """The live visit a command changes, inside its unit of work (NotFound naming ``visit_id``)."""
    return to_visit(u.get("visit", visit_id, field="visit_id"))


def check_exists(u: UnitOfWork, entity: str, record_id: str | None, field: str) -> None:
    """Refuse a reference to a missing or deleted record (NotFound naming ``field``)."""
    u.get(entity, record_id, field=field)


def by_token(conn: Connection, token: str) -> Visit | None:
    """The live visit behind a phone link (Core on a bare connection: no ORM session)."""
    row = q.live_visit_by_token(conn, token)
    return to_visit(row) if row else None


def signin_link(cur: Any, token: str, open_key_prefix: str) -> tuple[Visit | None, bool]:
    """The visit behind a phone link and whether sign-in is open for it (``queries.signin_link``:
    one plain statement on a DBAPI cursor, read on every phone request)."""
    row, is_open = q.signin_link(cur, token, open_key_prefix)
    # Built directly: the statement reads exactly the id and the visit's fields (the hot path).
    return (Visit(**row) if row is not None else None), is_open


def listing(
    s: Session, start: str | None, end: str | None, caravan_id: str | None = None, status: str | None = None
) -> list[VisitListing]:
    """Visits by date with their site's name ("?" when the site is gone) and county."""
    rows = q.visits_between(s, start, end, caravan_id, status)
    sites = {r.id: r for r in q.rows_by_ids(s, m.Site, list({v.site_id for v in rows}))}
    out = []
    for v in rows:
        site = sites.get(v.site_id)
        data = {"id": v.id, **record_fields("visit", v)}
        data["site_name"] = site.name if site else "?"
        data["county"] = site.county if site else None
        out.append(from_mapping(VisitListing, data))
    return out


def duty_events(s: Session, visit_id: str) -> list[tuple[str, str, str]]:
    """(person id, kind, at) of a visit's duty events in time order."""
    return [(e.person_id, e.kind, e.at) for e in q.duty_events(s, visit_id)]


def reopens(s: Session, visit_id: str) -> list[tuple[str, str, str, str | None, str]]:
    """(id, visit id, reason, by, at) of a visit's reopen facts in time order."""
    return [(r.id, r.visit_id, r.reason, r.by, r.at) for r in q.visit_reopens(s, visit_id)]


def site_of(s: Session, site_id: str) -> Site | None:
    """A visit's site, even a deleted one (as the visit report prints it), or None."""
    row = s.get(m.Site, site_id)
    return None if row is None else Site(id=row.id, **record_fields("site", row))


def title_units(s: Session, title_ids: Sequence[str]) -> dict[str, str | None]:
    """title id -> unit (册, 套 …) of the given titles."""
    return {t.id: t.unit for t in q.rows_by_ids(s, m.Title, list(title_ids))}
