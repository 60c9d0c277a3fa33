"""Values that lost a per-field merge (the ``conflicts`` table), as records for review."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from ..domain.errors import NotFound
from ..domain.merge import is_lifecycle_field
from ..domain.records.visits import LostValue
from . import models as m
from . import queries as q
from .records import UnitOfWork

# The field that names a record in the review list (a site's name, a visit's date).
_LABEL_FIELDS = {
    "site": "name",
    "visit": "date",
    "person": "name",
    "title": "name",
    "caravan": "name",
    "device": "name",
}


def lost_values(s: Session, include_reviewed: bool = False) -> list[LostValue]:
    """Lost values newest first, each with its record's label and current value."""
    out = []
    for c in q.conflicts(s, include_reviewed):
        row = s.get(m.MODELS[c.entity], c.record_id)
        label_field = _LABEL_FIELDS.get(c.entity)
        out.append(
            LostValue(
                id=c.id,
                entity=c.entity,
                record_id=c.record_id,
                record=getattr(row, label_field) if row is not None and label_field else None,
                field=c.field,
                current=getattr(row, c.field, None) if row is not None else None,
                kept=json.loads(c.kept_value) if c.kept_value else None,
                lost=json.loads(c.lost_value) if c.lost_value else None,
                lost_device=c.lost_device,
                reviewed=c.reviewed,
                informational=is_lifecycle_field(c.entity, c.field),
            )
        )
    return out


def _conflict(u: UnitOfWork, conflict_id: int) -> m.Conflict:
    c: m.Conflict | None = u.session.get(m.Conflict, conflict_id)
    if c is None:
        raise NotFound("conflict", "找不到该冲突记录", f"no such conflict: {conflict_id}")
    return c


def lost_entry(u: UnitOfWork, conflict_id: int) -> tuple[str, str, str, object]:
    """(entity, record id, field, lost value) of one lost value (NotFound naming ``conflict``)."""
    c = _conflict(u, conflict_id)
    return c.entity, c.record_id, c.field, json.loads(c.lost_value) if c.lost_value else None


def mark_reviewed(u: UnitOfWork, conflict_id: int) -> None:
    """A person looked at it: it leaves the review list (the lost value stays in the table)."""
    _conflict(u, conflict_id).reviewed = True
