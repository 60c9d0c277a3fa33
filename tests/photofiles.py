"""Photo files for tests: phone-like JPEGs with EXIF (time, orientation, GPS) and hostile files."""

from __future__ import annotations

import io
import random
import struct
import zlib
from pathlib import Path

from PIL import Image


def jpeg(
    width: int = 2000,
    height: int = 1500,
    seed: int = 1,
    taken: str | None = "2026:05:01 09:30:00",
    orientation: int | None = None,
    gps: tuple[float, float] | None = None,
    quality: int = 90,
) -> bytes:
    """A photo-like JPEG (noise over gradients, so it compresses like a photo) with EXIF."""
    rnd = random.Random(seed)
    small = Image.new("RGB", (max(2, width // 16), max(2, height // 16)))
    small.putdata(
        [(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(small.width * small.height)]
    )
    img = small.resize((width, height), Image.Resampling.BICUBIC)
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    img = Image.blend(img, noise, 0.15)
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    if orientation:
        exif[0x0112] = orientation
    if gps:
        lat, lon = gps
        g = exif.get_ifd(0x8825)
        g[1] = "N" if lat >= 0 else "S"
        g[2] = _dms(abs(lat))
        g[3] = "E" if lon >= 0 else "W"
        g[4] = _dms(abs(lon))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def _dms(x: float) -> tuple[float, float, float]:
    d = int(x)
    mnt = int((x - d) * 60)
    s = round(((x - d) * 60 - mnt) * 60, 4)
    return (float(d), float(mnt), s)


def png_bomb(width: int = 40_000, height: int = 40_000) -> bytes:
    """A PNG whose header announces ``width × height`` pixels in a few hundred bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def huge_exif_jpeg(megabytes: float = 2.0) -> bytes:
    """A valid small JPEG carrying ``megabytes`` of APP1 metadata segments after its SOI."""
    base = jpeg(64, 48, taken=None)
    seg = b"Exif\x00\x00" + b"\x00" * 60_000
    n = int(megabytes * 1024 * 1024 / len(seg)) + 1
    app1 = (b"\xff\xe1" + struct.pack(">H", len(seg) + 2) + seg) * n
    return base[:2] + app1 + base[2:]


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def big_file(path: Path, megabytes: int = 60) -> Path:
    """A file of ``megabytes`` MB that starts like a JPEG (sparse: no disk used)."""
    with open(path, "wb") as f:
        f.write(jpeg(64, 48, taken=None))
        f.truncate(megabytes * 1024 * 1024)
    return path
