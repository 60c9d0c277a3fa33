"""志愿者: hours per volunteer and per staff member (apart), the certificate register shared
with the laptops, certificates issued from the hub, and the 公示 list. Every view and download
of these names is recorded in the audit log; no page or file here carries a phone number."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from . import stats_glue as glue
from .auth import ConsoleUser, current_user
from .stats import choices, query_of, user_scope
from .volunteers_data import VolunteersData, hours_list, public_list

router = APIRouter()


@router.get("/volunteers")
def volunteers_page(request: Request, user: ConsoleUser = Depends(current_user)) -> Response:
    app = glue.office(request)
    q = request.query_params
    sc = user_scope(app, user, q.get("from"), q.get("to"), q.get("van"), q.get("county"))
    data = VolunteersData(app).page(sc)
    glue.audit(request, user, "view", f"志愿者 {sc.start}～{sc.end} {sc.county or ''}{sc.caravan_id or ''}".strip())
    vans, counties = choices(app, user)
    return glue.page(request, user, "volunteers.html", data=data, vans=vans, counties=counties, query=query_of(sc),
                     can_issue=glue.can_issue(user), scope_label=glue.scope_label(app, sc))  # fmt: skip


@router.get("/volunteers/{which}.{ext}")
def volunteers_list(which: str, ext: str, request: Request, user: ConsoleUser = Depends(current_user)) -> Response:
    if which not in ("hours", "staff", "public"):
        raise glue.not_found()
    app = glue.office(request)
    q = request.query_params
    sc = user_scope(app, user, q.get("from"), q.get("to"), q.get("van"), q.get("county"))
    data = VolunteersData(app).page(sc)
    if which == "public":
        table = public_list(data.public, data.public_hours)
    else:
        table = hours_list(data.staff if which == "staff" else data.volunteers, staff=which == "staff")
    glue.audit(request, user, "export", f"{table.name} {ext} {sc.start}～{sc.end}")
    return glue.table_download(table, ext, f"{which}-{sc.start}-{sc.end}")


@router.post("/volunteers/certificate")
async def issue_certificate(request: Request, user: ConsoleUser = Depends(current_user)) -> Response:
    """Issue one person's certificate: printed by the laptop's certificate service, its register
    row stored as a record the hub authors (it reaches every laptop at its next sync)."""
    form = await request.form()
    glue.csrf(request, form)
    if not glue.can_issue(user):
        raise glue.forbidden()
    app = glue.office(request)
    sc = user_scope(app, user, str(form.get("from") or ""), str(form.get("to") or ""), None, None)
    person = str(form.get("person_id") or "")
    cert, pdf = VolunteersData(app).issue(person, sc, glue.author(request, user), staff=bool(form.get("staff")))
    glue.audit(request, user, "issue", f"证明 {cert.number}")
    return glue.download(pdf, "application/pdf", f"{cert.number}.pdf")
