"""docs/ARCHITECTURE.md's layer table must match the code: every import between top-level modules
of caravan_app is allowed by the table's "may import" column, and every module is in the table."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ARCHITECTURE.md"


def documented() -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`caravan_app/"):
            continue
        names = re.findall(r"`([^`]+)`", cells[0])
        mods = [n.removeprefix("caravan_app/").strip("/").removesuffix(".py") for n in names]
        may = set() if "nothing" in cells[2] else {m.strip() for m in cells[2].split(",") if m.strip()}
        for mod in mods:
            allowed[mod] = may
    return allowed


def actual() -> dict[str, set[str]]:
    graph = grimp.build_graph("caravan_app")
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2:
            continue
        src = parts[1]
        edges.setdefault(src, set())
        for imported in graph.find_modules_directly_imported_by(module):
            ip = imported.split(".")
            if ip[0] == "caravan_app" and len(ip) > 1 and ip[1] != src:
                edges[src].add(ip[1])
    return edges


def main() -> int:
    doc, real = documented(), actual()
    problems = []
    for src, targets in sorted(real.items()):
        if src not in doc:
            problems.append(f"caravan_app/{src} is not in the table")
            continue
        for t in sorted(targets - doc[src]):
            problems.append(f"caravan_app/{src} imports {t}, which the table does not allow")
    for src in sorted(set(doc) - set(real)):
        problems.append(f"the table lists caravan_app/{src}, which does not exist")
    for p in problems:
        print("ARCHITECTURE.md:", p)
    if not problems:
        print(f"ARCHITECTURE.md layer table matches the imports of {len(real)} modules")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
