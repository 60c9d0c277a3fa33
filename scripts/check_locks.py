"""The lock files pin every dependency pyproject.toml names: requirements/dev.lock the runtime and
dev sets (dev.sh installs it), requirements/bundle.lock the runtime and bundle sets (the bundle).
A dependency added to pyproject.toml without recompiling its lock fails here, not on a laptop.
Recompile: see the commands in dev.sh (dev.lock) and scripts/build_bundle.sh (bundle.lock)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def pinned(lock: Path) -> dict[str, str]:
    out = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            req = Requirement(line)
            out[canonicalize_name(req.name)] = str(req.specifier)
    return out


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    wanted = {
        "requirements/dev.lock": project["dependencies"] + extras.get("dev", []),
        "requirements/bundle.lock": project["dependencies"] + extras.get("bundle", []),
    }
    bad = []
    for lock, reqs in wanted.items():
        pins = pinned(ROOT / lock)
        for text in reqs:
            req = Requirement(text)
            got = pins.get(canonicalize_name(req.name))
            if got is None:
                bad.append(f"{lock}: {req.name} is not pinned")
            elif not req.specifier.contains(got.removeprefix("=="), prereleases=True):
                bad.append(f"{lock}: {req.name}{got} does not satisfy {req.specifier}")
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
