"""Is the hub reachable? A cheap probe and an exponential backoff with jitter, so a van full of
laptops does not hammer the hub (or drain a battery) while the link is down."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays in seconds: base, 2×base, 4×base … capped; ``reset()`` after a success."""

    base: float = 5.0
    cap: float = 600.0
    jitter: float = 0.2
    attempts: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def next_delay(self) -> float:
        d = min(self.cap, self.base * (2**self.attempts))
        self.attempts += 1
        return d * (1 + self.rng.uniform(-self.jitter, self.jitter))

    def reset(self) -> None:
        self.attempts = 0


def probe(url: str, timeout: float = 5.0) -> bool:
    """Whether the hub at ``url`` answers ``/healthz``. Only reachability: no credentials are
    sent, so the certificate is not checked here (the sync itself verifies the pinned one)."""
    import httpx

    try:
        return httpx.get(url.rstrip("/") + "/healthz", timeout=timeout, verify=False).status_code == 200
    except httpx.HTTPError:
        return False
