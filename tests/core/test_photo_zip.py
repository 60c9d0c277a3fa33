"""The console's photo ZIP is written as a stream, file by file: the memory it holds stays flat
however many photos go in (measured with tracemalloc, no timing), and the bytes are a valid ZIP
whose files are the sources byte for byte, with Chinese names read back."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc
import zipfile
from pathlib import Path

from caravan_app.services.photo_zip import ZipEntry, zip_stream


def _files(folder: Path, n: int, size: int) -> list[Path]:
    folder.mkdir()
    out = []
    for i in range(n):
        p = folder / f"{i}.jpg"
        p.write_bytes(os.urandom(size))
        out.append(p)
    return out


def test_the_zip_streams_file_by_file_and_memory_stays_flat(tmp_path: Path) -> None:
    files = _files(tmp_path / "src", 24, 1024 * 1024)  # 24 MB of photos
    entries = [ZipEntry(f"{i:02d}_学生实验.jpg", f) for i, f in enumerate(files)]
    entries.append(ZipEntry("照片说明.txt", "说明\r\n".encode()))
    out = tmp_path / "all.zip"
    tracemalloc.start()
    try:
        biggest = 0
        with open(out, "wb") as f:
            for piece in zip_stream(entries):
                biggest = max(biggest, len(piece))
                f.write(piece)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert biggest <= 256 * 1024  # handed on in pieces, never a whole file
    assert peak < 2 * 1024 * 1024  # under 2 MB held for 24 MB written
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert names[0] == "00_学生实验.jpg" and names[-1] == "照片说明.txt"
        for i, f in enumerate(files):
            assert hashlib.sha256(z.read(f"{i:02d}_学生实验.jpg")).digest() == hashlib.sha256(f.read_bytes()).digest()
        assert z.getinfo("00_学生实验.jpg").compress_type == zipfile.ZIP_STORED  # JPEGs do not shrink


def test_a_file_gone_meanwhile_is_left_out_and_the_zip_stays_valid(tmp_path: Path) -> None:
    files = _files(tmp_path / "src", 3, 1000)
    entries = [ZipEntry(f"{i}.jpg", f) for i, f in enumerate(files)]
    files[1].unlink()
    data = b"".join(zip_stream(entries))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.namelist() == ["0.jpg", "2.jpg"]


def test_a_photo_with_gps_leaves_in_the_zip_without_it_and_with_the_same_pixels(tmp_path: Path) -> None:
    from PIL import Image

    from tests import photofiles

    leaky = tmp_path / "leaky"
    leaky.write_bytes(photofiles.jpeg(1200, 900, seed=5, gps=(35.414, 116.587)))
    data = b"".join(zip_stream([ZipEntry("1.jpg", leaky)]))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        out = z.read("1.jpg")
    with Image.open(io.BytesIO(out)) as a, Image.open(leaky) as b:
        assert not a.getexif().get_ifd(0x8825) and b.getexif().get_ifd(0x8825)
        assert a.tobytes() == b.tobytes()  # the scan copied as it is: not re-encoded
