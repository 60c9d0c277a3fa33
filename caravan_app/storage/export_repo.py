"""Reads of every synced table for the exports (services/export.py): the canonical records,
the live rows as stored, and the live records as plain mappings for the office's sheets."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.canonical import canonical_record
from ..domain.schema import ENTITIES
from . import models as m
from .records import record_fields


def entities() -> list[str]:
    """The synced entities in table order (the order of the export's sheets)."""
    return list(m.MODELS)


def canonical_rows(s: Session) -> list[tuple[str, dict[str, Any]]]:
    """Every synced record, deleted ones included, in its canonical form (domain/canonical.py)."""
    out: list[tuple[str, dict[str, Any]]] = []
    for entity, model in m.MODELS.items():
        for row in s.scalars(select(model)):
            out.append(
                (entity, canonical_record(entity, row.id, row.device_id, row.deleted, record_fields(entity, row)))
            )
    return out


def _live(s: Session, entity: str) -> list[Any]:
    model = m.MODELS[entity]
    return list(s.scalars(select(model).where(model.deleted.is_(False)).order_by(model.id)))


def table_rows(s: Session, entity: str) -> list[list[Any]]:
    """The live rows of ``entity`` by id, each as ``[id, *fields]`` in the schema's field order."""
    cols = ["id", *ENTITIES[entity].fields]
    return [[getattr(r, c) for c in cols] for r in _live(s, entity)]


def live_records(s: Session) -> dict[str, list[dict[str, Any]]]:
    """Every live record per entity as a mapping of its fields plus ``id``, by id."""
    return {entity: [{"id": r.id, **record_fields(entity, r)} for r in _live(s, entity)] for entity in m.MODELS}
