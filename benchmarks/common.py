"""Shared pieces of the benchmarks: the result row, timing helpers and the table format.

Every benchmark module ``bench_*.py`` exposes ``run(quick: bool = False) -> list[Figure]``.
A figure compares the product against a baseline measured in the same run (raw sqlite3, a
bare PySide6 window, a bare reportlab document…), so results hold across machines as ratios.
"""

from __future__ import annotations

import compileall
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""  # e.g. "≤ 3x"
    target_ratio: float | None = None  # ratio must be at most this to meet the target
    note: str = ""
    meets: bool | None = None  # for an absolute target (e.g. "≥ 150/s"): decided by the benchmark

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline  # type: ignore[operator]

    @property
    def met(self) -> str:
        if self.meets is not None:
            return "yes" if self.meets else "NO"
        if self.target_ratio is None or self.ratio is None:
            return ""
        return "yes" if self.ratio <= self.target_ratio else "NO"


def as_installed() -> None:
    """Let the fresh interpreters a benchmark starts read byte-code, as an installed copy does.

    pip and PyInstaller ship compiled ``.pyc`` files (SQLAlchemy's, in site-packages, are),
    but a shell with ``PYTHONDONTWRITEBYTECODE=1`` (this build machine has it) makes every
    start compile the app's own ~150 modules from source: ~0.1-0.3 s that no user pays and
    the baseline does not pay either. Compile them once and let the children use the cache."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(ROOT / "caravan_app", quiet=1, workers=1)


def best_of(fn: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Best wall time of ``number`` calls, over ``repeat`` tries, in seconds per call."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )


def fmt(v: float | None) -> str:
    if v is None:
        return "—"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.4f}"


def table(figures: list[Figure]) -> str:
    head = "| figure | value | baseline | ratio | target | met |\n| --- | ---: | ---: | ---: | --- | --- |"
    rows = []
    for f in figures:
        base = f"{fmt(f.baseline)} {f.unit} ({f.baseline_name})" if f.baseline is not None else "—"
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "—"
        rows.append(f"| {f.name} | {fmt(f.value)} {f.unit} | {base} | {ratio} | {f.target} | {f.met} |")
    return "\n".join([head, *rows])
