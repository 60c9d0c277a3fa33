"""Real filesystems for the disk tests: a small tmpfs that can be filled to the last byte and a
read-only bind mount (root ignores chmod, not a read-only mount). Skips with the reason when this
machine cannot mount (not root, no CAP_SYS_ADMIN in a container, not Linux)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("mounting a test filesystem needs Linux")
    if os.geteuid() != 0:
        pytest.skip("mounting a test filesystem needs root")
    proc = subprocess.run(["mount", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(
            f"cannot mount here ({proc.stderr.strip() or proc.returncode}): run as root outside a locked container"
        )


def _umount(point: Path) -> None:
    subprocess.run(["umount", "-l", str(point)], capture_output=True)


@contextlib.contextmanager
def small_disk(point: Path, size: str = "8m") -> Iterator[Path]:
    """A tmpfs of ``size`` at ``point``."""
    point.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point))
    try:
        yield point
    finally:
        _umount(point)


def fill(point: Path, leave: int = 0) -> Path:
    """Fill the filesystem at ``point`` to the last byte (but ``leave`` bytes); remove the returned
    file to free it."""
    filler = point / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for size in (1 << 20, 65536, 4096, 512, 1):  # unbuffered: what fits is written, to the byte
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * size):
                    pass
        if leave:
            os.ftruncate(fd, max(os.fstat(fd).st_size - leave, 0))
    finally:
        os.close(fd)
    return filler


@contextlib.contextmanager
def read_only_view(source: Path, point: Path) -> Iterator[Path]:
    """``source`` seen read-only at ``point`` (a bind mount remounted ``ro``: root cannot write either;
    ``point`` may be ``source`` itself, made read-only in place)."""
    point.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(source), str(point))
    try:
        proc = subprocess.run(["mount", "-o", "remount,bind,ro", str(point)], capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {proc.stderr.strip()}")
        yield point
    finally:
        _umount(point)
