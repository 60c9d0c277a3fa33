"""The hub's HTTP face: FastAPI routes over ``hub.py``. Bodies are read with a size limit and
may be gzip-compressed; malformed input is 422, oversized 413, an outdated app 426 — never 500.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import json
import logging
import os
import zlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from ..sync.protocol import (
    MAX_BODY_BYTES,
    MAX_RAW_BYTES,
    PROTOCOL_VERSION,
    SCHEMA,
    EnrollRequest,
    EnrollResponse,
    ErrorResponse,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
    parse_push,
)
from . import hub
from .db import HubDB, database_url, default_data_dir
from .hub import HubError
from .photos import MAX_PIECE, HubPhotos
from .ratelimit import AUTH_CODES, FailLimiter, client_address, credential_key, parse_networks


def _error(status: int, code: str, zh: str, en: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "zh": zh, "en": en}}, status_code=status)


async def _read_json(request: Request) -> Any:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HubError(413, "too_large", "数据太大", "request body too large")
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise HubError(413, "too_large", "数据太大", "request body too large")
    except ClientDisconnect as exc:  # the laptop's link dropped mid-request: nothing to do
        raise HubError(400, "disconnected", "连接中断", "the connection dropped mid-request") from exc
    raw = bytes(body)
    if request.headers.get("content-encoding", "").lower() == "gzip":
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            raw = d.decompress(raw, MAX_RAW_BYTES + 1)
        except zlib.error as exc:
            raise HubError(422, "bad_gzip", "数据压缩格式错误", "body is not valid gzip") from exc
        if len(raw) > MAX_RAW_BYTES or d.unconsumed_tail:
            raise HubError(413, "too_large", "解压后的数据太大", "decompressed body too large")
        if not d.eof:
            raise HubError(422, "bad_gzip", "数据不完整", "gzip body is truncated")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:  # bad UTF-8/JSON, too many digits, too deep
        raise HubError(422, "bad_json", "数据格式错误（不是 JSON）", "body is not valid JSON") from exc


def _check_versions(doc: Any) -> None:
    """Versions first, so an outdated app gets a readable answer whatever its message shape."""
    if not isinstance(doc, dict):
        raise HubError(422, "bad_body", "数据格式错误", "body must be a JSON object")
    proto, schema = doc.get("protocol"), doc.get("schema")
    if not isinstance(proto, int) or not isinstance(schema, int):
        raise HubError(422, "no_version", "请求缺少协议版本", "protocol and schema versions are required")
    if proto < PROTOCOL_VERSION or schema < SCHEMA:
        raise HubError(
            426,
            "update_app",
            "这台电脑上的软件版本太旧，请先更新软件再同步",
            "this app is too old for the hub; update the app, then sync",
        )
    if proto > PROTOCOL_VERSION or schema > SCHEMA:
        raise HubError(
            409,
            "update_hub",
            "服务器的软件版本比这台电脑旧，请联系管理员更新服务器",
            "the hub is older than this app; ask the operator to update the hub",
        )


async def _parse(request: Request, model: type[BaseModel]) -> Any:
    doc = await _read_json(request)
    _check_versions(doc)
    try:
        return parse_push(doc) if model is PushRequest else model.model_validate(doc)
    except ValidationError as exc:
        errs = exc.errors()
        first: dict[str, Any] = dict(errs[0]) if errs else {}
        where = ".".join(str(x) for x in first.get("loc", ()))[:200]
        where = where.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
        raise HubError(
            422, "invalid", f"请求内容不合规：{where}", f"invalid request at {where}: {first.get('msg', '')}"
        ) from exc


async def _json(request: Request, body: bytes) -> Response:
    """An answer already in its JSON form (``hub.push_json``, ``hub.pull_json``: a pull page is
    spliced from the stored records' own text, not validated and encoded again), gzip level 6
    off the event loop: the middleware's level 9 cost ~3x the time for 1 % fewer bytes."""
    headers = {"Vary": "Accept-Encoding"}
    if len(body) >= GZIP_MIN and "gzip" in request.headers.get("accept-encoding", "").lower():
        body = await run_in_threadpool(gzip.compress, body, 6)
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type="application/json", headers=headers)


GZIP_MIN = 1000


def _token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def create_app(
    url: str,
    dev_docs: bool | None = None,
    forwarded_allow_ips: str | None = None,
    hdb: HubDB | None = None,
    photos_dir: str | os.PathLike[str] | None = None,
) -> FastAPI:
    """The hub. ``dev_docs`` serves /docs, /redoc and /openapi.json (development only; default
    ``CARAVAN_HUB_DEV_DOCS``). ``forwarded_allow_ips``: the proxies whose ``X-Forwarded-For``
    names the client (default ``CARAVAN_HUB_FORWARDED_ALLOW_IPS``, else none). ``hdb``: an open
    database over ``url`` to use instead of a new one. ``photos_dir``: where photo files are kept
    (default ``CARAVAN_HUB_PHOTOS_DIR``, else ``photos/`` beside a SQLite database or in the hub's
    data folder)."""
    hdb = hdb or HubDB(url)
    docs = _env_flag("CARAVAN_HUB_DEV_DOCS") if dev_docs is None else dev_docs
    trusted, anyone = parse_networks(
        os.environ.get("CARAVAN_HUB_FORWARDED_ALLOW_IPS") if forwarded_allow_ips is None else forwarded_allow_ips
    )
    app = FastAPI(
        title="Caravan Field Log hub",
        version=str(PROTOCOL_VERSION),
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    # The middleware compresses on the event loop, so every other request waits meanwhile: at its
    # default level 9 a console page cost 12% of a busy hub's CPU; level 1 is ~5x faster.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN, compresslevel=1)

    limiter = FailLimiter()

    def _address(request: Request) -> str | None:
        peer = request.client.host if request.client else None
        return client_address(peer, request.headers.get("x-forwarded-for"), trusted, anyone)

    @app.exception_handler(HubError)
    async def _hub_error(_request: Request, exc: HubError) -> JSONResponse:
        resp = _error(exc.status, exc.code, exc.zh, exc.en)
        resp.headers.update(exc.headers)
        return resp

    def _too_many(wait: int) -> HubError:
        return HubError(
            429,
            "too_many_failures",
            f"认证失败次数太多，请 {wait} 秒后再试",
            f"too many failed attempts; try again in {wait} s",
            {"Retry-After": str(wait)},
        )

    def _live(token: str) -> bool:
        return hub.token_is_valid(hdb, token)

    async def _gate(request: Request, credential: str | None, token: str | None = None) -> None:
        """429 before any work for a credential that failed too often, or for a busy address —
        unless the request presents a live device's token (others' failures never lock it out)."""
        wait = limiter.credential_wait(credential)
        if wait:
            raise _too_many(wait)
        wait = limiter.address_wait(_address(request))
        if wait:
            live: bool = bool(token) and await run_in_threadpool(_live, token or "")
            if not live:
                raise _too_many(wait)

    async def _guarded(request: Request, credential: str | None, fn: Any, *args: Any) -> Any:
        try:
            return await run_in_threadpool(fn, *args)
        except HubError as exc:
            if exc.code in AUTH_CODES:
                # A revoked laptop retrying on its own must keep hearing "revoked", not 429.
                limiter.failed(_address(request), None if exc.code == "revoked" else credential)
            raise

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"ok": True, "protocol": PROTOCOL_VERSION, "schema": SCHEMA, "server_time_ms": hub.now_ms()}

    @app.post(
        "/enroll",
        response_model=EnrollResponse,
        response_model_exclude_none=True,
        openapi_extra=_body(EnrollRequest),
        responses=SYNC_ERRORS,
    )
    async def enroll(request: Request) -> EnrollResponse:
        await _gate(request, None)
        req = await _parse(request, EnrollRequest)
        code = credential_key("code", hub.normalise_code(req.code))
        await _gate(request, code)
        return await _guarded(request, code, hub.enroll, hdb, req)

    @app.post(
        "/sync/push",
        response_model=PushResponse,
        response_model_exclude_none=True,
        openapi_extra=_body(PushRequest),
        responses=SYNC_ERRORS,
    )
    async def push(request: Request) -> Response:
        token = _token(request)
        cred = credential_key("token", token)
        await _gate(request, cred, token)
        req = await _parse(request, PushRequest)
        res = await _json(request, await _guarded(request, cred, hub.push_json, hdb, token, req))
        gone = [str(m.data.get("photo_id")) for m in req.mutations if m.entity == "photo_removal"]
        if gone:  # removed photos (a purge, a parent's "no"): their files leave the hub's disk too
            await run_in_threadpool(photos.drop_removed, gone)
        return res

    @app.post(
        "/sync/pull",
        response_model=PullResponse,
        response_model_exclude_none=True,
        openapi_extra=_body(PullRequest),
        responses=SYNC_ERRORS,
    )
    async def pull(request: Request) -> Response:
        token = _token(request)
        cred = credential_key("token", token)
        await _gate(request, cred, token)
        req = await _parse(request, PullRequest)
        body = await _guarded(request, cred, hub.pull_json, hdb, token, req.device_id, req.cursor, req.limit, req.own)
        return await _json(request, body)

    def _openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            doc = get_openapi(title=app.title, version=app.version, routes=app.routes)
            comps = doc.setdefault("components", {})
            comps.setdefault("schemas", {}).update(_BODY_DEFS)
            comps["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
            for path in ("/sync/push", "/sync/pull"):
                doc["paths"][path]["post"]["security"] = [{"bearer": []}]
            app.openapi_schema = doc
        return app.openapi_schema

    photos = HubPhotos(hdb, Path(photos_dir or os.environ.get("CARAVAN_HUB_PHOTOS_DIR") or default_photos_dir(url)))
    try:
        photos.drop_removed()  # files of photos removed while an older hub kept them
    except SQLAlchemyError as exc:  # a database not migrated yet: the next removal sweeps
        logging.getLogger("caravan.server").warning("photo files not swept at start: %s", exc)

    def _int(request: Request, name: str) -> int:
        v = request.query_params.get(name, "")
        if not v.isdigit() or len(v) > 12:
            raise HubError(422, "bad_query", f"参数 {name} 无效", f"query parameter {name} must be a whole number")
        return int(v)

    @app.put("/photos/{photo_id}/{kind}", responses=SYNC_ERRORS)
    async def photo_upload(request: Request, photo_id: str, kind: str) -> dict[str, Any]:
        """One piece of a photo file (raw bytes, at most 1 MiB) at ``?offset=N&total=T``."""
        token = _token(request)
        cred = credential_key("token", token)
        await _gate(request, cred, token)
        device = request.headers.get("x-device-id", "")
        offset, total = _int(request, "offset"), _int(request, "total")
        body = bytearray()
        try:
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_PIECE:
                    raise HubError(413, "too_large", "数据太大", "piece larger than 1 MiB")
        except ClientDisconnect as exc:
            raise HubError(400, "disconnected", "连接中断", "the connection dropped mid-request") from exc
        return await _guarded(request, cred, photos.upload, token, device, photo_id, kind, offset, total, bytes(body))

    @app.get("/photos/{photo_id}/{kind}", responses=SYNC_ERRORS)
    async def photo_download(request: Request, photo_id: str, kind: str) -> Response:
        """Up to 1 MiB of a photo file from ``?offset=N`` (``X-Total-Size``, ``X-File-Hash``);
        ``?status=1`` answers how much of it the hub holds instead."""
        token = _token(request)
        cred = credential_key("token", token)
        await _gate(request, cred, token)
        device = request.headers.get("x-device-id", "")
        if request.query_params.get("status"):
            st = await _guarded(request, cred, photos.status, token, device, photo_id, kind)
            return JSONResponse(st)
        data, size, h = await _guarded(
            request, cred, photos.download, token, device, photo_id, kind, _int(request, "offset")
        )
        return Response(
            data, media_type="application/octet-stream", headers={"X-Total-Size": str(size), "X-File-Hash": h}
        )

    app.openapi = _openapi  # type: ignore[method-assign]
    app.state.hdb = hdb
    app.state.photos = photos
    _freeze_heap_at_start(app)
    return app


def _freeze_heap_at_start(app: FastAPI) -> None:
    """When the server starts (ASGI lifespan): what the imports and start-up made (some 10^5
    objects, alive for the process's life) is taken out of the cyclic garbage collector's walk
    (``gc.freeze``). A push allocates enough per batch to trigger collections, and each one
    walked them all: about a third of the hub's CPU per mutation, measured in-process."""
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(a: Any) -> AsyncIterator[Any]:
        async with inner(a) as state:
            gc.collect()
            gc.freeze()
            yield state

    app.router.lifespan_context = lifespan


def default_photos_dir(url: str) -> Path:
    """``photos/`` beside a SQLite hub database, else in the hub's data folder."""
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        return Path(url.removeprefix("sqlite:///")).parent / "photos"
    return default_data_dir(None) / "photos"


REF = "#/components/schemas/{model}"
_BODY_DEFS: dict[str, Any] = {}  # nested models of request bodies, moved into components.schemas


def _body(model: type[BaseModel]) -> dict[str, Any]:
    """Document the JSON body in OpenAPI although routes read it themselves (for the size limit).
    Nested models are referenced under ``components/schemas`` (see ``_openapi``)."""
    schema = model.model_json_schema(by_alias=True, ref_template=REF)
    _BODY_DEFS.update(schema.pop("$defs", {}))
    _BODY_DEFS[model.__name__ + "Body"] = schema
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": REF.format(model=model.__name__ + "Body")}}},
        }
    }


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        400: "the connection dropped mid-request",
        401: "no token, an unknown token, or a revoked laptop",
        403: "a device syncing as another, or a wrong/used/expired enrollment code",
        409: "the hub is older than the app (update the hub)",
        413: "request body too large (compressed or unpacked)",
        422: "malformed JSON, gzip, or a request that breaks the protocol's rules",
        426: "the app is too old for the hub (update the app)",
        429: "too many failed authentications from this address or with this token or code",
    }
    out: dict[int | str, dict[str, Any]] = {c: {"model": ErrorResponse, "description": text[c]} for c in codes}
    if 429 in out:
        out[429]["headers"] = {
            "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer", "minimum": 1}}
        }
    return out


SYNC_ERRORS = _errors(400, 401, 403, 409, 413, 422, 426, 429)


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` with several workers (URL from CARAVAN_SERVER_DB; docs
    and trusted proxies from CARAVAN_HUB_DEV_DOCS and CARAVAN_HUB_FORWARDED_ALLOW_IPS)."""
    return create_app(database_url(os.environ.get("CARAVAN_SERVER_DB"), os.environ.get("CARAVAN_SERVER_DATA_DIR")))
