"""The visit report's verification code: visit id plus a digest of the figures it printed.

The office scans the QR (or types it) and ``caravan verify`` recomputes the digest from the
synced data: a school's copy whose figures were changed afterwards no longer matches. The
payload is ASCII only (scanners garble other charsets): ``CFLV1:<visit id>:<12 hex>``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.errors import ValidationError

PREFIX = "CFLV1"
_PAYLOAD = re.compile(r"^CFLV1:([0-9a-fA-F-]{36}):([0-9a-f]{12})$")


@dataclass(frozen=True)
class Figures:
    """What a visit report certifies; everything else on it is presentation."""

    visit_id: str
    date: str
    site_id: str
    caravan_id: str
    tallies: Mapping[str, int]  # group code -> head count
    signins: int
    books: Mapping[str, int]  # title id -> copies handed out
    crew_minutes: Mapping[str, int]  # person id -> minutes on duty
    reopens: int = 0  # c10b: times the completed visit was reopened (a reopen alone changes the code)

    def canonical(self) -> bytes:
        doc: dict[str, Any] = {
            "v": self.visit_id,
            "d": self.date,
            "s": self.site_id,
            "c": self.caravan_id,
            "t": {k: v for k, v in sorted(self.tallies.items()) if v},
            "n": self.signins,
            "b": {k: v for k, v in sorted(self.books.items()) if v},
            "h": {k: v for k, v in sorted(self.crew_minutes.items())},
        }
        if self.reopens:  # absent when never reopened: codes printed before this field still verify
            doc["r"] = self.reopens
        return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("ascii")

    def digest(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()[:12]

    def payload(self) -> str:
        return f"{PREFIX}:{self.visit_id}:{self.digest()}"


def parse_payload(payload: str) -> tuple[str, str]:
    """(visit id, digest) of a scanned code; a clear error for anything else."""
    m = _PAYLOAD.match(payload.strip())
    if not m:
        raise ValidationError(
            "payload",
            "核验码格式不正确（应为 CFLV1:活动编号:校验值）",
            "not a visit report verification code (expected CFLV1:<visit id>:<digest>)",
        )
    return m[1].lower(), m[2]
