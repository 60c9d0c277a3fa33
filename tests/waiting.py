"""Wait for a condition, not for a guess of how long something takes (a loaded CI machine is slow)."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(
    condition: Callable[[], object], timeout: float = 30.0, what: str = "condition", interval: float = 0.02
) -> None:
    """Poll ``condition`` every ``interval`` seconds until it is true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)
