"""Photos as evidence: the rules of what a photo record may be, with no I/O.

A photo belongs to one visit and is named by its content: its id is derived from the visit and
the SHA-256 of the original, so the same file sent twice (two crew members, a retried upload,
two laptops) is one photo. At most ``MAX_CHOSEN`` photos of a visit are 精选 (they go into the
reports); only ``public`` ones go into packs meant for publication, and never with GPS.
"""

from __future__ import annotations

from .fieldspec import MAX_PHOTO_BYTES, MAX_PHOTO_SIDE
from .ids import derived_id

MAX_BYTES = MAX_PHOTO_BYTES  # a larger upload is refused before it is stored
MAX_PIXELS = 64_000_000  # width × height; above it a file is refused as a decompression bomb
MAX_SIDE = MAX_PHOTO_SIDE
MAX_EXIF_BYTES = 256 * 1024  # a camera writes < 64 KB; more is not a photo's metadata
MAX_CHOSEN = 5  # 精选 per visit (全国科普日: up to 5 photos per activity)
DISPLAY_LONG_SIDE = 1600
THUMB_LONG_SIDE = 240
MAX_CAPTION = 200


def photo_id(visit_id: str, sha256: str) -> str:
    """The one id of this content at this visit (same photo twice: one record)."""
    return derived_id("photo", visit_id, sha256)


def removal_id(photo_id: str) -> str:
    """A removal's id derived from the photo: removing it on two laptops is one fact."""
    return derived_id("photo_removal", photo_id)


def fit(width: int, height: int, long_side: int) -> tuple[int, int]:
    """Size scaled down (never up) so the longer side is at most ``long_side``."""
    big = max(width, height)
    if big <= long_side:
        return width, height
    k = long_side / big
    return max(1, round(width * k)), max(1, round(height * k))
