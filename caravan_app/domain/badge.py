"""Badge QR payloads: compact ASCII with a check character.

A USB scanner types what it reads, so the payload must survive keyboards and decoders:
uppercase Crockford base32 only (QR alphanumeric mode, case-insensitive on the way back in
case Caps Lock is on, no 0/O or 1/I/L confusion), a fixed prefix so that foreign codes (a book's
ISBN, a WeChat link, another system's badge) are told apart from mis-reads, and a Luhn mod 32
check character that catches every single wrong character and most swapped neighbours.

Layout: ``CV`` + kind (``P`` = person badge) + body + check, e.g. ``CVP6RVK4CSN6EC3M2``.
The body is the person's ``badge_code`` (ASCII) in base32, so any stored badge code round-trips.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ValidationError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
# Crockford's forgiving reads: o→0, i/l→1 (after upper-casing).
_VALUE.update({"O": 0, "I": 1, "L": 1})
PREFIX = "CV"
KIND_PERSON = "P"
KINDS = (KIND_PERSON,)
MAX_CODE_BYTES = 40  # people.badge_code is String(40)
# Shortest and longest payloads: prefix + kind + a 1..40-byte code in base32 + check.
MIN_LENGTH = len(PREFIX) + 1 + 2 + 1
MAX_LENGTH = len(PREFIX) + 1 + (MAX_CODE_BYTES * 8 + 4) // 5 + 1


@dataclass(frozen=True)
class Badge:
    kind: str
    code: str  # the person's badge_code


class BadgeError(ValidationError):
    """A scan that is not a usable badge; ``foreign`` tells "not ours" from "mis-read"."""

    def __init__(self, foreign: bool, zh: str, en: str) -> None:
        self.foreign = foreign
        super().__init__("badge", zh, en)


def check_char(body: str) -> str:
    """Luhn mod 32 over ``body`` (characters of ALPHABET)."""
    factor, total = 2, 0
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def _b32encode(data: bytes) -> str:
    bits = int.from_bytes(data, "big") if data else 0
    nbits = len(data) * 8
    pad = (-nbits) % 5
    bits <<= pad
    n = (nbits + pad) // 5
    return "".join(ALPHABET[(bits >> (5 * (n - 1 - i))) & 31] for i in range(n))


def _b32decode(text: str) -> bytes:
    nbits = len(text) * 5
    nbytes = nbits // 8
    bits = 0
    for ch in text:
        bits = (bits << 5) | _VALUE[ch]
    extra = nbits - nbytes * 8
    if bits & ((1 << extra) - 1):
        raise ValueError("non-zero padding bits")
    return (bits >> extra).to_bytes(nbytes, "big")


def encode(code: str, kind: str = KIND_PERSON) -> str:
    """The QR payload for a badge code (ASCII, at most 40 bytes)."""
    if kind not in KINDS:
        raise ValueError(f"unknown badge kind {kind!r}")
    raw = code.encode("ascii")
    if not raw or len(raw) > MAX_CODE_BYTES:
        raise ValueError("badge code must be 1..40 ASCII characters")
    body = kind + _b32encode(raw)
    return PREFIX + body + check_char(body)


def looks_like_badge(text: str) -> bool:
    """Cheap test used by scanner input: does this start like one of our payloads?"""
    return text.strip().upper().startswith(PREFIX)


def could_start(text: str) -> bool:
    """Could ``text`` be the first characters of one of our payloads (case-insensitive)?

    A slow scanner's keys cannot be told from typing by their timing; our fixed prefix and
    kind can: the scanner holds back keys while this is true and gives them back as typing
    the moment it is not (``CV`` + kind + base32, at most ``MAX_LENGTH`` characters)."""
    s = text.upper()
    if not s or len(s) > MAX_LENGTH:
        return False
    if len(s) <= len(PREFIX):
        return PREFIX.startswith(s)
    if not s.startswith(PREFIX) or s[len(PREFIX)] not in KINDS:
        return False
    return all(c in _VALUE for c in s[len(PREFIX) + 1 :])


def decode(text: str) -> Badge:
    """Parse a scanned payload; raises BadgeError saying whether it is foreign or a mis-read."""
    s = (text or "").strip().upper()
    if not s.startswith(PREFIX) or len(s) < len(PREFIX) + 3:
        raise BadgeError(
            True,
            "这不是本系统的胸卡二维码",
            "this is not a Caravan badge code",
        )
    kind, rest = s[2], s[3:]
    if kind not in KINDS:
        raise BadgeError(True, "这不是本系统的胸卡二维码", "this is not a Caravan badge code")
    if any(c not in _VALUE for c in rest):
        raise BadgeError(False, "胸卡读取有误，请重新扫描", "the badge was misread; scan it again")
    canon = "".join(ALPHABET[_VALUE[c]] for c in rest)
    body, check = kind + canon[:-1], canon[-1]
    if check_char(body) != check:
        raise BadgeError(
            False, "胸卡读取有误（校验失败），请重新扫描", "the badge was misread (check failed); scan it again"
        )
    try:
        code = _b32decode(canon[:-1]).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        raise BadgeError(False, "胸卡读取有误，请重新扫描", "the badge was misread; scan it again") from None
    if not code:
        raise BadgeError(False, "胸卡读取有误，请重新扫描", "the badge was misread; scan it again")
    return Badge(kind, code)
