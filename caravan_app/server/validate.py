"""Checks at the hub's door that go beyond the message shapes in ``sync.protocol``: what every
field means (``domain.schema.value_problem`` and ``domain.fieldspec``: ranges, text rules,
enums, dates, times, ids, lists, day-close lines — the same the laptop applies on input and on
pull) and references that must exist (``fieldspec.references``). They run BEFORE
``apply.apply_one``; a failed check is a per-mutation rejection, never stored: the hub's
mutation log keeps it with its reason (``bad list`` shows it).

Also what an operator uses to find records stored before these checks (``bad list``).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import fieldspec
from ..domain.hlc import physical_ms
from ..domain.schema import ENTITIES, value_problem
from ..sync.protocol import MAX_AHEAD_MS, Mutation
from . import models as hm
from .apply import HLC_RE, BatchState, Rejected, stored_ids
from .fastpath import reference_ok


def check_values(mu: Mutation) -> None:
    """Ranges, text rules and meaning of every field, and of a new record as a whole (raises
    ``Rejected``)."""
    spec = ENTITIES.get(mu.entity)
    if spec is None:
        return  # apply's own check names the unknown entity
    for k, v in mu.data.items():
        if k == "deleted":
            continue
        problem = value_problem(mu.entity, k, v)
        if problem is not None:
            raise Rejected(*problem)
    if mu.op == "insert":
        problem = fieldspec.record_problem(mu.entity, mu.data)
        if problem is not None:
            raise Rejected(*problem)
    else:
        for f in spec.required:
            if f in mu.data and mu.data[f] is None:
                raise Rejected("missing_field", f"必填字段 {f} 不能清空", f"required field {f} cannot be set to null")


def load_references(s: Session, st: BatchState, mutations: list[Mutation]) -> set[tuple[str, str]]:
    """(entity, id) of every referenced record already on the hub (one query per 400)."""
    wanted: set[tuple[str, str]] = set()
    for mu in mutations:
        if fieldspec.has_references(mu.entity):
            for _fld, targets, ref in fieldspec.references(mu.entity, mu.data):
                for target in targets:
                    wanted.add((target, ref))
    found: set[tuple[str, str]] = set()
    by_target: dict[str, list[str]] = {}
    for target, rid in wanted:
        if (target, rid) not in st.rows:
            by_target.setdefault(target, []).append(rid)
    for target, ids in by_target.items():
        for rid, data in stored_ids(s, target, sorted(ids), with_data=True):
            if not _retracted(data or ""):
                found.add((target, rid))
    return found


def check_clock(mu: Mutation, now_ms: int) -> None:
    """A clock too far ahead is refused before references are looked at: the laptop re-stamps
    and re-sends such changes, so a sign-in whose visit was refused for the clock in the same
    batch must be refused for the clock too (not kept for good as naming an unknown visit)."""
    if HLC_RE.match(mu.hlc) and physical_ms(mu.hlc) > now_ms + MAX_AHEAD_MS:
        raise Rejected(
            "clock_ahead",
            "这台电脑的时钟比服务器快了 10 分钟以上，请校准时间后再同步",
            "this laptop's clock is more than 10 minutes ahead of the hub; fix the clock and sync again",
        )


def check_references(mu: Mutation, st: BatchState, known: set[tuple[str, str]]) -> None:
    """A referenced record must be on the hub or applied earlier in this batch."""
    if not fieldspec.has_references(mu.entity):
        return
    for fld, targets, ref in fieldspec.references(mu.entity, mu.data):
        if any(reference_ok(st, known, target, ref) for target in targets):
            continue
        raise Rejected(
            "unknown_reference",
            f"字段 {fld} 指向的记录（{ref}）在服务器上不存在",
            f"{fld} names a {'/'.join(targets)} the hub does not have ({ref})",
        )


def check_not_retracted(mu: Mutation, st: BatchState) -> None:
    """A record the operator retracted stays withdrawn: a later push to its id is refused."""
    row = st.rows.get((mu.entity, mu.id))
    if row is not None and _retracted(row.data):
        raise Rejected("retracted", "这条记录已被服务器管理员撤回", "the hub's operator retracted this record")


def _retracted(data: str) -> bool:
    return '"retracted":true' in data


def record_problem(entity: str, data: dict[str, Any]) -> tuple[str, str, str] | None:
    """Why a stored record could not be applied by a laptop (None if it can)."""
    if entity not in ENTITIES:
        return "unknown_entity", f"未知的数据类型 {entity}", f"unknown entity {entity!r}"
    for k, v in data.items():
        if k == "deleted":
            if not isinstance(v, bool):
                return "bad_value", "删除标记无效", "deleted must be true or false"
            continue
        problem = value_problem(entity, k, v)
        if problem is not None:
            return problem
    if ENTITIES[entity].kind == "append":
        return fieldspec.record_problem(entity, data)
    return None


def bad_records(s: Session, limit: int = 500) -> list[dict[str, Any]]:
    """Stored records that break the rules (written before validation, or into the database)."""
    out: list[dict[str, Any]] = []
    for r in s.scalars(select(hm.Record).order_by(hm.Record.seq).execution_options(yield_per=2000)):
        if _retracted(r.data):
            continue
        try:
            data = json.loads(r.data)
        except ValueError:
            data = None
        problem = record_problem(r.entity, data) if isinstance(data, dict) else ("bad_json", "数据损坏", "not JSON")
        if problem is not None:
            out.append({"entity": r.entity, "id": r.id, "device_id": r.device_id, "seq": r.seq, "reason": problem[2]})
            if len(out) >= limit:
                break
    return out
