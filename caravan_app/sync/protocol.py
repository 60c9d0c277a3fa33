"""Sync protocol messages, shared by the laptop client and the hub (docs/sync.md).

Every request carries ``protocol`` and ``schema``; the hub answers an outdated app with 426
and a readable message. Bodies are JSON, gzip-compressed above a few hundred bytes.
"""

from __future__ import annotations

import gzip
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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


class _Msg(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Mutation(_Msg):
    seq: int = Field(ge=1)
    id: str = Field(min_length=1, max_length=64)
    entity: str = Field(min_length=1, max_length=40)
    op: str = Field(max_length=10)
    hlc: str = Field(max_length=24)
    data: dict[str, Any]
    # The causal mark of an update: per field, the [hlc, device] of the value it replaced.
    # Optional (older apps send none: every overwrite of a different value is then a conflict).
    base: dict[str, list[str]] | None = None


class PullRequest(_Msg):
    protocol: int
    schema_: int = Field(alias="schema")
    device_id: str = Field(max_length=64)
    cursor: int = Field(ge=0)
    limit: int = Field(default=DEFAULT_PULL_LIMIT, ge=1, le=MAX_PULL_LIMIT)
    own: bool = False  # also records only this device wrote (a laptop restored from a backup)


class PullPart(_Msg):
    cursor: int = Field(ge=0)
    limit: int = Field(default=DEFAULT_PULL_LIMIT, ge=1, le=MAX_PULL_LIMIT)
    own: bool = False


class PushRequest(_Msg):
    protocol: int
    schema_: int = Field(alias="schema")
    device_id: str = Field(max_length=64)
    mutations: list[Mutation] = Field(max_length=MAX_BATCH * 2)
    # When the outbox is empty after this batch, the client asks for the first pull page in
    # the same round trip (a no-change sync is then a single request).
    pull: PullPart | None = None


class EnrollRequest(_Msg):
    protocol: int
    schema_: int = Field(alias="schema")
    code: str = Field(min_length=4, max_length=100)
    device_id: str = Field(min_length=1, max_length=64)
    name: str | None = Field(default=None, max_length=100)


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


class PushResponse(_Msg):
    # Only mutations that were not applied as new (duplicate, rejected, mismatch) are listed;
    # every other mutation of the batch was applied.
    results: list[MutationResult]
    last_seq: int
    server_time_ms: int
    pull: PullResponse | None = None


class EnrollResponse(_Msg):
    token: str
    device_id: str
    caravan: str
    server_time_ms: int


class ErrorBody(_Msg):
    code: str
    zh: str
    en: str


def encode_body(obj: Any) -> tuple[bytes, dict[str, str]]:
    """JSON (compact, UTF-8) gzip-compressed when that helps; returns body and headers."""
    raw = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if len(raw) > 512:
        raw = gzip.compress(raw, compresslevel=6)
        headers["Content-Encoding"] = "gzip"
    return raw, headers
