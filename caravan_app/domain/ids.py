"""Time-ordered record ids (UUIDv7, via the ``uuid6`` package: Python 3.11 has no uuid7)."""

from __future__ import annotations

import secrets

from uuid6 import uuid7


def new_id() -> str:
    return str(uuid7())


def new_token(nbytes: int = 16) -> str:
    """An unguessable URL-safe token (visit sign-in links, enrollment codes)."""
    return secrets.token_urlsafe(nbytes)


UNAMBIGUOUS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: nothing to misread or mistype


def signin_token() -> str:
    """A visit's sign-in token for the poster's address: 16 upper-case characters of
    ``UNAMBIGUOUS`` (31^16 ≈ 2^79), read back case-insensitively."""
    return "".join(secrets.choice(UNAMBIGUOUS) for _ in range(16))
