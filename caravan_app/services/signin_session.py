"""Phone self-sign-in and badge scans: the use cases behind the sign-in server and scanner.

Open/closed state lives in this laptop's ``meta`` table (device-local, never synced) so the GUI
and ``caravan signin serve`` agree; a closed sign-in, a completed or cancelled visit, or a
replaced token makes the phone link stop working. Repeats are answered, never counted twice:
the same phone (a signed cookie naming its sign-ins), the same phone number or the same badge.
A same-name sign-in from another phone is counted and marked "possible duplicate".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import re
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass

from ..domain import badge as badge_codec
from ..domain import rules
from ..domain.errors import RuleError, ValidationError
from ..domain.records.catalog import Person
from ..domain.records.visits import Visit
from ..domain.vocab import PersonRole, SigninGroup, SigninMethod, VisitStatus
from ..storage import queries as q
from ..storage import visit_repo
from .attendance import AttendanceService, SigninResult
from .base import Service
from .catalog import CatalogService
from .visits import VisitService

_OPEN_KEY = "signin_open:"
_SECRET_KEY = "signin_cookie_secret"
# Markup and script schemes have no place in a name or a class; refuse rather than store.
_SCRIPTY = re.compile(r"[<>\\`{}]|javascript:|vbscript:|data:|\bon[a-z]+\s*=", re.IGNORECASE)
_CLOSED_STATUSES = (VisitStatus.COMPLETED, VisitStatus.CANCELLED)
_COOKIE_MAX = 8  # sign-ins one phone remembers at one visit ("再签一位")
_TAP_STRIPES = 32  # locks for double-tap detection, by hash of (visit, phone address, name)


class ArrivalNeeded(RuleError):
    """A badge scanned at a visit not yet arrived at: recording it would also record the arrival
    (the time printed on the visit report), so a face that can ask asks first (``arrive=False``)."""

    def __init__(self, visit_id: str, person: Person) -> None:
        self.visit_id, self.person = visit_id, person
        super().__init__(
            "status",
            "活动尚未到达：记录这次扫码会同时记为到达（到达时间印在活动报告上）",
            "the visit has not been arrived at: recording this scan also records the arrival "
            "(its time prints on the visit report)",
        )


@dataclass(frozen=True)
class ScanResult:
    """What a badge scan did: ``action`` is "on", "off" (crew duty), "repeat" (ignored) or "signin"."""

    action: str
    person: Person
    signin: SigninResult | None = None

    def message_zh(self) -> str:
        name = self.person.name
        if self.action == "repeat":
            return f"{name} 刚刚已扫过（{int(SigninSessionService.rescan_seconds)} 秒内重复扫描不计）"
        if self.action == "on":
            return f"{name} 开始服务（上岗）"
        if self.action == "off":
            return f"{name} 结束服务（下岗）"
        assert self.signin is not None
        if self.signin.duplicate:
            return f"{name} 已签到（第 {self.signin.number} 位）"
        return f"{name} 签到成功（第 {self.signin.number} 位）"

    def message_en(self) -> str:
        name = self.person.name
        if self.action == "repeat":
            return f"{name} was just scanned (a repeat within {int(SigninSessionService.rescan_seconds)} s is ignored)"
        if self.action == "on":
            return f"{name} is on duty"
        if self.action == "off":
            return f"{name} is off duty"
        assert self.signin is not None
        word = "already signed in" if self.signin.duplicate else "signed in"
        return f"{name} {word} (no. {self.signin.number})"


def plain_text(field: str, value: object, *, required: bool = False, max_len: int) -> str | None:
    """``rules.text`` (the cleaning every face shares: zero-width characters dropped, controls and
    direction overrides refused) plus what only a page open to any phone refuses: private-use
    characters and markup/script."""
    raw = "" if value is None else str(value)
    zh, en = rules.FIELD_LABELS.get(field, (field, field))
    if any(unicodedata.category(c) == "Co" for c in raw):
        raise ValidationError(field, f"{zh}含有不可见的控制字符", f"{en} contains control characters")
    s = rules.text(field, raw, required=required, max_len=max_len)
    if s and _SCRIPTY.search(s):
        raise ValidationError(
            field, f"{zh}含有不允许的符号（如 < > 或脚本）", f"{en} contains characters that are not allowed"
        )
    return s


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", rules.clean_text(s or "")).lower()


class SigninSessionService(Service):
    rescan_seconds = 10.0

    double_tap_seconds = 120.0

    def __init__(self, visits: VisitService, attendance: AttendanceService, catalog: CatalogService) -> None:
        super().__init__(visits.db)
        # One lock per stripe of (visit, phone, name): a double tap's check, sign-in and record
        # are one step for that person, while other phones go on (one lock around the
        # whole submit queued a class's burst behind each commit). The dict has its own lock.
        self._tap_locks = tuple(threading.Lock() for _ in range(_TAP_STRIPES))
        self._taps_guard = threading.Lock()
        self._taps: dict[tuple[str, str, str], tuple[str, float]] = {}  # oldest first
        self._secret_value: bytes | None = None
        self.visits = visits
        self.attendance = attendance
        self.catalog = catalog

    # --- open / closed ------------------------------------------------------------------------

    def open(self, visit_id: str) -> str:
        """Open phone sign-in for a visit; returns its token (made if the visit has none)."""
        visit = self.visits.get(visit_id)
        if visit is None:
            raise RuleError("visit_id", "找不到该活动", f"no such visit: {visit_id}")
        if visit.status in _CLOSED_STATUSES:
            raise RuleError("status", "活动已结束或已取消，不能开启签到", "the visit is completed or cancelled")
        token = visit.signin_token or self.visits.new_signin_token(visit_id)
        self.db.set_meta(_OPEN_KEY + visit_id, "1")
        return str(token)

    def close(self, visit_id: str) -> None:
        self.db.set_meta(_OPEN_KEY + visit_id, "0")

    def is_open(self, visit_id: str) -> bool:
        return self.db.get_meta(_OPEN_KEY + visit_id) == "1"

    def resolve(self, token: str) -> Visit:
        """The visit behind a phone link, or a DomainError when the link does not work now."""
        # Tokens are upper case (new_signin_token): a typed address in lower case works too;
        # older mixed-case tokens match exactly first. One statement for the link and whether
        # sign-in is open (every phone request checks it).
        visit: Visit | None = None
        is_open = False
        if token:
            with self.db.read_cursor() as cur:
                visit, is_open = visit_repo.signin_link(cur, token, _OPEN_KEY)
        if visit is None:
            raise RuleError("token", "签到链接无效，请重新扫描现场的二维码", "this sign-in link is not valid")
        if visit.status in _CLOSED_STATUSES or not is_open:
            raise RuleError("token", "本场活动的签到已关闭", "sign-in for this visit is closed")
        return visit

    # --- phone sign-in ------------------------------------------------------------------------

    def submit(
        self, token: str, form: dict[str, str], cookie: str | None = None, client: str | None = None
    ) -> tuple[SigninResult, str]:
        """Sign in from the phone form; returns the result and the cookie value to set.

        Who is the same person: a repeat from the same phone (its signed cookie) or with
        the same phone number is the same person and counts once. A same-name sign-in from
        another phone with nothing else to tell them apart is counted and marked "possible
        duplicate" for the crew (never dropped). ``form["another"] == "1"`` ("再签一位"): this
        phone signs in one more person; the cookie then remembers each sign-in it made.
        ``client`` (the phone's address on the hotspot): a double tap that sends the same name
        twice before the cookie is set is one sign-in (remembered for ``double_tap_seconds``)."""
        visit = self.resolve(token)
        vid = visit.id
        mine = self._cookie_ids(vid, cookie)
        another = form.get("another") == "1"
        if mine and not another:
            return self.attendance.answer(mine[0]), str(cookie)
        group = rules.choice("group", form.get("group") or SigninGroup.OTHER, SigninGroup)
        asked = self.attendance.collection(group)  # pupils give a class, no phone
        name = plain_text("name", form.get("name"), required=asked.name_required, max_len=50) or ""
        org = plain_text("organisation", form.get("org"), required=asked.class_required, max_len=100)
        phone = rules.phone("phone", plain_text("phone", form.get("phone"), max_len=20)) if asked.ask_phone else None
        if mine and name:  # "再签一位" pressed twice for one person on this phone
            key = rules.same_name_key(name, org)
            for row in self.attendance.signins_by_ids(mine):
                if rules.same_name_key(row.name, row.organisation) == key:
                    return self.attendance.answer(row.id), str(cookie)
        tap = (vid, client or "", rules.same_name_key(name, org))
        with self._tap_locks[hash(tap) % _TAP_STRIPES]:
            now = time.monotonic()
            with self._taps_guard:
                recent = self._taps.get(tap) if client and name else None
            if recent is not None and now - recent[1] < self.double_tap_seconds:
                if recent[0] not in self.attendance.voided(vid):
                    return self.attendance.answer(recent[0]), self.cookie_for(vid, [*mine, recent[0]][-_COOKIE_MAX:])
            result = self.attendance.signin(vid, name, group, org, phone, method=SigninMethod.PHONE, distinct=True)
            if client:
                with self._taps_guard:
                    # Oldest first (re-inserted on each tap): forget the expired ones from the
                    # front, not by rebuilding the dict per sign-in (that grew with the burst).
                    for k, v in list(itertools.islice(self._taps.items(), 64)):
                        if now - v[1] < self.double_tap_seconds:
                            break
                        del self._taps[k]
                    self._taps.pop(tap, None)
                    self._taps[tap] = (result.id, now)
        ids = [*(i for i in mine if i != result.id), result.id][-_COOKIE_MAX:]
        return result, self.cookie_for(vid, ids)

    # --- the phone's cookie -------------------------------------------------------------------

    def _secret(self) -> bytes:
        if self._secret_value is not None:  # made once per laptop, never changed: read once
            return self._secret_value
        value = self.db.get_meta(_SECRET_KEY)
        if value is None:
            with self.db.write_lock:  # the first phones at once must not sign with two secrets
                value = self.db.get_meta(_SECRET_KEY)
                if value is None:
                    value = secrets.token_hex(32)
                    self.db.set_meta(_SECRET_KEY, value)
        self._secret_value = bytes.fromhex(value)
        return self._secret_value

    def cookie_for(self, visit_id: str, signin_ids: str | list[str]) -> str:
        """A signed cookie naming the sign-ins this phone made at the visit ("~"-separated)."""
        ids = "~".join([signin_ids] if isinstance(signin_ids, str) else signin_ids)
        mac = hmac.new(self._secret(), f"{visit_id}|{ids}".encode(), hashlib.sha256).hexdigest()[:24]
        return f"{ids}.{mac}"

    def _cookie_ids(self, visit_id: str, cookie: str | None) -> list[str]:
        """Counted sign-ins this phone made at this visit (a forged cookie is ignored; a voided
        sign-in is forgotten, so the person can sign in again)."""
        if not cookie or "." not in cookie or len(cookie) > 400:
            return []
        ids = cookie.rsplit(".", 1)[0]
        if not hmac.compare_digest(self.cookie_for(visit_id, ids.split("~")), cookie):
            return []
        with self.db.read_cursor() as cur:
            return [i for i, _name in q.counted_signins(cur, visit_id, ids.split("~"))]

    def from_cookie(self, visit_id: str, cookie: str | None) -> SigninResult | None:
        """The (first) sign-in this phone already made at this visit."""
        mine = self._cookie_ids(visit_id, cookie)
        return self.attendance.answer(mine[0]) if mine else None

    def status(self, token: str, cookie: str | None) -> tuple[Visit, SigninResult | None]:
        """For the page: the visit and, if this phone already signed in, its result."""
        visit = self.resolve(token)
        return visit, self.from_cookie(visit.id, cookie)

    # --- badges -------------------------------------------------------------------------------

    def _last_duty(self, visit_id: str, person_id: str) -> dt.datetime | None:
        with self.read() as s:
            times = [at for pid, _kind, at in visit_repo.duty_events(s, visit_id) if pid == person_id]
        return dt.datetime.fromisoformat(times[-1]) if times else None

    def badge_payload(self, person_id: str) -> str:
        p = self.catalog.person(person_id)
        if p is None or not p.badge_code:
            raise RuleError("person_id", "找不到该人员或其胸卡编号", f"no badge for person {person_id}")
        return badge_codec.encode(p.badge_code)

    def scan(self, visit_id: str, payload: str, at: dt.datetime | None = None, *, arrive: bool = True) -> ScanResult:
        """A badge read by the scanner: crew/volunteers toggle duty, others sign in.

        A crew badge read again within ``rescan_seconds`` is a double read, not "off duty".
        On a planned visit of today the record implies arrival (as every record does); with
        ``arrive=False`` it raises ``ArrivalNeeded`` instead, after the badge and person are
        known to be good, so the crew can be asked.
        """
        b = badge_codec.decode(payload)
        visit = self.visits.get(visit_id)
        if visit is None:
            raise RuleError("visit_id", "找不到该活动", f"no such visit: {visit_id}")
        if visit.status in _CLOSED_STATUSES:
            raise RuleError("status", "活动已结束或已取消，不能再扫胸卡", "the visit is completed or cancelled")
        found = self.catalog.person_by_badge(b.code)
        if found is None:
            raise badge_codec.BadgeError(
                True, "胸卡有效，但本机没有此人（请先同步）", "valid badge, but no such person here (sync first)"
            )
        person = found
        day = (at or self.clock.now()).date()
        if not arrive and rules.visit_accepts_records(visit.status, visit.date, today=day):
            raise ArrivalNeeded(visit_id, person)  # True: a planned visit of today (another day raised)
        if person.role in (PersonRole.CREW, PersonRole.VOLUNTEER):
            now = at or self.clock.now()
            last = self._last_duty(visit_id, person.id)
            if last is not None and (now - last).total_seconds() < self.rescan_seconds:
                return ScanResult("repeat", person)  # a scanner reading one badge twice
            kind = self.visits.duty(visit_id, person.id, at=now)
            return ScanResult(str(kind), person)
        r = self.attendance.signin(
            visit_id,
            person.name,
            SigninGroup.OTHER,
            person.organisation,
            None,
            method=SigninMethod.BADGE,
            person_id=person.id,
            at=at,
        )
        return ScanResult("signin", person, r)
