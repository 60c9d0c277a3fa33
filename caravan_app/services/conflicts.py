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

from collections.abc import Mapping

from ..domain.errors import DomainError
from ..domain.merge import is_lifecycle_field
from ..domain.records.visits import LostValue
from ..storage import conflict_repo
from .base import Service


class ConflictService(Service):
    def list(self, include_reviewed: bool = False) -> list[LostValue]:
        """Values that lost a merge, newest first (``include_reviewed``: also those looked at)."""
        with self.read() as s:
            return conflict_repo.lost_values(s, include_reviewed)

    def dismiss(self, conflict_id: int) -> None:
        """Keep the current value; the lost one stays in the table, marked as seen."""
        with self.unit() as u:
            conflict_repo.mark_reviewed(u, conflict_id)

    def restore_lost(self, conflict_id: int) -> Mapping[str, object]:
        """Put the lost value back as a new edit (it syncs to everyone like any change); returns
        the fields the edit changed (empty when the value is already back)."""
        with self.unit() as u:
            entity, record_id, field, value = conflict_repo.lost_entry(u, conflict_id)
            if is_lifecycle_field(entity, field):
                raise DomainError(
                    field,
                    "状态类字段只能通过开始、完成、取消、重新打开等操作改变，不能在这里恢复",
                    f"{field} moves by lifecycle commands only (start, complete, cancel, reopen); "
                    "it cannot be put back here",
                )
            changed = u.update(entity, record_id, {field: value})
            conflict_repo.mark_reviewed(u, conflict_id)
            return changed
