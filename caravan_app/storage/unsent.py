"""Changes a laptop never pushed, when its database is replaced by a restore.

A restore puts an older file in place; what the current one recorded and never sent exists
nowhere else. So before the file is replaced its unsent outbox rows are read and saved beside
the backups (``unsent-<time>.json``), and after the restored database is open (migrated) they
are written back as this laptop's changes, with their own ids and clocks, and queued to push.
A change whose record refers to something the backup lacks (a visit pushed after the backup)
waits in that file: the restore's sync brings those records back, then it is written too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from ..domain.schema import ENTITIES, REFERENCES
from . import cipher, merges, privacy_store
from .records import dumps

if TYPE_CHECKING:
    from .database import Database

META_WAITING = "restore_unsent_file"  # the file of changes still waiting for their references


@dataclass(frozen=True)
class UnsentChange:
    seq: int
    entity: str
    record_id: str
    op: str
    hlc: str
    data: dict[str, Any]
    base: dict[str, Any] | None = None


@dataclass
class Reapplied:
    written: int = 0  # written back and queued to push
    present: int = 0  # the restored database already had them
    waiting: list[UnsentChange] = field(default_factory=list)  # refer to records it lacks (yet)
    dropped: list[str] = field(default_factory=list)  # could not be applied at all, with why


def read_unsent(path: Path) -> list[UnsentChange] | None:
    """The unsent outbox rows of a database file, oldest first; None if it cannot be read."""
    try:
        conn = cipher.connect(path, uri=f"file:{path.resolve().as_posix()}?mode=ro")
    except cipher.ERRORS:
        return None
    try:
        rows = conn.execute(
            "SELECT seq, entity, record_id, op, hlc, data, base FROM outbox WHERE pushed = 0 ORDER BY seq"
        ).fetchall()
        return [
            UnsentChange(int(r[0]), r[1], r[2], r[3], r[4], json.loads(r[5]), json.loads(r[6]) if r[6] else None)
            for r in rows
            if r[3] in ("insert", "update")
        ]
    except cipher.ERRORS:
        return None
    except ValueError:  # a damaged outbox row
        return None
    finally:
        conn.close()


def save(changes: list[UnsentChange], folder: Path, device_id: str | None) -> Path:
    """Write the changes to ``folder/unsent-<time>.json`` (durably: it may be their only copy)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"unsent-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.json"
    doc = {"device_id": device_id, "changes": [asdict(c) for c in changes]}
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(doc, ensure_ascii=False, indent=1))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def load(path: Path) -> list[UnsentChange]:
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return [UnsentChange(**c) for c in doc.get("changes", [])]


def rewrite(path: Path, changes: list[UnsentChange], device_id: str | None) -> None:
    """Keep only ``changes`` in the file (those still waiting)."""
    doc = {"device_id": device_id, "changes": [asdict(c) for c in changes]}
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def reapply(db: Database, changes: list[UnsentChange]) -> Reapplied:
    """Write ``changes`` back into ``db`` as this laptop's own, each with its outbox row.

    One transaction; each change in its own savepoint, so one that refers to a missing record
    (``domain.schema.REFERENCES``) waits and the others are written. An edit is written field by field where
    its clock is newer than the field's, as a pull would merge it."""
    out = Reapplied()
    dev = db.device_id
    with db.write() as s:
        have = {
            (r[0], r[1], r[2], r[3]) for r in s.execute(text("SELECT entity, record_id, op, hlc FROM outbox")).all()
        }
        newest = ""
        for ch in changes:
            spec = ENTITIES.get(ch.entity)
            if spec is None:
                out.dropped.append(f"{ch.entity} {ch.record_id}: unknown kind of record")
                continue
            if (ch.entity, ch.record_id, ch.op, ch.hlc) in have:
                out.present += 1
                continue
            sp = s.begin_nested()
            try:
                done = _write(s, spec, ch, dev)
                if done:
                    s.execute(
                        text(
                            "INSERT INTO outbox (entity, record_id, op, hlc, data, pushed, base) "
                            "VALUES (:e, :r, :op, :h, :d, 0, :b)"
                        ),
                        {
                            "e": ch.entity,
                            "r": ch.record_id,
                            "op": ch.op,
                            "h": ch.hlc,
                            "d": dumps(ch.data),
                            "b": dumps(ch.base) if ch.base else None,
                        },
                    )
                sp.commit()
            except sqlite3.IntegrityError:
                sp.rollback()
                out.waiting.append(ch)
                continue
            except Exception as exc:  # SQLAlchemy wraps sqlite3 errors
                sp.rollback()
                if isinstance(getattr(exc, "orig", None), sqlite3.IntegrityError):
                    out.waiting.append(ch)
                else:
                    out.dropped.append(f"{ch.entity} {ch.record_id}: {exc}")
                continue
            if done:
                out.written += 1
                newest = max(newest, ch.hlc)
            else:
                out.present += 1
        if newest and any(c.entity == "merge" for c in changes):
            s.flush()
            merges.rebuild(s)  # merged catalogue ids, as after a pulled merge
        touched = {c.data.get("visit_id") for c in changes if c.entity in ("signin", "privacy_action")}
        if newest and touched:
            privacy_store.apply(s, {v for v in touched if isinstance(v, str)})  # purges cover them too
        if newest:
            db.clock.observe(newest)
            db.set_meta("hlc_last", db.clock.last, s)
    return out


def _write(s: Any, spec: Any, ch: UnsentChange, dev: str) -> bool:
    """The record change itself; False when the database already holds it."""
    table = spec.table
    for (ent, fld), targets in REFERENCES.items():  # the laptop's tables declare no foreign keys
        ref = ch.data.get(fld)
        if ent == ch.entity and isinstance(ref, str):
            found = any(
                s.execute(text(f'SELECT 1 FROM "{ENTITIES[t].table}" WHERE id = :id'), {"id": ref}).first()
                for t in targets
            )
            if not found:
                raise sqlite3.IntegrityError(f"{fld} names a {'/'.join(targets)} this database lacks")
    exists = s.execute(text(f'SELECT 1 FROM "{table}" WHERE id = :id'), {"id": ch.record_id}).first()
    fields = {k: v for k, v in ch.data.items() if k in spec.fields}
    if ch.op == "insert":
        if exists:
            return False
        values: dict[str, Any] = {
            "id": ch.record_id,
            "device_id": dev,
            "hlc": ch.hlc,
            "deleted": bool(ch.data.get("deleted", False)),
            **{f: fields.get(f) for f in spec.fields},
        }
        if spec.kind == "edit":
            values["clocks"] = dumps({f: [ch.hlc, dev] for f in (*spec.fields, "deleted")})
        cols = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join(f":v{i}" for i in range(len(values)))
        s.execute(
            text(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})'),
            {f"v{i}": v for i, v in enumerate(values.values())},
        )
        return True
    if not exists or spec.kind != "edit":
        raise sqlite3.IntegrityError("the edited record is not there")
    row = s.execute(text(f'SELECT clocks, hlc FROM "{table}" WHERE id = :id'), {"id": ch.record_id}).one()
    clocks = json.loads(row[0]) if row[0] else {}
    sets: dict[str, Any] = {}
    for k, v in ch.data.items():
        if k not in spec.fields and k != "deleted":
            continue
        cur = clocks.get(k)
        if cur is None or (ch.hlc, dev) > (cur[0], cur[1]):
            sets[k] = v
            clocks[k] = [ch.hlc, dev]
    if not sets:
        return False
    assign = ", ".join(f'"{k}" = :s{i}' for i, k in enumerate(sets))
    s.execute(
        text(f'UPDATE "{table}" SET {assign}, clocks = :clocks, hlc = max(hlc, :hlc) WHERE id = :id'),
        {
            **{f"s{i}": v for i, v in enumerate(sets.values())},
            "clocks": dumps(clocks),
            "hlc": ch.hlc,
            "id": ch.record_id,
        },
    )
    return True


def keep(db: Database, changes: list[UnsentChange], saved: Path) -> Reapplied:
    """Write ``changes`` back; those still waiting go to ``<saved>-waiting.json``, named in meta
    so the sync that brings their records back writes them too (``retry_waiting``)."""
    res = reapply(db, changes)
    _park(db, saved.with_name(saved.stem + "-waiting.json"), res.waiting)
    return res


def retry_waiting(db: Database) -> int:
    """Write back the changes still waiting after a restore; how many were written."""
    name = db.get_meta(META_WAITING)
    if not name:
        return 0
    path = Path(name)
    try:
        changes = load(path)
    except (OSError, ValueError):
        db.set_meta(META_WAITING, "")
        return 0
    res = reapply(db, changes)
    _park(db, path, res.waiting)
    return res.written


def waiting_count(db: Database) -> int:
    """How many changes kept at a restore still wait for their records (0 when none)."""
    name = db.get_meta(META_WAITING)
    if not name:
        return 0
    try:
        return len(load(Path(name)))
    except (OSError, ValueError):
        return 0


def _park(db: Database, path: Path, waiting: list[UnsentChange]) -> None:
    if waiting:
        rewrite(path, waiting, db.device_id)
        db.set_meta(META_WAITING, str(path))
    else:
        path.unlink(missing_ok=True)
        db.set_meta(META_WAITING, "")
