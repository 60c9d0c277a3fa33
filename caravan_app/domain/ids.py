"""Time-ordered record ids (UUIDv7, via the ``uuid6`` package: Python 3.11 has no uuid7)."""

from __future__ import annotations

import secrets
import uuid

from uuid6 import uuid7


def new_id() -> str:
    return str(uuid7())


def new_token(nbytes: int = 16) -> str:
    """An unguessable URL-safe token (visit sign-in links, enrollment codes)."""
    return secrets.token_urlsafe(nbytes)


_DERIVED_NS = uuid.UUID("6f1d3c2a-0b7e-5c10-9b0a-c0ffee000000")


def derived_id(*parts: str) -> str:
    """A correction's id derived from what it corrects: the same correction made on two
    laptops is the same id, hence one fact after sync (UUIDv5 of the parts)."""
    return str(uuid.uuid5(_DERIVED_NS, "|".join(parts)))


UNAMBIGUOUS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: nothing to misread or mistype


def signin_token() -> str:
    """A visit's sign-in token for the poster's address: 16 upper-case characters of
    ``UNAMBIGUOUS`` (31^16 ≈ 2^79), read back case-insensitively."""
    return "".join(secrets.choice(UNAMBIGUOUS) for _ in range(16))
