"""设备: enroll a laptop (a one-time code, its QR and the hub's certificate pin), enroll one again,
revoke one, and the list with what each laptop said at its last sync. The same hub functions as
``caravan-server device ...``; the code is shown once, in the answer to the POST (never in a URL).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..server.cli import code_with_pin, qr_text
from ..server.hub import HubError, NewDevice, add_device, known_vans, list_devices, reenroll_device, revoke_device
from .audit import record
from .auth import OFFICE_READ, ConsoleUser, Role, hub_db, require
from .render import page

router = APIRouter()
CHANGE = (Role.ADMIN, Role.OFFICE)


@dataclass(frozen=True)
class DeviceLine:
    id: int
    caravan: str
    role: str
    device_id: str | None
    name: str | None
    status: str
    last_seen: str | None
    app_version: str | None
    clock_offset_s: float | None
    clock_warning: bool
    pending: int | None


def _lines(rows: list[dict[str, object]]) -> list[DeviceLine]:
    out = []
    for r in rows:
        off = r.get("clock_offset_ms")
        off_s = round(int(str(off)) / 1000, 1) if off is not None else None
        out.append(
            DeviceLine(
                id=int(str(r["id"])),
                caravan=str(r["caravan"] or ""),
                role=str(r["role"]),
                device_id=r["device_id"] if isinstance(r["device_id"], str) else None,
                name=r["name"] if isinstance(r["name"], str) else None,
                status=str(r["status"]),
                last_seen=r["last_seen"] if isinstance(r["last_seen"], str) else None,
                app_version=r.get("app_version") if isinstance(r.get("app_version"), str) else None,  # type: ignore[arg-type]
                clock_offset_s=off_s,
                clock_warning=off_s is not None and abs(off_s) > 120,
                pending=int(str(r["pending"])) if r.get("pending") is not None else None,
            )
        )
    return out


def pin_of(request: Request) -> str | None:
    """The SHA-256 pin of the certificate this hub serves (None: plain HTTP)."""
    cert = getattr(request.app.state, "tls_cert", None)
    if not cert:
        return None
    from ..server.tls import fingerprint

    return fingerprint(Path(cert))


def qr_svg(text: str) -> str:
    """The QR code as inline SVG (no image file, no script)."""
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg: str = img.to_string(encoding="unicode")
    return svg


@router.get("/devices")
def devices_page(request: Request, user: Annotated[ConsoleUser, Depends(require(*OFFICE_READ))]) -> HTMLResponse:
    rows = _lines(list_devices(hub_db(request)))
    return page(
        request,
        user,
        "devices.html",
        devices=rows,
        server=str(request.base_url).rstrip("/"),
        tls=pin_of(request) is not None,
        now=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
    )


def _code_page(request: Request, user: ConsoleUser, nd: NewDevice, server: str, no_pin: bool) -> HTMLResponse:
    pin = None if no_pin else pin_of(request)
    full = code_with_pin(nd.code, pin)
    text = qr_text(server.strip() or None, full)
    warn_unknown = nd.role == "van" and not known_vans(hub_db(request), nd.caravan)
    return page(
        request,
        user,
        "device_code.html",
        nd=nd,
        pin=pin,
        full=full,
        qr=qr_svg(text),
        server=server,
        unknown=warn_unknown,
    )


def _fail(request: Request, user: ConsoleUser, exc: HubError) -> HTMLResponse:
    rows = _lines(list_devices(hub_db(request)))
    resp = page(
        request,
        user,
        "devices.html",
        devices=rows,
        server=str(request.base_url).rstrip("/"),
        tls=pin_of(request) is not None,
        error_zh=exc.zh,
        error_en=exc.en,
    )
    resp.status_code = 400 if exc.status < 400 else exc.status
    return resp


@router.post("/devices/add")
async def device_add(request: Request, user: Annotated[ConsoleUser, Depends(require(*CHANGE))]) -> Response:
    form = await request.form()
    office = form.get("office") == "1"
    caravan = str(form.get("caravan") or "").strip()[:100]
    if not office and not caravan:
        return _fail(
            request,
            user,
            HubError(
                400, "no_caravan", "车辆：请写这台电脑跟的车辆名称，或选「办公室的电脑」", "caravan: name the van"
            ),
        )
    hdb = hub_db(request)
    nd = await run_in_threadpool(add_device, hdb, "" if office else caravan, "office" if office else "van")
    record(hdb, user, "device_add", f"device {nd.id} ({nd.role} {nd.caravan})", request)
    return _code_page(request, user, nd, str(form.get("server") or ""), form.get("no_pin") == "1")


@router.post("/devices/{ident}/reenroll")
async def device_reenroll(
    request: Request, ident: int, user: Annotated[ConsoleUser, Depends(require(*CHANGE))]
) -> Response:
    form = await request.form()
    hdb = hub_db(request)
    try:
        nd = await run_in_threadpool(reenroll_device, hdb, str(ident))
    except HubError as exc:
        return _fail(request, user, exc)
    record(hdb, user, "device_reenroll", f"device {nd.id}", request)
    return _code_page(request, user, nd, str(form.get("server") or ""), form.get("no_pin") == "1")


@router.get("/devices/{ident}/revoke")
def device_revoke_confirm(
    request: Request, ident: int, user: Annotated[ConsoleUser, Depends(require(*CHANGE))]
) -> Response:
    rows = [d for d in _lines(list_devices(hub_db(request))) if d.id == ident]
    if not rows:
        from starlette.exceptions import HTTPException

        raise HTTPException(404)
    return page(request, user, "device_revoke.html", d=rows[0])


@router.post("/devices/{ident}/revoke")
async def device_revoke(
    request: Request, ident: int, user: Annotated[ConsoleUser, Depends(require(*CHANGE))]
) -> Response:
    form = await request.form()
    if form.get("confirm") != "yes":
        return RedirectResponse(f"/devices/{ident}/revoke", status_code=303)
    hdb = hub_db(request)
    try:
        r = await run_in_threadpool(revoke_device, hdb, str(ident))
    except HubError as exc:
        return _fail(request, user, exc)
    record(hdb, user, "device_revoke", f"device {r['id']}", request)
    return RedirectResponse("/devices", status_code=303)
