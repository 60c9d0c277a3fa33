"""The office's requests (点单 / 派单): every request with its state, assign, decline, and the
planner's proposal for the season (review it, change single requests, apply it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from ..server import orders as od
from ..server.hub import HubError
from .auth import OFFICE_READ, ConsoleUser, Role, can_see_phones, hub_db, require
from .render import NAV, NavItem, page

router = APIRouter()
CHANGE = (Role.ADMIN, Role.OFFICE)

if not any(n.path == "/orders" for n in NAV):
    NAV.append(NavItem("/orders", "Requests", OFFICE_READ))


def _list(request: Request, user: ConsoleUser, **ctx: object) -> Response:
    state = request.query_params.get("state") or None
    rows = od.list_orders(hub_db(request), state if state in od.STATES else None)
    return page(
        request,
        user,
        "orders.html",
        rows=rows,
        state=state,
        states=od.STATES,
        labels=od.STATE_LABELS,
        phones=can_see_phones(user),
        **ctx,
    )


@router.get("/orders")
def orders(request: Request, user: Annotated[ConsoleUser, Depends(require(*OFFICE_READ))]) -> Response:
    return _list(request, user)


@router.post("/orders/{number}/assign")
async def assign(
    request: Request,
    number: str,
    user: Annotated[ConsoleUser, Depends(require(*CHANGE))],
    caravan: Annotated[str, Form()] = "",
    date: Annotated[str, Form()] = "",
) -> Response:
    try:
        await run_in_threadpool(od.assign, hub_db(request), number, caravan, date, user.name)
    except HubError as exc:
        return _list(request, user, error_zh=exc.zh, error_en=exc.en)
    return RedirectResponse("/orders", status_code=303)


@router.post("/orders/{number}/decline")
async def decline(
    request: Request,
    number: str,
    user: Annotated[ConsoleUser, Depends(require(*CHANGE))],
    reason: Annotated[str, Form()] = "",
) -> Response:
    try:
        await run_in_threadpool(od.decline, hub_db(request), number, reason, user.name)
    except HubError as exc:
        return _list(request, user, error_zh=exc.zh, error_en=exc.en)
    return RedirectResponse("/orders", status_code=303)


def _plan_page(request: Request, user: ConsoleUser, status: int = 200, **ctx: object) -> Response:
    hdb = hub_db(request)
    proposal = od.propose(hdb)
    names = {v.caravan_id: v.caravan for v in proposal.visits}
    return page(
        request,
        user,
        "orders_plan.html",
        status=status,
        p=proposal,
        names=names,
        vans=od.caravan_names(hdb),
        closed=od.closed_days(hdb),
        **ctx,
    )


@router.get("/orders/plan")
def plan(request: Request, user: Annotated[ConsoleUser, Depends(require(*OFFICE_READ))]) -> Response:
    return _plan_page(request, user)


def _changes(form: FormData, proposal: od.Proposal) -> list[od.PlanChange]:
    """The rows the office changed (or left out) in the plan form; untouched rows are not changes."""
    out = []
    for v in proposal.visits:
        if form.get(f"skip_{v.number}"):
            out.append(od.PlanChange(v.number, skip=True))
            continue
        van, day = str(form.get(f"caravan_{v.number}") or ""), str(form.get(f"date_{v.number}") or "")
        if (van and van != v.caravan_id) or (day and day != v.date):
            out.append(od.PlanChange(v.number, van, day))
    return out


@router.post("/orders/plan")
async def apply(request: Request, user: Annotated[ConsoleUser, Depends(require(*CHANGE))]) -> Response:
    hdb = hub_db(request)
    form = await request.form()
    proposal = await run_in_threadpool(od.propose, hdb)
    try:
        chosen = await run_in_threadpool(
            od.changed_proposal, hdb, proposal, _changes(form, proposal), bool(form.get("force"))
        )
        await run_in_threadpool(od.apply_proposal, hdb, chosen, user.name)
    except HubError as exc:
        values = {k: str(v) for k, v in form.items() if k != "csrf"}
        field = getattr(exc, "field", "")
        return _plan_page(request, user, 422, error_zh=exc.zh, error_en=exc.en, field=field, values=values)
    return RedirectResponse("/orders?state=planned", status_code=303)


@router.post("/orders/closed")
async def close(
    request: Request,
    user: Annotated[ConsoleUser, Depends(require(*CHANGE))],
    first: Annotated[str, Form()] = "",
    last: Annotated[str, Form()] = "",
    caravan: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Close days for every school (holidays, exams) or for one van."""
    try:
        await run_in_threadpool(od.close_days, hub_db(request), first, last or first, caravan or None, note)
    except HubError as exc:
        return _plan_page(request, user, 422, error_zh=exc.zh, error_en=exc.en)
    return RedirectResponse("/orders/plan#calendar", status_code=303)


@router.post("/orders/closed/remove")
async def reopen(
    request: Request,
    user: Annotated[ConsoleUser, Depends(require(*CHANGE))],
    first: Annotated[str, Form()] = "",
    last: Annotated[str, Form()] = "",
    caravan: Annotated[str, Form()] = "",
) -> Response:
    try:
        await run_in_threadpool(od.reopen_days, hub_db(request), first, last or first, caravan or None)
    except HubError as exc:
        return _plan_page(request, user, 422, error_zh=exc.zh, error_en=exc.en)
    return RedirectResponse("/orders/plan#calendar", status_code=303)
