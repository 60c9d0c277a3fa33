"""Requests for a visit (点单) and their planning (派单) on the hub (docs/orders.md).

A request is office data in the hub database (``hub_orders``): who asked (contact and phone),
for which school, in which window, for whom and what. Its number is what the school looks up.
Assigning it makes synced facts through ``authoring``: the request's summary for the crew
(``request``, no phone), a new school if the request named one the registry lacks, and the
planned visit. Every one of those ids is derived from the request number, so a request can never
produce two visits: assigning again moves the same visit. A crew's decline (``visit.answer``,
pushed by its laptop) puts the request back on the office's list; a completed visit makes it done.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Boolean, Integer, String, Text, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..domain import planner as pl
from ..domain import rules
from ..domain.catalogue import normalise
from ..domain.errors import DomainError
from ..domain.ids import UNAMBIGUOUS, derived_id, signin_token
from ..domain.vocab import guess_activity_kind
from . import models as hm
from .authoring import Draft, author_many
from .db import HubDB
from .hub import HubError, iso_now

LOW_RATING = 3  # at or below: flagged for follow-up (as on the laptop, domain/records/orders.py)
STATES = ("open", "planned", "accepted", "declined", "done")
STATE_LABELS = {
    "open": ("已收到", "received"),
    "planned": ("已派单", "planned"),
    "accepted": ("已接单", "accepted by the crew"),
    "declined": ("未能安排", "declined"),
    "done": ("已完成", "done"),
}


class HubOrder(hm.Base):
    """One request (migration h17_orders)."""

    __tablename__ = "hub_orders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    created_at: Mapped[str] = mapped_column(String(24))
    updated_at: Mapped[str] = mapped_column(String(24))
    source: Mapped[str] = mapped_column(String(10))  # public | office
    state: Mapped[str] = mapped_column(String(10), index=True)
    site_id: Mapped[str | None] = mapped_column(String(64))  # a registry site, or NULL: a new one
    site_name: Mapped[str] = mapped_column(String(200))
    county: Mapped[str] = mapped_column(String(20))
    town: Mapped[str | None] = mapped_column(String(60))
    kind: Mapped[str | None] = mapped_column(String(20))
    contact: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20))
    earliest: Mapped[str] = mapped_column(String(10))
    latest: Mapped[str] = mapped_column(String(10))
    groups: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(Integer)
    topics: Mapped[str | None] = mapped_column(String(400))
    remarks: Mapped[str | None] = mapped_column(Text)
    half_day: Mapped[bool] = mapped_column(Boolean, default=False)
    caravan_id: Mapped[str | None] = mapped_column(String(64))
    date: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)  # why declined (the office's or the crew's)


class HubClosedDay(hm.Base):
    """A day the office's calendar closes: for every school (holiday, exam week) or for one van."""

    __tablename__ = "hub_closed_days"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10), index=True)
    caravan_id: Mapped[str | None] = mapped_column(String(64))  # NULL: schools closed
    note: Mapped[str | None] = mapped_column(String(200))


@dataclass(frozen=True)
class OrderInput:
    site_name: str
    county: str
    contact: str
    earliest: str
    latest: str
    site_id: str | None = None
    town: str | None = None
    kind: str | None = None
    phone: str | None = None
    groups: str | None = None
    size: int | None = None
    topics: str | None = None
    remarks: str | None = None
    half_day: bool = False


@dataclass(frozen=True)
class Order:
    id: int
    number: str
    state: str
    state_zh: str
    source: str
    created_at: str
    site_id: str | None
    site_name: str
    county: str
    town: str | None
    contact: str
    phone: str | None
    earliest: str
    latest: str
    groups: str | None
    size: int | None
    topics: str | None
    remarks: str | None
    half_day: bool
    caravan_id: str | None
    caravan: str | None
    date: str | None
    visit_id: str
    reason: str | None
    score: int | None = None  # the school's rating of the visit (评单)
    comment: str | None = None

    @property
    def follow_up(self) -> bool:
        """A low rating or a request the office could not serve: someone should call the school."""
        return (self.score is not None and self.score <= LOW_RATING) or self.state == "declined"

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "follow_up": self.follow_up}


@dataclass(frozen=True)
class OrderStatus:
    """What ``/order/<number>`` shows: no personal data."""

    number: str
    state: str
    state_zh: str
    date: str | None
    reason: str | None


@dataclass(frozen=True)
class ProposedVisit:
    number: str
    site_name: str
    county: str
    caravan_id: str
    caravan: str
    date: str
    half: str
    change: str  # new | moved | kept


@dataclass(frozen=True)
class Proposal:
    visits: tuple[ProposedVisit, ...]
    unplanned: tuple[str, ...]
    km: int
    vans: tuple[pl.VanLoad, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "visits": [asdict(v) for v in self.visits],
            "unplanned": list(self.unplanned),
            "km": self.km,
            "vans": [asdict(v) for v in self.vans],
        }


def _refuse(code: str, zh: str, en: str, status: int = 422) -> HubError:
    return HubError(status, code, zh, en)


def visit_id_of(number: str) -> str:
    """The one visit a request can produce."""
    return derived_id("request-visit", number)


def request_id_of(number: str) -> str:
    return derived_id("request", number)


def _site_id_of(number: str) -> str:
    return derived_id("request-site", number)


def _new_number(s: Session, today: dt.date) -> str:
    """``YYYY-NNNN-XXXX``: the year, a running number, and four random characters so that
    numbers cannot be guessed from one another."""
    prefix = f"{today.year}-"
    last = s.scalars(
        select(HubOrder.number).where(HubOrder.number.like(prefix + "%")).order_by(HubOrder.id.desc())
    ).first()
    n = int(last.split("-")[1]) + 1 if last else 1
    tail = "".join(secrets.choice(UNAMBIGUOUS) for _ in range(4))
    return f"{prefix}{n:04d}-{tail}"


def normalise_number(text: str) -> str:
    return rules.clean_text(text).upper().replace(" ", "")


_FIELD_ZH = {
    "contact": "联系人",
    "earliest": "最早日期",
    "latest": "最晚日期",
    "groups": "参加对象",
    "size": "人数",
    "topics": "希望的主题",
    "remarks": "备注",
}


def validate(inp: OrderInput, today: dt.date | None = None) -> OrderInput:
    """The request as it will be stored, or a ``HubError`` naming the field to fix."""
    today = today or dt.date.today()
    try:
        name = rules.text("name", inp.site_name, required=True, max_len=200) or ""
        county = rules.county(inp.county)
        contact = rules.text("contact", inp.contact, required=True, max_len=100) or ""
        a = rules.date("earliest", inp.earliest, today=today)
        b = rules.date("latest", inp.latest, today=today)
        phone = rules.phone("phone", inp.phone)
        size = rules.optional_count("size", inp.size)
        out = OrderInput(
            site_name=name,
            county=county,
            contact=contact,
            earliest=a,
            latest=b,
            site_id=inp.site_id or None,
            town=rules.text("town", inp.town, max_len=60),
            kind=rules.text("kind", inp.kind, max_len=20),
            phone=phone,
            groups=rules.text("groups", inp.groups, max_len=200),
            size=size,
            topics=rules.text("topics", inp.topics, max_len=400),
            remarks=rules.notes("remarks", inp.remarks),
            half_day=bool(inp.half_day),
        )
    except DomainError as exc:
        label = _FIELD_ZH.get(exc.field)
        zh = exc.zh.replace(exc.field, label) if label else exc.zh
        raise _refuse("bad_" + exc.field, zh, exc.en) from exc
    if b < a:
        raise _refuse("bad_window", "最晚日期早于最早日期，请把日期范围改正", "latest is before earliest")
    if size is not None and size > 100_000:
        raise _refuse("bad_size", "人数太大（最多 100000）", "size is too large (at most 100000)")
    return out


def add_order(hdb: HubDB, inp: OrderInput, source: str = "office", today: dt.date | None = None) -> Order:
    today = today or dt.date.today()
    inp = validate(inp, today)
    with hdb.write() as s, s.begin():
        if inp.site_id is not None:
            site = _record(s, "site", inp.site_id)
            if site is None:
                raise _refuse("no_site", "学校/地点不在名录中，请重新选择或填写新学校", "no such site in the registry")
        now = iso_now()
        o = HubOrder(
            number=_new_number(s, today),
            created_at=now,
            updated_at=now,
            source=source,
            state="open",
            **{k: v for k, v in asdict(inp).items()},
        )
        s.add(o)
        s.flush()
        return _as_order(s, o)


def _record(s: Session, entity: str, rid: str) -> dict[str, Any] | None:
    row = s.get(hm.Record, (entity, rid))
    if row is None:
        return None
    d = json.loads(row.data)
    if not isinstance(d, dict) or d.get("deleted") or d.get("retracted"):
        return None
    return d


def _records(s: Session, entity: str) -> dict[str, dict[str, Any]]:
    out = {}
    for rid, data in s.execute(select(hm.Record.id, hm.Record.data).where(hm.Record.entity == entity)):
        d = json.loads(data)
        if isinstance(d, dict) and not d.get("deleted") and not d.get("retracted"):
            out[rid] = d
    return out


def _caravan(s: Session, name_or_id: str) -> tuple[str, dict[str, Any]]:
    vans = _records(s, "caravan")
    if name_or_id in vans:
        return name_or_id, vans[name_or_id]
    key = normalise(name_or_id)
    found = sorted(rid for rid, d in vans.items() if normalise(str(d.get("name") or "")) == key)
    if not found:
        raise _refuse("no_caravan", f"服务器上没有名为「{name_or_id}」的车辆", f"no van named {name_or_id!r}", 404)
    return found[0], vans[found[0]]


def _state_from_visit(o: HubOrder, visit: dict[str, Any] | None) -> tuple[str, str | None]:
    """The request's state as the synced visit says it (the crew's answer, a completed visit)."""
    if o.state == "declined" or visit is None:
        return o.state, o.reason
    if visit.get("status") == "completed":
        return "done", None
    if visit.get("status") == "cancelled":
        return "open", o.reason
    if visit.get("answer") == "declined":
        return "open", visit.get("answer_reason") or "车组未能接单"
    if visit.get("answer") == "accepted":
        return "accepted", None
    return o.state, o.reason


def _refresh(s: Session, orders: Iterable[HubOrder]) -> None:
    for o in orders:
        if o.state in ("open", "declined") and o.caravan_id is None:
            continue
        visit = _record(s, "visit", visit_id_of(o.number))
        state, reason = _state_from_visit(o, visit)
        if state != o.state or reason != o.reason:
            if state == "open":  # back on the office's list: the plan it had is no longer valid
                o.caravan_id, o.date = None, None
            o.state, o.reason, o.updated_at = state, reason, iso_now()


def _as_order(s: Session, o: HubOrder, vans: dict[str, dict[str, Any]] | None = None) -> Order:
    van = (vans or {}).get(o.caravan_id or "") if vans is not None else _record(s, "caravan", o.caravan_id or "")
    rating = _record(s, "rating", derived_id("rating", visit_id_of(o.number))) if o.state == "done" else None
    return Order(
        id=o.id,
        number=o.number,
        state=o.state,
        state_zh=STATE_LABELS[o.state][0],
        source=o.source,
        created_at=o.created_at,
        site_id=o.site_id,
        site_name=o.site_name,
        county=o.county,
        town=o.town,
        contact=o.contact,
        phone=o.phone,
        earliest=o.earliest,
        latest=o.latest,
        groups=o.groups,
        size=o.size,
        topics=o.topics,
        remarks=o.remarks,
        half_day=bool(o.half_day),
        caravan_id=o.caravan_id,
        caravan=str(van.get("name")) if van else None,
        date=o.date,
        visit_id=visit_id_of(o.number),
        reason=o.reason,
        score=rating.get("score") if rating else None,
        comment=rating.get("comment") if rating else None,
    )


def list_orders(hdb: HubDB, state: str | None = None) -> list[Order]:
    with hdb.write() as s, s.begin():
        rows = list(s.scalars(select(HubOrder).order_by(HubOrder.id)))
        _refresh(s, rows)
        vans = _records(s, "caravan")
        return [_as_order(s, o, vans) for o in rows if state is None or o.state == state]


def _find(s: Session, ident: str) -> HubOrder:
    q = select(HubOrder)
    key = normalise_number(ident)
    q = q.where(HubOrder.id == int(key)) if key.isdigit() else q.where(HubOrder.number == key)
    o = s.scalars(q).first()
    if o is None:
        raise _refuse("no_order", f"没有编号为 {ident} 的点单", f"no request {ident}", 404)
    return o


def get_order(hdb: HubDB, ident: str) -> Order:
    with hdb.write() as s, s.begin():
        o = _find(s, ident)
        _refresh(s, [o])
        return _as_order(s, o)


def public_status(hdb: HubDB, number: str) -> OrderStatus | None:
    """The school's view of its request by its full number (the number only: never by id)."""
    key = normalise_number(number)
    if key.isdigit():
        return None
    with hdb.write() as s, s.begin():
        o = s.scalars(select(HubOrder).where(HubOrder.number == key)).first()
        if o is None:
            return None
        _refresh(s, [o])
        shown = "planned" if o.state == "accepted" else o.state
        return OrderStatus(o.number, shown, STATE_LABELS[shown][0], o.date, o.reason if shown == "declined" else None)


def _visit_drafts(s: Session, o: HubOrder, caravan_id: str, day: str) -> list[Draft]:
    """The synced facts of assigning ``o``: a new school, the request's summary, the visit."""
    drafts: list[Draft] = []
    site_id = o.site_id
    if site_id is None:
        site_id = _site_id_of(o.number)
        if _record(s, "site", site_id) is None:
            drafts.append(
                Draft("site", site_id, {"name": o.site_name, "county": o.county, "town": o.town, "kind": o.kind})
            )
    rid = request_id_of(o.number)
    summary = {
        "number": o.number,
        "site_id": site_id,
        "contact": o.contact,
        "groups": o.groups,
        "size": o.size,
        "topics": o.topics,
        "remarks": o.remarks,
        "earliest": o.earliest,
        "latest": o.latest,
    }
    drafts.append(Draft("request", rid, summary, "update" if _record(s, "request", rid) else "insert"))
    vid = visit_id_of(o.number)
    visit = _record(s, "visit", vid)
    plan = {"caravan_id": caravan_id, "date": day, "status": "planned", "answer": None, "answer_reason": None}
    if visit is None:
        theme = (o.topics or "科普大篷车进校园")[:200]
        new = {"site_id": site_id, "request_id": rid, "theme": theme, "signin_token": signin_token()}
        new["activity_kind"] = guess_activity_kind(theme)
        drafts.append(Draft("visit", vid, {**new, **plan}))
    elif visit.get("status") in ("in_progress", "completed"):
        raise _refuse("visited", "这个点单的活动已经开始或完成，不能改派", "the visit has started or is done")
    else:
        drafts.append(Draft("visit", vid, plan, "update"))
    return drafts


def assign(hdb: HubDB, ident: str, caravan: str, day: str, by: str | None = None, force: bool = False) -> Order:
    """Plan request ``ident`` for ``caravan`` on ``day``: the visit reaches that van's laptop."""
    with hdb.write() as s, s.begin():
        o = _find(s, ident)
        _refresh(s, [o])
        if o.state == "done":
            raise _refuse("done", "这个点单已经完成", "this request is done")
        van_id, _van = _caravan(s, caravan)
        try:
            d = rules.date("date", day)
        except DomainError as exc:
            raise _refuse("bad_date", exc.zh, exc.en) from exc
        if not force and not o.earliest <= d <= o.latest:
            raise _refuse(
                "outside_window",
                f"日期 {d} 不在学校希望的 {o.earliest} 至 {o.latest} 之间（确需安排请加 --force）",
                f"{d} is outside the window {o.earliest}..{o.latest} (use --force to plan it anyway)",
            )
        drafts = _visit_drafts(s, o, van_id, d)
    done = author_many(hdb, drafts, by=by)
    bad = [r for r in done if r.status == "rejected"]
    if bad:
        raise _refuse(bad[0].code or "rejected", bad[0].zh or "记录被拒绝", bad[0].en or "refused")
    with hdb.write() as s, s.begin():
        o = _find(s, ident)
        o.state, o.caravan_id, o.date, o.reason, o.updated_at = "planned", van_id, d, None, iso_now()
        return _as_order(s, o)


def decline(hdb: HubDB, ident: str, reason: str, by: str | None = None) -> Order:
    """The office cannot serve this request; a visit already planned for it is cancelled."""
    why = rules.clean_text(reason)
    if not why:
        raise _refuse("bad_reason", "请填写未能安排的原因", "give the reason")
    with hdb.write() as s, s.begin():
        o = _find(s, ident)
        visit = _record(s, "visit", visit_id_of(o.number))
        if visit is not None and visit.get("status") in ("in_progress", "completed"):
            raise _refuse("visited", "这个点单的活动已经开始或完成", "the visit has started or is done")
    if visit is not None and visit.get("status") != "cancelled":
        author_many(hdb, [Draft("visit", visit_id_of(o.number), {"status": "cancelled"}, "update")], by=by)
    with hdb.write() as s, s.begin():
        o = _find(s, ident)
        o.state, o.reason, o.caravan_id, o.date, o.updated_at = "declined", why[:2000], None, None, iso_now()
        return _as_order(s, o)


# --- the calendar and the planner ---------------------------------------------------------------


def _day(field: str, text: str) -> str:
    label = {"first": "开始日期", "last": "结束日期"}[field]
    try:
        return rules.date(field, text)
    except DomainError as exc:
        raise _refuse("bad_" + field, exc.zh.replace(field, label, 1), exc.en) from exc


@dataclass(frozen=True)
class VanName:
    id: str
    name: str


def caravan_names(hdb: HubDB) -> list[VanName]:
    """The active vans, for the plan page's choices."""
    with hdb.read() as s, s.begin():
        vans = _records(s, "caravan")
    rows = [VanName(rid, str(d.get("name") or rid)) for rid, d in vans.items() if d.get("active") is not False]
    return sorted(rows, key=lambda v: (v.name, v.id))


def close_days(hdb: HubDB, first: str, last: str, caravan: str | None = None, note: str | None = None) -> int:
    """Close ``first``..``last`` for every school (holidays, exams) or for one van (maintenance)."""
    a, b = dt.date.fromisoformat(_day("first", first)), dt.date.fromisoformat(_day("last", last))
    if b < a:
        raise _refuse("bad_window", "结束日期早于开始日期", "the last day is before the first")
    with hdb.write() as s, s.begin():
        van_id = _caravan(s, caravan)[0] if caravan else None
        n = 0
        for d in pl._days(a, b):
            s.add(HubClosedDay(day=d.isoformat(), caravan_id=van_id, note=rules.clean_text(note)[:200] or None))
            n += 1
        return n


def _place(site: dict[str, Any] | None, o: HubOrder) -> pl.Place:
    if site is None:
        return pl.Place(o.county, o.town or "")
    return pl.Place(str(site.get("county") or o.county), str(site.get("town") or ""))


def _van_year(s: Session, year: int) -> dict[str, tuple[int, int]]:
    """Per van: days in the field and km this year so far (completed visits, odometer)."""
    days: dict[str, set[str]] = {}
    for v in _records(s, "visit").values():
        if v.get("status") == "completed" and str(v.get("date") or "").startswith(str(year)):
            days.setdefault(str(v.get("caravan_id")), set()).add(str(v["date"]))
    km: dict[str, int] = {}
    for r in _records(s, "odometer").values():
        if str(r.get("date") or "").startswith(str(year)):
            c = str(r.get("caravan_id"))
            km[c] = km.get(c, 0) + max(0, int(r.get("back_km") or 0) - int(r.get("out_km") or 0))
    return {c: (len(days.get(c, ())), km.get(c, 0)) for c in set(days) | set(km)}


def propose(hdb: HubDB, today: dt.date | None = None, weekends: bool = False) -> Proposal:
    """A plan for every request not yet done or declined, keeping what is planned where it still
    fits (requests already accepted by a crew are kept as they are)."""
    today = today or dt.date.today()
    with hdb.write() as s, s.begin():
        rows = list(s.scalars(select(HubOrder).where(HubOrder.state.in_(("open", "planned", "accepted")))))
        _refresh(s, rows)
        rows = [o for o in rows if o.state in ("open", "planned", "accepted")]
        sites = _records(s, "site")
        vans = {rid: d for rid, d in _records(s, "caravan").items() if d.get("active") is not False}
        closed = list(s.scalars(select(HubClosedDay)))
        year = _van_year(s, today.year)
    school_closed = frozenset(dt.date.fromisoformat(c.day) for c in closed if c.caravan_id is None)
    van_off: dict[str, set[dt.date]] = {}
    for c in closed:
        if c.caravan_id is not None:
            van_off.setdefault(c.caravan_id, set()).add(dt.date.fromisoformat(c.day))
    p_vans = [
        pl.Van(
            rid,
            pl.Place(str(d.get("home_county") or ""), ""),
            frozenset(van_off.get(rid, ())),
            *year.get(rid, (0, 0)),
        )
        for rid, d in sorted(vans.items(), key=lambda kv: (str(kv[1].get("name")), kv[0]))
    ]
    reqs, previous = [], []
    start = today + dt.timedelta(days=1)
    by_number = {o.number: o for o in rows}
    for o in rows:
        lo = max(dt.date.fromisoformat(o.earliest), start)
        hi = dt.date.fromisoformat(o.latest)
        if o.caravan_id and o.date and o.date >= start.isoformat():
            # A day the office set outside the window (``--force``) stands: re-plans keep it.
            lo, hi = min(lo, dt.date.fromisoformat(o.date)), max(hi, dt.date.fromisoformat(o.date))
        site = sites.get(o.site_id or "") if o.site_id else sites.get(_site_id_of(o.number))
        kind = str((site or {}).get("kind") or o.kind or "")
        school = kind not in ("village", "science_hall", "村", "社区", "科普馆")
        reqs.append(pl.Request(o.number, _place(site, o), lo, hi, school=school, half_day=bool(o.half_day)))
        if o.caravan_id and o.date:
            previous.append(pl.Assignment(o.number, o.caravan_id, dt.date.fromisoformat(o.date)))
    accepted = [o.number for o in rows if o.state == "accepted"]
    plan = pl.plan(reqs, p_vans, pl.Calendar(school_closed, weekends), previous, accepted)
    before = {a.request_id: a for a in previous}
    out = []
    for a in plan.assignments:
        o = by_number[a.request_id]
        prev = before.get(a.request_id)
        change = "new" if prev is None else ("kept" if (prev.van_id, prev.date) == (a.van_id, a.date) else "moved")
        out.append(
            ProposedVisit(
                o.number,
                o.site_name,
                o.county,
                a.van_id,
                str(vans[a.van_id].get("name")),
                a.date.isoformat(),
                a.half,
                change,
            )
        )
    return Proposal(tuple(out), plan.unplanned, plan.km, plan.vans)


@dataclass(frozen=True)
class PlanChange:
    """The office's change to one proposed row: another van and day, or leave it out (``skip``)."""

    number: str
    caravan: str = ""
    date: str = ""
    skip: bool = False


class PlanError(HubError):
    """A changed row the plan cannot take; ``field`` is the form field to fix."""

    def __init__(self, field: str, zh: str, en: str) -> None:
        super().__init__(422, "bad_" + field.split("_")[0], zh, en)
        self.field = field


def _field_error(field: str, zh: str, en: str) -> PlanError:
    return PlanError(field, zh, en)


def changed_proposal(
    hdb: HubDB, proposal: Proposal, changes: Sequence[PlanChange], force: bool = False, weekends: bool = False
) -> Proposal:
    """``proposal`` with the office's changes, checked as the planner checks its own rows: the
    day inside the school's window (unless ``force``), not closed for schools or for that van,
    and one visit per van and day (two if both are half-day). A ``HubError`` names the row's
    field (``date_<number>``, ``caravan_<number>``) and what to do."""
    by_number = {v.number: v for v in proposal.visits}
    with hdb.read() as s, s.begin():
        orders = {o.number: o for o in s.scalars(select(HubOrder).where(HubOrder.number.in_(list(by_number))))}
        closed = list(s.scalars(select(HubClosedDay)))
        sites = {n: _record(s, "site", o.site_id or _site_id_of(o.number)) for n, o in orders.items() if n in by_number}
        out: dict[str, ProposedVisit] = dict(by_number)
        for c in changes:
            key = normalise_number(c.number)
            if key not in by_number:
                raise _field_error(
                    "number", f"编号 {c.number} 不在这份方案中，请重新查看方案", f"{c.number} is not in this proposal"
                )
            v, o = by_number[key], orders[key]
            if c.skip:  # not assigned now: a request planned before keeps that plan (and its day)
                if o.caravan_id and o.date:
                    name = str((_record(s, "caravan", o.caravan_id) or {}).get("name") or o.caravan_id)
                    out[key] = ProposedVisit(key, v.site_name, v.county, o.caravan_id, name, o.date, "", "kept")
                else:
                    del out[key]
                continue
            van_id, van = v.caravan_id, None
            if c.caravan and c.caravan not in (v.caravan_id, v.caravan):
                try:
                    van_id, van = _caravan(s, c.caravan)
                except HubError as exc:
                    raise _field_error(f"caravan_{key}", f"{key} 的车辆：{exc.zh}", exc.en) from exc
            try:
                d = rules.date("date", c.date or v.date)
            except DomainError as exc:
                raise _field_error(f"date_{key}", f"{key} 的{exc.zh.replace('date', '日期', 1)}", exc.en) from exc
            if d <= dt.date.today().isoformat():
                raise _field_error(f"date_{key}", f"{key} 的日期 {d} 已过，请选明天以后的日期", f"{d} is not ahead")
            if not force and not o.earliest <= d <= o.latest:
                raise _field_error(
                    f"date_{key}",
                    f"{key} 的日期 {d} 不在学校希望的 {o.earliest} 至 {o.latest} 之间，请改日期（确需安排请选“允许窗口外”）",
                    f"{key}: {d} is outside the window {o.earliest}..{o.latest}",
                )
            name = str(van.get("name")) if van else v.caravan
            changed = (van_id, d) != (v.caravan_id, v.date)
            out[key] = ProposedVisit(
                key, v.site_name, v.county, van_id, name, d, "" if changed else v.half, "moved" if changed else v.change
            )
    school_closed = {c.day: c.note for c in closed if c.caravan_id is None}
    van_off = {(c.caravan_id, c.day): c.note for c in closed if c.caravan_id is not None}
    edited = {normalise_number(c.number) for c in changes if not c.skip}
    per_day: dict[tuple[str, str], list[str]] = {}
    for v in out.values():
        per_day.setdefault((v.caravan_id, v.date), []).append(v.number)
    for key in sorted(edited):
        v = out[key]
        site = sites.get(key) or {}
        kind = str(site.get("kind") or orders[key].kind or "")
        school = kind not in ("village", "science_hall", "村", "社区", "科普馆")
        if not weekends and dt.date.fromisoformat(v.date).weekday() >= 5:
            raise _field_error(f"date_{key}", f"{key} 的日期 {v.date} 是周末，请换一个工作日", f"{v.date} is a weekend")
        if school and v.date in school_closed:
            why = school_closed[v.date] or "学校放假或考试"
            raise _field_error(
                f"date_{key}", f"{key} 的日期 {v.date} 是关闭日（{why}），请换一天", f"{v.date} is closed"
            )
        if (v.caravan_id, v.date) in van_off:
            raise _field_error(
                f"date_{key}",
                f"{key} 的日期 {v.date} {v.caravan} 不出车，请换一天或换车",
                f"{v.caravan} is off that day",
            )
        same = per_day[(v.caravan_id, v.date)]
        halves = all(orders[n].half_day for n in same)
        if len(same) > (2 if halves else 1):
            others = "、".join(n for n in same if n != key)
            raise _field_error(
                f"date_{key}",
                f"{key}：{v.caravan} 在 {v.date} 已有 {others}，每车每天只能一场，请换一天或换车",
                f"{v.caravan} already has {others} on {v.date}",
            )
    visits = tuple(sorted(out.values(), key=lambda v: (v.date, v.caravan, v.number)))
    return Proposal(visits, proposal.unplanned, proposal.km, proposal.vans)


def apply_proposal(hdb: HubDB, proposal: Proposal, by: str | None = None) -> list[Order]:
    """Assign every new or moved visit of ``proposal`` (kept ones are already planned)."""
    return [
        assign(hdb, v.number, v.caravan_id, v.date, by=by, force=True) for v in proposal.visits if v.change != "kept"
    ]


@dataclass(frozen=True)
class ClosedDay:
    id: int
    day: str
    caravan_id: str | None
    caravan: str | None  # None: closed for every school
    note: str | None


def closed_days(hdb: HubDB, since: str | None = None) -> list[ClosedDay]:
    """The calendar, by day (from ``since`` on if given)."""
    with hdb.read() as s, s.begin():
        q = select(HubClosedDay).order_by(HubClosedDay.day, HubClosedDay.caravan_id, HubClosedDay.id)
        if since:
            q = q.where(HubClosedDay.day >= since)
        rows = list(s.scalars(q))
        vans = _records(s, "caravan") if any(r.caravan_id for r in rows) else {}
    return [
        ClosedDay(
            r.id,
            r.day,
            r.caravan_id,
            str(vans.get(r.caravan_id, {}).get("name") or r.caravan_id) if r.caravan_id else None,
            r.note,
        )
        for r in rows
    ]


def reopen_days(hdb: HubDB, first: str, last: str, caravan: str | None = None) -> int:
    """Remove ``first``..``last`` from the calendar: for schools, or for one van (``caravan``)."""
    a, b = _day("first", first), _day("last", last)
    if b < a:
        raise _refuse("bad_window", "结束日期早于开始日期", "the last day is before the first")
    with hdb.write() as s, s.begin():
        van_id = _caravan(s, caravan)[0] if caravan else None
        q = select(HubClosedDay).where(HubClosedDay.day >= a, HubClosedDay.day <= b)
        q = q.where(HubClosedDay.caravan_id == van_id) if van_id else q.where(HubClosedDay.caravan_id.is_(None))
        rows = list(s.scalars(q))
        for r in rows:
            s.delete(r)
        return len(rows)


RATING_CHANGEABLE = dt.timedelta(days=7)


def rate_on_hub(hdb: HubDB, visit_id: str, score: int, comment: str | None, now: dt.datetime | None = None) -> str:
    """The school's rating from the hub's page: the visit's one rating (the laptop's page edits
    the same record), changeable for a week after it was first given."""
    from .authoring import hub_time

    if not isinstance(score, int) or not 1 <= score <= 5:
        raise _refuse("bad_score", "评分应为 1 到 5", "the score must be 1 to 5")
    text = rules.clean_text(comment)[:2000] or None
    rid = derived_id("rating", visit_id)
    with hdb.read() as s, s.begin():
        visit = _record(s, "visit", visit_id)
        if visit is None or visit.get("status") != "completed":
            raise _refuse("not_done", "活动完成后才能评价", "a visit can be rated once it is done", 404)
        old = _record(s, "rating", rid)
    at = (now or dt.datetime.now()).replace(microsecond=0)
    if old is not None:
        first = dt.datetime.fromisoformat(str(old["at"]))
        if at - first > RATING_CHANGEABLE:
            raise _refuse("rating_closed", "评价已超过一周，不能再修改", "a rating can be changed for a week only", 409)
        data: dict[str, Any] = {"score": score, "comment": text, "source": "hub"}
        author_many(hdb, [Draft("rating", rid, data, "update")])
    else:
        data = {"visit_id": visit_id, "score": score, "comment": text, "source": "hub", "at": hub_time()}
        author_many(hdb, [Draft("rating", rid, data)])
    return rid


def orders_for_sites(hdb: HubDB, site_ids: Sequence[str]) -> list[Order]:
    with hdb.read() as s, s.begin():
        rows = s.scalars(select(HubOrder).where(HubOrder.site_id.in_(list(site_ids))))
        return [_as_order(s, o) for o in rows]


# --- what the public pages need -----------------------------------------------------------------

FORM_KEY = "public_form_key"  # a hub_settings row: the key public form tokens are signed with
FORM_MIN_S = 1  # a form sent sooner than this after it was shown was not filled in by a person
FORM_MAX_S = 4 * 3600


def _form_key(hdb: HubDB) -> bytes:
    with hdb.write() as s, s.begin():
        row = s.get(hm.HubSetting, FORM_KEY)
        if row is None:
            row = hm.HubSetting(name=FORM_KEY, value=secrets.token_hex(32))
            s.add(row)
        return bytes.fromhex(row.value)


def form_token(hdb: HubDB, now: float | None = None) -> str:
    """A signed token for one public form (a stranger's page cannot post it: it has no token)."""
    import hashlib
    import hmac
    import time

    issued = int((time.time() if now is None else now) * 1000)
    nonce = secrets.token_urlsafe(9)
    sig = hmac.new(_form_key(hdb), f"{issued}.{nonce}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{issued}.{nonce}.{sig}"


def form_token_ok(hdb: HubDB, token: object, now: float | None = None) -> bool:
    import hashlib
    import hmac
    import time

    if not isinstance(token, str) or len(token) > 100 or token.count(".") != 2:
        return False
    issued, nonce, sig = token.split(".")
    if not issued.isdigit():
        return False
    good = hmac.new(_form_key(hdb), f"{issued}.{nonce}".encode(), hashlib.sha256).hexdigest()[:32]
    age = (time.time() if now is None else now) - int(issued) / 1000
    return hmac.compare_digest(good, sig) and FORM_MIN_S <= age <= FORM_MAX_S


@dataclass(frozen=True)
class RegistrySite:
    id: str
    name: str
    town: str | None


# The county of a site record, written exactly as the index of migration h20_site_county has it
# (an expression index is only used for the same expression, with no bound parameter in it).
_COUNTY_EXPR = {
    "sqlite": "json_extract(data, '$.county')",
    "postgresql": "((data::jsonb) ->> 'county')",
}


def registry_sites(hdb: HubDB, county: str) -> list[RegistrySite]:
    """The registry's schools and sites of one county, for the public form's list: read through
    the county index, so a province's registry is not read on every view of the form."""
    with hdb.read() as s, s.begin():
        expr = _COUNTY_EXPR.get(s.get_bind().dialect.name)
        if expr is None:
            rows = s.execute(select(hm.Record.id, hm.Record.data).where(hm.Record.entity == "site"))
        else:
            q = text(f"SELECT id, data FROM records WHERE entity = 'site' AND {expr} = :county")  # noqa: S608
            rows = s.execute(q, {"county": county})
        out = []
        for rid, data in rows:
            d = json.loads(data)
            if isinstance(d, dict) and d.get("county") == county and d.get("name"):
                if not d.get("deleted") and not d.get("retracted"):
                    out.append(RegistrySite(rid, str(d["name"]), d.get("town")))
    return sorted(out, key=lambda r: (r.town or "", r.name))


@dataclass(frozen=True)
class RateTarget:
    """What the rating page shows of a visit: the school and the day, nothing personal."""

    visit_id: str
    site_name: str
    date: str
    score: int | None
    comment: str | None


def rate_target(hdb: HubDB, token: str) -> RateTarget | None:
    """The completed visit a rating link names (``domain.rating.rating_token``), or None."""
    from ..domain.rating import split_token, token_matches

    visit_id = split_token(token)
    if visit_id is None:
        return None
    with hdb.read() as s, s.begin():
        visit = _record(s, "visit", visit_id)
        if visit is None or visit.get("status") != "completed":
            return None
        if not token_matches(token, visit_id, str(visit.get("signin_token") or "")):
            return None
        site = _record(s, "site", str(visit.get("site_id") or "")) or {}
        old = _record(s, "rating", derived_id("rating", visit_id)) or {}
    return RateTarget(
        visit_id, str(site.get("name") or ""), str(visit.get("date")), old.get("score"), old.get("comment")
    )
