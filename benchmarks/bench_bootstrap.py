"""Bootstrap: a new (or wiped) laptop pulling a van's year from cursor 0, through a real hub
process, on loopback and over a 1 Mbit/s, 300 ms RTT link; and a no-change sync against a hub
holding 1,000 facts and 1,000,000 facts.

Baselines measured in the same run:
- loopback: the floor of a pull — the same rows read from the hub's ``records`` table with
  one plain SELECT and inserted into an empty laptop database of the same schema with one
  plain ``executemany`` per table (no HTTP, no JSON, no checks, no merge);
- slow link: the link's own limit — the pulled records as compact JSON, gzip level 6, at
  1 Mbit/s, plus one round trip;
- no-change sync: the same sync when the hub holds 1,000 facts.

``python -m benchmarks bootstrap [--quick]`` (quick: 10,000 facts and 100,000 on the hub).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.common import Figure, enrolled_laptop, raw_pull_floor, signin_data
from caravan_app.services.app import App
from caravan_app.storage.records import unit_of_work
from tests.sync.faultproxy import FaultProxy
from tests.sync.hubproc import HubProcess

RATE = 125_000  # 1 Mbit/s in bytes per second
RTT = 0.3


def _year(app: App, n: int, visits: int = 100) -> None:
    """``n`` facts of a van's year: ``visits`` visits, each with sign-ins (9 in 10) and tallies."""
    c = app.catalog.add_caravan("1号车", "鲁H11111", "任城区")
    app.catalog.set_this_device("1号车笔记本", c)
    s = app.sites.add(name="任城区实验小学", county="任城区", kind="小学")
    groups = ["primary", "junior", "senior", "teacher", "parent", "other"]
    vids = [app.visits.add(s, c, dt.date(2026, 3, 1) + dt.timedelta(days=i * 3)) for i in range(visits)]
    per = max(1, (n - visits) // visits)
    done = 0
    for k, v in enumerate(vids):
        with unit_of_work(app.db) as u:
            for i in range(per if k < visits - 1 else n - visits - done):
                if i % 10 == 9:
                    u.insert(
                        "tally",
                        {"visit_id": v, "group": groups[i % 6], "delta": 1 + i % 7, "at": "2026-05-12T10:00:00"},
                    )
                else:
                    u.insert("signin", signin_data(v, f"学生{k}-{i}", f"138{k:03d}{i:05d}", f"k{k}-{i}"))
                done += 1


def _facts(app: App) -> int:
    """The year's facts on a laptop: its visits, sign-ins and tallies (what ``_year`` made)."""
    with app.db.read() as s:
        c = s.connection()
        return sum(
            int(c.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() or 0) for t in ("signins", "tallies", "visits")
        )


def _page_bytes(hub: HubProcess) -> int:
    """The pulled records as compact JSON, gzip level 6 (what the link must carry at least)."""
    db_path = hub.db_url.removeprefix("sqlite:///")
    src = sqlite3.connect(db_path)
    parts = [
        f'{{"entity":{json.dumps(e)},"id":{json.dumps(i)},"device_id":{json.dumps(d)},"hlc":{json.dumps(h)},"data":{data}}}'
        for e, i, d, h, data in src.execute("SELECT entity, id, device_id, hlc, data FROM records ORDER BY seq")
    ]
    src.close()
    return len(gzip.compress(("[" + ",".join(parts) + "]").encode(), 6))


def _bulk_facts(hub: HubProcess, writer: str, n: int) -> None:
    """``n`` more sign-ins on the hub, written as if ``writer`` had pushed them (its own pulls
    skip them, so it stays up to date), straight into the hub's table in 50,000-row steps."""
    db_path = hub.db_url.removeprefix("sqlite:///")
    c = sqlite3.connect(db_path, isolation_level=None)
    (top,) = c.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()
    visit = str(uuid.uuid4())
    for start in range(0, n, 50_000):
        c.execute("BEGIN")
        rows = []
        for k in range(start, min(n, start + 50_000)):
            data = json.dumps(
                {
                    "at": "2026-05-12T09:30:00",
                    "dedupe_key": f"b{k}",
                    "deleted": False,
                    "group": "student",
                    "method": "phone",
                    "name": f"学生{k}",
                    "organisation": "任城区实验小学",
                    "person_id": None,
                    "phone": None,
                    "visit_id": visit,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            rows.append(
                ("signin", str(uuid.UUID(int=(7 << 96) + k)), writer, "1700000000000.00000", data, top + k + 1, writer)
            )
        c.executemany(
            "INSERT INTO records (entity, id, device_id, hlc, data, clocks, seq, sole_writer) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
            rows,
        )
        c.execute("UPDATE counters SET value = ? WHERE name = 'seq'", (top + min(n, start + 50_000),))
        c.execute("COMMIT")
    c.close()


def _no_change(app: App, rounds: int = 7) -> tuple[float, int]:
    times, reqs = [], 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        res = app.sync.sync_now()
        times.append(time.perf_counter() - t0)
        reqs = max(reqs, res.requests)
    return statistics.median(times), reqs


def run(quick: bool = False) -> list[Figure]:
    n = 10_000 if quick else 100_000
    big = 100_000 if quick else 1_000_000
    os.environ["CARAVAN_TOKEN_STORE"] = "file"
    tmp = Path(tempfile.mkdtemp(prefix="bench-bootstrap-"))
    hub = HubProcess(tmp)
    figs: list[Figure] = []
    try:
        # No-change sync at 1,000 facts, then at ``big`` (the figure is the hub's size).
        small = enrolled_laptop(tmp, "small", hub, role="van")
        _year(small, 1_000, visits=10)
        small.sync.sync_now()
        base_s, _ = _no_change(small)
        _bulk_facts(hub, small.db.device_id, big - 1_000)
        small.sync.sync_now()  # its first pull walks past its own new records once
        big_s, big_reqs = _no_change(small)
        small.close()
        figs.append(
            Figure(
                f"bootstrap: no-change sync, hub holding {big:,} facts (s)",
                big_s,
                "s",
                baseline=base_s,
                baseline_name="the same sync, hub holding 1,000 facts",
                target="≤ 2x",
                target_ratio=2.0,
                note=f"{big_reqs} request(s) each (target: 1); median of 7; load average {os.getloadavg()[0]:.1f}",
            )
        )
        # A van's year, pushed by the van's laptop.
        hub.reset()
        van = enrolled_laptop(tmp, "van", hub, role="van")
        _year(van, n)
        van.sync.sync_now()
        van.close()
        template = tmp / "template"
        App.open(template).close()  # an empty laptop database of this schema
        # Loopback.
        fresh = enrolled_laptop(tmp, "fresh", hub, role="van")
        t0 = time.perf_counter()
        res = fresh.sync.sync_now()
        took = time.perf_counter() - t0
        got = _facts(fresh)
        fresh.close()
        raw_s, raw_n = raw_pull_floor(hub.db_url.removeprefix("sqlite:///"), template / "caravan.db")
        figs.append(
            Figure(
                f"bootstrap: a van's year ({n:,} facts) from cursor 0, loopback (s)",
                took,
                "s",
                baseline=raw_s,
                baseline_name=f"plain SELECT of the {raw_n:,} hub rows + plain INSERT into an empty laptop file",
                target="≤ 10 s",
                meets=took <= 10 and got >= n,
                note=f"{res.pulled / took:,.0f} records/s; {got:,} facts on the laptop; {res.requests} requests, "
                f"{res.bytes_received:,} B received; load average {os.getloadavg()[0]:.1f}",
            )
        )
        # 1 Mbit/s, 300 ms RTT.
        floor = _page_bytes(hub)
        limit_s = floor / RATE + RTT
        slow = enrolled_laptop(tmp, "slow", hub, role="van")
        link = FaultProxy(hub.port, rate_bps=RATE, rtt=RTT)
        try:
            t0 = time.perf_counter()
            res = slow.sync.sync_now(server=link.url)
            took = time.perf_counter() - t0
        finally:
            link.close()
        got = _facts(slow)
        slow.close()
        figs.append(
            Figure(
                f"bootstrap: a van's year ({n:,} facts) over 1 Mbit/s, 300 ms RTT (s)",
                took,
                "s",
                baseline=limit_s,
                baseline_name=f"link limit: {floor:,} B gzip JSON / 1 Mbit/s + 1 RTT",
                target="≤ 1.5x",
                target_ratio=1.5,
                note=f"{got:,} facts on the laptop; {res.requests} requests, "
                f"{link.bytes_up + link.bytes_down:,} B on the wire ({link.bytes_down:,} down)",
            )
        )
    finally:
        hub.stop()
    return figs


if __name__ == "__main__":
    import sys

    from benchmarks.common import table

    figs = run(quick="--quick" in sys.argv)
    print(table(figs))
    for f in figs:
        print(f"- {f.name}: {f.note}")
