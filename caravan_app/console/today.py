"""今日: where each van is today. A plain page (reload to refresh); a small script reloads it
when the hub has new records, and the page works the same without it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from ..server import hub
from ..server.db import default_data_dir
from ..services.app import App
from .auth import EVERYONE, ConsoleUser, hub_db, require, session_of
from .labels import labeller
from .projection import office_app
from .render import kept_page
from .today_query import today

router = APIRouter()


def console_app(request: Request, wait: bool = False) -> App:
    """The office laptop's services over the read model, caught up (one sequence read;
    ``wait``: with everything the hub has now, e.g. a decision just made)."""
    where = getattr(request.app.state, "data_dir", None)
    info = session_of(request)
    known = info.hub_state if info is not None else None
    return office_app(Path(where) if where else default_data_dir(), hub_db(request), wait=wait, known=known)


@router.get("/today")
def today_page(request: Request, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]) -> Response:
    raw = request.query_params.get("date") or ""
    try:
        day = dt.date.fromisoformat(raw) if raw else dt.date.today()
    except ValueError:
        day = dt.date.today()
    app = console_app(request)
    data = today(app, hub_db(request), user, day)
    is_today = day == dt.date.today()
    return kept_page(
        request,
        user,
        "today.html",
        keep=(app, ("today", data.date, is_today, data.records, tuple(v.laptops for v in data.vans))),
        fresh={"now": dt.datetime.now().strftime("%H:%M:%S")},
        data=data,
        label=labeller(request),
        is_today=is_today,
        prev_day=(day - dt.timedelta(days=1)).isoformat(),
        next_day=(day + dt.timedelta(days=1)).isoformat(),
    )


@router.get("/today/changed")
def today_changed(request: Request, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]) -> Response:
    """The hub's sequence: the page's script reloads when it moved (nothing personal in it)."""
    return JSONResponse({"seq": hub.top_seq(hub_db(request))}, headers={"Cache-Control": "no-store"})
