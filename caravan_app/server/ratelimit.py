"""Failed-authentication limits per client address and per presented credential.

A failed enrollment or a refused token counts one failure for the client's address (the
peer, or the address a trusted proxy names: ``client_address``) and one for the credential it
presented (the token, or the enrollment code, by hash). Never per claimed device id: anyone can
name a device id, so counting by it let a stranger lock a laptop out. Past ``max_address`` /
``max_credential`` failures within ``window_s`` seconds, that address or credential is answered
429 with ``Retry-After`` before the request is read — except that a request from a busy address
that presents a live device's token goes ahead (one indexed lookup, ``app.py``): failures of
others never lock out the real laptop. In memory, per worker process: with N workers the effective limit is
up to N × the limit (docs/sync.md, "Rate limits"). Successful requests never count.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import threading
import time
from collections.abc import Callable, Iterable

AUTH_CODES = {
    "no_token",
    "bad_token",
    "revoked",
    "bad_code",
    "code_expired",
    "wrong_device",
    "device_taken",
    "code_bound",
}

IPNet = ipaddress.IPv4Network | ipaddress.IPv6Network


def credential_key(kind: str, secret: str | None) -> str | None:
    """A limiter key for a presented token or code that does not keep the secret itself."""
    if not secret:
        return None
    return kind + ":" + hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def parse_networks(spec: str | None) -> tuple[list[IPNet], bool]:
    """``--forwarded-allow-ips`` ("127.0.0.1,10.0.0.0/8" or "*"): the proxies whose
    ``X-Forwarded-For`` is believed, and whether every peer is (``*``). Default: none."""
    nets: list[IPNet] = []
    anyone = False
    for part in (spec or "").split(","):
        part = part.strip()
        if not part:
            continue
        if part == "*":
            anyone = True
            continue
        try:
            nets.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise ValueError(f"not an address or network: {part!r}") from exc
    return nets, anyone


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(peer: str | None, forwarded_for: str | None, trusted: Iterable[IPNet], anyone: bool) -> str | None:
    """The client's address: the peer, unless the peer is a trusted proxy; then the nearest
    address in ``X-Forwarded-For`` (read from the right) that is not itself a trusted proxy.
    A header from any other peer is ignored (it is the client's own say-so)."""
    nets = list(trusted)

    def is_trusted(addr: str | None) -> bool:
        if anyone:
            return True
        ip = _ip(addr) if addr else None
        return ip is not None and any(ip in n for n in nets)

    if not forwarded_for or not is_trusted(peer):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:
            return peer  # garbage in the header: the proxy is the client we know
        if not is_trusted(hop) or anyone:
            return str(ip)
    return str(_ip(hops[0])) if hops else peer


class FailLimiter:
    def __init__(
        self,
        max_fails_address: int | None = None,
        max_fails_credential: int | None = None,
        window_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        env = os.environ.get
        self.max_address = max_fails_address or int(env("CARAVAN_HUB_MAX_FAILS_ADDRESS", "30"))
        self.max_credential = max_fails_credential or int(env("CARAVAN_HUB_MAX_FAILS_CREDENTIAL", "10"))
        self.window = window_s or float(env("CARAVAN_HUB_FAIL_WINDOW_S", "60"))
        self.clock = clock
        self._fails: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._fails.get(key, ()) if now - t < self.window]
        if times:
            self._fails[key] = times
        else:
            self._fails.pop(key, None)
        return times

    def _wait(self, keys: list[tuple[str, int]]) -> int:
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key, limit in keys:
                times = self._recent(key, now)
                if len(times) >= limit:
                    wait = max(wait, self.window - (now - times[-limit]))
            if len(self._fails) > 100_000:  # a flood of distinct keys: forget the old ones
                for k in list(self._fails)[:50_000]:
                    self._fails.pop(k, None)
        return max(1, int(wait + 0.999)) if wait > 0 else 0

    def address_wait(self, address: str | None) -> int:
        """Seconds this address must wait (0: go ahead)."""
        return self._wait([(f"a:{address}", self.max_address)]) if address else 0

    def credential_wait(self, credential: str | None) -> int:
        """Seconds this presented token or code must wait (0: go ahead)."""
        return self._wait([(f"c:{credential}", self.max_credential)]) if credential else 0

    def retry_after(self, address: str | None, credential: str | None = None) -> int:
        return max(self.address_wait(address), self.credential_wait(credential))

    def failed(self, address: str | None, credential: str | None = None) -> None:
        now = self.clock()
        with self._lock:
            if address:
                self._fails.setdefault(f"a:{address}", []).append(now)
            if credential:
                self._fails.setdefault(f"c:{credential}", []).append(now)
