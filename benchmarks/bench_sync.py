"""Sync: 10,000 mutations pushed and pulled over loopback through a real hub process; a
no-change sync (round trips); a field day's data over a slow link (~20 KB/s, 300 ms RTT)
against the link's own limit.

The hub runs on SQLite, or on PostgreSQL when ``CARAVAN_TEST_DB_URL`` names one:
``scripts/pg_suite.sh --exec .venv/bin/python -m benchmarks sync``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure
from caravan_app.services.app import App
from caravan_app.storage.records import unit_of_work
from tests.sync.faultproxy import FaultProxy
from tests.sync.hubproc import HubProcess

RATE = 20_000  # bytes per second
RTT = 0.3  # seconds


def _laptop(tmp: Path, name: str, hub: HubProcess) -> App:
    a = App.open(tmp / name)
    a.sync.enroll(hub.url, hub.code())
    return a


def _bulk(app: App, n: int) -> None:
    """``n`` sign-ins written through the UnitOfWork (each with its outbox row)."""
    c = app.catalog.add_caravan("1号车")
    s = app.sites.add(name="任城区实验小学", county="任城区", kind="小学")
    v = app.visits.add(s, c, dt.date.today())
    done = 0
    while done < n:
        with unit_of_work(app.db) as u:
            for i in range(done, min(n, done + 1000)):
                u.insert(
                    "signin",
                    {
                        "visit_id": v,
                        "name": f"学生{i}",
                        "group": "student",
                        "organisation": "任城区实验小学",
                        "phone": f"138{i:08d}",
                        "method": "phone",
                        "person_id": None,
                        "dedupe_key": f"k{i}",
                        "at": "2026-05-12T09:30:00",
                    },
                )
        done = min(n, done + 1000)


def _day(app: App) -> list[dict]:
    """A busy field day: 300 sign-ins, 60 tallies, 30 hand-outs, a few edits."""
    c = app.catalog.add_caravan("3号车", "鲁H33333", "嘉祥县")
    app.catalog.set_this_device("嘉祥笔记本", c)
    s = app.sites.add(name="嘉祥县第一中学", county="嘉祥县", kind="高中", students=3100)
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 400)
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园", activities="科普展示、讲座")
    app.visits.arrive(v)
    for i in range(300):
        app.attendance.signin(v, f"学生{i}", "student", "嘉祥一中", f"139{i:08d}", method="phone")
    for i in range(60):
        app.attendance.tally(v, ["primary", "junior", "senior", "teacher", "parent", "other"][i % 6], 5 + i % 7)
    for i in range(30):
        app.stock.distribute(c, t, 10, v, f"高一{i}班")
    app.sites.update(s, contact="王校长", phone="0537-6851234")
    app.visits.complete(v)
    from caravan_app.storage.sync_store import next_batch

    batch, _more = next_batch(app.db, 10_000, 10**9)
    return [mu.wire() for mu in batch]


def run(quick: bool = False) -> list[Figure]:
    n = 2000 if quick else 10_000
    db_kind = "PostgreSQL" if os.environ.get("CARAVAN_TEST_DB_URL", "").startswith("postgres") else "SQLite"
    os.environ["CARAVAN_TOKEN_STORE"] = "file"
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    hub = HubProcess(tmp)
    figs: list[Figure] = []
    try:
        a, b = _laptop(tmp, "a", hub), _laptop(tmp, "b", hub)
        _bulk(a, n)
        pending = a.sync.pending_count()
        t0 = time.perf_counter()
        res = a.sync.sync_now()
        push_s = time.perf_counter() - t0
        figs.append(
            Figure(
                f"sync: push {pending:,} mutations, hub on {db_kind} (mutations/s)",
                pending / push_s,
                "mut/s",
                note=f"{res.requests} requests, {res.bytes_sent / pending:.0f} B/mutation sent (gzip), {push_s:.1f} s",
            )
        )
        t0 = time.perf_counter()
        res = b.sync.sync_now()
        pull_s = time.perf_counter() - t0
        figs.append(
            Figure(
                f"sync: pull {res.pulled:,} records, hub on {db_kind} (records/s)",
                res.pulled / pull_s,
                "rec/s",
                note=f"{res.requests} requests, {res.bytes_received / max(1, res.pulled):.0f} B/record received, {pull_s:.1f} s",
            )
        )
        t0 = time.perf_counter()
        res = b.sync.sync_now()
        figs.append(
            Figure(
                f"sync: no-change sync, hub on {db_kind} (round trips)",
                res.requests,
                "requests",
                baseline=1,
                baseline_name="one round trip",
                target="≤ 1x",
                target_ratio=1.0,
                note=f"{(time.perf_counter() - t0) * 1000:.0f} ms on loopback",
            )
        )
        # A field day over a slow link.
        hub.reset()
        c = _laptop(tmp, "day", hub)
        muts = _day(c)
        floor_bytes = len(gzip.compress(json.dumps(muts, ensure_ascii=False, separators=(",", ":")).encode(), 6))
        limit_s = floor_bytes / RATE + RTT
        link = FaultProxy(hub.port, rate_bps=RATE, rtt=RTT)
        try:
            t0 = time.perf_counter()
            res = c.sync.sync_now(server=link.url)
            day_s = time.perf_counter() - t0
        finally:
            link.close()
        figs.append(
            Figure(
                f"sync: a field day ({len(muts)} changes) over 20 KB/s, 300 ms RTT, hub on {db_kind} (s)",
                day_s,
                "s",
                baseline=limit_s,
                baseline_name=f"link limit: {floor_bytes:,} B gzip data / 20 KB/s + 1 RTT",
                target="≤ 1.5x",
                target_ratio=1.5,
                note=f"{res.requests} requests, {link.bytes_up + link.bytes_down:,} B on the wire",
            )
        )
        for app in (a, b, c):
            app.close()
    finally:
        hub.stop()
    return figs


if __name__ == "__main__":
    from benchmarks.common import table

    figs = run()
    print(table(figs))
    for f in figs:
        print(f"- {f.name}: {f.note}")
