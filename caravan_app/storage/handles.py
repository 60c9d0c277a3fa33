"""The handles a service holds on the database, typed here so services never import SQLAlchemy.

``UnitOfWork`` (storage/records.py) is one write transaction; ``ReadSession`` one read
transaction. Services type their blocks with these and hand them to the repositories in this
package, which are the only code that builds queries or touches ORM rows."""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy.orm import Session

from . import models as m
from .records import UnitOfWork, record_fields, unit_of_work

__all__ = ["ReadSession", "UnitOfWork", "live_record", "record_dict", "unit_of_work"]

ReadSession: TypeAlias = Session


def record_dict(entity: str, row: m.Synced) -> dict[str, Any]:
    """A record as a plain dict: ``id`` plus its user fields (the older face of records)."""
    return {"id": row.id, **record_fields(entity, row)}


def live_record(s: ReadSession, entity: str, rid: str) -> dict[str, Any] | None:
    """One live (not deleted) record of ``entity`` as ``record_dict``, None if absent or deleted."""
    row = s.get(m.MODELS[entity], rid)
    return None if row is None or row.deleted else record_dict(entity, row)
