"""HTTP client of the hub: gzip JSON bodies, bearer token, readable errors, byte counts."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from .errors import SyncError, bad_answer, connection_failed, offline
from .protocol import PROTOCOL_VERSION, SCHEMA, EnrollResponse, PullResponse, PushResponse, encode_body

_Answer = TypeVar("_Answer", bound=BaseModel)

PIN_RE = re.compile(r"^[0-9a-fA-F]{64}$")


def split_code(code: str) -> tuple[str, str | None]:
    """``ABCD-EFGH-JKLM~<sha256 hex>`` (what ``caravan-server device add`` prints and its QR
    holds, possibly as ``https://hub:8765#CODE~PIN``) -> (code, pin)."""
    code = code.strip().rsplit("#", 1)[-1]
    head, sep, pin = code.partition("~")
    return head.strip(), (pin.strip().lower() if sep else None)


@dataclass
class Exchange:
    """One answered request: the parsed body, when it was sent and answered (local wall ms)."""

    body: dict[str, Any]
    sent_ms: float
    received_ms: float

    def offset_ms(self) -> int:
        """Hub clock minus local clock, assuming the answer was made half-way."""
        return int(self.body["server_time_ms"] - (self.sent_ms + self.received_ms) / 2)

    def enrolled(self) -> EnrollResponse:
        """The body as an enrollment answer (``SyncError`` ``bad_answer`` when it is not one)."""
        return _validated(EnrollResponse, self.body, "注册", "enrollment")

    def pushed(self) -> PushResponse:
        """The body as a push answer; a pull page in it is checked as ``page`` checks one."""
        body = self.body
        if isinstance(body, dict) and isinstance(body.get("pull"), dict):
            body = {**body, "pull": _envelope(body["pull"])}
        return _validated(PushResponse, body, "上传", "push")

    def page(self) -> PullResponse:
        """The body as a pull page. Its envelope is checked here; its records one by one when
        the page is applied (a record the laptop cannot store is quarantined, the rest applied:
        storage/quarantine.py), so ``records`` of the returned model is left empty."""
        return _validated(PullResponse, _envelope(self.body), "下载", "pull")


def _envelope(page: Any) -> Any:
    """A pull page with its records (a list; checked one by one later) left out."""
    if isinstance(page, dict) and type(page.get("records")) is list:
        return {**page, "records": []}
    return page  # the model names what is wrong


def checked(model: type[_Answer], body: Any, what_zh: str, what_en: str) -> _Answer:
    """``body`` as ``model``, or ``SyncError`` ``bad_answer`` naming the field (for answers read
    outside ``Exchange``, e.g. a photo piece's)."""
    return _validated(model, body, what_zh, what_en)


def _validated(model: type[_Answer], body: Any, what_zh: str, what_en: str) -> _Answer:
    """Strict types (a JSON answer has no reason to send "5" for 5); fields a newer hub adds are
    ignored, as older hubs' missing optional ones are defaulted."""
    try:
        return model.model_validate(body, strict=True, extra="ignore")
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"])
        raise bad_answer(what_zh, what_en, where, err["type"] == "missing", err["msg"]) from None


def _host_port(url: str) -> tuple[str, int]:
    u = httpx.URL(url)
    return u.host, u.port or (443 if u.scheme == "https" else 80)


def check_url(url: str, pin: str | None) -> None:
    """A laptop talks to a hub only over TLS (pinned, or a public CA) or on loopback."""
    from .loopback import is_loopback

    u = httpx.URL(url)
    if u.scheme not in ("http", "https") or not u.host:
        raise SyncError("bad_url", "服务器地址无效", f"not a hub address: {url}")
    if u.scheme == "http" and not is_loopback(u.host) and os.environ.get("CARAVAN_SYNC_INSECURE") != "1":
        raise SyncError(
            "insecure",
            "服务器地址必须以 https:// 开头（注册码里带有证书指纹）",
            "the hub address must start with https:// (the enrollment code carries its certificate pin)",
        )
    if pin is not None and not PIN_RE.match(pin):
        raise SyncError("bad_pin", "注册码里的证书指纹无效", "the certificate pin in the code is not valid")


def pinned_context(url: str, pin: str, timeout: float = 5.0) -> ssl.SSLContext:
    """An SSL context that trusts exactly the certificate whose SHA-256 is ``pin``.

    The hub's certificate is fetched first (no credentials are sent), its fingerprint compared,
    and that certificate becomes the only trust anchor: the real connection then verifies the
    handshake against it, so a machine in the middle without the hub's key is refused."""
    host, port = _host_port(url)
    probe = ssl.create_default_context()
    probe.check_hostname = False
    probe.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw, probe.wrap_socket(raw) as tls:
            der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as exc:
        raise connection_failed(exc) from exc
    if not der or hashlib.sha256(der).hexdigest() != pin.lower():
        raise SyncError(
            "pin_mismatch",
            "服务器的证书与注册时的不一致：可能连到了别的机器，请联系管理员（不会发送任何数据）",
            "the hub's certificate does not match the one pinned at enrollment; nothing was sent "
            "(ask the hub's operator)",
        )
    ctx = ssl.create_default_context(cadata=ssl.DER_cert_to_PEM_cert(der))
    ctx.check_hostname = False  # the pin names the certificate; the address may be any IP
    ctx.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN  # a pinned leaf from a CA chain is enough
    return ctx


@functools.cache
def _public_trust() -> ssl.SSLContext:
    """The certificate authorities for an https hub without a pin, loaded once per process:
    loading them takes 40–100 ms, which every sync paid while each client loaded its own."""
    return httpx.create_ssl_context()


class HubClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float = 30.0,
        wall: Callable[[], float] = time.time,
        pin: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        check_url(self.base_url, pin)
        verify: ssl.SSLContext = _public_trust()
        if pin and self.base_url.startswith("https://"):
            verify = pinned_context(self.base_url, pin)
        self.token = token
        self.wall = wall
        self.requests = 0
        self.bytes_sent = 0
        self.bytes_received = 0
        headers = {"User-Agent": f"caravan-field-log/{PROTOCOL_VERSION}"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=self.base_url, headers=headers, timeout=httpx.Timeout(timeout, connect=5.0), verify=verify
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def call(self, path: str, payload: dict[str, Any], mutations: list[str] | None = None) -> Exchange:
        """POST ``payload`` (with the versions); ``mutations``: a push's, already JSON text."""
        payload = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, **payload}
        body, headers = encode_body(payload, mutations)
        sent = self.wall() * 1000
        try:
            resp = self._http.post(path, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise connection_failed(exc) from exc
        finally:
            self.requests += 1
            self.bytes_sent += len(body)
        received = self.wall() * 1000
        self.bytes_received += resp.num_bytes_downloaded
        if resp.status_code != 200:
            raise _http_error(resp)
        try:
            data = resp.json()
        except ValueError as exc:
            raise offline("the answer was cut off") from exc
        return Exchange(data, sent, received)

    def raw(
        self, method: str, path: str, params: dict[str, Any], device_id: str, content: bytes = b""
    ) -> httpx.Response:
        """A request with raw bytes (photo pieces, services/photo_sync.py); errors as ``call``."""
        try:
            resp = self._http.request(
                method,
                path,
                params=params,
                content=content if method == "PUT" else None,
                headers={"X-Device-Id": device_id, "Content-Type": "application/octet-stream"},
            )
        except httpx.HTTPError as exc:
            raise connection_failed(exc) from exc
        finally:
            self.requests += 1
            self.bytes_sent += len(content)
        self.bytes_received += resp.num_bytes_downloaded
        if resp.status_code != 200:
            raise _http_error(resp)
        return resp

    def health(self) -> bool:
        try:
            return self._http.get("/healthz", timeout=5.0).status_code == 200
        except httpx.HTTPError:
            return False


def _http_error(resp: httpx.Response) -> SyncError:
    try:
        err = resp.json().get("error", {})
    except ValueError:
        err = {}
    code = err.get("code")
    if code:
        return SyncError(code, err.get("zh", ""), err.get("en", ""), resp.status_code)
    if resp.status_code >= 500:
        return SyncError(
            "server",
            "同步服务器暂时出错，稍后会自动重试（数据都保存在本机）",
            f"the hub had an internal error ({resp.status_code}); sync will be retried (nothing is lost)",
            resp.status_code,
        )
    return SyncError(
        "http", f"同步服务器返回错误 {resp.status_code}", f"the hub answered {resp.status_code}", resp.status_code
    )
