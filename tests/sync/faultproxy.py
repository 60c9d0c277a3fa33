"""A small HTTP-aware TCP proxy between laptops and the hub that injects faults per request.

Faults: ``cut`` (the connection dies mid-request: the hub never gets the whole body),
``lose`` (the hub answers and commits, the answer is lost), ``delay:SECONDS``, ``hold:SECONDS`` (the hub committed, the answer waits), ``500`` (a
broken gateway answers instead of the hub). A slow link is modelled by a byte rate and a
round-trip time, applied to every request and answer.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import deque
from collections.abc import Callable


def _read_message(sock: socket.socket, buf: bytearray) -> bytes | None:
    """One HTTP/1.1 message (headers + Content-Length body) from ``sock``; None on EOF."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    head_end = buf.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buf[:head_end]).split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(buf) < head_end + length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
    msg = bytes(buf[: head_end + length])
    del buf[: head_end + length]
    return msg


class FaultProxy:
    def __init__(self, upstream_port: int, rate_bps: float | None = None, rtt: float = 0.0) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.rate = rate_bps
        self.rtt = rtt
        self.faults: deque[str] = deque()
        self.chooser: Callable[[int], str] | None = None
        self.requests = 0
        self.bytes_up = 0
        self.bytes_down = 0
        self.log: list[str] = []
        self.held = threading.Event()
        self._lock = threading.Lock()
        self._srv = socket.create_server(("127.0.0.1", 0))
        self.port = self._srv.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._stop = True
        self._srv.close()

    def _next_fault(self) -> str:
        with self._lock:
            n = self.requests
            self.requests += 1
            if self.faults:
                f = self.faults.popleft()
            elif self.chooser is not None:
                f = self.chooser(n)
            else:
                f = "pass"
            self.log.append(f)
            return f

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self._srv.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _send(self, sock: socket.socket, data: bytes) -> None:
        if not self.rate:
            sock.sendall(data)
            return
        step = max(512, int(self.rate / 20))
        for i in range(0, len(data), step):
            part = data[i : i + step]
            time.sleep(len(part) / self.rate)
            sock.sendall(part)

    def _serve(self, conn: socket.socket) -> None:
        buf = bytearray()
        try:
            while True:
                req = _read_message(conn, buf)
                if req is None:
                    return
                fault = self._next_fault()
                if fault == "cut":
                    with socket.create_connection(self.upstream) as up:
                        up.sendall(req[: max(1, len(req) - max(1, len(req) // 3))])
                    return
                if fault == "500":
                    body = b"upstream exploded"
                    conn.sendall(
                        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                        + f"Content-Length: {len(body)}\r\n\r\n".encode()
                        + body
                    )
                    continue
                if fault.startswith("delay:"):
                    time.sleep(float(fault.split(":", 1)[1]))
                time.sleep(self.rtt / 2)
                with socket.create_connection(self.upstream) as up:
                    self._send(up, req)
                    self.bytes_up += len(req)
                    resp = _read_message(up, bytearray())
                if resp is None:
                    return
                if fault == "lose":
                    return  # the hub did the work; the laptop never hears of it
                if fault.startswith("hold:"):
                    self.held.set()
                    time.sleep(float(fault.split(":", 1)[1]))  # answer ready, not yet delivered
                time.sleep(self.rtt / 2)
                self._send(conn, resp)
                self.bytes_down += len(resp)
        except OSError:
            return
        finally:
            conn.close()
