"""The crew's side of a request (接单, 评单): the request a planned visit answers, the crew's
accept or decline, and the school's rating taken on the laptop (docs/orders.md).

The visit, its request and the answer are synced records: the office planned the visit on the
hub, the laptop answers on the visit itself (``visit.answer``), and the hub reads the answer at
its next sync (a decline puts the request back on the office's list). A rating's id is derived
from its visit's, so the hub's page and the laptop's page edit the one rating of a visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain import rules
from ..domain.errors import RuleError, ValidationError
from ..domain.ids import derived_id
from ..domain.records.orders import Rating, VisitRequest
from ..domain.records.visits import VisitListing
from ..domain.vocab import VisitStatus
from ..storage import orders_repo
from .base import Service


@dataclass(frozen=True)
class VisitAnswer:
    """The crew's answer to a planned visit as it now stands; ``changed`` names the fields this
    answer wrote (none when it repeated the one already given)."""

    visit_id: str
    answer: str
    answer_reason: str | None
    changed: tuple[str, ...]


def rating_id(visit_id: str) -> str:
    """The one rating of a visit (the hub's page uses the same id)."""
    return derived_id("rating", visit_id)


class OrderService(Service):
    def request_of(self, visit_id: str) -> VisitRequest | None:
        with self.read() as s:
            return orders_repo.visit_request(s, visit_id)

    def answer(self, visit_id: str, accept: bool, reason: str | None = None) -> VisitAnswer:
        """接单 or decline a visit the office planned; a decline needs a reason."""
        why = rules.text("answer_reason", reason, max_len=400)
        if not accept and not why:
            raise ValidationError("answer_reason", "不接单时请填写原因（办公室会重新安排）", "a decline needs a reason")
        with self.unit() as u:
            status = u.status("visit", visit_id, "status", field="visit_id")
            if not u.status("visit", visit_id, "request_id", field="visit_id"):
                raise RuleError(
                    "visit_id", "这个活动不是办公室派的单，无需接单", "this visit was not planned for a request"
                )
            if status != VisitStatus.PLANNED:
                raise RuleError(
                    "visit_id", "只有计划中的活动可以接单或退回", "only a planned visit can be accepted or declined"
                )
            answer, because = ("accepted", None) if accept else ("declined", why)
            changed = u.update("visit", visit_id, {"answer": answer, "answer_reason": because})
        return VisitAnswer(visit_id, answer, because, tuple(changed))

    def rate(self, visit_id: str, score: object, comment: object = None) -> Rating:
        """The school's rating taken on the laptop's phone page at the end of the visit."""
        n = rules.count("score", score)
        if not 1 <= n <= 5:
            raise ValidationError("score", "评分应为 1 到 5", "the score must be 1 to 5")
        text = rules.notes("comment", comment)
        rid = rating_id(visit_id)
        at = self.clock.timestamp()
        with self.unit() as u:
            status = u.status("visit", visit_id, "status", field="visit_id")
            if status != VisitStatus.COMPLETED and status != VisitStatus.IN_PROGRESS:
                raise RuleError("visit_id", "活动开始后才能评分", "a visit can be rated once it has started")
            data = {"visit_id": visit_id, "score": n, "comment": text, "source": "laptop", "at": at}
            if not orders_repo.rating_stored(u.session, rid):
                u.insert("rating", data, record_id=rid)
            else:
                u.update("rating", rid, {k: v for k, v in data.items() if k != "visit_id"})
        return Rating(visit_id, n, text, "laptop", at)

    def rating_of(self, visit_id: str) -> Rating | None:
        with self.read() as s:
            return orders_repo.rating(s, rating_id(visit_id))


@dataclass(frozen=True)
class OrderLogRow:
    """One line of the 点单/派单/接单/评单 log (the 新时代文明实践 platform's columns)."""

    number: str
    site: str
    county: str
    asked: str  # the school's window
    contact: str | None
    groups: str | None
    size: int | None
    topics: str | None
    date: str
    caravan: str
    status: str
    answer: str | None
    answer_reason: str | None
    crew: tuple[str, ...]
    volunteers: tuple[str, ...]
    volunteer_hours: float
    staff_hours: float
    people_served: int
    score: int | None
    comment: str | None
    follow_up: bool  # a low rating, or a request the crew declined / a cancelled visit


class OrderLogService:
    """The log across visits that answer a request (a separate class: it needs other services)."""

    def __init__(self, orders: OrderService, visits: Any, catalog: Any) -> None:
        self.orders, self.visits, self.catalog = orders, visits, catalog

    def rows(self, start: object = None, end: object = None) -> list[OrderLogRow]:
        from ..domain import figures

        people = self.catalog.people()
        roles = {p.id: p.role for p in people}
        names = {p.id: p.name for p in people}
        vans = {c.id: c.name for c in self.catalog.caravans()}
        out = []
        for v in self.visits.list(start, end):
            if not v.request_id:
                continue
            req = self.orders.request_of(v.id)
            if req is None:
                continue
            summary = self.visits.summary(v.id)
            minutes = summary.crew_minutes
            vols = [p for p in minutes if figures.is_volunteer(roles.get(p))]
            staff = [p for p in minutes if not figures.is_volunteer(roles.get(p))]
            rating = self.orders.rating_of(v.id)
            out.append(
                OrderLogRow(
                    number=req.number,
                    site=v.site_name,
                    county=v.county or "",
                    asked=f"{req.earliest}~{req.latest}",
                    contact=req.contact,
                    groups=req.groups,
                    size=req.size,
                    topics=req.topics,
                    date=v.date,
                    caravan=vans.get(v.caravan_id, ""),
                    status=v.status,
                    answer=v.answer,
                    answer_reason=v.answer_reason,
                    crew=tuple(sorted(names.get(p, "?") for p in staff)),
                    volunteers=tuple(sorted(names.get(p, "?") for p in vols)),
                    volunteer_hours=figures.hours_sum(minutes[p] for p in vols),
                    staff_hours=figures.hours_sum(minutes[p] for p in staff),
                    people_served=summary.attendance,
                    score=rating.score if rating else None,
                    comment=rating.comment if rating else None,
                    follow_up=bool((rating and rating.low) or v.answer == "declined" or v.status == "cancelled"),
                )
            )
        return sorted(out, key=lambda r: (r.date, r.number))

    def summary(self, start: object = None, end: object = None, site_id: str | None = None) -> RatingSummary:
        """Ratings of the period's visits (or one school's, for its registry page)."""
        rows = [v for v in self.visits.list(start, end) if site_id is None or v.site_id == site_id]
        return summarise(self.orders, rows)

    def export_xlsx(self, path: Any, start: object = None, end: object = None) -> int:
        from ..reports.orders_xlsx import write_log

        rows = self.rows(start, end)
        write_log(path, rows)
        return len(rows)


@dataclass(frozen=True)
class RatingSummary:
    """Ratings of a set of visits: how many answered a request, how they were rated, which to
    follow up (a low rating, a request the crew declined or a visit cancelled)."""

    visits: int  # visits in the set
    for_requests: int  # of them, visits that answer a request
    rated: int
    average: float | None  # one decimal
    low: tuple[tuple[str, str, int, str | None], ...]  # (date, site, score, comment) at or below LOW_RATING
    follow_up: tuple[str, ...]  # visit ids

    def as_json(self) -> dict[str, Any]:
        return {
            "visits": self.visits,
            "for_requests": self.for_requests,
            "rated": self.rated,
            "average": self.average,
            "low": [list(x) for x in self.low],
            "follow_up": list(self.follow_up),
        }


def summarise(orders: OrderService, visits: list[VisitListing]) -> RatingSummary:
    scores, low, follow = [], [], []
    asked = 0
    for v in visits:
        if v.status == "cancelled" and not v.request_id:
            continue
        asked += 1 if v.request_id else 0
        r = orders.rating_of(v.id)
        if r is not None:
            scores.append(r.score)
            if r.low:
                low.append((v.date, v.site_name or "", r.score, r.comment))
        if (r is not None and r.low) or (v.request_id and (v.answer == "declined" or v.status == "cancelled")):
            follow.append(v.id)
    avg = round(sum(scores) * 10 / len(scores)) / 10 if scores else None
    return RatingSummary(len(visits), asked, len(scores), avg, tuple(sorted(low)), tuple(follow))
