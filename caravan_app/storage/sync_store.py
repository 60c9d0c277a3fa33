"""The laptop side of sync in SQL: outbox batches, recording push results, applying pull pages.

Each function is one local transaction, so a sync killed at any point leaves the outbox, the
rejects and the pull cursor consistent with each other (the hub's answers are idempotent).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from json.encoder import encode_basestring as _string  # what json.dumps does to a str
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from ..domain import fieldspec, privacy
from ..domain import hlc as hlc_mod
from ..domain.corrections import RULES
from ..domain.errors import StorageError
from ..domain.schema import ENTITIES, FIELD_RANGES, INT64_MAX, INT64_MIN, MAX_TEXT, text_ok
from . import merges, privacy_store, quarantine
from . import models as m
from .data_version import note_written
from .records import _insert_sql, apply_remote, dumps, keep_one_correction, raw_cursor

if TYPE_CHECKING:
    from .database import Database

log = logging.getLogger("caravan.sync")


@dataclass(frozen=True)
class OutMutation:
    seq: int
    entity: str
    record_id: str
    op: str
    hlc: str
    text: str  # the change's data as JSON, as the outbox holds it (sent as it is)
    size: int
    base: dict[str, list[str]] | None = None

    @property
    def data(self) -> dict[str, Any]:
        """The data, parsed (only what reads it pays: a push sends ``text`` itself)."""
        return json.loads(self.text)  # type: ignore[no-any-return]

    def wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "seq": self.seq,
            "id": self.record_id,
            "entity": self.entity,
            "op": self.op,
            "hlc": self.hlc,
            "data": self.data,
        }
        if self.base is not None:
            out["base"] = self.base
        return out

    def wire_json(self) -> str:
        """``wire()`` as JSON text, the data spliced in unparsed."""
        enc = _string
        base = "" if self.base is None else ',"base":' + dumps(self.base)
        return (
            f'{{"seq":{int(self.seq)},"id":{enc(self.record_id)},"entity":{enc(self.entity)},'
            f'"op":{enc(self.op)},"hlc":{enc(self.hlc)},"data":{self.text}{base}}}'
        )


def pending_count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(m.Outbox).where(m.Outbox.pushed.is_(False))) or 0)


def next_batch(db: Database, max_n: int, max_bytes: int, after_seq: int = 0) -> tuple[list[OutMutation], bool]:
    """The oldest unpushed changes (≤ ``max_n`` and about ``max_bytes``); ``more`` if others
    wait. ``after_seq``: only changes after that one (the batch after one still on its way)."""
    o = m.Outbox
    with db.read() as s:  # plain rows, no ORM objects (push speed)
        rows = s.execute(
            select(o.seq, o.entity, o.record_id, o.op, o.hlc, o.data, o.base)
            .where(o.pushed.is_(False), o.seq > after_seq)
            .order_by(o.seq)
            .limit(max_n + 1)
        ).all()
    out: list[OutMutation] = []
    total = 0
    strip = db.get_meta(privacy.META_HUB_PHONES) == "0"  # phones never leave the laptop
    loads = json.loads
    for seq, entity, record_id, op, hlc, data, base in rows[:max_n]:
        size = len(data) + 120
        if out and total + size > max_bytes:
            return out, True
        total += size
        if strip and entity == "signin":
            doc = loads(data)
            if doc.get("phone") and not privacy.keeps_personal(doc.get("group"), doc.get("person_id")):
                doc["phone"] = None
                data = dumps(doc)
        out.append(OutMutation(seq, entity, record_id, op, hlc, data, size, loads(base) if base else None))
    return out, len(rows) > max_n


def _now() -> str:
    return dt.datetime.now().strftime("%Y-%m-%dT%H:%M:%S")


def record_push(
    db: Database,
    sent: list[OutMutation],
    results: list[dict[str, Any]],
    offset_ms: int,
    server_ms: int,
    max_ahead_ms: int,
    allow_requeue: bool,
    hub_last_seq: int = 0,
) -> dict[str, int]:
    """Mark pushed rows, keep rejects with their reasons, store the clock offset — together.

    Changes the hub refused because this laptop's clock ran ahead are not lost: they and every
    later unpushed change are re-stamped with the corrected clock and queued again in order.
    If the hub has seen more of this device than its outbox holds, the database was restored
    from a backup: changes under sequence numbers the hub already used are queued again above
    them, and meta ``sync_restored`` asks for a full pull including this device's own records.
    """
    by_seq = {r["seq"]: r for r in results}
    counts = {"ok": 0, "duplicate": 0, "rejected": 0, "mismatch": 0, "requeued": 0, "restored": 0, "peer_wait": 0}
    with db.write() as s:
        prev_meta = s.get(m.Meta, "server_offset_ms")
        previous_offset = int(prev_meta.value) if prev_meta is not None and prev_meta.value else 0
        db.clock.offset_ms = offset_ms
        db.set_meta("server_offset_ms", str(offset_ms), s)
        db.hub_seen_ms = server_ms  # the latest answer: a hub whose clock was corrected is believed
        db.set_meta("sync_hub_ms", str(server_ms), s)
        local_max = int(s.scalar(select(func.max(m.Outbox.seq))) or 0)
        # A resend the hub saw with other contents: this database went back in time too (a
        # copy put in place by hand, not by ``caravan restore``), so it pulls its own back.
        differs = any(r.get("status") == "mismatch" for r in results)
        if hub_last_seq > local_max or (differs and db.get_meta("sync_restored") != "1"):
            db.set_meta("sync_restored", "1", s)
            counts["restored"] = 1
        ahead: list[int] = []
        again: list[int] = []
        resent: set[str] = set()  # records of this push that go again under a new number
        ok = [mu.seq for mu in sent if mu.seq not in by_seq]  # the hub lists only what was not applied
        mark = update(m.Outbox).where(m.Outbox.seq.in_(bindparam("seqs", expanding=True))).values(pushed=True)
        for i in range(0, len(ok), 500):
            s.execute(mark, {"seqs": ok[i : i + 500]})
        counts["ok"] = len(ok)
        for mu in sent:
            res = by_seq.get(mu.seq)
            if res is None:
                continue
            status = res["status"]
            if status == "rejected" and res.get("code") == "clock_ahead" and allow_requeue:
                ahead.append(mu.seq)
                resent.add(mu.record_id)
                continue
            if status == "mismatch" and allow_requeue:
                again.append(mu.seq)  # a sequence number the hub used for something else
                resent.add(mu.record_id)
                continue
            if status == "rejected" and res.get("code") == "unknown_reference" and allow_requeue:
                # Refused only because it names a record this push must send again (a reused
                # number, a clock re-stamp): it goes again after that record, never for good.
                if any(ref in resent for _f, _t, ref in fieldspec.references(mu.entity, mu.data)):
                    again.append(mu.seq)
                    continue
            if status == "rejected" and res.get("code") in ("unknown_reference", "unknown_record"):
                # It names a record learned from another laptop at the event (peer sync) that its
                # author has not pushed yet: it waits, queued again, for a later sync.
                named = [mu.record_id, *(ref for _f, _t, ref in fieldspec.references(mu.entity, mu.data))]
                if _learned_from_peer(s, db.device_id, named):
                    again.append(mu.seq)
                    counts["peer_wait"] = counts.get("peer_wait", 0) + 1
                    continue
            row = s.get(m.Outbox, mu.seq)
            if row is None or row.pushed:
                continue
            row.pushed = True
            counts[status] = counts.get(status, 0) + 1
            if status in ("rejected", "mismatch"):
                reason = f"{res.get('zh') or ''} / {res.get('en') or ''}".strip(" /") or status
                s.merge(m.SyncReject(seq=mu.seq, entity=mu.entity, record_id=mu.record_id, reason=reason, at=_now()))
        firsts = ahead + again
        if counts["restored"]:
            pending = s.scalar(select(func.min(m.Outbox.seq)).where(m.Outbox.pushed.is_(False)))
            if pending is not None:
                firsts.append(int(pending))
        if firsts:
            counts["requeued"] = _requeue(
                s,
                db,
                min(firsts),
                server_ms,
                max_ahead_ms,
                bool(ahead),
                max(local_max, hub_last_seq) + 1,
                shift_ms=offset_ms - previous_offset,
            )
        elif counts["restored"] and hub_last_seq > local_max:
            _seq_floor(s, hub_last_seq)
    return counts


def _learned_from_peer(s: Session, me: str, ids: list[str]) -> bool:
    """Whether any of ``ids`` is a record this laptop learned from another laptop (peer sync)."""
    p = m.PeerFact
    ids = [i for i in ids if isinstance(i, str)]
    if not ids:
        return False
    q = select(p.seq).where(p.record_id.in_(ids), p.author != me).limit(1)
    return s.scalar(q) is not None


def continue_above(db: Database, hub_last_seq: int, server_ms: int, max_ahead_ms: int) -> int:
    """After a restore: number every change still to push above ``hub_last_seq`` (what the
    hub has already seen of this device), before any of them is sent, so none reuses a sequence
    number the hub holds for another change. Returns how many were renumbered."""
    o = m.Outbox
    with db.write() as s:
        local_max = int(s.scalar(select(func.max(o.seq))) or 0)
        first = s.scalar(select(func.min(o.seq)).where(o.pushed.is_(False), o.seq <= hub_last_seq))
        if first is not None:
            return _requeue(s, db, int(first), server_ms, max_ahead_ms, False, max(local_max, hub_last_seq) + 1)
        if hub_last_seq > local_max:
            _seq_floor(s, hub_last_seq)
    return 0


def _seq_floor(s: Session, seq: int) -> None:
    """Make later outbox rows number above ``seq`` (the hub has seen up to it): a row already
    marked pushed, never sent, pointing at an existing record so ``caravan check`` stays clean."""
    last = s.scalars(select(m.Outbox).order_by(m.Outbox.seq.desc()).limit(1)).first()
    if last is not None:
        s.add(
            m.Outbox(
                seq=seq,
                entity=last.entity,
                record_id=last.record_id,
                op="floor",
                hlc=hlc_mod.ZERO,
                data="{}",
                pushed=True,
            )
        )


def _requeue(
    s: Session,
    db: Database,
    first_seq: int,
    server_ms: int,
    max_ahead_ms: int,
    reset_clock: bool,
    next_seq: int,
    shift_ms: int = 0,
) -> int:
    """Queue every unpushed change from ``first_seq`` on again, in order, under new sequence
    numbers from ``next_seq``; HLCs too far ahead of the hub are re-stamped.

    A re-stamp keeps the real-time order of the edits: the old stamp is moved by ``shift_ms``
    (how far the measured clock offset changed since the stamp was made), not set to "now",
    so an edit made before another laptop's later edit still sorts before it. Stamps stay
    increasing in outbox order and above the clocks each edit replaced (its ``base``)."""
    limit = hlc_mod.encode(server_ms + max_ahead_ms - 60_000, 0)
    if reset_clock:
        best = hlc_mod.encode(server_ms, 0)
        for model in m.MODELS.values():
            v = s.scalar(select(func.max(model.hlc)).where(model.hlc <= limit))
            if v and v > best:
                best = v
        wall = getattr(db.clock, "_wall", None)
        db.clock = hlc_mod.HLC(last=best, offset_ms=db.clock.offset_ms, **({"wall": wall} if wall else {}))
    tail = s.scalars(
        select(m.Outbox).where(m.Outbox.pushed.is_(False), m.Outbox.seq >= first_seq).order_by(m.Outbox.seq)
    ).all()
    dev = db.device_id
    moved: dict[str, str] = {}  # old stamp -> new stamp (this device's)
    prev = hlc_mod.ZERO
    for i, row in enumerate(tail):
        new_hlc = row.hlc
        base = json.loads(row.base) if row.base else None
        if base:
            for k, c in base.items():
                if c[1] == dev and c[0] in moved:
                    base[k] = [moved[c[0]], dev]
        if row.hlc > limit:
            after = [prev, *(c[0] for c in (base or {}).values())]
            shifted = _shifted(row.hlc, shift_ms, after, limit)
            # Even the corrected clock's "now" must sort after what this edit replaced: below
            # its base, every other copy would keep the old value while this laptop shows the
            # new one. Above the hub's limit it is refused again and stays queued, not lost.
            new_hlc = shifted if shifted is not None else _after(db.clock.now(), after)
            db.clock.observe(new_hlc)
            moved[row.hlc] = new_hlc
            _restamp_record(s, row.entity, row.record_id, row.hlc, new_hlc, dev)
        prev = max(prev, new_hlc)
        row.pushed = True
        row.hlc = new_hlc  # so a restart does not read the old future stamp back into the clock
        s.add(
            m.Outbox(
                seq=next_seq + i,
                entity=row.entity,
                record_id=row.record_id,
                op=row.op,
                hlc=new_hlc,
                data=row.data,
                pushed=False,
                base=dumps(base) if base else None,
            )
        )
        s.flush()
    db.set_meta("hlc_last", db.clock.last, s)
    return len(tail)


def _after(stamp: str, after: list[str]) -> str:
    """``stamp``, or the next stamp above every one in ``after`` when it is not above them."""
    floor = max(after) if after else hlc_mod.ZERO
    if stamp > floor:
        return stamp
    fms, fc = hlc_mod.decode(floor)
    return hlc_mod.encode(fms, fc + 1)


def _shifted(old: str, shift_ms: int, after: list[str], limit: str) -> str | None:
    """``old`` moved by ``shift_ms``, kept above every stamp in ``after``; None if that is still
    too far ahead of the hub (then the caller stamps it with the corrected clock's now)."""
    ms, counter = hlc_mod.decode(old)
    cand = _after(hlc_mod.encode(max(ms + shift_ms, 0), counter), after)
    return cand if cand <= limit else None


def _restamp_record(s: Session, entity: str, rid: str, old: str, new: str, dev: str) -> None:
    row = s.get(m.MODELS[entity], rid)
    if row is None:
        return
    if ENTITIES[entity].kind == "append":
        return  # immutable (triggers refuse UPDATE); its HLC orders nothing once stored
    clocks = json.loads(row.clocks)  # type: ignore[attr-defined]
    for k, c in clocks.items():
        if c == [old, dev]:
            clocks[k] = [new, dev]
    row.clocks = dumps(clocks)  # type: ignore[attr-defined]
    row.hlc = max(c[0] for c in clocks.values()) if clocks else new


def apply_page(
    db: Database,
    records: list[dict[str, Any]],
    cursor: int | None,
    also: Callable[[Session], None] | None = None,
) -> int:
    """Merge one pulled page and store its cursor in the same transaction.

    Append-only records (most of a page) take a fast path with the same meaning as
    ``apply_remote``: inserted once by id. Edited records go through ``apply_remote``.
    Records that fail the field spec are quarantined (``quarantine.screen``); if applying the
    rest still fails for a reason no check foresaw, each record is tried on its own and the
    ones that fail are quarantined with the error: a page never stops the sync.
    ``also`` runs in the same transaction (peer sync records which facts the page held).
    """
    records, bad, retracted = _screen(records)  # bad records never stop a sync
    try:
        return _apply_page(db, records, bad, retracted, cursor, also)
    except StorageError:
        raise  # the disk, not the record: the sync stops and says so
    except Exception:  # noqa: BLE001 - found below, record by record
        log.warning("a pulled page could not be applied; trying its records one by one", exc_info=True)
    good: list[dict[str, Any]] = []
    for r in records:
        try:
            _apply_page(db, [r], [], [], None)
        except StorageError:
            raise
        except Exception as exc:  # noqa: BLE001 - this record is set aside with the error
            bad.append((r, f"无法应用 / cannot be applied: {type(exc).__name__}: {str(exc)[:300]}"))
        else:
            good.append(r)
    return _apply_page(db, good, bad, retracted, cursor, also)


@dataclass(frozen=True, slots=True)
class _Check:
    """``quarantine.problem`` of a pulled append-only record, compiled: exact types, ranges,
    required fields and the meaning rules of one entity."""

    types: dict[str, type]
    ranges: tuple[tuple[str, int, int], ...]
    required: tuple[str, ...]
    meaning: tuple[tuple[str, Callable[[str, Any], Any]], ...]


_PY_TYPES: dict[str, type] = {"str": str, "int": int, "bool": bool}
_CHECKS: dict[str, _Check] = {
    name: _Check(
        {f: _PY_TYPES[t] for f, t in spec.fields.items()},
        tuple((f, *FIELD_RANGES.get((name, f), (INT64_MIN, INT64_MAX))) for f, t in spec.fields.items() if t == "int"),
        spec.required,
        tuple((f, fieldspec.RULES[(name, f)]) for f in spec.fields if (name, f) in fieldspec.RULES),
    )
    for name, spec in ENTITIES.items()
    if spec.kind == "append"
}
_HLC = re.compile(r"^\d{13}\.\d{5}$")


def _plainly_ok(r: Any) -> bool:
    """True only if ``quarantine.problem(r)`` is None for a plain new append-only record (what
    a page is mostly made of); False leaves the record to ``quarantine.problem`` itself."""
    if type(r) is not dict:
        return False
    c = _CHECKS.get(r.get("entity"))  # type: ignore[arg-type]
    rid, dev, hlc, data = r.get("id"), r.get("device_id"), r.get("hlc"), r.get("data")
    if c is None or r.get("clocks") is not None or type(data) is not dict:
        return False
    if type(rid) is not str or type(dev) is not str or not (0 < len(rid) <= 64 and 0 < len(dev) <= 64):
        return False
    if type(hlc) is not str or not _HLC.match(hlc) or data.get("retracted") is True:
        return False
    types = c.types
    texts = []
    for k, v in data.items():
        t = types.get(k)
        if t is None:
            if k == "deleted" and type(v) is bool:
                continue
            return False
        if v is None:
            continue
        if type(v) is not t:
            return False
        if type(v) is str:
            if len(v) > MAX_TEXT:
                return False
            texts.append(v)
    joined = "".join(texts)  # joining makes no control character and no surrogate pair
    if not (joined + rid + dev).isprintable():  # printable: no control character, NUL or surrogate
        if fieldspec.CONTROL.search(joined) or not text_ok(joined + rid + dev):
            return False
    for f, lo, hi in c.ranges:
        v = data.get(f)
        if v is not None and not lo <= v <= hi:
            return False
    for f in c.required:
        if data.get(f) is None:
            return False
    passed = _PASSED
    for f, rule in c.meaning:
        v = data.get(f)
        if v is None or (rule, type(v), v) in passed:  # a page repeats its visit, groups and times
            continue
        if rule(f, v) is not None:
            return False
        if len(passed) > 50_000:
            passed.clear()
        passed.add((rule, type(v), v))
    return fieldspec.record_problem(r["entity"], data) is None


# (rule, type, value) a meaning rule passed: the rules are pure (``fieldspec.RULES``), and
# what a rule says of a value does not depend on the field's name.
_PASSED: set[tuple[Any, type, Any]] = set()


def _screen(
    records: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[tuple[dict[str, Any], str]], list[dict[str, Any]]]:
    """``quarantine.screen`` with the compiled check first (the same answer, in page order)."""
    good: list[dict[str, Any]] = []
    bad: list[tuple[dict[str, Any], str]] = []
    retracted: list[dict[str, Any]] = []
    for r in records:
        if _plainly_ok(r):
            good.append(r)
            continue
        g, b, x = quarantine.screen([r])
        good += g
        bad += b
        retracted += x
    return good, bad, retracted


def _apply_page(
    db: Database,
    records: list[dict[str, Any]],
    bad: list[tuple[dict[str, Any], str]],
    retracted: list[dict[str, Any]],
    cursor: int | None,
    also: Callable[[Session], None] | None = None,
) -> int:
    n = blanked = 0
    with db.write() as s, s.no_autoflush:
        quarantine.store(s, bad, retracted)
        quarantine.drop_applied(s, records)  # arrived again, valid: no longer set aside
        by_entity: dict[str, list[dict[str, Any]]] = {}
        for r in records:
            if r["entity"] in ENTITIES:
                by_entity.setdefault(r["entity"], []).append(r)
        for entity, recs in by_entity.items():
            model = m.MODELS[entity]
            ids = [r["id"] for r in recs]
            existing: set[str] = set()
            append = ENTITIES[entity].kind == "append"
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                if append:  # the ids only, through the driver (a correction's row is loaded by s.get)
                    sql = f"SELECT id FROM {model.__tablename__} WHERE id IN ({', '.join('?' * len(part))})"
                    existing.update(x[0] for x in raw_cursor(s.connection()).execute(sql, part))
                else:  # one query loads the page's rows into the session
                    existing.update(x.id for x in s.scalars(select(model).where(model.id.in_(part))))
            if append:
                spec = ENTITIES[entity]
                fresh: list[tuple[Any, ...]] = []
                for r in recs:
                    if r["id"] in existing:
                        if entity in RULES:  # a derived fact made here too: one rule (domain/corrections.py)
                            row = s.get(model, r["id"])  # already in the session (loaded above)
                            if row is not None:
                                keep_one_correction(entity, row, r)
                        continue
                    data = r["data"]  # screened above (quarantine.problem or _plainly_ok)
                    existing.add(r["id"])
                    fresh.append((r["id"], r["device_id"], r["hlc"], False, *[data.get(f) for f in spec.fields]))
                if fresh:  # one executemany on the session's own connection, no ORM objects
                    cols = ("id", "device_id", "hlc", "deleted", *spec.fields)
                    raw_cursor(s.connection()).executemany(_insert_sql(spec.table, cols), fresh)
                    note_written(entity)  # new here: its kind is announced (a repeat changes nothing)
                db.clock.observe(max(r["hlc"] for r in recs))
            else:
                for r in recs:
                    apply_remote(s, db, entity, {**r, "clocks": r.get("clocks") or {}})
            n += len(recs)
        if "merge" in by_entity:
            s.flush()
            merges.rebuild(s)  # same transaction: figures never see a half-applied merge
        if "privacy_action" in by_entity or "signin" in by_entity:
            s.flush()
            touched = {
                r["data"].get("visit_id")
                for e in ("signin", "privacy_action")
                for r in by_entity.get(e, ())
                if isinstance(r["data"].get("visit_id"), str)
            }
            # purges/erasures/corrections, also to sign-ins arriving after them
            blanked = privacy_store.apply(s, touched)
        if cursor is not None:
            db.set_meta("sync_cursor", str(cursor), s)
        if also is not None:
            also(s)
    if blanked:
        privacy_store.scrub(db)  # the old text must not linger in the WAL
    return n


def rejects(db: Database) -> list[dict[str, Any]]:
    with db.read() as s:
        return [
            {"seq": r.seq, "entity": r.entity, "record_id": r.record_id, "reason": r.reason, "at": r.at}
            for r in s.scalars(select(m.SyncReject).order_by(m.SyncReject.seq.desc()).limit(500))
        ]
