"""审计: who viewed or exported personal data, and who changed users or devices (admin, auditor)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from .audit import action_label, entries
from .auth import AUDIT_READ, ConsoleUser, hub_db, require
from .render import page

router = APIRouter()
PAGE = 100


@router.get("/audit")
def audit_page(request: Request, user: Annotated[ConsoleUser, Depends(require(*AUDIT_READ))]) -> HTMLResponse:
    try:
        p = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        p = 1
    who = request.query_params.get("user", "").strip()[:64] or None
    lines, total = entries(hub_db(request), who, (p - 1) * PAGE, PAGE)
    pages = max(1, -(-total // PAGE))
    return page(
        request,
        user,
        "audit.html",
        action_label=action_label,
        lines=lines,
        total=total,
        page_no=p,
        pages=pages,
        who=who or "",
    )
