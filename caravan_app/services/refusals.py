"""Why the disk refused a write, for the faces (GUI, CLI): they may not reach storage themselves,
so the one classifier (storage/diskerrors.py) is offered here."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import StorageError


def classify(exc: BaseException, folder: Path | None = None) -> StorageError | None:
    """The person's message for a refused write (disk full, read-only, no permission), or None."""
    from ..storage.diskerrors import classify as _classify

    return _classify(exc, folder)
