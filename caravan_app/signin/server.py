"""The phone sign-in HTTP server: exactly one page and its form submit, nothing else.

A stdlib HTTP server in a background thread: no event loop to share with Qt, a clean
``shutdown()``, nothing extra in the Windows bundle, and every byte it answers is decided
here (no framework docs or OpenAPI routes to switch off). Writes go through the services,
which serialise them on the database's write lock.

Connections are served by a fixed pool of ``MAX_CONNECTIONS`` threads. A worker gets a
connection only once its whole request (headers and form) has arrived: a phone on a bad link,
or a client that never finishes, waits in one selector thread and holds no worker, and is
closed after ``HEADER_TIMEOUT`` / ``BODY_TIMEOUT``. One client address may hold at most
``PER_CLIENT`` connections; beyond that its new ones are closed at once, so idle sockets from
one device cannot fill the server. When all workers are busy, complete requests wait in turn;
none is dropped. One thread per connection without a cap (the
stdlib's ThreadingHTTPServer) made a class scanning the poster at once fight over the GIL:
49.5 sign-ins/s, p99 0.9 s; see docs/benchmarks.md for the pool's figures.
"""

from __future__ import annotations

import io
import logging
import queue
import re
import socket
import threading
import time
from collections.abc import Callable
from http import cookies
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..domain.errors import DomainError
from ..domain.records.visits import Visit
from ..services.app import App
from ..services.attendance import SigninResult
from ..services.changes import Written, announced_commits
from . import pages, rate_page
from .limiter import Rate, RateLimiter
from .netaddr import DEFAULT_PORT

log = logging.getLogger(__name__)

PATH = re.compile(r"^/s/([A-Za-z0-9_-]{8,64})/?$")
UPLOAD_PATH = re.compile(r"^/p/([a-z2-7]{24})/?$")  # the crew's photo upload (signin/uploads.py)
UPLOADS_AT_ONCE = 2  # uploads hold a worker while the photos arrive: the sign-ins keep the rest
UPLOAD_TIMEOUT = 30.0  # seconds a phone's upload may stall before it counts as cut
COOKIE = "cfl_signin"
MAX_BODY = 4096  # the form is four short fields
PAGE_RATE = Rate(burst=30, per_second=1.0)
SUBMIT_RATE = Rate(burst=8, per_second=0.2)  # 8 at once, then one every 5 s per phone
TITLE_SECONDS = 5.0  # a renamed site or theme shows on phones within this many seconds
MAX_CONNECTIONS = 8  # requests served at once (measured: bench_signin_server); more wait their turn
MAX_OPEN = 256  # open connections at once (served, waiting for a worker, or idle); more wait in the backlog
HEADER_TIMEOUT = 10.0  # seconds from connecting to the end of the request's headers
BODY_TIMEOUT = 10.0  # seconds from the end of the headers to the end of the form
PER_CLIENT = 16  # open connections per client address (a browser opens up to 6 per host)
MAX_HEAD = 65536 + 16384  # bytes of request line and headers before the handler refuses them
_CONTENT_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*([0-9]{1,9})[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_TIMED_OUT = b"HTTP/1.0 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin: the page's own form posts say where they come from (with no-referrer Chromium
    # sends "Origin: null", which the cross-origin check must refuse); other sites get nothing.
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
}

_FIXED_HEADERS = "".join(
    f"{k}: {v}\r\n" for k, v in {"Content-Type": "text/html; charset=utf-8", **HEADERS}.items()
).encode("latin-1")


def _awaiting(buf: bytes) -> int | None:
    """How many more bytes the request in ``buf`` needs: None while its headers are not all
    here, 0 when it is complete (or is for the handler to refuse: too long, no usable length)."""
    end = buf.find(b"\r\n\r\n")
    if end >= 0:
        end += 4
    elif (bare := buf.find(b"\n\n")) >= 0:
        end = bare + 2
    else:
        first, nl, _ = buf.partition(b"\n")
        if nl and b" HTTP/" not in first:  # HTTP/0.9: the request line alone
            return 0
        return 0 if len(buf) > MAX_HEAD else None
    m = _CONTENT_LENGTH.search(buf, 0, end)
    if m is None:
        return 0
    length = int(m.group(1))
    if length > MAX_BODY:
        return 0  # the handler answers 413 without reading it
    return max(0, end + length - len(buf))


class _Received:
    """A connection whose request was read ahead: the handler reads that request from memory
    (it never waits on the phone) and writes its answer to the socket."""

    def __init__(self, sock: socket.socket, data: bytes) -> None:
        self._sock = sock
        self._data = data

    def makefile(self, mode: str = "r", buffering: int = -1) -> Any:
        if "r" in mode and self._data.startswith(b"POST /p/"):
            # A crew upload: what was read ahead, then the socket as the photos arrive.
            self._sock.settimeout(UPLOAD_TIMEOUT)
            return io.BufferedReader(_Chained(self._data, self._sock), 256 * 1024)
        if "r" in mode:
            return io.BytesIO(self._data)
        return self._sock.makefile("wb", buffering)  # the handler writes unbuffered (wbufsize 0)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class _Chained(io.RawIOBase):
    """Bytes already received, then the socket's."""

    def __init__(self, head: bytes, sock: socket.socket) -> None:
        self._head = memoryview(head)
        self._sock = sock

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        return self._sock.recv_into(b)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    _headers_buffer: list[bytes]  # the stdlib's buffer of the status line and headers
    server_version = "caravan"
    sys_version = ""
    protocol_version = "HTTP/1.0"  # one request per connection: simple, old-browser safe
    timeout = 15  # seconds a slow client may hold a connection

    # --- plumbing -----------------------------------------------------------------------------

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if log.isEnabledFor(logging.DEBUG):  # formatted only when someone reads it
            log.debug("%s %s", self.client_address[0], format % args)

    def _send(self, status: int, body: bytes, cookie: str | None = None, path: str = "/") -> None:
        # The status line and headers are buffered (send_response/send_header) and go out with
        # the body in one write: one segment for a small page, no write-write-read on the socket.
        self.send_response(status)
        if self.request_version == "HTTP/0.9":  # no headers at all (the stdlib's rule)
            self.wfile.write(body)
            return
        self._headers_buffer.append(_FIXED_HEADERS)
        self.send_header("Content-Length", str(len(body)))
        if cookie:
            c = cookies.SimpleCookie()
            c[COOKIE] = cookie
            c[COOKIE]["path"] = path
            c[COOKIE]["max-age"] = 86400
            c[COOKIE]["httponly"] = True
            c[COOKIE]["samesite"] = "Lax"
            self.send_header("Set-Cookie", c[COOKIE].OutputString())
        self._headers_buffer.append(b"\r\n")
        if self.command != "HEAD":
            self._headers_buffer.append(body)
        self.wfile.write(b"".join(self._headers_buffer))
        self._headers_buffer = []

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

    def _cross_origin(self) -> bool:
        """A form posted from another site (Origin, else Referer, naming another host than this
        page's own): a page elsewhere must not sign people in through a phone that visits it.
        Browsers that send neither (old ones) are let through; a sign-in needs the link anyway."""
        own = _authority(self.headers.get("Host"))
        origin = self.headers.get("Origin")
        if origin is not None:
            return origin.strip().lower() == "null" or _authority(urlsplit(origin.strip()).netloc) != own
        referer = self.headers.get("Referer")
        if referer:
            return _authority(urlsplit(referer.strip()).netloc) != own
        return False

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
        tell = self.server.on_written  # type: ignore[attr-defined]
        if tell is None:
            self._answer(route)
            return
        with announced_commits() as written:  # the window announces what this request wrote
            self._answer(route)
        if written.committed:
            try:
                tell(written)
            except Exception:  # a broken listener must not break the phone's answer
                log.exception("change listener failed")

    def _answer(self, route: Callable[[], None]) -> None:
        try:
            route()
        except (BrokenPipeError, ConnectionResetError):  # the phone went away mid-answer
            log.debug("phone %s closed the connection", self.client_address[0])
        except Exception:  # the phone gets a page, the log gets the traceback
            log.exception("sign-in request failed")
            try:
                self._send(500, pages.message_page("出错了", "请稍后重试，或请工作人员在电脑上为您签到。"))
            except OSError:
                pass

    def _get(self) -> None:
        up = UPLOAD_PATH.match(urlsplit(self.path).path)
        if up is not None:
            return self._upload_form(up.group(1))
        token = self._token()
        if token is None:
            if rate_page.handle_get(self):  # /r/<token>: the school's rating (评单)
                return None
            return self._not_found()
        if self._limited(self.server.page_limiter):
            return None
        app = self.server.app
        try:
            visit, already = app.signin.status(token, self._cookie())
        except DomainError as e:
            return self._send(403, pages.message_page("无法签到", e.zh))
        site, sub = self.server.titles(token, visit)
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

    def _upload_form(self, token: str, message: str = "", error: str = "", status: int = 200) -> None:
        if self._limited(self.server.page_limiter):
            return None
        try:
            visit = self.server.app.photos.crew_visit(token)
        except DomainError as e:
            return self._send(403, pages.message_page("无法上传", e.zh))
        path = urlsplit(self.path).path
        return self._send(status, pages.upload_page(path, visit.site, visit.date, message, error))

    def _upload(self, token: str) -> None:
        from .uploads import MAX_REQUEST, UploadCut, read_form

        app = self.server.app
        try:
            visit = app.photos.crew_visit(token)
        except DomainError as e:
            return self._send(403, pages.message_page("无法上传", e.zh))
        try:
            length = int(self.headers.get("Content-Length") or "-1")
        except ValueError:
            length = -1
        if length < 0 or length > MAX_REQUEST:
            return self._send(413, pages.message_page("无法上传", "一次上传的照片太多或太大，请分几次上传。"))
        if not self.server.uploads.acquire(blocking=False):
            return self._send(503, pages.message_page("请稍后", "其他工作人员正在上传照片，请稍等片刻再试。"))
        try:
            try:
                got = read_form(
                    self.rfile, length, self.headers.get("Content-Type", ""), app.photos.files.root / "incoming"
                )
            except UploadCut:
                log.info("a crew upload from %s was cut off; nothing kept", self.client_address[0])
                return None  # the phone is gone: nobody to answer
            except ValueError:
                return self._send(400, pages.message_page("无法上传", "提交的内容无法识别，请重新选择照片上传。"))
            try:
                added, again, refused = 0, 0, []
                caption, by = got.fields.get("caption") or None, got.fields.get("by") or None
                for part in got.files:
                    assert part.path is not None and part.filename is not None
                    try:
                        if part.too_large:
                            from ..services.photo_images import check_size

                            check_size(part.filename, part.size)
                        r = app.photos.add(visit.id, part.path, caption=caption, sent_by=by, name=part.filename)
                    except DomainError as e:
                        refused.append(e.zh)
                        continue
                    added, again = added + (1 if r.new else 0), again + (0 if r.new else 1)
            finally:
                got.discard()
        finally:
            self.server.uploads.release()
        if added or again:
            self.server.notify_photos(visit.id)
        msg = f"已收到 {added} 张照片" + (f"（另有 {again} 张之前已收到，未重复保存）" if again else "")
        return self._upload_form(token, msg if added or again else "", "；".join(refused), 200)

    def _post(self) -> None:
        up = UPLOAD_PATH.match(urlsplit(self.path).path)
        if up is not None:
            if self._cross_origin():
                return self._send(403, pages.message_page("无法上传", "请在电脑签到页面扫码打开上传页面。"))
            return self._upload(up.group(1))
        token = self._token()
        if token is None:
            if rate_page.handle_post(self):
                return None
            return self._not_found()
        if self._limited(self.server.submit_limiter):
            return None
        if self._cross_origin():
            return self._send(
                403, pages.message_page("无法签到", "请扫描活动现场的签到二维码，在打开的签到页面上填写。")
            )
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
        try:  # submit checks the link itself (valid, sign-in open): one lookup per request
            result, cookie = app.signin.submit(token, form, self._cookie(), self.client_address[0])
        except DomainError as e:
            if e.field == "token":
                return self._send(403, pages.message_page("无法签到", e.zh))
            site, sub = self.server.titles(token)
            return self._send(400, self._form(self.path.split("?")[0], site, sub, form, e.zh))
        if not result.duplicate:
            self.server.notify(result)
        site, _sub = self.server.titles(token)
        return self._send(
            200,
            pages.done_page(site, result, self.path.split("?")[0]),
            cookie=cookie,
            path=urlsplit(self.path).path.rstrip("/"),
        )

    def do_HEAD(self) -> None:  # noqa: N802
        self._not_found()

    def _refuse(self) -> None:
        self._not_found()

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse  # noqa: N815


def _authority(netloc: str | None) -> str:
    """host[:port] as compared between Host and Origin (case-free, the default port dropped)."""
    text = (netloc or "").strip().lower()
    return text[:-3] if text.endswith(":80") else text


class _Server(HTTPServer):
    """HTTPServer with a fixed pool of worker threads and caps on connections.

    ``max_connections`` workers serve requests; at most ``MAX_OPEN`` connections are open at
    once (beyond that the kernel's listen backlog holds the phones: queued, not refused nor
    dropped) and at most ``per_client`` from one address. A connection waits in a selector
    until its whole request has arrived, so a browser's idle preconnection or a phone that
    trickles its form holds no worker; it is closed once ``header_timeout`` (connect to end of
    headers) or ``body_timeout`` (end of headers to end of form) has passed."""

    allow_reuse_address = True
    request_queue_size = 128  # a class scanning the poster at once must not meet refused connections

    def __init__(
        self,
        addr: tuple[str, int],
        app: App,
        on_signin: Callable[[SigninResult], None] | None,
        max_connections: int = MAX_CONNECTIONS,
        *,
        header_timeout: float = HEADER_TIMEOUT,
        body_timeout: float = BODY_TIMEOUT,
        per_client: int = PER_CLIENT,
    ) -> None:
        self.app = app
        self.on_signin = on_signin
        self.on_written: Callable[[Written], None] | None = None  # set by ``SigninServer.start``
        self.page_limiter = RateLimiter(PAGE_RATE)
        self.submit_limiter = RateLimiter(SUBMIT_RATE)
        self.max_connections = max(1, int(max_connections))
        self.header_timeout = float(header_timeout)
        self.body_timeout = float(body_timeout)
        self.per_client = max(1, int(per_client))
        self._open = threading.BoundedSemaphore(MAX_OPEN)
        self._jobs: queue.SimpleQueue[tuple[socket.socket, Any, bytes] | None] = queue.SimpleQueue()
        self._arrived: queue.SimpleQueue[tuple[socket.socket, Any, bytes]] = queue.SimpleQueue()
        self._closing = threading.Event()
        self.in_service = 0  # connections being served now (for tests and the benchmark)
        self.most_in_service = 0
        self.waiting = 0  # connections whose request has not all arrived yet
        self.timed_out = 0  # connections closed for sending too slowly (or nothing)
        self.turned_away = 0  # connections closed at once: their address held ``per_client`` already
        self._per_address: dict[str, int] = {}
        self._count = threading.Lock()
        self._titles: dict[str, tuple[float, tuple[str, str]]] = {}
        self.uploads = threading.BoundedSemaphore(UPLOADS_AT_ONCE)
        self.on_photos: Callable[[str], None] | None = None  # the window hears of new photos
        super().__init__(addr, _Handler)
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._threads = [
            threading.Thread(target=self._work, name=f"signin-worker-{i}", daemon=True)
            for i in range(self.max_connections)
        ]
        self._threads.append(threading.Thread(target=self._wait_room, name="signin-waiting", daemon=True))
        for t in self._threads:
            t.start()

    def _handle_request_noblock(self) -> None:
        # At most MAX_OPEN open connections: the next one waits in the backlog until one closes.
        while not self._open.acquire(timeout=0.05):
            if self._closing.is_set():
                return
        try:
            request, client_address = self.get_request()
        except OSError:
            self._open.release()
            return
        host = str(client_address[0])
        with self._count:
            held = self._per_address.get(host, 0)
            if held < self.per_client:
                self._per_address[host] = held + 1
        if held >= self.per_client:  # one device may not fill the server with idle sockets
            self.turned_away += 1
            self.shutdown_request(request)
            self._open.release()
            return
        data = b""
        try:  # the request is usually here already (a phone sends it with the connection)
            request.setblocking(False)
            data = request.recv(MAX_HEAD + MAX_BODY)
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            return self._drop(request, client_address)
        if data and _awaiting(data) == 0:  # straight to the workers: no hop through the waiting room
            self._jobs.put((request, client_address, data))
            return
        with self._count:
            self.waiting += 1
        self._arrived.put((request, client_address, data))
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass

    def _wait_room(self) -> None:
        """Read requests as they trickle in; hand each to the workers once it is complete;
        close those that take longer than the header or body timeout, or send nothing."""
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(self._wake_r, selectors.EVENT_READ)
        # connection -> (deadline, client address, bytes so far, headers complete)
        waiting: dict[socket.socket, tuple[float, Any, bytes, bool]] = {}

        def leave(conn: socket.socket) -> tuple[float, Any, bytes, bool]:
            sel.unregister(conn)
            with self._count:
                self.waiting -= 1
            return waiting.pop(conn)

        try:
            while not self._closing.is_set():
                for key, _ in sel.select(timeout=0.1):
                    if key.fileobj is self._wake_r:
                        try:
                            while self._wake_r.recv(4096):
                                pass
                        except (BlockingIOError, OSError):
                            pass
                        while True:
                            try:
                                conn, addr, data = self._arrived.get_nowait()
                            except queue.Empty:
                                break
                            headed = _awaiting(data) is not None
                            limit = self.body_timeout if headed else self.header_timeout
                            waiting[conn] = (time.monotonic() + limit, addr, data, headed)
                            sel.register(conn, selectors.EVENT_READ)
                        continue
                    conn = key.fileobj  # type: ignore[assignment]
                    deadline, addr, data, headed = waiting[conn]
                    try:
                        chunk = conn.recv(MAX_HEAD + MAX_BODY)
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        chunk = b""
                    if not chunk:  # the client went away before finishing its request
                        leave(conn)
                        self._drop(conn, addr)
                        continue
                    data += chunk
                    more = _awaiting(data)
                    if more == 0 or len(data) > MAX_HEAD + MAX_BODY:
                        leave(conn)
                        self._jobs.put((conn, addr, data))
                    elif more is not None and not headed:  # headers done: the form has its own time
                        waiting[conn] = (time.monotonic() + self.body_timeout, addr, data, True)
                    else:
                        waiting[conn] = (deadline, addr, data, headed)
                now = time.monotonic()
                for conn in [c for c, (deadline, *_rest) in waiting.items() if deadline < now]:
                    _deadline, addr, data, _headed = leave(conn)
                    self.timed_out += 1
                    if data:  # a request was begun: say why it ends (an idle preconnection gets nothing)
                        try:
                            conn.send(_TIMED_OUT)
                        except OSError:
                            pass
                    self._drop(conn, addr)
        finally:
            for conn, (_deadline, addr, _data, _headed) in list(waiting.items()):
                self._drop(conn, addr)
            sel.close()

    def _drop(self, conn: socket.socket, client_address: Any) -> None:
        self.shutdown_request(conn)
        host = str(client_address[0])
        with self._count:
            left = self._per_address.get(host, 1) - 1
            if left > 0:
                self._per_address[host] = left
            else:
                self._per_address.pop(host, None)
        self._open.release()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            request, client_address, data = job
            with self._count:
                self.in_service += 1
                self.most_in_service = max(self.most_in_service, self.in_service)
            try:
                request.setblocking(True)
                if self.verify_request(request, client_address):
                    self.finish_request(_Received(request, data), client_address)  # type: ignore[arg-type]
            except Exception:
                self.handle_error(request, client_address)
            finally:
                with self._count:
                    self.in_service -= 1
                self._drop(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection from %s failed", client_address, exc_info=True)

    def shutdown(self) -> None:
        self._closing.set()
        super().shutdown()

    def server_close(self) -> None:
        super().server_close()
        self._closing.set()
        try:
            self._wake_w.send(b"x")
        except OSError:
            pass
        for _ in range(self.max_connections):
            self._jobs.put(None)
        deadline = time.monotonic() + 2.0  # a phone mid-request on a slow link must not hold up stop()
        for t in self._threads:
            t.join(timeout=max(0.0, deadline - time.monotonic()))
        self._wake_r.close()
        self._wake_w.close()

    def titles(self, token: str, visit: Visit | None = None) -> tuple[str, str]:
        """The page's heading (site) and subheading (date, theme) for a link, kept for a few
        seconds: a burst of phones shows the same heading, and looking up the site for each
        request was a tenth of the server's work. Validity is checked on every request."""
        now = time.monotonic()
        hit = self._titles.get(token)
        if hit is not None and now - hit[0] < TITLE_SECONDS:
            return hit[1]
        if visit is None:
            visit = self.app.signin.resolve(token)
        site = self.app.sites.get(visit.site_id)
        shown = pages.visit_title(visit, site.name if site else None)
        self._titles[token] = (now, shown)
        return shown

    def notify(self, result: SigninResult) -> None:
        if self.on_signin is None:
            return
        try:
            self.on_signin(result)
        except Exception:  # a broken listener must not break the phone's answer
            log.exception("sign-in listener failed")

    def notify_photos(self, visit_id: str) -> None:
        if self.on_photos is None:
            return
        try:
            self.on_photos(visit_id)
        except Exception:  # a broken listener must not break the phone's answer
            log.exception("photo listener failed")


class SigninServer:
    """Serves phone sign-in in a background thread until ``stop()``.

    ``host`` "0.0.0.0" listens on every interface (hotspot and LAN); tests use 127.0.0.1.
    Port 0 picks a free port (see ``port`` after ``start()``). ``on_signin`` is called from a
    server thread after each new sign-in: a GUI must hop to its own thread (queued signal).
    ``max_connections`` phones are served at once; more wait their turn in the backlog.
    ``header_timeout``, ``body_timeout`` and ``per_client`` bound slow and idle clients (tests
    shorten them).
    """

    _server_class = _Server  # the benchmark swaps in one thread per connection for comparison

    def __init__(
        self,
        app: App,
        host: str = "0.0.0.0",
        port: int = DEFAULT_PORT,
        on_signin: Callable[[SigninResult], None] | None = None,
        max_connections: int = MAX_CONNECTIONS,
        *,
        header_timeout: float = HEADER_TIMEOUT,
        body_timeout: float = BODY_TIMEOUT,
        per_client: int = PER_CLIENT,
    ) -> None:
        self.app = app
        self.max_connections = max_connections
        self.header_timeout, self.body_timeout, self.per_client = header_timeout, body_timeout, per_client
        self.host = host
        self.requested_port = port
        self.on_signin = on_signin
        # Told, on the server's thread, what each request committed (the window announces it on
        # its operation path, so its watcher does not take the phones' sign-ins for another program's).
        self.on_written: Callable[[Written], None] | None = None
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1] if self._httpd else self.requested_port

    @property
    def in_service(self) -> int:
        """Connections being served now (at most ``max_connections``)."""
        return self._httpd.in_service if self._httpd else 0

    @property
    def most_in_service(self) -> int:
        """The most connections served at once since ``start()``."""
        return self._httpd.most_in_service if self._httpd else 0

    @property
    def waiting(self) -> int:
        """Connections open whose request has not all arrived (they hold no worker)."""
        return self._httpd.waiting if self._httpd else 0

    @property
    def timed_out(self) -> int:
        """Connections closed since ``start()`` for not finishing their request in time."""
        return self._httpd.timed_out if self._httpd else 0

    @property
    def turned_away(self) -> int:
        """Connections closed at once since ``start()``: their address held ``per_client``."""
        return self._httpd.turned_away if self._httpd else 0

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> SigninServer:
        """Bind and serve; OSError (port in use, no permission) is raised here, in the caller."""
        if self.running:
            return self
        self._httpd = self._server_class(
            (self.host, self.requested_port),
            self.app,
            self.on_signin,
            self.max_connections,
            header_timeout=self.header_timeout,
            body_timeout=self.body_timeout,
            per_client=self.per_client,
        )
        self._httpd.on_written = self.on_written
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
