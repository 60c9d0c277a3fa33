"""Synced records the hub itself authors: a review decision, a planned visit, a rating taken on
the hub's page (docs/sync.md, "Records the hub authors").

The hub has a device of its own — a ``hub_devices`` row with role ``hub``, made on first use —
and stores what it authors exactly as if that device had pushed it: the next push sequence
number of that device, an HLC from the hub's own clock, and the SAME path as a laptop's push
(``hub.push_batch``: authorization, meaning and reference checks, the merge, the mutation log,
the server sequence). So every laptop pulls it like any other record (the hub's device never
pulls, so it is never "its own echo"), a retry of the same record is answered ``duplicate``,
and canonical exports stay byte-identical on every laptop and on the hub.

Only the hub's device may author entities in ``authz.HUB_ONLY`` (a laptop's push of one is
refused ``hub_only``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.hlc import decode, encode
from ..domain.ids import new_id
from ..sync.protocol import Mutation
from . import models as hm
from .authz import HUB_ROLE
from .db import HubDB
from .hub import HubError, iso_now, now_ms, push_batch

HUB_DEVICE_NAME = "服务器（办公室网页）"
_HLC_COUNTER = "hub_hlc"  # the hub device's last HLC, as ms * 100000 + counter (a Counter row)

Value = str | int | bool | None


@dataclass(frozen=True)
class Draft:
    """One record to author: ``op`` insert (a new record) or update (fields of an edited one)."""

    entity: str
    record_id: str
    data: Mapping[str, Value]
    op: Literal["insert", "update"] = "insert"


@dataclass(frozen=True)
class Authored:
    """What became of one authored record: ``ok`` (stored), ``duplicate`` (this exact record
    was already there: nothing changed) or ``rejected`` with the reason."""

    entity: str
    record_id: str
    status: Literal["ok", "duplicate", "rejected"]
    device_id: str
    hlc: str
    code: str | None = None
    zh: str | None = None
    en: str | None = None


class AuthoringRefused(HubError):
    """An authored record the hub's own checks refused (a mistake in the caller, or a record
    naming something the hub does not have)."""


def hub_device_id(hdb: HubDB) -> str:
    """The hub's own device id (made the first time)."""
    with hdb.write() as s, s.begin():
        s.scalars(select(hm.Counter).where(hm.Counter.name == "seq").with_for_update()).one()  # one maker
        return _hub_device(s).device_id or ""


def _hub_device(s: Session) -> hm.HubDevice:
    d = s.scalars(select(hm.HubDevice).where(hm.HubDevice.role == HUB_ROLE).order_by(hm.HubDevice.id)).first()
    if d is None:
        d = hm.HubDevice(
            caravan="",
            device_id=new_id(),
            name=HUB_DEVICE_NAME,
            created_at=iso_now(),
            enrolled_at=iso_now(),
            last_seq=0,
            role=HUB_ROLE,
        )
        s.add(d)
        s.flush()
    return d


def _next_hlc(s: Session, floor: str | None) -> str:
    """The hub device's next HLC: after its previous one, after ``floor`` (the record's current
    clock, so an edit the hub makes wins over what it saw), and at least the hub's clock."""
    row = s.scalars(select(hm.Counter).where(hm.Counter.name == _HLC_COUNTER).with_for_update()).first()
    if row is None:
        row = hm.Counter(name=_HLC_COUNTER, value=0)
        s.add(row)
    last = divmod(row.value or 0, 100_000)
    if floor is not None:
        last = max(last, decode(floor))
    ms = now_ms()
    nxt = (ms, 0) if ms > last[0] else (last[0], last[1] + 1)
    row.value = nxt[0] * 100_000 + nxt[1]
    return encode(*nxt)


def _stored_clock(s: Session, entity: str, record_id: str) -> str | None:
    """The newest clock of a stored record (its hlc and every field's), or None."""
    row = s.get(hm.Record, (entity, record_id))
    if row is None:
        return None
    clocks = [c[0] for c in json.loads(row.clocks).values()] if row.clocks else []
    return max([row.hlc, *clocks])


def author_many(hdb: HubDB, drafts: Sequence[Draft], by: str | None = None) -> list[Authored]:
    """Store ``drafts`` as the hub device's next push, in one transaction (a bulk approval is
    one batch). ``by`` (the console user) is kept in the hub's mutation log of each record."""
    if not drafts:
        return []
    with hdb.write() as s, s.begin():
        # The server sequence lock first (as every push takes it), then the hub device's rows.
        s.scalars(select(hm.Counter).where(hm.Counter.name == "seq").with_for_update()).one()
        d = _hub_device(s)
        dev = d.device_id or ""
        seq = d.last_seq
        stamped: list[tuple[Draft, Mutation]] = []
        for dr in drafts:
            seq += 1
            floor = _stored_clock(s, dr.entity, dr.record_id) if dr.op == "update" else None
            mu = Mutation(
                seq=seq, id=dr.record_id, entity=dr.entity, op=dr.op, hlc=_next_hlc(s, floor), data=dict(dr.data)
            )
            stamped.append((dr, mu))
        before = {(dr.entity, dr.record_id): _seq_of(s, dr.entity, dr.record_id) for dr, _mu in stamped}
        results, _last, _purged = push_batch(s, d, [mu for _dr, mu in stamped])
        refused = {r.seq: r for r in results if r.status == "rejected"}
        if by:
            for _dr, mu in stamped:
                lg = s.get(hm.MutationLog, (dev, mu.seq))
                if lg is not None and lg.status == "ok":
                    lg.reason = json.dumps({"by": by}, ensure_ascii=False)
        out: list[Authored] = []
        for dr, mu in stamped:
            r = refused.get(mu.seq)
            if r is not None:
                out.append(Authored(dr.entity, dr.record_id, "rejected", dev, mu.hlc, r.code, r.zh, r.en))
                continue
            moved = _seq_of(s, dr.entity, dr.record_id) != before[(dr.entity, dr.record_id)]
            out.append(Authored(dr.entity, dr.record_id, "ok" if moved else "duplicate", dev, mu.hlc))
        return out


def _seq_of(s: Session, entity: str, record_id: str) -> int | None:
    s.flush()
    return s.scalar(select(hm.Record.seq).where(hm.Record.entity == entity, hm.Record.id == record_id))


def author(
    hdb: HubDB,
    entity: str,
    record_id: str,
    data: Mapping[str, Value],
    by: str | None = None,
    op: Literal["insert", "update"] = "insert",
) -> Authored:
    """Store one record as the hub's own; raises ``AuthoringRefused`` (with the hub's reason)
    if the checks every push passes refuse it. Calling it again with the same record is
    harmless (``duplicate``)."""
    (res,) = author_many(hdb, [Draft(entity, record_id, data, op)], by=by)
    if res.status == "rejected":
        raise AuthoringRefused(422, res.code or "rejected", res.zh or "记录被拒绝", res.en or "record refused")
    return res


def hub_time() -> str:
    """The hub's local wall time as laptops write ``at`` fields (``YYYY-MM-DDTHH:MM:SS``)."""
    return dt.datetime.now().replace(microsecond=0).isoformat()


__all__ = ["Authored", "AuthoringRefused", "Draft", "author", "author_many", "hub_device_id", "hub_time", "new_id"]
