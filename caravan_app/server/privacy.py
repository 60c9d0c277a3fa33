"""The hub applies privacy actions too (v14, issue #14; rules in domain/privacy.py).

A pushed ``privacy_action`` (purge of a visit, erasure or correction of named sign-ins) is
stored like any fact, and the hub blanks (or corrects) the sign-in records it names in their
stored JSON, in the same transaction; a sign-in pushed later for a purged visit or an erased id
is blanked on arrival. Changed records get a new seq, so a laptop that never had them pulls the
blanked copy; laptops that have them apply the fact themselves and reach the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..domain import privacy
from . import models as hm
from .apply import BatchState, dumps


def _facts(s: Session, st: BatchState) -> list[dict[str, Any]]:
    rows = {r.id: r for r in s.scalars(select(hm.Record).where(hm.Record.entity == "privacy_action"))}
    for (ent, rid), r in st.rows.items():
        if ent == "privacy_action":
            rows[rid] = r
    out = [{**json.loads(r.data), "_row": r} for r in rows.values()]
    return sorted(out, key=lambda f: (f["_row"].hlc, f["_row"].id))


def apply_batch(s: Session, st: BatchState) -> bool:
    """Apply privacy actions to the sign-ins of this batch (and, for new actions, to every
    sign-in they name). Returns True if the batch brought a privacy action."""
    new_keys = [k for k in st.dirty if k[0] in ("privacy_action", "signin")]
    if not new_keys:
        return False
    with s.no_autoflush:
        new_facts = any(k[0] == "privacy_action" for k in st.dirty)
        facts = _facts(s, st)
        if not facts:
            return False
        purged = {f["visit_id"] for f in facts if f.get("kind") == "purge" and f.get("visit_id")}
        erased: set[str] = set()
        names: dict[str, str] = {}
        for f in facts:
            ids = json.loads(f.get("signin_ids") or "[]")
            if f.get("kind") == "erase":
                erased.update(ids)
            elif f.get("kind") == "correct" and f.get("name"):
                for sid in ids:
                    names[sid] = f["name"]
        cand: dict[str, hm.Record] = {k[1]: st.rows[k] for k in st.dirty if k[0] == "signin"}
        if new_facts:
            for vid in purged:
                pattern = f'%"visit_id":{json.dumps(vid)}%'
                for r in s.scalars(select(hm.Record).where(hm.Record.entity == "signin", hm.Record.data.like(pattern))):
                    cand.setdefault(r.id, r)
            wanted = [i for i in (erased | set(names)) if i not in cand]
            for i in range(0, len(wanted), 400):
                for r in s.scalars(
                    select(hm.Record).where(hm.Record.entity == "signin", hm.Record.id.in_(wanted[i : i + 400]))
                ):
                    cand.setdefault(r.id, r)
        blanked: set[str] = set()
        for sid, r in cand.items():
            d = json.loads(r.data)
            if d.get("retracted"):
                continue
            participant = not privacy.keeps_personal(d.get("group"), d.get("person_id"))
            if sid in erased or (participant and d.get("visit_id") in purged):
                new = {
                    **d,
                    "name": privacy.PURGED_NAME,
                    "phone": None,
                    "organisation": None,
                    "dedupe_key": privacy.hashed_key(d["dedupe_key"]),
                }
                blanked.add(sid)
            elif sid in names:
                new = {**d, "name": names[sid], "dedupe_key": privacy.hashed_key(d["dedupe_key"])}
            else:
                continue
            if new != d:
                r.data = dumps(new)
                st.rows[("signin", sid)] = r
                st.dirty.add(("signin", sid))
        for f in facts:
            if f.get("kind") == "correct" and f.get("name") and blanked.intersection(json.loads(f["signin_ids"])):
                r = f["_row"]
                r.data = dumps({**json.loads(r.data), "name": ""})
                st.rows[("privacy_action", r.id)] = r
                st.dirty.add(("privacy_action", r.id))
    return new_facts


def scrub(engine: Any) -> None:
    """SQLite hub: fold the WAL into the file and truncate it after a purge."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.commit()


__all__ = ["apply_batch", "scrub", "text"]
