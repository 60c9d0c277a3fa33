"""活动: every visit the user may see (filters, paging, sorting), one visit's page and its report.

A visit outside the user's scope answers 404, exactly like one that does not exist. Names of
people shown on a page or in a paper are recorded in the audit log; phone numbers are shown
only to roles that may see them (``auth.can_see_phones``).
"""

from __future__ import annotations

import io
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..services.app import App
from ..storage.console_queries import VisitRow
from . import audit, warm
from .auth import EVERYONE, ConsoleUser, hub_db, require
from .downloads import content_disposition
from .labels import labeller
from .render import kept_page
from .today import console_app
from .visits_query import BadFilter, VisitFilters, choices, detail, find, list_visits, visit_mark, visit_pdf

router = APIRouter()

HISTORY_KINDS = {
    "reopen": "Reopened",
    "void": "Sign-in voided",
    "takeback": "Count taken back",
    "undo": "Hand-out undone or returned",
}


@router.get("/visits")
def visits_page(request: Request, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]) -> Response:
    app = console_app(request)
    error = None
    try:
        f = VisitFilters.parse(request.query_params)
    except BadFilter as exc:
        error, f = exc, VisitFilters()
    result = list_visits(app, user, f)
    warm.note(user)

    def link(**override: object) -> str:
        return "?" + urlencode(f.params(**override))

    def sort_link(key: str) -> str:
        desc = not f.desc if f.sort == key else key == "date"
        return link(sort=key, dir="desc" if desc else "asc", page=1)

    return kept_page(
        request,
        user,
        "visits.html",
        keep=(app, ("visits", f, error.field if error else None, result), "structure"),  # result: the figures
        f=f,
        result=result,
        error=error,
        opts=choices(app, user),
        link=link,
        sort_link=sort_link,
        query=urlencode({k: v for k, v in f.params().items() if k != "page"}),
        label=labeller(request),
        has_review=any(i.review for i in result.items),
    )


def _visit_or_404(request: Request, user: ConsoleUser, visit_id: str) -> tuple[App, VisitRow]:
    app = console_app(request)
    row = find(app, user, visit_id)
    if row is None:  # not there, or not the user's county/van: the same answer
        raise HTTPException(status_code=404)
    return app, row


@router.get("/visits/{visit_id}")
def visit_page(request: Request, visit_id: str, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]) -> Response:
    app, row = _visit_or_404(request, user, visit_id)
    d = detail(app, user, row)
    if d.signins or d.report.crew:
        audit.record(hub_db(request), user, "view_signins", f"visit {row.id}", request)
    return kept_page(
        request,
        user,
        "visit.html",
        keep=(app, ("visit", row.id, visit_mark(app, row.id)), "structure"),
        d=d,
        label=labeller(request),
        history_kinds=HISTORY_KINDS,
    )


@router.get("/visits/{visit_id}/report.pdf")
async def visit_report(
    request: Request, visit_id: str, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]
) -> Response:
    app, row = await run_in_threadpool(_visit_or_404, request, user, visit_id)
    buf = io.BytesIO()
    await run_in_threadpool(visit_pdf, app, user, row, buf)
    await run_in_threadpool(audit.record, hub_db(request), user, "export_pdf", f"visit report {row.id}", request)
    name = f"活动记录表_{row.date}_{row.site_name or row.id}.pdf"
    return Response(
        buf.getvalue(),
        media_type="application/pdf",
        headers={"Content-Disposition": content_disposition(name), "Cache-Control": "no-store"},
    )
