"""Changes made outside this process, for the faces that show live data (the desktop window)."""

from __future__ import annotations

from ..storage.data_version import DataVersionProbe, ExternalCommits, Written, announced_commits

__all__ = ["DataVersionProbe", "ExternalCommits", "Written", "announced_commits"]
