"""Applying one pushed batch: validate each mutation against ``domain.schema``, merge it, log it.

Append-only records are inserted once by id; edited records merge per field by
(HLC, device id) with ``domain.merge.merge_fields``. A value overwritten by an edit that had not
seen it (its ``base`` clock differs) is a conflict: the loser is kept in ``conflicts``. A rejected mutation gets a reason and the batch goes on.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _string  # what dumps does to a str
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import corrections
from ..domain.hlc import physical_ms
from ..domain.merge import merge_fields, seen_base
from ..domain.schema import ENTITIES, check_value
from ..sync.protocol import MAX_AHEAD_MS, Mutation, MutationResult
from . import models as hm

HLC_RE = re.compile(r"^\d{13}\.\d{5}$")


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(mu: Mutation, data_json: str | None = None) -> str:
    """SHA-256 of dumps({"id", "entity", "op", "hlc", "data"}), assembled in dumps' own (sorted)
    key order so only ``data`` goes through the encoder, or not even that when the caller has
    ``dumps(mu.data)`` already (the same bytes)."""
    body = (
        f'{{"data":{dumps(mu.data) if data_json is None else data_json},"entity":{_string(mu.entity)},"hlc":{_string(mu.hlc)},'
        f'"id":{_string(mu.id)},"op":{_string(mu.op)}}}'
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class Rejected(Exception):
    def __init__(self, code: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.code, self.zh, self.en = code, zh, en


def _validate(mu: Mutation, device_id: str, now_ms: int) -> None:
    spec = ENTITIES.get(mu.entity)
    if spec is None:
        raise Rejected("unknown_entity", f"未知的数据类型 {mu.entity}", f"unknown entity {mu.entity!r}")
    if mu.op not in ("insert", "update"):
        raise Rejected("bad_op", "无效的操作", f"unknown op {mu.op!r}")
    if mu.op == "update" and spec.kind == "append":
        raise Rejected("append_only", "只增记录不能修改", f"{mu.entity} records cannot be updated")
    if not HLC_RE.match(mu.hlc):
        raise Rejected("bad_hlc", "时间戳格式错误", "malformed HLC timestamp")
    if physical_ms(mu.hlc) > now_ms + MAX_AHEAD_MS:
        raise Rejected(
            "clock_ahead",
            "这台电脑的时钟比服务器快了 10 分钟以上，请校准时间后再同步",
            "this laptop's clock is more than 10 minutes ahead of the hub; fix the clock and sync again",
        )
    for k, v in mu.data.items():
        if k == "deleted":
            if not isinstance(v, bool):
                raise Rejected("bad_value", "删除标记无效", "deleted must be true or false")
            if v and spec.kind == "append":
                raise Rejected("append_only", "只增记录不能删除", f"{mu.entity} records cannot be deleted")
            continue
        if k not in spec.fields:
            raise Rejected("unknown_field", f"未知字段 {k}", f"unknown field {k!r} for {mu.entity}")
        if not check_value(spec.fields[k], v):
            raise Rejected("bad_value", f"字段 {k} 类型错误", f"field {k} must be {spec.fields[k]}")
        if isinstance(v, str) and len(v) > 20_000:
            raise Rejected("too_long", f"字段 {k} 太长", f"field {k} is too long")
    for k, c in (mu.base or {}).items():
        if not (isinstance(c, list) and len(c) == 2 and all(isinstance(x, str) for x in c) and HLC_RE.match(c[0])):
            raise Rejected("bad_base", f"字段 {k} 的版本标记无效", f"malformed base clock for field {k}")
    if mu.op == "insert":
        for f in spec.required:
            if mu.data.get(f) is None:
                raise Rejected("missing_field", f"缺少必填字段 {f}", f"required field {f} is missing")
    if mu.entity == "device" and mu.id != device_id:
        raise Rejected("not_yourself", "设备只能登记自己", "a device can only register itself")


@dataclass
class BatchState:
    """Records touched by this batch, keyed (entity, id); seq assigned once at the end."""

    rows: dict[tuple[str, str], hm.Record]
    dirty: set[tuple[str, str]]
    fresh: list[Any] = field(default_factory=list)  # fastpath.FreshRow: new rows, inserted in bulk


def _sole_writer(clocks: dict[str, list[str]]) -> str | None:
    devices = {c[1] for c in clocks.values()}
    return devices.pop() if len(devices) == 1 else None


def apply_one(s: Session, st: BatchState, mu: Mutation, device_id: str, now_ms: int) -> None:
    """Validate and merge one mutation (raises ``Rejected``)."""
    _validate(mu, device_id, now_ms)
    spec = ENTITIES[mu.entity]
    key = (mu.entity, mu.id)
    row = st.rows.get(key)
    if spec.kind == "append":
        full = {f: mu.data.get(f) for f in spec.fields} | {"deleted": False}
        if row is not None:
            stored = json.loads(row.data)
            # A derived fact made on two laptops is one fact (domain/corrections.py RULES, one
            # rule for undos, voids, take-backs and merges): keep the copy the rule picks.
            if corrections.same_fact(mu.entity, mu.id, stored, full):
                keep_one_correction(st, key, row, mu.hlc, device_id, full)
                return
            if stored != full:
                raise Rejected("id_clash", "记录编号与已有记录冲突", "a different record already has this id")
            return  # the same fact again (e.g. another path): nothing to do
        st.rows[key] = row = hm.Record(
            entity=mu.entity,
            id=mu.id,
            device_id=device_id,
            hlc=mu.hlc,
            data=dumps(full),
            clocks=None,
            seq=0,
            sole_writer=device_id,
        )
        s.add(row)
        st.dirty.add(key)
        return
    inc_clocks = {k: (mu.hlc, device_id) for k in mu.data}
    if row is None:
        if mu.op == "update":
            raise Rejected("unknown_record", "要修改的记录在服务器上不存在", "the record to update is not on the hub")
        full = {f: mu.data.get(f) for f in spec.fields} | {"deleted": bool(mu.data.get("deleted", False))}
        clocks = {k: [mu.hlc, device_id] for k in full}
        st.rows[key] = row = hm.Record(
            entity=mu.entity,
            id=mu.id,
            device_id=device_id,
            hlc=mu.hlc,
            data=dumps(full),
            clocks=dumps(clocks),
            seq=0,
            sole_writer=device_id,
        )
        s.add(row)
        st.dirty.add(key)
        return
    values = json.loads(row.data)
    cur = {k: (v[0], v[1]) for k, v in json.loads(row.clocks or "{}").items()}
    new_v, new_c, lost = merge_fields(
        values,
        cur,  # type: ignore[arg-type]
        mu.data,
        inc_clocks,  # type: ignore[arg-type]
        seen_base(mu.base, device_id),  # an edit that saw the value it replaces is no conflict
    )
    clocks = {k: [v[0], v[1]] for k, v in new_c.items()}
    row.data = dumps(new_v)
    row.clocks = dumps(clocks)
    row.hlc = max(row.hlc, mu.hlc)
    row.sole_writer = _sole_writer(clocks)
    st.dirty.add(key)
    for lo in lost:
        s.add(
            hm.HubConflict(
                entity=mu.entity,
                record_id=mu.id,
                field=lo.field,
                kept_value=dumps(lo.kept),
                lost_value=dumps(lo.lost),
                lost_hlc=lo.lost_clock[0],
                lost_device=lo.lost_clock[1],
            )
        )


# --- derived facts (the one rule is domain/corrections.py RULES) ---------------------


def keep_one_correction(
    st: BatchState, key: tuple[str, str], row: hm.Record, hlc: str, device_id: str, full: dict[str, Any]
) -> None:
    """A second arrival of a derived fact (the same undo, void, take-back or merge made on two
    laptops): accepted and kept once. The copy ``corrections.incoming_wins`` picks stays (a
    recorded override first, then the lower ``(hlc, device_id)``); once two devices wrote it,
    everyone pulls the kept copy (device, hlc and fields), so every export is byte-identical."""
    if row.device_id == device_id and row.hlc == hlc and json.loads(row.data) == full:
        return  # this very copy again
    changed = corrections.incoming_wins(key[0], json.loads(row.data), (row.hlc, row.device_id), full, (hlc, device_id))
    if changed:
        row.data = dumps(full)
        row.hlc = hlc
        row.device_id = device_id
    if changed or row.sole_writer is not None:
        row.sole_writer = None
        st.dirty.add(key)


def load_rows(s: Session, mutations: list[Mutation]) -> BatchState:
    """Fetch every record the batch touches. First the ids already stored, one plain query per
    entity named (``entity = ? AND id IN (...)`` on the primary key, no ORM); only those are then
    loaded as objects — a batch of new facts builds none."""
    by_entity: dict[str, set[str]] = {}
    for mu in mutations:
        by_entity.setdefault(mu.entity, set()).add(mu.id)
    rows: dict[tuple[str, str], hm.Record] = {}
    for entity, idset in by_entity.items():
        stored = [rid for rid, _data in stored_ids(s, entity, sorted(idset))]
        for i in range(0, len(stored), 500):
            q = select(hm.Record).where(hm.Record.entity == entity, hm.Record.id.in_(stored[i : i + 500]))
            for r in s.scalars(q):
                rows[(r.entity, r.id)] = r
    return BatchState(rows, set())


def stored_ids(s: Session, entity: str, ids: list[str], with_data: bool = False) -> list[tuple[str, str | None]]:
    """(id, data or None) of the records of ``entity`` among ``ids`` that the hub has, through
    the driver (a 500-id IN list costs SQLAlchemy more than the query)."""
    c = s.connection()
    mark = "?" if c.dialect.paramstyle == "qmark" else "%s"
    cols = "id, data" if with_data else "id, NULL"
    out: list[tuple[str, str | None]] = []
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        sql = f"SELECT {cols} FROM records WHERE entity = {mark} AND id IN ({', '.join([mark] * len(part))})"
        out += [(r[0], r[1]) for r in c.exec_driver_sql(sql, (entity, *part))]
    return out


def result(
    mu: Mutation, status: str, code: str | None = None, zh: str | None = None, en: str | None = None
) -> MutationResult:
    return MutationResult(seq=mu.seq, status=status, code=code, zh=zh, en=en)  # type: ignore[arg-type]
