"""The public pages of requests and ratings: ``/order`` (a school asks for a visit),
``/order/<number>`` (its state) and ``/rate/<token>`` (the school rates a visit it had).

No login. Plain forms that work with JavaScript off and on a phone; every value autoescaped.
A form carries a token the hub signed when it showed the form (a page elsewhere cannot post to
it; a bot that posts at once is refused), a hidden field people leave empty, and each client
address may send only a few requests and look up only a few numbers per window.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..domain.vocab import COUNTIES
from ..server import orders as od
from ..server.hub import HubError
from .audit import address_of
from .auth import hub_db
from .render import render

router = APIRouter()

PUBLIC_PATHS = {"/order", "/order/{number}", "/rate/{token}"}


class Window:
    """At most ``limit`` events per key within ``seconds`` (in memory, per worker process)."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str | None) -> bool:
        now = time.monotonic()
        with self._lock:
            q = self._seen.setdefault(key or "?", deque())
            while q and now - q[0] > self.seconds:
                q.popleft()
            if len(q) >= self.limit:
                return False
            q.append(now)
            if len(self._seen) > 10_000:  # forget quiet addresses
                for k in [k for k, v in self._seen.items() if not v][:5000]:
                    del self._seen[k]
            return True


SENDS = Window(5, 3600)  # new requests per address per hour
LOOKUPS = Window(30, 60)  # status look-ups and rating pages per address per minute


def _too_many(request: Request) -> HTMLResponse:
    resp = render(request, "order_busy.html", None, status=429)
    resp.headers["Retry-After"] = "600"
    return resp


def _form(request: Request, status: int = 200, **ctx: object) -> HTMLResponse:
    hdb = hub_db(request)
    county = ctx.pop("county", None) or request.query_params.get("county") or ""
    county = county if county in COUNTIES else ""
    sites = od.registry_sites(hdb, county) if county else []
    return render(
        request,
        "order_form.html",
        None,
        status=status,
        counties=COUNTIES,
        county=county,
        sites=sites,
        token=od.form_token(hdb),
        v=ctx.pop("values", {}),
        **ctx,
    )


@router.get("/order")
def order_page(request: Request) -> Response:
    return _form(request)


@router.post("/order")
async def order_send(
    request: Request,
    token: Annotated[str, Form()] = "",
    website: Annotated[str, Form()] = "",  # people never fill it in (hidden)
    county: Annotated[str, Form()] = "",
    site_id: Annotated[str, Form()] = "",
    site_name: Annotated[str, Form()] = "",
    town: Annotated[str, Form()] = "",
    contact: Annotated[str, Form()] = "",
    phone: Annotated[str, Form()] = "",
    earliest: Annotated[str, Form()] = "",
    latest: Annotated[str, Form()] = "",
    groups: Annotated[str, Form()] = "",
    size: Annotated[str, Form()] = "",
    topics: Annotated[str, Form()] = "",
    remarks: Annotated[str, Form()] = "",
) -> Response:
    hdb = hub_db(request)
    values = {
        "site_id": site_id,
        "site_name": site_name,
        "town": town,
        "contact": contact,
        "phone": phone,
        "earliest": earliest,
        "latest": latest,
        "groups": groups,
        "size": size,
        "topics": topics,
        "remarks": remarks,
    }
    if not od.form_token_ok(hdb, token) or website:
        return _form(
            request, 400, county=county, values=values, error="The form has expired. Check it and send it again."
        )
    if not SENDS.allow(address_of(request)):
        return _too_many(request)
    name = site_name
    chosen = None
    if site_id:
        chosen = next((s for s in od.registry_sites(hdb, county) if s.id == site_id), None)
        if chosen is None:
            return _form(request, 400, county=county, values=values, error="Choose the school from the list again.")
        name, town = chosen.name, chosen.town or ""
    try:
        n = int(size) if size.strip() else None
    except ValueError:
        return _form(request, 400, county=county, values=values, error="The number of people must be a whole number.")
    inp = od.OrderInput(
        site_name=name,
        county=county,
        contact=contact,
        earliest=earliest,
        latest=latest,
        site_id=chosen.id if chosen else None,
        town=town,
        phone=phone,
        groups=groups,
        size=n,
        topics=topics,
        remarks=remarks,
    )
    try:
        made = await run_in_threadpool(od.add_order, hdb, inp, "public")
    except HubError as exc:
        return _form(request, 400, county=county, values=values, error_zh=exc.zh, error_en=exc.en)
    return RedirectResponse(f"/order/{made.number}?new=1", status_code=303)


@router.get("/order/{number}")
def order_status(request: Request, number: str) -> Response:
    if not LOOKUPS.allow(address_of(request)):
        return _too_many(request)
    st = od.public_status(hub_db(request), number[:40])
    if st is None:
        return render(request, "order_status.html", None, status=404, st=None, number=number[:40])
    return render(request, "order_status.html", None, st=st, number=st.number, new=request.query_params.get("new"))


@router.get("/rate/{token}")
def rate_page(request: Request, token: str) -> Response:
    if not LOOKUPS.allow(address_of(request)):
        return _too_many(request)
    target = od.rate_target(hub_db(request), token)
    status = 200 if target else 404
    return render(
        request, "rate.html", None, status=status, target=target, token=token, form=od.form_token(hub_db(request))
    )


@router.post("/rate/{token}")
async def rate_send(
    request: Request,
    token: str,
    form: Annotated[str, Form()] = "",
    score: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
) -> Response:
    hdb = hub_db(request)
    if not SENDS.allow("rate:" + (address_of(request) or "?")):
        return _too_many(request)
    target = od.rate_target(hdb, token)
    if target is None:
        return render(request, "rate.html", None, status=404, target=None, token=token, form="")
    if not od.form_token_ok(hdb, form):
        return render(
            request,
            "rate.html",
            None,
            status=400,
            target=target,
            token=token,
            form=od.form_token(hdb),
            error="The form has expired. Check it and send it again.",
        )
    try:
        await run_in_threadpool(od.rate_on_hub, hdb, target.visit_id, int(score) if score.isdigit() else 0, comment)
    except HubError as exc:
        return render(
            request,
            "rate.html",
            None,
            status=400,
            target=target,
            token=token,
            form=od.form_token(hdb),
            error_zh=exc.zh,
            error_en=exc.en,
        )
    return render(
        request, "rate.html", None, target=od.rate_target(hdb, token), token=token, form=od.form_token(hdb), thanks=True
    )
