"""A ZIP written as a stream of bytes, file by file: the console's photo downloads never hold the
whole set in memory (a visit's photos, a year's highlights pack), whatever their number.

Python's ``zipfile`` writes into a sink that cannot seek (so it uses data descriptors); whatever
the sink holds is handed on after every piece of a file. JPEGs are stored, not deflated (they
do not shrink); text files are deflated. Names are UTF-8 (``zipfile`` sets the flag), which
Windows' Explorer, WPS and 7-Zip read as Chinese.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .photo_images import stream_without_metadata

PIECE = 64 * 1024  # bytes read from a file at a time


@dataclass(frozen=True)
class ZipEntry:
    """One file of the ZIP: ``source`` a file on disk (read piece by piece) or small bytes."""

    name: str
    source: Path | bytes


class _Sink:
    """A write-only file object whose bytes are taken away after each write (no ``tell``/
    ``seek``: ``zipfile`` then streams)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        if data:
            self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def zip_stream(entries: Iterable[ZipEntry]) -> Iterator[bytes]:
    """The ZIP of ``entries`` as it is written; ``entries`` may itself be lazy. A file gone
    from disk meanwhile is left out (the listing beside it says what was meant to be there)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", allowZip64=True) as zf:  # type: ignore[call-overload] # a write-only sink
        for e in entries:
            if isinstance(e.source, bytes):
                zf.writestr(e.name, e.source, compress_type=zipfile.ZIP_DEFLATED)
            else:
                try:
                    f = open(e.source, "rb")  # noqa: SIM115 - closed below, while the generator runs
                except FileNotFoundError:
                    continue
                photo = e.name.lower().endswith((".jpg", ".jpeg"))
                with f, zf.open(zipfile.ZipInfo(e.name, _date(e.source)), "w", force_zip64=True) as dst:
                    # a photo without the EXIF, XMP or IPTC a copy made by another laptop might
                    # carry: no GPS leaves in a ZIP (a copy made here comes byte for byte)
                    for piece in stream_without_metadata(f, PIECE) if photo else _pieces(f):
                        dst.write(piece)
                        if out := sink.take():
                            yield out
            if out := sink.take():
                yield out
    if out := sink.take():
        yield out  # the central directory


def _pieces(f: BinaryIO) -> Iterator[bytes]:
    while piece := f.read(PIECE):
        yield piece


def _date(path: Path) -> tuple[int, int, int, int, int, int]:
    import time

    try:
        t = time.localtime(path.stat().st_mtime)
    except OSError:
        t = time.localtime()
    return (max(1980, t.tm_year), t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
