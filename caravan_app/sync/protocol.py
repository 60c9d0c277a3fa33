"""Sync protocol messages, shared by the laptop client and the hub (docs/sync.md).

Every request carries ``protocol`` and ``schema``; the hub answers an outdated app with 426
and a readable message. Bodies are JSON, gzip-compressed above a few hundred bytes.
"""

from __future__ import annotations

import gzip
import json
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)

from ..domain.schema import INT64_MAX, INT64_MIN, MAX_TEXT, text_ok
from .limits import (  # noqa: F401 - re-exported: the protocol's numbers live in one place
    DEFAULT_PULL_LIMIT,
    MAX_AHEAD_MS,
    MAX_BATCH,
    MAX_BATCH_BYTES,
    MAX_BODY_BYTES,
    MAX_PULL_LIMIT,
    MAX_RAW_BYTES,
    PROTOCOL_VERSION,
    SCHEMA,
)

Status = Literal["ok", "duplicate", "rejected", "mismatch"]

# Every request is validated strictly at the hub's door (docs/sync.md, "Validation"): no type
# coercion ("2" is not 2, true is not 1), integers within a signed 64-bit range (SQLite INTEGER,
# PostgreSQL bigint), no NUL and no lone surrogate in any text, ids in UUID form.
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
NAME_PATTERN = r"^[a-z][a-z_]{0,39}$"
HLC_PATTERN = r"^[0-9]{13}\.[0-9]{5}$"


def _clean(value: str) -> str:
    if not text_ok(value):
        raise ValueError("text contains a NUL character or an unpaired surrogate")
    return value


Text = Annotated[StrictStr, AfterValidator(_clean)]
BigInt = Annotated[StrictInt, Field(ge=INT64_MIN, le=INT64_MAX)]
Seq = Annotated[StrictInt, Field(ge=1, le=INT64_MAX)]
Cursor = Annotated[StrictInt, Field(ge=0, le=INT64_MAX)]
Limit = Annotated[StrictInt, Field(ge=1, le=MAX_PULL_LIMIT)]
Version = Annotated[StrictInt, Field(ge=0, le=INT64_MAX)]
Ident = Annotated[StrictStr, Field(pattern=UUID_PATTERN)]
FieldName = Annotated[StrictStr, Field(pattern=NAME_PATTERN)]
Value = Annotated[Text, Field(max_length=MAX_TEXT)] | BigInt | StrictBool | None
# A record's values: the same rules, the text rule checked once per mutation (``Mutation._text``)
# instead of one Python call per string (push speed).
DataValue = Annotated[StrictStr, Field(max_length=MAX_TEXT)] | BigInt | StrictBool | None


class _Msg(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _Req(_Msg):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)


class Mutation(_Req):
    seq: Seq
    id: Ident
    entity: FieldName
    op: Literal["insert", "update"]
    hlc: Annotated[StrictStr, Field(pattern=HLC_PATTERN)]
    data: dict[FieldName, DataValue] = Field(max_length=64)
    # The causal mark of an update: per field, the [hlc, device] of the value it replaced.
    # Optional (older apps send none: every overwrite of a different value is then a conflict).
    base: dict[FieldName, Annotated[list[Annotated[Text, Field(max_length=64)]], Field(max_length=2)]] | None = Field(
        default=None, max_length=64
    )

    @model_validator(mode="after")
    def _text(self) -> Mutation:
        texts = [v for v in self.data.values() if type(v) is str]
        if texts and not text_ok("".join(texts)):  # one search; joining makes no new pair
            for k, v in self.data.items():
                if type(v) is str and not text_ok(v):
                    raise ValueError(f"data.{k}: text contains a NUL character or an unpaired surrogate")
        return self


class PullRequest(_Req):
    protocol: Version
    schema_: Version = Field(alias="schema")
    device_id: Ident
    cursor: Cursor
    limit: Limit = DEFAULT_PULL_LIMIT
    own: StrictBool = False  # also records only this device wrote (a laptop restored from a backup)


class PullPart(_Req):
    cursor: Cursor
    limit: Limit = DEFAULT_PULL_LIMIT
    own: StrictBool = False


class ClientInfo(_Req):
    """What a laptop says about itself (the office console's 设备 page). Optional: older apps omit it."""

    app_version: Annotated[StrictStr, Field(max_length=40, pattern=r"^[A-Za-z0-9.+\-]*$")]
    clock_offset_ms: BigInt  # the hub's clock minus the laptop's, as the laptop last measured it
    pending: Annotated[StrictInt, Field(ge=0, le=2**31 - 1)]  # changes still to push after this batch


class PushRequest(_Req):
    protocol: Version
    schema_: Version = Field(alias="schema")
    device_id: Ident
    mutations: list[Mutation] = Field(max_length=MAX_BATCH * 2)
    client: ClientInfo | None = None
    # When the outbox is empty after this batch, the client asks for the first pull page in
    # the same round trip (a no-change sync is then a single request).
    pull: PullPart | None = None


class EnrollRequest(_Req):
    protocol: Version
    schema_: Version = Field(alias="schema")
    code: Annotated[StrictStr, Field(min_length=4, max_length=100, pattern=r"^[A-Za-z0-9 \-]+$")]
    device_id: Ident
    name: Annotated[Text, Field(max_length=100)] | None = None
    # A secret the laptop keeps (never synced): a retry of the same code must bring it, so a
    # code seen by someone else cannot be replayed for a second token (docs/sync.md).
    proof: Annotated[StrictStr, Field(min_length=16, max_length=100, pattern=r"^[A-Za-z0-9_\-]+$")] | None = None
    # The laptop's Ed25519 public key (base64 of 32 bytes) for peer sync: the hub signs it into
    # a certificate other laptops check offline. Optional (older apps send none).
    public_key: Annotated[StrictStr, Field(min_length=44, max_length=44, pattern=r"^[A-Za-z0-9+/]{43}=$")] | None = None


class MutationResult(_Msg):
    seq: int
    status: Status
    code: str | None = None
    zh: str | None = None
    en: str | None = None


class RemoteRecord(_Msg):
    entity: str
    id: str
    device_id: str
    hlc: str
    data: dict[str, Any]
    clocks: dict[str, list[str]] | None = None
    # Per field, the [hlc, device] of values that lost to a concurrent edit (hub conflicts),
    # so the laptop that wrote one lists it for review. Absent when there are none.
    lost: dict[str, list[list[str]]] | None = None


class PullResponse(_Msg):
    records: list[RemoteRecord]
    cursor: int
    has_more: bool
    server_time_ms: int
    # Device ids the hub revoked: laptops refuse them as peers (peer sync). Absent from older hubs.
    revoked: list[str] | None = None
    # The hub's ``share_names`` setting: peers give this laptop's van other vans' names only if
    # it is on, as the hub's pull does. Absent from older hubs (off).
    share_names: bool | None = None
    # The association's secret keying hashed dedupe keys (``privacy.hashed_key``). Absent from
    # older hubs: the laptop keeps the unkeyed hash.
    dedupe_secret: str | None = None
    # The largest ``limit`` this hub serves: a laptop asks for pages that big from then on (a
    # bootstrap is fewer round trips). Absent from older hubs: the laptop stays at the default.
    max_limit: int | None = None


class PushResponse(_Msg):
    # Only mutations that were not applied as new (duplicate, rejected, mismatch) are listed;
    # every other mutation of the batch was applied.
    results: list[MutationResult]
    last_seq: int
    server_time_ms: int
    pull: PullResponse | None = None
    # The hub reads ``PushRequest.client``: the laptop sends it from then on (an older hub would
    # refuse the unknown field, so a laptop never sends it before a hub has said so).
    accepts_client: bool | None = None


class EnrollResponse(_Msg):
    token: str
    device_id: str
    caravan: str
    role: Literal["van", "office"] = "van"
    server_time_ms: int
    accepts_client: bool | None = None  # as in PushResponse: the first push may report already
    # Peer sync (when the laptop sent ``public_key``): the hub's signature over the laptop's key,
    # device id, van and role, and the hub's own public key to check other laptops' certificates.
    certificate: dict[str, Any] | None = None
    dedupe_secret: str | None = None  # as in PullResponse
    hub_key: str | None = None


class PhotoPieceResponse(_Msg):
    """The hub's answer to one piece of a photo file: how many bytes it holds, whether it is whole."""

    received: int = Field(ge=0)
    complete: bool


class ErrorBody(_Msg):
    code: str
    zh: str
    en: str


class ErrorResponse(_Msg):
    """Every answer other than 200: ``{"error": {"code", "zh", "en"}}``."""

    error: ErrorBody


def encode_body(obj: Any, mutations: list[str] | None = None) -> tuple[bytes, dict[str, str]]:
    """JSON (compact, UTF-8) gzip-compressed when that helps; returns body and headers.
    ``mutations``: the push's mutations already as JSON text, added to ``obj`` (a dict)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    if mutations is not None:
        text = text[:-1] + ("," if len(text) > 2 else "") + '"mutations":[' + ",".join(mutations) + "]}"
    raw = text.encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if len(raw) > 512:
        raw = gzip.compress(raw, compresslevel=6)
        headers["Content-Encoding"] = "gzip"
    return raw, headers


# --- reading a push at the hub's door, fast -------------------------------------------------

_HEX_DASH = frozenset("0123456789abcdefABCDEF-")


def is_uuid(s: str) -> bool:
    """``UUID_PATTERN``, without a regular expression (a few times faster: every mutation)."""
    return len(s) == 36 and s[8] == s[13] == s[18] == s[23] == "-" and s.count("-") == 4 and _HEX_DASH.issuperset(s)


_NAME_FULL = re.compile(NAME_PATTERN[1:-1])
_HLC_FULL = re.compile(HLC_PATTERN[1:-1])
_PUSH_KEYS = frozenset({"protocol", "schema", "device_id", "mutations", "client", "pull"})
_MUT_KEYS = frozenset({"seq", "id", "entity", "op", "hlc", "data"})
_NAMES_OK: set[str] = set()  # field names already seen to match NAME_PATTERN


def _plain_mutation(m: Any) -> Mutation | None:
    """``Mutation.model_validate(m)`` for a mutation without ``base`` whose every value is
    plainly within the rules; None for anything else (the model then decides, with its error)."""
    if type(m) is not dict or m.keys() != _MUT_KEYS:
        return None
    seq, rid, entity, op, hlc, data = m["seq"], m["id"], m["entity"], m["op"], m["hlc"], m["data"]
    if type(seq) is not int or not 1 <= seq <= INT64_MAX or type(data) is not dict or len(data) > 64:
        return None
    if type(rid) is not str or type(entity) is not str or type(hlc) is not str or op not in ("insert", "update"):
        return None
    if not (is_uuid(rid) and _HLC_FULL.fullmatch(hlc)) or type(op) is not str:
        return None
    if entity not in _NAMES_OK:
        if not _NAME_FULL.fullmatch(entity) or len(_NAMES_OK) > 10_000:
            return None
        _NAMES_OK.add(entity)
    texts = []
    for k, v in data.items():
        if k not in _NAMES_OK:
            if type(k) is not str or not _NAME_FULL.fullmatch(k) or len(_NAMES_OK) > 10_000:
                return None
            _NAMES_OK.add(k)
        if v is None or type(v) is bool:
            continue
        if type(v) is int:
            if not INT64_MIN <= v <= INT64_MAX:
                return None
        elif type(v) is str:
            if len(v) > MAX_TEXT:
                return None
            texts.append(v)
        else:
            return None
    if texts:
        joined = "".join(texts)
        if not (joined.isprintable() or text_ok(joined)):  # printable: no NUL, no surrogate
            return None
    return _made(seq, rid, entity, op, hlc, data)


_set = object.__setattr__


def _built(seq: int, rid: str, entity: str, op: str, hlc: str, data: dict[str, Any]) -> Mutation:
    """The instance ``model_validate`` makes of values already checked (``model_construct``
    costs as much as validating)."""
    mu = object.__new__(Mutation)
    _set(mu, "__dict__", {"seq": seq, "id": rid, "entity": entity, "op": op, "hlc": hlc, "data": data, "base": None})
    _set(mu, "__pydantic_fields_set__", set(_MUT_KEYS))
    _set(mu, "__pydantic_extra__", None)
    _set(mu, "__pydantic_private__", None)
    return mu


def _constructed(seq: int, rid: str, entity: str, op: str, hlc: str, data: dict[str, Any]) -> Mutation:
    return Mutation.model_construct(seq=seq, id=rid, entity=entity, op=op, hlc=hlc, data=data)


def _same_as_validated() -> bool:
    """Whether ``_built`` still makes what this pydantic's ``model_validate`` makes."""
    rid, hlc, data = "0" * 8 + "-0000-0000-0000-" + "0" * 12, "1700000000000.00000", {"delta": 1, "x": None, "y": True}
    doc: dict[str, Any] = {"seq": 1, "id": rid, "entity": "tally", "op": "insert", "hlc": hlc, "data": data}
    try:
        a, b = _built(1, rid, "tally", "insert", hlc, dict(data)), Mutation.model_validate(doc)
        return a == b and a.model_dump() == b.model_dump() and a.model_fields_set == b.model_fields_set
    except Exception:  # noqa: BLE001 - a pydantic whose internals moved: the public way
        return False


_made = _built if _same_as_validated() else _constructed


def parse_push(doc: Any) -> PushRequest:
    """``PushRequest.model_validate(doc)``, the same answer, faster: the batch's plain mutations
    (most of them) are checked by hand against the same rules, the rest by the models. Anything
    this path does not accept whole goes to ``model_validate``, which accepts it or names the
    error exactly as before."""
    if (
        type(doc) is dict
        and doc.keys() <= _PUSH_KEYS
        and {"protocol", "schema", "device_id", "mutations"} <= doc.keys()
    ):
        muts = doc["mutations"]
        if type(muts) is list and len(muts) <= MAX_BATCH * 2:
            out: list[Mutation] = []
            for m in muts:
                mu = _plain_mutation(m)
                if mu is None:
                    try:
                        mu = Mutation.model_validate(m)
                    except ValueError:
                        break
                out.append(mu)
            else:
                try:
                    head = PushRequest.model_validate({**doc, "mutations": []})
                except ValueError:
                    pass
                else:
                    head.mutations = out
                    return head
    return PushRequest.model_validate(doc)
