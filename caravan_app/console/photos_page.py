"""照片 on the console: a visit's photos (thumbnails, captions, 精选 and 公开 marks), each display
copy, and streamed ZIP downloads — the visit's photos and a year's highlights pack — that never
hold the whole set in memory (``services.photo_zip``).

Photos of pupils are personal information. Who sees what: the visit must be in the user's
scope (else 404, like every visit page); the office, the administrator, the auditor and the
van's captain see all of a visit's photos; a county liaison sees only photos marked 公开. Every
page, photo and download that shows photos is recorded in the audit log (like sign-in names).
The files are the hub's own (``--photos-dir``): display copies, kept as the laptops sent them
(their hash). A laptop made them without EXIF, but the hub trusts the bytes by their hash only,
so every photo that leaves here — the single photo, the ZIPs — goes out without EXIF, XMP or IPTC
(no GPS), like every other published copy (``photo_images.without_metadata``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from ..casfiles import ContentStore
from ..services.app import App
from ..services.photo_images import thumbnail_of, without_metadata
from ..services.photo_zip import ZipEntry, zip_stream
from ..services.photos import PhotoRecord, plan_highlights
from ..storage.console_queries import VisitRow
from . import audit
from .auth import EVERYONE, ConsoleUser, Role, hub_db, require, scope_of
from .downloads import content_disposition
from .labels import labeller
from .render import page
from .today import console_app
from .visits_query import find

router = APIRouter()

ALL_PHOTOS = (Role.ADMIN, Role.OFFICE, Role.AUDITOR, Role.CAPTAIN)  # a county liaison: public ones


def may_see_all(user: ConsoleUser) -> bool:
    return user.role in ALL_PHOTOS


def _store(request: Request) -> ContentStore:
    return request.app.state.photos.store  # type: ignore[no-any-return]


def _visit(request: Request, user: ConsoleUser, visit_id: str) -> tuple[App, VisitRow]:
    app = console_app(request)
    row = find(app, user, visit_id)
    if row is None:
        raise HTTPException(status_code=404)
    return app, row


def visible_photos(app: App, user: ConsoleUser, visit_id: str, public_only: bool = False) -> list[PhotoRecord]:
    """The visit's photos this user may see (in the visit's order)."""
    every = app.photos.of_visit(visit_id)
    if public_only or not may_see_all(user):
        return [p for p in every if p.public]
    return every


def _photo(request: Request, user: ConsoleUser, visit_id: str, photo_id: str) -> tuple[VisitRow, PhotoRecord, Path]:
    app, row = _visit(request, user, visit_id)
    p = next((x for x in visible_photos(app, user, row.id) if x.id == photo_id), None)
    store = _store(request)
    if p is None or not store.has(p.display_hash):
        raise HTTPException(status_code=404)
    return row, p, store.path(p.display_hash)


@router.get("/visits/{visit_id}/photos")
def photos_page(request: Request, visit_id: str, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]) -> Response:
    app, row = _visit(request, user, visit_id)
    store = _store(request)
    photos = visible_photos(app, user, row.id)
    held = {p.id for p in photos if store.has(p.display_hash)}
    if held:
        audit.record(hub_db(request), user, "view_photos", f"visit {row.id}", request)
    return page(
        request,
        user,
        "visit_photos.html",
        row=row,
        photos=photos,
        held=held,
        all_photos=may_see_all(user),
        hidden=len(app.photos.of_visit(row.id)) - len(photos),
        label=labeller(request),
    )


@router.get("/visits/{visit_id}/photos/{photo_id}/thumb.jpg")
def photo_thumb(
    request: Request, visit_id: str, photo_id: str, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]
) -> Response:
    """A thumbnail, made once from the hub's display copy (kept in ``<photos>/thumbs``)."""
    _row, p, src = _photo(request, user, visit_id, photo_id)
    t = _store(request).root / "thumbs" / f"{p.display_hash}.jpg"
    if not t.is_file():
        t.parent.mkdir(parents=True, exist_ok=True)
        tmp = t.with_name(f"{t.name}.{dt.datetime.now().timestamp():.6f}.tmp")
        tmp.write_bytes(thumbnail_of(src.read_bytes()))
        tmp.replace(t)
    return Response(t.read_bytes(), media_type="image/jpeg", headers={"Cache-Control": "private, no-store"})


@router.get("/visits/{visit_id}/photos/{photo_id}/photo.jpg")
def photo_file(
    request: Request, visit_id: str, photo_id: str, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]
) -> Response:
    """The display copy as it may be shown: without its metadata (no GPS), the picture as held."""
    row, p, src = _photo(request, user, visit_id, photo_id)
    audit.record(hub_db(request), user, "view_photos", f"visit {row.id} photo {p.id}", request)
    data = without_metadata(src.read_bytes())
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": "private, no-store"})


def visit_zip_entries(row: VisitRow, photos: list[PhotoRecord], store: ContentStore) -> list[ZipEntry]:
    """``NN_caption.jpg`` per photo the hub holds, and 照片说明.txt listing every photo (with the
    ones the hub has not received yet)."""
    from ..services.photos import _safe

    entries: list[ZipEntry] = []
    lines = [f"{row.date} {row.site_name}", ""]
    for i, p in enumerate(photos, start=1):
        name = f"{i:02d}_{_safe(p.caption) if p.caption else p.file_hash[:8]}.jpg"
        marks = ("精选 " if p.chosen else "") + ("公开" if p.public else "不公开")
        when = (p.taken_at or p.at).replace("T", " ")[:16]
        if store.has(p.display_hash):
            entries.append(ZipEntry(name, store.path(p.display_hash)))
            lines.append(f"{name}\t{when}\t{marks}\t{p.caption}")
        else:
            lines.append(f"（服务器尚未收到）\t{when}\t{marks}\t{p.caption}")
    entries.append(ZipEntry("照片说明.txt", ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")))
    return entries


def _zip_response(entries: list[ZipEntry], name: str) -> StreamingResponse:
    return StreamingResponse(
        zip_stream(entries),  # a sync generator: Starlette runs each step in its thread pool
        media_type="application/zip",
        headers={"Content-Disposition": content_disposition(name), "Cache-Control": "no-store"},
    )


@router.get("/visits/{visit_id}/photos.zip")
async def photos_zip(
    request: Request, visit_id: str, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]
) -> Response:
    """The visit's photos the user may see (``?public=1``: only those marked 公开)."""
    public = request.query_params.get("public") == "1"
    app, row = await run_in_threadpool(_visit, request, user, visit_id)
    photos = await run_in_threadpool(visible_photos, app, user, row.id, public)
    entries = visit_zip_entries(row, photos, _store(request))
    await run_in_threadpool(audit.record, hub_db(request), user, "export_zip", f"photos of visit {row.id}", request)
    kind = "公开照片" if public else "照片"
    return _zip_response(entries, f"{kind}_{row.date}_{row.site_name or row.id}.zip")


def highlights_entries(app: App, user: ConsoleUser, year: int, store: ContentStore) -> list[ZipEntry]:
    """The year's highlights pack (as ``caravan report highlights`` writes it) over the visits in
    the user's scope, with the hub's display copies."""
    period = app.reports.period_data(f"{year}-01-01", f"{year}-12-31", None)
    sc = scope_of(user)
    everything = sc.caravan is None and sc.county is None
    visits = [v for v in period.visits if everything or find(app, user, v.visit_id) is not None]

    def locate(p: PhotoRecord) -> Path | None:
        return store.path(p.display_hash) if store.has(p.display_hash) else None

    plans, index = plan_highlights(app.photos, visits, locate)
    entries: list[ZipEntry] = []
    for plan in plans:
        entries += [ZipEntry(f"{plan.folder}/{name}", src) for name, src in plan.files]
        entries.append(ZipEntry(f"{plan.folder}/简介.txt", ("\ufeff" + plan.text).encode("utf-8")))
    entries.append(ZipEntry("活动汇总.txt", ("\ufeff" + index).encode("utf-8")))
    return entries


@router.get("/photos/highlights.zip")
async def highlights_zip(request: Request, user: Annotated[ConsoleUser, Depends(require(*EVERYONE))]) -> Response:
    """活动剪影 for 全国科普日 and work reports: ≤ 5 精选 public photos per activity of the year."""
    raw = request.query_params.get("year") or str(dt.date.today().year)
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise HTTPException(status_code=404)
    app = await run_in_threadpool(console_app, request)
    entries = await run_in_threadpool(highlights_entries, app, user, int(raw), _store(request))
    await run_in_threadpool(audit.record, hub_db(request), user, "export_zip", f"highlights {raw}", request)
    return _zip_response(entries, f"活动剪影_{raw}.zip")
