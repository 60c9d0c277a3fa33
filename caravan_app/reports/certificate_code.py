"""The 证明编号 and verification code of a volunteer service certificate.

A certificate certifies one person's service over a period: every visit and its minutes. Its
number names the period and the person — ``ZM20260101-20261231-K7QMX`` (the dates, and five
characters from the person's id) — so the same person and period always give the same number,
and two people or two periods never share one (the odds of two people of one office sharing the
five characters are about 1 in 28 million per pair). The QR holds
``CFLC1:<person id>:<from>:<to>:<10 characters>``, the digest of the services certified, in the
alphabet of visit reports (verify.py); ``caravan verify`` recomputes it from the data, and a
certificate whose hours changed after printing no longer verifies. Typed, the number and the
10 characters do the same.

An issued certificate (the register, ``certificate_issue``) has a number of its own —
``ZM20261206-K7QMX2``: the issue date and six characters from the register row's id, so two
laptops issuing offline never give one number twice — and its QR holds
``CFLC2:<number>:<10 characters>``, the digest of the figures it certified *and* its number.
``verify`` checks it against the register's figures, so a later service never breaks it; the
CFLC1 form (certificates printed before the register) is still checked against the data.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from ..domain.errors import ValidationError
from .verify import ALPHABET, CODE_LEN, encode

CERT_PREFIX = "CFLC1"
ISSUED_PREFIX = "CFLC2"
_QR2 = re.compile(r"^CFLC2:(ZM\d{8}-[0-9A-Z]{6}):([0-9A-Z]{10})$")
_TYPED2 = re.compile(r"^(ZM\d{8}-[0-9A-Z]{6})\s+([0-9A-Z ]+)$")
_QR = re.compile(r"^CFLC1:([0-9A-F-]{36}):(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2}):([0-9A-Z]{10})$")
_TYPED = re.compile(r"^ZM(\d{8})-(\d{8})-([0-9A-Z]{5})\s*([0-9A-Z ]+)$")


def person_tail(person_id: str) -> str:
    return encode(hashlib.sha256(("person:" + person_id.lower()).encode("ascii")).digest(), 5)


def cert_number(person_id: str, start: str, end: str) -> str:
    return f"ZM{start.replace('-', '')}-{end.replace('-', '')}-{person_tail(person_id)}"


@dataclass(frozen=True)
class CertFigures:
    """What a certificate certifies: the person, the period, each visit's counted minutes."""

    person_id: str
    start: str
    end: str
    services: tuple[tuple[str, int], ...]  # (visit id, minutes), in printed order

    def canonical(self) -> bytes:
        doc = {"p": self.person_id, "a": self.start, "b": self.end, "s": sorted([v, n] for v, n in self.services)}
        return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("ascii")

    def digest(self) -> str:
        return encode(hashlib.sha256(self.canonical()).digest(), CODE_LEN)

    def payload(self) -> str:
        return f"{CERT_PREFIX}:{self.person_id.upper()}:{self.start}:{self.end}:{self.digest()}"

    def number(self) -> str:
        return cert_number(self.person_id, self.start, self.end)

    def issued_digest(self, number: str) -> str:
        """The code of an issued certificate: its figures and its own number."""
        return encode(hashlib.sha256(self.canonical() + b"|" + number.encode("ascii")).digest(), CODE_LEN)


def issue_number(issued_on: str, record_id: str) -> str:
    """An issued certificate's own number: the issue date and six characters of its register id."""
    tail = encode(hashlib.sha256(("issue:" + record_id.lower()).encode("ascii")).digest(), 6)
    return f"ZM{issued_on.replace('-', '')}-{tail}"


def issued_payload(number: str, digest: str) -> str:
    return f"{ISSUED_PREFIX}:{number}:{digest}"


@dataclass(frozen=True)
class ParsedCert:
    start: str
    end: str
    digest: str
    person_id: str | None = None  # from the QR
    tail: str | None = None  # from a typed number
    number: str | None = None  # an issued certificate's own number (the register)


def is_certificate(text: str) -> bool:
    t = text.strip().upper()
    return t.startswith("CFLC") or t.startswith("ZM")


def _iso(d: str) -> str:
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}"


def parse_cert(text: str) -> ParsedCert:
    t = text.strip().upper()
    m = _QR2.match(t) or _TYPED2.match(t)
    if m:
        code = re.sub(r"[^0-9A-Z]", "", m[2])
        if len(code) == CODE_LEN and all(c in ALPHABET for c in code):
            return ParsedCert("", "", code, number=m[1])
    m = _QR.match(t)
    if m:
        return ParsedCert(m[2], m[3], m[4], person_id=m[1].lower())
    m = _TYPED.match(t)
    code = re.sub(r"[^0-9A-Z]", "", m[4]) if m else ""
    if m and len(code) == CODE_LEN and all(c in ALPHABET for c in code + m[3]):
        return ParsedCert(_iso(m[1]), _iso(m[2]), code, tail=m[3])
    raise ValidationError(
        "payload",
        "证明核验码格式不正确（应为二维码内容 CFLC2:…，或“证明编号 核验码”，如 ZM20261206-K7QMX2 K7QM2XHA9R）",
        "not a certificate code (expected the QR content CFLC2:…, or the certificate number and code, "
        "e.g. ZM20261206-K7QMX2 K7QM2XHA9R)",
    )
