"""Mileage (行驶里程): the odometer at departure and return, per van and day.

Readings are append-only synced facts (entity ``odometer``). Entering a day again records a
new reading that names the one it replaces (``corrects``); the day's kilometres come from the
reading nothing corrects (the latest if two laptops entered one). Rules:

- a reading never goes backwards: return ≥ departure, departure ≥ the return of the van's
  previous day, return ≤ the departure of its next day;
- more than ``WARN_KM`` km in a day is refused until a person confirms it (``confirm=True``,
  recorded on the reading);
- a day without any visit (to the garage, to fetch books) is a trip like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain import rules
from ..domain.errors import NotFound, RuleError, ValidationError
from ..domain.records.mileage import OdometerReading
from ..storage import mileage_repo
from .base import Clock, Service

WARN_KM = 500


class MileageWarning(RuleError):
    """More than WARN_KM in one day: allowed only when a person confirms it."""

    def __init__(self, km: int) -> None:
        self.km = km
        super().__init__(
            "back_km",
            f"当天行驶 {km} 公里，超过 {WARN_KM} 公里：请核对读数，确认无误后再保存（--confirm）",
            f"{km} km in one day is more than {WARN_KM} km: check the readings and confirm (--confirm)",
        )


@dataclass(frozen=True)
class DayMileage:
    id: str
    caravan_id: str
    date: str
    out_km: int
    back_km: int
    confirmed: bool
    note: str

    @property
    def km(self) -> int:
        return self.back_km - self.out_km

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "caravan_id": self.caravan_id,
            "date": self.date,
            "out_km": self.out_km,
            "back_km": self.back_km,
            "km": self.km,
            "confirmed": self.confirmed,
            "note": self.note,
        }


def _km(field: str, value: object) -> int:
    try:
        n = int(str(value).strip().replace(",", "").replace("，", ""))
    except (TypeError, ValueError):
        raise ValidationError(field, "里程表读数应为整数公里", "an odometer reading is a whole number of km") from None
    if not 0 <= n <= 9_999_999:
        raise ValidationError(field, "里程表读数超出范围（0 到 9999999）", "an odometer reading is 0 to 9,999,999 km")
    return n


def effective(rows: list[OdometerReading]) -> dict[tuple[str, str], OdometerReading]:
    """(van, date) -> the reading that counts: not corrected by another, latest (at, id)."""
    corrected = {r.corrects for r in rows if r.corrects}
    out: dict[tuple[str, str], OdometerReading] = {}
    for r in sorted(rows, key=lambda r: (r.at, r.id)):
        if r.id in corrected or r.deleted:
            continue
        out[(r.caravan_id, r.date)] = r
    return out


class MileageService(Service):
    def __init__(self, db: Any, clock: Clock | None = None, this_caravan: Any = None) -> None:
        super().__init__(db, clock)
        self._this_caravan = this_caravan  # () -> this laptop's van id (CatalogService.this_device)

    def record(
        self,
        date: object,
        out_km: object,
        back_km: object,
        caravan_id: str | None = None,
        confirm: bool = False,
        note: object = None,
        at: Any = None,
    ) -> DayMileage:
        """Record the day's departure and return readings of a van (this laptop's by default)."""
        day = rules.date("date", date)
        a, b = _km("out_km", out_km), _km("back_km", back_km)
        van = caravan_id or (self._this_caravan() if self._this_caravan else None)
        if not van:
            raise ValidationError(
                "caravan_id", "请指定大篷车（本机未设置所属车辆）", "give the van (this laptop has none)"
            )
        if b < a:
            raise RuleError(
                "back_km",
                f"收车读数 {b} 小于出车读数 {a}：里程表读数不能倒退",
                f"the return reading {b} is below the departure reading {a}: an odometer never goes backwards",
            )
        text = rules.text("notes", note, max_len=400)
        with self.unit() as u:
            u.status("caravan", van, "id", field="caravan_id")  # a van that is on this laptop
            eff = effective(mileage_repo.van_readings(u.session, van))
            before = [r for (_c, d), r in eff.items() if d < day]
            after = [r for (_c, d), r in eff.items() if d > day]
            if before:
                prev = max(before, key=lambda r: r.date)
                if a < prev.back_km:
                    raise RuleError(
                        "out_km",
                        f"出车读数 {a} 小于 {prev.date} 的收车读数 {prev.back_km}：里程表读数不能倒退",
                        f"the departure reading {a} is below the return reading {prev.back_km} of {prev.date}:"
                        " an odometer never goes backwards",
                    )
            if after:
                nxt = min(after, key=lambda r: r.date)
                if b > nxt.out_km:
                    raise RuleError(
                        "back_km",
                        f"收车读数 {b} 大于 {nxt.date} 的出车读数 {nxt.out_km}：里程表读数不能倒退",
                        f"the return reading {b} is above the departure reading {nxt.out_km} of {nxt.date}:"
                        " an odometer never goes backwards",
                    )
            if b - a > WARN_KM and not confirm:
                raise MileageWarning(b - a)
            old = next((r for (_c, d), r in eff.items() if d == day), None)
            rid = u.insert(
                "odometer",
                {
                    "caravan_id": van,
                    "date": day,
                    "out_km": a,
                    "back_km": b,
                    "confirmed": True if b - a > WARN_KM else None,
                    "note": text,
                    "corrects": old.id if old else None,
                    "at": self.clock.timestamp(at),
                },
            )
        return DayMileage(rid, van, day, a, b, b - a > WARN_KM, text or "")

    def day(self, caravan_id: str, date: object) -> DayMileage | None:
        """The van's reading that counts for the day, or None."""
        day = rules.date("date", date)
        return next(iter(self.readings(day, day, caravan_id)), None)

    def readings(self, start: object = None, end: object = None, caravan_id: str | None = None) -> list[DayMileage]:
        """The readings that count, by date then van (a merged duplicate van counts as its survivor)."""
        a = rules.date("date", start) if start else "0000-01-01"
        b = rules.date("date", end) if end else "9999-12-31"
        with self.read() as s:
            if caravan_id and not mileage_repo.caravan_exists(s, caravan_id):
                raise NotFound("caravan_id", "找不到该大篷车", f"no such caravan: {caravan_id}")
            rows = mileage_repo.readings(s, caravan_id)
        out = [
            DayMileage(r.id, r.caravan_id, r.date, r.out_km, r.back_km, bool(r.confirmed), r.note or "")
            for (_c, d), r in effective(rows).items()
            if a <= d <= b
        ]
        return sorted(out, key=lambda x: (x.date, x.caravan_id))

    def total_km(self, start: object = None, end: object = None, caravan_id: str | None = None) -> int:
        return sum(x.km for x in self.readings(start, end, caravan_id))

    def by_van_month(self, start: object, end: object) -> dict[tuple[str, str], int]:
        """{(van id, "YYYY-MM"): km} over the period."""
        out: dict[tuple[str, str], int] = {}
        for x in self.readings(start, end):
            k = (x.caravan_id, x.date[:7])
            out[k] = out.get(k, 0) + x.km
        return out
