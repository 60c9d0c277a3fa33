"""Failed-authentication limits per client address and per device id (issue #13).

A failed enrollment or a refused token counts one failure for the address and for the device id
the request named. Past ``max_fails`` failures within ``window_s`` seconds, that address or device
is answered 429 with ``Retry-After`` until the window has passed, before the database is touched.
In memory, per worker process: with N workers the effective limit is up to N × ``max_fails``
(docs/sync.md, "Rate limits"). Successful requests never count.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

AUTH_CODES = {"no_token", "bad_token", "revoked", "bad_code", "code_expired", "wrong_device"}


class FailLimiter:
    def __init__(
        self,
        max_fails_address: int | None = None,
        max_fails_device: int | None = None,
        window_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        env = os.environ.get
        self.max_address = max_fails_address or int(env("CARAVAN_HUB_MAX_FAILS_ADDRESS", "30"))
        self.max_device = max_fails_device or int(env("CARAVAN_HUB_MAX_FAILS_DEVICE", "10"))
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

    def retry_after(self, address: str | None, device: str | None) -> int:
        """Seconds to wait (0: go ahead)."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key, limit in ((f"a:{address}", self.max_address), (f"d:{device}", self.max_device)):
                if key.endswith(":None"):
                    continue
                times = self._recent(key, now)
                if len(times) >= limit:
                    wait = max(wait, self.window - (now - times[-limit]))
            if len(self._fails) > 100_000:  # a flood of distinct keys: forget the old ones
                for k in list(self._fails)[:50_000]:
                    self._fails.pop(k, None)
        return max(1, int(wait + 0.999)) if wait > 0 else 0

    def failed(self, address: str | None, device: str | None) -> None:
        now = self.clock()
        with self._lock:
            for key in (f"a:{address}", f"d:{device}"):
                if not key.endswith(":None"):
                    self._fails.setdefault(key, []).append(now)
