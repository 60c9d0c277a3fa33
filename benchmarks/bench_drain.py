"""A province's evening drained through the deployment of docs/deploy.md: ``LAPTOPS`` laptops
(raw HTTP, each its own device, token and TLS connection) push ``CHANGES`` changes each through a
real nginx (deploy/nginx/caravan-hub.conf) to ``WORKERS`` hub processes over one database. The
baseline, in the same run on the same machine, is the same drain sent straight to one hub
process without the proxy.

    scripts/pg_suite.sh --exec .venv/bin/python -m benchmarks drain
    scripts/pg_suite.sh --exec .venv/bin/python -m benchmarks.bench_drain [LAPTOPS CHANGES CLIENTS WORKERS]

Request bodies are built and gzipped before the clock starts: a laptop does that on its own CPU,
and here every simulated laptop shares the hub's two cores. On SQLite (no ``CARAVAN_TEST_DB_URL``)
the hub processes share one WAL file and the drain is scaled down.
"""

from __future__ import annotations

import concurrent.futures as cf
import os
import ssl
import statistics
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import text

from benchmarks.common import Figure, cpu_s, on_postgres, signin_data
from caravan_app.server.tls import self_signed
from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA, encode_body
from tests.sync.hubproc import HubProcess, free_port
from tests.sync.nginxproc import Nginx, nginx_binary

BATCH = 500  # mutations per push (DESIGN.md: at most ~500 or ~1 MB)
P99_TARGET_S = 1.0
WALL_TARGET_S = 20.0


@dataclass
class Laptop:
    device_id: str
    token: str
    bodies: list[tuple[bytes, dict[str, str]]]  # encoded push requests, in order


@dataclass
class Drain:
    wall_s: float
    latencies: list[float]
    errors: int
    stored: int
    hub_cpu_s: float

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99_ms(self) -> float:
        lat = sorted(self.latencies)
        return lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000


def _mutations(i: int, changes: int, hlc0: int) -> list[dict]:
    """One laptop's field day: its van, a school, an open visit, then sign-ins and tallies (four
    sign-ins to one tally), as the app writes them."""
    van, site, visit = (str(uuid.UUID(int=(k << 64) + i)) for k in (4, 5, 2))
    muts: list[dict] = [
        {
            "seq": 1,
            "id": van,
            "entity": "caravan",
            "op": "insert",
            "hlc": f"{hlc0}.00000",
            "data": {"active": None, "deleted": False, "home_county": None, "name": f"{i}号车", "notes": None}
            | {"plate": None},
        },
        {
            "seq": 2,
            "id": site,
            "entity": "site",
            "op": "insert",
            "hlc": f"{hlc0 + 1}.00000",
            "data": {"address": None, "contact": None, "county": "任城区", "deleted": False, "kind": "primary_school"}
            | {"name": f"任城区实验小学{i}", "notes": None, "phone": None, "students": None, "town": None},
        },
        {
            "seq": 3,
            "id": visit,
            "entity": "visit",
            "op": "insert",
            "hlc": f"{hlc0 + 2}.00000",
            "data": {"activities": None, "activity_kind": "exhibition", "answer": None, "answer_reason": None}
            | {"arrived_at": "2026-05-12T09:00:00", "caravan_id": van, "date": "2026-05-12", "deleted": False}
            | {"left_at": None, "notes": None, "request_id": None, "signin_token": f"T{i:015d}", "site_id": site}
            | {"status": "in_progress", "theme": None},
        },
    ]
    for k in range(4, changes + 1):
        rid = str(uuid.UUID(int=(3 << 64) + i * 100_000 + k))
        hlc = f"{hlc0 + k}.00000"
        if k % 5:
            data: dict = signin_data(visit, f"学生{k}", f"139{k:08d}", f"k{i}-{k}", "实验小学")
            muts.append({"seq": k, "id": rid, "entity": "signin", "op": "insert", "hlc": hlc, "data": data})
        else:
            data = {"visit_id": visit, "group": "primary", "delta": 1 + k % 7, "at": "2026-05-12T10:00:00"}
            muts.append({"seq": k, "id": rid, "entity": "tally", "op": "insert", "hlc": hlc, "data": data})
    return muts


def _laptops(hub: HubProcess, url: str, n: int, changes: int, verify: ssl.SSLContext | bool) -> list[Laptop]:
    """Enroll ``n`` devices (through ``url``) and encode their pushes; the last push of each carries
    the first pull page, as the app's sync does."""
    hlc0 = int(time.time() * 1000) - 3600_000
    out = []
    with httpx.Client(base_url=url, verify=verify, timeout=60) as c:
        for i in range(n):
            dev = str(uuid.uuid4())
            body = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code(f"{i % 40}号车"), "device_id": dev}
            tok = c.post("/enroll", json=body).json()["token"]
            muts = _mutations(i, changes, hlc0)
            bodies = []
            for b in range(0, len(muts), BATCH):
                req: dict = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": dev}
                req["mutations"] = muts[b : b + BATCH]
                if b + BATCH >= len(muts):
                    req["pull"] = {"cursor": 0, "limit": 1000}
                bodies.append(encode_body(req))
            out.append(Laptop(dev, tok, bodies))
    return out


def _drain(url: str, laps: list[Laptop], clients: int, verify: ssl.SSLContext | bool, pids: list[int]) -> Drain:
    lat: list[float] = []
    errors = 0

    def sync_one(lap: Laptop) -> None:
        nonlocal errors
        auth = {"Authorization": f"Bearer {lap.token}"}
        with httpx.Client(base_url=url, headers=auth, verify=verify, timeout=120) as c:  # a laptop's own connection
            for raw, headers in lap.bodies:
                t0 = time.perf_counter()
                try:
                    r = c.post("/sync/push", content=raw, headers=headers)
                    ok = r.status_code == 200 and not r.json()["results"]
                except httpx.HTTPError:
                    ok = False
                lat.append(time.perf_counter() - t0)
                errors += not ok

    cpu0 = cpu_s(*pids)
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(clients) as ex:
        list(ex.map(sync_one, laps))
    wall = time.perf_counter() - t0
    return Drain(wall, lat, errors, 0, cpu_s(*pids) - cpu0)


def _stored(hub: HubProcess) -> int:
    with hub.hdb.engine.connect() as c:
        return int(c.execute(text("SELECT count(*) FROM records WHERE entity IN ('signin', 'tally')")).scalar_one())


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(20)


def measure(laptops: int, changes: int, clients: int, workers: int) -> tuple[Drain, Drain]:
    """(through nginx to ``workers`` hub processes, straight to one hub process), same data shape."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-drain-"))
    os.environ["CARAVAN_HUB_MAX_FAILS_ADDRESS"] = "1000000"
    hub = HubProcess(tmp)  # its own process is the direct baseline's one hub process
    cert, key = self_signed(tmp / "tls")
    ctx = ssl.create_default_context(cafile=str(cert))
    try:
        ports = [free_port() for _ in range(workers)]
        procs = [hub.spawn(p, "--forwarded-allow-ips", "127.0.0.1", dev_docs=False) for p in ports]
        nginx = Nginx(tmp / "nginx", ports, cert, key, workers=1)
        try:
            laps = _laptops(hub, nginx.url, laptops, changes, ctx)
            proxied = _drain(nginx.url, laps, clients, ctx, [p.pid for p in procs])
            proxied.stored = _stored(hub)
        finally:
            nginx.stop()
            _stop(procs)
        hub.reset()
        laps = _laptops(hub, hub.url, laptops, changes, False)
        direct = _drain(hub.url, laps, clients, False, [hub.proc.pid])
        direct.stored = _stored(hub)
    finally:
        hub.stop()
    return proxied, direct


def run(quick: bool = False) -> list[Figure]:
    if nginx_binary() is None:
        print("bench_drain: nginx is not installed (dev.sh setup installs it); skipped")
        return []
    pg = on_postgres()
    laptops = (80 if quick else 800) if pg else (40 if quick else 100)
    return figures(laptops, 400, 8, 3)


def figures(laptops: int, changes: int, clients: int, workers: int) -> list[Figure]:
    pg = on_postgres()
    db_kind = "PostgreSQL" if pg else "SQLite (one WAL file)"
    proxied, direct = measure(laptops, changes, clients, workers)
    total = laptops * changes
    facts = laptops * (changes - 3)  # sign-ins and tallies

    def note(d: Drain) -> str:
        return (
            f"{total / d.wall_s:,.0f} mut/s; push p50 {d.p50_ms:.0f} ms, p99 {d.p99_ms:.0f} ms; {d.errors} errors; "
            f"{d.stored:,}/{facts:,} facts stored; hub CPU {d.hub_cpu_s / total * 1e6:.0f} µs/mutation"
        )

    full = pg and laptops >= 800  # the targets are for the full drain on PostgreSQL
    name = f"drain: {laptops} laptops × {changes} changes through nginx to {workers} hub processes, {clients} at a time, {db_kind}"
    met = proxied.wall_s <= WALL_TARGET_S and proxied.errors == 0 and proxied.p99_ms <= P99_TARGET_S * 1000
    met = met and proxied.stored == facts
    return [
        Figure(
            f"{name} (s)",
            proxied.wall_s,
            "s",
            baseline=direct.wall_s,
            baseline_name=f"the same drain straight to one hub process: {note(direct)}",
            target=f"≤ {WALL_TARGET_S:.0f} s, 0 errors, p99 ≤ {P99_TARGET_S:.0f} s" if full else "",
            meets=met if full else None,
            note=f"{note(proxied)}; load average {os.getloadavg()[0]:.1f}",
        ),
        Figure(
            f"{name}: push p99 (ms)",
            proxied.p99_ms,
            "ms",
            baseline=direct.p99_ms,
            baseline_name="straight to one hub process",
            target=f"≤ {P99_TARGET_S * 1000:,.0f} ms" if full else "",
            meets=proxied.p99_ms <= P99_TARGET_S * 1000 if full else None,
            note=f"p50 {proxied.p50_ms:.0f} ms",
        ),
        Figure(
            f"{name}: pushes not fully applied; facts missing of {facts:,}",
            proxied.errors,
            "errors",
            baseline=direct.errors,
            baseline_name=f"straight to one hub process; missing: {facts - proxied.stored:,} (direct {facts - direct.stored:,})",
            target="0 errors, 0 missing" if full else "",
            meets=proxied.errors == 0 and proxied.stored == facts if full else None,
        ),
    ]


if __name__ == "__main__":
    import sys

    from benchmarks.common import table

    args = [int(x) for x in sys.argv[1:5]]
    figs = figures(*(args + [800, 400, 8, 3][len(args) :]))
    print(table(figs))
    for f in figs:
        print(f"- {f.name}: {f.note}\n  baseline: {f.baseline_name}")
