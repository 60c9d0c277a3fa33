"""The 审核 queue and the 活动 list's review-state filter, over the console's read model.

The read model is an office laptop's database, so a visit's review state here is the laptop's:
``domain.review.review_state`` (the rule ``services/review_state.py`` applies on every laptop)
over the same synced facts — the visit's status, its reopens and the office's ``reviews`` —
read for a whole queue at once by ``console_queries.review_inputs``. Decisions are still made on
the hub (``server/reviews.py``); they reach this file with the projection's next catch-up.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

from sqlalchemy import select

from ..domain.review import ReviewState, ReviewStatus, review_state
from ..services.app import App
from ..storage import console_queries as cq
from ..storage import models as m
from . import state_cache
from .auth import ConsoleUser, scope_of
from .projection import CURSOR_KEY

QUEUE_STATUSES = ("pending", "returned", "approved", "all")
QUEUE_PAGE = 100  # visits per page of the 审核 queue
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


_REVIEWED: dict[tuple[str, int, str], dict[str, ReviewState]] = {}
_REVIEWED_LOCK = threading.Lock()  # single flight: one thread derives a new state, the others wait for it


def reviewed(app: App) -> dict[str, ReviewState]:
    """The state of every visit the office decided on, by the rule, derived once per state of
    the read model's reviews (the review cursor: sign-ins and counts do not move it) and kept in
    ``console_review_states`` for the queue's SQL. Every other visit's state is the rule's
    default — 待审核 when completed, 未完成 otherwise — so no query needs more than these.

    Twenty office users opening 审核 just after a sync would otherwise derive it twenty times at
    once: the first derives it under a lock, the others wait and take its result."""
    key = (str(app.db.path), state_cache.epoch(), _token(state_cache.state_of(app)))
    got = _REVIEWED.get(key)
    if got is not None:
        return got
    with _REVIEWED_LOCK:
        got = _REVIEWED.get(key)
        if got is not None:
            return got
        return _derive(app, key)


def _derive(app: App, key: tuple[str, int, str]) -> dict[str, ReviewState]:
    path = key[0]
    with app.db.read() as s:  # the marks and the inputs in one read: one state of the file
        metas = dict(s.execute(select(m.Meta.key, m.Meta.value).where(m.Meta.key.in_(_STATE_KEYS))).all())
        token = _token(_state(metas))
        inputs = cq.review_inputs(s, cq.VisitQuery(), reviewed_only=True)
        kept = metas.get(cq.REVIEW_CURSOR_KEY)
    got = {x.row.id: review_state(x.row.status, x.reopens, x.facts) for x in inputs}
    if kept != token:  # another worker on the same file may have written it already
        with app.db.write() as w:
            cq.store_review_states(w, {v: st.status.value for v, st in got.items()}, token)
    for k in [k for k in _REVIEWED if k[0] == path]:
        del _REVIEWED[k]  # one state kept per read model: the newest
    _REVIEWED[(path, key[1], token)] = got
    return got


_STATE_KEYS = (CURSOR_KEY, cq.STRUCTURE_KEY, cq.REVIEW_SEQ_KEY, cq.REVIEW_CURSOR_KEY, cq.REVIEW_FULL_KEY)


def _state(metas: dict[str, str]) -> state_cache.State:
    c = metas.get(CURSOR_KEY) or "0"
    s = metas.get(cq.STRUCTURE_KEY) or c
    return state_cache.State(c, s, metas.get(cq.REVIEW_SEQ_KEY) or s)


def _token(st: state_cache.State) -> str:
    """What ``console_review_states`` was made for: the structure and review cursors."""
    return f"{st.structure}.{st.review}"


def _made_at(token: str | None) -> int | None:
    """The review cursor a stored token names (None: no token, or not one of ours)."""
    head, _, tail = (token or "").partition(".")
    return int(tail) if head.isdigit() and tail.isdigit() else None


_STORED: set[tuple[str, int, str]] = set()  # (file, epoch, token) whose console_review_states are current


def ensure_states(app: App) -> None:
    """``console_review_states`` made for the file's present state: one meta read when it
    already is (this worker or another derived it for this state); when only some visits'
    review inputs arrived since the states were made (``console_review_marks``), those visits'
    states alone, in one write transaction; else every state again (``reviewed``). A worker
    started after the others' derivation reads the table and derives nothing."""
    path = str(app.db.path)
    token = _token(state_cache.state_of(app))
    mark = (path, state_cache.epoch(), token)
    if mark in _STORED:
        return
    with _REVIEWED_LOCK:  # single flight with ``reviewed``: one thread derives, the others wait
        if mark in _STORED:
            return
        if app.db.get_meta(cq.REVIEW_CURSOR_KEY) != token and not _update(app):
            _derive(app, mark)
        for k in [k for k in _STORED if k[0] == path]:
            _STORED.discard(k)
        _STORED.add(mark)


def _update(app: App) -> bool:
    """Bring the kept states to the file's state by re-deriving the visits marked since they
    were made; False when that cannot be done (never made, a rebuilt file, or a page since
    whose records may change any visit's state: ``REVIEW_FULL_KEY``)."""
    with app.db.write() as w:  # the meta, the marks, the inputs and the new rows: one state
        metas = dict(w.execute(select(m.Meta.key, m.Meta.value).where(m.Meta.key.in_(_STATE_KEYS))).all())
        token = _token(_state(metas))
        stored = metas.get(cq.REVIEW_CURSOR_KEY)
        if stored == token:
            return True
        since = _made_at(stored)
        if since is None or since < int(metas.get(cq.REVIEW_FULL_KEY) or 0):
            return False
        dirty = cq.review_marks_since(w, since)
        inputs = cq.review_inputs(w, cq.VisitQuery(only_ids=tuple(dirty)), reviewed_only=True) if dirty else []
        states = {x.row.id: review_state(x.row.status, x.reopens, x.facts).status.value for x in inputs}
        cq.update_review_states(w, dirty, states, token)
    return True


def with_review(app: App, vq: cq.VisitQuery, review: str | None) -> cq.VisitQuery:
    """``vq`` narrowed to the visits whose review state (by the rule) is ``review``."""
    if not review or review == "all":
        return vq
    if review == ReviewStatus.NOT_SUBMITTED:
        return dataclasses.replace(vq, status_not="completed")
    if vq.status not in (None, "completed"):
        return dataclasses.replace(vq, only_ids=())  # only completed visits are reviewed
    ensure_states(app)  # console_review_states up to date with the file
    if review == ReviewStatus.PENDING:
        return dataclasses.replace(vq, status="completed", review_not_pending=True)
    return dataclasses.replace(vq, review_is=review)


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
    """One page of the queue (oldest first, then van, site) and how many visits it has (kept
    until the structure or a review moves: ``state_cache``)."""
    key = ("queue", scope_of(user), status, offset, limit, date, caravan, county)
    rows, total = state_cache.kept(
        app, key, lambda: _queue_page(app, user, status, offset, limit, date, caravan, county), on="review"
    )
    return list(rows), total


def _queue_page(
    app: App,
    user: ConsoleUser,
    status: str | None,
    offset: int,
    limit: int,
    date: str | None,
    caravan: str | None,
    county: str | None,
) -> tuple[tuple[QueueRow, ...], int]:
    ids = _queue_ids(app, user, status, date, caravan, county)
    page = ids[offset : offset + limit]
    # the page's visits already passed the filters: their inputs are read by id alone
    by_id = {r.visit_id: r for r in _rows(app, cq.VisitQuery(only_ids=page))} if page else {}
    return tuple(by_id[v] for v in page if v in by_id), len(ids)


def _queue_ids(
    app: App, user: ConsoleUser, status: str | None, date: str | None, caravan: str | None, county: str | None
) -> tuple[str, ...]:
    """The whole queue's visit ids in its order, read once per state of the reviews: fifty
    pages of 13,750 visits awaiting review sorted the 13,750 by day, van and site fifty times."""

    def read() -> tuple[str, ...]:
        vq = with_review(app, _queue_query(user, date, caravan, county), status)
        with app.db.read() as s:
            return tuple(cq.visit_ids(s, vq))

    key = ("queue-ids", scope_of(user), status, date, caravan, county)
    return state_cache.kept(app, key, read, big=True, on="review")


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


def one(app: App, user: ConsoleUser, visit_id: str) -> QueueRow | None:
    """A visit (any status) with its review state, if the user's scope covers it (else None:
    the page answers 404, as for no such visit)."""
    vq = dataclasses.replace(_queue_query(user, None, None, None), status=None, visit_id=visit_id[:64])
    rows = _rows(app, vq)
    return rows[0] if rows else None


@dataclass(frozen=True)
class DecisionLine:
    """One decision on a visit, as the 审核 page lists them."""

    decision: str
    reason: str | None
    by: str
    round: int
    at: str


def decisions(app: App, visit_id: str) -> list[DecisionLine]:
    """A visit's decisions in the order they were made (the rule's order: the hub's clock)."""
    with app.db.read() as s:
        got = cq.review_inputs(s, cq.VisitQuery(visit_id=visit_id[:64]))
    facts = got[0].facts if got else ()
    return [DecisionLine(f.decision, f.reason, f.by, f.round, f.at) for f in sorted(facts, key=lambda f: f.order)]


def bulk_choice(app: App, user: ConsoleUser, date: str | None, caravan: str | None) -> list[tuple[str, int, int]]:
    """The visits of a day and/or van awaiting review within the user's scope, each with its
    round and how many decisions that round has already: what ``reviews.approve_many`` needs."""
    vq = with_review(app, _queue_query(user, date, caravan, None), ReviewStatus.PENDING)
    with app.db.read() as s:
        got = cq.review_inputs(s, vq)
    out = []
    for x in got:
        st = review_state(x.row.status, x.reopens, x.facts)
        if st.status is ReviewStatus.PENDING:
            out.append((x.row.id, st.round, sum(1 for f in x.facts if f.round == st.round)))
    return out
