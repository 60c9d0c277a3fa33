"""Records this laptop cannot apply or read are set aside, never fatal.

``screen`` sorts one pulled page into records to apply, records to quarantine (with the
reason) and retractions (the hub's operator withdrew a bad record: its quarantine entry goes).
The pull cursor still advances past quarantined records, so one bad record on the hub never
stops a laptop's sync; ``caravan sync status``, ``caravan check`` and the 同步 page list them.

``set_aside_stored`` does the same for records already in the tables (pulled before the hub
and the laptop checked what values mean, ``domain/fieldspec.py``, or written into the file by
another program): each is moved into the quarantine with its reason, so no report, figure or
check ever reads it. It runs once after an upgrade of these rules and in every ``caravan check``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..domain import fieldspec
from ..domain.schema import ENTITIES, FIELD_RANGES, MAX_TEXT, text_ok, value_problem
from . import models as m

if TYPE_CHECKING:
    from .database import Database

_HLC = re.compile(r"^\d{13}\.\d{5}$")


def _ident_ok(v: object) -> bool:
    return isinstance(v, str) and 0 < len(v) <= 64 and text_ok(v)


def problem(r: dict[str, Any]) -> str | None:
    """Why a pulled record cannot be applied here (None if it can)."""
    entity = r.get("entity")
    spec = ENTITIES.get(entity)  # type: ignore[arg-type]
    if spec is None:
        return None  # a newer entity: skipped, as before
    if not _ident_ok(r.get("id")) or not _ident_ok(r.get("device_id")):
        return "编号无效 / bad id or device id"
    if not isinstance(r.get("hlc"), str) or not _HLC.match(r["hlc"]):
        return "时间戳无效 / bad timestamp"
    data = r.get("data")
    if not isinstance(data, dict):
        return "数据格式错误 / data is not an object"
    for k, v in data.items():
        if k == "deleted":
            if not isinstance(v, bool):
                return "删除标记无效 / deleted must be true or false"
            continue
        p = value_problem(entity, k, v)  # type: ignore[arg-type]
        if p is not None:
            return f"{p[1]} / {p[2]}"
    for f in spec.required:
        if data.get(f) is None:
            return f"缺少必填字段 {f} / required field {f} is missing"
    if spec.kind == "append":
        p = fieldspec.record_problem(entity, data)  # type: ignore[arg-type]
        if p is not None:
            return f"{p[1]} / {p[2]}"
    clocks = r.get("clocks")
    if clocks is not None and not (
        isinstance(clocks, dict)
        and all(
            isinstance(c, list) and len(c) == 2 and all(isinstance(x, str) and text_ok(x) for x in c)
            for c in clocks.values()
        )
    ):
        return "字段时钟无效 / bad field clocks"
    return None


def is_retraction(r: dict[str, Any]) -> bool:
    data = r.get("data")
    return isinstance(data, dict) and data.get("retracted") is True


def screen(
    records: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], str]], list[dict[str, Any]]]:
    good: list[dict[str, Any]] = []
    bad: list[tuple[dict[str, Any], str]] = []
    retracted: list[dict[str, Any]] = []
    for r in records:
        if not isinstance(r, dict):
            continue
        if is_retraction(r):
            retracted.append(r)
            continue
        why = problem(r)
        if why is None:
            good.append(r)
        else:
            bad.append((r, why))
    return good, bad, retracted


def _safe(v: object, n: int = 64) -> str:
    s = v if isinstance(v, str) else json.dumps(v, default=str)
    return s.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")[:n]


def store(s: Session, bad: list[tuple[dict[str, Any], str]], retracted: list[dict[str, Any]]) -> None:
    """In the page's transaction: keep the bad ones, drop what the hub retracted."""
    at = dt.datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
    for r, why in bad:
        data = json.dumps(r.get("data"), ensure_ascii=True, default=str)[:20_000]
        s.merge(
            m.SyncQuarantine(
                entity=_safe(r.get("entity"), 40),
                record_id=_safe(r.get("id")),
                device_id=_safe(r.get("device_id")),
                data=data,
                reason=why,
                at=at,
            )
        )
    drop(s, retracted)


def drop_applied(s: Session, records: list[dict[str, Any]]) -> None:
    """Records of a page that arrived valid: their quarantine entries (if any) go."""
    held = {(e, rid) for e, rid in s.execute(select(m.SyncQuarantine.entity, m.SyncQuarantine.record_id))}
    if held:
        drop(s, [r for r in records if (r.get("entity"), r.get("id")) in held])


def drop(s: Session, records: list[dict[str, Any]]) -> None:
    """Quarantine entries of these records go: retracted by the hub, or arrived again valid."""
    for r in records:
        s.execute(
            delete(m.SyncQuarantine).where(
                m.SyncQuarantine.entity == _safe(r.get("entity"), 40), m.SyncQuarantine.record_id == _safe(r.get("id"))
            )
        )


def quarantined(db: Database) -> list[dict[str, Any]]:
    with db.read() as s:
        return [
            {
                "entity": q.entity,
                "record_id": q.record_id,
                "device_id": q.device_id,
                "reason": q.reason,
                "data": q.data[:200],
                "at": q.at,
            }
            for q in s.scalars(select(m.SyncQuarantine).order_by(m.SyncQuarantine.at.desc()).limit(500))
        ]


# --- records already stored ----------------------------------------------------------------

SWEEP_VERSION = "1"  # raise when fieldspec's rules grow: every laptop sweeps its tables again
META_SWEEP = "fieldspec_sweep"

_TIME_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*"
_DAY_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
_LO, _HI = fieldspec.EARLIEST_DAY.isoformat(), fieldspec.LATEST_DAY.isoformat()


def _day_sql(d: str) -> list[str]:
    """``d`` (an SQL text of 10 characters) is not a calendar day in the spec's bounds; date()
    runs only for days above 28 (the costly part on a million rows)."""
    mon, day = f"substr({d}, 6, 2)", f"substr({d}, 9, 2)"
    return [
        f"{d} NOT BETWEEN '{_LO}' AND '{_HI}'",
        f"{mon} NOT BETWEEN '01' AND '12'",
        f"{day} < '01'",
        f"({day} > '28' AND date({d}) IS NOT {d})",
    ]


def _suspect_sql(entity: str, field: str, ftype: str) -> str:
    """A SQL condition true for every stored value of ``field`` that may fail the spec (and a
    few that pass): the tables with a million rows are read only where it holds."""
    c = f'"{field}"'
    key = (entity, field)
    sqltype = {"str": "text", "int": "integer", "bool": "integer"}[ftype]
    parts = [f"typeof({c}) != '{sqltype}'"]
    if ftype == "bool":
        parts.append(f"{c} NOT IN (0, 1)")
    elif ftype == "int":
        lo, hi = FIELD_RANGES.get(key, (-(2**63), 2**63 - 1))
        parts.append(f"{c} NOT BETWEEN {lo} AND {hi}")
    elif key in fieldspec.ENUMS:
        allowed = ", ".join("'" + v.replace("'", "''") + "'" for v in fieldspec.ENUMS[key])
        parts.append(f"{c} NOT IN ({allowed})")
    elif key in fieldspec.DAYS:
        parts += [f"{c} NOT GLOB '{_DAY_GLOB}'", *_day_sql(c)]
    elif key in fieldspec.TIMES:
        d = f"substr({c}, 1, 10)"
        parts += [
            f"{c} NOT GLOB '{_TIME_GLOB}'",
            f"length({c}) NOT IN (19, 21, 22, 23, 24, 25, 26)",
            *_day_sql(d),
            f"substr({c}, 12, 2) > '23'",
            f"substr({c}, 15, 2) > '59'",
            f"substr({c}, 18, 2) > '59'",
        ]
    elif key in fieldspec.RULES:
        parts.append("1")  # JSON lists and the like: every value is read (small tables)
    else:  # free text (a control character prints as □ and breaks nothing: not looked for here)
        parts += [f"length({c}) > {MAX_TEXT}", f"instr({c}, char(0)) > 0"]
    return f"({c} IS NOT NULL AND ({' OR '.join(parts)}))"


def _row_problem(entity: str, data: dict[str, Any]) -> str | None:
    spec = ENTITIES[entity]
    for k, v in data.items():
        p = value_problem(entity, k, v)
        if p is not None:
            return f"{p[1]} / {p[2]}"
    for f in spec.required:
        if data.get(f) is None:
            return f"缺少必填字段 {f} / required field {f} is missing"
    if spec.kind == "append":
        p = fieldspec.record_problem(entity, data)
        if p is not None:
            return f"{p[1]} / {p[2]}"
    return None


def unreadable(s: Session, after: dict[str, int] | None = None) -> list[tuple[str, str, str, dict[str, Any], str]]:
    """(entity, id, device id, fields, reason) of every stored record that fails the spec;
    with ``after`` (table -> rowid), only append-only rows added since (they never change)."""
    from sqlalchemy import text as sql

    out: list[tuple[str, str, str, dict[str, Any], str]] = []
    for entity, spec in ENTITIES.items():
        table = m.MODELS[entity].__tablename__
        fields = list(spec.fields)
        cond = [_suspect_sql(entity, f, t) for f, t in spec.fields.items()]
        cond += [f'"{f}" IS NULL' for f in spec.required]
        cols = ", ".join(f'"{f}"' for f in fields)
        since = int((after or {}).get(table, 0)) if spec.kind == "append" else 0
        where = f"rowid > {since} AND deleted = 0 AND ({' OR '.join(cond)})"
        for row in s.execute(sql(f"SELECT id, device_id, {cols} FROM {table} WHERE {where}")):
            data = {
                f: (bool(v) if spec.fields[f] == "bool" and v in (0, 1) else v)
                for f, v in zip(fields, row[2:], strict=True)
            }
            why = _row_problem(entity, data)
            if why is not None:
                out.append((entity, row[0], row[1], data, why))
    return out


_META_ROWIDS = "fieldspec_rowids"  # JSON {table: last rowid looked at} of append-only tables


def set_aside_stored(db: Database, full: bool = False) -> list[dict[str, Any]]:
    """Move every stored record that fails the spec into the quarantine (one transaction) and
    return what was moved. Append-only rows already looked at are not read again unless
    ``full`` (they never change; new ones come only through checked writes and pulls, or from
    another program). Append-only tables refuse DELETE by trigger: the trigger is dropped and
    made again around the statement, inside the same transaction."""
    from sqlalchemy import text as sql

    moved: list[dict[str, Any]] = []
    with db.write() as s:
        raw = None if full else s.get(m.Meta, _META_ROWIDS)
        after = json.loads(raw.value) if raw is not None and raw.value else {}
        found = unreadable(s, after)
        at = dt.datetime.now().strftime("%Y-%m-%dT%H:%M:%S")
        by_table: dict[str, list[str]] = {}
        for entity, rid, dev, data, why in found:
            s.merge(
                m.SyncQuarantine(
                    entity=entity,
                    record_id=_safe(rid),
                    device_id=_safe(dev),
                    data=json.dumps(data, ensure_ascii=True, default=str)[:20_000],
                    reason=why,
                    at=at,
                )
            )
            by_table.setdefault(m.MODELS[entity].__tablename__, []).append(rid)
            moved.append({"entity": entity, "record_id": rid, "device_id": dev, "reason": why})
        s.flush()
        for table, ids in by_table.items():
            trig = s.execute(
                sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"), {"n": f"{table}_no_delete"}
            ).scalar()
            if trig:
                s.execute(sql(f'DROP TRIGGER "{table}_no_delete"'))
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                params = {f"i{j}": v for j, v in enumerate(part)}
                marks = ", ".join(f":i{j}" for j in range(len(part)))
                s.execute(sql(f"DELETE FROM {table} WHERE id IN ({marks})"), params)
                s.execute(sql(f"DELETE FROM outbox WHERE record_id IN ({marks})"), params)
            if trig:
                s.execute(sql(trig))
        tops = {
            t: int(s.execute(sql(f"SELECT coalesce(max(rowid), 0) FROM {t}")).scalar() or 0)
            for t in m.APPEND_ONLY_TABLES
        }
        db.set_meta(_META_ROWIDS, json.dumps(tops, sort_keys=True), s)
        db.set_meta(META_SWEEP, SWEEP_VERSION, s)
    return moved


def sweep_if_due(db: Database) -> list[dict[str, Any]]:
    """``set_aside_stored`` once per version of the rules (at start, before anything reads)."""
    if getattr(db, "read_only", False) or db.get_meta(META_SWEEP) == SWEEP_VERSION:
        return []
    return set_aside_stored(db, full=True)
