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

from . import fieldspec as _fieldspec

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
                "notes": "str",  # i16: extra phone numbers from a county list, free remarks (0007)
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
                "activity_kind": "str",  # r17: the statistics' category (domain/vocab.ActivityKind; 0009)
                # A visit the office planned for a request (0015): the request it answers, and the
                # crew's answer to the plan ("accepted" / "declined", with a reason).
                "request_id": "str",
                "answer": "str",
                "answer_reason": "str",
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
        # Catalogue duplicates: "from_id is the same as into_id" (domain/catalogue.py). Its id is
        # derived from what it merges; an undo is another row naming the merge (``undoes``).
        Entity(
            "merge",
            "merges",
            "append",
            {"entity": "str", "from_id": "str", "into_id": "str", "reason": "str", "undoes": "str"},
            ("entity", "from_id", "into_id", "reason"),
        ),
        Entity(
            "day_close",
            "day_closes",
            "append",
            {"caravan_id": "str", "date": "str", "lines": "str", "note": "str", "at": "str"},
            ("caravan_id", "date", "lines", "at"),
        ),
        # --- c10b: attendance corrections (append-only facts naming what they correct) ---
        Entity(
            "visit_reopen",
            "visit_reopens",
            "append",
            {"visit_id": "str", "reason": "str", "by": "str", "at": "str"},
            ("visit_id", "reason", "at"),
        ),
        Entity(
            "signin_correction",
            "signin_corrections",
            "append",
            # kind: "void" (the sign-in leaves every count) or "distinct" (confirmed not a duplicate)
            {"signin_id": "str", "visit_id": "str", "kind": "str", "reason": "str", "at": "str"},
            ("signin_id", "visit_id", "kind", "at"),
        ),
        Entity(
            "tally_takeback",
            "tally_takebacks",
            "append",
            # qty taken back from the +entry tally_id; seen = what was already taken back from
            # it when this was made (sequential take-backs differ in it, concurrent ones do not)
            {"tally_id": "str", "visit_id": "str", "group": "str", "qty": "int", "seen": "int", "at": "str"},
            ("tally_id", "visit_id", "group", "qty", "seen", "at"),
        ),
        # --- v14: a purge, an erasure or a correction of sign-ins' personal fields.
        # kind "purge": participants' sign-ins of visit_id; "erase": the sign-ins in signin_ids
        # (a JSON list); "correct": their name becomes ``name``. Every laptop and the hub apply
        # it to their copies (storage/privacy_store.py, server/privacy.py); counts never change.
        Entity(
            "privacy_action",
            "privacy_actions",
            "append",
            {
                "kind": "str",
                "visit_id": "str",
                "signin_ids": "str",
                "fields": "str",
                "name": "str",
                "reason": "str",
                "at": "str",
            },
            ("kind", "at"),
        ),
        # --- r17: odometer readings at departure and return, per van and day.
        # A reading made again for the same van and day names the one it replaces (corrects).
        Entity(
            "odometer",
            "odometer_readings",
            "append",
            {
                "caravan_id": "str",
                "date": "str",
                "out_km": "int",
                "back_km": "int",
                "confirmed": "bool",  # a day above the warning distance was confirmed by a person
                "note": "str",
                "corrects": "str",
                "at": "str",
            },
            ("caravan_id", "date", "out_km", "back_km", "at"),
        ),
        # --- the register of issued volunteer service certificates: one row per certificate
        # handed out, with its own number and the figures it certified (``services``: JSON
        # [[visit id, date, site, content, minutes], …]), so verification checks the paper
        # against what was issued and later service never breaks it. ``reprint_of``: the number
        # of the certificate a 补发 replaces.
        Entity(
            "certificate_issue",
            "certificate_issues",
            "append",
            {
                "number": "str",
                "person_id": "str",
                "name": "str",
                "role": "str",
                "start": "str",
                "end": "str",
                "issued_on": "str",
                "minutes": "int",
                "services": "str",
                "digest": "str",
                "reprint_of": "str",
                "id_type": "str",
                "id_masked": "str",
                "issuer": "str",
                "at": "str",
            },
            ("number", "person_id", "name", "start", "end", "issued_on", "minutes", "services", "digest", "at"),
        ),
        # --- the office's review of a completed visit (domain/review.py derives the state):
        # decision approved / returned / withdrawn (an approval taken back), with the reason, the
        # console user's name, and ``round``: how many reopens of the visit the reviewer saw (a
        # decision on an earlier round is superseded by the crew's correction). Authored only by
        # the hub (server/authoring.py); a laptop's push of one is refused.
        Entity(
            "review",
            "reviews",
            "append",
            {"visit_id": "str", "decision": "str", "reason": "str", "by": "str", "round": "int", "at": "str"},
            ("visit_id", "decision", "by", "round", "at"),
        ),
        # --- the office's choices that must read the same on every laptop and on the hub's
        # console (e.g. ``reports_count`` = "approved": official reports count approved visits
        # only). One record per name (id derived from it: domain/review.setting_id); hub-authored.
        Entity(
            "office_setting",
            "office_settings",
            "edit",
            {"name": "str", "value": "str"},
            ("name", "value"),
        ),
        # --- requests and ratings (0015): a school's request as the crew needs it (who asked,
        # what for, how many; the contact's phone stays on the hub), made only by the office or the
        # hub; and a visit's rating (1-5), its id derived from the visit, so a visit has one.
        Entity(
            "request",
            "requests",
            "edit",
            {
                "number": "str",
                "site_id": "str",
                "contact": "str",
                "groups": "str",
                "size": "int",
                "topics": "str",
                "remarks": "str",
                "earliest": "str",
                "latest": "str",
            },
            ("number", "earliest", "latest"),
        ),
        Entity(
            "rating",
            "ratings",
            "edit",
            {"visit_id": "str", "score": "int", "comment": "str", "source": "str", "at": "str"},
            ("visit_id", "score", "at"),
        ),
        # --- photos as evidence: one photo of a visit, named by its content (its id is derived
        # from the visit and the original's SHA-256, so the same photo sent twice, or by two
        # laptops, is one record). Bytes travel apart from the record (docs/photos.md).
        Entity(
            "photo",
            "photos",
            "edit",
            {
                "visit_id": "str",
                "file_hash": "str",  # the original file as received
                "display_hash": "str",  # the display copy (long side 1600 px, JPEG)
                "size": "int",
                "width": "int",
                "height": "int",
                "taken_at": "str",
                "sent_by": "str",
                "caption": "str",
                "public": "bool",
                "chosen": "bool",  # 精选 (at most domain.photos.MAX_CHOSEN per visit)
                "gps": "str",  # "lat,lon" from EXIF; never written into public exports
                "at": "str",
            },
            ("visit_id", "file_hash", "display_hash", "size", "width", "height", "at"),
        ),
        # A photo taken out of the visit, with the reason; its id is derived from the photo.
        Entity(
            "photo_removal",
            "photo_removals",
            "append",
            {"photo_id": "str", "visit_id": "str", "reason": "str", "at": "str"},
            ("photo_id", "visit_id", "reason", "at"),
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


# Derived facts (corrections whose id is derived from their target: undos, voids, take-backs,
# merges) follow ONE rule table: domain/corrections.py RULES.

# --- value ranges and text rules: the laptop checks them on input, the hub at its door.

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # SQLite INTEGER and PostgreSQL bigint
MAX_TEXT = 20_000  # characters in one text field

# Inclusive ranges of integer fields; an int field not listed must fit a signed 64-bit integer.
FIELD_RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("tally", "delta"): (-100_000, 100_000),
    ("site", "students"): (0, 100_000),
    ("movement", "qty"): (-1_000_000, 1_000_000),
    ("odometer", "out_km"): (0, 9_999_999),  # r17: a van's odometer in whole kilometres
    ("odometer", "back_km"): (0, 9_999_999),
    ("request", "size"): (0, 100_000),
    ("rating", "score"): (1, 5),
    **_fieldspec.RANGES,
}

# References the hub checks on push, what they mean, and every other rule of a value:
# domain/fieldspec.py (one spec per entity, shared by the laptop and the hub).
REFERENCES = _fieldspec.REFERENCES

_BAD_TEXT = __import__("re").compile("[\x00\ud800-\udfff]")


def text_ok(value: str) -> bool:
    """No NUL and no lone surrogate (neither can be stored in PostgreSQL text or UTF-8)."""
    return _BAD_TEXT.search(value) is None


def value_problem(entity: str, field: str, value: object) -> tuple[str, str, str] | None:
    """Why ``value`` cannot be stored in ``entity.field``: (code, zh, en), or None if it can.
    Types, integer ranges, text rules and what the value means (``fieldspec.meaning_problem``:
    enums, dates, times, ids, lists); the same check on the laptop and on the hub."""
    spec = ENTITIES[entity]
    if field not in spec.fields:
        return "unknown_field", f"未知字段 {field}", f"unknown field {field!r} for {entity}"
    ftype = spec.fields[field]
    if not check_value(ftype, value):
        return "bad_value", f"字段 {field} 类型错误", f"field {field} must be {ftype}"
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            return "too_long", f"字段 {field} 太长", f"field {field} is too long"
        if not text_ok(value):
            return "bad_text", f"字段 {field} 含有无效字符", f"field {field} contains a NUL or an unpaired surrogate"
    elif isinstance(value, int) and not isinstance(value, bool):
        lo, hi = FIELD_RANGES.get((entity, field), (INT64_MIN, INT64_MAX))
        if not lo <= value <= hi:
            return (
                "out_of_range",
                f"字段 {field} 的数值超出范围（{lo} 到 {hi}）",
                f"field {field} must be between {lo} and {hi}",
            )
    return _fieldspec.meaning_problem(entity, field, value)
