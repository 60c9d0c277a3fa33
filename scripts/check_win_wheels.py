"""Every package of the bundle's pinned set installs on the crews' laptops (Windows 10/11, 64-bit,
CPython 3.11) from a wheel: for each line of requirements/bundle.lock that applies on Windows, PyPI
must hold a wheel of that exact version for win_amd64 (or a pure-Python one). A package that only
ships a source archive for Windows would need a compiler there; the Linux CI would never notice.

    .venv/bin/python scripts/check_win_wheels.py [LOCK]     (asks PyPI's JSON API, one request per package)
"""

from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import InvalidWheelFilename, parse_wheel_filename

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = {
    "sys_platform": "win32",
    "platform_system": "Windows",
    "os_name": "nt",
    "platform_machine": "AMD64",
    "python_version": "3.11",
    "python_full_version": "3.11.9",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
}
TAGS: set[Tag] = set(cpython_tags((3, 11), platforms=["win_amd64"])) | set(
    compatible_tags((3, 11), "cp311", platforms=["win_amd64"])
)


def pins(lock: Path) -> list[Requirement]:
    out = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            out.append(Requirement(line))
    return out


def windows_wheel(files: list[str]) -> str | None:
    """The first wheel among ``files`` that installs on CPython 3.11 / win_amd64."""
    for name in files:
        if not name.endswith(".whl"):
            continue
        try:
            _n, _v, _b, tags = parse_wheel_filename(name)
        except InvalidWheelFilename:
            continue
        if tags & TAGS:
            return name
    return None


def release_files(name: str, version: str) -> list[str]:
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=60) as r:
        doc = json.load(r)
    return [f["filename"] for f in doc.get("releases", {}).get(version, [])]


def main(argv: list[str]) -> int:
    lock = Path(argv[0]) if argv else ROOT / "requirements" / "bundle.lock"
    missing, checked = [], 0
    for req in pins(lock):
        if req.marker is not None and not Marker(str(req.marker)).evaluate(WINDOWS):
            continue  # not installed on Windows (jeepney, macholib …)
        version = next(iter(req.specifier)).version
        try:
            files = release_files(req.name, version)
        except OSError as exc:
            print(f"check_win_wheels: PyPI did not answer for {req.name}: {exc}", file=sys.stderr)
            return 2
        checked += 1
        if windows_wheel(files) is None:
            missing.append(
                f"{req.name}=={version}: no win_amd64 / pure-Python wheel (files: {', '.join(files) or 'none'})"
            )
    for m in missing:
        print("missing:", m)
    print(f"{checked} packages checked for Windows (cp311, win_amd64): {len(missing)} without a wheel")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
