"""Aggregate queries behind the reports (visit report, day receipt, period statistics).

Definitions (docs/reports.md): an activity (场次) is a completed, not deleted visit; people
(人次) are the sum of its attendance tallies; books (册) are copies handed out at it, net of
undos and returns; a movement counts for the visit it names, whatever its timestamp.
Merged catalogue duplicates (storage/merges.py) count once, under the survivor's id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.orm import Session, aliased

from ..domain.records.catalog import Caravan, Person, Title
from ..domain.records.papers import DayCloseLines, DutyMark, SiteOnPaper
from ..domain.records.sites import Site
from ..domain.schema import ENTITIES
from ..domain.vocab import MovementKind, VisitStatus
from . import merges
from . import models as m

BOOK_KINDS = (MovementKind.DISTRIBUTE.value, MovementKind.UNDO.value, MovementKind.RETURN.value)


def signin_rows(s: Session, visit_id: str) -> list[tuple[str, str, str | None, str, str]]:
    """(name, group, organisation, method, at) of each person signed in, first row per person,
    in sign-in order (two laptops recording one person list them once)."""
    voided = select(m.SigninCorrection.signin_id).where(  # voided sign-ins leave the list
        m.SigninCorrection.kind == "void", m.SigninCorrection.visit_id == visit_id
    )
    first = (
        select(func.min(m.Signin.id).label("i"))
        .where(m.Signin.visit_id == visit_id, m.Signin.id.not_in(voided))
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
    """(title_id, kind, signed qty) of a van's movements with ``start_at <= at < end_at``.

    An undo counts under the kind of the movement it reverses (an undone load is less loaded,
    not a hand-out); an undo whose target is not here stays under ``undo``. Titles and vans merged
    as duplicates count as their survivor."""
    target = aliased(m.Movement)
    kind = case((m.Movement.kind == "undo", func.coalesce(target.kind, "undo")), else_=m.Movement.kind)
    title = merges.resolved(m.Movement.title_id)
    q = (
        select(title, kind, func.sum(m.Movement.qty))
        .select_from(m.Movement)
        .outerjoin(target, (m.Movement.kind == "undo") & (target.id == m.Movement.ref_id))
        .where(
            m.Movement.caravan_id.in_(merges.aliases(s, caravan_id)),
            m.Movement.at >= start_at,
            m.Movement.at < end_at,
        )
        .group_by(title, kind)
    )
    return [(t, k, int(n or 0)) for t, k, n in s.execute(q)]


def caravans_active(s: Session, date: str, next_day: str) -> set[str]:
    """Vans with a visit, a stock movement, a day close or an odometer reading on ``date``."""
    out = set(s.scalars(select(m.Visit.caravan_id).where(m.Visit.date == date, m.Visit.deleted.is_(False))))
    out |= set(s.scalars(select(m.Movement.caravan_id).where(m.Movement.at >= date, m.Movement.at < next_day)))
    out |= set(s.scalars(select(m.DayClose.caravan_id).where(m.DayClose.date == date)))
    # a trip without a visit (odometer readings only) is a day of that van too
    out |= set(s.scalars(select(m.OdometerReading.caravan_id).where(m.OdometerReading.date == date)))
    return {merges.survivor(s, c) or c for c in out}


def last_day_close(s: Session, caravan_id: str, date: str) -> DayCloseLines | None:
    q = (
        select(m.DayClose)
        .where(
            m.DayClose.caravan_id.in_(merges.aliases(s, caravan_id)),
            m.DayClose.date == date,
            m.DayClose.deleted.is_(False),
        )
        .order_by(m.DayClose.at.desc(), m.DayClose.id.desc())
    )
    row = s.scalars(q).first()
    return None if row is None else DayCloseLines(row.id, row.at, row.note, row.lines)


# --- what the papers name: vans, people, titles, sites (deleted ones too: a paper of the past
# still names them), and a visit's duty events


def _ids(ids: Iterable[str]) -> list[str]:
    return sorted({i for i in ids if i})


C = TypeVar("C", Caravan, Person, Title)


def _named(s: Session, cls: type[C], entity: str, ids: Iterable[str]) -> dict[str, C]:
    """The records of these ids as stored, deleted or merged ones too (a paper names what it names)."""
    model = m.MODELS[entity]
    cols = ("id", *ENTITIES[entity].fields)
    q = select(*(getattr(model, c) for c in cols)).where(model.id.in_(_ids(ids)))
    return {r[0]: cls(**dict(zip(cols, r, strict=True))) for r in s.execute(q)}


def vans(s: Session, ids: Iterable[str]) -> dict[str, Caravan]:
    return _named(s, Caravan, "caravan", ids)


def van(s: Session, caravan_id: str) -> Caravan | None:
    return vans(s, [caravan_id]).get(caravan_id)


def people(s: Session, ids: Iterable[str]) -> dict[str, Person]:
    return _named(s, Person, "person", ids)


def titles(s: Session, ids: Iterable[str]) -> dict[str, Title]:
    return _named(s, Title, "title", ids)


def site(s: Session, site_id: str) -> SiteOnPaper | None:
    row = s.get(m.Site, site_id) if site_id else None
    if row is None:
        return None
    return SiteOnPaper(Site(id=row.id, **{f: getattr(row, f) for f in ENTITIES["site"].fields}), bool(row.deleted))


def duty_marks(s: Session, visit_id: str) -> list[DutyMark]:
    """A visit's on/off duty events in time order."""
    q = (
        select(m.DutyEvent.person_id, m.DutyEvent.kind, m.DutyEvent.at)
        .where(m.DutyEvent.visit_id == visit_id)
        .order_by(m.DutyEvent.at, m.DutyEvent.id)
    )
    return [DutyMark(*r) for r in s.execute(q)]


# --- period statistics -----------------------------------------------------------------------


def _done(start: str, end: str, caravan_id: str | None, county: str | None = None) -> ColumnElement[bool]:
    """Completed, live visits of the period; of one van and/or at sites of one county."""
    conds = [
        m.Visit.deleted.is_(False),
        m.Visit.status == VisitStatus.COMPLETED.value,
        m.Visit.date >= start,
        m.Visit.date <= end,
    ]
    if caravan_id:
        conds.append(merges.resolved(m.Visit.caravan_id) == merges.resolved(literal(caravan_id)))
    if county:
        conds.append(merges.resolved(m.Visit.site_id).in_(select(m.Site.id).where(m.Site.county == county)))
    return and_(*conds)


def period_titles(
    s: Session, start: str, end: str, caravan_id: str | None, county: str | None = None
) -> list[tuple[str, int, int]]:
    """(title_id, copies, visits that handed it out) over the period, most copies first."""
    title = merges.resolved(m.Movement.title_id)
    q = (
        select(title, func.sum(-m.Movement.qty), func.count(func.distinct(m.Movement.visit_id)))
        .join(m.Visit, m.Visit.id == m.Movement.visit_id)
        .where(_done(start, end, caravan_id, county), m.Movement.kind.in_(BOOK_KINDS))
        .group_by(title)
        .order_by(func.sum(-m.Movement.qty).desc(), title)
    )
    return [(t, int(n or 0), int(v)) for t, n, v in s.execute(q) if n]


def period_visits(
    s: Session, start: str, end: str, caravan_id: str | None, county: str | None = None
) -> list[tuple[Any, ...]]:
    """One line per completed visit, by date: (id, date, caravan_id, site_id, county, site kind,
    site name, theme, people, books, distinct sign-ins, town, activity kind, activities). The per-visit sums are correlated
    subqueries so each uses its table's visit index (the grouping by county, van or month of
    these few rows per visit is then a single pass in the service)."""
    people = select(func.coalesce(func.sum(m.Tally.delta), 0)).where(m.Tally.visit_id == m.Visit.id).scalar_subquery()
    books = (
        select(func.coalesce(func.sum(-m.Movement.qty), 0))
        .where(m.Movement.visit_id == m.Visit.id, m.Movement.kind.in_(BOOK_KINDS))
        .scalar_subquery()
    )
    voided = select(m.SigninCorrection.signin_id).where(m.SigninCorrection.kind == "void")
    signed = (
        select(func.count(func.distinct(m.Signin.dedupe_key)))
        .where(m.Signin.visit_id == m.Visit.id, m.Signin.id.not_in(voided))
        .scalar_subquery()
    )
    site = merges.resolved(m.Visit.site_id)
    q = (
        select(
            m.Visit.id,
            m.Visit.date,
            merges.resolved(m.Visit.caravan_id),
            site,
            m.Site.county,
            m.Site.kind,
            m.Site.name,
            m.Visit.theme,
            people,
            books,
            signed,
            m.Site.town,
            m.Visit.activity_kind,
            m.Visit.activities,  # the kind's default when none was set
        )
        .select_from(m.Visit)
        .outerjoin(m.Site, m.Site.id == site)
        .where(_done(start, end, caravan_id, county))
        .order_by(m.Visit.date, m.Visit.id)
    )
    rows = [tuple(r) for r in s.execute(q)]
    # people net of tally take-backs (each entry gives back at most its own count)
    from .queries import taken_back_by_visit

    taken = taken_back_by_visit(s)
    return [(*r[:8], max(0, int(r[8] or 0) - taken.get(r[0], 0)), *r[9:]) if r[0] in taken else r for r in rows]


def period_visit_titles(
    s: Session, start: str, end: str, caravan_id: str | None, county: str | None = None
) -> list[tuple[str, str, int]]:
    """(visit_id, title_id, copies) of the period's completed visits: the service counts each
    visit's copies per unit from these (册 and 份 are never one number)."""
    title = merges.resolved(m.Movement.title_id)
    q = (
        select(m.Movement.visit_id, title, func.sum(-m.Movement.qty))
        .join(m.Visit, m.Visit.id == m.Movement.visit_id)
        .where(_done(start, end, caravan_id, county), m.Movement.kind.in_(BOOK_KINDS))
        .group_by(m.Movement.visit_id, title)
    )
    return [(v, t, int(n)) for v, t, n in s.execute(q) if n]


def period_towns(s: Session, start: str, end: str, caravan_id: str | None) -> set[tuple[str, str]]:
    """(county, town) of the sites of the period's completed visits: the towns reached (no
    per-visit sums; period_visits' correlated subqueries cost ~60 ms a year for this)."""
    site = merges.resolved(m.Visit.site_id)
    q = (
        select(m.Site.county, m.Site.town)
        .select_from(m.Visit)
        .join(m.Site, m.Site.id == site)
        .where(_done(start, end, caravan_id), m.Site.town.is_not(None), m.Site.town != "")
        .distinct()
    )
    return {(c or "", t or "") for c, t in s.execute(q)}


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


def period_groups(
    s: Session, start: str, end: str, caravan_id: str | None, county: str | None = None
) -> dict[str, int]:
    """Head counts per attendance group (小学生, 教师, 家长·村民 …) over the period's activities."""
    q = (
        select(m.Tally.group, func.coalesce(func.sum(m.Tally.delta), 0))
        .join(m.Visit, m.Visit.id == m.Tally.visit_id)
        .where(_done(start, end, caravan_id, county))
        .group_by(m.Tally.group)
    )
    return {g: int(n) for g, n in s.execute(q)}


def site_towns(s: Session) -> list[tuple[str, str]]:
    """(county, town) of every live site that names its town (乡镇/街道): the towns there are
    to cover, for "not visited this year"."""
    q = (
        select(m.Site.county, m.Site.town)
        .where(m.Site.deleted.is_(False), m.Site.town.is_not(None), m.Site.town != "")
        .distinct()
        .order_by(m.Site.county, m.Site.town)
    )
    return [(c or "", t or "") for c, t in s.execute(q)]


def county_caravans(s: Session, county: str) -> set[str]:
    """Ids of the vans based in one county (their home county): a county's km and days out."""
    return set(s.scalars(select(m.Caravan.id).where(m.Caravan.home_county == county)))
