"""Hybrid logical clock (HLC).

A timestamp is the string ``PPPPPPPPPPPPP.CCCCC``: 13-digit physical milliseconds and a 5-digit
counter, so plain string order is time order. Ties between devices are broken by device id.
The physical part is the local clock plus the last measured offset to the server, so a laptop
with a wrong clock still orders its changes sensibly once it has synced.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

ZERO = "0000000000000.00000"


def encode(ms: int, counter: int) -> str:
    return f"{ms:013d}.{counter:05d}"


def decode(ts: str) -> tuple[int, int]:
    ms, _, counter = ts.partition(".")
    return int(ms), int(counter)


def physical_ms(ts: str) -> int:
    return decode(ts)[0]


class HLC:
    """Thread-safe HLC. ``now()`` for local events, ``observe()`` for remote timestamps."""

    def __init__(
        self,
        last: str = ZERO,
        offset_ms: int = 0,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._ms, self._counter = decode(last)
        self.offset_ms = offset_ms
        self._wall = wall
        self._lock = threading.Lock()

    def _physical(self) -> int:
        return int(self._wall() * 1000) + self.offset_ms

    def corrected_ms(self) -> int:
        """Wall-clock milliseconds corrected by the last measured server offset (the physical
        part of the next timestamp): what services write into ``at`` fields."""
        return self._physical()

    def now(self) -> str:
        with self._lock:
            pt = self._physical()
            if pt > self._ms:
                self._ms, self._counter = pt, 0
            else:
                self._counter += 1
            return encode(self._ms, self._counter)

    def observe(self, remote: str) -> None:
        """Move past a timestamp seen from elsewhere so later local events sort after it."""
        rms, rc = decode(remote)
        with self._lock:
            if (rms, rc) > (self._ms, self._counter):
                self._ms, self._counter = rms, rc

    @property
    def last(self) -> str:
        with self._lock:
            return encode(self._ms, self._counter)


def wins(a_hlc: str, a_device: str, b_hlc: str, b_device: str) -> bool:
    """Whether write A beats write B: the higher (HLC, device id) wins."""
    return (a_hlc, a_device) > (b_hlc, b_device)
