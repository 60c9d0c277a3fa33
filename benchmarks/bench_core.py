"""Data core: one sign-in (validate, dedupe, outbox, commit) against a raw sqlite3 INSERT+COMMIT
with the same pragmas; bulk import of 10,000 sites."""

from __future__ import annotations

import csv
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure
from caravan_app.services.app import App


def _raw_insert_seconds(path: Path, n: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(
        "create table signins (id text primary key, visit_id text, name text, grp text, org text, key text, at text)"
    )
    conn.execute("create index ix on signins(visit_id, key)")
    t0 = time.perf_counter()
    for i in range(n):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "insert into signins values (?,?,?,?,?,?,?)",
            (f"id{i}", "v", f"学生{i}", "student", "一班", f"k{i}", "2026-11-29T10:00:00"),
        )
        conn.execute("COMMIT")
    dt = (time.perf_counter() - t0) / n
    conn.close()
    return dt


def _signin_seconds(data: Path, n: int) -> float:
    app = App.open(data)
    c = app.catalog.add_caravan("1号车")
    s = app.sites.add(name="某小学", county="任城区")
    v = app.visits.add(s, c, "2026-11-29")
    app.visits.arrive(v)
    for i in range(200):  # a visit already in full swing
        app.attendance.signin(v, f"预热{i}", "student", "二班")
    t0 = time.perf_counter()
    for i in range(n):
        app.attendance.signin(v, f"学生{i}", "student", "一班")
    dt = (time.perf_counter() - t0) / n
    app.close()
    return dt


def _import_seconds(tmp: Path, n: int) -> float:
    f = tmp / "sites.csv"
    counties = [
        "任城区",
        "兖州区",
        "曲阜市",
        "邹城市",
        "微山县",
        "鱼台县",
        "金乡县",
        "嘉祥县",
        "汶上县",
        "泗水县",
        "梁山县",
    ]
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
    n = 100 if quick else 400
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        raw = min(_raw_insert_seconds(tmp / f"raw{i}.db", n) for i in range(2))
        ours = min(_signin_seconds(tmp / f"app{i}", n) for i in range(2))
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
