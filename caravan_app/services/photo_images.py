"""What Pillow does with a photo: refuse what is not a photo we can keep (with the file's name and
why), read EXIF (taken-at, GPS, orientation), and make the display copy and the thumbnail.

The checks run before any pixel is decoded: the file's size on disk, the pixel count from the
header (a decompression bomb: a few KB of PNG that decodes to gigabytes), the bytes of the
metadata segments (a JPEG carrying megabytes of "EXIF"). Display copies and thumbnails carry no
EXIF at all, so no GPS ever leaves in them.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from ..domain import photos as rules
from ..domain.errors import ValidationError

# Chosen by measurement (docs/photos.md): a photo at 1600 px is 260 KB at quality 80 against
# 357 KB at 90 (27 % less to sync over 4G) at 38 dB PSNR, above what a screen or a printed report
# page shows; 75 saves only 10 % more and drops below 38 dB.
DISPLAY_QUALITY = 80
THUMB_QUALITY = 75
_EXIF_IFD, _GPS_IFD, _DATETIME_ORIGINAL, _DATETIME = 0x8769, 0x8825, 0x9003, 0x0132


class PhotoRefused(ValidationError):
    """A file that is not kept, naming the file and the reason."""

    def __init__(self, name: str, zh: str, en: str) -> None:
        self.name = name
        super().__init__("file", f"{name}：{zh}", f"{name}: {en}")


@dataclass(frozen=True)
class Processed:
    """A checked photo: its sizes after orientation, EXIF facts and the copies made from it."""

    width: int
    height: int
    taken_at: dt.datetime | None
    gps: str | None
    display: bytes
    thumb: bytes


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def check_size(name: str, size: int) -> None:
    if size > rules.MAX_BYTES:
        raise PhotoRefused(
            name,
            f"文件太大（{_mb(size)}，上限 {_mb(rules.MAX_BYTES)}），请用手机原图以外的“高清”或“标准”尺寸再发",
            f"the file is too large ({_mb(size)}; the limit is {_mb(rules.MAX_BYTES)})",
        )
    if size == 0:
        raise PhotoRefused(name, "文件是空的", "the file is empty")


def _open(name: str, path: Path) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(name) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise PhotoRefused(
            name, "不是可识别的图片（请发送 JPEG 或 PNG 照片）", "this is not an image we can read"
        ) from None
    if img.format not in ("JPEG", "PNG", "WEBP", "MPO"):
        img.close()
        raise PhotoRefused(
            name, f"不支持的图片格式 {img.format}（请发送 JPEG 或 PNG）", f"unsupported format {img.format}"
        )
    w, h = img.size
    if w * h > rules.MAX_PIXELS or max(w, h) > rules.MAX_SIDE:
        img.close()
        raise _bomb(name, w, h)
    meta = sum(len(seg) for _marker, seg in getattr(img, "applist", []))
    exif = img.info.get("exif") or b""
    if max(meta, len(exif)) > rules.MAX_EXIF_BYTES:
        img.close()
        raise PhotoRefused(
            name,
            f"图片附带的元数据（EXIF）异常大（{max(meta, len(exif)) // 1024} KB），不像相机拍的照片，已拒收",
            f"the image carries {max(meta, len(exif)) // 1024} KB of metadata (EXIF): not a camera photo",
        )
    return img


def _bomb(name: str, w: int = 0, h: int = 0) -> PhotoRefused:
    size = f"（{w}×{h} 像素）" if w else ""
    return PhotoRefused(
        name,
        f"图片像素太多{size}，超过 {rules.MAX_PIXELS // 1_000_000} 百万像素的上限（可能是恶意文件）",
        f"the image has too many pixels {w}x{h} (limit {rules.MAX_PIXELS:,}): possibly a decompression bomb",
    )


def _taken_at(exif: Image.Exif) -> dt.datetime | None:
    raw = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    if not isinstance(raw, str):
        return None
    try:
        t = dt.datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return t if 2000 <= t.year <= 2100 else None


def _gps(exif: Image.Exif) -> str | None:
    g = exif.get_ifd(_GPS_IFD)
    try:
        lat, lon = g[2], g[4]
        y = float(lat[0]) + float(lat[1]) / 60 + float(lat[2]) / 3600
        x = float(lon[0]) + float(lon[1]) / 60 + float(lon[2]) / 3600
    except (KeyError, IndexError, TypeError, ValueError, ZeroDivisionError):
        return None
    y = -y if g.get(1) == "S" else y
    x = -x if g.get(3) == "W" else x
    if not (-90 <= y <= 90 and -180 <= x <= 180):
        return None
    return f"{y:.6f},{x:.6f}"


def _jpeg(img: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def process(name: str, path: Path) -> Processed:
    """Check one file and make its copies (CPU work: run it off the UI thread)."""
    check_size(name, path.stat().st_size)
    img = _open(name, path)
    with img:
        try:
            exif = img.getexif()
            taken, gps = _taken_at(exif), _gps(exif)
            w0, h0 = img.size
            if exif.get(0x0112) in (5, 6, 7, 8):  # turned a quarter: the upright photo's sides swap
                w0, h0 = h0, w0
            img.draft("RGB", rules.fit(img.width, img.height, rules.DISPLAY_LONG_SIDE))  # JPEG: decode at ≥ ½ scale
            upright = ImageOps.exif_transpose(img)
            rgb = upright.convert("RGB")
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise PhotoRefused(name, "图片已损坏，无法读取", "the image is damaged and cannot be read") from None
    display = rgb.copy()
    display.thumbnail(rules.fit(rgb.width, rgb.height, rules.DISPLAY_LONG_SIDE), Image.Resampling.LANCZOS)
    thumb = display.copy()
    thumb.thumbnail(rules.fit(display.width, display.height, rules.THUMB_LONG_SIDE), Image.Resampling.LANCZOS)
    return Processed(w0, h0, taken, gps, _jpeg(display, DISPLAY_QUALITY), _jpeg(thumb, THUMB_QUALITY))


def thumbnail_of(display: bytes) -> bytes:
    """A thumbnail made again from a display copy (the thumbnail cache is never synced)."""
    with Image.open(io.BytesIO(display)) as img:
        rgb = img.convert("RGB")
    rgb.thumbnail(rules.fit(rgb.width, rgb.height, rules.THUMB_LONG_SIDE), Image.Resampling.LANCZOS)
    return _jpeg(rgb, THUMB_QUALITY)


def without_metadata(data: bytes) -> bytes:
    """``data`` with no EXIF, XMP or IPTC left (so no GPS), for what is published.

    A display copy made here has none and comes back unchanged, byte for byte; one made by
    another laptop (pulled from the hub, or from a peer) is only trusted by its hash, so its
    metadata segments are dropped here, losslessly (``domain.photos.jpeg_without_metadata``: the
    scan is copied as it is). Anything that is not a well-formed JPEG is decoded and encoded
    again without metadata."""
    clean = rules.jpeg_without_metadata(data)
    return _reencoded(data) if clean is None else clean


def stream_without_metadata(f: BinaryIO, piece: int) -> Iterator[bytes]:
    """A JPEG file's bytes as ``without_metadata`` would give them, in pieces of at most
    ``piece`` bytes after the header (memory stays flat); a file that is not a well-formed
    JPEG comes as it is (it cannot be decoded piece by piece)."""
    head = rules.jpeg_header_without_metadata(f)
    if head is None:
        f.seek(0)
    elif head:
        yield head
    while chunk := f.read(piece):
        yield chunk


def _reencoded(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as img:
        rgb = ImageOps.exif_transpose(img).convert("RGB")
    return _jpeg(rgb, DISPLAY_QUALITY)
