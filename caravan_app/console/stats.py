"""统计: the period report, the 科普统计 sheet and the caravan norms for any period, van or
county, as a page with server-drawn SVG charts and as the laptop's own PDF/XLSX; coverage by
county and town and the schools not visited for the longest time. Figures come from
``stats_data`` (the laptop's services over the office read model); scoping by role here."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ..domain import rules
from ..domain.errors import DomainError
from ..reports.fmt import period_label
from ..services.app import App
from . import stats_glue as glue
from .auth import ConsoleUser, Role, current_user
from .stats_data import Scope, StatsData, coverage_list, scope

router = APIRouter()

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Forbidden(DomainError):
    """A viewer asked for a county or van outside their own."""


def user_scope(app: App, user: ConsoleUser, start: str | None, end: str | None, van: str | None,
               county: str | None) -> Scope:  # fmt: skip
    """The scope a viewer may see: a county liaison their county, a captain their van, every
    other role what they ask for. Asking for another county or van is refused (403), never
    silently widened or narrowed."""
    today = app.clock.today()
    a = start or f"{today.year:04d}-01-01"
    b = end or today.isoformat()
    van_id = None
    if van:
        found = app.catalog.caravan_by_name(van)
        if found is None:
            raise rules_error("van", "找不到该大篷车，请从列表中选择", "no such van")
        van_id = found["id"]
    want_county = rules.county(county) if county else None
    if user.role == Role.COUNTY:
        if want_county and want_county != user.county:
            raise glue.forbidden()
        want_county = user.county
    if user.role == Role.CAPTAIN:
        own = app.catalog.caravan_by_name(user.caravan or "")
        own_id = own["id"] if own else "-"
        if van_id and van_id != own_id:
            raise glue.forbidden()
        van_id = own_id
    return scope(a, b, van_id, want_county)


def rules_error(field: str, zh: str, en: str) -> DomainError:
    from ..domain.errors import ValidationError

    return ValidationError(field, zh, en)


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

    vans = [] if user.role == Role.CAPTAIN else [{"id": c["id"], "name": c["name"]} for c in app.catalog.caravans()]
    counties = [] if user.role == Role.COUNTY else list(COUNTIES)
    return vans, counties


@router.get("/stats")
def stats_page(
    request: Request,
    user: ConsoleUser = Depends(current_user),
    start: str | None = None,
    end: str | None = None,
    van: str | None = None,
    county: str | None = None,
) -> Response:
    start, end = request.query_params.get("from", start), request.query_params.get("to", end)
    app = glue.office(request)
    sc = user_scope(app, user, start, end, van, county)
    data = StatsData(app).page(sc)
    vans, counties = choices(app, user)
    return glue.page(request, user, "stats.html", data=data, vans=vans, counties=counties, query=query_of(sc),
                     counting=glue.counting(data.report))  # fmt: skip


def _file_name(sc: Scope, what: str, ext: str) -> str:
    return f"{what}-{sc.start}-{sc.end}.{ext}"


def _file(request: Request, user: ConsoleUser, what: str, ext: str) -> Response:
    app = glue.office(request)
    q = request.query_params
    sc = user_scope(app, user, q.get("from"), q.get("to"), q.get("van"), q.get("county"))
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
    kind = "application/pdf" if ext == "pdf" else XLSX
    return glue.download(body, kind, _file_name(sc, what, ext))


@router.get("/stats/period.pdf")
def period_pdf(request: Request, user: ConsoleUser = Depends(current_user)) -> Response:
    return _file(request, user, "period", "pdf")


@router.get("/stats/period.xlsx")
def period_xlsx(request: Request, user: ConsoleUser = Depends(current_user)) -> Response:
    return _file(request, user, "period", "xlsx")


@router.get("/stats/science.xlsx")
def science_xlsx(request: Request, user: ConsoleUser = Depends(current_user)) -> Response:
    return _file(request, user, "science", "xlsx")


@router.get("/stats/coverage.{ext}")
def coverage(ext: str, request: Request, user: ConsoleUser = Depends(current_user)) -> Response:
    app = glue.office(request)
    q = request.query_params
    sc = user_scope(app, user, q.get("from"), q.get("to"), q.get("van"), q.get("county"))
    table = coverage_list(StatsData(app).towns(sc.county))
    return glue.table_download(table, ext, f"coverage-{dt.date.today().isoformat()}")


__all__ = ["period_label", "router"]
