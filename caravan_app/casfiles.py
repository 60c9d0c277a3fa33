"""Content-addressed files: a file is named by the SHA-256 of its bytes, written whole or not at
all (temporary file, fsync, rename, fsync of the folder), so a crash, a full disk or a cut link
never leaves half a file under a final name. Shared by the laptop's photo store
(``storage/photo_files.py``) and the hub's (``server/photos.py``); nothing of the project.

A file received in pieces (a chunked upload or download) grows in ``incoming/<sha>.part``; a
piece is appended only at the offset the part file has reached (a piece sent again is
accepted and changes nothing), and the whole is renamed into place only when its SHA-256 is the
one it was announced with.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

_SHA = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1024 * 1024


class HashMismatch(ValueError):
    """The bytes received are not the file they were announced as."""


def is_sha(value: str) -> bool:
    return bool(_SHA.match(value))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(CHUNK):
            h.update(block)
    return h.hexdigest()


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ContentStore:
    """Files under ``root`` named ``<sha[:2]>/<sha>``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha: str) -> Path:
        if not is_sha(sha):
            raise ValueError(f"not a SHA-256: {sha!r}")
        return self.root / sha[:2] / sha

    def has(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def size(self, sha: str) -> int:
        return self.path(sha).stat().st_size

    def put_bytes(self, data: bytes) -> str:
        return self.put_chunks([data])

    def put_chunks(self, chunks: Iterable[bytes], expect: str | None = None) -> str:
        """Write the bytes, return their SHA-256; an existing file of that content is kept."""
        self.root.mkdir(parents=True, exist_ok=True)
        h = hashlib.sha256()
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                for c in chunks:
                    h.update(c)
                    f.write(c)
                f.flush()
                os.fsync(f.fileno())
            sha = h.hexdigest()
            if expect is not None and sha != expect:
                raise HashMismatch(f"expected {expect}, got {sha}")
            self._place(Path(tmp), sha)
            return sha
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def put_file(self, source: Path) -> str:
        def read() -> Iterable[bytes]:
            with open(source, "rb") as f:
                while block := f.read(CHUNK):
                    yield block

        return self.put_chunks(read())

    def _place(self, tmp: Path, sha: str) -> None:
        final = self.path(sha)
        if final.is_file():
            return  # the same content is already there, whole
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        _fsync_dir(final.parent)

    def remove(self, sha: str) -> bool:
        try:
            self.path(sha).unlink()
            return True
        except FileNotFoundError:
            return False

    # --- receiving a file in pieces ---------------------------------------------------------

    def _part(self, sha: str) -> Path:
        if not is_sha(sha):
            raise ValueError(f"not a SHA-256: {sha!r}")
        return self.root / "incoming" / f"{sha}.part"

    def received(self, sha: str) -> int:
        """How many bytes of ``sha`` are here: its size when whole, else the part file's."""
        if self.has(sha):
            return self.size(sha)
        p = self._part(sha)
        return p.stat().st_size if p.is_file() else 0

    def receive(self, sha: str, offset: int, data: bytes, total: int) -> int:
        """Add one piece at ``offset``; return the bytes held now. A piece wholly before the end
        (a resend) changes nothing; one past the end is refused (ValueError: the sender resumes
        from the returned offset). When ``total`` bytes are held, the hash is checked: a
        mismatch drops the part file (HashMismatch) so the next try starts clean."""
        if self.has(sha):
            return self.size(sha)
        p = self._part(sha)
        p.parent.mkdir(parents=True, exist_ok=True)
        have = p.stat().st_size if p.is_file() else 0
        if offset > have:
            raise ValueError(f"offset {offset} is past the {have} bytes held")
        if offset + len(data) > total:
            raise ValueError("piece runs past the announced size")
        if offset + len(data) > have:
            with open(p, "ab") as f:
                f.write(data[have - offset :])
                f.flush()
                os.fsync(f.fileno())
            have = offset + len(data)
        if have == total:
            got = sha256_file(p)
            if got != sha:
                p.unlink()
                raise HashMismatch(f"expected {sha}, got {got}")
            self._place(p, sha)
            p.unlink(missing_ok=True)
        return have

    def drop_part(self, sha: str) -> None:
        self._part(sha).unlink(missing_ok=True)
