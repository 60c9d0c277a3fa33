"""Who is at the console: users and roles, database sessions, CSRF, the failed-login limit, and the
one place that says what each role may see (``Scope``) — the data pages filter through it.

Sessions and failures live in the hub database (never in a worker's memory). The cookie carries a
random token; the table keeps only its SHA-256. A login always issues a new token (the pre-login
one, which only carried the login form's CSRF, is deleted), so a planted cookie never becomes a
logged-in session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Request
from sqlalchemy import bindparam, delete, func, select, update

from ..server.db import HubDB
from ..server.hub import IDENTITY_KEY, get_settings
from ..server.models import Counter, HubSetting
from .models import ConsoleSession, ConsoleUserRow, LoginFailure

COOKIE = "caravan_console"
SESSION_MAX_MS = 12 * 3600 * 1000  # a session ends after 12 h whatever its use
TOUCH_EVERY_MS = 30 * 1000  # idle clock updated at most this often (one write per half minute)
FAIL_WINDOW_MS = 15 * 60 * 1000
FAIL_MAX_USER = 5  # failures per username within the window
FAIL_MAX_ADDR = 20  # failures per address within the window
DEFAULT_IDLE_MINUTES = 30

CHEAP_HASH_ENV = "CARAVAN_TEST_CHEAP_PASSWORD_HASH"


def password_hasher(environ: Mapping[str, str] = os.environ) -> PasswordHasher:
    """argon2id with the library's (OWASP) parameters. ``CARAVAN_TEST_CHEAP_PASSWORD_HASH=1`` — set by
    the test suite only (tests/conftest.py), never in production — uses the smallest legal ones:
    nearly every console test creates users and logs in, and each OWASP hash costs ~0.2 s of CPU.
    A hash made either way verifies either way; a cheap one is re-hashed at its next login
    without the setting."""
    if environ.get(CHEAP_HASH_ENV) == "1":
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


_hasher = password_hasher()


class Role(StrEnum):
    ADMIN = "admin"
    OFFICE = "office"
    COUNTY = "county"
    CAPTAIN = "captain"
    AUDITOR = "auditor"


EVERYONE = tuple(Role)
OFFICE_READ = (Role.ADMIN, Role.OFFICE, Role.AUDITOR)  # the office's pages; the auditor only reads
AUDIT_READ = (Role.ADMIN, Role.AUDITOR)


@dataclass(frozen=True)
class ConsoleUser:
    name: str
    role: Role
    county: str | None = None
    caravan: str | None = None
    id: int = 0


@dataclass(frozen=True)
class Scope:
    """What a user's pages may show: ``county``/``caravan`` None means every one."""

    county: str | None
    caravan: str | None
    phones: bool

    def allows(self, county: str | None = None, caravan: str | None = None) -> bool:
        """A record of this county and van is visible (unknown county/van is not, when scoped)."""
        if self.county is not None and county != self.county:
            return False
        return self.caravan is None or caravan == self.caravan


def scope_of(user: ConsoleUser) -> Scope:
    county = user.county if user.role == Role.COUNTY else None
    caravan = user.caravan if user.role == Role.CAPTAIN else None
    return Scope(county=county, caravan=caravan, phones=can_see_phones(user))


def can_see_phones(user: ConsoleUser) -> bool:
    """County liaisons never see a phone number; captains only work with their van's names."""
    return user.role in (Role.ADMIN, Role.OFFICE, Role.AUDITOR)


def can_change(user: ConsoleUser) -> bool:
    return user.role != Role.AUDITOR


class AuthError(Exception):
    """A user-management mistake, with the message in both languages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


class LoginRequired(Exception):
    """No valid session: the app answers with a redirect to /login?next=…"""


class Forbidden(Exception):
    """The user's role may not do this: the app answers with the 403 page."""


def now_ms() -> int:
    return int(time.time() * 1000)


def _iso() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- users --------------------------------------------------------------------------------------


def _user(r: ConsoleUserRow) -> ConsoleUser:
    return ConsoleUser(name=r.name, role=Role(r.role), county=r.county, caravan=r.caravan, id=r.id)


def _check_new(name: str, role: str, county: str | None, caravan: str | None, password: str) -> Role:
    if not name or len(name) > 64 or name != name.strip() or any(c.isspace() or ord(c) < 32 for c in name):
        raise AuthError(
            "用户名：1 到 64 个字符，不要有空格", "username: 1 to 64 characters without spaces or control characters"
        )
    try:
        r = Role(role)
    except ValueError:
        raise AuthError(
            f"角色：只能是 {', '.join(Role)} 之一", f"role: one of {', '.join(Role)}, not {role!r}"
        ) from None
    if r == Role.COUNTY and not county:
        raise AuthError("县区联络员要写 --county（县市区名称）", "a county liaison needs --county")
    if r == Role.CAPTAIN and not caravan:
        raise AuthError("车长要写 --caravan（车辆名称）", "a captain needs --caravan")
    check_password(password)
    return r


def check_password(password: str) -> None:
    if len(password) < 10:
        raise AuthError("密码：至少 10 个字符", "password: at least 10 characters")
    if len(password) > 1024:
        raise AuthError("密码太长（最多 1024 个字符）", "password: at most 1024 characters")


def add_user(
    hdb: HubDB, name: str, role: str, password: str, county: str | None = None, caravan: str | None = None
) -> ConsoleUser:
    r = _check_new(name, role, county, caravan, password)
    with hdb.write() as s, s.begin():
        if s.scalar(select(ConsoleUserRow.id).where(ConsoleUserRow.name == name)) is not None:
            raise AuthError(f"用户 {name} 已经存在", f"user {name!r} exists already")
        row = ConsoleUserRow(
            name=name,
            role=r.value,
            county=county if r == Role.COUNTY else None,
            caravan=caravan if r == Role.CAPTAIN else None,
            password_hash=_hasher.hash(password),
            disabled=False,
            created_at=_iso(),
        )
        s.add(row)
        s.flush()
        return _user(row)


@dataclass(frozen=True)
class UserInfo:
    name: str
    role: str
    county: str | None
    caravan: str | None
    disabled: bool
    created_at: str


def list_users(hdb: HubDB) -> list[UserInfo]:
    with hdb.read() as s:
        return [
            UserInfo(r.name, r.role, r.county, r.caravan, bool(r.disabled), r.created_at)
            for r in s.scalars(select(ConsoleUserRow).order_by(ConsoleUserRow.name))
        ]


def _row(s: object, name: str) -> ConsoleUserRow:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    row = s.scalar(select(ConsoleUserRow).where(ConsoleUserRow.name == name))
    if row is None:
        raise AuthError(f"没有名为 {name} 的用户（见 user list）", f"no user named {name!r} (see user list)")
    return row


def disable_user(hdb: HubDB, name: str) -> None:
    """The user cannot log in and every session of theirs ends now."""
    with hdb.write() as s, s.begin():
        row = _row(s, name)
        row.disabled = True
        s.execute(delete(ConsoleSession).where(ConsoleSession.user_id == row.id))


def enable_user(hdb: HubDB, name: str) -> None:
    with hdb.write() as s, s.begin():
        _row(s, name).disabled = False


def reset_password(hdb: HubDB, name: str, password: str) -> None:
    """A new password; the user's sessions end (whoever knew the old one is logged out)."""
    check_password(password)
    with hdb.write() as s, s.begin():
        row = _row(s, name)
        row.password_hash = _hasher.hash(password)
        s.execute(delete(ConsoleSession).where(ConsoleSession.user_id == row.id))
        s.execute(delete(LoginFailure).where(LoginFailure.key == "user:" + name))


def set_lang(hdb: HubDB, user: ConsoleUser, lang: str) -> None:
    with hdb.write() as s, s.begin():
        s.execute(update(ConsoleUserRow).where(ConsoleUserRow.id == user.id).values(lang=lang))


# --- login and its limit ------------------------------------------------------------------------


def login_wait_s(hdb: HubDB, name: str, address: str | None) -> int:
    """Seconds until this username and address may try again (0: now)."""
    now = now_ms()
    waits = [0]
    with hdb.read() as s:
        for key, limit in (("user:" + name[:150], FAIL_MAX_USER), ("addr:" + (address or "-"), FAIL_MAX_ADDR)):
            times = list(
                s.scalars(
                    select(LoginFailure.at_ms)
                    .where(LoginFailure.key == key, LoginFailure.at_ms > now - FAIL_WINDOW_MS)
                    .order_by(LoginFailure.at_ms.desc())
                    .limit(limit)
                )
            )
            if len(times) >= limit:
                waits.append(-(-(times[-1] + FAIL_WINDOW_MS - now) // 1000))
    return max(waits)


def _failed(hdb: HubDB, name: str, address: str | None) -> None:
    now = now_ms()
    with hdb.write() as s, s.begin():
        s.add(LoginFailure(key="user:" + name[:150], at_ms=now))
        s.add(LoginFailure(key="addr:" + (address or "-"), at_ms=now))
        s.execute(delete(LoginFailure).where(LoginFailure.at_ms < now - FAIL_WINDOW_MS))


_DUMMY = _hasher.hash("not a password of anyone")


def authenticate(hdb: HubDB, name: str, password: str, address: str | None) -> ConsoleUser | None:
    """The user if name and password match an enabled account; a failure counts toward the limit.
    Unknown names cost the same hash as known ones (no user enumeration by timing)."""
    with hdb.read() as s:
        row = s.scalar(select(ConsoleUserRow).where(ConsoleUserRow.name == name))
        ok = False
        try:
            ok = _hasher.verify(row.password_hash if row else _DUMMY, password) and row is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if ok and row is not None and not row.disabled:
            user = _user(row)
            if _hasher.check_needs_rehash(row.password_hash):
                with hdb.write() as w, w.begin():
                    w.execute(
                        update(ConsoleUserRow)
                        .where(ConsoleUserRow.id == row.id)
                        .values(password_hash=_hasher.hash(password))
                    )
            with hdb.write() as w, w.begin():
                w.execute(delete(LoginFailure).where(LoginFailure.key == "user:" + name[:150]))
            return user
    _failed(hdb, name, address)
    return None


# --- sessions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionInfo:
    token: str  # the cookie value (never stored)
    csrf: str
    user: ConsoleUser | None
    lang: str | None = None
    # The hub database's identity and last sequence, read in the same statement as the session:
    # the read model's catch-up needs them on every page (``projection.Projection.catch_up``).
    hub_state: tuple[str | None, int] | None = None


def idle_ms(hdb: HubDB) -> int:
    return _idle_of(get_settings(hdb).get("console_idle_minutes"))


def new_session(hdb: HubDB, user: ConsoleUser | None, replaces: str | None = None) -> SessionInfo:
    """A fresh token (and CSRF secret); the session it ``replaces`` is deleted in the same step."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = now_ms()
    idle = idle_ms(hdb)
    with hdb.write() as s, s.begin():
        if replaces:
            s.execute(delete(ConsoleSession).where(ConsoleSession.id == _sha(replaces)))
        s.add(ConsoleSession(id=_sha(token), user_id=user.id if user else None, csrf=csrf, created_ms=now, seen_ms=now))
        if secrets.randbelow(50) == 0:  # now and then, forget sessions nobody can use any more
            s.execute(
                delete(ConsoleSession).where(
                    (ConsoleSession.created_ms < now - SESSION_MAX_MS) | (ConsoleSession.seen_ms < now - idle)
                )
            )
    return SessionInfo(token=token, csrf=csrf, user=user)


_S, _U = ConsoleSession.__table__, ConsoleUserRow.__table__
_IDLE = select(HubSetting.value).where(HubSetting.name == "console_idle_minutes").scalar_subquery()
_IDENTITY = select(HubSetting.value).where(HubSetting.name == IDENTITY_KEY).scalar_subquery()
_SEQ = select(Counter.value).where(Counter.name == "seq").scalar_subquery()
# The session, its user and the idle setting in one round trip: every page asks for them.
_LOAD = (
    select(
        _S.c.csrf,
        _S.c.created_ms,
        _S.c.seen_ms,
        _S.c.user_id,
        _U.c.name,
        _U.c.role,
        _U.c.county,
        _U.c.caravan,
        _U.c.disabled,
        _U.c.lang,
        _IDLE,
        _IDENTITY,
        _SEQ,
    )  # fmt: skip
    .select_from(_S.outerjoin(_U, _U.c.id == _S.c.user_id))
    .where(_S.c.id == bindparam("sid"))
)


def _idle_of(value: str | None) -> int:
    try:
        minutes = int(value if value is not None else DEFAULT_IDLE_MINUTES)
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    return max(1, minutes) * 60 * 1000


def load_session(hdb: HubDB, token: str | None) -> SessionInfo | None:
    """The live session of this cookie (idle and age limits, disabled users) or None.

    One statement on a plain connection (no ORM session); the idle clock is written at most
    every ``TOUCH_EVERY_MS``, so most pages only read."""
    if not token or len(token) > 100:
        return None
    now = now_ms()
    sid = _sha(token)
    with hdb.engine.connect() as c:
        row = c.execute(_LOAD, {"sid": sid}).first()
        c.rollback()
    if row is None:
        return None
    csrf, created, seen, user_id, name, role, county, caravan, disabled, lang, idle, identity, seq = row
    expired = now - seen > _idle_of(idle) or now - created > SESSION_MAX_MS
    user: ConsoleUser | None = None
    if not expired and user_id is not None:
        if name is None or disabled:
            expired = True
        else:
            user = ConsoleUser(name=name, role=Role(role), county=county, caravan=caravan, id=user_id)
    if expired:
        end_session(hdb, token)
        return None
    if now - seen > TOUCH_EVERY_MS:
        with hdb.write() as w, w.begin():
            w.execute(update(ConsoleSession).where(ConsoleSession.id == sid).values(seen_ms=now))
    return SessionInfo(
        token=token, csrf=csrf, user=user, lang=lang if user is not None else None, hub_state=(identity, int(seq or 0))
    )


def end_session(hdb: HubDB, token: str) -> None:
    with hdb.write() as s, s.begin():
        s.execute(delete(ConsoleSession).where(ConsoleSession.id == _sha(token)))


def count_sessions(hdb: HubDB, name: str) -> int:
    with hdb.read() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(ConsoleSession)
                .join(ConsoleUserRow, ConsoleUserRow.id == ConsoleSession.user_id)
                .where(ConsoleUserRow.name == name)
            )
            or 0
        )


# --- FastAPI dependencies -----------------------------------------------------------------------


def hub_db(request: Request) -> HubDB:
    hdb: HubDB = request.app.state.hdb
    return hdb


def session_of(request: Request) -> SessionInfo | None:
    """The request's session (looked up once per request)."""
    if not hasattr(request.state, "console_session"):
        request.state.console_session = load_session(hub_db(request), request.cookies.get(COOKIE))
    info: SessionInfo | None = request.state.console_session
    return info


def current_user(request: Request) -> ConsoleUser:
    info = session_of(request)
    if info is None or info.user is None:
        raise LoginRequired()
    return info.user


async def check_csrf(request: Request) -> None:
    """Every POST carries the session's token in the form field ``csrf`` (constant-time compare)."""
    info = session_of(request)
    form = await request.form()
    sent = form.get("csrf")
    if info is None or not isinstance(sent, str) or not secrets.compare_digest(sent, info.csrf):
        raise Forbidden("csrf")


class require:  # noqa: N801 - used like a function: Depends(require(Role.ADMIN, ...))
    """A route's role rule. The route-walking test reads ``roles`` from every console route, so a
    route without one fails the suite. POSTs check CSRF here, and the auditor changes nothing."""

    def __init__(self, *roles: Role) -> None:
        self.roles: tuple[Role, ...] = roles or EVERYONE

    async def __call__(self, request: Request) -> ConsoleUser:
        user = current_user(request)
        if user.role not in self.roles:
            raise Forbidden("role")
        if request.method not in ("GET", "HEAD"):
            if not can_change(user):
                raise Forbidden("read-only")
            await check_csrf(request)
        return user


Dependency = Callable[[Request], Awaitable[ConsoleUser]]

__all__ = [
    "AUDIT_READ",
    "COOKIE",
    "EVERYONE",
    "OFFICE_READ",
    "AuthError",
    "ConsoleUser",
    "Forbidden",
    "LoginRequired",
    "Role",
    "Scope",
    "SessionInfo",
    "add_user",
    "authenticate",
    "can_change",
    "can_see_phones",
    "current_user",
    "disable_user",
    "list_users",
    "require",
    "reset_password",
    "scope_of",
]
