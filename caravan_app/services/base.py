"""What every service shares: the database and a way to read records as plain dicts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..storage import models as m
from ..storage.database import Database
from ..storage.records import record_fields, unit_of_work


def as_dict(entity: str, row: m.Synced) -> dict[str, Any]:
    """A record as a plain dict: ``id`` plus its user fields (what the GUI/CLI/reports see)."""
    return {"id": row.id, **record_fields(entity, row)}


class Service:
    def __init__(self, db: Database) -> None:
        self.db = db

    def unit(self):  # noqa: ANN201 - context manager of UnitOfWork
        return unit_of_work(self.db)

    def read(self):  # noqa: ANN201 - context manager of Session
        return self.db.read()

    @staticmethod
    def _get(s: Session, entity: str, rid: str) -> dict[str, Any] | None:
        row = s.get(m.MODELS[entity], rid)
        return None if row is None or row.deleted else as_dict(entity, row)
