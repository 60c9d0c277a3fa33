"""Photos as evidence: the rules of what a photo record may be, with no I/O.

A photo belongs to one visit and is named by its content: its id is derived from the visit and
the SHA-256 of the original, so the same file sent twice (two crew members, a retried upload,
two laptops) is one photo. At most ``MAX_CHOSEN`` photos of a visit are 精选 (they go into the
reports); only ``public`` ones go into packs meant for publication, and never with GPS.

What is published carries no location: ``jpeg_without_metadata`` drops a JPEG's EXIF, XMP and
IPTC segments without decoding it. It lives here, in plain Python, because the laptop's services
and the hub's console both publish photos (and the hub does not import the laptop's services).
"""

from __future__ import annotations

import io
from typing import BinaryIO

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


# Segments of a JPEG that may say where it was taken: APP1 (EXIF with its GPS IFD, XMP) and
# APP13 (IPTC / Photoshop). Everything else (JFIF, tables, the scan) is the picture itself.
WHERE_SEGMENTS = frozenset({0xE1, 0xED})


def jpeg_header_without_metadata(f: BinaryIO) -> bytes | None:
    """Read ``f``'s JPEG segments up to the start of scan and return them without the metadata
    segments, ``f`` left at the scan; None if it is not a well-formed JPEG header (``f`` is then
    somewhere inside it: the caller seeks back)."""
    if f.read(2) != b"\xff\xd8":
        return None
    out = [b"\xff\xd8"]
    while True:
        mark = f.read(2)
        while mark[:1] == b"\xff" and mark[1:] == b"\xff":  # fill bytes
            mark = b"\xff" + f.read(1)
        if len(mark) < 2 or mark[0] != 0xFF:
            return None
        if mark[1] == 0xDA:  # start of scan: the rest is the picture
            f.seek(f.tell() - 2)
            return b"".join(out)
        size = f.read(2)
        n = int.from_bytes(size, "big") if len(size) == 2 else 0
        if n < 2:
            return None
        body = f.read(n - 2)
        if len(body) < n - 2:
            return None
        if mark[1] not in WHERE_SEGMENTS:
            out.append(mark + size + body)


def jpeg_without_metadata(data: bytes) -> bytes | None:
    """A JPEG's bytes with no EXIF, XMP or IPTC left (so no GPS), the picture's bytes copied as
    they are (one with none comes back byte for byte); None if ``data`` is not a well-formed
    JPEG (the caller decodes and encodes it again, or refuses it)."""
    f = io.BytesIO(data)
    head = jpeg_header_without_metadata(f)
    return None if head is None else head + f.read()
