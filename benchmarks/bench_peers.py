"""Peer sync (laptops at one event without the hub), each figure against the same transfer over
the hub protocol in the same run:

* a count on laptop A → the new total on laptop B (p95), three laptops serving peer sync over
  HTTPS on loopback while 300 phones sign in on A and C; B long-polls A (``wait``) and exchanges
  on news. Baseline: A syncs with the hub, B syncs with the hub;
* catch-up of a laptop joining mid-event: 3,000 facts from one peer. Baseline: the same 3,000
  pulled from the hub;
* the same catch-up for a laptop of another van (every participant's sign-in stripped of name and
  phone, domain/privacy.strip_other_vans). Baseline: that laptop's pull from the hub, which strips
  by the same rule.

    .venv/bin/python -m benchmarks peers [--quick]   (or with every other benchmark: python -m benchmarks)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import Figure, table
from caravan_app.services.app import App
from caravan_app.services.peers import HttpLink
from caravan_app.storage.records import unit_of_work
from tests.conftest import fresh_data_dir
from tests.sync.hubproc import HubProcess

os.environ.setdefault("CARAVAN_TOKEN_STORE", "file")


def _p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def _signins(app: App, v: str, n: int, start: int) -> None:
    with unit_of_work(app.db) as u:
        for i in range(start, start + n):
            u.insert(
                "signin",
                {
                    "visit_id": v,
                    "name": f"家长{i}",
                    "group": "parent",
                    "organisation": None,
                    "phone": f"139{i:08d}",
                    "method": "phone",
                    "person_id": None,
                    "dedupe_key": f"t:139{i:08d}",
                    "at": "2026-05-12T09:30:00",
                },
            )


def run(quick: bool = False) -> list[Figure]:
    counts = 8 if quick else 20
    catch = 600 if quick else 3000
    tmp = Path(tempfile.mkdtemp(prefix="bench-peers-"))
    (tmp / "hub").mkdir()
    hub = HubProcess(tmp / "hub")
    apps: list[App] = []
    servers = []
    try:
        for name in ("a", "b", "c"):
            x = App.open(fresh_data_dir(tmp / name))
            x.sync.enroll(hub.url, hub.code())
            apps.append(x)
        a, b, c = apps
        car = a.catalog.add_caravan("1号车")
        site = a.sites.add(name="任城区实验小学", county="任城区", kind="小学")
        v = a.visits.add(site, car, dt.date.today())
        a.visits.arrive(v)
        for x in apps:
            x.sync.sync_now()
        servers = [x.peers.serve("127.0.0.1", 0) for x in apps]
        for x in apps:
            for srv in servers:
                if srv.handler.peers is not x.peers:  # type: ignore[attr-defined]
                    x.peers.sync_with(srv.url)
        stop = threading.Event()

        def phones() -> None:  # 300 phones over the run, on A and C
            i = 0
            while not stop.is_set() and i < 300:
                _signins(a if i % 2 == 0 else c, v, 1, 10_000 + i)
                i += 1
                time.sleep(0.05)

        def follow() -> None:  # B: long poll on A, exchange on news
            link = HttpLink(servers[0].url)
            try:
                gen = -1
                while not stop.is_set():
                    b.peers.exchange(link)
                    gen = link.wait(gen, timeout=5)
            finally:
                link.close()

        bg = [threading.Thread(target=phones, daemon=True), threading.Thread(target=follow, daemon=True)]
        for th in bg:
            th.start()
        peer_lat: list[float] = []
        for _ in range(counts):
            want = a.attendance.totals(v)["primary"] + 1
            t0 = time.perf_counter()
            a.attendance.tally(v, "primary", 1)
            while b.attendance.totals(v)["primary"] < want:
                time.sleep(0.01)
            peer_lat.append(time.perf_counter() - t0)
            time.sleep(0.2)
        stop.set()
        for th in bg:
            th.join(10)
        hub_lat: list[float] = []
        for _ in range(counts):
            want = a.attendance.totals(v)["primary"] + 1
            t0 = time.perf_counter()
            a.attendance.tally(v, "primary", 1)
            a.sync.sync_now()
            b.sync.sync_now()
            assert b.attendance.totals(v)["primary"] >= want
            hub_lat.append(time.perf_counter() - t0)
        # --- catch-up of a laptop joining with N facts ---------------------------------------
        _signins(a, v, catch, 100_000)
        joiner = App.open(fresh_data_dir(tmp / "d"))
        joiner.sync.enroll(hub.url, hub.code())
        apps.append(joiner)
        t0 = time.perf_counter()
        joiner.peers.sync_with(servers[0].url)
        peer_catch = time.perf_counter() - t0
        a.sync.sync_now()
        fresh = App.open(fresh_data_dir(tmp / "e"))
        fresh.sync.enroll(hub.url, hub.code())
        apps.append(fresh)
        t0 = time.perf_counter()
        fresh.sync.sync_now()
        hub_catch = time.perf_counter() - t0
        assert joiner.attendance.signin_count(v) == fresh.attendance.signin_count(v)
        # --- the same, for a laptop of another van: every sign-in stripped on the way ---------
        other = App.open(fresh_data_dir(tmp / "f"))
        other.sync.enroll(hub.url, hub.code("2号车", "van"))
        apps.append(other)
        t0 = time.perf_counter()
        other.peers.sync_with(servers[0].url)
        peer_strip = time.perf_counter() - t0
        other_hub = App.open(fresh_data_dir(tmp / "g"))
        other_hub.sync.enroll(hub.url, hub.code("2号车", "van"))
        apps.append(other_hub)
        t0 = time.perf_counter()
        other_hub.sync.sync_now()
        hub_strip = time.perf_counter() - t0
        assert (
            other.attendance.signin_count(v) == other_hub.attendance.signin_count(v) == fresh.attendance.signin_count(v)
        )
    finally:
        for srv in servers:
            srv.stop()
        for x in apps:
            x.close()
        hub.stop()
    return [
        Figure(
            "count on A → total on B, p95 (3 laptops, 300 phones)",
            _p95(peer_lat),
            "s",
            _p95(hub_lat),
            "A and B each syncing with the hub",
            "≤ 2 s",
            meets=_p95(peer_lat) <= 2.0,
        ),
        Figure(
            f"catch-up of a joining laptop, {catch} facts",
            peer_catch,
            "s",
            hub_catch,
            f"{catch} facts pulled from the hub",
            "≤ 10 s",
            meets=peer_catch <= 10.0,
        ),
        Figure(
            f"catch-up of another van's laptop, {catch} facts, names and phones stripped",
            peer_strip,
            "s",
            hub_strip,
            f"{catch} facts pulled from the hub by another van's laptop (stripped there)",
            "≤ 10 s",
            meets=peer_strip <= 10.0,
        ),
    ]


if __name__ == "__main__":
    print(table(run(quick="--quick" in sys.argv)))
