"""What the crew sees of an office's request and a school's rating (services/orders.py)."""

from __future__ import annotations

from dataclasses import dataclass

LOW_RATING = 3  # a rating at or below it is flagged for follow-up


@dataclass(frozen=True)
class VisitRequest:
    """What the crew sees of the request a visit answers."""

    visit_id: str
    number: str
    contact: str | None
    groups: str | None
    size: int | None
    topics: str | None
    remarks: str | None
    earliest: str
    latest: str
    answer: str | None
    answer_reason: str | None


@dataclass(frozen=True)
class Rating:
    visit_id: str
    score: int
    comment: str | None
    source: str | None
    at: str

    @property
    def low(self) -> bool:
        return self.score <= LOW_RATING
