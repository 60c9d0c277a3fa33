"""Run every benchmark of the project and print one table.

    python -m benchmarks            # all of them
    python -m benchmarks --quick    # smaller sizes, for a quick look
    python -m benchmarks core gui   # only bench_core and bench_gui
    python -m benchmarks --write    # also replace the table in docs/benchmarks.md

Each ``benchmarks/bench_*.py`` module exposes ``run(quick=False) -> list[Figure]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pkgutil
import subprocess
import sys
import traceback
from pathlib import Path

from benchmarks.common import Figure, machine, table

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "benchmarks.md"
BEGIN = "<!-- benchmark-table:begin -->"
END = "<!-- benchmark-table:end -->"


def modules(only: list[str]) -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if only:
        names = [n for n in names if n.removeprefix("bench_") in only or n in only]
    return names


def _isolated(name: str, quick: bool) -> list[Figure]:
    """One benchmark module in a fresh interpreter: what an earlier one left in the process
    (a million-row heap, a Qt application, server threads) must not slow the next (the
    phone burst measured 251/s alone and 135/s after the others in one process)."""
    code = (
        "import dataclasses, json, sys\n"
        f"from benchmarks.{name} import run\n"
        f"figs = run(quick={quick!r})\n"
        "print('\\n@@figures@@' + json.dumps([dataclasses.asdict(f) for f in figs]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, check=False, cwd=HERE.parent)
    if done.returncode != 0 or "@@figures@@" not in done.stdout:
        raise RuntimeError(f"{name} exited with {done.returncode}")
    print(done.stdout.split("@@figures@@")[0].rstrip(), file=sys.stderr)
    return [Figure(**f) for f in json.loads(done.stdout.split("@@figures@@")[-1])]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks")
    ap.add_argument("only", nargs="*")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--write", action="store_true", help="update the table in docs/benchmarks.md")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    figures: list[Figure] = []
    failed = []
    for name in modules(args.only):
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            figures.extend(_isolated(name, args.quick))
        except Exception:  # one broken benchmark must not hide the others
            traceback.print_exc()
            failed.append(name)
    out = f"Machine: {machine()}\nRun: {dt.datetime.now():%Y-%m-%d %H:%M}{' (quick)' if args.quick else ''}\n\n{table(figures)}\n"
    if failed:
        out += f"\nFailed: {', '.join(failed)}\n"
    print(out)
    if args.write:
        text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
        block = f"{BEGIN}\n{out}{END}"
        if BEGIN in text and END in text:
            text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
        else:
            text = text.rstrip() + "\n\n## Latest full run (`python -m benchmarks`)\n\n" + block + "\n"
        DOC.write_text(text, encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
