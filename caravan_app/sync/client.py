"""HTTP client of the hub: gzip JSON bodies, bearer token, readable errors, byte counts."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from .errors import SyncError, offline
from .protocol import PROTOCOL_VERSION, SCHEMA, encode_body


@dataclass
class Exchange:
    """One answered request: the parsed body, when it was sent and answered (local wall ms)."""

    body: dict[str, Any]
    sent_ms: float
    received_ms: float

    def offset_ms(self) -> int:
        """Hub clock minus local clock, assuming the answer was made half-way."""
        return int(self.body["server_time_ms"] - (self.sent_ms + self.received_ms) / 2)


class HubClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float = 30.0,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.wall = wall
        self.requests = 0
        self.bytes_sent = 0
        self.bytes_received = 0
        headers = {"User-Agent": f"caravan-field-log/{PROTOCOL_VERSION}"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=httpx.Timeout(timeout, connect=5.0))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def call(self, path: str, payload: dict[str, Any]) -> Exchange:
        payload = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, **payload}
        body, headers = encode_body(payload)
        sent = self.wall() * 1000
        try:
            resp = self._http.post(path, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise offline(type(exc).__name__) from exc
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
