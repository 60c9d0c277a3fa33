"""Both migration histories are one line: parallel work that forgot to re-chain its migration
leaves two heads, and then every start imports Alembic and fails (laptop) or the hub refuses to start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _graph(folder: Path) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for f in folder.glob("*.py"):
        text = f.read_text(encoding="utf-8")
        rev = re.search(r'^revision\s*=\s*"([^"]+)"', text, re.M)
        down = re.search(r'^down_revision\s*=\s*(None|"([^"]+)")', text, re.M)
        if rev and down:
            out[rev[1]] = down[2]
    return out


@pytest.mark.parametrize(
    "folder",
    [ROOT / "db" / "versions", ROOT / "caravan_app" / "server" / "migrations" / "versions"],
    ids=["laptop", "hub"],
)
def test_one_head_and_one_root(folder: Path) -> None:
    graph = _graph(folder)
    assert graph, folder
    pointed = {d for d in graph.values() if d}
    heads = sorted(set(graph) - pointed)
    roots = sorted(r for r, d in graph.items() if d is None)
    assert len(heads) == 1, f"{folder.name}: several heads {heads}: re-chain the newest migration"
    assert len(roots) == 1, roots
    downs = [d for d in graph.values() if d]
    assert len(downs) == len(set(downs)), "two migrations revise the same parent"
