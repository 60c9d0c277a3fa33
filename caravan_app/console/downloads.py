"""Downloads of the 活动 lists (visits, sign-ins, hand-outs) as CSV or XLSX, streamed.

Rows are read from the read model in chunks and written out as they come, so the first byte
leaves at once and memory stays flat for a million rows. CSV carries a UTF-8 BOM (Excel/WPS
open it as Chinese); XLSX is written straight into a zip stream (``downloads_xlsx``). The
filters travel as query parameters (nothing personal); a list with names is recorded in the
audit log, and phone numbers are a column only for roles that may see them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response, StreamingResponse

from ..reports.tables import _cell as csv_cell  # the laptop's CSV rule for formula-like text
from ..services.app import App
from ..storage import console_queries as cq
from . import audit
from .auth import EVERYONE, ConsoleUser, hub_db, require, scope_of
from .downloads_xlsx import stream_xlsx
from .today import console_app
from .visits_query import BadFilter, VisitFilters

router = APIRouter()

CHUNK = 64 * 1024


def content_disposition(filename: str) -> str:
    """An attachment name that survives every browser: an ASCII fallback and RFC 5987's UTF-8."""
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def stream_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    buf.write("\ufeff")
    w.writerow(headers)
    for row in rows:
        w.writerow([csv_cell(v) for v in row])
        if buf.tell() >= CHUNK:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Table:
    """A list ready to write: its sheet name, headers and rows (read lazily)."""

    name: str
    headers: tuple[str, ...]
    rows: Iterator[Sequence[Any]]
    personal: bool


def _visits(app: App, vq: cq.VisitQuery) -> Iterator[Sequence[Any]]:
    with app.db.read() as s:
        batch: list[cq.VisitRow] = []
        for r in cq.visit_rows(s, vq):
            batch.append(r)
            if len(batch) >= 500:
                yield from _visit_lines(s, batch)
                batch = []
        yield from _visit_lines(s, batch)


def _visit_lines(s: Any, rows: list[cq.VisitRow]) -> Iterator[Sequence[Any]]:
    figs = cq.figures(s, [r.id for r in rows])
    for r in rows:
        f = figs[r.id]
        yield (r.date, r.caravan_name, r.plate, r.county, r.town, r.site_name, r.status, r.activity_kind,
               r.theme, r.arrived_at, r.left_at, f.attendance, f.signins, r.id)  # fmt: skip


def _signins(app: App, vq: cq.VisitQuery, phones: bool) -> Iterator[Sequence[Any]]:
    with app.db.read() as s:
        for r in cq.signin_rows(s, vq, with_phone=phones):
            line: tuple[Any, ...] = (r.date, r.caravan_name, r.site_name, r.at, r.name, r.group, r.organisation,
                                     r.method)  # fmt: skip
            yield (*line, r.phone, r.visit_id) if phones else (*line, r.visit_id)


def _handouts(app: App, vq: cq.VisitQuery) -> Iterator[Sequence[Any]]:
    with app.db.read() as s:
        for r in cq.handout_rows(s, vq):
            yield (r.date, r.caravan_name, r.site_name, r.title, r.unit or "册", r.copies, r.visit_id)


def table(app: App, user: ConsoleUser, what: str, f: VisitFilters) -> Table:
    scope = scope_of(user)
    vq = f.resolved(app, scope)
    if what == "visits":
        heads: tuple[str, ...] = ("日期", "车辆", "车牌", "县市区", "乡镇街道", "地点", "状态", "活动类型", "主题", "到达", "离开",
                 "人数", "签到人数", "活动编号")  # fmt: skip
        return Table("活动", heads, _visits(app, vq), False)
    if what == "signins":
        heads = ("日期", "车辆", "地点", "签到时间", "姓名", "身份", "单位", "方式")
        heads += ("电话", "活动编号") if scope.phones else ("活动编号",)
        return Table("签到", heads, _signins(app, vq, scope.phones), True)
    if what == "handouts":
        heads = ("日期", "车辆", "地点", "读物/资料", "单位", "数量", "活动编号")
        return Table("发放", heads, _handouts(app, vq), False)
    raise HTTPException(status_code=404)


def _filename(t: Table, f: VisitFilters, ext: str) -> str:
    period = "_".join(x for x in (f.start, f.end) if x) or "全部"
    return f"{t.name}_{period}.{ext}"


@router.get("/downloads/{what}.{fmt}")
def download(
    request: Request, what: str, fmt: str, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]
) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise HTTPException(status_code=404)
    try:
        f = VisitFilters.parse(request.query_params)
    except BadFilter as exc:
        raise HTTPException(status_code=400, detail=exc.zh) from exc
    t = table(console_app(request), user, what, f)
    if t.personal:
        subject = "; ".join([what, *(f"{k}={v}" for k, v in f.params().items() if k != "page")])
        audit.record(hub_db(request), user, f"export_{fmt}", subject, request)
    if fmt == "csv":
        body, media = stream_csv(t.headers, t.rows), "text/csv; charset=utf-8"
    else:
        body = stream_xlsx(t.name, t.headers, t.rows)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return StreamingResponse(
        body,
        media_type=media,
        headers={"Content-Disposition": content_disposition(_filename(t, f, fmt)), "Cache-Control": "no-store"},
    )
