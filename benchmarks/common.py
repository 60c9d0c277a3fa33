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
from typing import Any

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
    if v == 0:
        return "0"
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


# --- the sync benchmarks' shared setup (bench_sync, bench_drain, bench_bootstrap) ---------------


def on_postgres() -> bool:
    """The hub benchmarks run on the PostgreSQL of ``CARAVAN_TEST_DB_URL`` when it names one
    (``scripts/pg_suite.sh --exec``), on SQLite otherwise."""
    return os.environ.get("CARAVAN_TEST_DB_URL", "").startswith("postgres")


def hub_db_kind() -> str:
    return "PostgreSQL" if on_postgres() else "SQLite"


def cpu_s(*pids: int) -> float:
    """User + system CPU seconds of processes and their children (uvicorn workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, list(pids)
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for t in Path(f"/proc/{p}/task").iterdir():
                todo += [int(x) for x in (t / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def enrolled_laptop(tmp: Path, name: str, hub: Any, caravan: str = "1号车", role: str = "office") -> Any:
    """A laptop (``App``) in ``tmp / name``, enrolled with the hub process ``hub``; tokens in a
    file (no system keyring on a build machine)."""
    from caravan_app.services.app import App

    os.environ["CARAVAN_TOKEN_STORE"] = "file"
    app = App.open(tmp / name)
    app.sync.enroll(hub.url, hub.code(caravan, role=role))
    return app


def signin_data(visit_id: str, name: str, phone: str, key: str, organisation: str = "任城区实验小学") -> dict[str, Any]:
    """One phone sign-in's fields, as the app writes them."""
    return {
        "visit_id": visit_id,
        "name": name,
        "group": "student",
        "organisation": organisation,
        "phone": phone,
        "method": "phone",
        "person_id": None,
        "dedupe_key": key,
        "at": "2026-05-12T09:30:00",
    }


def raw_pull_floor(hub_db_path: str, template: Path, chunk: int = 10_000) -> tuple[float, int]:
    """The floor of a pull from a hub on SQLite: every record read with one plain SELECT and the
    append-only facts inserted into a copy of ``template`` (an empty laptop file) with one plain
    executemany per table, ``chunk`` rows a transaction, WAL and ``synchronous=FULL`` as the
    laptop has them; no HTTP, no JSON checks, no merge. (seconds, records read)."""
    import json
    import sqlite3

    from caravan_app.domain.schema import ENTITIES

    target = template.parent / "raw-pull-floor.db"
    target.write_bytes(template.read_bytes())
    t0 = time.perf_counter()
    src = sqlite3.connect(hub_db_path)
    rows = src.execute("SELECT entity, id, device_id, hlc, data FROM records ORDER BY seq").fetchall()
    src.close()
    dst = sqlite3.connect(target, isolation_level=None)
    dst.execute("PRAGMA journal_mode=WAL")
    dst.execute("PRAGMA synchronous=FULL")
    by: dict[str, list[tuple[object, ...]]] = {}
    for entity, rid, dev, hlc, data in rows:
        spec = ENTITIES.get(entity)
        if spec is not None and spec.kind == "append":
            d = json.loads(data)
            by.setdefault(entity, []).append((rid, dev, hlc, 0, *[d.get(f) for f in spec.fields]))
    for i in range(0, max((len(v) for v in by.values()), default=0), chunk):
        dst.execute("BEGIN")
        for entity, vals in by.items():
            spec = ENTITIES[entity]
            cols = ("id", "device_id", "hlc", "deleted", *spec.fields)
            names = ", ".join(f'"{c}"' for c in cols)
            dst.executemany(
                f"INSERT INTO {spec.table} ({names}) VALUES ({', '.join('?' * len(cols))})", vals[i : i + chunk]
            )
        dst.execute("COMMIT")
    dst.close()
    return time.perf_counter() - t0, len(rows)
