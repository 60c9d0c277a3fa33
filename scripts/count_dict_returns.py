"""Count the public methods of the ``*Service`` classes whose return type mentions
``dict[str, Any]`` (services return typed records: docs/ARCHITECTURE.md; a record's own
``to_dict`` for JSON output is not counted). ``--list`` prints them; ``--max N`` fails above N."""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "caravan_app" / "services"


def dict_returns() -> tuple[list[str], int]:
    """(methods returning dict[str, Any] somewhere in their type, all public methods)."""
    found: list[str] = []
    total = 0
    for path in sorted(ROOT.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for cls in (n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("Service")):
            for fn in cls.body:
                if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) or fn.name.startswith("_"):
                    continue
                total += 1
                if fn.returns is not None and "dict[str, Any]" in ast.unparse(fn.returns).replace("Dict", "dict"):
                    found.append(f"{path.name}:{fn.lineno} {cls.name}.{fn.name} -> {ast.unparse(fn.returns)}")
    return found, total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--max", type=int, default=None)
    args = ap.parse_args()
    found, total = dict_returns()
    if args.list:
        print("\n".join(found))
    print(f"{len(found)} of {total} public service methods return dict[str, Any]")
    return 1 if args.max is not None and len(found) > args.max else 0


if __name__ == "__main__":
    sys.exit(main())
