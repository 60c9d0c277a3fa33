"""The visit lifecycle, applied inside a unit of work (every face calls it through the
services: GUI, CLI, phone page, badge scanner).

``rules.visit_accepts_records`` decides; this starts a planned visit of today when its first
record arrives (arrival implied, recorded visibly: status 进行中 and ``arrived_at``).
Records pulled from the hub never pass through here: the hub is the truth.
"""

from __future__ import annotations

import datetime as dt

from ..domain import rules
from ..domain.errors import NotFound
from ..domain.vocab import VisitStatus
from ..storage.records import UnitOfWork


def open_for_records(u: UnitOfWork, visit_id: str, at: dt.datetime | None = None, *, start: bool = True) -> bool:
    """Refuse (DomainError) unless the visit takes records now; returns True when this record
    started a planned visit (arrival implied). ``start=False`` for corrections, which never
    start a visit."""
    row = u.cursor.execute("SELECT status, date FROM visits WHERE id = ? AND deleted = 0", (visit_id,)).fetchone()
    if row is None:
        raise NotFound("visit_id", "找不到该活动", f"no such visit: {visit_id}")
    status, date = row
    # The corrected clock (services/base.Clock reads the same HLC): a laptop a day off still
    # starts today's visit, not tomorrow's.
    when = at or dt.datetime.fromtimestamp(u.db.clock.corrected_ms() / 1000).replace(microsecond=0)
    day = when.date()
    if not rules.visit_accepts_records(status, date, today=day):
        return False
    if not start:
        return False
    u.update("visit", visit_id, {"status": VisitStatus.IN_PROGRESS.value, "arrived_at": rules.timestamp(when)})
    return True
