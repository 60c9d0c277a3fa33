"""The crew's photo upload (``/p/<token>``): a multipart form read from the socket as it
arrives and written to temporary files under the size limit, so a phone's 40 MB of photos never
sit in memory; nothing is added before the whole request has arrived, so a cut upload leaves
nothing behind. The photos are then added one by one through ``PhotoService`` (same checks as
the CLI and the desktop app)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header

from ..domain import photos as rules

MAX_REQUEST = 20 * rules.MAX_BYTES  # one form: up to 20 photos at the limit
MAX_FILES = 50


class UploadCut(Exception):
    """The request ended before its announced length (a cut link)."""


@dataclass
class Part:
    name: str = ""
    filename: str | None = None
    path: Path | None = None
    size: int = 0
    too_large: bool = False
    text: bytearray = field(default_factory=bytearray)
    _file: IO[bytes] | None = None


@dataclass
class Received:
    files: list[Part]
    fields: dict[str, str]

    def discard(self) -> None:
        for p in self.files:
            if p.path is not None:
                p.path.unlink(missing_ok=True)


def read_form(rfile: Any, length: int, content_type: str, tmp_dir: Path) -> Received:
    """Read ``length`` bytes of multipart form from ``rfile`` into temporary files."""
    _ctype, opts = parse_options_header(content_type)
    boundary = opts.get(b"boundary")
    if not boundary:
        raise ValueError("not a multipart form")
    tmp_dir.mkdir(parents=True, exist_ok=True)
    parts: list[Part] = []
    cur: dict[str, Any] = {"field": b"", "value": b"", "headers": {}}

    def on_part_begin() -> None:
        cur["headers"] = {}
        parts.append(Part())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        cur["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        cur["value"] += data[start:end]

    def on_header_end() -> None:
        cur["headers"][cur["field"].lower()] = cur["value"]
        cur["field"], cur["value"] = b"", b""

    def on_headers_finished() -> None:
        p = parts[-1]
        _d, o = parse_options_header(cur["headers"].get(b"content-disposition", b""))
        p.name = o.get(b"name", b"").decode("utf-8", "replace")
        fn = o.get(b"filename")
        if fn is not None:
            if len([x for x in parts if x.filename is not None]) >= MAX_FILES:
                raise ValueError("too many files")
            p.filename = Path(fn.decode("utf-8", "replace").replace("\\", "/")).name or "photo.jpg"
            f = tempfile.NamedTemporaryFile(dir=tmp_dir, prefix=".crew-", delete=False)  # noqa: SIM115
            p._file, p.path = f, Path(f.name)

    def on_part_data(data: bytes, start: int, end: int) -> None:
        p = parts[-1]
        n = end - start
        p.size += n
        if p._file is None:
            if len(p.text) + n <= 4096:
                p.text += data[start:end]
        elif p.size > rules.MAX_BYTES:
            p.too_large = True  # kept counting, no longer written
        else:
            p._file.write(data[start:end])

    def on_part_end() -> None:
        p = parts[-1]
        if p._file is not None:
            p._file.close()
            p._file = None

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    got = Received([], {})
    try:
        left = length
        while left > 0:
            try:
                chunk = rfile.read(min(256 * 1024, left))
            except OSError:  # a timeout or a reset: the phone's link dropped
                chunk = b""
            if not chunk:
                raise UploadCut(f"{length - left} of {length} bytes")
            left -= len(chunk)
            parser.write(chunk)
        parser.finalize()
    except BaseException:
        for p in parts:
            if p._file is not None:
                p._file.close()
            if p.path is not None:
                p.path.unlink(missing_ok=True)
        raise
    got.files = [p for p in parts if p.filename is not None and (p.size > 0 or p.too_large)]
    for p in parts:
        if p.filename is not None and p not in got.files and p.path is not None:
            p.path.unlink(missing_ok=True)  # an empty file input
    got.fields = {p.name: p.text.decode("utf-8", "replace") for p in parts if p.filename is None}
    return got
