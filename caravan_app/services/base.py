"""What every service shares: the database and a way to read records as plain dicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ..storage import models as m
from ..storage.database import Database
from ..storage.records import record_fields, unit_of_work


def as_dict(entity: str, row: m.Synced) -> dict[str, Any]:
    """A record as a plain dict: ``id`` plus its user fields (what the GUI/CLI/reports see)."""
    return {"id": row.id, **record_fields(entity, row)}


class Clock:
    """The one clock services read for times people see (``at``, arrival, departure, "today"):
    the laptop's clock corrected by the offset to the hub measured at the last sync, so a
    laptop a day off still writes the right day. It reads the database's HLC (which tests skew
    by giving it another wall clock), so the two never disagree."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def now(self) -> dt.datetime:
        """Corrected local wall time (naive, like every ``at`` in the data)."""
        return dt.datetime.fromtimestamp(self.db.clock.corrected_ms() / 1000)

    def timestamp(self, value: dt.datetime | None = None) -> str:
        """An event's time, ISO to the second: ``value`` if a person gave one, else now."""
        return (value or self.now()).replace(microsecond=0).isoformat()

    def today(self) -> dt.date:
        return self.now().date()


class Service:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or Clock(db)

    def unit(self):  # noqa: ANN201 - context manager of UnitOfWork
        return unit_of_work(self.db)

    def read(self):  # noqa: ANN201 - context manager of Session
        return self.db.read()

    @staticmethod
    def _get(s: Session, entity: str, rid: str) -> dict[str, Any] | None:
        row = s.get(m.MODELS[entity], rid)
        return None if row is None or row.deleted else as_dict(entity, row)
