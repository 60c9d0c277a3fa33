"""What every synced field MEANS, once, for the laptop and the hub: enums, dates, times, ranges
that keep every sum inside 64 bits, the types inside JSON lists, day-close lines, and the
records a field refers to.

``domain.schema`` says which fields an entity has and their JSON type; this module says which
values of them a laptop can use. The same checks run where a record enters a store:

* the laptop's ``UnitOfWork`` (every local add and edit) through ``schema.value_problem``;
* the hub's door (``server/validate.py``, ``server/fastpath.py``): a mutation that fails is
  rejected with the reason, never stored, never pulled;
* a laptop's pull (``storage/quarantine.py``) and its stored tables (``caravan check``): a
  record that fails is set aside and listed, nothing else stops.

A rule depends only on the value (never on today's date), so a record valid on the hub is valid
on every laptop at any time and every store keeps the same records.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .privacy import PERSONAL_FIELDS, PRIVACY_KINDS
from .vocab import (
    COUNTIES,
    ActivityKind,
    DutyKind,
    Group,
    MovementKind,
    PersonRole,
    SigninGroup,
    SigninMethod,
    TitleKind,
    VisitStatus,
)

Problem = tuple[str, str, str]  # (code, zh, en)

REVIEW_DECISIONS = ("approved", "returned", "withdrawn")  # domain/review.py
# The office's synced settings and their values (entity ``office_setting``).
OFFICE_SETTINGS: dict[str, tuple[str, ...]] = {"reports_count": ("completed", "approved")}

# Dates and times a record may carry: fixed bounds (not "today + 2 years": a stored record must
# stay valid, and date arithmetic on year 9999 overflows).
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)
MAX_COUNT = 100_000  # one tally step, one take-back (domain/rules.MAX_COUNT)
MAX_IDS = 1000  # sign-in ids named by one privacy fact (the laptop writes at most 400)
MAX_LINES = 10_000  # titles counted by one day close
MAX_STOCK = 1_000_000_000  # a day-close line's expected or counted copies
MAX_CERT_MINUTES = 100 * 366 * 24 * 60  # a certificate's minutes: a century of days on duty
MAX_PHOTO_BYTES = 40 * 1024 * 1024  # one photo's original: a phone photo is 2–12 MB
MAX_PHOTO_SIDE = 100_000  # pixels on one side

_MERGEABLE = ("title", "site", "caravan")  # domain/catalogue.MERGEABLE
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what rules.text refuses on input
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$")


def _bad(field: str, zh: str, en: str) -> Problem:
    return ("bad_value", f"字段 {field} {zh}", f"field {field} {en}")


def _enum(values: tuple[str, ...]) -> Callable[[str, Any], Problem | None]:
    allowed = frozenset(values)
    shown = ", ".join(values)

    def check(field: str, v: Any) -> Problem | None:
        if v in allowed:
            return None
        return _bad(field, f"的取值无效（可选：{shown}）", f"must be one of {shown}")

    return check


def _values(enum: Any) -> tuple[str, ...]:
    return tuple(m.value for m in enum)


def is_day(v: object) -> bool:
    """An ISO calendar day between 2000-01-01 and 2100-12-31."""
    if not isinstance(v, str) or not _DATE.match(v):
        return False
    try:
        d = dt.date.fromisoformat(v)
    except ValueError:
        return False
    return EARLIEST_DAY <= d <= LATEST_DAY


def is_time(v: object) -> bool:
    """A local wall time as the laptops write it (``YYYY-MM-DDTHH:MM:SS``), same bounds."""
    if not isinstance(v, str) or not _TIME.match(v):
        return False
    try:
        t = dt.datetime.fromisoformat(v)
    except ValueError:
        return False
    return EARLIEST_DAY <= t.date() <= LATEST_DAY


def is_ref(v: object) -> bool:
    """A record id as a reference holds it: a short non-empty text (whether the record exists
    is the hub's reference check; ids the hub accepts are UUIDs)."""
    return isinstance(v, str) and 0 < len(v) <= 64 and CONTROL.search(v) is None


def _day(field: str, v: Any) -> Problem | None:
    if is_day(v):
        return None
    return _bad(field, "不是 2000–2100 年间的日期（YYYY-MM-DD）", "must be a date YYYY-MM-DD between 2000 and 2100")


def _time(field: str, v: Any) -> Problem | None:
    if is_time(v):
        return None
    return _bad(
        field,
        "不是 2000–2100 年间的时间（YYYY-MM-DDTHH:MM:SS）",
        "must be a time YYYY-MM-DDTHH:MM:SS between 2000 and 2100",
    )


def signin_id_list(v: object) -> list[str] | None:
    """The sign-in ids of a privacy fact (a JSON list of record ids), or None if it is not one."""
    if not isinstance(v, str):
        return None
    try:
        ids = json.loads(v)
    except ValueError:
        return None
    if not isinstance(ids, list) or not 0 < len(ids) <= MAX_IDS or not all(is_ref(i) for i in ids):
        return None
    return ids


def _id_list(field: str, v: Any) -> Problem | None:
    if signin_id_list(v) is not None:
        return None
    return _bad(
        field,
        f"应为 1 到 {MAX_IDS} 个签到编号（文本）的 JSON 列表",
        f"must be a JSON list of 1 to {MAX_IDS} sign-in ids",
    )


_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_GPS = re.compile(r"^-?\d{1,2}(\.\d{1,7})?,-?\d{1,3}(\.\d{1,7})?$")


def _sha256(field: str, v: Any) -> Problem | None:
    if not _SHA256.match(v):
        return _bad(field, "应为 64 位小写十六进制的 SHA-256", "must be a SHA-256 in 64 lower-case hex digits")
    return None


def _gps(field: str, v: Any) -> Problem | None:
    m = _GPS.match(v)
    if not m or not (-90 <= float(v.split(",")[0]) <= 90 and -180 <= float(v.split(",")[1]) <= 180):
        return _bad(field, "应为“纬度,经度”（十进制度）", "must be 'lat,lon' in decimal degrees")
    return None


def _personal_fields(field: str, v: Any) -> Problem | None:
    parts = v.split(",") if isinstance(v, str) else []
    if parts and all(p in PERSONAL_FIELDS for p in parts) and len(set(parts)) == len(parts):
        return None
    return _bad(field, f"应为 {','.join(PERSONAL_FIELDS)} 中的字段", f"must name fields among {PERSONAL_FIELDS}")


def _int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def day_close_lines(v: object) -> list[dict[str, Any]] | None:
    """A day close's lines (JSON list of {title_id, expected, counted, difference}, with
    difference = counted − expected), or None if ``v`` is not such a list."""
    if not isinstance(v, str):
        return None
    try:
        lines = json.loads(v)
    except ValueError:
        return None
    if not isinstance(lines, list) or len(lines) > MAX_LINES:
        return None
    seen: set[str] = set()
    for ln in lines:
        if not isinstance(ln, dict) or set(ln) != {"title_id", "expected", "counted", "difference"}:
            return None
        tid, exp, cnt, diff = ln["title_id"], ln["expected"], ln["counted"], ln["difference"]
        if not is_ref(tid) or tid in seen:
            return None
        seen.add(tid)
        if not (_int(exp) and _int(cnt) and _int(diff)):
            return None
        if not (-MAX_STOCK <= exp <= MAX_STOCK and 0 <= cnt <= MAX_STOCK and diff == cnt - exp):
            return None
    return lines


def _lines(field: str, v: Any) -> Problem | None:
    if day_close_lines(v) is not None:
        return None
    return _bad(
        field,
        "应为清点明细列表（每行：title_id、expected、counted、difference = counted − expected）",
        "must be a JSON list of {title_id, expected, counted, difference = counted - expected}",
    )


# Enumerated fields: (entity, field) -> the values a laptop writes.
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("caravan", "home_county"): COUNTIES,
    ("person", "role"): _values(PersonRole),
    ("title", "kind"): _values(TitleKind),
    ("visit", "status"): _values(VisitStatus),
    ("visit", "activity_kind"): _values(ActivityKind),
    ("duty_event", "kind"): _values(DutyKind),
    ("tally", "group"): _values(Group),
    ("signin", "group"): _values(SigninGroup),
    ("signin", "method"): _values(SigninMethod),
    ("movement", "kind"): _values(MovementKind),
    ("merge", "entity"): _MERGEABLE,
    ("signin_correction", "kind"): ("void", "distinct"),
    ("tally_takeback", "group"): _values(Group),
    ("privacy_action", "kind"): PRIVACY_KINDS,
    ("review", "decision"): REVIEW_DECISIONS,
    ("office_setting", "name"): tuple(OFFICE_SETTINGS),
    ("visit", "answer"): ("accepted", "declined"),
    ("rating", "source"): ("hub", "laptop"),
}
DAYS = (
    ("visit", "date"),
    ("day_close", "date"),
    ("odometer", "date"),
    *(("certificate_issue", f) for f in ("start", "end", "issued_on")),
    ("request", "earliest"),
    ("request", "latest"),
)
TIMES = (
    ("visit", "arrived_at"),
    ("visit", "left_at"),
    *((e, "at") for e in ("duty_event", "tally", "signin", "movement", "day_close", "visit_reopen")),
    *((e, "at") for e in ("signin_correction", "tally_takeback", "privacy_action", "odometer")),
    ("certificate_issue", "at"),
    ("review", "at"),
    ("rating", "at"),
    ("photo", "taken_at"),
    ("photo", "at"),
    ("photo_removal", "at"),
)

# (entity, field) -> check of a non-null value (its JSON type and int64 range are checked first,
# by domain.schema.value_problem).
RULES: dict[tuple[str, str], Callable[[str, Any], Problem | None]] = {
    **{k: _enum(v) for k, v in ENUMS.items()},
    **{k: _day for k in DAYS},
    **{k: _time for k in TIMES},
    ("day_close", "lines"): _lines,
    ("privacy_action", "signin_ids"): _id_list,
    ("privacy_action", "fields"): _personal_fields,
    ("photo", "file_hash"): _sha256,
    ("photo", "display_hash"): _sha256,
    ("photo", "gps"): _gps,
}

# Integer fields whose every value is bounded so that a sum over any number of rows a store can
# hold stays far inside 64 bits (read by domain.schema.FIELD_RANGES).
RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("tally_takeback", "qty"): (1, MAX_COUNT),
    ("tally_takeback", "seen"): (0, MAX_COUNT),
    ("certificate_issue", "minutes"): (0, MAX_CERT_MINUTES),
    ("review", "round"): (0, MAX_COUNT),
    ("photo", "size"): (1, MAX_PHOTO_BYTES),
    ("photo", "width"): (1, MAX_PHOTO_SIDE),
    ("photo", "height"): (1, MAX_PHOTO_SIDE),
}

# References: (entity, field) -> the entities the value may name. The hub refuses a record whose
# reference is neither stored (and not retracted) nor earlier in the same push; a laptop always
# pushes a record before anything that names it.
REFERENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("device", "caravan_id"): ("caravan",),
    ("person", "caravan_id"): ("caravan",),
    ("visit", "site_id"): ("site",),
    ("visit", "caravan_id"): ("caravan",),
    ("duty_event", "visit_id"): ("visit",),
    ("duty_event", "person_id"): ("person",),
    ("tally", "visit_id"): ("visit",),
    ("signin", "visit_id"): ("visit",),
    ("signin", "person_id"): ("person",),
    ("movement", "caravan_id"): ("caravan",),
    ("movement", "title_id"): ("title",),
    ("movement", "visit_id"): ("visit",),
    ("movement", "ref_id"): ("movement", "day_close"),  # an undo, a transfer's other half, a close
    ("day_close", "caravan_id"): ("caravan",),
    ("visit_reopen", "visit_id"): ("visit",),
    ("signin_correction", "signin_id"): ("signin",),
    ("signin_correction", "visit_id"): ("visit",),
    ("tally_takeback", "tally_id"): ("tally",),
    ("tally_takeback", "visit_id"): ("visit",),
    ("privacy_action", "visit_id"): ("visit",),
    ("odometer", "caravan_id"): ("caravan",),
    ("odometer", "corrects"): ("odometer",),
    ("certificate_issue", "person_id"): ("person",),
    ("review", "visit_id"): ("visit",),
    ("visit", "request_id"): ("request",),
    ("request", "site_id"): ("site",),
    ("rating", "visit_id"): ("visit",),
    ("photo", "visit_id"): ("visit",),
    ("photo_removal", "photo_id"): ("photo",),
    ("photo_removal", "visit_id"): ("visit",),
}
# Fields whose value holds several references (parsed from their JSON text).
LIST_REFERENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("privacy_action", "signin_ids"): ("signin",),
    ("day_close", "lines"): ("title",),
}


def meaning_problem(entity: str, field: str, value: object) -> Problem | None:
    """Why a non-null ``value`` of the right JSON type means nothing a laptop can use."""
    if value is None:
        return None
    if isinstance(value, str) and CONTROL.search(value):
        return _bad(field, "含有不可见的控制字符", "contains control characters")
    rule = RULES.get((entity, field))
    return rule(field, value) if rule is not None else None


def record_problem(entity: str, data: Mapping[str, Any]) -> Problem | None:
    """Rules across the fields of a whole new record (after each field passed on its own)."""
    if entity == "privacy_action":
        kind = data.get("kind")
        if kind == "purge" and not data.get("visit_id"):
            return _bad("visit_id", "不能为空（清除需要指明活动）", "is required for a purge")
        if kind in ("erase", "correct") and not data.get("signin_ids"):
            return _bad("signin_ids", "不能为空（删除或更正需要指明签到）", "is required for an erasure or correction")
    elif entity == "odometer":
        a, b = data.get("out_km"), data.get("back_km")
        if isinstance(a, int) and isinstance(b, int) and b < a:
            return _bad(
                "back_km", "小于出车读数：里程表读数不能倒退", "is below out_km: an odometer never goes backwards"
            )
    elif entity == "request":
        a, b = data.get("earliest"), data.get("latest")
        if isinstance(a, str) and isinstance(b, str) and b < a:
            return _bad("latest", "早于最早日期：日期范围颠倒了", "is before earliest: the window is reversed")
    elif entity == "merge":
        if data.get("from_id") is not None and data.get("from_id") == data.get("into_id"):
            return _bad("into_id", "与 from_id 相同", "names the record itself")
    elif entity == "review":
        reason = data.get("reason")
        if data.get("decision") in ("returned", "withdrawn") and not (isinstance(reason, str) and reason.strip()):
            return _bad("reason", "不能为空（退回或撤销通过必须写明原因）", "is required to return or withdraw")
        if not (isinstance(data.get("by"), str) and str(data.get("by")).strip()):
            return _bad("by", "不能为空（审核人）", "must name the reviewer")
    elif entity == "office_setting":
        allowed = OFFICE_SETTINGS.get(str(data.get("name")))
        if allowed is not None and data.get("value") not in allowed:
            return _bad("value", f"的取值无效（可选：{', '.join(allowed)}）", f"must be one of {', '.join(allowed)}")
    return None


def references(entity: str, data: Mapping[str, Any]) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """(field, entities it may name, id) of every record ``data`` refers to. Values that are not
    valid ids or lists are left to ``meaning_problem``."""
    for fld, targets in _REFS_OF.get(entity, ()):
        ref = data.get(fld)
        if isinstance(ref, str):
            yield fld, targets, ref
    if entity == "merge":
        target = data.get("entity")
        if target in _MERGEABLE:
            for fld in ("from_id", "into_id"):
                ref = data.get(fld)
                if isinstance(ref, str):
                    yield fld, (str(target),), ref
        ref = data.get("undoes")
        if isinstance(ref, str):
            yield "undoes", ("merge",), ref
    if entity == "privacy_action":
        for sid in signin_id_list(data.get("signin_ids")) or ():
            yield "signin_ids", ("signin",), sid
    if entity == "day_close":
        for ln in day_close_lines(data.get("lines")) or ():
            yield "lines", ("title",), ln["title_id"]


def has_references(entity: str) -> bool:
    return entity in _WITH_REFS


_REFS_OF: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
for (_e, _f), _t in REFERENCES.items():
    _REFS_OF.setdefault(_e, []).append((_f, _t))
_WITH_REFS = frozenset({e for e, _f in REFERENCES} | {e for e, _f in LIST_REFERENCES} | {"merge"})
