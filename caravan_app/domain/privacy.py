"""Pupils' personal information: who is asked what, how long it is kept, and how
a purge, an erasure or a correction changes a sign-in. No SQL, no Qt.

The rules, in one place for the GUI quick sign-in, the CLI and the phone page:

* **Collection by group.** Pupils (``PUPIL_GROUPS``, 小学生 and 初中生 by default) are asked no
  phone number and may leave the name out (the class is enough) unless the office turned on
  guardian-consent mode. Other groups are asked as before.
* **Retention.** Participants' personal fields (``PERSONAL_FIELDS``) are blanked
  ``DEFAULT_RETENTION_DAYS`` after the visit; crew and volunteer sign-ins (``keeps_personal``)
  are kept, certificates need them.
* **Blanking keeps every count.** A blanked sign-in keeps its row, group, visit and time; its
  dedupe key is replaced by a one-way hash of itself (``hashed_key``), so the same person is
  still one person and no name or phone number survives in the key. The hash is keyed by the
  association's secret (``META_DEDUPE_SECRET``, which the hub gives its laptops): a plain hash of
  an 11-digit mobile number is undone by trying every number.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import ValidationError
from .vocab import SigninGroup

DEFAULT_RETENTION_DAYS = 90
PERSONAL_FIELDS = ("name", "phone", "organisation")
DEFAULT_PUPIL_GROUPS = (SigninGroup.PRIMARY.value, SigninGroup.JUNIOR.value)
PURGED_NAME = ""  # what a blanked name becomes (the column is NOT NULL)


def default_notice(retention_days: int = 90, contact: str = "") -> str:
    """The notice a laptop shows until someone writes its own, built from what it really does:
    the retention set on this laptop, and whom to ask (the issuer's telephone in ``caravan
    settings issuer``). The old fixed text said 90 days whatever was set, and printed a
    placeholder number (0537-0000000) on every phone page."""
    ask = f"请联系{contact}" if contact else "请联系济宁市科协科普部或现场工作人员"
    when = "在活动结束当天删除" if retention_days == 0 else f"在活动结束后 {retention_days} 天内删除"
    return (
        "【个人信息告知】本签到由济宁市科普大篷车项目组收集，仅用于统计本次科普活动的参加人数和"
        "向主管部门报送活动情况。小学生、初中生无需填写手机号，可只填班级不填姓名。"
        f"参加者的姓名、手机号和单位{when}，只保留人数统计。"
        f"如需查询、更正或删除您或您孩子的信息，{ask}。"
    )


DEFAULT_NOTICE = default_notice()  # with the default retention and no telephone set


# meta keys (device-local settings, like the other settings on the 设置 page)
META_NOTICE = "privacy_notice"
META_RETENTION = "privacy_retention_days"
META_CONSENT = "privacy_guardian_consent"  # "1": pupils may be asked name and phone as before
META_PUPILS = "privacy_pupil_groups"  # comma-separated SigninGroup codes
META_HUB_PHONES = "privacy_send_phones"  # "0": participants' phone numbers never leave the laptop
# The association's secret that keys ``hashed_key``: from the hub (enrollment, every pull) or,
# for a laptop paired by a code, from the laptop it paired with (inside the pinned TLS channel).
META_DEDUPE_SECRET = "dedupe_secret"
HUB_DEDUPE_SECRET = "dedupe_secret"  # the hub_settings row holding it
HASHED_PREFIXES = ("h:", "k:", "s:", "p:")  # dedupe keys with no personal data in them


@dataclass(frozen=True)
class Collection:
    """What a sign-in form asks a person of ``group``."""

    ask_phone: bool
    name_required: bool
    class_required: bool


def pupil_groups(setting: str | None) -> tuple[str, ...]:
    if setting is None:
        return DEFAULT_PUPIL_GROUPS
    return tuple(g.strip() for g in setting.split(",") if g.strip())


def collection(group: str, pupils: tuple[str, ...], consent: bool) -> Collection:
    """The form for one group: pupils give a class and nothing else unless guardians consented."""
    if group in pupils and not consent:
        return Collection(ask_phone=False, name_required=False, class_required=True)
    return Collection(ask_phone=True, name_required=True, class_required=False)


def collect(
    group: str, name: str | None, organisation: str | None, phone: str | None, pupils: tuple[str, ...], consent: bool
) -> tuple[str, str | None, str | None]:
    """(name, organisation, phone) to store for a sign-in of ``group``: a pupil's phone number
    is never stored (dropped, not refused: a child who typed one is still signed in); a
    pupil without a name must give the class."""
    c = collection(group, pupils, consent)
    if not c.ask_phone:
        phone = None
    if c.class_required and not name and not organisation:
        raise ValidationError("organisation", "请填写班级（姓名可以不填）", "give the class (the name may be left out)")
    if c.name_required and not name:
        raise ValidationError("name", "姓名不能为空", "name is required")
    return name or PURGED_NAME, organisation, phone


def keeps_personal(group: str | None, person_id: str | None) -> bool:
    """Crew and volunteer sign-ins keep their personal fields (certificates and hours need them)."""
    return bool(person_id) or group == SigninGroup.VOLUNTEER.value


def hashed_key(key: str, secret: str | None) -> str:
    """A dedupe key with no personal data left in it, the same on every laptop and the hub of
    one association: ``k:`` an HMAC-SHA256 keyed by the association's ``secret`` (nobody without
    it can try every phone number against it). Without a secret (a laptop that has not yet met
    its hub or a peer that has one) the older unkeyed ``h:`` hash."""
    if key.startswith(HASHED_PREFIXES):
        return key  # already free of personal data (hash, own id, crew id)
    if secret:
        return "k:" + hmac.new(secret.encode("ascii"), key.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
    return "h:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def hashed_keys(key: str, secret: str | None) -> list[str]:
    """Every hashed form ``key`` may be held under (keyed, and the unkeyed one a sign-in had
    before its laptop held the secret): an 已签到 lookup tries them all."""
    return list(dict.fromkeys([hashed_key(key, secret), hashed_key(key, None)]))


def retention_days(setting: str | None) -> int:
    try:
        n = int(setting) if setting is not None else DEFAULT_RETENTION_DAYS
    except ValueError:
        return DEFAULT_RETENTION_DAYS
    return n if n >= 0 else DEFAULT_RETENTION_DAYS


PRIVACY_KINDS = ("purge", "erase", "correct")


# --- what a laptop receives of other vans' participants -------------------------------------------

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class Receiver:
    """Who receives records (a laptop pulling from the hub, or from a laptop near by): the
    office's laptop everything; a van's laptop its van's (``vans``: caravan ids) as taken and of
    other vans only what every count needs."""

    office: bool
    vans: frozenset[str] = frozenset()
    share_names: bool = False  # the office let van laptops see other vans' names (the hub's setting)
    secret: str | None = None  # keys the hash of other vans' dedupe keys (``hashed_key``)


def signin_ids(text: object) -> list[str]:
    """The sign-in ids a privacy action names (a JSON list)."""
    try:
        ids = json.loads(text) if isinstance(text, str) else []
    except ValueError:
        return []
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


def _corrections(records: Sequence[tuple[str, str, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [d for e, _rid, d in records if e == "privacy_action" and d.get("kind") == "correct"]


def named_signins(records: Sequence[tuple[str, str, dict[str, Any]]]) -> list[str]:
    """Sign-ins a name correction in ``records`` names that are not themselves in ``records``:
    the caller looks up their visits (``strip_other_vans``' ``visit_of``)."""
    held = {rid for e, rid, _d in records if e == "signin"}
    return sorted({sid for d in _corrections(records) for sid in signin_ids(d.get("signin_ids"))} - held)


def visits_named(records: Sequence[tuple[str, str, dict[str, Any]]], visit_of: Mapping[str, object]) -> list[str]:
    """The visits whose van the caller looks up (``strip_other_vans``' ``van_of``)."""
    vids = {d.get("visit_id") for e, _rid, d in records if e in ("signin", "photo")} | set(visit_of.values())
    return sorted(v for v in vids if isinstance(v, str))


def strip_other_vans(
    records: Sequence[tuple[str, str, dict[str, Any]]],
    to: Receiver,
    visit_of: Mapping[str, object],
    van_of: Mapping[str, object],
) -> set[tuple[str, str]]:
    """Strip other vans' participants' personal data from ``(entity, id, data)`` records, in
    place, for ``to``; the one rule for the hub's pull and for peer sync. Returns the
    ``(entity, id)`` of the records the rule applies to (stripped, or already stripped).

    Sign-ins at another van's visit (``van_of``: visit id → caravan id; ``visit_of``: the visit of
    a sign-in named by a correction and not in ``records``) lose the phone number, their dedupe
    key is hashed (it may hold the number) and — unless ``share_names`` — name and unit (crew and
    volunteers keep their name). A name correction naming only such sign-ins loses the new name,
    a hand-out at another van its recipient. A photo of another van's visit loses where it was
    taken (``gps``, whatever ``share_names`` says): only the hub, the office and the van's own
    laptops hold it. Counts are unchanged: a sign-in still counts once."""
    if to.office:
        return set()
    vans = dict(van_of)
    for e, rid, d in records:
        if e == "visit":
            vans[rid] = d.get("caravan_id")
    where = dict(visit_of)
    for e, rid, d in records:
        if e == "signin":
            where[rid] = d.get("visit_id")

    def foreign(signin_id: str) -> bool:
        visit = where.get(signin_id)
        van = vans.get(visit) if isinstance(visit, str) else None
        return not isinstance(van, str) or van not in to.vans

    out: set[tuple[str, str]] = set()
    for e, rid, d in records:
        if e == "photo":
            visit = d.get("visit_id")
            van = vans.get(visit) if isinstance(visit, str) else None
            if not isinstance(van, str) or van not in to.vans:
                out.add((e, rid))  # stripped, or already stripped: never relayed as whole
                if "gps" in d:
                    d["gps"] = None
    for e, rid, d in records:
        if e != "signin" or d.get("retracted") or not foreign(rid):
            continue
        out.add((e, rid))
        d["phone"] = None
        if isinstance(d.get("dedupe_key"), str):
            d["dedupe_key"] = hashed_key(d["dedupe_key"], to.secret)
        if not to.share_names and not keeps_personal(d.get("group"), d.get("person_id")):
            d["name"] = PURGED_NAME
            d["organisation"] = None
    if to.share_names:
        return out
    # Who received books (often a pupil or a parent by name) at another van: not its business.
    for e, rid, d in records:
        if e != "movement" or d.get("caravan_id") in to.vans:
            continue
        recipient = d.get("recipient")
        if d.get("kind") in ("distribute", "return") or (
            d.get("kind") == "undo" and not (isinstance(recipient, str) and _UUID.match(recipient))
        ):
            out.add((e, rid))
            if isinstance(recipient, str):
                d["recipient"] = None
    for e, rid, d in records:
        if e == "privacy_action" and d.get("kind") == "correct":
            ids = signin_ids(d.get("signin_ids"))
            if ids and all(foreign(i) for i in ids):
                out.add((e, rid))
                if d.get("name"):
                    d["name"] = ""
    return out
