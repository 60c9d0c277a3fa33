"""The 审核 queue and the 活动 list's review-state filter, over the console's read model.

The read model is an office laptop's database, so a visit's review state here is the laptop's:
``domain.review.review_state`` (the rule ``services/review_state.py`` applies on every laptop)
over the same synced facts — the visit's status, its reopens and the office's ``reviews`` —
read for a whole queue at once by ``console_queries.review_inputs``. Decisions are still made on
the hub (``server/reviews.py``); they reach this file with the projection's next catch-up.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..domain.review import ReviewState, ReviewStatus, review_state
from ..services.app import App
from ..storage import console_queries as cq
from .auth import ConsoleUser, scope_of

QUEUE_STATUSES = ("pending", "returned", "approved", "all")
REVIEW_FILTERS = tuple(s.value for s in ReviewStatus)  # the 活动 list's choices


@dataclass(frozen=True)
class QueueRow:
    """One completed visit in the queue (the fields the hub's ``reviews.ReviewRow`` has)."""

    visit_id: str
    date: str
    caravan_id: str
    caravan: str
    site: str
    county: str | None
    town: str | None
    state: ReviewState


_REVIEWED: dict[tuple[str, str], dict[str, ReviewState]] = {}


def reviewed(app: App) -> dict[str, ReviewState]:
    """The state of every visit the office decided on, by the rule, read once per state of the
    read model (it changes only when records arrive). Every other visit's state is the rule's
    default — 待审核 when completed, 未完成 otherwise — so no query needs more than these."""
    key = (str(app.db.path), app.db.get_meta("sync_cursor") or "0")
    got = _REVIEWED.get(key)
    if got is None:
        with app.db.read() as s:
            inputs = cq.review_inputs(s, cq.VisitQuery(), reviewed_only=True)
        got = {x.row.id: review_state(x.row.status, x.reopens, x.facts) for x in inputs}
        _REVIEWED.clear()  # one state kept: the newest
        _REVIEWED[key] = got
    return got


def with_review(app: App, vq: cq.VisitQuery, review: str | None) -> cq.VisitQuery:
    """``vq`` narrowed to the visits whose review state (by the rule) is ``review``."""
    if not review or review == "all":
        return vq
    if review == ReviewStatus.NOT_SUBMITTED:
        return dataclasses.replace(vq, status_not="completed")
    if vq.status not in (None, "completed"):
        return dataclasses.replace(vq, only_ids=())  # only completed visits are reviewed
    done = reviewed(app)
    if review == ReviewStatus.PENDING:
        others = tuple(v for v, st in done.items() if st.status is not ReviewStatus.PENDING)
        return dataclasses.replace(vq, status="completed", except_ids=others)
    return dataclasses.replace(vq, only_ids=tuple(v for v, st in done.items() if st.status.value == review))


def _queue_query(user: ConsoleUser, date: str | None, caravan: str | None, county: str | None) -> cq.VisitQuery:
    sc = scope_of(user)
    return cq.VisitQuery(
        start=date,
        end=date,
        van=caravan,
        county=county,
        status="completed",
        scope_county=sc.county,
        scope_caravan_name=sc.caravan,
        order="queue",
        descending=False,
    )


def _rows(app: App, vq: cq.VisitQuery) -> list[QueueRow]:
    """The visits of ``vq`` with their state by the rule (inputs read for them alone)."""
    with app.db.read() as s:
        got = cq.review_inputs(s, vq)
    return [
        QueueRow(
            x.row.id,
            x.row.date,
            x.row.caravan_id,
            x.row.caravan_name or "",
            x.row.site_name or "",
            x.row.county,
            x.row.town,
            review_state(x.row.status, x.reopens, x.facts),
        )
        for x in got
    ]


def queue_page(
    app: App,
    user: ConsoleUser,
    status: str | None,
    offset: int,
    limit: int,
    date: str | None = None,
    caravan: str | None = None,
    county: str | None = None,
) -> tuple[list[QueueRow], int]:
    """One page of the queue (oldest first, then van, site) and how many visits it has."""
    vq = with_review(app, _queue_query(user, date, caravan, county), status)
    with app.db.read() as s:
        page, total = cq.visit_page(s, vq, offset, limit)
    by_id = {r.visit_id: r for r in _rows(app, dataclasses.replace(vq, only_ids=tuple(r.id for r in page)))}
    return [by_id[r.id] for r in page if r.id in by_id], total


def queue(
    app: App,
    user: ConsoleUser,
    status: str | None = "pending",
    date: str | None = None,
    caravan: str | None = None,
    county: str | None = None,
) -> list[QueueRow]:
    """Every completed visit of the queue within the user's scope with its review state, oldest
    first; ``status`` a ``ReviewStatus`` value or "all"; ``caravan`` a van's id or name."""
    return _rows(app, with_review(app, _queue_query(user, date, caravan, county), status))
