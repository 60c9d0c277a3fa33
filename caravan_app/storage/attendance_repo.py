"""Head counts and sign-ins as records: the rows ``services.attendance`` reads.

The counting queries themselves (totals, take-backs, dedupe, numbers) stay in
``storage/queries.py`` as plain SQL on the unit's cursor: they are the phone sign-in's hot path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from ..domain.records import from_mapping
from ..domain.records.visits import Signin
from . import models as m
from . import queries as q
from .records import UnitOfWork, record_fields


def to_signin(row: Any, possible_duplicate: bool = False) -> Signin:
    return from_mapping(
        Signin, {"id": row.id, **record_fields("signin", row), "possible_duplicate": possible_duplicate}
    )


def visit_signins(s: Session, visit_id: str) -> list[Signin]:
    """Every sign-in row of a visit (voided and corrected ones too) in time order."""
    return [to_signin(r) for r in q.visit_signins(s, visit_id)]


def signins_by_ids(s: Session, ids: Sequence[str]) -> list[Signin]:
    """The sign-ins with these ids, in the order given (unknown ids left out)."""
    return [to_signin(r) for r in q.rows_by_ids(s, m.Signin, ids)]


def for_change(u: UnitOfWork, signin_id: str) -> Signin:
    """The live sign-in a correction names, inside its unit of work (NotFound naming ``signin_id``)."""
    return to_signin(u.get("signin", signin_id, field="signin_id"))


def tally_counts(s: Session, tally_ids: Iterable[str]) -> dict[str, int]:
    """tally id -> the entry's count (0 for an entry this laptop does not hold)."""
    out = {}
    for tid in tally_ids:
        row = s.get(m.Tally, tid)
        out[tid] = row.delta if row else 0
    return out


def signin_head(cur: Any, signin_id: str) -> tuple[str, str, str] | None:
    """(id, visit id, name) of a sign-in on a DBAPI cursor (a phone's repeat, on the hot path)."""
    row = cur.execute("SELECT id, visit_id, name FROM signins WHERE id = ?", (signin_id,)).fetchone()
    return (row[0], row[1], row[2]) if row else None
