"""Reads of the office's reviews (``reviews``, hub-authored, append-only), the reopen counts
the review rule needs, and the office's synced settings (``office_settings``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.review import ReviewFact
from . import models as m

_CHUNK = 500


def review_inputs(s: Session, visit_ids: Sequence[str]) -> dict[str, tuple[str, int, list[ReviewFact]]]:
    """Per visit id: (its status, its reopen count, its review facts) — what
    ``domain.review.review_state`` needs; visits not stored are left out."""
    ids = list(dict.fromkeys(visit_ids))
    out: dict[str, tuple[str, int, list[ReviewFact]]] = {}
    for i in range(0, len(ids), _CHUNK):
        part = ids[i : i + _CHUNK]
        status = {vid: st for vid, st in s.execute(select(m.Visit.id, m.Visit.status).where(m.Visit.id.in_(part)))}
        reopens = {
            vid: int(n)
            for vid, n in s.execute(
                select(m.VisitReopen.visit_id, func.count())
                .where(m.VisitReopen.visit_id.in_(part), m.VisitReopen.deleted.is_(False))
                .group_by(m.VisitReopen.visit_id)
            )
        }
        facts: dict[str, list[ReviewFact]] = {}
        for r in s.scalars(select(m.Review).where(m.Review.visit_id.in_(part), m.Review.deleted.is_(False))):
            facts.setdefault(r.visit_id, []).append(
                ReviewFact(r.decision, r.reason, r.by, r.round, r.at, (r.hlc, r.id))
            )
        for vid, st in status.items():
            out[vid] = (st, int(reopens.get(vid, 0)), facts.get(vid, []))
    return out


def history(s: Session, visit_id: str) -> list[m.Review]:
    """A visit's review decisions in the order they were made."""
    q = select(m.Review).where(m.Review.visit_id == visit_id, m.Review.deleted.is_(False))
    return list(s.scalars(q.order_by(m.Review.hlc, m.Review.id)))


def office_setting(s: Session, name: str) -> str | None:
    row = s.scalars(
        select(m.OfficeSetting).where(m.OfficeSetting.name == name, m.OfficeSetting.deleted.is_(False))
    ).first()
    return row.value if row is not None else None


def group_totals(s: Session, visit_ids: Sequence[str]) -> dict[str, int]:
    """Head counts per attendance group over these visits (the approved-only period report)."""
    out: dict[str, int] = {}
    ids = list(dict.fromkeys(visit_ids))
    for i in range(0, len(ids), _CHUNK):
        q = (
            select(m.Tally.group, func.coalesce(func.sum(m.Tally.delta), 0))
            .where(m.Tally.visit_id.in_(ids[i : i + _CHUNK]))
            .group_by(m.Tally.group)
        )
        for g, n in s.execute(q):
            out[g] = out.get(g, 0) + int(n)
    return out
