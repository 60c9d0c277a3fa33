"""The office's requests (点单 / 派单): every request with its state, assign, decline, and the
planner's proposal for the season (review it, change single requests, apply it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

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


@router.get("/orders/plan")
def plan(request: Request, user: Annotated[ConsoleUser, Depends(require(*OFFICE_READ))]) -> Response:
    proposal = od.propose(hub_db(request))
    names = {v.caravan_id: v.caravan for v in proposal.visits}
    return page(request, user, "orders_plan.html", p=proposal, names=names)


@router.post("/orders/plan")
async def apply(request: Request, user: Annotated[ConsoleUser, Depends(require(*CHANGE))]) -> Response:
    hdb = hub_db(request)
    proposal = await run_in_threadpool(od.propose, hdb)
    await run_in_threadpool(od.apply_proposal, hdb, proposal, user.name)
    return RedirectResponse("/orders?state=planned", status_code=303)
