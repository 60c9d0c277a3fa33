"""Application logs: rotating files in the data directory, and a last-resort exception hook.

The log is what a crew member sends when something went wrong in the field, so it is plain
text, UTF-8, and bounded (5 × 1 MB).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

LOG_NAME = "caravan.log"


def log_dir(data_dir: Path) -> Path:
    d = data_dir / "logs"
    d.mkdir(parents=True, exist_ok=True)
    return d


class _QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (a full disk) stays silent: the command's own message says what
    is wrong; logging's "--- Logging error ---" traceback on the console would only bury it."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handleError(record)


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path:
    """Log to ``<data>/logs/caravan.log`` (rotating). Idempotent."""
    path = log_dir(data_dir) / LOG_NAME
    root = logging.getLogger()
    for h in root.handlers:
        if isinstance(h, logging.handlers.RotatingFileHandler) and Path(h.baseFilename) == path:
            return path
    handler = _QuietFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path


def format_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """A copyable report of an unexpected error: version, platform, traceback."""
    import platform

    from . import __version__

    lines = [
        f"Caravan Field Log {__version__}",
        f"Python {platform.python_version()} on {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def install_excepthook() -> None:
    """Log unexpected exceptions before Python prints them (CLI and headless servers)."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        logging.getLogger("caravan").error("unexpected error\n%s", format_report(exc_type, exc, tb))
        previous(exc_type, exc, tb)

    sys.excepthook = hook
