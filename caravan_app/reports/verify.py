"""The visit report's verification code: visit id plus a digest of the figures it printed.

The office scans the QR (or types it) and ``caravan verify`` recomputes the digest from the
synced data: a school's copy whose figures were changed afterwards no longer matches. The
payload is ASCII only (scanners garble other charsets): ``CFLV2:<visit id>:<10 characters>``.

The digest is written in an alphabet without look-alikes (no 0/O, 1/I/L) and read back
case-insensitively, so a scanner with Caps Lock on, or a person reading it over the phone,
gets it right. Codes printed before (``CFLV1:<visit id>:<12 hex>``) still verify.

Every report also carries a short human report number (``report_number``: the date and four
characters from the visit id, e.g. ``20260812-K7QMX``): with it and the 10-character code the
office can check a paper without scanning it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.errors import ValidationError

PREFIX = "CFLV2"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0 O 1 I L: nothing to confuse, any case
CODE_LEN = 10  # 31^10 ≈ 2^49.5
_PAYLOAD = re.compile(r"^CFLV([12]):([0-9A-F-]{36}):([0-9A-Z]+)$")
_SHORT = re.compile(r"^(\d{8})\s*-?\s*([0-9A-Z]{5})(.*)$")


def encode(data: bytes, length: int) -> str:
    """``length`` characters of ``ALPHABET`` from the leading bits of ``data``."""
    n = int.from_bytes(data, "big")
    out = []
    for _ in range(length):
        n, r = divmod(n, len(ALPHABET))
        out.append(ALPHABET[r])
    return "".join(out)


def report_number(visit_id: str, date: str) -> str:
    """A short human report number: "20260812-K7QMX" (the date, and 5 characters from the id).
    For 50 visits on one day, the odds that two share a number are about 1 in 23,000."""
    tail = encode(hashlib.sha256(visit_id.lower().encode("ascii")).digest(), 5)
    return f"{date[:10].replace('-', '')}-{tail}"


def group_code(code: str) -> str:
    """ "K7QM2XHA9R" -> "K7QM 2XHA 9R" for reading aloud or typing."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


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
    reopens: int = 0  # times the completed visit was reopened (a reopen alone changes the code)

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

    def digest_v1(self) -> str:
        """The 12 hex digits of codes printed before CFLV2 (still accepted)."""
        return hashlib.sha256(self.canonical()).hexdigest()[:12]

    def digest(self) -> str:
        return encode(hashlib.sha256(self.canonical()).digest(), CODE_LEN)

    def matches(self, version: int, digest: str) -> bool:
        if version == 1:
            return self.digest_v1() == digest.lower()
        return self.digest() == digest.upper()

    def payload(self) -> str:
        return f"{PREFIX}:{self.visit_id}:{self.digest()}"

    def report_no(self) -> str:
        return report_number(self.visit_id, self.date)


@dataclass(frozen=True)
class Parsed:
    """A scanned payload (visit id known) or a typed report number with its code."""

    version: int
    digest: str
    visit_id: str | None = None
    report_no: str | None = None


_BAD = ValidationError(
    "payload",
    "核验码格式不正确（应为二维码内容 CFLV2:…（旧版 CFLV1:…），或“报告编号 核验码”，如 20260812-K7QMX K7QM2XHA9R）",
    "not a visit report verification code (expected the QR content CFLV2:… / CFLV1:…, "
    "or the report number and code, e.g. 20260812-K7QMX K7QM2XHA9R)",
)


def parse(payload: str) -> Parsed:
    """A scanned QR (any case) or a typed "报告编号 核验码"; a clear error for anything else."""
    text = payload.strip().upper()
    m = _PAYLOAD.match(text)
    if m:
        version, vid, digest = int(m[1]), m[2].lower(), m[3]
        ok = re.fullmatch(r"[0-9A-F]{12}", digest) if version == 1 else _in_alphabet(digest, CODE_LEN)
        if ok:
            return Parsed(version, digest, visit_id=vid)
        raise _BAD
    m = _SHORT.match(text)
    code = re.sub(r"[^0-9A-Z]", "", m[3]) if m else ""
    if m and _in_alphabet(m[2], 5) and _in_alphabet(code, CODE_LEN):
        return Parsed(2, code, report_no=f"{m[1]}-{m[2]}")
    raise _BAD


def _in_alphabet(s: str, n: int) -> bool:
    return len(s) == n and all(c in ALPHABET for c in s)


def parse_payload(payload: str) -> tuple[str, str]:
    """(visit id, digest) of a scanned QR code (kept for callers of the first version)."""
    p = parse(payload)
    if p.visit_id is None:
        raise _BAD
    return p.visit_id, p.digest
