"""The reads behind ``caravan check`` (services/maintenance.py): SQLite's own checks of the file and
counts of rows that break a rule of the ledger, the attendance records or the outbox. The rules
and the messages stay in the service; this module only counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, aliased

from ..domain.schema import ENTITIES
from ..domain.vocab import MovementKind
from . import cipher
from . import models as m


@dataclass(frozen=True)
class FileCheck:
    """SQLite's checks of the file; a field is None when the file stopped being readable before it."""

    integrity: str | None = None  # "ok" or SQLite's first complaint
    foreign_key_violations: int | None = None
    missing_guards: tuple[tuple[str, str], ...] | None = None  # (table, "update"/"delete") without its trigger
    unreadable: str | None = None  # why the file could not be read through


def file_check(path: Path, uri: str) -> FileCheck:
    """Integrity, foreign keys and the append-only triggers, read through ``uri`` (read-only)."""
    conn = cipher.connect(path, uri=uri, timeout=10)
    status: str | None = None
    fk: int | None = None
    try:
        status = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        fk = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
        missing = tuple(
            (table, action)
            for table in m.APPEND_ONLY_TABLES
            for action in ("update", "delete")
            if f"{table}_no_{action}" not in triggers
        )
        return FileCheck(status, fk, missing)
    except cipher.DATABASE_ERRORS as exc:
        return FileCheck(status, fk, None, str(exc))
    finally:
        conn.close()


def change_mark(s: Session) -> int:
    """The outbox's newest seq: grows with every local change."""
    return int(s.scalar(select(func.max(m.Outbox.seq))) or 0)


# --- the van ledger -------------------------------------------------------------------------


def wrong_signs(s: Session, signs: Mapping[MovementKind, int]) -> list[tuple[MovementKind, int]]:
    """(kind, movements of that kind whose quantity has the wrong sign) for every kind with any."""
    out = []
    for kind, sign in signs.items():
        bad = s.scalar(select(func.count()).where(m.Movement.kind == kind, m.Movement.qty * sign <= 0))
        if bad:
            out.append((kind, int(bad)))
    return out


def zero_movements(s: Session) -> int:
    return int(s.scalar(select(func.count()).where(m.Movement.qty == 0)) or 0)


def unknown_kinds(s: Session, known: Iterable[str]) -> int:
    return int(s.scalar(select(func.count()).where(m.Movement.kind.not_in(list(known)))) or 0)


def ledger_in_order(s: Session) -> list[tuple[str, str, int]]:
    """(van, title, qty) of every movement, in the order the ledger is walked (device, id)."""
    q = select(m.Movement.caravan_id, m.Movement.title_id, m.Movement.qty).order_by(m.Movement.device_id, m.Movement.id)
    return [(r.caravan_id, r.title_id, r.qty) for r in s.execute(q)]


def overridden(s: Session) -> set[tuple[str, str]]:
    """(van, title) pairs with a recorded override of stock below zero."""
    q = select(m.Movement.caravan_id, m.Movement.title_id).where(m.Movement.override.is_(True))
    return {(c, t) for c, t in s.execute(q)}


def undone_twice(s: Session) -> int:
    """Movements named by more than one undo."""
    q = (
        select(m.Movement.ref_id, func.count())
        .where(m.Movement.kind == MovementKind.UNDO)
        .group_by(m.Movement.ref_id)
        .having(func.count() > 1)
    )
    return len(s.execute(q).all())


@dataclass(frozen=True)
class Reversal:
    """An undo and the movement it names (``target_id`` None: no such movement)."""

    qty: int
    caravan_id: str
    title_id: str
    target_id: str | None
    target_kind: str | None
    target_qty: int | None
    target_caravan_id: str | None
    target_title_id: str | None


def reversals(s: Session) -> list[Reversal]:
    undo = aliased(m.Movement)
    target = aliased(m.Movement)
    rows = s.execute(
        select(
            undo.qty,
            undo.caravan_id,
            undo.title_id,
            target.id,
            target.kind,
            target.qty,
            target.caravan_id,
            target.title_id,
        )
        .select_from(undo)
        .outerjoin(target, target.id == undo.ref_id)
        .where(undo.kind == MovementKind.UNDO)
    ).all()
    return [Reversal(*r) for r in rows]


def transfer_pairs(s: Session) -> list[tuple[str | None, str]]:
    """(out movement, in movement) of every transfer."""
    q = select(m.Movement.ref_id, m.Movement.id).where(
        m.Movement.kind == MovementKind.TRANSFER_IN, m.Movement.ref_id.is_not(None)
    )
    return [(a, b) for a, b in s.execute(q)]


# --- attendance, day closes, outbox, sizes ----------------------------------------------------


def negative_tally_groups(s: Session) -> int:
    """(visit, group) pairs whose tallies sum below zero (take-backs aside)."""
    q = (
        select(m.Tally.visit_id, m.Tally.group)
        .group_by(m.Tally.visit_id, m.Tally.group)
        .having(func.sum(m.Tally.delta) < 0)
    )
    return len(s.execute(q).all())


def day_close_lines(s: Session) -> list[tuple[str, str]]:
    """(id, lines as stored) of every day close."""
    return [(dc.id, dc.lines) for dc in s.scalars(select(m.DayClose))]


def outbox_orphans(s: Session) -> int:
    """Outbox rows whose record is in no table."""
    sql = "SELECT count(*) FROM outbox o WHERE " + " AND ".join(
        f"o.record_id NOT IN (SELECT id FROM {e.table})" for e in ENTITIES.values()
    )
    return int(s.scalar(text(sql)) or 0)


@dataclass(frozen=True)
class AttendanceCounts:
    negative_after_takebacks: int  # (visit, group) totals below zero after take-backs
    takebacks_not_positive: int
    takebacks_twice: int  # the same take-back (entry, seen, qty) more than once
    voided_twice: int
    at_missing_visits: dict[str, int]  # table → rows naming a visit that does not exist
    voids_of_missing: int
    takebacks_of_missing: int
    to_review: int  # take-backs a merge could not decide (concurrent, or more than counted)


_NEGATIVE_AFTER_TAKEBACKS = (
    'SELECT count(*) FROM (SELECT t.visit_id, t."group", SUM(t.delta) - COALESCE((SELECT SUM(MAX(0, MIN(e.delta, '
    "(SELECT SUM(MIN(MAX(k.qty, 0), 100000)) FROM tally_takebacks k WHERE k.tally_id = e.id)))) FROM tallies e "
    'WHERE e.visit_id = t.visit_id AND e."group" = t."group"), 0) AS n FROM tallies t '
    'GROUP BY t.visit_id, t."group") WHERE n < 0'
)
_TO_REVIEW = (
    "SELECT count(*) FROM (SELECT k.tally_id FROM tally_takebacks k JOIN tallies t ON t.id = k.tally_id "
    "GROUP BY k.tally_id HAVING count(DISTINCT k.seen) < count(*) OR SUM(MIN(MAX(k.qty, 0), 100000)) > MAX(t.delta))"
)
VISIT_TABLES = ("signins", "tallies", "duty_events", "visit_reopens")


def attendance_counts(s: Session) -> AttendanceCounts:
    def one(sql: str) -> int:
        return int(s.scalar(text(sql)) or 0)

    return AttendanceCounts(
        negative_after_takebacks=one(_NEGATIVE_AFTER_TAKEBACKS),
        takebacks_not_positive=one("SELECT count(*) FROM tally_takebacks WHERE qty <= 0"),
        takebacks_twice=one(
            "SELECT count(*) FROM (SELECT tally_id FROM tally_takebacks GROUP BY tally_id, seen, qty HAVING count(*) > 1)"
        ),
        voided_twice=one(
            "SELECT count(*) FROM (SELECT signin_id FROM signin_corrections WHERE kind = 'void' "
            "GROUP BY signin_id HAVING count(*) > 1)"
        ),
        at_missing_visits={
            t: one(f"SELECT count(*) FROM {t} WHERE visit_id NOT IN (SELECT id FROM visits)") for t in VISIT_TABLES
        },
        voids_of_missing=one("SELECT count(*) FROM signin_corrections WHERE signin_id NOT IN (SELECT id FROM signins)"),
        takebacks_of_missing=one("SELECT count(*) FROM tally_takebacks WHERE tally_id NOT IN (SELECT id FROM tallies)"),
        to_review=one(_TO_REVIEW),
    )


def row_counts(s: Session) -> tuple[dict[str, int], int]:
    """(rows per entity, outbox rows not yet pushed) in one plain statement: an ORM count per
    table compiled ~20 statements afresh in every `caravan check` process (CLI start to exit)."""
    tables = [model.__tablename__ for model in m.MODELS.values()]
    counts = s.execute(
        text(
            "SELECT "
            + ", ".join(f'(SELECT count(*) FROM "{t}")' for t in tables)
            + f', (SELECT count(*) FROM "{m.Outbox.__tablename__}" WHERE pushed IS 0)'
        )
    ).one()
    per = {entity: int(n or 0) for entity, n in zip(m.MODELS, counts[:-1], strict=True)}
    return per, int(counts[-1] or 0)
