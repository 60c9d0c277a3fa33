"""Slow and idle clients beside real phones: real sockets against the real sign-in server.

A client that connects and never finishes its request (a bad link, or someone holding sockets
open on purpose) must not make the other phones wait, and is closed after the timeout. Each
phone has its own loopback source address (127.0.x.y), as phones on the hotspot have their own.
"""

from __future__ import annotations

import socket
import time
from urllib.parse import urlencode

import httpx
import pytest

from caravan_app.services.app import App
from caravan_app.signin.server import MAX_CONNECTIONS, PER_CLIENT, SigninServer
from tests.waiting import wait_until

PROMPT = 5.0  # the normal phone's own patience; the old server made it wait ~15 s


def _connect(port: int, source: str) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((source, 0))
    sock.settimeout(30)
    sock.connect(("127.0.0.1", port))
    return sock


def _unfinished_post(port: int, token: str, source: str) -> socket.socket:
    """Headers and half of the form sent; the rest never comes."""
    body = urlencode({"name": "慢网络的人", "group": "teacher"}).encode()
    sock = _connect(port, source)
    sock.sendall(
        f"POST /s/{token} HTTP/1.0\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body[: len(body) // 2]
    )
    return sock


def _normal_phone(port: int, token: str, source: str, name: str) -> str:
    """GET the page and POST the form, each answer awaited at most ``PROMPT`` seconds."""
    url = f"http://127.0.0.1:{port}/s/{token}"
    with httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=PROMPT) as c:
        page = c.get(url)
        assert page.status_code == 200 and "提交签到" in page.text
        r = c.post(url, data={"name": name, "group": "parent"})
        assert r.status_code == 200, r.text[-300:]
        return r.text


def _closed_by_server(sock: socket.socket, timeout: float = 10.0) -> bytes | None:
    """What the server sent before closing the connection, or None if it kept it open."""
    sock.settimeout(timeout)
    got = b""
    try:
        while chunk := sock.recv(4096):
            got += chunk
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return got


def _open(sock: socket.socket) -> bool:
    """The server has not closed this connection (nothing to read, no EOF)."""
    sock.setblocking(False)
    try:
        return sock.recv(1, socket.MSG_PEEK) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)


def test_unfinished_posts_on_every_worker_do_not_stall_other_phones(app: App, field: dict[str, str]) -> None:
    """Twice as many never-finished forms as there are workers, each from its own phone: a
    normal phone is answered while they are all still open."""
    token = app.signin.open(field["visit"])
    with SigninServer(app, "127.0.0.1", 0) as server:
        slow = [_unfinished_post(server.port, token, f"127.0.3.{i + 1}") for i in range(2 * MAX_CONNECTIONS)]
        try:
            text = _normal_phone(server.port, token, "127.0.4.1", "准时的家长")
            assert "签到成功" in text
            assert all(_open(s) for s in slow)  # answered while the slow ones still hold their sockets
            assert server.waiting == 2 * MAX_CONNECTIONS  # the unfinished forms wait, holding no worker
            # the normal phone's worker finishes its bookkeeping just after its answer went out
            wait_until(lambda: server.in_service == 0, timeout=10, what="the answered phone's worker to be free")
        finally:
            for s in slow:
                s.close()
    assert [r.name for r in app.attendance.signins(field["visit"])] == ["准时的家长"]


def test_hundreds_of_idle_sockets_from_one_address_do_not_fill_the_server(app: App, field: dict[str, str]) -> None:
    token = app.signin.open(field["visit"])
    with SigninServer(app, "127.0.0.1", 0) as server:
        idle: list[socket.socket] = []
        try:
            for _ in range(300):
                idle.append(_connect(server.port, "127.0.5.1"))
            assert "签到成功" in _normal_phone(server.port, token, "127.0.5.2", "另一部手机")
            # Beyond the cap per address the server closed them at once; the first ones stay open.
            assert sum(_open(s) for s in idle) == PER_CLIENT
            assert server.turned_away == 300 - PER_CLIENT
            # A browser's usual handful of connections from one phone is not turned away.
            assert "签到成功" in _normal_phone(server.port, token, "127.0.5.3", "第三部手机")
        finally:
            for s in idle:
                s.close()
    assert app.attendance.signin_count(field["visit"]) == 2


def test_slow_and_idle_connections_are_closed_after_the_timeout(app: App, field: dict[str, str]) -> None:
    token = app.signin.open(field["visit"])
    with SigninServer(app, "127.0.0.1", 0, header_timeout=0.5, body_timeout=0.5) as server:
        idle = _connect(server.port, "127.0.6.1")  # connects, sends nothing
        half_head = _connect(server.port, "127.0.6.2")
        half_head.sendall(f"GET /s/{token} HTTP/1.0\r\nHost: x\r\n".encode())  # headers never end
        half_body = _unfinished_post(server.port, token, "127.0.6.3")
        assert _closed_by_server(idle) == b""  # a preconnection that was never used: closed quietly
        for sock in (half_head, half_body):
            answer = _closed_by_server(sock)
            assert answer is not None and answer.startswith(b"HTTP/1.0 408"), answer
        for sock in (idle, half_head, half_body):
            sock.close()
        assert server.timed_out == 3 and server.waiting == 0
        # Their places are free again: the same addresses are served as any phone.
        assert "签到成功" in _normal_phone(server.port, token, "127.0.6.3", "网络好了")
    assert app.attendance.signin_count(field["visit"]) == 1


def test_a_request_sent_in_pieces_within_the_timeouts_is_served(app: App, field: dict[str, str]) -> None:
    """A slow link that still keeps to the time: headers in two pieces, the form in two more."""
    token = app.signin.open(field["visit"])
    body = urlencode({"name": "信号不好", "group": "teacher"}).encode()
    head = (
        f"POST /s/{token} HTTP/1.0\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    with SigninServer(app, "127.0.0.1", 0, header_timeout=5, body_timeout=5) as server:
        sock = _connect(server.port, "127.0.7.1")
        for piece in (head[:20], head[20:], body[:5], body[5:]):
            sock.sendall(piece)
            time.sleep(0.1)
        answer = _closed_by_server(sock)
        sock.close()
        assert answer is not None and answer.startswith(b"HTTP/1.0 200") and "签到成功" in answer.decode()
        assert server.timed_out == 0
    assert app.attendance.signin_count(field["visit"]) == 1


@pytest.mark.parametrize("request_line", [b"GET /s/{token}\r\n", b"GET /s/{token} HTTP/1.0\n\n"])
def test_old_request_forms_are_recognised_as_complete(app: App, field: dict[str, str], request_line: bytes) -> None:
    """HTTP/0.9's lone request line and bare line feeds end a request as they always did."""
    token = app.signin.open(field["visit"])
    with SigninServer(app, "127.0.0.1", 0, header_timeout=30) as server:
        sock = _connect(server.port, "127.0.8.1")
        sock.sendall(request_line.replace(b"{token}", token.encode()))
        answer = _closed_by_server(sock, timeout=PROMPT)
        sock.close()
    assert answer is not None and "提交签到" in answer.decode()
