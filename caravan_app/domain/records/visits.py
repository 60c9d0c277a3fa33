"""Records of the visit aggregate: visits, their sign-ins, head-count reviews and lost values.

Services hand these to every face (GUI, CLI, phone page, reports); ``to_json`` gives the
mapping the CLI prints with ``--json`` (the keys the dicts of before carried, byte for byte).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar


def _json(record: object) -> dict[str, Any]:
    return dataclasses.asdict(record)  # type: ignore[call-overload, no-any-return]


@dataclass(frozen=True)
class Visit:
    """One visit: a day at a school, its status moved by lifecycle commands only."""

    ENTITY: ClassVar[str] = "visit"

    id: str
    site_id: str
    caravan_id: str
    date: str
    status: str
    theme: str | None = None
    activities: str | None = None
    arrived_at: str | None = None
    left_at: str | None = None
    notes: str | None = None
    signin_token: str | None = None
    activity_kind: str | None = None
    request_id: str | None = None
    answer: str | None = None
    answer_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return _json(self)


@dataclass(frozen=True)
class VisitListing(Visit):
    """A visit in a list: with its site's name ("?" when the site is gone) and county."""

    site_name: str = "?"
    county: str | None = None


@dataclass(frozen=True)
class VisitEdit:
    """What an edit did: the visit as it is now and the fields whose value changed (new values)."""

    visit: Visit
    changed: Mapping[str, object]


@dataclass(frozen=True)
class Signin:
    """One sign-in row; ``possible_duplicate`` when listed with that mark (``signins``)."""

    ENTITY: ClassVar[str] = "signin"

    id: str
    visit_id: str
    name: str
    group: str
    organisation: str | None
    phone: str | None
    method: str
    person_id: str | None
    dedupe_key: str
    at: str
    possible_duplicate: bool = False

    def to_json(self, *, with_mark: bool = True) -> dict[str, Any]:
        """The listing's mapping; without ``possible_duplicate`` for a plain row."""
        out = _json(self)
        if not with_mark:
            del out["possible_duplicate"]
        return out


@dataclass(frozen=True)
class TallyTakebackSeen:
    """One take-back of a tally entry under review."""

    id: str
    qty: int
    device_id: str
    at: str


@dataclass(frozen=True)
class TallyReview:
    """A tally entry whose take-backs a merge cannot decide (concurrent ones, or more taken
    than it counted): a person checks it and counts or takes back more."""

    tally_id: str
    visit_id: str
    group: str
    counted: int
    taken: int
    takebacks: tuple[TallyTakebackSeen, ...]

    def to_json(self) -> dict[str, Any]:
        out = _json(self)
        out["takebacks"] = [dataclasses.asdict(t) for t in self.takebacks]
        return out


@dataclass(frozen=True)
class LostValue:
    """A value that lost a per-field merge to a concurrent edit, kept for review.
    ``informational``: a status field (moves by lifecycle commands only; cannot be put back)."""

    id: int
    entity: str
    record_id: str
    record: Any  # the record's label (a site's name, a visit's date), None when gone
    field: str
    current: Any
    kept: Any
    lost: Any
    lost_device: str | None
    reviewed: bool
    informational: bool

    def to_json(self) -> dict[str, Any]:
        return _json(self)
