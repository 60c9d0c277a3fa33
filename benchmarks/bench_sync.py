"""Sync: 10,000 mutations pushed and pulled over loopback through a real hub process; a
no-change sync (round trips); a field day's data over a slow link (~20 KB/s, 300 ms RTT)
against the link's own limit.

The hub runs on SQLite, or on PostgreSQL when ``CARAVAN_TEST_DB_URL`` names one:
``scripts/pg_suite.sh --exec .venv/bin/python -m benchmarks sync``. A province's evening (many
laptops at once, several hub processes behind nginx) is ``bench_drain``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, cpu_s, enrolled_laptop, hub_db_kind, raw_pull_floor, signin_data
from caravan_app.services.app import App
from caravan_app.storage.records import unit_of_work
from tests.sync.faultproxy import FaultProxy
from tests.sync.hubproc import HubProcess

RATE = 20_000  # bytes per second
RTT = 0.3  # seconds
PG_PUSH_TARGET = 15_000  # mutations per second, one laptop's push to a hub on PostgreSQL
START = "933a3df"  # the code before the sync speed work of issue 30: measured again in every run


def at_start(quick: bool) -> dict[str, float]:
    """This benchmark's figures for the code at ``START``, measured now (same machine, same
    load): its tree from git into a temporary folder, run there in a fresh interpreter.
    Empty when git or that commit is not at hand (a copy without history)."""
    import subprocess
    import sys

    from benchmarks.common import ROOT

    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-start-"))
    tree = subprocess.run(
        ["git", "archive", START, "caravan_app", "db", "resources", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if tree.returncode != 0:
        return {}
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=tree.stdout, check=True)
    code = (
        "import json\nfrom benchmarks.bench_sync import run\n"
        f"print('@@' + json.dumps({{f.name: f.value for f in run(quick={quick!r})}}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp)}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp, env=env, capture_output=True, text=True, check=False)
    if "@@" not in done.stdout:
        return {}
    figs = json.loads(done.stdout.rsplit("@@", 1)[1])
    out = {}
    for name, value in figs.items():
        for key in ("push", "pull"):
            if name.startswith(f"sync: {key} "):
                out[key] = value
    return out


def _bulk(app: App, n: int) -> None:
    """``n`` sign-ins written through the UnitOfWork (each with its outbox row)."""
    c = app.catalog.add_caravan("1号车")
    s = app.sites.add(name="任城区实验小学", county="任城区", kind="小学")
    v = app.visits.add(s, c, dt.date.today())
    done = 0
    while done < n:
        with unit_of_work(app.db) as u:
            for i in range(done, min(n, done + 1000)):
                u.insert("signin", signin_data(v, f"学生{i}", f"138{i:08d}", f"k{i}"))
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


def _raw_insert_baseline(hub: HubProcess, n: int) -> float:
    """The floor for the hub's part of a push: the same rows (records + mutation log) inserted
    with multi-row INSERTs in 500-row transactions, no HTTP, no validation, no merge."""
    from sqlalchemy import select, text

    from caravan_app.server import models as hm

    with hub.hdb.read() as s:
        recs = [
            {c.name: getattr(r, c.name) for c in hm.Record.__table__.columns}
            for r in s.scalars(select(hm.Record).order_by(hm.Record.seq))
        ]
        logs = [
            {c.name: getattr(r, c.name) for c in hm.MutationLog.__table__.columns}
            for r in s.scalars(select(hm.MutationLog))
        ]
    for r in recs:
        r["id"] = "raw-" + r["id"][4:]
    for lg in logs:
        lg["device_id"] = "raw-" + lg["device_id"][4:]
    t0 = time.perf_counter()
    for i in range(0, n, 500):
        with hub.hdb.engine.begin() as c:
            c.execute(hm.Record.__table__.insert(), recs[i : i + 500])
            c.execute(hm.MutationLog.__table__.insert(), logs[i : i + 500])
    took = time.perf_counter() - t0
    with hub.hdb.engine.begin() as c:
        c.execute(text("DELETE FROM records WHERE id LIKE 'raw-%'"))
        c.execute(text("DELETE FROM mutations WHERE device_id LIKE 'raw-%'"))
    return took


def run(quick: bool = False) -> list[Figure]:
    n = 2000 if quick else 10_000
    db_kind = hub_db_kind()
    old = at_start(quick) if "CARAVAN_BENCH_NO_START" not in os.environ else {}
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    hub = HubProcess(tmp)
    figs: list[Figure] = []
    try:
        a, b = enrolled_laptop(tmp, "a", hub), enrolled_laptop(tmp, "b", hub)
        _bulk(a, n)
        pending = a.sync.pending_count()
        hub_cpu0, lap_cpu0 = cpu_s(hub.proc.pid), time.process_time()
        t0 = time.perf_counter()
        res = a.sync.sync_now()
        push_s = time.perf_counter() - t0
        hub_cpu, lap_cpu = cpu_s(hub.proc.pid) - hub_cpu0, time.process_time() - lap_cpu0
        raw_s = _raw_insert_baseline(hub, pending)
        figs.append(
            Figure(
                f"sync: push {pending:,} mutations, hub on {db_kind} (s)",
                push_s,
                "s",
                baseline=raw_s,
                baseline_name=f"raw INSERT of the same rows into the hub's tables, {pending / raw_s:,.0f} rows/s",
                target="≤ 2x",
                target_ratio=2.0,
                note=f"{pending / push_s:,.0f} mut/s; the code at {START}, same run: "
                f"{old['push'] if old.get('push') else float('nan'):.2f} s; {res.requests} requests, "
                f"{res.bytes_sent / pending:.0f} B/mutation sent (gzip); CPU per mutation: hub "
                f"{hub_cpu / pending * 1e6:.0f} µs, laptop {lap_cpu / pending * 1e6:.0f} µs; "
                f"load average {os.getloadavg()[0]:.1f}",
            )
        )
        if db_kind == "PostgreSQL":
            figs.append(
                Figure(
                    f"sync: one laptop's push of {pending:,} mutations, hub on PostgreSQL (mutations/s)",
                    pending / push_s,
                    "mut/s",
                    baseline=pending / raw_s,
                    baseline_name="raw INSERT of the same rows into the hub's tables",
                    target=f"≥ {PG_PUSH_TARGET:,}/s",
                    meets=pending / push_s >= PG_PUSH_TARGET,
                    note=f"hub CPU {hub_cpu / pending * 1e6:.0f} µs/mutation, laptop {lap_cpu / pending * 1e6:.0f} µs",
                )
            )
        hub_cpu0, lap_cpu0 = cpu_s(hub.proc.pid), time.process_time()
        t0 = time.perf_counter()
        res = b.sync.sync_now()
        pull_s = time.perf_counter() - t0
        hub_cpu, lap_cpu = cpu_s(hub.proc.pid) - hub_cpu0, time.process_time() - lap_cpu0
        cpu = f"CPU per record: hub {hub_cpu / res.pulled * 1e6:.0f} µs, laptop {lap_cpu / res.pulled * 1e6:.0f} µs"
        rate = res.pulled / pull_s
        if old.get("pull"):
            figs.append(
                Figure(
                    f"sync: pull {res.pulled:,} records, hub on {db_kind}: rate vs the start code (records/s)",
                    rate,
                    "rec/s",
                    baseline=old["pull"],
                    baseline_name=f"the code at {START}, same run",
                    target="≥ 2x",
                    meets=rate >= 2 * old["pull"],
                    note=f"{res.requests} requests, {res.bytes_received / max(1, res.pulled):.0f} B/record received, "
                    f"{pull_s:.2f} s; {cpu}",
                )
            )
        if db_kind == "SQLite":
            App.open(tmp / "template").close()  # an empty laptop file of this schema
            floor, _n = raw_pull_floor(hub.db_url.removeprefix("sqlite:///"), tmp / "template" / "caravan.db")
            figs.append(
                Figure(
                    f"sync: pull {res.pulled:,} records, hub on SQLite (s)",
                    pull_s,
                    "s",
                    baseline=floor,
                    baseline_name="plain SELECT of the hub's rows + plain INSERT into the laptop's file",
                    target="≤ 2x",
                    target_ratio=2.0,
                    note=f"{rate:,.0f} records/s; {res.requests} requests; {cpu}; load average {os.getloadavg()[0]:.1f}",
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
        c = enrolled_laptop(tmp, "day", hub)
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
