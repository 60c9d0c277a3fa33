"""Answers read from the read model, kept for one state of it.

The read model changes only when the projection applies records, and its cursor moves in the
same transaction, so anything read from it at cursor C stays true until the cursor moves. Office
users mostly open the same pages (today's vans, the first pages of 活动 and 审核, the visit they
were sent), so a page read at C is kept (the newest ``SIZE`` answers, frozen dataclasses only)
under its arguments and C. Each worker keeps its own: nothing in it is another worker's state.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from ..services.app import App

T = TypeVar("T")
SIZE = 512
_KEPT: OrderedDict[tuple[Hashable, ...], object] = OrderedDict()
_LOCK = threading.Lock()
_EPOCH = [0]  # raised by ``clear`` (a rebuilt read model starts its cursor again)


def cursor_of(app: App) -> str:
    return app.db.get_meta("sync_cursor") or "0"


def kept(app: App, key: tuple[Hashable, ...], read: Callable[[], T]) -> T:
    """``read()``'s answer for ``key`` at the read model's present state (read at most once per
    state and key while it stays among the newest)."""
    full = (str(app.db.path), _EPOCH[0], cursor_of(app), *key)
    with _LOCK:
        if full in _KEPT:
            _KEPT.move_to_end(full)
            return _KEPT[full]  # type: ignore[return-value]
    got = read()
    with _LOCK:
        _KEPT[full] = got
        while len(_KEPT) > SIZE:
            _KEPT.popitem(last=False)
    return got


def clear() -> None:
    with _LOCK:
        _KEPT.clear()
        _EPOCH[0] += 1
