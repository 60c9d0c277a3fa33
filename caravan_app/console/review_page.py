"""审核: the office reviews completed visits — the queue with filters, a visit's review with its
history, approve, return with a reason, withdraw an approval with a reason, approve a whole day
or van, and the queue as XLSX. Decisions are hub-authored synced facts (``server/reviews.py``):
every laptop shows them after its next sync. The queue reads the console's read model (an office
laptop's database, ``review_query``): the state each laptop shows, by the same rule, at province
scale through indexed reads instead of the hub's JSON records.

Everyone may look at the queue within their scope (a county liaison their county, a captain
their van; a visit outside it is "no such page"); only the office and the administrator decide.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse

from ..domain.review import LABELS, ReviewStatus, counts_line
from ..reports.tables import Sheet, write_xlsx
from ..server import reviews
from ..server.hub import HubError
from . import audit, review_query, warm
from .auth import EVERYONE, ConsoleUser, Role, can_change, hub_db, require, scope_of, session_of
from .render import kept_page, lang_of, page
from .review_query import QUEUE_STATUSES as _STATUSES
from .review_query import QueueRow, queue
from .today import console_app
from .visits_query import choices

router = APIRouter()
DECIDE = (Role.ADMIN, Role.OFFICE)
PER_PAGE = review_query.QUEUE_PAGE
_DONE = {
    "approved": "Approved.",
    "returned": "Returned to the crew with the reason; their laptop shows it after its next sync.",
    "withdrawn": "Approval withdrawn; the visit awaits review again.",
}


def _rows(request: Request, user: ConsoleUser, status: str | None, **filters: str | None) -> list[QueueRow]:
    return queue(console_app(request), user, status, **filters)


_COUNTS: dict[tuple[str, tuple[str | None, int]], str] = {}  # (hub, its state) -> the setting


def _approved_only(request: Request) -> bool:
    """Whether official reports count approved visits only: the hub's setting, read once per
    state of the hub (the setting is a record: changing it moves the sequence the session
    lookup already read), not once per page."""
    hdb = hub_db(request)
    info = session_of(request)
    known = info.hub_state if info is not None else None
    if known is None:
        return reviews.reports_count(hdb) == "approved"
    key = (hdb.url, known)
    got = _COUNTS.get(key)
    if got is None:
        got = reviews.reports_count(hdb)
        _COUNTS.clear()  # the newest state alone
        _COUNTS[key] = got
    return got == "approved"


def _row_or_404(request: Request, user: ConsoleUser, visit_id: str, wait: bool = False) -> QueueRow:
    """The visit from the read model; ``wait``: caught up with everything the hub has first (the
    page after a decision shows it, even while another worker is applying)."""
    r = review_query.one(console_app(request, wait=wait), user, visit_id)
    if r is None or not scope_of(user).allows(county=r.county, caravan=r.caravan):
        raise HTTPException(404)  # outside the user's scope: the same answer as no such visit
    return r


def _clean(v: str | None) -> str | None:
    v = (v or "").strip()
    return v or None


def _day(v: str | None) -> str | None:
    v = _clean(v)
    if v is None:
        return None
    try:
        return dt.date.fromisoformat(v).isoformat()
    except ValueError:
        return None


@router.get("/review")
def queue_page(
    request: Request,
    user: Annotated[ConsoleUser, Depends(require(*EVERYONE))],
    status: str = "pending",
    date: str | None = None,
    caravan: str | None = None,
    county: str | None = None,
    done: str | None = None,
    page_no: Annotated[str, Query(alias="page")] = "1",
) -> Response:
    status = status if status in _STATUSES else "pending"
    filters = {"date": _day(date), "caravan": _clean(caravan), "county": _clean(county)}
    app = console_app(request)
    at = max(1, min(int(page_no) if page_no.isdigit() else 1, 1_000_000))
    rows, total = review_query.queue_page(app, user, status, (at - 1) * PER_PAGE, PER_PAGE, **filters)
    warm.note(user)
    pages = max(1, -(-total // PER_PAGE))
    opts = choices(app, user)
    approved_only = _approved_only(request)
    done = done if done in ("bulk",) else None
    bulk_n = request.query_params.get("n", "")
    return kept_page(
        request,
        user,
        "review.html",
        keep=(app, ("review", status, tuple(filters.items()), at, approved_only, done, bulk_n, total), "review"),
        rows=rows,
        total=total,
        at=at,
        pages=pages,
        chosen=status,
        statuses=[(s, LABELS[ReviewStatus(s)] if s != "all" else ("全部", "all")) for s in _STATUSES],
        filters=filters,
        vans=sorted({name for _id, name in opts.vans if name}),
        counties=list(opts.counties),
        decide=user.role in DECIDE and can_change(user),
        counts=counts_line(approved_only),
        approved_only=approved_only,
        done=done,
        bulk_n=bulk_n,
        label=(lambda r: r.state.label) if lang_of(request) == "zh" else (lambda r: r.state.label_en),
    )


@router.get("/review/export.xlsx")
def queue_xlsx(
    request: Request,
    user: Annotated[ConsoleUser, Depends(require(*EVERYONE))],
    status: str = "all",
    date: str | None = None,
    caravan: str | None = None,
    county: str | None = None,
) -> Response:
    status = status if status in _STATUSES else "all"
    rows = _rows(request, user, status, date=_day(date), caravan=_clean(caravan), county=_clean(county))
    approved_only = _approved_only(request)
    sheet = Sheet(
        "审核",
        ["日期", "大篷车", "学校/站点", "县市区", "乡镇(街道)", "审核状态", "审核人", "审核时间", "活动编号"],
        [
            [r.date, r.caravan, r.site, r.county, r.town, r.state.label, r.state.by, r.state.at, r.visit_id]
            for r in rows
        ],
        total=False,
        preamble=[("说明", counts_line(approved_only))],
    )
    tmp = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    write_xlsx(tmp, [sheet], title="活动审核")
    audit.record(hub_db(request), user, "export_xlsx", f"review status={status} rows={len(rows)}", request)
    name = quote(f"活动审核-{dt.date.today().isoformat()}.xlsx")
    return FileResponse(
        tmp,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename=\"review.xlsx\"; filename*=UTF-8''{name}"},
        background=BackgroundTask(tmp.unlink, missing_ok=True),
    )


@router.get("/review/{visit_id}")
def visit_page(
    request: Request,
    visit_id: str,
    user: Annotated[ConsoleUser, Depends(require(*EVERYONE))],
    done: str | None = None,
) -> Response:
    return _visit(request, user, visit_id, done=done)


def _visit(
    request: Request, user: ConsoleUser, visit_id: str, done: str | None = None, error: str | None = None
) -> Response:
    r = _row_or_404(request, user, visit_id, wait=bool(done or error))
    resp = page(
        request,
        user,
        "review_visit.html",
        r=r,
        history=review_query.decisions(console_app(request), visit_id),
        decide=user.role in DECIDE and can_change(user),
        done=_DONE.get(done or ""),
        error=error,
        label=r.state.label if lang_of(request) == "zh" else r.state.label_en,
        st=r.state,
        S=ReviewStatus,
    )
    if error:
        resp.status_code = 409
    return resp


async def _decide(request: Request, user: ConsoleUser, visit_id: str, what: str) -> Response:
    form = await request.form()
    _row_or_404(request, user, visit_id)
    reason = form.get("reason")
    reason_text = reason if isinstance(reason, str) else None
    hdb = hub_db(request)
    try:
        if what == "approve":
            d = await run_in_threadpool(reviews.approve, hdb, visit_id, user.name)
        elif what == "return":
            d = await run_in_threadpool(reviews.return_visit, hdb, visit_id, reason_text, user.name)
        else:
            d = await run_in_threadpool(reviews.withdraw, hdb, visit_id, reason_text, user.name)
    except HubError as exc:
        return _visit(request, user, visit_id, error=exc.zh if lang_of(request) == "zh" else exc.en)
    warm.poke(request.app)
    return RedirectResponse(f"/review/{visit_id}?done={d.decision}", status_code=303)


@router.post("/review/{visit_id}/approve")
async def approve(request: Request, visit_id: str, user: Annotated[ConsoleUser, Depends(require(*DECIDE))]) -> Response:
    return await _decide(request, user, visit_id, "approve")


@router.post("/review/{visit_id}/return")
async def return_visit(
    request: Request, visit_id: str, user: Annotated[ConsoleUser, Depends(require(*DECIDE))]
) -> Response:
    return await _decide(request, user, visit_id, "return")


@router.post("/review/{visit_id}/withdraw")
async def withdraw(
    request: Request, visit_id: str, user: Annotated[ConsoleUser, Depends(require(*DECIDE))]
) -> Response:
    return await _decide(request, user, visit_id, "withdraw")


@router.post("/review/bulk")
async def bulk(request: Request, user: Annotated[ConsoleUser, Depends(require(*DECIDE))]) -> Response:
    """Approve every visit of a day and/or a van awaiting review (within the user's scope)."""
    form = await request.form()
    date = _day(form.get("date") if isinstance(form.get("date"), str) else None)  # type: ignore[arg-type]
    van = form.get("caravan")
    caravan = _clean(van) if isinstance(van, str) else None
    if not date and not caravan:
        return RedirectResponse("/review?status=pending", status_code=303)
    app = await run_in_threadpool(console_app, request, True)
    chosen = await run_in_threadpool(review_query.bulk_choice, app, user, date, caravan)
    done = await run_in_threadpool(reviews.approve_many, hub_db(request), user.name, chosen)
    warm.poke(request.app)
    return RedirectResponse(f"/review?status=pending&done=bulk&n={len(done)}", status_code=303)


@router.post("/review/setting")
async def setting(request: Request, user: Annotated[ConsoleUser, Depends(require(*DECIDE))]) -> Response:
    """Whether official reports count approved visits only: a synced office setting, so the
    laptops' papers and the console's say the same."""
    form = await request.form()
    value = "approved" if form.get("reports_count") == "approved" else "completed"
    await run_in_threadpool(reviews.set_reports_count, hub_db(request), value, user.name)
    audit.record(hub_db(request), user, "settings", f"reports_count={value}", request)
    return RedirectResponse("/review", status_code=303)
