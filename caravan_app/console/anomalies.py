"""异常: records the hub refused or cannot apply, what was retracted, values that lost a merge
(real conflicts) and resends that differed — with the CLI's action, retract with a reason
(``caravan-server bad list`` / ``bad retract`` / ``conflicts`` / ``anomalies``: the same functions).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..server.hub import HubError, list_bad, retract, review
from .audit import record
from .auth import OFFICE_READ, ConsoleUser, Role, hub_db, require
from .render import page

router = APIRouter()
LIMIT = 200


@router.get("/anomalies")
def anomalies_page(request: Request, user: Annotated[ConsoleUser, Depends(require(*OFFICE_READ))]) -> HTMLResponse:
    hdb = hub_db(request)
    bad = list_bad(hdb, LIMIT)
    conflicts = review(hdb, "conflicts", LIMIT)
    odd = review(hdb, "anomalies", LIMIT)
    # Lost values may be names or phone numbers: who looked is recorded.
    record(hdb, user, "view_anomalies", f"bad {len(bad['bad'])}, conflicts {len(conflicts)}", request)
    return page(request, user, "anomalies.html", bad=bad, conflicts=conflicts, odd=odd, limit=LIMIT)


@router.get("/anomalies/retract")
def retract_confirm(
    request: Request, user: Annotated[ConsoleUser, Depends(require(Role.ADMIN, Role.OFFICE))]
) -> HTMLResponse:
    rid = request.query_params.get("id", "")[:64]
    entity = request.query_params.get("entity", "")[:20]
    return page(request, user, "retract.html", rid=rid, entity=entity)


@router.post("/anomalies/retract")
async def retract_post(
    request: Request, user: Annotated[ConsoleUser, Depends(require(Role.ADMIN, Role.OFFICE))]
) -> Response:
    form = await request.form()
    rid = str(form.get("id") or "").strip()[:64]
    entity = str(form.get("entity") or "").strip()[:20] or None
    reason = str(form.get("reason") or "").strip()[:500]
    if not reason:
        return page(request, user, "retract.html", rid=rid, entity=entity or "", error="missing_reason")
    hdb = hub_db(request)
    try:
        r = await run_in_threadpool(retract, hdb, rid, entity, reason)
    except HubError as exc:
        resp = page(request, user, "retract.html", rid=rid, entity=entity or "", error_zh=exc.zh, error_en=exc.en)
        resp.status_code = exc.status if exc.status >= 400 else 400
        return resp
    record(hdb, user, "retract", f"{r['entity']} {r['id']}", request)
    return RedirectResponse("/anomalies", status_code=303)
