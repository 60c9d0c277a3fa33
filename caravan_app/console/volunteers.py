"""志愿者: hours per volunteer and per staff member (apart), the certificate register shared
with the laptops, certificates issued from the hub, and the 公示 list. Every view and download
of these names is recorded in the audit log; no page or file here carries a phone number."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ..domain.errors import DomainError, NotFound, ValidationError
from ..server.authoring import AuthoringRefused
from . import stats_glue as glue
from .auth import OFFICE_READ, ConsoleUser, Role, require
from .stats import choices, query_of, request_scope, user_scope
from .stats_data import Scope
from .volunteers_data import VolunteersData, hours_list, public_list

router = APIRouter()
Reader = Annotated[ConsoleUser, Depends(require(*OFFICE_READ))]
Issuer = Annotated[ConsoleUser, Depends(require(Role.ADMIN, Role.OFFICE))]


def _page(request: Request, user: ConsoleUser, sc: Scope, message: str = "", status: int = 200) -> Response:
    app = glue.office(request)
    data = VolunteersData(app).page(sc)
    glue.audit(request, user, "view_people", f"{sc.start}~{sc.end} {sc.county or ''} {sc.caravan_id or ''}".strip())
    vans, counties = choices(app, user)
    resp = glue.page(request, user, "volunteers.html", data=data, vans=vans, counties=counties, query=query_of(sc),
                     can_issue=glue.can_issue(user), scope_label=glue.scope_label(app, sc), message=message)  # fmt: skip
    resp.status_code = status
    return resp


@router.get("/volunteers")
def volunteers_page(request: Request, user: Reader) -> Response:
    app = glue.office(request)
    try:
        sc = request_scope(request, app, user)
    except (ValidationError, NotFound) as e:
        try:
            fallback = user_scope(app, user, None, None, None, None)
        except NotFound:
            return glue.page(request, user, "volunteers.html", data=None, message=glue.message(request, e))
        return _page(request, user, fallback, glue.message(request, e))
    return _page(request, user, sc)


@router.get("/volunteers/{which}.{ext}")
def volunteers_list(which: str, ext: str, request: Request,
                    user: Reader) -> Response:  # fmt: skip
    if which not in ("hours", "staff", "public") or ext not in ("csv", "xlsx"):
        raise glue.not_found()
    app = glue.office(request)
    try:
        sc = request_scope(request, app, user)
    except DomainError as e:
        return glue.bad_request(request, user, e)
    data = VolunteersData(app).page(sc)
    if which == "public":
        table = public_list(data.public, data.public_hours)
    else:
        table = hours_list(data.staff if which == "staff" else data.volunteers, staff=which == "staff")
    glue.audit(request, user, f"export_{ext}", f"{table.name} {sc.start}~{sc.end}")
    return glue.table_download(table, ext, f"{table.name}-{sc.start}-{sc.end}")


@router.post("/volunteers/certificate")
async def issue_certificate(request: Request, user: Issuer) -> Response:
    """Issue one person's certificate: printed by the laptop's certificate service, its register
    row stored as a record the hub authors (it reaches every laptop at its next sync)."""
    form = await request.form()
    app = glue.office(request)
    start, end = str(form.get("from") or ""), str(form.get("to") or "")
    try:
        sc = user_scope(app, user, start or None, end or None, None, None)
        cert, pdf = VolunteersData(app).issue(
            str(form.get("person_id") or ""), sc, glue.author(request, user), staff=bool(form.get("staff"))
        )
    except (DomainError, AuthoringRefused) as e:
        sc = user_scope(app, user, None, None, None, None)
        return _page(request, user, sc, glue.message(request, e), status=422)
    glue.audit(request, user, "issue_certificate", cert.number)
    return glue.download(pdf, "application/pdf", f"{cert.number}.pdf")
