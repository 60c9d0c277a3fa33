"""Data core: one sign-in (validate, dedupe, outbox, commit) against a raw sqlite3 INSERT+COMMIT
with the same pragmas; bulk import of 10,000 sites."""

from __future__ import annotations

import csv
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure
from caravan_app.domain.vocab import COUNTY_LEVEL_AREAS
from caravan_app.services.app import App


class _Raw:
    """The baseline: one INSERT and COMMIT on raw sqlite3, same pragmas (WAL, FULL, foreign keys)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute(
            "create table signins (id text primary key, visit_id text, name text, grp text, org text, key text, at text)"
        )
        self.conn.execute("create index ix on signins(visit_id, key)")
        self.i = 0

    def one(self) -> None:
        self.i += 1
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            "insert into signins values (?,?,?,?,?,?,?)",
            (f"id{self.i}", "v", f"学生{self.i}", "student", "一班", f"k{self.i}", "2026-11-29T10:00:00"),
        )
        self.conn.execute("COMMIT")


class _Ours:
    """The product: AttendanceService.signin (validate, dedupe, outbox row, commit)."""

    def __init__(self, data: Path, encrypted: bool = False) -> None:
        self.app = App.open(data)
        if encrypted:  # the database encrypted with SQLCipher (key in a file of this run)
            import os

            os.environ.setdefault("CARAVAN_DB_KEY_STORE", "file")
            os.environ.setdefault("CARAVAN_DB_KEY_FILE", str(data.parent / f"{data.name}-keys.json"))
            self.app.privacy.encrypt()
        c = self.app.catalog.add_caravan("1号车")
        s = self.app.sites.add(name="某小学", county="任城区")
        self.visit = self.app.visits.add(s, c, "2026-11-29")
        self.app.visits.arrive(self.visit)
        for i in range(200):  # a visit already in full swing
            self.app.attendance.signin(self.visit, f"预热{i}", "student", "二班")
        self.i = 0

    def one(self) -> None:
        self.i += 1
        self.app.attendance.signin(self.visit, f"学生{self.i}", "student", "一班")


def _interleaved(tmp: Path, rounds: int, batch: int) -> tuple[float, float, float | None]:
    """Median seconds per call of each, alternating small batches so that disk and CPU load
    from elsewhere on the machine hit both sides alike. The third: the same sign-in on an
    encrypted database (SQLCipher), None without sqlcipher3."""
    from caravan_app.storage import cipher

    raw, ours = _Raw(tmp / "raw.db"), _Ours(tmp / "app")
    enc = _Ours(tmp / "enc", encrypted=True) if cipher.available() else None
    r_times, o_times, e_times = [], [], []
    sides = [(raw, r_times), (ours, o_times)] + ([(enc, e_times)] if enc else [])
    for _ in range(rounds):
        for side, out in sides:
            t0 = time.perf_counter()
            for _ in range(batch):
                side.one()
            out.append((time.perf_counter() - t0) / batch)
    ours.app.close()
    if enc:
        enc.app.close()
    raw.conn.close()
    return statistics.median(r_times), statistics.median(o_times), statistics.median(e_times) if enc else None


def _import_seconds(tmp: Path, n: int) -> float:
    f = tmp / "sites.csv"
    counties = COUNTY_LEVEL_AREAS
    with open(f, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["学校/站点名称", "类型", "所属县市区", "乡镇(街道)", "详细地址", "联系人", "联系电话", "在校学生数"]
        )
        for i in range(n):
            w.writerow(
                [
                    f"第{i}小学",
                    "小学",
                    counties[i % 11],
                    "某镇",
                    f"某路{i}号",
                    "张老师",
                    "0537-1234567",
                    str(300 + i % 900),
                ]
            )
    app = App.open(tmp / "imp")
    t0 = time.perf_counter()
    rep = app.importer.import_file(f)
    dt = time.perf_counter() - t0
    assert rep.imported == n, rep.rejected
    app.close()
    return dt


def run(quick: bool = False) -> list[Figure]:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        raw, ours, enc = _interleaved(tmp, rounds=10 if quick else 30, batch=20)
        imp = _import_seconds(tmp, 2000 if quick else 10_000)
    return [
        Figure(
            "one sign-in recorded (validate, dedupe, outbox, commit)",
            ours * 1000,
            "ms",
            raw * 1000,
            "raw sqlite3 INSERT+COMMIT, same pragmas",
            "≤ 3x",
            3.0,
        ),
        *(
            [
                Figure(
                    "one sign-in recorded, database encrypted (SQLCipher)",
                    enc * 1000,
                    "ms",
                    raw * 1000,
                    "raw sqlite3 INSERT+COMMIT, same pragmas (not encrypted)",
                    "≤ 3x",
                    3.0,
                )
            ]
            if enc is not None
            else []
        ),
        Figure(
            f"import {2000 if quick else 10_000:,} sites (GBK CSV)",
            imp,
            "s",
            note=f"{(2000 if quick else 10_000) / imp:,.0f} rows/s",
        ),
    ]


if __name__ == "__main__":
    from benchmarks.common import table

    print(table(run()))
