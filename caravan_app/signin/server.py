"""The phone sign-in HTTP server: exactly one page and its form submit, nothing else.

A stdlib ThreadingHTTPServer in a background thread: no event loop to share with Qt, a clean
``shutdown()``, nothing extra in the Windows bundle, and every byte it answers is decided
here (no framework docs or OpenAPI routes to switch off). Writes go through the services,
which serialise them on the database's write lock.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from http import cookies
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..domain.errors import DomainError
from ..services.app import App
from ..services.attendance import SigninResult
from . import pages
from .limiter import Rate, RateLimiter
from .netaddr import DEFAULT_PORT

log = logging.getLogger(__name__)

PATH = re.compile(r"^/s/([A-Za-z0-9_-]{8,64})/?$")
COOKIE = "cfl_signin"
MAX_BODY = 4096  # the form is four short fields
PAGE_RATE = Rate(burst=30, per_second=1.0)
SUBMIT_RATE = Rate(burst=8, per_second=0.2)  # 8 at once, then one every 5 s per phone
HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "caravan"
    sys_version = ""
    protocol_version = "HTTP/1.0"  # one request per connection: simple, old-browser safe
    timeout = 15  # seconds a slow client may hold a connection

    # --- plumbing -----------------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s %s", self.client_address[0], format % args)

    def _send(self, status: int, body: bytes, cookie: str | None = None, path: str = "/") -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in HEADERS.items():
            self.send_header(k, v)
        if cookie:
            c = cookies.SimpleCookie()
            c[COOKIE] = cookie
            c[COOKIE]["path"] = path
            c[COOKIE]["max-age"] = 86400
            c[COOKIE]["httponly"] = True
            c[COOKIE]["samesite"] = "Lax"
            self.send_header("Set-Cookie", c[COOKIE].OutputString())
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found(self) -> None:
        self._send(404, pages.message_page("页面不存在", "请扫描活动现场的签到二维码。"))

    def _cookie(self) -> str | None:
        raw = self.headers.get("Cookie")
        if not raw:
            return None
        try:
            c = cookies.SimpleCookie(raw)
        except cookies.CookieError:
            return None
        return c[COOKIE].value if COOKIE in c else None

    def _token(self) -> str | None:
        m = PATH.match(urlsplit(self.path).path)
        return m.group(1) if m else None

    def _limited(self, limiter: RateLimiter) -> bool:
        if limiter.allow(self.client_address[0]):
            return False
        self._send(429, pages.message_page("操作太频繁", "请稍等一分钟后再试。"))
        return True

    # --- routes -------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._safe(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._safe(self._post)

    def _safe(self, route: Callable[[], None]) -> None:
        try:
            route()
        except Exception:  # the phone gets a page, the log gets the traceback
            log.exception("sign-in request failed")
            try:
                self._send(500, pages.message_page("出错了", "请稍后重试，或请工作人员在电脑上为您签到。"))
            except OSError:
                pass

    def _get(self) -> None:
        token = self._token()
        if token is None:
            return self._not_found()
        if self._limited(self.server.page_limiter):
            return None
        app = self.server.app
        try:
            visit, already = app.signin.status(token, self._cookie())
        except DomainError as e:
            return self._send(403, pages.message_page("无法签到", e.zh))
        site, sub = self._titles(visit)
        another = "another=1" in (urlsplit(self.path).query or "")  # "再签一位" on this phone
        path = self.path.split("?")[0]
        if already is not None and not another:
            return self._send(200, pages.done_page(site, already, path))
        form = {"another": "1"} if another else {}
        group = (parse_qs(urlsplit(self.path).query or "").get("group") or [""])[0]
        if group:
            form["group"] = group
        return self._send(200, self._form(path, site, sub, form))

    def _form(self, path: str, site: str, sub: str, form: dict[str, str], error: str | None = None) -> bytes:
        """The form page with the office's notice; a chosen group gets its own form (v14)."""
        app = self.server.app
        group = form.get("group") or ""
        pupils, consent = app.attendance.collection_settings()
        fixed = group in pupils and not consent
        return pages.form_page(
            path,
            site,
            sub,
            form,
            error,
            notice=app.privacy.notice(),
            asked=app.attendance.collection(group) if fixed else None,
            pupils=() if consent else pupils,
        )

    def _post(self) -> None:
        token = self._token()
        if token is None:
            return self._not_found()
        if self._limited(self.server.submit_limiter):
            return None
        try:
            length = int(self.headers.get("Content-Length") or "-1")
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            return self._send(413, pages.message_page("无法签到", "提交的内容过长。"))
        raw = self.rfile.read(length)
        try:
            fields = parse_qs(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=10)
        except (UnicodeDecodeError, ValueError):
            return self._send(400, pages.message_page("无法签到", "提交的内容无法识别，请重新填写。"))
        form = {k: v[0] for k, v in fields.items() if k in ("name", "group", "org", "phone", "another")}
        app = self.server.app
        try:
            visit = app.signin.resolve(token)
        except DomainError as e:
            return self._send(403, pages.message_page("无法签到", e.zh))
        site, sub = self._titles(visit)
        try:
            result, cookie = app.signin.submit(token, form, self._cookie(), self.client_address[0])
        except DomainError as e:
            status = 403 if e.field == "token" else 400
            if status == 403:
                return self._send(403, pages.message_page("无法签到", e.zh))
            return self._send(400, self._form(self.path.split("?")[0], site, sub, form, e.zh))
        if not result.duplicate:
            self.server.notify(result)
        return self._send(
            200,
            pages.done_page(site, result, self.path.split("?")[0]),
            cookie=cookie,
            path=urlsplit(self.path).path.rstrip("/"),
        )

    def _titles(self, visit: dict[str, Any]) -> tuple[str, str]:
        site = self.server.app.sites.get(visit["site_id"])
        return pages.visit_title(visit, site["name"] if site else None)

    def do_HEAD(self) -> None:  # noqa: N802
        self._not_found()

    def _refuse(self) -> None:
        self._not_found()

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse  # noqa: N815


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a class scanning the poster at once must not meet refused connections

    def __init__(self, addr: tuple[str, int], app: App, on_signin: Callable[[SigninResult], None] | None) -> None:
        self.app = app
        self.on_signin = on_signin
        self.page_limiter = RateLimiter(PAGE_RATE)
        self.submit_limiter = RateLimiter(SUBMIT_RATE)
        super().__init__(addr, _Handler)

    def notify(self, result: SigninResult) -> None:
        if self.on_signin is None:
            return
        try:
            self.on_signin(result)
        except Exception:  # a broken listener must not break the phone's answer
            log.exception("sign-in listener failed")


class SigninServer:
    """Serves phone sign-in in a background thread until ``stop()``.

    ``host`` "0.0.0.0" listens on every interface (hotspot and LAN); tests use 127.0.0.1.
    Port 0 picks a free port (see ``port`` after ``start()``). ``on_signin`` is called from the
    server thread after each new sign-in: a GUI must hop to its own thread (queued signal).
    """

    def __init__(
        self,
        app: App,
        host: str = "0.0.0.0",
        port: int = DEFAULT_PORT,
        on_signin: Callable[[SigninResult], None] | None = None,
    ) -> None:
        self.app = app
        self.host = host
        self.requested_port = port
        self.on_signin = on_signin
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1] if self._httpd else self.requested_port

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> SigninServer:
        """Bind and serve; OSError (port in use, no permission) is raised here, in the caller."""
        if self.running:
            return self
        self._httpd = _Server((self.host, self.requested_port), self.app, self.on_signin)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="signin-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def set_rates(self, page: Rate, submit: Rate) -> None:
        """Change the per-client limits (the benchmark's phones all share loopback)."""
        assert self._httpd is not None
        self._httpd.page_limiter = RateLimiter(page)
        self._httpd.submit_limiter = RateLimiter(submit)

    def __enter__(self) -> SigninServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
