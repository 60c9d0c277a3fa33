"""Applying privacy actions to this laptop's sign-ins (rules in domain/privacy.py).

``apply`` is idempotent and runs after every local privacy action and after every pulled page
that brought privacy actions or sign-ins, in the same transaction: a sign-in that arrives after
the purge of its visit is blanked on arrival. The sign-ins' append-only trigger lets exactly
these UPDATEs through while meta "privacy_apply" is "1" (migration 0010). The outbox copies and
quarantined copies of blanked records are blanked too, so no old name waits to be pushed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from ..domain import privacy
from ..domain.fieldspec import signin_id_list  # a malformed list names nobody, never raises
from ..domain.records.privacy import PersonalSignin
from . import models as m
from .records import dumps

if TYPE_CHECKING:
    from .database import Database


def _rows(s: Session, sql: str, params: dict[str, Any] | None = None) -> list[Any]:
    return list(s.execute(sql_text(sql), params or {}).fetchall())


_NOT_BLANK = (
    "(g.name != '' OR g.phone IS NOT NULL OR g.organisation IS NOT NULL"
    " OR (g.dedupe_key NOT LIKE 'h:%' AND g.dedupe_key NOT LIKE 'k:%'"
    " AND g.dedupe_key NOT LIKE 's:%' AND g.dedupe_key NOT LIKE 'p:%'))"
)


def apply(s: Session, visits: set[str] | None = None) -> int:
    """Bring sign-ins in line with the privacy actions stored here; returns rows changed.
    ``visits``: only the purges of these visits need a look (a pulled page); erasures and
    corrections (few) are always looked at. Rows already blank are not written again."""
    facts = _rows(
        s, "SELECT id, kind, visit_id, signin_ids, name FROM privacy_actions WHERE kind != 'purge' ORDER BY hlc, id"
    )
    where = ""
    params: dict[str, Any] = {}
    if visits is not None:
        if not visits and not facts:
            return 0
        chosen = sorted(visits)[:900]
        where = " AND g.visit_id IN (" + ", ".join(f":v{i}" for i in range(len(chosen))) + ")" if chosen else " AND 0"
        params = {f"v{i}": v for i, v in enumerate(chosen)}
        if len(visits) > 900:
            where, params = "", {}
    blank: set[str] = {
        r[0]
        for r in _rows(
            s,
            "SELECT g.id FROM signins g JOIN privacy_actions p ON p.kind = 'purge' AND p.visit_id = g.visit_id "
            f"WHERE g.person_id IS NULL AND g.\"group\" != 'volunteer' AND {_NOT_BLANK}{where}",
            params,
        )
    }
    erased: set[str] = set()
    for _fid, kind, _visit_id, ids, _name in facts:
        if kind == "erase" and ids:
            erased.update(signin_id_list(ids) or ())
    blank |= _still_personal(s, erased)
    names: dict[str, str] = {}
    for _fid, kind, _v, ids, name in facts:
        if kind == "correct" and ids and name:
            for sid in signin_id_list(ids) or ():
                names[sid] = name  # the latest correction wins (ordered by hlc)
    # A purge or erasure also blanks the name a correction carried for those sign-ins.
    all_blank = blank | erased | _already_blank(s, list(names))
    changed = 0
    secret = s.execute(
        sql_text("SELECT value FROM meta WHERE key = :k"), {"k": privacy.META_DEDUPE_SECRET}
    ).scalar()  # keys the hashed dedupe keys, as the hub's own purge does
    s.execute(sql_text("INSERT OR REPLACE INTO meta(key, value) VALUES ('privacy_apply', '1')"))
    try:
        for fid, kind, _v, ids, name in facts:
            if kind == "correct" and name and all_blank.intersection(signin_id_list(ids) or ()):
                s.execute(sql_text("UPDATE privacy_actions SET name = '' WHERE id = :i"), {"i": fid})
                _blank_outbox(s, "privacy_action", fid, ("name",))
                changed += 1
        for sid, name in names.items():
            if sid in all_blank:
                continue
            row = s.execute(sql_text("SELECT name, dedupe_key FROM signins WHERE id = :i"), {"i": sid}).first()
            if row is not None and (row[0] != name or not row[1].startswith(privacy.HASHED_PREFIXES)):
                s.execute(
                    sql_text("UPDATE signins SET name = :n, dedupe_key = :k WHERE id = :i"),
                    {"n": name, "k": privacy.hashed_key(row[1], secret), "i": sid},
                )
                _blank_outbox(
                    s, "signin", sid, ("name",), {"name": name, "dedupe_key": privacy.hashed_key(row[1], secret)}
                )
                changed += 1
        for sid in blank:
            row = s.execute(
                sql_text('SELECT dedupe_key, person_id, "group" FROM signins WHERE id = :i'), {"i": sid}
            ).first()
            if row is None:
                continue
            key = privacy.hashed_key(row[0], secret)
            s.execute(
                sql_text(
                    "UPDATE signins SET name = :n, phone = NULL, organisation = NULL, dedupe_key = :k WHERE id = :i"
                ),
                {"n": privacy.PURGED_NAME, "k": key, "i": sid},
            )
            _blank_outbox(
                s,
                "signin",
                sid,
                (),
                {"name": privacy.PURGED_NAME, "phone": None, "organisation": None, "dedupe_key": key},
            )
            s.execute(sql_text("DELETE FROM sync_quarantine WHERE entity = 'signin' AND record_id = :i"), {"i": sid})
            changed += 1
    finally:
        s.execute(sql_text("DELETE FROM meta WHERE key = 'privacy_apply'"))
    s.expire_all()
    return changed


def apply_to_new_signin(u: Any, visit_id: str) -> int:
    """A sign-in just written at a visit this laptop (or another) has purged is blanked in the
    same unit of work, as the hub and every other laptop blank it when it arrives: the purging
    laptop keeps no name either, and its export stays the hub's. One indexed look-up on the
    sign-in path; the blanking runs only at a purged visit."""
    purged = u.cursor.execute(
        "SELECT 1 FROM privacy_actions WHERE visit_id = ? AND kind = 'purge' LIMIT 1", (visit_id,)
    ).fetchone()
    return apply(u.session, {visit_id}) if purged else 0


def _still_personal(s: Session, ids: set[str]) -> set[str]:
    """Of these sign-ins, those that still hold a personal field or an unhashed key."""
    out: set[str] = set()
    todo = sorted(ids)
    for i in range(0, len(todo), 400):
        chunk = todo[i : i + 400]
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        out.update(
            r[0]
            for r in _rows(
                s,
                f"SELECT g.id FROM signins g WHERE g.id IN ({marks}) AND {_NOT_BLANK}",
                {f"i{n}": v for n, v in enumerate(chunk)},
            )
        )
    return out


def _already_blank(s: Session, ids: list[str]) -> set[str]:
    out: set[str] = set()
    for i in range(0, len(ids), 400):
        chunk = ids[i : i + 400]
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        out.update(
            r[0]
            for r in _rows(
                s,
                f"SELECT id FROM signins WHERE id IN ({marks}) AND name = '' AND phone IS NULL "
                "AND organisation IS NULL",
                {f"i{n}": v for n, v in enumerate(chunk)},
            )
        )
    return out


def _blank_outbox(
    s: Session, entity: str, rid: str, empty: tuple[str, ...], values: dict[str, Any] | None = None
) -> None:
    """The outbox copies of a record get the same blanked fields (pushed or not)."""
    for seq, data in _rows(
        s, "SELECT seq, data FROM outbox WHERE entity = :e AND record_id = :r", {"e": entity, "r": rid}
    ):
        d = json.loads(data)
        for f in empty:
            if f in d:
                d[f] = ""
        for f, v in (values or {}).items():
            if f in d:
                d[f] = v
        s.execute(sql_text("UPDATE outbox SET data = :d WHERE seq = :q"), {"d": dumps(d), "q": seq})


def visits_before(s: Session, date: str) -> list[str]:
    """Visits dated before ``date`` that still have participants' personal fields."""
    return [
        r[0]
        for r in _rows(
            s,
            "SELECT DISTINCT v.id FROM visits v JOIN signins g ON g.visit_id = v.id "
            "WHERE v.date <= :d AND g.person_id IS NULL AND g.\"group\" != 'volunteer' "
            "AND (g.name != '' OR g.phone IS NOT NULL OR g.organisation IS NOT NULL) ORDER BY v.id",
            {"d": date},
        )
    ]


def purged_visits(s: Session) -> set[str]:
    return {r[0] for r in _rows(s, "SELECT visit_id FROM privacy_actions WHERE kind = 'purge'")}


def find(s: Session, needle: str) -> list[PersonalSignin]:
    """Sign-ins whose name or phone number matches ``needle`` (exactly, or the name contains it)."""
    rows = _rows(
        s,
        'SELECT g.id, g.visit_id, v.date, g.name, g."group", g.organisation, g.phone, g.method, g.person_id, g.at '
        "FROM signins g LEFT JOIN visits v ON v.id = g.visit_id "
        "WHERE g.name != '' AND (g.name LIKE :like OR g.phone = :exact) ORDER BY g.at, g.id",
        {"like": f"%{needle}%", "exact": needle},
    )
    return [PersonalSignin(*r) for r in rows]


def action_stored(s: Session, record_id: str) -> bool:
    """A privacy fact of this id is on this laptop (a purge of a visit is made once)."""
    return s.get(m.PrivacyAction, record_id) is not None


def log(s: Session, at: str, action: str, detail: dict[str, Any]) -> None:
    s.execute(
        sql_text("INSERT INTO privacy_log(at, action, detail) VALUES (:a, :c, :d)"),
        {"a": at, "c": action, "d": dumps(detail)},
    )


def log_entries(s: Session, limit: int = 200) -> list[dict[str, Any]]:
    return [
        {"seq": r[0], "at": r[1], "action": r[2], "detail": json.loads(r[3])}
        for r in _rows(s, "SELECT seq, at, action, detail FROM privacy_log ORDER BY seq DESC LIMIT :n", {"n": limit})
    ]


def scrub(db: Database) -> None:
    """Fold the WAL into the database file and truncate it: deleted text leaves the WAL too
    (``secure_delete`` already zeroes what is freed inside the file)."""
    with db.write_lock:
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        finally:
            raw.close()


def is_encrypted(db: Database) -> bool:
    from . import cipher

    return str(db.path) != ":memory:" and cipher.is_encrypted(db.path)


def cipher_available() -> bool:
    from . import cipher

    return cipher.available()


def encrypt(db: Database, backup_dir: Any = None) -> dict[str, int]:
    from pathlib import Path

    from . import cipher

    folder = Path(backup_dir) if backup_dir else Path(db.path).parent / "backups"
    return cipher.encrypt_existing(Path(db.path), folder)
