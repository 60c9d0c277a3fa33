"""Checks at the hub's door that go beyond the message shapes in ``sync.protocol``: per-field
value ranges and text rules (``domain.schema.value_problem``, the same the laptop applies on
input) and references that must exist (``domain.schema.REFERENCES``). They run BEFORE
``apply.apply_one``; a failed check is a per-mutation rejection, never stored.

Also what an operator uses to find records stored before these checks (``bad list``).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.hlc import physical_ms
from ..domain.schema import ENTITIES, REFERENCES, value_problem
from ..sync.protocol import MAX_AHEAD_MS, Mutation
from . import models as hm
from .apply import HLC_RE, BatchState, Rejected, stored_ids


def check_values(mu: Mutation) -> None:
    """Ranges and text rules of every field (raises ``Rejected``)."""
    if mu.entity not in ENTITIES:
        return  # apply's own check names the unknown entity
    for k, v in mu.data.items():
        if k == "deleted":
            continue
        problem = value_problem(mu.entity, k, v)
        if problem is not None:
            raise Rejected(*problem)


_REFS_BY_ENTITY: dict[str, list[tuple[str, str]]] = {}
for (_ent, _fld), _target in REFERENCES.items():
    _REFS_BY_ENTITY.setdefault(_ent, []).append((_fld, _target))


def load_references(s: Session, st: BatchState, mutations: list[Mutation]) -> set[tuple[str, str]]:
    """(entity, id) of every referenced record already on the hub (one query per 400)."""
    wanted: set[tuple[str, str]] = set()
    for mu in mutations:
        for fld, target in _REFS_BY_ENTITY.get(mu.entity, ()):
            ref = mu.data.get(fld)
            if isinstance(ref, str):
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
    for (ent, fld), target in REFERENCES.items():
        if mu.entity != ent:
            continue
        ref = mu.data.get(fld)
        if not isinstance(ref, str):
            continue
        row = st.rows.get((target, ref))
        if (target, ref) in known or (row is not None and not _retracted(row.data)):
            continue
        raise Rejected(
            "unknown_reference",
            f"字段 {fld} 指向的记录在服务器上不存在",
            f"{fld} names a {target} the hub does not have",
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
