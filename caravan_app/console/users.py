"""用户: the console's users (admin changes, auditor reads) and the idle timeout — the same
functions as ``caravan-server user ...``. Names travel in form fields, never in URLs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..server.hub import get_settings, set_setting
from .audit import record
from .auth import (
    AuthError,
    ConsoleUser,
    Role,
    add_user,
    disable_user,
    enable_user,
    hub_db,
    list_users,
    require,
    reset_password,
)
from .render import page

router = APIRouter()
READ = (Role.ADMIN, Role.AUDITOR)


def _page(request: Request, user: ConsoleUser, status: int = 200, **kw: object) -> HTMLResponse:
    hdb = hub_db(request)
    resp = page(
        request,
        user,
        "users.html",
        users=list_users(hdb),
        roles=list(Role),
        idle=get_settings(hdb).get("console_idle_minutes", "30"),
        **kw,
    )
    resp.status_code = status
    return resp


@router.get("/users")
def users_page(request: Request, user: Annotated[ConsoleUser, Depends(require(*READ))]) -> HTMLResponse:
    return _page(request, user, done=request.query_params.get("done"))


@router.post("/users/add")
async def users_add(request: Request, user: Annotated[ConsoleUser, Depends(require(Role.ADMIN))]) -> Response:
    form = await request.form()
    name = str(form.get("name") or "").strip()
    try:
        await run_in_threadpool(
            add_user,
            hub_db(request),
            name,
            str(form.get("role") or ""),
            str(form.get("password") or ""),
            str(form.get("county") or "").strip() or None,
            str(form.get("caravan") or "").strip() or None,
        )
    except AuthError as exc:
        return _page(request, user, 400, error_zh=exc.zh, error_en=exc.en)
    record(hub_db(request), user, "user_add", f"user {name}", request)
    return RedirectResponse("/users?done=added", status_code=303)


@router.post("/users/change")
async def users_change(request: Request, user: Annotated[ConsoleUser, Depends(require(Role.ADMIN))]) -> Response:
    """Disable, enable or reset one user (``action``, ``name``; ``password`` for a reset)."""
    form = await request.form()
    name = str(form.get("name") or "")
    action = str(form.get("action") or "")
    hdb = hub_db(request)
    try:
        if action == "disable":
            if name == user.name:
                raise AuthError("不能停用自己的账号", "you cannot disable your own account")
            await run_in_threadpool(disable_user, hdb, name)
        elif action == "enable":
            await run_in_threadpool(enable_user, hdb, name)
        elif action == "reset":
            await run_in_threadpool(reset_password, hdb, name, str(form.get("password") or ""))
        else:
            raise AuthError("未知的操作", f"unknown action {action!r}")
    except AuthError as exc:
        return _page(request, user, 400, error_zh=exc.zh, error_en=exc.en)
    record(hdb, user, "user_" + action, f"user {name}", request)
    return RedirectResponse(f"/users?done={action}", status_code=303)


@router.post("/users/settings")
async def users_settings(request: Request, user: Annotated[ConsoleUser, Depends(require(Role.ADMIN))]) -> Response:
    form = await request.form()
    raw = str(form.get("idle_minutes") or "").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 24 * 60:
        return _page(
            request,
            user,
            400,
            error_zh="空闲退出时间：写 1 到 1440 之间的分钟数",
            error_en="idle timeout: minutes between 1 and 1440",
        )
    set_setting(hub_db(request), "console_idle_minutes", str(int(raw)))
    record(hub_db(request), user, "settings", f"console_idle_minutes {int(raw)}", request)
    return RedirectResponse("/users?done=settings", status_code=303)
