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
from dataclasses import dataclass

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
        self._start = (wall(), time.monotonic())  # to see the wall clock being set while running

    def drift_ms(self) -> int:
        """How far the wall clock moved against the monotonic clock since this HLC was made
        (a person or a dead CMOS battery setting the time while the app runs)."""
        wall0, mono0 = self._start
        return int(((self._wall() - wall0) - (time.monotonic() - mono0)) * 1000)

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


CLOCK_TOLERANCE_MS = 30 * 60 * 1000  # other laptops may stamp up to 10 min ahead (the hub's limit)


@dataclass(frozen=True)
class ClockMove:
    """This laptop's clock cannot be trusted for dating records: ``kind`` "back" (it reads
    earlier than a time it has already seen: the hub's at the last sync, or its newest record)
    or "jump" (it was set while the app ran); ``by_ms`` how far; ``seen_ms`` the time seen."""

    kind: str
    by_ms: int
    seen_ms: int


def clock_move(now_ms: int, hub_ms: int, newest_ms: int, drift_ms: int) -> ClockMove | None:
    """The one rule for a clock that moved since the last sync (corrected ``now_ms`` against
    the hub's time at the last sync, the newest HLC seen, and the monotonic clock)."""
    seen = max(hub_ms, newest_ms)
    if seen - now_ms > CLOCK_TOLERANCE_MS:
        return ClockMove("back", seen - now_ms, seen)
    if abs(drift_ms) > CLOCK_TOLERANCE_MS:
        return ClockMove("jump", drift_ms, hub_ms)
    return None


def wins(a_hlc: str, a_device: str, b_hlc: str, b_device: str) -> bool:
    """Whether write A beats write B: the higher (HLC, device id) wins."""
    return (a_hlc, a_device) > (b_hlc, b_device)
