"""The synced data, described once: entities, their kind and their fields.

Storage models, sync validation and the canonical export all follow this table, and a test
checks the SQLAlchemy models against it. Field values are JSON scalars only (str, int, bool,
None): dates are ISO strings, so a record travels through sync without conversion.

``append`` entities are facts that only accumulate (never updated, a correction is a new row);
``edit`` entities are edited by people and merge per field by (HLC, device id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SCHEMA_VERSION = 1

FieldType = Literal["str", "int", "bool"]
EntityKind = Literal["append", "edit"]

# Columns every synced record carries, owned by the sync machinery, not by the user.
META_FIELDS = ("id", "device_id", "hlc", "deleted")


@dataclass(frozen=True)
class Entity:
    name: str
    table: str
    kind: EntityKind
    fields: dict[str, FieldType]
    # Fields that must be non-null on insert.
    required: tuple[str, ...] = ()


ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        Entity(
            "caravan",
            "caravans",
            "edit",
            {"name": "str", "plate": "str", "home_county": "str", "notes": "str", "active": "bool"},
            ("name",),
        ),
        Entity(
            "device",
            "devices",
            "edit",
            {"name": "str", "caravan_id": "str"},
            ("name",),
        ),
        Entity(
            "person",
            "people",
            "edit",
            {
                "name": "str",
                "role": "str",
                "volunteer_no": "str",
                "team": "str",
                "phone": "str",
                "organisation": "str",
                "caravan_id": "str",
                "badge_code": "str",
                "active": "bool",  # False: deactivated (kept for history, not offered); None/True: in use
            },
            ("name", "role"),
        ),
        Entity(
            "site",
            "sites",
            "edit",
            {
                "name": "str",
                "kind": "str",
                "county": "str",
                "town": "str",
                "address": "str",
                "contact": "str",
                "phone": "str",
                "students": "int",
            },
            ("name", "county"),
        ),
        Entity(
            "title",
            "titles",
            "edit",
            {"name": "str", "kind": "str", "unit": "str", "publisher": "str", "active": "bool"},
            ("name",),
        ),
        Entity(
            "visit",
            "visits",
            "edit",
            {
                "site_id": "str",
                "caravan_id": "str",
                "date": "str",
                "status": "str",
                "theme": "str",
                "activities": "str",
                "arrived_at": "str",
                "left_at": "str",
                "notes": "str",
                "signin_token": "str",
            },
            ("site_id", "caravan_id", "date", "status"),
        ),
        Entity(
            "duty_event",
            "duty_events",
            "append",
            {"visit_id": "str", "person_id": "str", "kind": "str", "at": "str"},
            ("visit_id", "person_id", "kind", "at"),
        ),
        Entity(
            "tally",
            "tallies",
            "append",
            {"visit_id": "str", "group": "str", "delta": "int", "at": "str"},
            ("visit_id", "group", "delta", "at"),
        ),
        Entity(
            "signin",
            "signins",
            "append",
            {
                "visit_id": "str",
                "name": "str",
                "group": "str",
                "organisation": "str",
                "phone": "str",
                "method": "str",
                "person_id": "str",
                "dedupe_key": "str",
                "at": "str",
            },
            ("visit_id", "name", "group", "method", "dedupe_key", "at"),
        ),
        Entity(
            "movement",
            "movements",
            "append",
            {
                "caravan_id": "str",
                "title_id": "str",
                "kind": "str",
                "qty": "int",
                "visit_id": "str",
                "recipient": "str",
                "reason": "str",
                "override": "bool",
                "ref_id": "str",
                "at": "str",
            },
            ("caravan_id", "title_id", "kind", "qty", "at"),
        ),
        Entity(
            "day_close",
            "day_closes",
            "append",
            {"caravan_id": "str", "date": "str", "lines": "str", "note": "str", "at": "str"},
            ("caravan_id", "date", "lines", "at"),
        ),
    )
}

ENTITY_BY_TABLE = {e.table: e for e in ENTITIES.values()}


def check_value(ftype: FieldType, value: object) -> bool:
    """Whether ``value`` is acceptable JSON for a field of ``ftype`` (None always is)."""
    if value is None:
        return True
    if ftype == "str":
        return isinstance(value, str)
    if ftype == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, bool)
