"""What the 统计 and 志愿者 routes share: the office read model of this hub, rendering, audit,
downloads and hub-authored records (thin: no figure is made here)."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from ..reports import model as rm
from ..services.app import App
from . import audit as audit_log
from .auth import ConsoleUser, Forbidden, Role, hub_db
from .downloads import content_disposition, stream_csv
from .downloads_xlsx import stream_xlsx
from .render import page as render_page
from .stats_data import ListTable, Scope
from .today import console_app
from .volunteers_data import Author

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def office(request: Request) -> App:
    """The laptop services over this hub's read model, caught up before the read."""
    return console_app(request)


def page(request: Request, user: ConsoleUser, template: str, **ctx: Any) -> HTMLResponse:
    return render_page(request, user, template, **ctx)


def forbidden() -> Forbidden:
    return Forbidden("role")


def not_found() -> HTTPException:
    return HTTPException(404)


def can_issue(user: ConsoleUser) -> bool:
    """Issuing a certificate is the office's act (it writes a synced record)."""
    return user.role in (Role.ADMIN, Role.OFFICE)


def audit(request: Request, user: ConsoleUser, action: str, subject: str) -> None:
    audit_log.record(hub_db(request), user, action, subject, request)


def counting(r: rm.PeriodReport) -> str:
    """The report's own statement of which visits it counts (all completed, or approved only),
    once the report code makes one; the page never says it for the report."""
    return str(getattr(r, "counts", "") or getattr(r, "counting", "") or "")


def scope_label(app: App, sc: Scope) -> str:
    van = next((c.name for c in app.catalog.caravans() if c.id == sc.caravan_id), "") if sc.caravan_id else ""
    return " · ".join(x for x in (van, sc.county or "") if x)


def download(body: bytes, kind: str, name: str) -> Response:
    return Response(body, media_type=kind, headers={"Content-Disposition": content_disposition(name),
                                                    "Cache-Control": "no-store"})  # fmt: skip


def table_download(t: ListTable, ext: str, stem: str) -> Response:
    """A list as CSV or XLSX, streamed by the console's own writers (``downloads``)."""
    if ext == "csv":
        body, media = stream_csv(t.headers, t.rows), "text/csv; charset=utf-8"
    elif ext == "xlsx":
        body, media = stream_xlsx(t.name, t.headers, t.rows), XLSX
    else:
        raise not_found()
    return StreamingResponse(body, media_type=media, headers={
        "Content-Disposition": content_disposition(f"{stem}.{ext}"), "Cache-Control": "no-store"})  # fmt: skip


def author(request: Request, user: ConsoleUser) -> Author:
    """Records the console writes become the hub's own synced records (server/authoring.py)."""
    from ..server.authoring import author as hub_author

    hdb = hub_db(request)

    def write(entity: str, record_id: str, data: dict[str, object]) -> object:
        return hub_author(hdb, entity, record_id, data, by=user.name)  # type: ignore[arg-type]

    return write


def bad_request(request: Request, user: ConsoleUser, e: Exception) -> HTMLResponse:
    """A download asked with a wrong date or county (400), or of nothing there yet (404): the
    error page saying which field and what to do."""
    from ..domain.errors import NotFound
    from .render import error_page

    status = 404 if isinstance(e, NotFound) else 400
    return error_page(
        request, status, "The request was refused", message(request, e) or "Check the dates and the county."
    )


def message(request: Request, e: Exception) -> str:
    """A refusal in the page's language (the domain's own zh/en words)."""
    from .render import lang_of

    zh, en = getattr(e, "zh", ""), getattr(e, "en", "")
    return (zh if lang_of(request) == "zh" else en) or str(e)
