"""The rating link printed on a visit report (QR) and opened on the hub's ``/rate/<token>``.

The token names the visit and proves the holder saw its report: the visit id and a digest of
the id with the visit's secret sign-in token, which both the laptop (printing offline) and the
hub (answering the page) have. A new sign-in token (a reopened visit) makes old links stop.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _digest(visit_id: str, signin_token: str) -> str:
    return hashlib.sha256(f"rate|{visit_id}|{signin_token}".encode()).hexdigest()[:16]


def rating_token(visit_id: str, signin_token: str) -> str:
    return f"{visit_id}.{_digest(visit_id, signin_token)}"


def split_token(token: str) -> str | None:
    """The visit id a well-formed token names, or None."""
    if not isinstance(token, str) or len(token) > 80 or token.count(".") != 1:
        return None
    visit_id = token.split(".")[0]
    return visit_id if _ID.match(visit_id) else None


def token_matches(token: str, visit_id: str, signin_token: str) -> bool:
    return bool(signin_token) and hmac.compare_digest(token, rating_token(visit_id, signin_token))
