"""What the order service (``services/orders.py``) asks storage beyond the unit of work."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..domain.records.orders import Rating, VisitRequest
from . import models as m


def rating_stored(s: Session, rating_id: str) -> bool:
    """A rating record of this id is on this laptop (the next rating of the visit edits it)."""
    return s.get(m.Rating, rating_id) is not None


def visit_request(s: Session, visit_id: str) -> VisitRequest | None:
    """The live request a live visit answers with the crew's answer, None if either is absent."""
    v = s.get(m.Visit, visit_id)
    if v is None or v.deleted or not v.request_id:
        return None
    r = s.get(m.Request, v.request_id)
    if r is None or r.deleted:
        return None
    return VisitRequest(
        visit_id,
        r.number,
        r.contact,
        r.groups,
        r.size,
        r.topics,
        r.remarks,
        r.earliest,
        r.latest,
        v.answer,
        v.answer_reason,
    )


def rating(s: Session, rating_id: str) -> Rating | None:
    """The live rating of this id, None if absent or deleted."""
    r = s.get(m.Rating, rating_id)
    if r is None or r.deleted:
        return None
    return Rating(r.visit_id, r.score, r.comment, r.source, r.at)
