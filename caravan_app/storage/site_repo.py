"""Sites as records: the reads ``SiteService`` needs (its writes go through ``UnitOfWork``)."""

from __future__ import annotations

from sqlalchemy import or_
from sqlalchemy.orm import Session

from ..domain.records.sites import Site
from . import models as m
from .queries import live, live_unmerged
from .records import record_fields


def _record(row: m.Site) -> Site:
    # The schema's fields exactly (the records test checks Site carries each one).
    return Site(id=row.id, **record_fields("site", row))


def get(s: Session, site_id: str) -> Site | None:
    """The live site with this id (None: unknown or deleted)."""
    row = s.get(m.Site, site_id) if site_id else None
    return None if row is None or row.deleted else _record(row)


def search(s: Session, text: str | None = None, county: str | None = None, kind: str | None = None) -> list[Site]:
    """Live sites, merged duplicates left out (listed once), by county then name. ``text`` is
    matched anywhere in the name, town, address or contact."""
    q = live_unmerged(m.Site)
    if text:
        like = f"%{text}%"
        q = q.where(
            or_(m.Site.name.like(like), m.Site.town.like(like), m.Site.address.like(like), m.Site.contact.like(like))
        )
    if county:
        q = q.where(m.Site.county == county)
    if kind:
        q = q.where(m.Site.kind == kind)
    return [_record(r) for r in s.scalars(q.order_by(m.Site.county, m.Site.name))]


def names(s: Session) -> list[tuple[str, str]]:
    """(name, county) of every live site, merged duplicates included."""
    return [(r.name, r.county) for r in s.scalars(live(m.Site))]
