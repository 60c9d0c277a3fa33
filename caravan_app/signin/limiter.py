"""Per-client rate limiting (token buckets keyed by IP address).

Phones on the laptop's hotspot each have their own address, so a bucket per address slows a
script hammering the form without getting in the way of a queue of people.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    burst: float  # requests allowed at once
    per_second: float  # refill


class RateLimiter:
    MAX_CLIENTS = 10_000  # forget idle clients beyond this (memory stays bounded)

    def __init__(self, rate: Rate, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.rate.burst, now))
            tokens = min(self.rate.burst, tokens + (now - last) * self.rate.per_second)
            ok = tokens >= 1
            self._buckets[client] = (tokens - 1 if ok else tokens, now)
            if len(self._buckets) > self.MAX_CLIENTS:
                self._prune(now)
            return ok

    def _prune(self, now: float) -> None:
        full_after = self.rate.burst / max(self.rate.per_second, 1e-9)
        for k, (_t, last) in list(self._buckets.items()):
            if now - last > full_after:
                del self._buckets[k]
