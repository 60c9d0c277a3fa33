"""The office console on the hub: the hub's own app (the sync API, unchanged) plus the console's
pages at ``/``, in the same process over the same database.

A page module offers ``router`` (an ``APIRouter``); add it to ``ROUTERS`` below. Every route
declares who may use it with ``Depends(require(...))`` (or is listed in ``PUBLIC``): the
route-walking test reads that and checks every route with every role.
"""

from __future__ import annotations

import contextlib
import logging
import os
import traceback
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..server.app import create_app as create_hub_app
from ..server.db import HubDB, database_url
from ..server.ratelimit import parse_networks
from . import (
    anomalies,
    auditlog,
    devices,
    downloads,
    login,
    orders_page,
    orders_public,
    photos_page,
    review_page,
    stats,
    today,
    users,
    visits,
    volunteers,
)
from .auth import Forbidden, LoginRequired
from .projection import projection
from .render import compile_templates, error_page
from .warm import Warmer

log = logging.getLogger("caravan.console")

STATIC = Path(__file__).resolve().parent / "static"

# Every page module's router, in nav order. Others: add yours here.
ROUTERS: list[APIRouter] = [
    login.router,
    today.router,
    visits.router,
    photos_page.router,
    review_page.router,
    downloads.router,
    stats.router,
    volunteers.router,
    devices.router,
    anomalies.router,
    auditlog.router,
    users.router,
    orders_public.router,
    orders_page.router,
]

# Paths anyone may open without a session (everything else needs one).
PUBLIC = {"/login", "/logout", "/lang/{code}", "/static", *orders_public.PUBLIC_PATHS}


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host, no ``//`` or backslash tricks)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 33 for c in target):
        return "/"
    return target


class _Quiet500:
    """A console error becomes the 500 page, logged by type and place only (messages may carry
    personal data). The hub's own API paths keep their behaviour."""

    def __init__(self, app: ASGIApp, hub_paths: set[str]) -> None:
        self.app, self.hub_paths = app, hub_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path", "") in self.hub_paths:
            await self.app(scope, receive, send)
            return
        started = False

        async def _send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, receive, _send)
        except Exception as exc:
            where = " < ".join(
                f"{Path(f.filename).name}:{f.lineno}" for f in traceback.extract_tb(exc.__traceback__)[-4:]
            )
            route = scope.get("route")
            log.error("console error %s on %s at %s", type(exc).__name__, getattr(route, "path", "?"), where)
            if started:
                return
            request = Request(scope, receive)
            resp = error_page(
                request,
                500,
                "Something went wrong on the hub",
                "Nothing was changed. Try again; if it happens again, tell the hub's administrator the time.",
            )
            await resp(scope, receive, send)


def create_app(
    hub: str | HubDB,
    dev_docs: bool | None = None,
    forwarded_allow_ips: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    tls_cert: str | None = None,
    photos_dir: str | os.PathLike[str] | None = None,
) -> FastAPI:
    """The hub's app (``hub``: its database URL or an open ``HubDB``) with the console at ``/``.
    ``data_dir``: the hub's data folder (the console keeps its read model there); ``tls_cert``:
    the certificate the hub serves (the devices page pins it in enrollment codes); ``photos_dir``:
    where the hub keeps photo files (server/app.py)."""
    url = hub if isinstance(hub, str) else hub.url
    app = create_hub_app(
        url,
        dev_docs=dev_docs,
        forwarded_allow_ips=forwarded_allow_ips,
        hdb=None if isinstance(hub, str) else hub,
        photos_dir=photos_dir,
    )
    hub_paths = {getattr(r, "path", "") for r in app.routes}
    spec = os.environ.get("CARAVAN_HUB_FORWARDED_ALLOW_IPS") if forwarded_allow_ips is None else forwarded_allow_ips
    app.state.trusted_proxies = parse_networks(spec)
    app.state.data_dir = Path(data_dir) if data_dir else _data_dir_of(url)
    app.state.hub_paths = hub_paths
    app.state.tls_cert = tls_cert
    for r in ROUTERS:
        app.include_router(r, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _exc: LoginRequired) -> Response:
        back = request.url.path + (("?" + request.url.query) if request.url.query else "")
        if request.method != "GET" or back == "/":
            return RedirectResponse("/login", status_code=303)
        from urllib.parse import quote

        return RedirectResponse("/login?next=" + quote(safe_next(back), safe="/"), status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        if str(exc) == "csrf":
            return error_page(
                request,
                403,
                "The form has expired",
                "Go back, reload the page and send the form again (forms work only in the window that showed them).",
            )
        return error_page(
            request,
            403,
            "Your role may not do this",
            "Ask the hub's administrator if you need this page; your role decides what you can see and change.",
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        accept = request.headers.get("accept", "")
        if request.url.path in hub_paths or ("application/json" in accept and "text/html" not in accept):
            return await http_exception_handler(request, exc)
        if exc.status_code == 404:
            return error_page(
                request,
                404,
                "There is no such page",
                "The page may not exist yet, or the link is old. Use the menu above to find what you need.",
            )
        if exc.status_code == 405:
            return error_page(request, 405, "This page cannot be used this way", "Open it from the menu above.")
        return error_page(request, exc.status_code, "The request was refused", "Go back and try again.")

    app.add_middleware(_Quiet500, hub_paths=hub_paths)
    _warm_at_start(app)
    return app


def _warm_at_start(app: FastAPI) -> None:
    """When the server starts (ASGI lifespan), before the first request: compile the templates
    and open the read model (its file, migrations and indexes); then, while the hub serves, one
    thread keeps the read model applied and the first pages derived for its state (``warm``:
    catching up there, not in the start, so a hub far ahead never delays the sync API). Two
    workers started together took turns opening it inside their first users' requests. A
    failure here only logs: the pages open it again on first use."""
    inner = app.router.lifespan_context
    if os.environ.get("CARAVAN_CONSOLE_WARM", "1") == "0":
        return

    def start() -> Warmer | None:
        try:
            compile_templates()
            where = app.state.data_dir
            if where is None:
                return None
            projection(Path(where), app.state.hdb)
            w = Warmer(Path(where), app.state.hdb)
            w.start()
            return w
        except Exception as exc:  # noqa: BLE001 - the hub must start whatever the read model's state
            log.warning("the console could not prepare its pages at start (%s)", type(exc).__name__)
            return None

    @contextlib.asynccontextmanager
    async def lifespan(a: Any) -> AsyncIterator[Any]:
        async with inner(a) as state:
            app.state.warmer = await run_in_threadpool(start)
            try:
                yield state
            finally:
                w, app.state.warmer = app.state.warmer, None
                if w is not None:
                    await run_in_threadpool(w.stop)

    app.router.lifespan_context = lifespan


def _data_dir_of(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :]).parent
    env = os.environ.get("CARAVAN_SERVER_DATA_DIR")
    return Path(env) if env else None


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` with several workers (the hub's environment variables)."""
    return create_app(
        database_url(os.environ.get("CARAVAN_SERVER_DB"), os.environ.get("CARAVAN_SERVER_DATA_DIR")),
        data_dir=os.environ.get("CARAVAN_SERVER_DATA_DIR"),
        tls_cert=os.environ.get("CARAVAN_HUB_TLS_CERT") or None,
    )


__all__ = ["PUBLIC", "ROUTERS", "app_from_env", "create_app", "safe_next"]
