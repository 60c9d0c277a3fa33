"""The hash of everything the PyInstaller bundle is built from, kept in ``.ci/bundle.stamp``.

CI builds and tests the bundle only when this hash differs from the committed stamp
(scripts/bundle_stage.sh); a release always builds it (scripts/release_check.sh).

    python scripts/bundle_stamp.py            # print the current hash
    python scripts/bundle_stamp.py --check    # exit 1 when it differs from .ci/bundle.stamp
    python scripts/bundle_stamp.py --write    # after the bundle built and passed: record it
"""

from __future__ import annotations

import hashlib
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMP = ROOT / ".ci" / "bundle.stamp"
# What decides how the bundle is put together: the spec, the pinned set, the packaging, the
# entry points and the build/smoke scripts. The app's own code is covered by every commit's
# wheel gate and test run; a change here is what can break the bundle alone.
INPUTS = (
    "build_installer.spec",
    "requirements/bundle.lock",
    "setup.py",
    "caravan_app/launcher.py",
    "caravan_app/gui_launcher.py",
    "caravan_app/startup_probe.py",
    "caravan_app/paths.py",
    "scripts/build_bundle.sh",
    "scripts/build_translations.py",
    "tests/release/test_bundle.py",
)


def packaging_of_pyproject() -> str:
    """Only the parts of pyproject.toml the bundle depends on (its dependencies, entry points, build)."""
    doc = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = doc.get("project", {})
    wanted = {
        "dependencies": project.get("dependencies", []),
        "bundle": project.get("optional-dependencies", {}).get("bundle", []),
        "scripts": project.get("scripts", {}),
        "build-system": doc.get("build-system", {}),
    }
    return repr(sorted(wanted.items()))


def current() -> str:
    h = hashlib.sha256()
    for name in INPUTS:
        path = ROOT / name
        h.update(name.encode() + b"\0")
        h.update(path.read_bytes() if path.exists() else b"<missing>")
        h.update(b"\0")
    h.update(packaging_of_pyproject().encode())
    return h.hexdigest()


def main(argv: list[str]) -> int:
    now = current()
    if "--write" in argv:
        STAMP.write_text(now + "\n", encoding="utf-8")
        print(f"bundle stamp written: {now}")
        return 0
    if "--check" in argv:
        recorded = STAMP.read_text(encoding="utf-8").strip() if STAMP.exists() else ""
        if recorded == now:
            print("bundle inputs unchanged since the last verified build")
            return 0
        print("bundle inputs changed since the last verified build")
        return 1
    print(now)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
