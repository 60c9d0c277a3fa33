"""The 活动 pages' use cases: find the visits a user may see, one visit's figures, its paper.

Every figure is the laptop's (``App`` over the projection: ``reports.visit_data`` is what the
visit report prints). Scope is applied here, never in a template: a county liaison's query
carries their county, a captain's their van, and a visit outside the scope is "not found".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import IO

from ..domain import vocab
from ..domain.records.sites import Site
from ..domain.review import LABELS
from ..reports import model as rm
from ..services.app import App
from ..services.mileage import DayMileage
from ..storage import console_queries as cq
from . import state_cache
from .auth import ConsoleUser, Scope, scope_of
from .review_query import REVIEW_FILTERS, with_review

PER_PAGE = 50
STATUSES = ("planned", "in_progress", "completed", "cancelled")


class BadFilter(ValueError):
    """A filter the user typed that cannot be read; ``field`` names it."""

    def __init__(self, field: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.field, self.zh, self.en = field, zh, en


@dataclass(frozen=True)
class VisitFilters:
    """What the 活动 form asks for (query parameters: nothing personal)."""

    start: str | None = None
    end: str | None = None
    caravan: str | None = None
    county: str | None = None
    town: str | None = None
    status: str | None = None
    review: str | None = None
    kind: str | None = None
    sort: str = "date"
    desc: bool = True
    page: int = 1

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> VisitFilters:
        def text(name: str) -> str | None:
            v = (params.get(name) or "").strip()
            return v[:100] or None

        def day(name: str, zh: str) -> str | None:
            v = text(name)
            if v is None:
                return None
            try:
                return dt.date.fromisoformat(v).isoformat()
            except ValueError:
                raise BadFilter(
                    name, f"{zh}不是日期，请写成 2026-05-01", f"{name} is not a date: use 2026-05-01"
                ) from None

        start, end = day("start", "开始日期"), day("end", "结束日期")
        if start and end and start > end:
            raise BadFilter("end", "结束日期早于开始日期，请改正", "the end date is before the start date")
        status = text("status")
        if status and status not in STATUSES:
            raise BadFilter("status", "状态只能选列表中的一项", "choose a status from the list")
        review = text("review")
        if review and review not in REVIEW_FILTERS:
            raise BadFilter("review", "审核状态只能选列表中的一项", "choose a review state from the list")
        sort = text("sort") or "date"
        try:
            page = max(1, min(int(params.get("page") or 1), 1_000_000))
        except ValueError:
            page = 1
        return cls(
            start=start,
            end=end,
            caravan=text("caravan"),
            county=text("county"),
            town=text("town"),
            status=status,
            review=review,
            kind=text("kind"),
            sort=sort if sort in cq.SORTS else "date",
            desc=(params.get("dir") or "desc") != "asc",
            page=page,
        )

    def query(self, scope: Scope) -> cq.VisitQuery:
        return cq.VisitQuery(
            start=self.start,
            end=self.end,
            caravan_id=self.caravan,
            county=self.county,
            town=self.town,
            status=self.status,
            activity_kind=self.kind,
            scope_county=scope.county,
            scope_caravan_name=scope.caravan,
            order=self.sort,
            descending=self.desc,
        )

    def resolved(self, app: App, scope: Scope) -> cq.VisitQuery:
        """The query with the review-state filter resolved to visits (by the laptop's rule)."""
        return with_review(app, self.query(scope), self.review)

    def params(self, **override: object) -> dict[str, str]:
        """The filters as query parameters (links for sorting, paging and downloads)."""
        d: dict[str, object] = {
            "start": self.start,
            "end": self.end,
            "caravan": self.caravan,
            "county": self.county,
            "town": self.town,
            "status": self.status,
            "review": self.review,
            "kind": self.kind,
            "sort": self.sort,
            "dir": "desc" if self.desc else "asc",
            "page": self.page,
        }
        d.update(override)
        return {k: str(v) for k, v in d.items() if v not in (None, "")}


@dataclass(frozen=True)
class VisitItem:
    row: cq.VisitRow
    attendance: int
    signins: int
    review: tuple[str, str] | None = None  # (zh, en) of the office's review, once the laptop has one


@dataclass(frozen=True)
class VisitList:
    items: tuple[VisitItem, ...]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class FilterChoices:
    vans: tuple[tuple[str, str], ...]
    counties: tuple[str, ...]
    towns: tuple[tuple[str, str], ...]
    kinds: tuple[tuple[str, str, str], ...]  # code, zh, en
    statuses: tuple[tuple[str, str, str], ...]
    reviews: tuple[tuple[str, str, str], ...] = ()  # code, zh, en of the review states


_CHOICES: dict[tuple[str, int, str], tuple[list[tuple[str, str]], list[str], list[tuple[str, str]]]] = {}


def choices(app: App, user: ConsoleUser) -> FilterChoices:
    """The filter form's choices, read once per state of the read model (they change only when
    records arrive), then narrowed to the user's scope."""
    scope = scope_of(user)
    key = (str(app.db.path), state_cache.epoch(), state_cache.state_of(app).structure)  # vans and sites only
    found = _CHOICES.get(key)
    if found is None:
        with app.db.read() as s:
            found = cq.options(s)
        _CHOICES.clear()  # one state kept: the newest
        _CHOICES[key] = found
    vans, counties, towns = found
    if scope.county is not None:
        counties = [c for c in counties if c == scope.county]
        towns = [t for t in towns if t[0] == scope.county]
    if scope.caravan is not None:
        vans = [v for v in vans if v[1] == scope.caravan]
    kinds = tuple((k.value, zh, en) for k, (zh, en) in vocab.ACTIVITY_KIND_LABELS.items())
    statuses = tuple((k.value, zh, en) for k, (zh, en) in vocab.VISIT_STATUS_LABELS.items())
    reviews = tuple((k.value, zh, en) for k, (zh, en) in LABELS.items())
    return FilterChoices(tuple(vans), tuple(counties), tuple(towns), kinds, statuses, reviews)


def list_visits(app: App, user: ConsoleUser, f: VisitFilters, per_page: int = PER_PAGE) -> VisitList:
    """One page of the list with its figures (kept for the read model's state: ``state_cache``)."""
    scope = scope_of(user)
    return state_cache.kept(app, ("list", scope, f, per_page), lambda: _list_visits(app, scope, f, per_page))


def _list_visits(app: App, scope: Scope, f: VisitFilters, per_page: int) -> VisitList:
    # Which visits, in which order, and how many: kept until the structure or a review moves.
    rows, total = state_cache.kept(
        app, ("list-rows", scope, f, per_page), lambda: _list_rows(app, scope, f, per_page), on="review"
    )
    ids = [r.id for r in rows]
    with app.db.read() as s:
        marks = cq.marks(s, ids)
    # Their figures and review labels: kept until one of these visits has a new fact.
    figs, reviews = state_cache.kept(
        app, ("list-figs", tuple(ids), tuple(marks.get(v, 0) for v in ids)), lambda: _figures(app, ids), on="structure"
    )
    items = tuple(VisitItem(r, figs[r.id].attendance, figs[r.id].signins, reviews.get(r.id)) for r in rows)
    return VisitList(items, total, f.page, max(1, -(-total // per_page)))


def _list_rows(app: App, scope: Scope, f: VisitFilters, per_page: int) -> tuple[tuple[cq.VisitRow, ...], int]:
    vq = f.resolved(app, scope)

    def count() -> int:
        with app.db.read() as s:
            return cq.visit_count(s, vq)

    # one count for every page of the same filters (kept per state, like the pages)
    total = state_cache.kept(app, ("count", scope, dataclasses.replace(f, page=1)), count, on="review")
    with app.db.read() as s:
        rows = tuple(cq.page_rows(s, vq, (f.page - 1) * per_page, per_page))
    return rows, total


def _figures(app: App, ids: list[str]) -> tuple[Mapping[str, cq.VisitFigures], Mapping[str, tuple[str, str]]]:
    with app.db.read() as s:
        figs = cq.figures(s, ids)
    return MappingProxyType(figs), MappingProxyType(_reviews(app, ids))


def _reviews(app: App, ids: list[str]) -> dict[str, tuple[str, str]]:
    """The review state of each visit by the laptop's own rule, where the laptop code has one
    (``App.review``); nothing otherwise."""
    try:
        svc = getattr(app, "review", None)
    except Exception:  # noqa: BLE001 - a laptop without review states: no column
        return {}
    if svc is None or not ids:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for vid, st in svc.states(ids).items():
        if getattr(st, "status", "") != "not_submitted":
            out[vid] = (str(getattr(st, "label", "")), str(getattr(st, "label_en", "")))
    return out


def find(app: App, user: ConsoleUser, visit_id: str) -> cq.VisitRow | None:
    """The visit if it exists and the user's scope covers it (else None: the page answers 404);
    kept for the read model's state (``state_cache``)."""
    scope = scope_of(user)
    return state_cache.kept(
        app, ("find", scope, visit_id[:64]), lambda: _find(app, scope, visit_id[:64]), on="structure"
    )


def _find(app: App, scope: Scope, visit_id: str) -> cq.VisitRow | None:
    vq = dataclasses.replace(VisitFilters().query(scope), visit_id=visit_id)
    with app.db.read() as s:
        rows = list(cq.visit_rows(s, vq))
    return rows[0] if rows else None


@dataclass(frozen=True)
class HandoutLine:
    title: str
    unit: str
    copies: int


@dataclass(frozen=True)
class SigninLine:
    name: str
    group: str
    organisation: str
    method: str
    at: str | None


@dataclass(frozen=True)
class VisitDetail:
    row: cq.VisitRow
    report: rm.VisitReport  # what the laptop's visit report prints, figure for figure
    contact_phone: str | None  # None when the user may not see phone numbers
    handouts: tuple[HandoutLine, ...]
    signins: tuple[SigninLine, ...]
    history: tuple[cq.HistoryLine, ...]
    odometer: DayMileage | None


def detail(app: App, user: ConsoleUser, row: cq.VisitRow) -> VisitDetail:
    """A visit's page, kept until the structure moves or the visit has a new fact (its mark)."""
    key = ("detail", row, scope_of(user).phones, visit_mark(app, row.id))
    return state_cache.kept(app, key, lambda: _detail(app, user, row), on="structure")


def visit_mark(app: App, visit_id: str) -> int:
    """The cursor at which a fact of the visit last arrived (0: none since the marks started)."""

    def read() -> int:
        with app.db.read() as s:
            return cq.marks(s, [visit_id]).get(visit_id, 0)

    return state_cache.kept(app, ("mark", visit_id), read)


def _detail(app: App, user: ConsoleUser, row: cq.VisitRow) -> VisitDetail:
    report = app.reports.visit_data(row.id)
    site = app.sites.get(row.site_id)
    by_title: dict[tuple[str, str], int] = {}
    for b in report.books:
        by_title[(b.title, b.unit)] = by_title.get((b.title, b.unit), 0) + b.qty
    with app.db.read() as s:
        history = cq.visit_history(s, row.id)
    return VisitDetail(
        row=row,
        report=_for(user, report, site),
        contact_phone=((site.phone if site else None) or None) if scope_of(user).phones else None,
        handouts=tuple(HandoutLine(t, u, n) for (t, u), n in sorted(by_title.items())),
        signins=tuple(SigninLine(x.name, x.group, x.organisation, x.method, x.at) for x in report.signins),
        history=tuple(history),
        odometer=app.mileage.day(row.caravan_id, row.date),
    )


def _for(user: ConsoleUser, report: rm.VisitReport, site: Site | None) -> rm.VisitReport:
    """The paper as this user may see it: the school's phone number is left off for roles that
    never see phone numbers (every figure and the verification code stay as printed)."""
    if scope_of(user).phones:
        return report
    return dataclasses.replace(report, contact=(site.contact if site else None) or "")


def visit_pdf(app: App, user: ConsoleUser, row: cq.VisitRow, out: IO[bytes], printed_at: str | None = None) -> None:
    """The visit report the laptop prints (``reports.visit_pdf``'s renderer over the same data):
    printed at the same time (``printed_at``, default now), the same bytes as the laptop's."""
    if scope_of(user).phones:
        app.reports.visit_pdf(row.id, out, printed_at=printed_at)
        return
    from ..reports.visit_pdf import render_visit

    data = app.reports.visit_data(row.id, printed_at)
    render_visit(_for(user, data, app.sites.get(row.site_id)), out)
