"""Wait for a condition, not for a guess of how long something takes (a loaded CI machine is slow)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def wait_until(
    condition: Callable[[], object], timeout: float = 30.0, what: str = "condition", interval: float = 0.02
) -> None:
    """Poll ``condition`` every ``interval`` seconds until it is true; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


def downloaded(folder: Path, pattern: str, timeout: float = 60.0) -> Path:
    """The one file matching ``pattern`` that Chromium finished downloading into ``folder``.

    Chromium creates an empty file of the final name when a download starts and writes into a
    ``.crdownload`` beside it, so a file of that name alone is no sign of a finished download."""

    def done() -> bool:
        files = list(folder.glob(pattern))
        return len(files) == 1 and files[0].stat().st_size > 0 and not list(folder.glob("*.crdownload"))

    wait_until(done, timeout, f"the download {pattern} in {folder}", interval=0.2)
    (path,) = folder.glob(pattern)
    return path
