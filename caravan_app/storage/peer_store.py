"""Peer sync in SQL: which facts this laptop holds from whom, what another laptop lacks, and
applying what a peer sent (docs/sync.md, "Laptops at one event").

A *fact* is one change as its author numbered it: ``(author device, seq)``, the author's outbox
number. This laptop's own facts are its outbox; facts learned from peers are indexed in
``peer_facts`` (the records themselves are in their tables, as if pulled from the hub). Every
laptop holds, per author, an unbroken run of that author's numbers, so a *version vector*
``{author: highest seq held}`` says exactly what it has. A peer sends, per author, the facts
above the asker's number, as the current state of the record each one changed (full fields with
their per-field clocks, like a hub pull): applying a state is idempotent and commutes, so
duplicates, reorderings and batches cut short change nothing; a batch and its index rows commit
in one transaction, so an exchange cut at any point resumes where it stopped.

Facts learned from a peer make no outbox rows: only their author pushes them to the hub.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..domain import hlc as hlc_mod
from ..domain.schema import ENTITIES
from . import models as m
from .sync_store import apply_page

if TYPE_CHECKING:
    from .database import Database

Vector = dict[str, int]


@dataclass(frozen=True)
class Fact:
    """One author's numbered change and the record it changed (None: the sender does not hold
    that record, e.g. it set it aside; the number is still held so the run stays unbroken)."""

    author: str
    seq: int
    entity: str
    record_id: str

    def wire(self) -> list[Any]:
        return [self.author, self.seq, self.entity, self.record_id]


@dataclass
class Batch:
    facts: list[Fact]
    records: list[dict[str, Any]]
    more: bool
    # per duty event in ``records``: the duty events of that person at that visit its author held
    # when it made it (``duty_knew``); absent when the sender does not know
    knew: dict[str, list[str]] = field(default_factory=dict)
    # the association's dedupe secret, for a trusted laptop that has none yet (paired by a code)
    secret: str | None = None


@dataclass
class Applied:
    facts: int = 0  # index entries new here
    records: int = 0  # record states applied (merged, inserted or already held)
    waiting: int = 0  # facts refused for now: stamped too far ahead of this laptop's clock
    authors: set[str] = field(default_factory=set)


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%dT%H:%M:%S")


def vector(db: Database) -> Vector:
    """Per author, the highest of its numbers this laptop holds (its own: the outbox)."""
    with db.read() as s:
        out: Vector = {
            a: int(n)
            for a, n in s.execute(select(m.PeerFact.author, func.max(m.PeerFact.seq)).group_by(m.PeerFact.author))
        }
        own = int(s.scalar(select(func.max(m.Outbox.seq))) or 0)
    me = db.device_id
    out[me] = max(out.get(me, 0), own)
    return {a: n for a, n in out.items() if n > 0}


def own_mark(db: Database) -> int:
    """The newest outbox number: moves with every change written here, by any process."""
    with db.read() as s:
        return int(s.scalar(select(func.max(m.Outbox.seq))) or 0)


def lacks(mine: Vector, theirs: Vector) -> int:
    """How many numbers ``theirs`` lacks of ``mine`` (an upper bound: a run may have gaps)."""
    return sum(max(0, n - theirs.get(a, 0)) for a, n in mine.items())


def facts_after(db: Database, theirs: Vector, limit: int = 500, skip: frozenset[str] = frozenset()) -> Batch:
    """What a peer whose vector is ``theirs`` lacks: at most ``limit`` facts, per author in
    order, with the current state of every record they changed (each record once); none of the
    authors in ``skip``."""
    mine = {a: n for a, n in vector(db).items() if a not in skip}
    me = db.device_id
    facts: list[Fact] = []
    more = False
    with db.read() as s:
        for author in sorted(mine, key=lambda a: (a != me, a)):  # own facts first
            start = int(theirs.get(author, 0))
            if mine[author] <= start:
                continue
            room = limit - len(facts)
            if room <= 0:
                more = True
                break
            rows: list[tuple[int, str, str]] = []
            if author == me:
                o = m.Outbox
                rows = [
                    (int(q), e, r)
                    for q, e, r in s.execute(
                        select(o.seq, o.entity, o.record_id).where(o.seq > start).order_by(o.seq).limit(room + 1)
                    )
                ]
            p = m.PeerFact
            learned = [
                (int(q), e, r)
                for q, e, r in s.execute(
                    select(p.seq, p.entity, p.record_id)
                    .where(p.author == author, p.seq > start)
                    .order_by(p.seq)
                    .limit(room + 1)
                )
            ]
            merged = sorted({*rows, *learned})[: room + 1]
            if len(merged) > room:
                more = True
                merged = merged[:room]
            facts.extend(Fact(author, q, e, r) for q, e, r in merged)
        records = _states(s, facts)
        known = duty_knew(s, me, [f.record_id for f in facts if f.entity == "duty_event"])
    return Batch(facts, records, more, {k: sorted(v) for k, v in known.items() if v is not None})


def _states(s: Session, facts: list[Fact]) -> list[dict[str, Any]]:
    """The current state of each record the facts changed, in the schema's order (a van and a
    site before the visit naming them), as a hub pull sends it."""
    want: dict[str, list[str]] = {}
    for f in facts:
        if f.entity in ENTITIES:
            wanted = want.setdefault(f.entity, [])
            if f.record_id not in wanted:
                wanted.append(f.record_id)
    out: list[dict[str, Any]] = []
    for entity in ENTITIES:
        ids = want.get(entity)
        if not ids:
            continue
        spec = ENTITIES[entity]
        model = m.MODELS[entity]
        for i in range(0, len(ids), 500):
            for row in s.scalars(select(model).where(model.id.in_(ids[i : i + 500]))):
                data = {f: getattr(row, f) for f in spec.fields}
                rec: dict[str, Any] = {
                    "entity": entity,
                    "id": row.id,
                    "device_id": row.device_id,
                    "hlc": row.hlc,
                    "data": data,
                }
                if spec.kind == "edit":
                    data["deleted"] = bool(row.deleted)
                    rec["clocks"] = json.loads(row.clocks)
                out.append(rec)
    return out


def apply_batch(db: Database, source: str, batch: Batch, max_ahead_ms: int) -> Applied:
    """Apply what a peer sent and index its facts, in one transaction.

    A record stamped more than ``max_ahead_ms`` ahead of this laptop's corrected clock is not
    applied (the hub would refuse it from its author, who then re-stamps it): it and every later
    fact of the same author wait, so the author's run held here stays unbroken and the peer
    offers them again."""
    limit = hlc_mod.encode(db.clock.corrected_ms() + max_ahead_ms, 0) if max_ahead_ms else None
    by_key = {(r.get("entity"), r.get("id")): r for r in batch.records if isinstance(r, dict)}
    stopped: set[str] = set()
    keep: list[Fact] = []
    res = Applied()
    for f in sorted(batch.facts, key=lambda x: (x.author, x.seq)):
        if f.author in stopped:
            res.waiting += 1
            continue
        rec = by_key.get((f.entity, f.record_id))
        if limit is not None and rec is not None and isinstance(rec.get("hlc"), str) and rec["hlc"] > limit:
            stopped.add(f.author)
            res.waiting += 1
            continue
        keep.append(f)
    wanted = {(f.entity, f.record_id) for f in keep}
    records = [r for k, r in by_key.items() if k in wanted]
    at = _now()

    def index(s: Session) -> None:
        if not keep:
            return
        stmt = sqlite_insert(m.PeerFact).on_conflict_do_nothing()
        mark = int(s.scalar(select(func.max(m.Outbox.seq))) or 0)  # what this laptop had written
        rows = [
            {
                "author": f.author,
                "seq": f.seq,
                "entity": f.entity,
                "record_id": f.record_id,
                "learned_from": source,
                "at": at,
                "mark": mark,
                "knew": json.dumps(batch.knew[f.record_id]) if f.record_id in batch.knew else None,
            }
            for f in keep
        ]
        before = int(s.scalar(select(func.count()).select_from(m.PeerFact)) or 0)
        for i in range(0, len(rows), 200):
            s.execute(stmt, rows[i : i + 200])
        res.facts = int(s.scalar(select(func.count()).select_from(m.PeerFact)) or 0) - before

    res.records = apply_page(db, records, None, also=index)
    res.authors = {f.author for f in keep}
    return res


# --- the laptops seen -------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerRow:
    device_id: str
    name: str | None
    caravan: str | None
    role: str | None
    address: str | None
    status: str
    reason: str | None
    last_seen: str
    last_sync: str | None


def note_peer(
    db: Database,
    device_id: str,
    *,
    status: str,
    reason: str | None = None,
    name: str | None = None,
    caravan: str | None = None,
    role: str | None = None,
    address: str | None = None,
    public_key: str | None = None,
    synced: bool = False,
) -> None:
    """Remember a laptop seen (trusted, or refused with the reason shown to the crew)."""
    now = _now()
    with db.write() as s:
        row = s.get(m.PeerKnown, device_id)
        if row is None:
            row = m.PeerKnown(device_id=device_id, status=status, last_seen=now)
            s.add(row)
        row.status, row.reason, row.last_seen = status, reason, now
        for k, v in (
            ("name", name),
            ("caravan", caravan),
            ("role", role),
            ("address", address),
            ("public_key", public_key),
        ):
            if v is not None:
                setattr(row, k, v)
        if synced:
            row.last_sync = now


def peers(db: Database) -> list[PeerRow]:
    with db.read() as s:
        return [
            PeerRow(r.device_id, r.name, r.caravan, r.role, r.address, r.status, r.reason, r.last_seen, r.last_sync)
            for r in s.scalars(select(m.PeerKnown).order_by(m.PeerKnown.last_seen.desc()))
        ]


def learned_count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(m.PeerFact)) or 0)


# --- possible doubles -------------------------------------------------------------------------


@dataclass(frozen=True)
class PossibleDouble:
    """The same phone or badge signed in at one visit on two laptops (while they were apart):
    listed for a person to decide (void one, or confirm they differ), never merged by itself."""

    visit_id: str
    dedupe_key: str
    name: str
    signin_ids: tuple[str, ...]
    devices: tuple[str, ...]
    what: str = "signin"


def possible_doubles(db: Database, visit_id: str | None = None) -> list[PossibleDouble]:
    from sqlalchemy import text

    q = """
        SELECT s.visit_id, s.dedupe_key, s.id, s.device_id, s.name FROM signins s
        WHERE s.deleted = 0 AND (:v IS NULL OR s.visit_id = :v)
          AND NOT EXISTS (SELECT 1 FROM signin_corrections c WHERE c.signin_id = s.id AND c.deleted = 0)
          AND (s.visit_id, s.dedupe_key) IN (
              SELECT visit_id, dedupe_key FROM signins WHERE deleted = 0 AND (:v IS NULL OR visit_id = :v)
              GROUP BY visit_id, dedupe_key HAVING COUNT(DISTINCT device_id) > 1)
        ORDER BY s.visit_id, s.dedupe_key, s.id
    """
    groups: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    with db.read() as s:
        for vid, key, sid, dev, name in s.execute(text(q), {"v": visit_id}):
            groups.setdefault((vid, key), []).append((sid, dev, name))
    out = []
    for (vid, key), rows in groups.items():
        if len({d for _s, d, _n in rows}) > 1:
            out.append(
                PossibleDouble(vid, key, rows[0][2], tuple(r[0] for r in rows), tuple(sorted({r[1] for r in rows})))
            )
    return out


@dataclass(frozen=True)
class DutyRow:
    """One duty event with the laptop that recorded it and the person's name."""

    visit_id: str
    person_id: str
    name: str
    kind: str
    at: str
    event_id: str
    device_id: str
    knew: frozenset[str] | None = None  # the person's duty events its author held then (None: not known)


def duty_rows(db: Database, visit_id: str | None = None) -> list[DutyRow]:
    """Every live duty event (of one visit, or all), per visit and person in causal order (by
    HLC: an event made knowing another sorts after it, whatever the laptops' wall clocks say)."""
    q = (
        select(m.DutyEvent, m.Person.name)
        .outerjoin(m.Person, m.Person.id == m.DutyEvent.person_id)
        .where(m.DutyEvent.deleted.is_(False))
        .order_by(m.DutyEvent.visit_id, m.DutyEvent.person_id, m.DutyEvent.hlc, m.DutyEvent.id)
    )
    if visit_id is not None:
        q = q.where(m.DutyEvent.visit_id == visit_id)
    with db.read() as s:
        rows = list(s.execute(q))
        knew = duty_knew(s, db.device_id, [e.id for e, _n in rows])
        return [
            DutyRow(e.visit_id, e.person_id, name or e.person_id, e.kind, e.at, e.id, e.device_id, knew.get(e.id))
            for e, name in rows
        ]


# --- what a peer may receive of other vans (domain/privacy.strip_other_vans) ------------------------


def caravan_ids_named(db: Database, name: str | None) -> set[str]:
    """The vans whose name is ``name`` (as the hub knows a van: by the name it enrolled a laptop under)."""
    from ..domain.catalogue import normalise

    key = normalise(name or "")
    if not key:
        return set()
    with db.read() as s:
        return {rid for rid, n in s.execute(select(m.Caravan.id, m.Caravan.name)) if normalise(n or "") == key}


def _lookup(db: Database, key: Any, value: Any, ids: list[str]) -> dict[str, object]:
    """``key`` → ``value`` of the rows held here whose ``key`` is in ``ids`` (in chunks: SQLite
    bounds the number of parameters)."""
    out: dict[str, object] = {}
    with db.read() as s:
        for i in range(0, len(ids), 500):
            out.update(dict(s.execute(select(key, value).where(key.in_(ids[i : i + 500]))).all()))
    return out


def signin_visits(db: Database, signin_ids: list[str]) -> dict[str, object]:
    """The visit of each of these sign-ins held here."""
    return _lookup(db, m.Signin.id, m.Signin.visit_id, signin_ids)


def visit_vans(db: Database, visit_ids: list[str]) -> dict[str, object]:
    """The van of each of these visits held here."""
    return _lookup(db, m.Visit.id, m.Visit.caravan_id, visit_ids)


# --- what a laptop knew when it made a duty event ---------------------------------------------------


def duty_knew(s: Session, me: str, event_ids: list[str]) -> dict[str, frozenset[str] | None]:
    """For each duty event: the duty events of the same person at the same visit that its author
    held from other laptops when it made it, or None where that is not known (an event pulled
    from the hub, or from a laptop that did not say). Made here: the events learned before it (a
    learned fact's ``mark`` is below the event's outbox number). Learned: what its author said."""
    ids = list(dict.fromkeys(event_ids))
    out: dict[str, frozenset[str] | None] = {}
    if not ids:
        return out
    ev: dict[str, tuple[str, str]] = {}
    own: dict[str, int] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for eid, vid, pid in s.execute(
            select(m.DutyEvent.id, m.DutyEvent.visit_id, m.DutyEvent.person_id).where(m.DutyEvent.id.in_(chunk))
        ):
            ev[eid] = (vid, pid)
        for rid, seq in s.execute(
            select(m.Outbox.record_id, m.Outbox.seq).where(
                m.Outbox.entity == "duty_event", m.Outbox.record_id.in_(chunk)
            )
        ):
            own[rid] = int(seq)
        for rid, knew in s.execute(
            select(m.PeerFact.record_id, m.PeerFact.knew).where(
                m.PeerFact.entity == "duty_event", m.PeerFact.record_id.in_(chunk)
            )
        ):
            try:
                got = json.loads(knew) if knew else None
            except ValueError:
                got = None
            out[rid] = frozenset(str(x) for x in got) if isinstance(got, list) else None
    if own:
        visits = sorted({ev[e][0] for e in own if e in ev})
        learned: dict[tuple[str, str], list[tuple[str, int | None]]] = {}
        p, d = m.PeerFact, m.DutyEvent
        for rid, mark, vid, pid in s.execute(
            select(p.record_id, p.mark, d.visit_id, d.person_id)
            .join(d, d.id == p.record_id)
            .where(p.entity == "duty_event", d.visit_id.in_(visits))
        ):
            learned.setdefault((vid, pid), []).append((rid, mark))
        for eid, seq in own.items():
            at = ev.get(eid)
            if at is not None:
                out[eid] = frozenset(r for r, mk in learned.get(at, ()) if mk is not None and mk < seq)
    return out


def caravans_held(db: Database, ids: list[str]) -> set[str]:
    """Which of these vans this laptop holds."""
    out: set[str] = set()
    with db.read() as s:
        for i in range(0, len(ids), 500):
            out.update(s.scalars(select(m.Caravan.id).where(m.Caravan.id.in_(ids[i : i + 500]))))
    return out
