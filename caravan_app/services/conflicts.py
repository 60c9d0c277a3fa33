"""Reviewing values that lost a merge: two laptops edited the same field of a site or visit
*concurrently* (neither had seen the other's value; sequential edits are no conflict).

The newer edit (higher HLC, then device id) won everywhere; the other value is kept in the
``conflicts`` table. A person looks at each one and either dismisses it or puts the lost value
back, which is an ordinary edit (it syncs, and wins because it is newer).

Status fields (a visit's status, sign-in token, arrival and departure) move by lifecycle
commands only: their lost values are listed for information (``informational``) and cannot be
put back here.
"""

from __future__ import annotations

import json
from typing import Any

from ..domain.errors import DomainError, NotFound
from ..domain.merge import is_lifecycle_field
from ..storage import models as m
from ..storage import queries as q
from ..storage.records import UnitOfWork
from .base import Service

_LABEL_FIELDS = {
    "site": "name",
    "visit": "date",
    "person": "name",
    "title": "name",
    "caravan": "name",
    "device": "name",
}


class ConflictService(Service):
    def list(self, include_reviewed: bool = False) -> list[dict[str, Any]]:
        with self.read() as s:
            out = []
            for c in q.conflicts(s, include_reviewed):
                row = s.get(m.MODELS[c.entity], c.record_id)
                label_field = _LABEL_FIELDS.get(c.entity)
                out.append(
                    {
                        "id": c.id,
                        "entity": c.entity,
                        "record_id": c.record_id,
                        "record": getattr(row, label_field) if row is not None and label_field else None,
                        "field": c.field,
                        "current": getattr(row, c.field, None) if row is not None else None,
                        "kept": json.loads(c.kept_value) if c.kept_value else None,
                        "lost": json.loads(c.lost_value) if c.lost_value else None,
                        "lost_device": c.lost_device,
                        "reviewed": c.reviewed,
                        "informational": is_lifecycle_field(c.entity, c.field),
                    }
                )
            return out

    @staticmethod
    def _conflict(u: UnitOfWork, conflict_id: int) -> m.Conflict:
        c: m.Conflict | None = u.session.get(m.Conflict, conflict_id)
        if c is None:
            raise NotFound("conflict", "找不到该冲突记录", f"no such conflict: {conflict_id}")
        return c

    def dismiss(self, conflict_id: int) -> None:
        """Keep the current value; the lost one stays in the table, marked as seen."""
        with self.unit() as u:
            self._conflict(u, conflict_id).reviewed = True

    def restore_lost(self, conflict_id: int) -> dict[str, Any]:
        """Put the lost value back as a new edit (it syncs to everyone like any change)."""
        with self.unit() as u:
            c = self._conflict(u, conflict_id)
            if is_lifecycle_field(c.entity, c.field):
                raise DomainError(
                    c.field,
                    "状态类字段只能通过开始、完成、取消、重新打开等操作改变，不能在这里恢复",
                    f"{c.field} moves by lifecycle commands only (start, complete, cancel, reopen); "
                    "it cannot be put back here",
                )
            value = json.loads(c.lost_value) if c.lost_value else None
            changed = u.update(c.entity, c.record_id, {c.field: value})
            c.reviewed = True
            return changed
