"""What every service shares: the database, its corrected clock, and typed handles on it
(``UnitOfWork`` to write, ``ReadSession`` to read: storage/handles.py) to pass to repositories."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager

from ..domain import hlc
from ..domain.errors import DomainError
from ..storage.database import Database
from ..storage.handles import ReadSession, UnitOfWork, unit_of_work

__all__ = ["Clock", "ClockMoved", "ReadSession", "Service", "UnitOfWork"]


class ClockMoved(DomainError):
    """The laptop's clock moved since the last sync; records are not dated by it unconfirmed."""

    def __init__(self, move: hlc.ClockMove) -> None:
        self.move = move
        seen = dt.datetime.fromtimestamp(move.seen_ms / 1000).strftime("%Y-%m-%d %H:%M")
        hours = abs(move.by_ms) / 3_600_000
        if move.kind == "back":
            zh = (
                f"电脑时钟比上次同步时服务器的时间（或本机最新记录的时间 {seen}）早了约 {hours:.1f} 小时："
                "记录会被记到错误的日期。请先在 Windows 中把日期和时间改正确（或联网同步一次），"
                "确认时间无误后可用 caravan --clock-ok 命令… 继续"
            )
            en = (
                f"this laptop's clock reads about {hours:.1f} h earlier than a time it has already seen "
                f"({seen}, the hub's at the last sync or its newest record): records would get the wrong day. "
                "Set the date and time in Windows (or sync once); run caravan --clock-ok COMMAND… if the time is right"
            )
        else:
            zh = (
                f"电脑时钟在程序运行中被调整了约 {hours:.1f} 小时：请核对日期和时间（或联网同步一次），"
                "确认无误后可用 caravan --clock-ok 命令… 继续"
            )
            en = (
                f"this laptop's clock was set by about {hours:.1f} h while the app ran: check the date and "
                "time (or sync once); run caravan --clock-ok COMMAND… if it is right"
            )
        super().__init__("clock", zh, en)


class Clock:
    """The one clock services read for times people see (``at``, arrival, departure, "today"):
    the laptop's clock corrected by the offset to the hub measured at the last sync, so a
    laptop a day off still writes the right day. It reads the database's HLC (which tests skew
    by giving it another wall clock), so the two never disagree.

    A clock that moved back since the last sync (``hlc.clock_move``) never dates a record
    before the hub's time at that sync: the day stays the day that was seen. ``strict`` (the
    command line) refuses to date anything then, with a message, unless ``trusted`` (a person
    confirmed the time, ``--clock-ok``); the desktop app shows a warning (``check``)."""

    def __init__(self, db: Database, strict: bool = False) -> None:
        self.db = db
        self.strict = strict
        self.trusted = False  # a person confirmed the time is right (--clock-ok): date by it

    def check(self) -> hlc.ClockMove | None:
        """Whether the clock moved since the last sync (None: it can be trusted)."""
        c = self.db.clock
        newest = hlc.physical_ms(c.last)
        return hlc.clock_move(c.corrected_ms(), getattr(self.db, "hub_seen_ms", 0), newest, c.drift_ms())

    def now(self) -> dt.datetime:
        """Corrected local wall time (naive, like every ``at`` in the data)."""
        ms = self.db.clock.corrected_ms()
        move = None if self.trusted else self.check()
        if move is not None:
            if self.strict:
                raise ClockMoved(move)
            ms = max(ms, getattr(self.db, "hub_seen_ms", 0))
        return dt.datetime.fromtimestamp(ms / 1000)

    def timestamp(self, value: dt.datetime | None = None) -> str:
        """An event's time, ISO to the second: ``value`` if a person gave one, else now."""
        return (value or self.now()).replace(microsecond=0).isoformat()

    def today(self) -> dt.date:
        return self.now().date()


class Service:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.clock = clock or Clock(db)

    def unit(self) -> AbstractContextManager[UnitOfWork]:
        """One write transaction: the typed unit of work every change goes through."""
        return unit_of_work(self.db)

    def read(self) -> AbstractContextManager[ReadSession]:
        """One read transaction, to hand to the repositories in storage/."""
        return self.db.read()
