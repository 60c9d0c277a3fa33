"""The hub applies privacy actions too (rules in domain/privacy.py).

A pushed ``privacy_action`` (purge of a visit, erasure or correction of named sign-ins) is
stored like any fact, and the hub blanks (or corrects) the sign-in records it names in their
stored JSON, in the same transaction; a sign-in pushed later for a purged visit or an erased id
is blanked on arrival. Changed records get a new seq, so a laptop that never had them pulls the
blanked copy; laptops that have them apply the fact themselves and reach the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, text, tuple_
from sqlalchemy.orm import Session

from ..domain import fieldspec, privacy
from ..domain.ids import derived_id
from . import models as hm
from .apply import BatchState, dumps


def _load(s: Session, st: BatchState, keys: list[tuple[str, str]]) -> dict[str, hm.Record]:
    """Records by id (from this batch or the database), one query per 400 keys."""
    out: dict[str, hm.Record] = {}
    todo = []
    for k in keys:
        if k in st.rows:
            out[k[1]] = st.rows[k]
        else:
            todo.append(k)
    for i in range(0, len(todo), 400):
        chunk = todo[i : i + 400]
        for r in s.scalars(select(hm.Record).where(tuple_(hm.Record.entity, hm.Record.id).in_(chunk))):
            out[r.id] = r
    return out


def dedupe_secret(s: Session) -> str | None:
    """The association's secret keying hashed dedupe keys (``hub.dedupe_secret`` makes it)."""
    row = s.get(hm.HubSetting, privacy.HUB_DEDUPE_SECRET)
    return row.value if row is not None else None


def _blank(d: dict[str, Any], secret: str | None) -> dict[str, Any]:
    return {
        **d,
        "name": privacy.PURGED_NAME,
        "phone": None,
        "organisation": None,
        "dedupe_key": privacy.hashed_key(d["dedupe_key"], secret),
    }


def apply_batch(s: Session, st: BatchState) -> bool:
    """Apply privacy actions to the records of this batch. A new sign-in is looked up against
    the purge of its visit (its id is derived from the visit: one primary-key lookup); a new
    privacy action is applied to every sign-in it names. Returns True if the batch brought a
    privacy action."""
    new_facts = [json.loads(st.rows[k].data) | {"_id": k[1]} for k in st.dirty if k[0] == "privacy_action"]
    new_signins = [k[1] for k in st.dirty if k[0] == "signin"]
    if not new_facts and not new_signins:
        return False
    secret = dedupe_secret(s)
    with s.no_autoflush:
        changed: dict[str, hm.Record] = {}
        blanked: set[str] = set()

        def put(sid: str, r: hm.Record, new: dict[str, Any]) -> None:
            if new != json.loads(r.data):
                r.data = dumps(new)
                changed[sid] = r
                st.rows[("signin", sid)] = r

        # Sign-ins of this batch whose visit was purged before.
        if new_signins:
            visits = {}
            for sid in new_signins:
                row = st.rows[("signin", sid)]
                d = getattr(row, "doc", None) or json.loads(row.data)  # nothing has changed it yet
                if not privacy.keeps_personal(d.get("group"), d.get("person_id")) and d.get("visit_id"):
                    visits[sid] = d["visit_id"]
            fact_ids = {v: derived_id("privacy-purge", v) for v in set(visits.values())}
            found = _load(s, st, [("privacy_action", i) for i in fact_ids.values()])
            for sid, vid in visits.items():
                if fact_ids[vid] in found:
                    r = st.rows[("signin", sid)]
                    put(sid, r, _blank(json.loads(r.data), secret))
                    blanked.add(sid)
        # New privacy actions: every sign-in they name.
        for f in sorted(new_facts, key=lambda f: (f.get("at") or "", f["_id"])):
            kind = f.get("kind")
            if kind == "purge" and f.get("visit_id"):
                pattern = f'%"visit_id":{json.dumps(f["visit_id"])}%'
                rows = {
                    r.id: r
                    for r in s.scalars(
                        select(hm.Record).where(hm.Record.entity == "signin", hm.Record.data.like(pattern))
                    )
                }
                rows.update({k[1]: st.rows[k] for k in st.rows if k[0] == "signin" and k[1] in new_signins})
                for sid, r in rows.items():
                    d = json.loads(r.data)
                    if d.get("retracted") or d.get("visit_id") != f["visit_id"]:
                        continue
                    if not privacy.keeps_personal(d.get("group"), d.get("person_id")):
                        put(sid, r, _blank(d, secret))
                        blanked.add(sid)
            elif kind in ("erase", "correct"):
                ids = fieldspec.signin_id_list(f.get("signin_ids")) or []
                rows = _load(s, st, [("signin", i) for i in ids])
                for sid, r in rows.items():
                    d = json.loads(r.data)
                    if d.get("retracted"):
                        continue
                    if kind == "erase":
                        put(sid, r, _blank(d, secret))
                        blanked.add(sid)
                    elif f.get("name") and not _is_blank(d):
                        put(sid, r, {**d, "name": f["name"], "dedupe_key": privacy.hashed_key(d["dedupe_key"], secret)})
                if kind == "correct" and f.get("name") and any(_is_blank(json.loads(r.data)) for r in rows.values()):
                    blanked.update(i for i, r in rows.items() if _is_blank(json.loads(r.data)))
        for sid in changed:
            st.dirty.add(("signin", sid))
        if blanked:
            _blank_corrections(s, st, blanked)
    return bool(new_facts)


def _is_blank(d: dict[str, Any]) -> bool:
    return d.get("name") == privacy.PURGED_NAME and d.get("phone") is None and d.get("organisation") is None


def _blank_corrections(s: Session, st: BatchState, blanked: set[str]) -> None:
    """A correction's new name goes when the sign-ins it names are purged or erased."""
    rows = {
        r.id: r
        for r in s.scalars(
            select(hm.Record).where(hm.Record.entity == "privacy_action", hm.Record.data.like('%"kind":"correct"%'))
        )
    }
    rows.update({k[1]: r for k, r in st.rows.items() if k[0] == "privacy_action"})
    for rid, r in rows.items():
        d = json.loads(r.data)
        if (
            d.get("kind") == "correct"
            and d.get("name")
            and blanked.intersection(fieldspec.signin_id_list(d.get("signin_ids")) or [])
        ):
            r.data = dumps({**d, "name": ""})
            st.rows[("privacy_action", rid)] = r
            st.dirty.add(("privacy_action", rid))


def scrub(engine: Any) -> None:
    """SQLite hub: fold the WAL into the file and truncate it after a purge."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.commit()


__all__ = ["apply_batch", "scrub", "text"]
