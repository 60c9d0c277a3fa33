"""Merged catalogue ids in SQL: the ``merged_ids`` map and expressions that resolve a column
to its survivor, so a report, a stock balance or a count sees one school, title or van.

The map is derived from the ``merges`` facts (merges minus their undos, chains followed) and
rebuilt in the same transaction as any change to them (a local merge or a pulled page).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.orm import Session

from ..domain.catalogue import resolve_map
from . import models as m


def rebuild(s: Session) -> int:
    """Recompute ``merged_ids`` from the facts; returns how many ids are merged away."""
    rows = s.execute(select(m.Merge.id, m.Merge.entity, m.Merge.from_id, m.Merge.into_id, m.Merge.undoes)).all()
    undone = {r.undoes for r in rows if r.undoes}
    entity_of: dict[str, str] = {}
    pairs = []
    for r in sorted(rows, key=lambda r: r.id):
        if r.undoes or r.id in undone:
            continue
        entity_of[r.from_id] = r.entity
        pairs.append((r.from_id, r.into_id))
    mapping = resolve_map(pairs)
    s.execute(delete(m.MergedId))
    if mapping:
        s.execute(
            insert(m.MergedId),
            [{"from_id": f, "into_id": t, "entity": entity_of.get(f, "")} for f, t in sorted(mapping.items())],
        )
    return len(mapping)


def resolved(col: Any) -> ColumnElement[Any]:
    """``col`` with a merged-away id replaced by its survivor."""
    sub = select(m.MergedId.into_id).where(m.MergedId.from_id == col).scalar_subquery()
    return func.coalesce(sub, col)


def survivor(s: Any, rid: str | None) -> str | None:
    """The record ``rid`` now counts as (``s``: a Session or a Connection)."""
    if rid is None:
        return None
    return s.scalar(select(m.MergedId.into_id).where(m.MergedId.from_id == rid)) or rid


def aliases(s: Any, rid: str) -> list[str]:
    """Every id that means the same record as ``rid``: its survivor and all merged into it."""
    root = survivor(s, rid) or rid
    q = select(m.MergedId.from_id).where(m.MergedId.into_id == root).order_by(m.MergedId.from_id)
    return [root, *(r[0] for r in s.execute(q))]


def merged_away(s: Session, entity: str | None = None) -> dict[str, str]:
    q = select(m.MergedId.from_id, m.MergedId.into_id)
    if entity:
        q = q.where(m.MergedId.entity == entity)
    return dict(s.execute(q).all())  # type: ignore[arg-type]
