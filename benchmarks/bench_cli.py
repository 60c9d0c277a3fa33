"""CLI start-up per command group, against a bare ``python -c "import sqlalchemy.orm"``.

Every sample is a fresh interpreter, run the way the installed ``caravan`` script runs
(``from caravan_app.cli.main import main``), on a demo-data folder. The baseline and the
commands are run alternately, round after round, so load from elsewhere on the machine hits
them alike; medians are compared. Target: ≤ 1.3x for the read commands.

    .venv/bin/python -m benchmarks cli [--quick]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, as_installed

ROOT = Path(__file__).resolve().parent.parent
BASELINE = [sys.executable, "-c", "import sqlalchemy.orm"]
CARAVAN = [sys.executable, "-c", "import sys; from caravan_app.cli.main import main; sys.exit(main())"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    took = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[3:]} failed: {done.stderr.decode(errors='replace')[-400:]}")
    return took


def commands(data: Path, env: dict[str, str]) -> list[tuple[str, list[str]]]:
    listed = subprocess.run(
        [*CARAVAN, "--data-dir", str(data), "--json", "visit", "list"], env=env, capture_output=True, check=True
    )
    visit = json.loads(listed.stdout)[0]["id"]
    d = ["--data-dir", str(data)]
    return [
        ("`caravan --json visit list`", [*d, "--json", "visit", "list"]),
        ("`caravan check`", [*d, "check"]),
        ("`caravan stock`", [*d, "stock"]),
        ("`caravan signin list ID`", [*d, "signin", "list", visit]),
        ("`caravan --help`", ["--help"]),
    ]


def _big_database(data: Path, total: int, rounds: int, env: dict[str, str]) -> tuple[float, float, float, int]:
    """A database of ``total`` sign-ins (a decade of visits): its first start runs SQLite's full
    integrity check (reading every page), later starts probe it. Seconds: first, median later,
    median baseline, and the size."""
    from benchmarks.bench_gui import build_signins

    build_signins(data, total, 1_000)
    argv = [*CARAVAN, "--data-dir", str(data), "stock"]
    first = _wall(argv, env)
    base: list[float] = []
    later: list[float] = []
    for _ in range(rounds):
        base.append(_wall(BASELINE, env))
        later.append(_wall(argv, env))
    return first, statistics.median(later), statistics.median(base), total


def run(quick: bool = False) -> list[Figure]:
    rounds = 3 if quick else 7
    as_installed()
    env = _env()
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        data = Path(tmp) / "data"
        subprocess.run([*CARAVAN, "--data-dir", str(data), "demo"], env=env, capture_output=True, check=True)
        cmds = commands(data, env)
        for _, argv in cmds:  # warm the file cache and .pyc files
            _wall([*CARAVAN, *argv], env)
        base: list[float] = []
        ours: dict[str, list[float]] = {name: [] for name, _ in cmds}
        bare: list[float] = []
        for _ in range(rounds):
            bare.append(_wall([sys.executable, "-c", "pass"], env))
            for name, argv in cmds:
                base.append(_wall(BASELINE, env))
                ours[name].append(_wall([*CARAVAN, *argv], env))
        big = _big_database(Path(tmp) / "big", 100_000 if quick else 1_000_000, rounds, env)
    b = statistics.median(base)
    figures = [
        Figure(
            f"CLI start to exit, {name} (demo data)",
            statistics.median(ours[name]) * 1000,
            "ms",
            b * 1000,
            'bare `python -c "import sqlalchemy.orm"`',
            "≤ 1.3x" if "help" not in name else "",
            1.3 if "help" not in name else None,
        )
        for name, _ in cmds
    ]
    first, later, base_big, n = big
    figures += [
        Figure(
            f"CLI start to exit, `caravan stock` on {n:,} sign-ins, first start (full integrity check)",
            first * 1000,
            "ms",
            base_big * 1000,
            'bare `python -c "import sqlalchemy.orm"`',
            note="once a week, after an unclean end, or when small (storage/integrity.py)",
        ),
        Figure(
            f"CLI start to exit, `caravan stock` on {n:,} sign-ins, later starts",
            later * 1000,
            "ms",
            base_big * 1000,
            'bare `python -c "import sqlalchemy.orm"`',
            "≤ 1.3x",
            1.3,
        ),
    ]
    figures.append(
        Figure("bare interpreter (`python -c pass`)", statistics.median(bare) * 1000, "ms", b * 1000, "same baseline")
    )
    return figures


if __name__ == "__main__":
    from benchmarks.common import table

    print(table(run(quick="--quick" in sys.argv)))
