"""Registry queries for the 学校/站点 page and ``caravan site show/list``.

A visit counts when it is not deleted and completed (the same definition as the reports:
docs/reports.md); people are the sum of its tallies, books the copies handed out net of undos
and returns.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from ..domain.records.sites import RegistryEntry
from ..domain.vocab import VisitStatus
from . import models as m
from .stats_queries import BOOK_KINDS


def registry(s: Session, year: int) -> list[RegistryEntry]:
    """One entry per live site, by county, town and name: its place plus last_visit (ISO date
    or None), visits_year, attendees_year, books_year (册 only), handed_out_year ({unit:
    copies}) and visits_total."""
    start, end = f"{year:04d}-01-01", f"{year:04d}-12-31"
    done = and_(m.Visit.deleted.is_(False), m.Visit.status == VisitStatus.COMPLETED.value)
    people = select(func.coalesce(func.sum(m.Tally.delta), 0)).where(m.Tally.visit_id == m.Visit.id).scalar_subquery()
    books = (
        select(func.coalesce(func.sum(-m.Movement.qty), 0))
        .where(m.Movement.visit_id == m.Visit.id, m.Movement.kind.in_(BOOK_KINDS))
        .scalar_subquery()
    )
    per_visit = (
        select(
            m.Visit.site_id.label("site_id"),
            m.Visit.date.label("date"),
            people.label("people"),
            books.label("books"),
        )
        .where(done)
        .subquery()
    )
    year_cond = and_(per_visit.c.date >= start, per_visit.c.date <= end)
    agg = (
        select(
            per_visit.c.site_id,
            func.max(per_visit.c.date).label("last_visit"),
            func.count().label("visits_total"),
            func.sum(case((year_cond, 1), else_=0)).label("visits_year"),
            func.sum(case((year_cond, per_visit.c.people), else_=0)).label("attendees_year"),
            func.sum(case((year_cond, per_visit.c.books), else_=0)).label("books_year"),
        )
        .group_by(per_visit.c.site_id)
        .subquery()
    )
    q = (
        select(m.Site, agg.c.last_visit, agg.c.visits_total, agg.c.visits_year, agg.c.attendees_year, agg.c.books_year)
        .outerjoin(agg, agg.c.site_id == m.Site.id)
        .where(m.Site.deleted.is_(False))
        .order_by(m.Site.county, m.Site.town, m.Site.name)
    )
    # Copies this year per unit (册, 份, 本 …): units are never one number (domain/figures.py).
    unit = func.coalesce(func.nullif(m.Title.unit, ""), "册")
    uq = (
        select(m.Visit.site_id, unit, func.sum(-m.Movement.qty))
        .join(m.Visit, m.Visit.id == m.Movement.visit_id)
        .outerjoin(m.Title, m.Title.id == m.Movement.title_id)
        .where(done, m.Visit.date >= start, m.Visit.date <= end, m.Movement.kind.in_(BOOK_KINDS))
        .group_by(m.Visit.site_id, unit)
    )
    by_unit: dict[str, dict[str, int]] = {}
    for sid, u, n in s.execute(uq):
        if n:
            by_unit.setdefault(sid, {})[u] = int(n)
    return [
        RegistryEntry(
            id=site.id,
            name=site.name,
            kind=site.kind,
            county=site.county,
            town=site.town,
            students=site.students,
            last_visit=last,
            visits_total=int(total or 0),
            visits_year=int(vy or 0),
            attendees_year=int(ay or 0),
            books_year=by_unit.get(site.id, {}).get("册", 0),  # 册 only
            handed_out_year=by_unit.get(site.id, {}),  # every unit apart
        )
        for site, last, total, vy, ay, _all_units in s.execute(q)
    ]
