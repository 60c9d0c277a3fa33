"""The odometer readings of the mileage service (``services/mileage.py``), as records."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..domain.records.mileage import OdometerReading
from . import merges
from . import models as m
from .office_queries import odometer_rows


def _record(r: m.OdometerReading, van: str) -> OdometerReading:
    return OdometerReading(
        r.id, van, r.date, r.out_km, r.back_km, r.confirmed, r.note, r.corrects, r.at, bool(r.deleted)
    )


def van_readings(s: Session, caravan_id: str) -> list[OdometerReading]:
    """Every reading of a van and of the duplicates merged into it, each under the van it names."""
    return [_record(r, r.caravan_id) for r in odometer_rows(s, caravan_id)]


def readings(s: Session, caravan_id: str | None = None) -> list[OdometerReading]:
    """Every reading (of one van with its merged duplicates, or of all vans), each under the
    survivor of its van's merges: a merged duplicate van counts as its survivor."""
    rows = odometer_rows(s, caravan_id)
    survivor = {c: merges.survivor(s, c) or c for c in {r.caravan_id for r in rows}}
    return [_record(r, survivor[r.caravan_id]) for r in rows]


def caravan_exists(s: Session, caravan_id: str) -> bool:
    """The van's record is on this laptop (deleted or not: a reading names it either way)."""
    return s.get(m.Caravan, caravan_id) is not None
