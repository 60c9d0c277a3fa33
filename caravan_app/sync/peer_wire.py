"""Peer sync over the network: a small HTTPS server each laptop runs while a visit is open, and
the client another laptop uses (docs/sync.md, "Laptops at one event").

Requests are ``POST /peer/<step>`` with a JSON body (gzip above 512 bytes, as the hub's):
``hello`` (who I am, my vector and certificate, a nonce for you to sign) → the answer's
greeting; ``prove`` (my signature over your nonce) → a session token; then ``pull`` (my vector
→ what I lack), ``push`` (facts you lack → your vector) and ``wait`` (a long poll that answers
when something changed on the server, so news arrives within a second or two).

Traffic is TLS with a self-signed certificate per laptop. The client trusts exactly the
certificate it fetched, and the other laptop's signed proof names that certificate's
fingerprint, so a machine in the middle (with a certificate of its own) is refused.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import ipaddress
import json
import secrets
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

from .errors import SyncError
from .peer_trust import PeerRefused
from .protocol import encode_body
from .tls_files import pem_sha256, write_pair

MAX_BODY = 16 * 1024 * 1024
WAIT_S = 20.0


class PeerHandler(Protocol):
    """What the server asks of this laptop (``services.peers.PeerService`` and its wire glue)."""

    def wire_hello(self, doc: dict[str, Any]) -> dict[str, Any]: ...

    def wire_prove(self, doc: dict[str, Any], tls_pin: str | None) -> tuple[str, str | None]: ...

    def wire_pull(self, device_id: str, doc: dict[str, Any]) -> dict[str, Any]: ...

    def wire_push(self, device_id: str, doc: dict[str, Any]) -> dict[str, Any]: ...

    def wire_wait(self, device_id: str, doc: dict[str, Any], timeout: float) -> dict[str, Any]: ...


def self_signed(folder: Path) -> tuple[Path, Path]:
    """This laptop's TLS certificate for peer sync, made the first time (key 0600)."""
    cert_p, key_p = Path(folder) / "peer-cert.pem", Path(folder) / "peer-key.pem"
    if cert_p.exists() and key_p.exists():
        return cert_p, key_p
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Caravan Field Log laptop")])
    now = dt.datetime.now(dt.UTC)
    alt = x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(alt, critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return write_pair(cert, key, cert_p, key_p)


def pem_pin(cert_path: Path) -> str:
    return pem_sha256(cert_path)


class _Http(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    handler: PeerHandler
    tls_pin: str | None
    sessions: dict[str, str]


class _Req(BaseHTTPRequestHandler):
    server: _Http
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        return

    def _answer(self, status: int, doc: dict[str, Any]) -> None:
        body, headers = encode_body(doc)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        try:
            n = int(self.headers.get("Content-Length") or 0)
            if n > MAX_BODY:
                return self._answer(413, _err("too_big", "请求太大", "request too large"))
            raw = self.rfile.read(n)
            if self.headers.get("Content-Encoding") == "gzip":
                raw = gzip.decompress(raw)
            doc = json.loads(raw or b"{}")
            if not isinstance(doc, dict):
                raise ValueError("not an object")
        except (ValueError, OSError, EOFError):
            return self._answer(422, _err("bad_request", "请求格式错误", "malformed request"))
        step = self.path.rstrip("/").rsplit("/", 1)[-1]
        h = self.server.handler
        try:
            if step == "hello":
                return self._answer(200, h.wire_hello(doc))
            if step == "prove":
                device, pair_mac = h.wire_prove(doc, self.server.tls_pin)
                token = secrets.token_urlsafe(24)
                self.server.sessions[token] = device
                return self._answer(200, {"session": token, "pair_mac": pair_mac})
            auth = self.headers.get("Authorization", "")
            device_id = self.server.sessions.get(auth.removeprefix("Bearer ").strip())
            if device_id is None:
                return self._answer(401, _err("no_session", "请先验证身份", "not admitted: say hello first"))
            if step == "pull":
                return self._answer(200, h.wire_pull(device_id, doc))
            if step == "push":
                return self._answer(200, h.wire_push(device_id, doc))
            if step == "wait":
                return self._answer(200, h.wire_wait(device_id, doc, min(float(doc.get("timeout") or WAIT_S), 30.0)))
            return self._answer(404, _err("no_such_step", "未知请求", "unknown request"))
        except PeerRefused as exc:
            return self._answer(403, _err(exc.code, exc.zh, exc.en))
        except (KeyError, TypeError, ValueError) as exc:
            return self._answer(422, _err("bad_request", "请求格式错误", f"malformed request: {exc}"))


def _err(code: str, zh: str, en: str) -> dict[str, Any]:
    return {"error": {"code": code, "zh": zh, "en": en}}


class PeerServer:
    """The HTTPS server of peer sync (one per laptop, on its own thread)."""

    def __init__(self, handler: PeerHandler, tls_dir: Path, host: str = "0.0.0.0", port: int = 0) -> None:
        self.handler = handler
        self.cert, self.key = self_signed(tls_dir)
        self.tls_pin = pem_pin(self.cert)
        self.host = host
        self._httpd = _Http((host, port), _Req)
        self._httpd.handler = handler
        self._httpd.tls_pin = self.tls_pin
        self._httpd.sessions = {}
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.cert, self.key)
        self._httpd.socket = ctx.wrap_socket(self._httpd.socket, server_side=True)
        self.port = int(self._httpd.server_address[1])
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"https://{host}:{self.port}"

    def start(self) -> PeerServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="peer-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(5)


def fetch_pin(url: str, timeout: float = 5.0) -> tuple[str, bytes]:
    """The SHA-256 and DER of the certificate a peer's address presents (nothing is sent)."""
    import httpx

    from .errors import connection_failed

    u = httpx.URL(url)
    probe = ssl.create_default_context()
    probe.check_hostname = False
    probe.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((u.host, u.port or 443), timeout=timeout) as raw, probe.wrap_socket(raw) as t:
            der = t.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as exc:
        raise connection_failed(exc) from exc
    if not der:
        raise SyncError("tls", "对方没有出示证书", "the other laptop shows no certificate")
    return hashlib.sha256(der).hexdigest(), der


class PeerClient:
    """Another laptop over HTTPS, pinned to the certificate it presents (its signed proof names
    that pin); implements ``services.peers.PeerLink`` with plain dicts through ``codec``."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        import httpx

        self.url = url.rstrip("/")
        if "://" not in self.url:
            self.url = "https://" + self.url
        self.tls_pin, der = fetch_pin(self.url)
        ctx = ssl.create_default_context(cadata=ssl.DER_cert_to_PEM_cert(der))
        ctx.check_hostname = False
        self._http = httpx.Client(base_url=self.url, verify=ctx, timeout=httpx.Timeout(timeout, connect=5.0))
        self.session: str | None = None
        self.bytes_sent = 0
        self.bytes_received = 0

    def close(self) -> None:
        self._http.close()

    def call(self, step: str, doc: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        import httpx

        from .errors import connection_failed, offline

        body, headers = encode_body(doc)
        if self.session:
            headers["Authorization"] = f"Bearer {self.session}"
        try:
            kw: dict[str, Any] = {"timeout": timeout} if timeout is not None else {}
            resp = self._http.post(f"/peer/{step}", content=body, headers=headers, **kw)
        except httpx.HTTPError as exc:
            raise connection_failed(exc) from exc
        self.bytes_sent += len(body)
        self.bytes_received += resp.num_bytes_downloaded
        try:
            out = resp.json()
        except ValueError as exc:
            raise offline("the answer was cut off") from exc
        if resp.status_code != 200:
            err = out.get("error", {}) if isinstance(out, dict) else {}
            if resp.status_code == 403:
                raise PeerRefused(str(err.get("code") or "refused"), str(err.get("zh") or ""), str(err.get("en") or ""))
            raise SyncError(str(err.get("code") or "http"), str(err.get("zh") or ""), str(err.get("en") or ""))
        return out if isinstance(out, dict) else {}
