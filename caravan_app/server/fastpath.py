"""The push fast path: a NEW append-only record whose every check passes is stored
without the per-mutation merge machinery — no ORM object, one compiled check per entity, its
row inserted with the batch's multi-row INSERT.

It is a shortcut, never a second rule: ``fast_insert`` accepts a mutation only when the full
path (``validate.check_*`` then ``apply.apply_one``) would accept it and create exactly the same
row. Anything else — an id already stored or written earlier in the batch (resends, derived-id
corrections kept once, id clashes, retractions), any edit entity, a ``base`` mark, a field,
value, reference or clock the checks would question — returns False and goes the full way,
which gives the same answer as before (with its reason).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..domain import fieldspec
from ..domain.schema import ENTITIES, FIELD_RANGES
from ..sync.protocol import MAX_AHEAD_MS, Mutation
from .apply import BatchState, dumps


def reference_ok(st: BatchState, known: set[tuple[str, str]], target: str, ref: str) -> bool:
    """Is ``target`` ``ref`` on the hub (``known``) or earlier in this batch, and not retracted?"""
    if (target, ref) in known:
        return True
    row = st.rows.get((target, ref))
    return row is not None and '"retracted":true' not in row.data


_HLC = re.compile(r"^\d{13}\.\d{5}$")  # apply.HLC_RE


@dataclass(slots=True)
class FreshRow:
    """A record created by this batch, not yet in the database (inserted with the batch)."""

    entity: str
    id: str
    device_id: str
    hlc: str
    data: str
    clocks: str | None
    seq: int
    sole_writer: str | None
    doc: dict[str, Any] | None = None  # ``data`` parsed, while unchanged (privacy.apply_batch reads it)


_PY_TYPES = {"str": str, "int": int, "bool": bool}


@dataclass(frozen=True, slots=True)
class _Compiled:
    fields: tuple[str, ...]  # every field in schema order (the stored row names them all)
    types: dict[str, type]  # field -> the exact Python type of a non-null value
    ranges: tuple[tuple[str, int, int], ...]  # int fields with a narrower range than int64
    required: tuple[str, ...]
    meaning: tuple[tuple[str, Any], ...]  # (field, fieldspec rule) of fields with one
    refs: bool  # the entity names other records (fieldspec.references)
    plain_refs: tuple[tuple[str, tuple[str, ...]], ...] | None  # (field, targets) when that is all it names
    keys: tuple[tuple[str, str], ...]  # (field, its JSON key and colon) of the stored row, sorted as dumps sorts


# Entities whose references ``fieldspec.references`` finds by more than one field per reference.
_LISTED_REFS = frozenset({"merge", "privacy_action", "day_close"})


def _plain_refs(name: str) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    if name in _LISTED_REFS or any(e == name for e, _f in fieldspec.LIST_REFERENCES):
        return None
    return tuple((f, t) for (e, f), t in fieldspec.REFERENCES.items() if e == name)


_encode_str = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) encodes text with


def _row_keys(fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((k, _encode_str(k) + ":") for k in sorted((*fields, "deleted")))


_COMPILED: dict[str, _Compiled] = {
    name: _Compiled(
        tuple(spec.fields),
        {f: _PY_TYPES[t] for f, t in spec.fields.items()},
        tuple((f, *FIELD_RANGES[(name, f)]) for f in spec.fields if (name, f) in FIELD_RANGES),
        spec.required,
        tuple((f, fieldspec.RULES[(name, f)]) for f in spec.fields if (name, f) in fieldspec.RULES),
        fieldspec.has_references(name),
        _plain_refs(name),
        _row_keys(tuple(spec.fields)),
    )
    for name, spec in ENTITIES.items()
    if spec.kind == "append" and name != "device"
}


def _values_ok(c: _Compiled, data: dict[str, Any]) -> bool:
    """value_problem and apply._validate's field checks, both passed (append entity).

    Relies on what ``sync.protocol.Mutation`` already guaranteed for every value (text without
    NUL or lone surrogates and at most MAX_TEXT long, integers within int64, strict bools):
    left are the field names, each value's exact type, the narrower integer ranges and the
    required fields."""
    types = c.types
    for k, v in data.items():
        t = types.get(k)
        if t is None:
            if k == "deleted" and v is False:
                continue
            return False  # unknown field, or deleted true / not a bool: the full path says which
        if v is not None and type(v) is not t:
            return False
    for f, lo, hi in c.ranges:
        v = data.get(f)
        if v is not None and not lo <= v <= hi:
            return False
    for f in c.required:
        if data.get(f) is None:
            return False
    texts = "".join([v for v in data.values() if type(v) is str])
    if not texts.isprintable() and fieldspec.CONTROL.search(texts):  # printable: no control character
        return False
    passed = _PASSED
    for f, rule in c.meaning:
        v = data.get(f)
        if v is None or (rule, type(v), v) in passed:  # a batch repeats its visit, groups, times
            continue
        if rule(f, v) is not None:
            return False
        if len(passed) > 50_000:
            passed.clear()
        passed.add((rule, type(v), v))
    return True


# (rule, type, value) a meaning rule passed: the rules are pure (``fieldspec.RULES``), and what
# a rule says of a value does not depend on the field's name (only its message names it).
_PASSED: set[tuple[Any, type, Any]] = set()


def fast_insert(st: BatchState, mu: Mutation, device_id: str, now_ms: int, known: set[tuple[str, str]]) -> str | None:
    """Store ``mu`` as a new append-only record if it needs nothing but checks that pass, and
    return ``dumps(mu.data)`` (for its digest); None leaves ``mu`` to the full path."""
    c = _COMPILED.get(mu.entity)
    if c is None or mu.op != "insert" or mu.base:
        return None
    key = (mu.entity, mu.id)
    if key in st.rows:
        return None
    hlc = mu.hlc
    if not _HLC.match(hlc) or int(hlc[:13]) > now_ms + MAX_AHEAD_MS:
        return None
    data = mu.data
    if not _values_ok(c, data):
        return None
    if fieldspec.record_problem(mu.entity, data) is not None:
        return None
    if c.refs:
        if c.plain_refs is None:
            refs = [(targets, ref) for _fld, targets, ref in fieldspec.references(mu.entity, data)]
        else:
            refs = [(targets, ref) for fld, targets in c.plain_refs if isinstance(ref := data.get(fld), str)]
        rows = st.rows
        for targets, ref in refs:  # reference_ok, inlined (every mutation names its visit)
            for t in targets:
                if (t, ref) in known:
                    break
                row = rows.get((t, ref))
                if row is not None and '"retracted":true' not in row.data:
                    break
            else:
                return None
    full = {f: data.get(f) for f in c.fields}
    full["deleted"] = False
    encoded = row_json(c, full)
    fresh = FreshRow(mu.entity, mu.id, device_id, hlc, encoded, None, 0, device_id, full)
    st.rows[key] = fresh  # type: ignore[assignment]  # a later mutation of this id takes the full path
    st.dirty.add(key)
    st.fresh.append(fresh)
    return data_json(data, full, encoded)


def row_json(c: _Compiled, full: dict[str, Any]) -> str:
    """``dumps(full)`` for a row ``_values_ok`` passed (every value None, a bool, an int or
    text), byte for byte, without the generic encoder: the keys are known and sorted once per
    entity, each value is encoded as json.dumps encodes it."""
    parts = []
    for k, key in c.keys:
        v = full[k]
        if v is None:
            parts.append(key + "null")
        elif v is True:
            parts.append(key + "true")
        elif v is False:
            parts.append(key + "false")
        elif type(v) is str:
            parts.append(key + _encode_str(v))
        else:
            parts.append(key + int.__repr__(v))
    return "{" + ",".join(parts) + "}"


_DELETED = '"deleted":false'


def data_json(data: dict[str, Any], full: dict[str, Any], encoded: str) -> str:
    """``dumps(data)`` from ``encoded = dumps(full)``, where ``full`` is ``data`` with every
    missing field None and ``deleted`` false — without a second encoding when ``data`` named
    every field (what a laptop sends). In dumps' output a quote inside a text value is always
    escaped, so ``"deleted":false`` can only be that key and its value."""
    if len(data) == len(full) - 1 and "deleted" not in data:
        at = encoded.index(_DELETED)
        end = at + len(_DELETED)
        return encoded[:at] + encoded[end + 1 :] if encoded[end] == "," else encoded[: at - 1] + encoded[end:]
    if len(data) == len(full):
        return encoded  # data == full (it named every field and "deleted": false)
    return dumps(data)
