"""统计: the period report, the 科普统计 sheet and the caravan norms for any period, van or
county, as a page with server-drawn SVG charts and as the laptop's own PDF/XLSX; coverage by
county and town and the schools not visited for the longest time. Figures come from
``stats_data`` (the laptop's services over the office read model); the viewer's scope
(``auth.scope_of``) is applied here, before any figure is made."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ..domain import rules
from ..domain.errors import DomainError, NotFound, ValidationError
from ..services.app import App
from . import stats_glue as glue
from .auth import EVERYONE, ConsoleUser, require, scope_of
from .stats_data import Scope, StatsData, coverage_list, scope

router = APIRouter()
Viewer = Annotated[ConsoleUser, Depends(require(*EVERYONE))]


def user_scope(app: App, user: ConsoleUser, start: str | None, end: str | None, van: str | None,
               county: str | None) -> Scope:  # fmt: skip
    """The scope a viewer may see: a county liaison their county, a captain their van, every
    other role what they ask for (default: this year to today). Asking for another county or
    van is refused (403), never silently widened or narrowed."""
    today = app.clock.today()
    a = start or f"{today.year:04d}-01-01"
    b = end or today.isoformat()
    van_id = None
    if van:
        found = app.catalog.caravan_by_name(van)
        if found is None:
            raise ValidationError("van", "找不到该大篷车，请从列表中选择", "no such van: choose one from the list")
        van_id = found.id
    want_county = rules.county(county) if county else None
    mine = scope_of(user)
    if mine.county is not None:
        if want_county and want_county != mine.county:
            raise glue.forbidden()
        want_county = mine.county
    if mine.caravan is not None:
        own = app.catalog.caravan_by_name(mine.caravan)
        if own is None:  # a captain of a van no laptop has synced yet: nothing to show
            raise NotFound(
                "caravan", f"服务器上还没有车辆“{mine.caravan}”：这辆车的笔记本同步之后，这里才有它的统计",
                f"the hub has no van {mine.caravan!r} yet: its figures appear once its laptop syncs",
            )  # fmt: skip
        if van_id and van_id != own.id:
            raise glue.forbidden()
        van_id = own.id
    return scope(a, b, van_id, want_county)


def query_of(sc: Scope) -> str:
    q = {"from": sc.start, "to": sc.end}
    if sc.caravan_id:
        q["van"] = sc.caravan_id
    if sc.county:
        q["county"] = sc.county
    return urlencode(q)


def choices(app: App, user: ConsoleUser) -> tuple[list[dict[str, str]], list[str]]:
    """The van and county lists a viewer may pick from (none for a role fixed to one)."""
    from ..domain.vocab import COUNTIES

    mine = scope_of(user)
    vans = [] if mine.caravan is not None else [{"id": c.id, "name": c.name} for c in app.catalog.caravans()]
    counties = [] if mine.county is not None else list(COUNTIES)
    return vans, counties


def request_scope(request: Request, app: App, user: ConsoleUser) -> Scope:
    q = request.query_params
    return user_scope(app, user, q.get("from") or None, q.get("to") or None, q.get("van") or None,
                      q.get("county") or None)  # fmt: skip


@router.get("/stats")
def stats_page(request: Request, user: Viewer) -> Response:
    app = glue.office(request)
    vans, counties = choices(app, user)
    message = ""
    try:
        sc = request_scope(request, app, user)
    except (ValidationError, NotFound) as e:  # a wrong date or county: say which, show this year instead
        message = glue.message(request, e)
        try:
            sc = user_scope(app, user, None, None, None, None)
        except NotFound:  # nothing this viewer may see yet
            return glue.page(request, user, "stats.html", data=None, message=message)
    data = StatsData(app).page(sc)
    return glue.page(request, user, "stats.html", data=data, vans=vans, counties=counties, query=query_of(sc),
                     counting=glue.counting(data.report), message=message)  # fmt: skip


def _file(request: Request, user: ConsoleUser, what: str, ext: str) -> Response:
    app = glue.office(request)
    try:
        sc = request_scope(request, app, user)
    except DomainError as e:
        return glue.bad_request(request, user, e)
    sd = StatsData(app)
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / f"out.{ext}"
        if what == "period" and ext == "pdf":
            sd.period_pdf(sc, out)
        elif what == "period":
            sd.period_xlsx(sc, out)
        else:
            sd.stats_xlsx(sc, out)
        body = out.read_bytes()
    name = f"科普统计-{sc.year}.xlsx" if what == "science" else f"工作统计-{sc.start}-{sc.end}.{ext}"
    if what == "period":  # the period report's hours tables name every volunteer and staff member
        glue.audit(
            request,
            user,
            f"export_{ext}",
            f"工作统计 {sc.start}~{sc.end} {sc.county or ''} {sc.caravan_id or ''}".strip(),
        )
    return glue.download(body, "application/pdf" if ext == "pdf" else glue.XLSX, name)


@router.get("/stats/period.pdf")
def period_pdf(request: Request, user: Viewer) -> Response:
    return _file(request, user, "period", "pdf")


@router.get("/stats/period.xlsx")
def period_xlsx(request: Request, user: Viewer) -> Response:
    return _file(request, user, "period", "xlsx")


@router.get("/stats/science.xlsx")
def science_xlsx(request: Request, user: Viewer) -> Response:
    return _file(request, user, "science", "xlsx")


@router.get("/stats/coverage.{ext}")
def coverage(ext: str, request: Request, user: Viewer) -> Response:
    app = glue.office(request)
    try:
        sc = request_scope(request, app, user)
    except DomainError as e:
        return glue.bad_request(request, user, e)
    return glue.table_download(coverage_list(StatsData(app).towns(sc.county, sc.year)), ext, f"覆盖情况-{sc.year}")
