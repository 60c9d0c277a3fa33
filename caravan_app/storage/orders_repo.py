"""What the order service (``services/orders.py``) asks storage beyond the unit of work."""

from __future__ import annotations

from sqlalchemy.orm import Session

from . import models as m


def rating_stored(s: Session, rating_id: str) -> bool:
    """A rating record of this id is on this laptop (the next rating of the visit edits it)."""
    return s.get(m.Rating, rating_id) is not None
