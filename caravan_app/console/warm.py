"""Make what the first users after a change would wait for before they ask.

After a sync or a decision the first office user to open 审核 paid for the review states of every
decided visit and the whole queue's order (a quarter of a second at province scale) while the
others waited for it. One background thread per worker now watches the hub: when it has records
the read model has not, the thread applies them (the same ``catch_up`` a page runs), then
derives, for the read model's new state, the review states and the answers the first wave asks
for — the first page of the 审核 queue ("pending") and of the 活动 list (its default filters) for
the scopes in use (each scope a page was asked in since the worker started), and the office's
first ``PAGES`` pages of both — those only when the structure or the reviews moved: after a sync of
counts and sign-ins the pages' order is still kept (``state_cache``), so the first pages alone —
and the office's pages of the (at most ``VISITS``) visits whose facts arrived since the last round.

Only derived data goes into this worker's memory (``state_cache``); the database holds the truth.
Each answer is kept under the state read *before* it was read, so a page never shows less than
the state it is keyed by: a page asked after a newer sync keys on the newer state and reads it.
Watching costs one statement a second (``CARAVAN_CONSOLE_WARM_EVERY``, seconds); a decision on
this worker wakes the thread at once (``poke``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path

from ..server.db import HubDB
from ..services.app import App
from ..storage import console_queries as cq
from . import review_query, state_cache, visits_query
from .auth import ConsoleUser, Role, Scope, scope_of
from .projection import projection

log = logging.getLogger("caravan.console")

SCOPES = 16  # the scopes warmed: the office's and the newest others asked for
PAGES = int(os.environ.get("CARAVAN_CONSOLE_WARM_PAGES") or 20)  # the office's pages of each view warmed
QUEUE = review_query.QUEUE_PAGE
_OFFICE = ConsoleUser("", Role.OFFICE)
_USERS: OrderedDict[Scope, ConsoleUser] = OrderedDict()
_USERS_LOCK = threading.Lock()


def note(user: ConsoleUser) -> None:
    """A page was asked in ``user``'s scope: warm that scope too from now on."""
    sc = scope_of(user)
    with _USERS_LOCK:
        if sc in _USERS:
            _USERS.move_to_end(sc)
            return
        _USERS[sc] = user
        while len(_USERS) > SCOPES:
            _USERS.popitem(last=False)


def _users() -> list[ConsoleUser]:
    with _USERS_LOCK:
        seen = dict(_USERS)
    office = scope_of(_OFFICE)
    return [_OFFICE, *(u for sc, u in seen.items() if sc != office)]


class Warmer:
    """The thread that keeps one hub's read model applied and its first pages derived."""

    def __init__(self, hub_data_dir: Path, hdb: HubDB, every: float | None = None) -> None:
        self.where = Path(hub_data_dir)
        self.hdb = hdb
        self.every = every if every is not None else float(os.environ.get("CARAVAN_CONSOLE_WARM_EVERY") or 1.0)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._done: tuple[int, state_cache.State] | None = None  # the state last warmed
        self.rounds = 0  # states warmed so far (tests and logs)
        self._thread = threading.Thread(target=self._run, name="console-warm", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        """Look at the hub now (a decision was just made here)."""
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.once()
            except Exception as exc:  # noqa: BLE001 - a failed warm only costs the next page its read
                log.warning("the console could not prepare its pages (%s)", type(exc).__name__)
            self._wake.wait(self.every)
            self._wake.clear()

    def _visits(self, app: App, cursor: int | None) -> None:
        if not self._stop.is_set():
            _read_visits(app, cursor)

    def once(self) -> bool:
        """Apply what the hub has beyond the read model, then derive the first pages for its
        state unless that state was already warmed; whether anything was derived."""
        p = projection(self.where, self.hdb)
        p.catch_up(background=True)
        st = state_cache.read_state(p.db)  # read before the answers: they are at least this new
        state_cache.saw(p.path, st)
        at = (state_cache.epoch(), st)
        if at == self._done or self._stop.is_set():
            return False
        app = p.app
        review_query.ensure_states(app)
        users = _users()
        # After a sync of counts and sign-ins alone (the cursor moved, not the structure or the
        # reviews) the pages' order and most figures are still kept: a page asked then costs a
        # marks read, and warming twenty of them only competed with the users' first wave.
        moved = self._done is None or self._done[0] != at[0] or self._done[1].review != st.review
        for n in range(PAGES if moved else 1):  # every scope's first page first, then the office's next
            for user in users if n == 0 else users[:1]:
                if self._stop.is_set():
                    return False
                _, total = review_query.queue_page(app, user, "pending", n * QUEUE, QUEUE)
                listed = visits_query.list_visits(app, user, visits_query.VisitFilters(page=n + 1))
                if user is _OFFICE and (n + 1) * QUEUE >= total and n + 1 >= listed.pages:
                    users = []  # the office's last page
        self._visits(app, int(self._done[1].cursor) if self._done is not None and self._done[0] == at[0] else None)
        self._done = at
        self.rounds += 1
        return True


VISITS = 10  # the visits just synced whose pages are read ahead (the office is sent to those)


def _visits_since(app: App, cursor: int | None) -> list[str]:
    if cursor is None:
        return []
    with app.db.read() as s:
        return cq.marked_since(s, cursor, VISITS)


def _read_visits(app: App, cursor: int | None) -> None:
    """The office's pages of the visits whose facts arrived since ``cursor`` (none at start)."""
    for vid in _visits_since(app, cursor):
        row = visits_query.find(app, _OFFICE, vid)
        if row is not None:
            visits_query.detail(app, _OFFICE, row)


def poke(app: object) -> None:
    """Wake the served app's warmer, if it has one (a decision was just made)."""
    w = getattr(getattr(app, "state", None), "warmer", None)
    if isinstance(w, Warmer):
        w.poke()
