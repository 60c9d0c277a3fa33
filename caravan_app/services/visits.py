"""Visits: plan, arrive, run, complete; the crew on duty and their volunteer hours."""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from ..domain import figures, rules
from ..domain.duty import visit_minutes
from ..domain.errors import RuleError
from ..domain.ids import signin_token
from ..domain.records.sites import Site
from ..domain.records.visits import Visit, VisitEdit, VisitListing
from ..domain.vocab import (
    ACTIVITY_KIND_LABELS,
    ACTIVITY_KINDS,
    ActivityKind,
    DutyKind,
    VisitStatus,
    guess_activity_kind,
)
from ..storage import queries as q
from ..storage import visit_repo
from .base import Service
from .lifecycle import open_for_records


@dataclass(frozen=True)
class VisitReopen:
    """One reopening of a completed visit: why, by whom, when (an append-only fact)."""

    id: str
    visit_id: str
    reason: str
    by: str | None
    at: str


@dataclass
class VisitSummary:
    """What a visit recorded: shown when completing it and printed on its report."""

    visit: Visit  # even a deleted one: its report still reads
    site: Site | None  # None: the site is not on this laptop
    tallies: dict[str, int]
    attendance: int
    signins: int
    books: int
    distributed: list[tuple[str, str | None, int]]
    crew_hours: dict[str, float] = field(default_factory=dict)  # figures.hours of ``crew_minutes``
    reopens: list[VisitReopen] = field(default_factory=list)  # in time order
    # Whole minutes on duty per person (domain/duty.visit_minutes): what the report prints and
    # its code certifies. Crew still on duty count until the leave time, or until now while the
    # visit is open (the completion dialog shows what completing now will record).
    crew_minutes: dict[str, int] = field(default_factory=dict)
    books_by_unit: dict[str, int] = field(default_factory=dict)  # copies per unit: never one sum

    def to_dict(self) -> dict[str, Any]:
        return {
            "visit": self.visit.to_json(),
            "site": None if self.site is None else asdict(self.site),
            "tallies": self.tallies,
            "attendance": self.attendance,
            "signins": self.signins,
            "books": self.books,
            "distributed": [list(x) for x in self.distributed],
            "crew_hours": self.crew_hours,
            "crew_minutes": self.crew_minutes,
            "books_by_unit": self.books_by_unit,
            "reopens": [asdict(r) for r in self.reopens],
        }


def activities_text(value: object) -> str | None:
    if value is None:
        return None
    items = value if isinstance(value, list | tuple) else str(value).replace("，", ",").replace("、", ",").split(",")
    cleaned = [rules.text("activities", a) for a in items]
    return "、".join(a for a in cleaned if a) or None


def activity_kind_code(value: object) -> str | None:
    """A visit's statistics category from its code or its Chinese/English label (None: none given)."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    for code, (zh, en) in ACTIVITY_KIND_LABELS.items():
        if text in (code.value, zh, en):
            return code.value
    return rules.choice("activity_kind", text, ActivityKind)


def duty_hours(events: list[tuple[str, str, str]], until: str | None = None) -> dict[str, float]:
    """Hours per person from (person_id, kind, at) events in time order.

    An "on" without a matching "off" counts until ``until`` (the visit's leave time) if given.
    Repeated "on" or "off" events (two laptops) are folded: only state changes count.
    """
    started: dict[str, dt.datetime] = {}
    total: dict[str, float] = {}
    for pid, kind, at in events:
        t = dt.datetime.fromisoformat(at)
        if kind == DutyKind.ON:
            started.setdefault(pid, t)
        elif pid in started:
            total[pid] = total.get(pid, 0.0) + (t - started.pop(pid)).total_seconds() / 3600
        total.setdefault(pid, 0.0)
    if until:
        end = dt.datetime.fromisoformat(until)
        for pid, t in started.items():
            total[pid] = total.get(pid, 0.0) + max(0.0, (end - t).total_seconds() / 3600)
    return {k: round(v, 2) for k, v in total.items()}


class VisitService(Service):
    def add(
        self,
        site_id: str,
        caravan_id: str,
        date: object,
        theme: str | None = None,
        activities: object = None,
        notes: str | None = None,
        activity_kind: str | None = None,
    ) -> str:
        data = {
            "site_id": site_id,
            "caravan_id": caravan_id,
            "date": rules.date("date", date),
            "status": VisitStatus.PLANNED.value,
            "theme": rules.text("theme", theme),
            "activities": activities_text(activities),
            "notes": rules.notes("notes", notes),
            "signin_token": signin_token(),  # 16 unambiguous characters (domain.ids)
        }
        # the statistics category; by default guessed from the theme (editable later)
        data["activity_kind"] = activity_kind_code(activity_kind) or guess_activity_kind(
            data["theme"], data["activities"]
        )
        with self.unit() as u:
            visit_repo.check_exists(u, "site", site_id, "site_id")
            visit_repo.check_exists(u, "caravan", caravan_id, "caravan_id")
            return u.insert("visit", data)

    def update(self, visit_id: str, **changes: Any) -> VisitEdit:
        """Edit a visit's fields (not its status); says what changed and how the visit is now."""
        data: dict[str, Any] = {}
        if "date" in changes:
            data["date"] = rules.date("date", changes["date"])
        if "theme" in changes:
            data["theme"] = rules.text("theme", changes["theme"])
        if "activities" in changes:
            data["activities"] = activities_text(changes["activities"])
        if "notes" in changes:
            data["notes"] = rules.notes("notes", changes["notes"])
        if "activity_kind" in changes:
            data["activity_kind"] = activity_kind_code(changes["activity_kind"])
        left = changes.get("left_at")
        for f in ("site_id", "caravan_id"):
            if f in changes:
                data[f] = changes[f]
        with self.unit() as u:
            row = visit_repo.for_change(u, visit_id)
            if left is not None:  # a correction of the departure time: a synced edit of the visit
                if row.status != VisitStatus.COMPLETED:
                    raise RuleError(
                        "left_at",
                        "离开时间只能在活动完成后更正（进行中的活动在完成时记录离开时间）",
                        "the leave time can be corrected only on a completed visit",
                    )
                data["left_at"] = left_time(row, left)
            for f in ("site_id", "caravan_id"):
                if f in data:
                    visit_repo.check_exists(u, f.removesuffix("_id"), data[f], f)
            changed = u.update("visit", visit_id, data)
            return VisitEdit(dataclasses.replace(row, **changed), changed)

    def _set_status(self, visit_id: str, status: str, extra: dict[str, Any] | None = None) -> Visit:
        with self.unit() as u:
            row = visit_repo.for_change(u, visit_id)
            change = {"status": rules.transition(row.status, status), **(extra or {})}
            u.update("visit", visit_id, change)
            return dataclasses.replace(row, **change)

    def arrive(self, visit_id: str, at: dt.datetime | None = None) -> Visit:
        """到达: record arrival and start the visit."""
        return self._set_status(visit_id, VisitStatus.IN_PROGRESS, {"arrived_at": self.clock.timestamp(at)})

    def complete(
        self, visit_id: str, at: dt.datetime | None = None, left_at: object = None, keep_left: bool = True
    ) -> VisitSummary:
        """Complete the visit: crew still on duty go off duty now. The leave time is now, or
        ``left_at`` ("HH:MM" or an ISO time) when given. A reopened visit completed again keeps
        the departure time it had (a tally added later in the office does not move the van's
        departure) unless ``left_at`` is given or ``keep_left`` is False."""
        now = self.clock.timestamp(at)
        with self.unit() as u:
            row = visit_repo.for_change(u, visit_id)
            rules.transition(row.status, VisitStatus.COMPLETED)
            if left_at is not None and str(left_at).strip():
                left = left_time(row, left_at)
            elif row.left_at and keep_left:
                left = str(row.left_at)
            else:
                left = now
            for pid in self._on_duty(u.session, visit_id):
                u.insert("duty_event", {"visit_id": visit_id, "person_id": pid, "kind": DutyKind.OFF.value, "at": now})
            change = {"status": VisitStatus.COMPLETED.value}
            if left != row.left_at:
                change["left_at"] = left
            u.update("visit", visit_id, change)
        return self.summary(visit_id)

    def cancel(self, visit_id: str) -> Visit:
        return self._set_status(visit_id, VisitStatus.CANCELLED)

    def reopen(self, visit_id: str, reason: object = None, by: object = None) -> Visit:
        """Reopen a visit. A completed one needs a reason: a ``visit_reopen`` fact (reason, who,
        when) is recorded and synced, the reprinted report shows it, and verification codes
        printed before stop verifying (the digest counts reopens). A cancelled one returns
        to planned. Either way the visit gets a new sign-in link: the old QR (on a poster, in a
        chat) must not start working again by itself."""
        from ..domain.ids import signin_token

        with self.unit() as u:
            row = visit_repo.for_change(u, visit_id)
            fresh = {"signin_token": signin_token()} if row.signin_token else {}
            if row.status == VisitStatus.COMPLETED:
                why = rules.text("reason", reason, required=True, max_len=400)
                who = rules.text("name", by, max_len=100)
                u.insert("visit_reopen", {"visit_id": visit_id, "reason": why, "by": who, "at": self.clock.timestamp()})
                change = {"status": VisitStatus.IN_PROGRESS.value, **fresh}
            else:
                target = VisitStatus.PLANNED if row.status == VisitStatus.CANCELLED else VisitStatus.IN_PROGRESS
                change = {"status": rules.transition(row.status, target), **fresh}
            u.update("visit", visit_id, change)
            return dataclasses.replace(row, **change)

    def reopens(self, visit_id: str) -> builtins.list[VisitReopen]:
        """The visit's reopen facts in time order (reason, who, when)."""
        with self.read() as s:
            return [VisitReopen(*r) for r in visit_repo.reopens(s, visit_id)]

    def delete(self, visit_id: str) -> None:
        with self.unit() as u:
            row = visit_repo.for_change(u, visit_id)
            if row.status != VisitStatus.PLANNED:
                raise RuleError("status", "只能删除计划中的活动", "only planned visits can be deleted")
            u.delete("visit", visit_id)

    def get(self, visit_id: str) -> Visit | None:
        """A live visit, or None."""
        with self.read() as s:
            return visit_repo.get(s, visit_id)

    def by_token(self, token: str) -> Visit | None:
        """The live visit behind a phone link (the school's rating page), or None."""
        with self.db.engine.connect() as conn:  # no ORM session: read on a phone's request
            return visit_repo.by_token(conn, token)

    def new_signin_token(self, visit_id: str) -> str:
        """Replace the visit's sign-in link (old QR codes stop working). The token is 16
        characters of an alphabet without look-alikes (no 0/O, 1/I/L), upper case, so a
        person typing the poster's address cannot confuse them and any case works
        (``SigninSession.resolve``)."""
        from ..domain.ids import signin_token

        token = signin_token()
        with self.unit() as u:
            visit_repo.for_change(u, visit_id)
            u.update("visit", visit_id, {"signin_token": token})
        return token

    def list(
        self,
        start: object = None,
        end: object = None,
        caravan_id: str | None = None,
        status: str | None = None,
        county: str | None = None,
        search: str | None = None,
    ) -> list[VisitListing]:
        """Visits with their site's name and county, for lists and filters."""
        with self.read() as s:
            rows = visit_repo.listing(s, _d(start), _d(end), caravan_id, status)
        return [
            v
            for v in rows
            if (not county or v.county == county)
            and (not search or search in (v.site_name or "") or search in (v.theme or ""))
        ]

    def today(self, caravan_id: str | None, today: dt.date | None = None) -> builtins.list[VisitListing]:
        """Today's visits of a van (all vans: None), cancelled ones left out."""
        day = (today or self.clock.today()).isoformat()
        return [v for v in self.list(day, day, caravan_id) if v.status != VisitStatus.CANCELLED]

    # --- crew duty --------------------------------------------------------------------------

    @staticmethod
    def _on_duty(s: Any, visit_id: str) -> builtins.list[str]:
        state: dict[str, str] = {}
        for pid, kind, _at in visit_repo.duty_events(s, visit_id):
            state[pid] = kind
        return [p for p, k in state.items() if k == DutyKind.ON]

    def on_duty(self, visit_id: str) -> builtins.list[str]:
        with self.read() as s:
            return self._on_duty(s, visit_id)

    def duty(self, visit_id: str, person_id: str, kind: str | None = None, at: dt.datetime | None = None) -> str:
        """Put a crew member on or off duty; with no ``kind`` toggle (a badge scanned twice)."""
        with self.unit() as u:
            open_for_records(u, visit_id, at)
            visit_repo.check_exists(u, "person", person_id, "person_id")
            if kind is None:
                kind = DutyKind.OFF if person_id in self._on_duty(u.session, visit_id) else DutyKind.ON
            kind = rules.choice("kind", kind, DutyKind)
            u.insert(
                "duty_event",
                {"visit_id": visit_id, "person_id": person_id, "kind": kind, "at": self.clock.timestamp(at)},
            )
            return kind

    def duty_events(self, visit_id: str) -> builtins.list[tuple[str, str, str]]:
        """(person id, kind, at) of the visit's duty events in time order."""
        with self.read() as s:
            return visit_repo.duty_events(s, visit_id)

    def crew_hours(self, visit_id: str) -> dict[str, float]:
        """Hours per person at the visit, by the one rule (figures.hours of ``crew_minutes``)."""
        return {p: figures.hours(n) for p, n in self.crew_minutes(visit_id).items()}

    def crew_minutes(self, visit_id: str) -> dict[str, int]:
        """Whole minutes on duty per person at the visit (domain/duty.visit_minutes)."""
        with self.read() as s:
            visit = visit_repo.get_any(s, visit_id)
            events = visit_repo.duty_events(s, visit_id)
        return visit_minutes(events, self._until(visit))

    def _until(self, visit: Visit | None) -> str | None:
        """Where a stretch still open ends: while the visit is in progress (also reopened), now
        (the corrected clock): what completing now records; otherwise the leave time."""
        if visit is None:
            return None
        if visit.status == VisitStatus.IN_PROGRESS:
            return self.clock.timestamp()
        return str(visit.left_at) if visit.left_at else None

    def legacy_crew_minutes(self, visit_id: str) -> dict[str, int]:
        """Minutes as codes printed before the one-figure rule certified them (hours rounded to
        two decimals, times 60): such a paper still verifies when nothing changed."""
        with self.read() as s:
            visit = visit_repo.get_any(s, visit_id)
            events = visit_repo.duty_events(s, visit_id)
        until = visit.left_at if visit and visit.left_at else None
        return {p: round(h * 60) for p, h in duty_hours(events, until).items()}

    # --- summary ----------------------------------------------------------------------------

    def summary(self, visit_id: str) -> VisitSummary:
        with self.read() as s:
            v = visit_repo.get_any(s, visit_id)
            if v is None:
                raise RuleError("visit_id", "找不到该活动", f"no such visit: {visit_id}")
            site = visit_repo.site_of(s, v.site_id)
            tallies = q.tally_totals(s, visit_id)
            signins = q.signin_count(s, visit_id)
            dist = q.distributed_by_visit(s, visit_id)
            units = visit_repo.title_units(s, list({t for t, _r, _n in dist}))
            events = visit_repo.duty_events(s, visit_id)
            until = self._until(v)
        minutes = visit_minutes(events, until)
        return VisitSummary(
            visit=v,
            site=site,
            tallies=tallies,
            attendance=sum(tallies.values()),
            signins=signins,
            books=sum(n for _t, _r, n in dist),
            distributed=dist,
            crew_hours={p: figures.hours(n) for p, n in minutes.items()},
            reopens=self.reopens(visit_id),
            crew_minutes=minutes,
            books_by_unit=figures.by_unit((units.get(t), n) for t, _r, n in dist),
        )

    @staticmethod
    def activity_kinds() -> tuple[str, ...]:
        return ACTIVITY_KINDS


def left_time(row: Visit, value: object) -> str:
    """A leave time from "HH:MM" (on the day of arrival, else the visit's date) or an ISO
    timestamp; never before the arrival."""
    text = str(value).strip().replace(" ", "T")
    try:
        if len(text) <= 5 and ":" in text:
            h, mnt = text.split(":")
            day = str(row.arrived_at or row.date)[:10]
            t = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(int(h), int(mnt)))
        else:
            t = dt.datetime.fromisoformat(text)
    except ValueError:
        raise RuleError(
            "left_at", "离开时间格式不正确（应为 HH:MM，如 11:45）", "the leave time is not a time (HH:MM, e.g. 11:45)"
        ) from None
    out = rules.timestamp(t.replace(microsecond=0))
    if row.arrived_at and out < str(row.arrived_at):
        raise RuleError(
            "left_at",
            f"离开时间 {out[11:16]} 早于到达时间 {str(row.arrived_at)[11:16]}：请检查",
            f"the leave time {out[11:16]} is before the arrival {str(row.arrived_at)[11:16]}",
        )
    return out


def _d(value: object) -> str | None:
    if value is None or value == "":
        return None
    return rules.date("date", value)
