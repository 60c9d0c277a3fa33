"""Answers read from the read model, kept for one state of it.

The read model changes only when the projection applies records, and its cursor moves in the
same transaction, so anything read from it at cursor C stays true until the cursor moves. Office
users mostly open the same pages (today's vans, the first pages of 活动 and 审核, the visit they
were sent), so a page read at C is kept (the newest ``SIZE`` answers, frozen dataclasses only)
under its arguments and C. Each worker keeps its own: nothing in it is another worker's state.

Twenty users opening the same page right after a sync would each read it; the first one reads
and the others wait for its answer (a read that fails lets each waiter read for itself). Reads
of different pages run at most ``AT_ONCE`` at a time, the others in turn: twenty reads sharing
one interpreter all finished late (each took twenty times its own time); in turn, most finish
early and none later than before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import TypeVar

from ..services.app import App

T = TypeVar("T")
SIZE = 512
LISTS = 8  # whole ordered lists (a queue's 13,750 ids: 1 MB) are kept apart, fewer of them
_KEPT: OrderedDict[tuple[Hashable, ...], object] = OrderedDict()
_LOCK = threading.Lock()
_READING: dict[tuple[Hashable, ...], Future[object]] = {}  # keys being read now
_FAILED = object()
AT_ONCE = 2
_TURNS = threading.BoundedSemaphore(AT_ONCE)
_DEPTH = threading.local()  # a read inside a read (a page's count) does not wait for a turn again
_BIG: list[tuple[Hashable, ...]] = []  # the big answers among _KEPT, oldest first
_EPOCH = [0]  # raised by ``clear`` (a rebuilt read model starts its cursor again)


def epoch() -> int:
    """Raised each time a read model is rebuilt: its cursor starts again, so a cursor alone no
    longer names one state of the file."""
    return _EPOCH[0]


def cursor_of(app: App) -> str:
    return app.db.get_meta("sync_cursor") or "0"


def kept(app: App, key: tuple[Hashable, ...], read: Callable[[], T], big: bool = False) -> T:
    """``read()``'s answer for ``key`` at the read model's present state (read at most once per
    state and key while it stays among the newest; ``big``: among the newest ``LISTS``)."""
    full = (str(app.db.path), _EPOCH[0], cursor_of(app), big, *key)
    with _LOCK:
        if full in _KEPT:
            _KEPT.move_to_end(full)
            return _KEPT[full]  # type: ignore[return-value]
        reading = _READING.get(full) if SIZE > 0 else None
        mine: Future[object] | None = None
        if reading is None and SIZE > 0:
            mine = _READING[full] = Future()
    if reading is not None and int(getattr(_DEPTH, "n", 0)):
        return read()  # inside a read holding a turn: never wait for another (no deadlock)
    if reading is not None:
        got_there = reading.result()
        if got_there is not _FAILED:
            return got_there  # type: ignore[return-value]
        return read()
    try:
        got = _in_turn(read) if mine is not None else read()
    except BaseException:
        if mine is not None:
            with _LOCK:
                _READING.pop(full, None)
            mine.set_result(_FAILED)
        raise
    with _LOCK:
        if big and full not in _KEPT:
            _BIG.append(full)
        _KEPT[full] = got
        while len(_KEPT) > SIZE:
            _forget(next(iter(_KEPT)))
        while len(_BIG) > LISTS:
            _forget(_BIG[0])
        _READING.pop(full, None)
    if mine is not None:
        mine.set_result(got)
    return got


def _in_turn(read: Callable[[], T]) -> T:
    depth: int = getattr(_DEPTH, "n", 0)
    if depth:
        _DEPTH.n = depth + 1
        try:
            return read()
        finally:
            _DEPTH.n = depth
    with _TURNS:
        _DEPTH.n = 1
        try:
            return read()
        finally:
            _DEPTH.n = 0


def _forget(full: tuple[Hashable, ...]) -> None:
    _KEPT.pop(full, None)
    if full[3]:
        _BIG.remove(full)


def clear() -> None:
    with _LOCK:
        _KEPT.clear()
        _BIG.clear()
        _EPOCH[0] += 1
