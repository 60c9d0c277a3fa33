"""Pupils' personal information: the notice, the settings, the retention purge
and a person's requests (find, export, correct, delete). Rules in domain/privacy.py; SQL in
storage/privacy_store.py. docs/privacy.md says what the office tells people.

A purge, an erasure and a correction are synced facts (entity ``privacy_action``): every
laptop and the hub blank (or correct) their own copies; rows stay, so every count, report and
printed verification code stays the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
from dataclasses import asdict, dataclass
from typing import Any

from ..domain import privacy, rules
from ..domain.errors import RuleError
from ..domain.ids import derived_id
from ..domain.records.privacy import PersonalSignin
from ..storage import privacy_store as ps
from .base import Service
from .settings import ISSUER_KEY, parse_issuer

log = logging.getLogger("caravan.privacy")
_CHUNK = 400  # sign-in ids per fact (a fact's text stays under the 20,000-character limit)


@dataclass(frozen=True)
class PrivacySettings:
    """How this laptop treats personal data (保存期限, consent mode, who counts as a pupil)."""

    retention_days: int
    guardian_consent: bool
    pupil_groups: tuple[str, ...]
    send_phones_to_hub: bool

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["pupil_groups"] = list(self.pupil_groups)
        return d


@dataclass(frozen=True)
class PrivacyLogEntry:
    """One line of the privacy log: what was done and how many records, never whom it was about."""

    seq: int
    at: str
    action: str
    detail: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class PrivacyService(Service):
    # --- notice and settings ------------------------------------------------------------------

    def notice(self) -> str:
        """The notice shown on the phone page and printed on the sign-in sheet. One statement
        for the three settings it may need: every phone's page view asks for it."""
        meta = self.db.get_metas(privacy.META_NOTICE, privacy.META_RETENTION, ISSUER_KEY)
        return meta.get(privacy.META_NOTICE) or self._default_notice(meta)

    def default_notice(self) -> str:
        """The built-in notice with this laptop's retention and the issuer's telephone."""
        return self._default_notice(self.db.get_metas(privacy.META_RETENTION, ISSUER_KEY))

    @staticmethod
    def _default_notice(meta: dict[str, str]) -> str:
        contact = parse_issuer(meta.get(ISSUER_KEY)).contact("电话：")
        return privacy.default_notice(privacy.retention_days(meta.get(privacy.META_RETENTION)), contact)

    def set_notice(self, text: object) -> str:
        value = rules.notes("notice", text)
        if not value:
            self.db.set_meta(privacy.META_NOTICE, "")
            return self.default_notice()
        if len(value) > 1000:
            raise RuleError("notice", "告知文字不能超过 1000 字", "the notice cannot be longer than 1000 characters")
        self.db.set_meta(privacy.META_NOTICE, value)
        return value

    def settings(self) -> PrivacySettings:
        return PrivacySettings(
            retention_days=privacy.retention_days(self.db.get_meta(privacy.META_RETENTION)),
            guardian_consent=self.db.get_meta(privacy.META_CONSENT) == "1",
            pupil_groups=tuple(privacy.pupil_groups(self.db.get_meta(privacy.META_PUPILS))),
            send_phones_to_hub=self.db.get_meta(privacy.META_HUB_PHONES) != "0",
        )

    def configure(
        self,
        *,
        retention_days: object = None,
        guardian_consent: bool | None = None,
        pupil_groups: list[str] | None = None,
        send_phones_to_hub: bool | None = None,
    ) -> PrivacySettings:
        if retention_days is not None:
            n = rules.count("retention_days", retention_days)
            self.db.set_meta(privacy.META_RETENTION, str(n))
        if guardian_consent is not None:
            self.db.set_meta(privacy.META_CONSENT, "1" if guardian_consent else "0")
        if pupil_groups is not None:
            from ..domain.vocab import SigninGroup

            groups = [rules.choice("group", g, SigninGroup) for g in pupil_groups]
            self.db.set_meta(privacy.META_PUPILS, ",".join(groups))
        if send_phones_to_hub is not None:
            self.db.set_meta(privacy.META_HUB_PHONES, "1" if send_phones_to_hub else "0")
        now = self.settings()
        self._log("settings", now.to_dict())
        return now

    # --- retention ------------------------------------------------------------------------------

    def purge(self, days: object = None) -> dict[str, int]:
        """Blank participants' personal fields of visits older than ``days`` (default: the
        setting, 90): one synced fact per visit; crew and volunteer sign-ins are kept."""
        n = rules.count("days", days) if days is not None else self.settings().retention_days
        cutoff = (self.clock.today() - dt.timedelta(days=n)).isoformat()  # visits on or before it
        with self.unit() as u:
            visits = ps.visits_before(u.session, cutoff)
            for vid in visits:
                self._fact(u, {"kind": "purge", "visit_id": vid}, record_id=derived_id("privacy-purge", vid))
            changed = ps.apply(u.session)
            ps.log(u.session, self.clock.timestamp(), "purge", {"days": n, "before": cutoff, "visits": len(visits)})
        self.scrub()
        log.info("privacy purge: %d visit(s) before %s, %d sign-in(s) blanked", len(visits), cutoff, changed)
        return {"visits": len(visits), "signins": changed, "days": n}

    def purge_if_due(self) -> dict[str, int] | None:
        """What the desktop app runs by itself at start (off the UI thread): the retention
        purge, at most once a day; None when it already ran today or the data is read-only."""
        if self.db.read_only:
            return None
        today = self.clock.today().isoformat()
        if self.db.get_meta("privacy_last_purge") == today:
            return None
        r = self.purge()
        self.db.set_meta("privacy_last_purge", today)
        return r

    def scrub(self) -> None:
        """Fold the WAL into the file and truncate it (secure_delete already zeroes freed pages)."""
        ps.scrub(self.db)

    # --- encryption at rest (storage/cipher.py, docs/privacy.md) ------------------------------------

    def encrypted(self) -> bool:
        return ps.is_encrypted(self.db)

    def encrypt(self, backup_dir: Any = None) -> dict[str, int]:
        """Encrypt this laptop's database and its backups (SQLCipher, the key in the OS keyring).
        The database is closed for the moment it takes and opened again with the key."""
        if self.db.read_only:
            raise RuleError("database", "数据文件夹只读，无法加密", "the data folder is read-only")
        if not ps.cipher_available():
            raise RuleError(
                "database", "本机缺少 SQLCipher 组件（sqlcipher3-wheels）", "SQLCipher (sqlcipher3-wheels) is missing"
            )
        with self.db.write_lock:
            self.db.close()
            try:
                r = ps.encrypt(self.db, backup_dir)
            finally:
                self.db.reopen()
        self._log("encrypt", r)
        return r

    # --- a person's requests ----------------------------------------------------------------------

    def find(self, who: object) -> list[PersonalSignin]:
        """Sign-ins whose name contains ``who`` or whose phone number is ``who``."""
        needle = rules.text("who", who, required=True, max_len=50)
        assert needle is not None
        with self.read() as s:
            rows = ps.find(s, needle)
        self._log("find", {"records": len(rows)})
        return rows

    def export(self, who: object, fmt: str = "json") -> str:
        """That person's records as JSON or CSV (for the person who asked)."""
        rows = self.find(who)
        self._log("export", {"records": len(rows), "format": fmt})
        if fmt == "csv":
            out = io.StringIO()
            cols = ("date", "name", "group", "organisation", "phone", "method", "at", "id", "visit_id")
            w = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            w.writerows(r.to_json() for r in rows)
            return out.getvalue()
        return json.dumps({"records": [r.to_json() for r in rows]}, ensure_ascii=False, indent=2)

    def _targets(self, who: object, signin_ids: list[str] | None) -> list[str]:
        if signin_ids:
            return list(dict.fromkeys(signin_ids))
        ids = [r.id for r in self.find(who)]
        if not ids:
            raise RuleError("who", "没有找到此人的签到记录", "no sign-ins of this person were found")
        return ids

    def correct(self, who: object, new_name: object, signin_ids: list[str] | None = None) -> int:
        """Fix a misspelt name on that person's sign-ins (a synced fact); returns how many."""
        name = rules.person_name("name", new_name)
        ids = self._targets(who, signin_ids)
        with self.unit() as u:
            for i in range(0, len(ids), _CHUNK):
                self._fact(u, {"kind": "correct", "signin_ids": json.dumps(ids[i : i + _CHUNK]), "name": name})
            ps.apply(u.session)
            ps.log(u.session, self.clock.timestamp(), "correct", {"records": len(ids)})
        self.scrub()
        return len(ids)

    def delete(self, who: object, signin_ids: list[str] | None = None, reason: object = None) -> int:
        """Blank that person's personal fields on every sign-in, everywhere (a synced fact;
        every count stays). Returns how many sign-ins."""
        why = rules.text("reason", reason, max_len=400)
        ids = self._targets(who, signin_ids)
        with self.unit() as u:
            for i in range(0, len(ids), _CHUNK):
                self._fact(
                    u,
                    {"kind": "erase", "signin_ids": json.dumps(ids[i : i + _CHUNK]), "reason": why},
                )
            ps.apply(u.session)
            ps.log(u.session, self.clock.timestamp(), "delete", {"records": len(ids), "reason": why})
        self.scrub()
        log.info("privacy delete: %d sign-in(s) blanked", len(ids))
        return len(ids)

    def log_entries(self, limit: int = 200) -> list[PrivacyLogEntry]:
        with self.read() as s:
            return [PrivacyLogEntry(**e) for e in ps.log_entries(s, limit)]

    # --- helpers ------------------------------------------------------------------------------------

    def _fact(self, u: Any, data: dict[str, Any], record_id: str | None = None) -> str:
        full = {"fields": ",".join(privacy.PERSONAL_FIELDS), "at": self.clock.timestamp(), **data}
        if record_id is not None and ps.action_stored(u.session, record_id):
            return record_id  # this visit was purged here before
        return str(u.insert("privacy_action", full, record_id=record_id))

    def _log(self, action: str, detail: dict[str, Any]) -> None:
        """A log entry names what was done and how many records, never the person asked about."""
        with self.db.write() as s:
            ps.log(s, self.clock.timestamp(), action, detail)
