"""Today's visits for the first window, read before the data layer loads (storage/fast_read.py:
plain sqlite3, no SQLAlchemy), so the crew sees the day while the rest of the app starts."""

from __future__ import annotations

from ..storage.fast_read import TodaySnapshot, TodayVisit, today

__all__ = ["TodaySnapshot", "TodayVisit", "today"]
