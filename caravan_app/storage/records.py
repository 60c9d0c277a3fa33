"""Writing synced records: every local change and its outbox row in one transaction.

``UnitOfWork`` is the only way services change synced data. ``apply_remote`` is how pulled
records land, merged per field for edited entities and by id for append-only ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, object_session

from ..domain import corrections, fieldspec
from ..domain.errors import NotFound, ValidationError
from ..domain.ids import new_id
from ..domain.merge import merge_fields
from ..domain.schema import ENTITIES, check_value, value_problem
from . import models as m
from .data_version import note_written

if TYPE_CHECKING:
    from .database import Database


def dumps(obj: Any) -> str:
    """Compact, key-sorted JSON: the same data always gives the same bytes."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def record_fields(entity: str, row: m.Synced) -> dict[str, Any]:
    """The user-data fields of a row (no sync metadata)."""
    return {f: getattr(row, f) for f in ENTITIES[entity].fields}


def _check_types(entity: str, data: dict[str, Any]) -> None:
    spec = ENTITIES[entity]
    for k, v in data.items():
        if k == "deleted":
            if not isinstance(v, bool):
                raise ValidationError(k, "删除标记无效", "deleted flag must be true or false")
            continue
        if k not in spec.fields:
            raise ValidationError(k, f"未知字段 {k}", f"unknown field {k} for {entity}")
        if not check_value(spec.fields[k], v):
            raise ValidationError(k, f"字段 {k} 类型错误", f"field {k} must be {spec.fields[k]}")
        problem = value_problem(entity, k, v)  # ranges and text rules (the hub checks the same)
        if problem is not None:
            raise ValidationError(k, problem[1], problem[2])


@cache
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})"


_OUTBOX_SQL = _insert_sql("outbox", ("entity", "record_id", "op", "hlc", "data", "pushed", "base"))


def raw_cursor(conn: Connection) -> Any:
    """The DBAPI (sqlite3) cursor under a SQLAlchemy Connection, inside its transaction.

    Appends are the hot path of a field day (a sign-in every few seconds at the gate): plain
    parameterised SQL on the same connection skips SQLAlchemy's statement building, which
    cost more than the commit itself."""
    return conn.connection.driver_connection.cursor()  # type: ignore[union-attr]


class UnitOfWork:
    """One user action: changes plus their outbox rows, committed together or not at all."""

    def __init__(self, conn: Connection, db: Database) -> None:
        self.conn = conn
        self.db = db
        self._session: Session | None = None
        self._cur: Any = None

    @property
    def cursor(self) -> Any:
        if self._cur is None:
            self._cur = raw_cursor(self.conn)
        return self._cur

    @property
    def session(self) -> Session:
        """An ORM session inside this unit's transaction, made only when a use case needs one."""
        if self._session is None:
            self._session = Session(bind=self.conn, expire_on_commit=False)
        return self._session

    def _finish(self) -> None:
        if self._session is not None:
            self._session.flush()

    def _close(self) -> None:
        if self._session is not None:
            self._session.close()

    def status(self, entity: str, record_id: str | None, column: str, *, field: str | None = None) -> Any:
        """One column of a live record, without loading it through the ORM (hot paths)."""
        table = m.MODELS[entity].__tablename__
        row = self.cursor.execute(
            f'SELECT "{column}" FROM {table} WHERE id = ? AND deleted = 0', (record_id,)
        ).fetchone()
        if row is None:
            f = field or f"{entity}_id"
            raise NotFound(f, f"找不到该记录（{entity}）", f"no such {entity}: {record_id}")
        return row[0]

    def get(self, entity: str, record_id: str | None, *, field: str | None = None) -> Any:
        row = self.session.get(m.MODELS[entity], record_id) if record_id else None
        if row is None or row.deleted:
            f = field or f"{entity}_id"
            raise NotFound(f, f"找不到该记录（{entity}）", f"no such {entity}: {record_id}")
        return row

    def insert(self, entity: str, data: dict[str, Any], *, record_id: str | None = None) -> str:
        spec = ENTITIES[entity]
        full = {f: data.get(f) for f in spec.fields}
        _check_types(entity, full)
        for f in spec.required:
            if full[f] is None:
                raise ValidationError(f, f"{f} 不能为空", f"{f} is required")
        problem = fieldspec.record_problem(entity, full)  # the hub checks the same
        if problem is not None:
            raise ValidationError(entity, problem[1], problem[2])
        rid = record_id or new_id()
        ts = self.db.clock.now()
        dev = self.db.device_id
        values: dict[str, Any] = {"id": rid, "device_id": dev, "hlc": ts, "deleted": False, **full}
        if spec.kind == "edit":
            values["clocks"] = dumps({f: [ts, dev] for f in (*spec.fields, "deleted")})
        # Plain INSERT on the unit's connection (see raw_cursor); a later session.get in the
        # same unit still sees the row.
        self.cursor.execute(_insert_sql(spec.table, tuple(values)), tuple(values.values()))
        self._outbox(entity, rid, "insert", ts, {**full, "deleted": False})
        return rid

    def update(self, entity: str, record_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        """Set fields of an edited record; only fields whose value changes are written."""
        spec = ENTITIES[entity]
        if spec.kind != "edit":
            raise TypeError(f"{entity} is append-only")
        _check_types(entity, changes)
        row = self.session.get(m.MODELS[entity], record_id)
        if row is None:
            raise NotFound(f"{entity}_id", "找不到该记录", f"no such {entity}: {record_id}")
        changed = {k: v for k, v in changes.items() if getattr(row, k) != v}
        if not changed:
            return {}
        ts = self.db.clock.now()
        clocks = json.loads(row.clocks)  # type: ignore[attr-defined]
        # The causal mark: for each field, the clock of the value this edit replaces. The hub
        # (and docs/sync.md) treat an edit whose base is the current value as simply newer.
        base = {k: clocks[k] for k in changed if k in clocks}
        for k, v in changed.items():
            setattr(row, k, v)
            clocks[k] = [ts, self.db.device_id]
        row.clocks = dumps(clocks)  # type: ignore[attr-defined]
        row.hlc = max(row.hlc, ts)
        self.session.flush()  # later Core statements in this unit must see the change
        self._outbox(entity, record_id, "update", ts, changed, base)
        return changed

    def delete(self, entity: str, record_id: str) -> None:
        """Tombstone an edited record (rows are never removed: the deletion must sync)."""
        self.update(entity, record_id, {"deleted": True})

    def _outbox(
        self, entity: str, rid: str, op: str, ts: str, data: dict[str, Any], base: dict[str, Any] | None = None
    ) -> None:
        self.cursor.execute(_OUTBOX_SQL, (entity, rid, op, ts, dumps(data), False, dumps(base) if base else None))
        note_written(entity)  # the operation path announces the kinds of data written


@contextmanager
def unit_of_work(db: Database) -> Iterator[UnitOfWork]:
    with db.write_conn() as conn:
        u = UnitOfWork(conn, db)
        try:
            yield u
            u._finish()
        finally:
            u._close()


def apply_remote(
    session: Session,
    db: Database,
    entity: str,
    record: dict[str, Any],
) -> int:
    """Merge one record pulled from the hub. ``record`` = {id, device_id, hlc, data, clocks?, lost?}.

    Append-only: inserted once by id (a repeat is a no-op). Edited: merged per field; a value
    of this laptop's that lost to a concurrent edit (the hub lists it in ``lost``) is kept in
    ``conflicts``. Returns the number of lost values recorded.
    """
    spec = ENTITIES[entity]
    model = m.MODELS[entity]
    rid = record["id"]
    data: dict[str, Any] = dict(record["data"])
    _check_types(entity, data)
    note_written(entity)  # a sync on the operation path announces the kinds it pulled
    db.clock.observe(record["hlc"])
    row = session.get(model, rid)
    if spec.kind == "append":
        if row is None:
            full = {f: data.get(f) for f in spec.fields}
            session.add(model(id=rid, device_id=record["device_id"], hlc=record["hlc"], deleted=False, **full))
        else:
            keep_one_correction(entity, row, record)
        return 0
    default_clock = (record["hlc"], record["device_id"])
    inc_clocks = {k: tuple(record.get("clocks", {}).get(k, default_clock)) for k in data}
    if row is None:
        full = {f: data.get(f) for f in spec.fields}
        row = model(
            id=rid,
            device_id=record["device_id"],
            hlc=record["hlc"],
            deleted=bool(data.get("deleted", False)),
            **full,
        )
        row.clocks = dumps(inc_clocks)  # type: ignore[attr-defined]
        session.add(row)
        return 0
    current = {**record_fields(entity, row), "deleted": row.deleted}
    cur_clocks = {k: (v[0], v[1]) for k, v in json.loads(row.clocks).items()}  # type: ignore[attr-defined]
    hub_lost = {f: {(c[0], c[1]) for c in cs} for f, cs in (record.get("lost") or {}).items()}
    me = db.device_id

    def concurrent(field: str, cur: tuple[str, str], inc: tuple[str, str]) -> bool:
        # A laptop lists the values of its own that lost to a concurrent edit: "your change
        # lost". The hub saw every edit with the clock of the value it replaced, so it knows
        # which overwrites were concurrent and names those losers (``lost``) in what it sends.
        # An own edit not yet pushed cannot have been seen by anyone: concurrent too.
        if not (inc > cur and cur[1] == me):
            return False
        if cur in hub_lost.get(field, ()):
            return True
        unpushed = session.scalar(
            select(m.Outbox.seq)
            .where(m.Outbox.record_id == rid, m.Outbox.hlc == cur[0], m.Outbox.pushed.is_(False))
            .limit(1)
        )
        return unpushed is not None

    values, clocks, lost = merge_fields(current, cur_clocks, data, inc_clocks, concurrent)  # type: ignore[arg-type]
    for k, v in values.items():
        if current.get(k) != v:
            setattr(row, k, v)
    row.clocks = dumps({k: list(v) for k, v in clocks.items()})  # type: ignore[attr-defined]
    row.hlc = max(row.hlc, *(c[0] for c in clocks.values()))
    for lo in lost:
        session.add(
            m.Conflict(
                entity=entity,
                record_id=rid,
                field=lo.field,
                kept_value=dumps(lo.kept),
                lost_value=dumps(lo.lost),
                lost_hlc=lo.lost_clock[0],
                lost_device=lo.lost_clock[1],
            )
        )
    return len(lost)


# --- derived facts (the one rule is domain/corrections.py RULES) ---------------------


def keep_one_correction(entity: str, row: m.Synced, record: dict[str, Any]) -> bool:
    """A pulled append-only record whose id this laptop already has: the laptop's one apply
    path for derived facts (undos, sign-in voids, take-backs, merges).

    If both are the same derived fact (made here and on another laptop), it is one fact:
    nothing is added, and the copy ``corrections.incoming_wins`` picks is kept, the same one the
    hub keeps, device and hlc included, so canonical exports stay byte-identical. The row is
    replaced by one UPDATE while meta ``adopt_hub_fact`` is '1' (the tables' append-only
    triggers let only that through, and for movements and merges only with the fields that
    make the fact unchanged). Returns True if the record was that fact."""
    spec = ENTITIES[entity]
    data = {f: record["data"].get(f) for f in spec.fields}
    local = record_fields(entity, row)
    if not corrections.same_fact(entity, row.id, local, data):
        return False
    if not corrections.incoming_wins(
        entity, local, (row.hlc, row.device_id), data, (record["hlc"], record["device_id"])
    ):
        return True
    session = object_session(row)
    assert session is not None
    sets = ", ".join(f'"{f}" = :f_{f}' for f in spec.fields)
    session.execute(sql_text("INSERT OR REPLACE INTO meta(key, value) VALUES ('adopt_hub_fact', '1')"))
    session.execute(
        sql_text(f"UPDATE {spec.table} SET device_id = :device_id, hlc = :hlc, {sets} WHERE id = :id"),
        {
            **{f"f_{f}": v for f, v in data.items()},
            "device_id": record["device_id"],
            "hlc": record["hlc"],
            "id": row.id,
        },
    )
    session.execute(sql_text("DELETE FROM meta WHERE key = 'adopt_hub_fact'"))
    session.expire(row)
    return True


def pending_outbox(session: Session, limit: int = 500) -> list[m.Outbox]:
    return list(session.scalars(select(m.Outbox).where(m.Outbox.pushed.is_(False)).order_by(m.Outbox.seq).limit(limit)))
