"""The hub's use cases: enroll, push, pull, and the operator's device commands.

Each call opens its own transaction; nothing is kept in the process between requests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Integer, select
from sqlalchemy.orm import Session

from ..domain import privacy
from ..domain.canonical import canonical_json, canonical_record
from ..domain.schema import ENTITIES
from ..sync.protocol import (
    MAX_PULL_LIMIT,
    EnrollRequest,
    EnrollResponse,
    Mutation,
    MutationResult,
    PullResponse,
    PushRequest,
    PushResponse,
    RemoteRecord,
)
from . import authz, peer_keys
from . import models as hm
from . import privacy as hub_privacy
from .apply import BatchState, Rejected, _string, apply_one, digest, dumps, load_rows, result
from .db import HubDB
from .fastpath import FreshRow, fast_insert
from .validate import (
    bad_records,
    check_clock,
    check_not_retracted,
    check_references,
    check_values,
    load_references,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_VALID_DAYS = 7
ENROLL_RETRY = dt.timedelta(hours=1)  # the same code + device id is answered again
MAX_SEQ = 2**53 - 1  # a device's push sequence numbers (an outbox counter never gets near it)


class HubError(Exception):
    """An answer other than 200, worded for the person at the laptop."""

    def __init__(self, status: int, code: str, zh: str, en: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(en)
        self.status, self.code, self.zh, self.en = status, code, zh, en
        self.headers = headers or {}


def now_ms() -> int:
    return int(time.time() * 1000)


def iso_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


# --- devices (operator) -----------------------------------------------------------------------


@dataclass(frozen=True)
class NewDevice:
    id: int
    caravan: str
    code: str  # shown once
    role: str = "van"
    device_id: str | None = None  # set for a re-enrollment code: only this laptop may use it


ROLES = ("van", "office")


def _new_code() -> tuple[str, str]:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return raw, "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def add_device(hdb: HubDB, caravan: str, role: str = "van") -> NewDevice:
    """A one-time code for a NEW laptop of ``caravan`` (a van's name), or the office's laptop."""
    if role not in ROLES:
        raise HubError(2, "bad_role", f"未知的设备角色 {role}", f"unknown role {role!r}")
    raw, code = _new_code()
    with hdb.write() as s, s.begin():
        d = hm.HubDevice(caravan=caravan, code_hash=sha(raw), created_at=iso_now(), last_seq=0, role=role)
        s.add(d)
        s.flush()
        return NewDevice(d.id, caravan, code, role)


def _device(s: Session, ident: str) -> hm.HubDevice:
    q = select(hm.HubDevice)
    q = q.where(hm.HubDevice.id == int(ident)) if ident.isdigit() else q.where(hm.HubDevice.device_id == ident)
    d = s.scalars(q).first()
    if d is None or d.role == "hub":  # the hub's own device (server/authoring.py) is not a laptop
        raise HubError(404, "no_device", f"没有编号为 {ident} 的设备", f"no device {ident}")
    return d


def known_vans(hdb: HubDB, name: str) -> set[str]:
    """Ids of the caravan records a van's laptop enrolled as ``name`` is bound to."""
    with hdb.read() as s, s.begin():
        return authz.van_ids(s, name)


def reenroll_device(hdb: HubDB, ident: str) -> NewDevice:
    """The office's explicit action for a laptop that lost its token (or was revoked): a code
    bound to that laptop's device id. Its push position, van and role stay; when the code is
    used, the old token stops working. No other laptop can use the code."""
    raw, code = _new_code()
    with hdb.write() as s, s.begin():
        d = _device(s, ident)
        if d.device_id is None:
            raise HubError(
                409,
                "not_enrolled",
                f"设备 {ident} 还没有注册过，请用 device add 发注册码",
                f"device {ident} never enrolled; use device add",
            )
        d.code_hash = sha(raw)
        d.code_issued_at = iso_now()
        d.code_used_at = None
        return NewDevice(d.id, d.caravan, code, d.role, d.device_id)


def set_device(hdb: HubDB, ident: str, caravan: str | None = None, role: str | None = None) -> dict[str, object]:
    """Change which van a device rides with, or its role (the office's laptop: ``office``)."""
    if role is not None and role not in ROLES:
        raise HubError(2, "bad_role", f"未知的设备角色 {role}", f"unknown role {role!r}")
    with hdb.write() as s, s.begin():
        d = _device(s, ident)
        if caravan is not None and caravan != d.caravan:
            d.caravan, d.caravan_id = caravan, None
        if role is not None:
            d.role = role
        return {"id": d.id, "caravan": d.caravan, "role": d.role, "device_id": d.device_id}


def list_devices(hdb: HubDB) -> list[dict[str, object]]:
    with hdb.read() as s:
        return [
            {
                "id": d.id,
                "caravan": d.caravan,
                "role": d.role,
                "device_id": d.device_id,
                "name": d.name,
                "status": "revoked" if d.revoked_at else ("enrolled" if d.token_hash else "waiting for code"),
                "created_at": d.created_at,
                "enrolled_at": d.enrolled_at,
                "revoked_at": d.revoked_at,
                "last_seen": d.last_seen,
                "last_seq": d.last_seq,
                "code_waiting": d.code_hash is not None and d.code_used_at is None,
                "app_version": d.app_version,
                "clock_offset_ms": d.clock_offset_ms,
                "pending": d.pending,
            }
            for d in s.scalars(select(hm.HubDevice).where(hm.HubDevice.role != "hub").order_by(hm.HubDevice.id))
        ]


def revoke_device(hdb: HubDB, ident: str) -> dict[str, object]:
    """Revoke by enrollment number or by the laptop's device id."""
    with hdb.write() as s, s.begin():
        d = _device(s, ident)
        d.revoked_at = d.revoked_at or iso_now()
        d.code_hash = None
        return {"id": d.id, "caravan": d.caravan, "device_id": d.device_id, "revoked_at": d.revoked_at}


# --- hub settings (the office's choices) ------------------------------------------------------

SETTINGS = {
    "share_names": "0",  # 1: van laptops receive other vans' participants' names
    "console_idle_minutes": "30",  # the office console logs a browser out after this long unused
}


def get_settings(hdb: HubDB) -> dict[str, str]:
    """The office's choices only: the hub's own rows (its identity, the form key) stay out."""
    with hdb.read() as s:
        return SETTINGS | {r.name: r.value for r in s.scalars(select(hm.HubSetting)) if r.name in SETTINGS}


IDENTITY_KEY = "hub_identity"  # a hub_settings row: a random name of this hub database


def hub_identity(hdb: HubDB) -> str:
    """A random name given to this hub database on first need, the same for every worker.

    The console's read model remembers it: a read model made from another database (a second
    hub on the same machine, a database emptied or swapped) is rebuilt, never mixed in."""
    return _random_setting(hdb, IDENTITY_KEY, 16)


def dedupe_secret(hdb: HubDB) -> str:
    """The association's secret that keys hashed dedupe keys (``privacy.hashed_key``), made on
    first need; its laptops receive it at enrollment and with every pull (never in a public page)."""
    return _random_setting(hdb, privacy.HUB_DEDUPE_SECRET, 32)


def _random_setting(hdb: HubDB, name: str, nbytes: int) -> str:
    from sqlalchemy.exc import IntegrityError

    with hdb.read() as s:
        row = s.get(hm.HubSetting, name)
        if row is not None:
            return row.value
    try:
        with hdb.write() as s, s.begin():
            s.add(hm.HubSetting(name=name, value=secrets.token_hex(nbytes)))
    except IntegrityError:  # another worker made it first: its value stands
        pass
    with hdb.read() as s:
        row = s.get(hm.HubSetting, name)
        assert row is not None
        return row.value


def set_setting(hdb: HubDB, name: str, value: str) -> dict[str, str]:
    if name not in SETTINGS:
        raise HubError(2, "bad_setting", f"未知的设置 {name}", f"unknown setting {name!r}")
    with hdb.write() as s, s.begin():
        row = s.get(hm.HubSetting, name)
        if row is None:
            s.add(hm.HubSetting(name=name, value=value))
        else:
            row.value = value
    return get_settings(hdb)


# --- enrollment and auth ----------------------------------------------------------------------


def _parse_iso(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def _refused(code: str = "bad_code") -> HubError:
    if code == "device_taken":
        return HubError(
            403,
            "device_taken",
            "这台电脑的设备编号已在服务器上注册过，新注册码不能用于它；请管理员运行 "
            "caravan-server device reenroll <编号> 为它发重新注册码",
            "this laptop's device id is already enrolled; a new code cannot take it over. Ask the hub's "
            "operator for `caravan-server device reenroll ID`",
        )
    if code == "code_bound":
        return HubError(
            403,
            "code_bound",
            "这个注册码是为另一台电脑重新注册发的，不能用于这台电脑",
            "this code re-enrolls another laptop; it cannot be used here",
        )
    return HubError(403, "bad_code", "注册码无效或已经用过", "the enrollment code is wrong or already used")


def _device_id_taken(s: Session, d: hm.HubDevice, device_id: str) -> bool:
    """A device id belongs to its first enrollment: any other row holding it, or pushes under it."""
    other = s.scalar(select(hm.HubDevice.id).where(hm.HubDevice.device_id == device_id, hm.HubDevice.id != d.id))
    if other is not None:
        return True
    return s.scalar(select(hm.MutationLog.seq).where(hm.MutationLog.device_id == device_id).limit(1)) is not None


def enroll(hdb: HubDB, req: EnrollRequest) -> EnrollResponse:
    """Exchange a one-time code for a token (docs/sync.md, "Identity").

    A fresh code enrolls only a device id the hub has never seen; a code made by ``device
    reenroll`` only the device it names. The same laptop may retry the same code for
    ``ENROLL_RETRY`` (an answer lost on the way does not burn it) only with the same ``proof``:
    the retry gets a fresh token and the earlier one, never received, stops working. Anyone else
    presenting a used code — even with the laptop's device id — gets nothing."""
    now = dt.datetime.now(dt.UTC)
    secret = dedupe_secret(hdb)
    with hdb.write() as s, s.begin():
        d = s.scalars(select(hm.HubDevice).where(hm.HubDevice.code_hash == sha(normalise_code(req.code)))).first()
        if d is None:
            raise _refused()
        issued = d.code_issued_at or d.created_at
        if now - _parse_iso(issued) > dt.timedelta(days=CODE_VALID_DAYS):
            raise HubError(403, "code_expired", "注册码已过期，请重新生成", "the enrollment code has expired")
        proof = sha(req.proof) if req.proof else None
        if d.code_used_at is not None:
            retry = (
                d.device_id == req.device_id
                and d.revoked_at is None
                and proof is not None
                and d.proof_hash == proof
                and now - _parse_iso(d.code_used_at) <= ENROLL_RETRY
            )
            if not retry:
                raise _refused()
        elif d.device_id is not None:  # a re-enrollment code: bound to the laptop it names
            if d.device_id != req.device_id:
                raise _refused("code_bound")
        elif _device_id_taken(s, d, req.device_id):
            raise _refused("device_taken")
        token = secrets.token_urlsafe(32)
        d.token_hash = sha(token)  # the code's hash stays: the same laptop's retry is answered again
        d.proof_hash = proof
        d.device_id = req.device_id
        d.revoked_at = None  # a re-enrollment the office made for this laptop
        if d.code_used_at is None:
            d.code_used_at = iso_now()
            d.enrolled_at = d.code_used_at
            d.name = req.name if req.name is not None else d.name
        cert, hub_key = peer_keys.certificate(s, d, req.public_key, iso_now()) if req.public_key else (None, None)
        return EnrollResponse(
            token=token,
            device_id=req.device_id,
            caravan=d.caravan,
            role="office" if d.role == "office" else "van",
            server_time_ms=now_ms(),
            accepts_client=True,
            certificate=cert,
            hub_key=hub_key,
            dedupe_secret=secret,
        )


def token_is_valid(hdb: HubDB, token: str | None) -> bool:
    """Whether ``token`` is a live device's (the rate limiter's check for a busy address)."""
    if not token:
        return False
    with hdb.read() as s, s.begin():
        d = s.scalars(select(hm.HubDevice).where(hm.HubDevice.token_hash == sha(token))).first()
        return d is not None and d.revoked_at is None


def authenticate(s: Session, token: str | None) -> hm.HubDevice:
    if not token:
        raise HubError(401, "no_token", "这台电脑还没有注册到服务器", "this laptop is not enrolled with the hub")
    d = s.scalars(select(hm.HubDevice).where(hm.HubDevice.token_hash == sha(token))).first()
    if d is None:
        raise HubError(
            401,
            "bad_token",
            "服务器不认识这台电脑的凭据，请重新注册",
            "the hub does not know this laptop's token; enroll again",
        )
    if d.revoked_at is not None:
        raise HubError(
            401,
            "revoked",
            "这台电脑的同步权限已被管理员撤销，请联系管理员重新注册",
            "this laptop's access was revoked by the hub's operator; ask for a new enrollment code",
        )
    return d


def _own(d: hm.HubDevice, device_id: str) -> None:
    if d.device_id != device_id:
        raise HubError(403, "wrong_device", "设备只能以自己的身份同步", "a device can only sync as itself")


# --- push and pull ----------------------------------------------------------------------------


def push(hdb: HubDB, token: str | None, req: PushRequest) -> PushResponse:
    """One transaction per batch: skip what was seen, apply the rest, log every outcome."""
    resp = _push(hdb, token, req)
    if req.pull:
        resp.pull = pull_page(hdb, req.device_id, req.pull.cursor, req.pull.limit, req.pull.own)
    return resp


def push_json(hdb: HubDB, token: str | None, req: PushRequest) -> bytes:
    """``push`` as the JSON a laptop receives, its pull page built by ``pull_page_json``."""
    body = _push(hdb, token, req).model_dump_json(exclude_none=True)
    if not req.pull:
        return body.encode()
    page = pull_page_json(hdb, req.device_id, req.pull.cursor, req.pull.limit, req.pull.own)
    return body[:-1].encode() + b',"pull":' + page + b"}"


def _push(hdb: HubDB, token: str | None, req: PushRequest) -> PushResponse:
    while True:
        with hdb.write() as s, s.begin():
            # The dedupe secret is there before the batch (a purge in it hashes keys with it):
            # looked up in the batch's own transaction, made in one of its own the first time.
            # Held here: the session keeps it (for scope_for and the purge) only while referenced.
            secret = s.get(hm.HubSetting, privacy.HUB_DEDUPE_SECRET)
            secret_made = secret is not None
            if secret_made:
                d = authenticate(s, token)
                _own(d, req.device_id)
                results, last_seq, purged = push_batch(s, d, req.mutations)
                if req.client is not None:
                    d.app_version, d.clock_offset_ms, d.pending = (
                        req.client.app_version,
                        req.client.clock_offset_ms,
                        req.client.pending,
                    )
        if secret_made:
            break
        dedupe_secret(hdb)
    if purged:
        hub_privacy.scrub(hdb.engine)  # deleted text must not linger in the WAL
    # Only what was not simply applied is listed: every other mutation of the batch was (a
    # field day's answer stays a few bytes on a slow link).
    results = sorted((r for r in results if r.status != "ok"), key=lambda r: r.seq)
    return PushResponse(results=results, last_seq=last_seq, server_time_ms=now_ms(), accepts_client=True)


def push_batch(s: Session, d: hm.HubDevice, mutations: list[Mutation]) -> tuple[list[MutationResult], int, bool]:
    """Apply one batch of ``d``'s mutations inside the caller's write transaction: (results of
    what was not simply applied, the device's new push position, whether sign-ins were
    purged). The one path of a laptop's push and of the hub's own records (``authoring``)."""
    counter = s.scalars(select(hm.Counter).where(hm.Counter.name == "seq").with_for_update()).one()
    s.refresh(d)
    dev = d.device_id or ""
    at = iso_now()
    t_ms = now_ms()
    seen: set[int] = set()
    muts = []
    for mu in sorted(mutations, key=lambda x: x.seq):
        if mu.seq not in seen:
            seen.add(mu.seq)
            muts.append(mu)
    old = [mu for mu in muts if mu.seq <= d.last_seq]
    new = [mu for mu in muts if d.last_seq < mu.seq <= MAX_SEQ]
    # A sequence number no laptop reaches would become the device's position and refuse
    # every later change of it (and overflow the laptop's arithmetic): refused, not kept.
    results: list[MutationResult] = [
        result(
            mu,
            "rejected",
            "bad_seq",
            f"序号 {mu.seq} 超出范围（最大 {MAX_SEQ}）",
            f"sequence number {mu.seq} is out of range (at most {MAX_SEQ})",
        )
        for mu in muts
        if mu.seq > MAX_SEQ and mu.seq > d.last_seq
    ]
    if old:
        logs = {
            lg.seq: lg
            for lg in s.scalars(
                select(hm.MutationLog).where(
                    hm.MutationLog.device_id == d.device_id, hm.MutationLog.seq.in_([mu.seq for mu in old])
                )
            )
        }
        for mu in old:
            lg = logs.get(mu.seq)
            if lg is not None and lg.digest == digest(mu):
                why = json.loads(lg.reason) if lg.reason else {}
                status = "duplicate" if lg.status == "ok" else lg.status
                results.append(result(mu, status, lg.code, why.get("zh"), why.get("en")))
                continue
            s.add(hm.Anomaly(device_id=dev, seq=mu.seq, kind="resend_differs", detail=dumps(mu.model_dump()), at=at))
            results.append(
                result(
                    mu,
                    "mismatch",
                    "resend_differs",
                    "重发的记录与之前收到的内容不同，已交管理员核查",
                    "a resent change differs from what the hub received before; flagged for review",
                )
            )
    st = load_rows(s, new)
    known = load_references(s, st, new)
    scope = authz.scope_for(s, d, bind=True)
    authz.preload(s, st, scope, new)
    logs_out: list[dict[str, object]] = []
    for mu in new:
        denied = _denied(s, st, scope, mu)  # by van and role (server/authz.py), before any other check
        fast = None if denied else fast_insert(st, mu, dev, t_ms, known)  # server/fastpath.py
        log: dict[str, object] = {
            "device_id": dev,
            "seq": mu.seq,
            "entity": mu.entity[:40],
            "record_id": mu.id,
            "digest": digest(mu, fast),
            "status": "ok",
            "code": None,
            "reason": None,
            "received_at": at,
        }
        logs_out.append(log)
        if fast is not None:
            continue
        try:
            if denied is not None:
                raise denied
            check_not_retracted(mu, st)  # validation before the merge (server/validate.py)
            check_values(mu)
            check_clock(mu, t_ms)
            check_references(mu, st, known)
            apply_one(s, st, mu, dev, t_ms)
        except Rejected as r:
            res = result(mu, "rejected", r.code, r.zh, r.en)
            results.append(res)
            log.update(status=res.status, code=res.code, reason=dumps({"zh": res.zh, "en": res.en}))
    purged = hub_privacy.apply_batch(s, st)  # v14: purges, erasures, corrections of sign-ins
    top = counter.value
    for key in sorted(st.dirty, key=lambda k: k[1]):
        top += 1
        st.rows[key].seq = top
    counter.value = top
    _bulk_insert(s, st.fresh, logs_out)
    if new:
        d.last_seq = new[-1].seq
    d.last_seen = at
    return results, d.last_seq, purged


def _denied(s: Session, st: BatchState, scope: authz.Scope, mu: Mutation) -> Rejected | None:
    try:
        authz.check(s, st, scope, mu)
    except Rejected as r:
        return r
    return None


_RECORD_COLS = tuple(c.name for c in hm.Record.__table__.columns)
_record_values = operator.attrgetter(*_RECORD_COLS)
_LOG_COLS = tuple(c.name for c in hm.MutationLog.__table__.columns)
_log_values = operator.itemgetter(*_LOG_COLS)


def _bulk_insert(s: Session, fresh: list[FreshRow], logs: list[dict[str, object]]) -> None:
    """New records and the mutation log as two multi-row INSERTs instead of one ORM object
    flush per row (the bulk of a push is new append-only facts). Rows made by the fast path
    (``fastpath.fast_insert``) and records created by the merge (``apply_one``, taken out of the
    session) are inserted with the seq just assigned; updated rows, conflicts and anomalies
    still flush as objects."""
    made = [o for o in s.new if isinstance(o, hm.Record)]
    for o in made:
        s.expunge(o)
    rows = [_record_values(o) for o in (*fresh, *made)]
    c = s.connection()  # the driver with plain tuples: no per-row SQLAlchemy work
    if rows:
        _insert_many(c, hm.Record.__tablename__, _RECORD_COLS, rows)
    if logs:
        _insert_many(c, hm.MutationLog.__tablename__, _LOG_COLS, [_log_values(lg) for lg in logs])


def _insert_many(c: Connection, table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """SQLite: the driver's executemany (a loop in C). PostgreSQL: one statement with one array
    per column (``unnest``): a short, cached statement, one round trip. The arrays go in binary
    (``%b``): psycopg quotes each element of a text-format array with a regular expression,
    which cost more than everything else of a push."""
    if c.dialect.paramstyle == "qmark":
        c.exec_driver_sql(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
        return
    kinds = _PG_ARRAY_TYPES[table]
    arrays = tuple(list(col) for col in zip(*rows, strict=True))
    c.exec_driver_sql(
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT * FROM unnest({', '.join(f'%b::{k}[]' for k in kinds)})",
        arrays,
    )


_PG_ARRAY_TYPES = {
    model.__tablename__: tuple("bigint" if isinstance(col.type, Integer) else "text" for col in model.__table__.columns)
    for model in (hm.Record, hm.MutationLog)
}


def pull(hdb: HubDB, token: str | None, device_id: str, cursor: int, limit: int, own: bool = False) -> PullResponse:
    _check_pull(hdb, token, device_id)
    return pull_page(hdb, device_id, cursor, limit, own)


def pull_json(hdb: HubDB, token: str | None, device_id: str, cursor: int, limit: int, own: bool = False) -> bytes:
    """``pull`` as the JSON a laptop receives (``pull_page_json``)."""
    _check_pull(hdb, token, device_id)
    return pull_page_json(hdb, device_id, cursor, limit, own)


def _check_pull(hdb: HubDB, token: str | None, device_id: str) -> None:
    with hdb.read() as s, s.begin():
        d = authenticate(s, token)
        _own(d, device_id)


def top_seq(hdb: HubDB) -> int:
    """The last server sequence handed out: one cheap read to know whether anything changed."""
    with hdb.read() as s, s.begin():
        return int(s.scalar(select(hm.Counter.value).where(hm.Counter.name == "seq")) or 0)


@dataclass
class _Page:
    """One pull page as stored: the rows' own JSON text, parsed only where a rule reads it."""

    rows: list[Any]  # (entity, id, device_id, hlc, data, clocks, seq) rows
    datas: dict[int, dict[str, Any]]  # index -> data parsed (and maybe filtered) for this viewer
    lost: dict[tuple[str, str], dict[str, list[list[str]]]]
    cursor: int
    has_more: bool
    revoked: list[str]
    share_names: bool  # the hub's setting, for this laptop's peers (they strip names as the hub does)
    secret: str  # the association's dedupe secret (``dedupe_secret``)


_PAGE_SQL = (
    "SELECT entity, id, device_id, hlc, data, clocks, seq FROM records WHERE seq > {m} AND seq <= {m}{mine} "
    "ORDER BY seq LIMIT {m}"
)
# What ``authz.filter_page`` reads or changes of a van laptop's page (everything else goes out
# as the stored text, never parsed).
_FILTERED = frozenset({"signin", "privacy_action", "visit", "movement", "photo"})


def _read_page(hdb: HubDB, device_id: str, cursor: int, limit: int, own: bool, office: bool) -> _Page:
    secret = dedupe_secret(hdb)
    with hdb.read() as s, s.begin():
        viewer = s.scalars(select(hm.HubDevice).where(hm.HubDevice.device_id == device_id)).first()
        scope = authz.scope_for(s, viewer) if viewer is not None else None
        if office:
            scope = authz.Scope(device_id, "office", "")
        top = s.scalar(select(hm.Counter.value).where(hm.Counter.name == "seq")) or 0
        c = s.connection()  # plain rows through the driver: a page is thousands of them
        m = "?" if c.dialect.paramstyle == "qmark" else "%s"
        mine = "" if own else f" AND (sole_writer IS NULL OR sole_writer != {m})"
        params: tuple[Any, ...] = (cursor, top) if own else (cursor, top, device_id)
        rows = list(c.exec_driver_sql(_PAGE_SQL.format(m=m, mine=mine), (*params, limit + 1)))
        has_more = len(rows) > limit
        rows = rows[:limit]
        lost = _lost_clocks(s, [r for r in rows if r.clocks])
        revoked = peer_keys.revoked_devices(s)
        datas: dict[int, dict[str, Any]] = {}
        if scope is None or not scope.office:  # what a van's laptop may see of other vans
            datas = {i: json.loads(r.data) for i, r in enumerate(rows) if r.entity in _FILTERED}
            before = {i: dict(d) for i, d in datas.items()}
            authz.filter_page(
                s,
                scope or authz.Scope(device_id, "van", ""),
                [(rows[i].entity, rows[i].id, d) for i, d in datas.items()],
            )
            datas = {i: d for i, d in datas.items() if d != before[i]}  # the rest go out as stored
    new_cursor = rows[-1].seq if has_more else top
    shares = scope is not None and scope.share_names
    return _Page(rows, datas, lost, new_cursor, has_more, revoked, shares, secret)


def pull_page(
    hdb: HubDB, device_id: str, cursor: int, limit: int, own: bool = False, *, office: bool = False
) -> PullResponse:
    """Records changed after ``cursor`` in server order, minus those only this device wrote
    (unless ``own``: a laptop restored from a backup needs its own later records back).
    ``office``: the page an office laptop gets (the console's read model pulls in-process)."""
    p = _read_page(hdb, device_id, cursor, limit, own, office)
    return PullResponse(
        records=[
            RemoteRecord(
                entity=r.entity,
                id=r.id,
                device_id=r.device_id,
                hlc=r.hlc,
                data=p.datas[i] if i in p.datas else json.loads(r.data),
                clocks=json.loads(r.clocks) if r.clocks else None,
                lost=p.lost.get((r.entity, r.id)),
            )
            for i, r in enumerate(p.rows)
        ],
        cursor=p.cursor,
        has_more=p.has_more,
        server_time_ms=now_ms(),
        revoked=p.revoked,
        share_names=p.share_names,
        dedupe_secret=p.secret,
        max_limit=MAX_PULL_LIMIT,
    )


def pull_page_json(
    hdb: HubDB, device_id: str, cursor: int, limit: int, own: bool = False, *, office: bool = False
) -> bytes:
    """``pull_page`` as the JSON a laptop receives (the route's ``exclude_none`` shape), built
    from each row's stored JSON text: a record nobody filters is never parsed or encoded again
    (a bootstrap page is thousands of records)."""
    p = _read_page(hdb, device_id, cursor, limit, own, office)
    enc = _string
    parts = []
    for i, r in enumerate(p.rows):
        data = dumps(p.datas[i]) if i in p.datas else r.data
        extra = f',"clocks":{r.clocks}' if r.clocks else ""
        lost = p.lost.get((r.entity, r.id))
        if lost is not None:
            extra += ',"lost":' + dumps(lost)
        parts.append(
            f'{{"entity":{enc(r.entity)},"id":{enc(r.id)},"device_id":{enc(r.device_id)},"hlc":{enc(r.hlc)},'
            f'"data":{data}{extra}}}'
        )
    tail = dumps(
        {
            "cursor": p.cursor,
            "has_more": p.has_more,
            "server_time_ms": now_ms(),
            "revoked": p.revoked,
            "share_names": p.share_names,
            "dedupe_secret": p.secret,
            "max_limit": MAX_PULL_LIMIT,
        }
    )
    return f'{{"records":[{",".join(parts)}],{tail[1:]}'.encode()


def _lost_clocks(s: Session, rows: list[Any]) -> dict[tuple[str, str], dict[str, list[list[str]]]]:
    """Per edited record of a page, the clocks of its values that lost to concurrent edits."""
    out: dict[tuple[str, str], dict[str, list[list[str]]]] = {}
    ids = sorted({r.id for r in rows})
    for i in range(0, len(ids), 400):
        for c in s.scalars(select(hm.HubConflict).where(hm.HubConflict.record_id.in_(ids[i : i + 400]))):
            out.setdefault((c.entity, c.record_id), {}).setdefault(c.field, []).append([c.lost_hlc, c.lost_device])
    return out


# --- review -----------------------------------------------------------------------------------


def review(hdb: HubDB, what: str, limit: int = 200) -> list[dict[str, object]]:
    """Values that lost a merge (``conflicts``) or resends that differed (``anomalies``), newest first."""
    model = hm.HubConflict if what == "conflicts" else hm.Anomaly
    with hdb.read() as s:
        rows = s.scalars(select(model).order_by(model.id.desc()).limit(limit))
        return [{c.name: getattr(r, c.name) for c in model.__table__.columns} for r in rows]


# --- bad records (operator) ------------------------------------------------------------------


def list_bad(hdb: HubDB, limit: int = 500) -> dict[str, list[dict[str, object]]]:
    """Stored records a laptop cannot apply, what was retracted before, and the hub's
    quarantine: pushed changes it refused (newest first, with the reason; never stored)."""
    with hdb.read() as s, s.begin():
        bad = bad_records(s, limit)
        refused = [
            {
                "device_id": lg.device_id,
                "seq": lg.seq,
                "entity": lg.entity,
                "record_id": lg.record_id,
                "code": lg.code,
                "reason": (json.loads(lg.reason) if lg.reason else {}).get("en") or lg.code,
                "zh": (json.loads(lg.reason) if lg.reason else {}).get("zh"),
                "at": lg.received_at,
            }
            for lg in s.scalars(
                select(hm.MutationLog)
                # a change refused for the laptop's clock comes back re-stamped: not a bad record
                .where(hm.MutationLog.status == "rejected", hm.MutationLog.code != "clock_ahead")
                .order_by(hm.MutationLog.received_at.desc(), hm.MutationLog.seq.desc())
                .limit(limit)
            )
        ]
        done = [
            {c.name: getattr(r, c.name) for c in hm.Retraction.__table__.columns if c.name != "data"}
            for r in s.scalars(select(hm.Retraction).order_by(hm.Retraction.id.desc()).limit(limit))
        ]
    return {"bad": bad, "retracted": done, "rejected": refused}


def retract(hdb: HubDB, record_id: str, entity: str | None = None, reason: str | None = None) -> dict[str, object]:
    """Withdraw a stored record as a synced fact: its row becomes a tombstone with a new seq
    (laptops pull it and drop their quarantined copy), the original is kept in ``retractions``."""
    with hdb.write() as s, s.begin():
        counter = s.scalars(select(hm.Counter).where(hm.Counter.name == "seq").with_for_update()).one()
        q = select(hm.Record).where(hm.Record.id == record_id)
        if entity:
            q = q.where(hm.Record.entity == entity)
        rows = [r for r in s.scalars(q) if '"retracted":true' not in r.data]
        if not rows:
            raise HubError(404, "no_record", f"没有编号为 {record_id} 的记录", f"no record {record_id}")
        if len(rows) > 1:
            raise HubError(
                409, "ambiguous", "多种数据类型有这个编号，请加 --entity", "several entities have this id; add --entity"
            )
        r = rows[0]
        s.add(
            hm.Retraction(
                entity=r.entity, record_id=r.id, device_id=r.device_id, data=r.data, reason=reason, at=iso_now()
            )
        )
        counter.value += 1
        r.data = dumps({"deleted": True, "retracted": True})
        r.clocks = None
        r.sole_writer = None
        r.seq = counter.value
        return {"entity": r.entity, "id": r.id, "device_id": r.device_id, "seq": r.seq}


# --- export -----------------------------------------------------------------------------------


def export_canonical(hdb: HubDB) -> bytes:
    """The same canonical JSON as a laptop's export (``domain.canonical``)."""
    with hdb.read() as s, s.begin():
        recs = []
        for r in s.scalars(select(hm.Record).execution_options(yield_per=2000)):
            if r.entity not in ENTITIES:
                continue
            data = json.loads(r.data)
            if data.get("retracted") is True:
                continue
            recs.append((r.entity, canonical_record(r.entity, r.id, r.device_id, bool(data.get("deleted")), data)))
    return canonical_json(recs)
