"""Reads of the catalogue merge facts and of the records they join (services/merges.py)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.records.merges import CatalogueEntry, Merge
from . import models as m
from .queries import live


def _merge(row: m.Merge) -> Merge:
    return Merge(row.id, row.entity, row.from_id, row.into_id, row.reason, row.undoes)


def _entry(entity: str, row: m.Synced) -> CatalogueEntry:
    return CatalogueEntry(
        row.id, entity, getattr(row, "name", None), getattr(row, "county", None), getattr(row, "plate", None)
    )


def merges_newest_first(s: Session) -> list[Merge]:
    """Every merge fact (undos included), newest first."""
    return [_merge(r) for r in s.scalars(select(m.Merge).order_by(m.Merge.hlc.desc(), m.Merge.id))]


def merge_fact(s: Session, fact_id: str) -> Merge | None:
    """The merge fact ``fact_id`` if this laptop holds it."""
    row = s.get(m.Merge, fact_id)
    return None if row is None else _merge(row)


def entry(s: Session, entity: str, rid: str) -> CatalogueEntry | None:
    """The title, site or van ``rid`` (deleted ones too: a merge names what it joined)."""
    row = s.get(m.MODELS[entity], rid)
    return None if row is None else _entry(entity, row)


def live_entries(s: Session, entity: str) -> list[CatalogueEntry]:
    """Every live title, site or van of ``entity``."""
    model = m.MODELS[entity]
    return [_entry(entity, r) for r in s.scalars(live(model))]


def fact_ids(s: Session) -> set[str]:
    """The ids of every merge fact held (made, undone or undoing)."""
    return set(s.scalars(select(m.Merge.id)))
