"""Answers read from the read model, kept for one state of it.

The read model changes only when the projection applies records, and its cursor moves in the
same transaction, so anything read from it at cursor C stays true until the cursor moves. Office
users mostly open the same pages (today's vans, the first pages of 活动 and 审核, the visit they
were sent), so a page read at C is kept (the newest ``SIZE`` answers, frozen dataclasses only)
under its arguments and C. Each worker keeps its own: nothing in it is another worker's state.

What a page shows changes less often than the cursor: most syncs bring a van's counts and
sign-ins, which change those visits and nothing else. So the projection also keeps two cursors
(``console_queries.mark_page``): the *structure* (the last page with anything but a visit's own
facts: visits, sites, vans, merges, settings…) and the *review* cursor (also reviews and
reopens), plus each visit's mark. An answer can be kept ``on`` one of them instead of the
cursor — the 审核 queue on the review cursor, a visit's page on the structure and its mark — and
then outlives the syncs that did not touch it.

Twenty users opening the same page right after a sync would each read it; the first one reads
and the others wait for its answer (a read that fails lets each waiter read for itself). Reads
of different pages run at most ``AT_ONCE`` at a time, the others in turn: twenty reads sharing
one interpreter all finished late (each took twenty times its own time); in turn, most finish
early and none later than before.
"""

from __future__ import annotations

import contextvars
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from ..services.app import App
from ..storage import console_queries as cq
from ..storage.database import Database

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


@dataclass(frozen=True)
class State:
    """The read model's cursor and the cursors of what moved last (see the module's text)."""

    cursor: str
    structure: str
    review: str


def read_state(db: Database) -> State:
    """The file's state, in one statement. A file without marks counts every page as a
    structure change (its answers are kept per cursor, as before marks)."""
    metas = db.get_metas(CURSOR_KEY, cq.STRUCTURE_KEY, cq.REVIEW_SEQ_KEY)
    c = metas.get(CURSOR_KEY) or "0"
    s = metas.get(cq.STRUCTURE_KEY) or c
    return State(c, s, metas.get(cq.REVIEW_SEQ_KEY) or s)


# The state this request's catch-up read (``saw``): its pages key on it without reading the file
# again. A context variable, so it is one request's (each runs in its own copy of the context).
_SEEN: contextvars.ContextVar[tuple[str, int, State] | None] = contextvars.ContextVar("console_state", default=None)
CURSOR_KEY = "sync_cursor"


def saw(path: Path | str, state: State) -> None:
    _SEEN.set((str(path), _EPOCH[0], state))


def state_of(app: App) -> State:
    """The state the request's catch-up read, else the file's own."""
    seen = _SEEN.get()
    if seen is not None and seen[0] == str(app.db.path) and seen[1] == _EPOCH[0]:
        return seen[2]
    return read_state(app.db)


def cursor_of(app: App) -> str:
    return state_of(app).cursor


On = Literal["cursor", "structure", "review"]


def _at(app: App, on: On) -> Hashable:
    st = state_of(app)
    if on == "structure":
        return ("s", st.structure)
    if on == "review":
        return ("r", st.structure, st.review)
    return st.cursor


def kept(app: App, key: tuple[Hashable, ...], read: Callable[[], T], big: bool = False, on: On = "cursor") -> T:
    """``read()``'s answer for ``key`` at the read model's present state (read at most once per
    state and key while it stays among the newest; ``big``: among the newest ``LISTS``).
    ``on``: which cursor decides the state (``structure``/``review``: for answers that only
    those change; a visit's own facts go into ``key`` as its mark)."""
    full = (str(app.db.path), _EPOCH[0], _at(app, on), big, *key)
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
