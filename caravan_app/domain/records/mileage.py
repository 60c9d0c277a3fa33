"""Odometer readings (行驶里程) as storage hands them to the mileage service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class OdometerReading:
    """One synced reading of a van's odometer on a day; ``caravan_id`` is the survivor of a merge
    where the repository resolved it."""

    ENTITY: ClassVar[str] = "odometer"

    id: str
    caravan_id: str
    date: str
    out_km: int
    back_km: int
    confirmed: bool | None
    note: str | None
    corrects: str | None
    at: str
    deleted: bool = False
