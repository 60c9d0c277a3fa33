"""Authorization by van and role (docs/sync.md, "Identity and authorization").

A device enrolled for a van (``hub_devices.role = "van"``) may change only its van's records:
its van's own record (not its name), visits of its van and every fact of those visits (counts,
sign-ins, duty, reopens, corrections, purges), its van's stock (and the receiving half of a
transfer it sends), its day closes and odometer, people of its van or of no van. Sites and
titles are shared: any van adds and edits them; only the laptop that made one may delete it.
The office's device (``role = "office"``) may change everything.

A van is known by the name the office enrolled the device under (``device add --caravan``):
every caravan record whose name is that name (``domain.catalogue.normalise``), and the one the
device was bound to the first time it was found. Merges do not extend it.

``check`` runs on the push path for every new mutation, before the meaning checks
(``validate.py``) and the fast path; a refusal is a per-mutation rejection ``not_your_van``
with a reason, never an error of the request. ``filter_page`` is the pull side: what a van's
laptop receives of other vans' participants.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import privacy
from ..domain.catalogue import normalise
from ..sync.protocol import Mutation
from . import models as hm
from .apply import BatchState, Rejected, stored_ids

HUB_ROLE = "hub"  # the hub's own device row: records the hub authors (server/authoring.py)
# Facts only the hub authors (the office decides them at the console): refused from any laptop.
# A request is the hub's office data (server/orders.py); laptops receive its synced summary.
HUB_ONLY = frozenset({"review", "request"})
VISIT_FACTS = ("tally", "signin", "duty_event", "visit_reopen", "signin_correction", "tally_takeback", "rating")
SHARED = ("site", "title")

_WHAT = {
    "caravan": ("车辆", "van"),
    "visit": ("活动", "visit"),
    "movement": ("库存", "stock"),
    "day_close": ("日结", "day close"),
    "odometer": ("里程", "odometer reading"),
    "person": ("人员", "person"),
    "privacy_action": ("签到的个人信息", "sign-ins' personal data"),
    "merge": ("车辆合并", "merge of vans"),
    "device": ("设备登记", "device record"),
    "review": ("审核结论", "review decision"),
    "request": ("点单", "request"),
}


@dataclass
class Scope:
    """Who is pushing or pulling: a device's role and the caravan ids of its van."""

    device_id: str
    role: str
    van_name: str
    vans: set[str] = field(default_factory=set)
    share_names: bool = False
    secret: str | None = None  # the association's secret keying hashed dedupe keys
    _cache: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)

    @property
    def office(self) -> bool:
        """The office's laptop, or the hub's own device (``authoring``): every record."""
        return self.role in ("office", HUB_ROLE)


def van_ids(s: Session, name: str) -> set[str]:
    key = normalise(name)
    out: set[str] = set()
    if not key:
        return out
    for rid, data in s.execute(select(hm.Record.id, hm.Record.data).where(hm.Record.entity == "caravan")):
        try:
            d = json.loads(data)
        except ValueError:
            continue
        if isinstance(d, dict) and not d.get("retracted") and normalise(str(d.get("name") or "")) == key:
            out.add(rid)
    return out


def scope_for(s: Session, d: hm.HubDevice, bind: bool = False) -> Scope:
    """The device's scope; ``bind`` (a push) records the van's record id on the device once."""
    row = s.get(hm.HubSetting, "share_names")
    sc = Scope(d.device_id or "", d.role or "van", d.caravan, share_names=row is not None and row.value == "1")
    key = s.get(hm.HubSetting, privacy.HUB_DEDUPE_SECRET)  # made by ``hub.dedupe_secret``
    sc.secret = key.value if key is not None else None
    if sc.office:
        return sc
    sc.vans = van_ids(s, d.caravan)
    if d.caravan_id:
        sc.vans.add(d.caravan_id)
    elif bind and sc.vans:
        d.caravan_id = min(sc.vans)
    return sc


def _refuse(entity: str, sc: Scope) -> Rejected:
    zh, en = _WHAT.get(entity, ("记录", "record"))
    return Rejected(
        "not_your_van",
        f"这台电脑登记为「{sc.van_name}」的电脑，不能修改其他车辆的{zh}（请由办公室的电脑处理）",
        f"this laptop is enrolled for {sc.van_name!r}; it cannot change another van's {en} (the office's laptop can)",
    )


def _data(text: str) -> dict[str, Any] | None:
    try:
        d = json.loads(text)
    except ValueError:
        return None
    return d if isinstance(d, dict) else None


def _get(s: Session, st: BatchState, sc: Scope, entity: str, rid: object) -> dict[str, Any] | None:
    """A record's stored data (this batch first), or None when the hub does not have it."""
    if not isinstance(rid, str):
        return None
    row = st.rows.get((entity, rid))
    if row is not None:
        return _data(row.data)
    key = (entity, rid)
    if key not in sc._cache:
        found = stored_ids(s, entity, [rid], with_data=True)
        sc._cache[key] = _data(found[0][1] or "") if found else None
    return sc._cache[key]


def preload(s: Session, st: BatchState, sc: Scope, mutations: list[Mutation]) -> None:
    """The visits and movements a batch names, in one query per entity (not one per mutation)."""
    if sc.office:
        return
    wanted: dict[str, set[str]] = {"visit": set(), "movement": set()}
    for mu in mutations:
        v, r = mu.data.get("visit_id"), mu.data.get("ref_id")
        if isinstance(v, str):
            wanted["visit"].add(v)
        if mu.entity == "movement" and isinstance(r, str):
            wanted["movement"].add(r)
    for entity, ids in wanted.items():
        todo = sorted(i for i in ids if (entity, i) not in st.rows and (entity, i) not in sc._cache)
        found = dict(stored_ids(s, entity, todo, with_data=True)) if todo else {}
        for rid in todo:
            sc._cache[(entity, rid)] = _data(found[rid] or "") if rid in found else None


def _visit_van_ok(s: Session, st: BatchState, sc: Scope, visit_id: object) -> bool:
    visit = _get(s, st, sc, "visit", visit_id)
    return visit is None or visit.get("caravan_id") in sc.vans  # unknown: the reference checks say so


def _movement_ok(s: Session, st: BatchState, sc: Scope, data: dict[str, Any]) -> bool:
    """Its van's stock; or the receiving half of a transfer it sent; or the undo of a transfer
    to or from it."""
    if data.get("caravan_id") in sc.vans:
        return True
    ref = _get(s, st, sc, "movement", data.get("ref_id"))
    if ref is None:
        return False
    kind = data.get("kind")
    if kind == "transfer_in":
        return ref.get("kind") == "transfer_out" and ref.get("caravan_id") in sc.vans
    if kind == "undo":
        if ref.get("kind") == "transfer_out":
            return ref.get("recipient") in sc.vans or ref.get("caravan_id") in sc.vans
        if ref.get("kind") == "transfer_in":
            out = _get(s, st, sc, "movement", ref.get("ref_id"))
            return out is not None and out.get("caravan_id") in sc.vans
    return False


def _signin_ids(text: object) -> list[str]:
    try:
        ids = json.loads(text) if isinstance(text, str) else []
    except ValueError:
        return []
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


def check(s: Session, st: BatchState, sc: Scope, mu: Mutation) -> None:
    """Raise ``Rejected("not_your_van")`` if this device may not make ``mu`` (``hub_only``
    for a fact only the hub authors, even from the office's laptop)."""
    if mu.entity in HUB_ONLY and sc.role != HUB_ROLE:
        zh, en = _WHAT.get(mu.entity, ("这类记录", mu.entity))
        raise Rejected(
            "hub_only",
            f"{zh}只能由办公室在服务器的网页上作出，电脑不能上传",
            f"a {en} is made only on the hub (the office console), never by a laptop",
        )
    if sc.office:
        return
    e, data = mu.entity, mu.data
    row = st.rows.get((e, mu.id))  # every stored record the batch names is loaded (apply.load_rows)
    stored = _data(row.data) if row is not None else None
    if stored is None and mu.op == "update":
        return  # not on the hub: apply's own check says so
    if e == "caravan":
        if stored is None:
            if normalise(str(data.get("name") or "")) != normalise(sc.van_name):
                raise _refuse(e, sc)
            sc.vans.add(mu.id)  # the van's first laptop makes its record
            return
        if mu.id not in sc.vans or data.get("deleted") is True:
            raise _refuse(e, sc)
        if "name" in data and normalise(str(data["name"] or "")) != normalise(sc.van_name):
            raise _refuse(e, sc)
    elif e == "visit":
        if stored is not None and stored.get("caravan_id") not in sc.vans:
            raise _refuse(e, sc)
        if (stored is None or "caravan_id" in data) and data.get("caravan_id") not in sc.vans:
            raise _refuse(e, sc)
    elif e in VISIT_FACTS:
        if not _visit_van_ok(s, st, sc, data.get("visit_id")):
            raise _refuse("visit", sc)
        # A correction also names what it corrects: that must be at its van's visit too.
        target = {"tally_takeback": ("tally", "tally_id"), "signin_correction": ("signin", "signin_id")}.get(e)
        if target is not None:
            named = _get(s, st, sc, target[0], data.get(target[1]))
            if named is not None and not _visit_van_ok(s, st, sc, named.get("visit_id")):
                raise _refuse("visit", sc)
    elif e == "photo":
        # A photo belongs to its van's visit; an edit (caption, 精选, public) is checked against
        # the stored photo's visit, and a photo never moves to another van's visit.
        if stored is not None and not _visit_van_ok(s, st, sc, stored.get("visit_id")):
            raise _refuse("visit", sc)
        if (stored is None or "visit_id" in data) and not _visit_van_ok(s, st, sc, data.get("visit_id")):
            raise _refuse("visit", sc)
    elif e == "photo_removal":
        photo = _get(s, st, sc, "photo", data.get("photo_id"))
        if not _visit_van_ok(s, st, sc, data.get("visit_id")) or (
            photo is not None and not _visit_van_ok(s, st, sc, photo.get("visit_id"))
        ):
            raise _refuse("visit", sc)
    elif e in ("day_close", "odometer"):
        if data.get("caravan_id") not in sc.vans:
            raise _refuse(e, sc)
    elif e == "movement":
        if not _movement_ok(s, st, sc, data):
            raise _refuse(e, sc)
    elif e in ("person", "device"):
        if e == "person" and stored is not None and stored.get("caravan_id") not in (None, *sc.vans):
            raise _refuse(e, sc)
        if "caravan_id" in data and data["caravan_id"] is not None and data["caravan_id"] not in sc.vans:
            raise _refuse(e, sc)
    elif e in SHARED:
        if data.get("deleted") is True and row is not None and row.device_id != sc.device_id:
            raise Rejected(
                "not_your_record",
                "共用的学校/图书只能由添加它的电脑或办公室删除",
                "a shared site or title can be deleted only by the laptop that added it, or the office",
            )
    elif e == "merge":
        if data.get("entity") == "caravan" and not {data.get("from_id"), data.get("into_id")} <= sc.vans:
            raise _refuse(e, sc)
    elif e == "privacy_action":
        if data.get("kind") == "purge" and not _visit_van_ok(s, st, sc, data.get("visit_id")):
            raise _refuse(e, sc)
        for sid in _signin_ids(data.get("signin_ids")):
            signin = _get(s, st, sc, "signin", sid)
            if signin is not None and not _visit_van_ok(s, st, sc, signin.get("visit_id")):
                raise _refuse(e, sc)


# --- pull: what a van's laptop receives of other vans ------------------------------------------


def filter_page(s: Session, sc: Scope, records: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Strip other vans' participants' personal data from a pull page, in place: the one rule
    of ``domain.privacy.strip_other_vans`` (peer sync applies the same), with the visits and
    sign-ins it names looked up here."""
    if sc.office:
        return
    named = privacy.named_signins(records)
    visit_of: dict[str, object] = (
        {rid: (_data(text or "") or {}).get("visit_id") for rid, text in stored_ids(s, "signin", named, with_data=True)}
        if named
        else {}
    )
    vids = privacy.visits_named(records, visit_of)
    van_of = {
        rid: (_data(text or "") or {}).get("caravan_id") for rid, text in stored_ids(s, "visit", vids, with_data=True)
    }
    privacy.strip_other_vans(
        records, privacy.Receiver(False, frozenset(sc.vans), sc.share_names, sc.secret), visit_of, van_of
    )


def records_of(records: list[tuple[str, str, dict[str, Any]]], entity: str) -> list[tuple[str, dict[str, Any]]]:
    return [(rid, d) for e, rid, d in records if e == entity]
