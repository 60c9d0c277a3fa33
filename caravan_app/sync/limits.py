"""The protocol's version numbers and limits, importable without pydantic or httpx (the app
starts faster when sync is not used)."""

from __future__ import annotations

from ..domain.schema import SCHEMA_VERSION

PROTOCOL_VERSION = 1
SCHEMA = SCHEMA_VERSION

# Limits (the hub enforces them; the client stays well below).
MAX_BATCH = 500  # mutations per push
MAX_BATCH_BYTES = 1_000_000  # uncompressed JSON of one push, roughly
MAX_BODY_BYTES = 4_000_000  # compressed request body accepted by the hub
MAX_RAW_BYTES = 16_000_000  # decompressed request body accepted by the hub
# A hub before max_limit refused pages above 2000; a laptop asks for more only from a hub that
# says so (PullResponse.max_limit).
MAX_PULL_LIMIT = 10_000
OLD_MAX_PULL_LIMIT = 2000
DEFAULT_PULL_LIMIT = 1000
MAX_AHEAD_MS = 10 * 60 * 1000  # the hub refuses HLCs further ahead of its clock than this
