"""Log in, log out, the language switch and the home page."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from .audit import address_of
from .auth import (
    COOKIE,
    ConsoleUser,
    Forbidden,
    SessionInfo,
    authenticate,
    end_session,
    hub_db,
    login_wait_s,
    new_session,
    require,
    session_of,
    set_lang,
)
from .i18n import LANGS
from .render import LANG_COOKIE, page, render

router = APIRouter()


def _set_cookie(request: Request, resp: Response, info: SessionInfo) -> None:
    resp.set_cookie(
        COOKIE, info.token, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/"
    )


def _next(target: str | None) -> str:
    from .app import safe_next

    return safe_next(target)


def _login_form(request: Request, status: int = 200, error: str | None = None, **kw: object) -> Response:
    info = session_of(request)
    fresh = None
    if info is None:  # a pre-login session: it carries only the form's CSRF token
        fresh = new_session(hub_db(request), None)
        request.state.console_session = fresh
    resp = render(
        request, "login.html", None, status=status, error=error, next=_next(request.query_params.get("next")), **kw
    )
    if fresh is not None:
        _set_cookie(request, resp, fresh)
    return resp


@router.get("/login")
def login_page(request: Request) -> Response:
    info = session_of(request)
    if info is not None and info.user is not None:
        return RedirectResponse(_next(request.query_params.get("next")), status_code=303)
    return _login_form(request)


@router.post("/login")
async def login_post(request: Request) -> Response:
    form = await request.form()
    info = session_of(request)
    sent = form.get("csrf")
    if info is None or not isinstance(sent, str) or not secrets.compare_digest(sent, info.csrf):
        # No or stale pre-login session (expired, cookies off): show the form again.
        request.state.console_session = None
        return _login_form(request, 403, "The login form had expired. Log in again.")
    name = str(form.get("username") or "").strip()[:64]
    password = str(form.get("password") or "")[:1024]
    target = _next(str(form.get("next") or "/"))
    hdb = hub_db(request)
    addr = address_of(request)
    wait = await run_in_threadpool(login_wait_s, hdb, name, addr)
    if wait:
        return _login_form(request, 429, "too_many", wait_minutes=-(-wait // 60), username=name)
    user = await run_in_threadpool(authenticate, hdb, name, password, addr)
    if user is None:
        return _login_form(request, 401, "The username or password is wrong (or the user is disabled).", username=name)
    fresh = await run_in_threadpool(new_session, hdb, user, info.token)
    resp = RedirectResponse(target, status_code=303)
    _set_cookie(request, resp, fresh)
    return resp


@router.post("/logout")
async def logout(request: Request) -> Response:
    info = session_of(request)
    if info is not None:
        form = await request.form()
        sent = form.get("csrf")
        if not isinstance(sent, str) or not secrets.compare_digest(sent, info.csrf):
            raise Forbidden("csrf")
        await run_in_threadpool(end_session, hub_db(request), info.token)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(COOKIE, path="/")
    return resp


@router.get("/lang/{code}")
def set_language(request: Request, code: str) -> Response:
    """The language switch: a cookie (a plain link, works without JavaScript), and the logged-in
    user's own choice, so their next browser opens in it too."""
    resp = RedirectResponse(_next(request.query_params.get("next")), status_code=303)
    info = session_of(request)
    if code in LANGS and info is not None and info.user is not None:
        set_lang(hub_db(request), info.user, code)
    if code in LANGS:
        resp.set_cookie(
            LANG_COOKIE, code, max_age=365 * 86400, httponly=True, samesite="lax", secure=request.url.scheme == "https"
        )
    return resp


@router.get("/")
def home(request: Request, user: Annotated[ConsoleUser, Depends(require())]) -> Response:
    return page(request, user, "home.html")
