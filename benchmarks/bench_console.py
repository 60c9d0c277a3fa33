"""The office console at province scale: its pages under 20 office users at once, and a
million sign-ins downloaded as CSV, each beside the same work done bare in the same run.

The console reads its projection (a laptop-schema SQLite file beside the hub, by design: the
laptop's own code makes its figures), so the seeded data goes straight into that file with
bulk SQL: 160 vans, 20,000 visits, 1,000,000 sign-ins (``--quick``: a tenth). The hub's own
database (SQLite here) serves only users and sessions.

    python -m benchmarks console [--quick]
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTIES = ("任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "泗水县", "梁山县",
            "济宁高新区", "太白湖新区", "济宁经济技术开发区")  # fmt: skip
PASSWORD = "benchmark password 2026"


def _id(kind: int, i: int) -> str:
    return f"0190{kind:04x}-0000-7000-8000-{i:012x}"


def hub_url(hub_dir: Path) -> str:
    """The hub's database: ``CARAVAN_TEST_DB_URL`` (``scripts/pg_suite.sh --exec``: PostgreSQL),
    else a SQLite file in ``hub_dir``. The read model is SQLite either way (it is a laptop's file)."""
    return os.environ.get("CARAVAN_TEST_DB_URL") or f"sqlite:///{hub_dir / 'hub.db'}"


def seed(hub_dir: Path, visits: int, signins: int, vans: int = 160) -> tuple[str, list[str]]:
    """The hub database with users, and the projection filled with bulk SQL. Returns the hub's
    URL and a few visit ids."""
    from caravan_app.console import auth
    from caravan_app.console.projection import Projection
    from caravan_app.server.db import HubDB, upgrade

    url = hub_url(hub_dir)
    upgrade(url)
    hdb = HubDB(url)
    for i in range(20):
        auth.add_user(hdb, f"office{i}", "office", PASSWORD)
    auth.add_user(hdb, "county", "county", PASSWORD, county="曲阜市")
    p = Projection(hdb, hub_dir)
    p.close()
    hdb.close()
    db = sqlite3.connect(hub_dir / "console" / "office.db")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    e = "1700000000000.00000"
    db.executemany(
        "INSERT INTO caravans (id, device_id, hlc, deleted, clocks, name, plate, home_county) VALUES (?,?,?,0,'{}',?,?,?)",
        [(_id(1, i), "seed", e, f"{i + 1}号车", f"鲁H{i:05d}", COUNTIES[i % len(COUNTIES)]) for i in range(vans)],
    )
    sites = visits // 5
    db.executemany(
        "INSERT INTO sites (id, device_id, hlc, deleted, clocks, name, kind, county, town, phone) "
        "VALUES (?,?,?,0,'{}',?,?,?,?,?)",
        [
            (_id(2, i), "seed", e, f"第{i}小学", "小学", COUNTIES[i % len(COUNTIES)], f"{i % 9}镇", "0537-1234567")
            for i in range(sites)
        ],  # fmt: skip
    )
    start = dt.date(2026, 1, 1)
    today = dt.date.today().isoformat()
    vrows = []
    for i in range(visits):
        d = today if i < vans else (start + dt.timedelta(days=i % 340)).isoformat()
        vrows.append((_id(3, i), "seed", e, _id(2, i % sites), _id(1, i % vans), d, "completed", "科技进校园",
                      f"{d}T09:00:00", f"{d}T11:30:00", "lecture"))  # fmt: skip
    db.executemany(
        "INSERT INTO visits (id, device_id, hlc, deleted, clocks, site_id, caravan_id, date, status, theme, arrived_at,"
        " left_at, activity_kind) VALUES (?,?,?,0,'{}',?,?,?,?,?,?,?,?)",
        vrows,
    )
    db.executemany(
        'INSERT INTO tallies (id, device_id, hlc, deleted, visit_id, "group", delta, at) VALUES (?,?,?,0,?,?,?,?)',
        [
            (_id(4, i * 3 + g), "seed", e, _id(3, i), grp, 20 + g, f"{vrows[i][5]}T09:30:00")
            for i in range(visits)
            for g, grp in enumerate(("primary", "teacher", "parent"))
        ],  # fmt: skip
    )
    # The office's decisions: every 4th visit approved, every 16th returned, the rest awaiting review.
    db.executemany(
        'INSERT INTO reviews (id, device_id, hlc, deleted, visit_id, decision, reason, "by", round, at) '
        "VALUES (?,?,?,0,?,?,?,?,0,?)",
        [
            (
                _id(6, i),
                "hub",
                e,
                _id(3, i),
                "returned" if i % 16 == 1 else "approved",
                "人数与签到表不符" if i % 16 == 1 else None,
                "王科员",
                f"{vrows[i][5]}T18:00:00",
            )
            for i in range(visits)
            if i % 4 == 0 or i % 16 == 1
        ],  # fmt: skip
    )
    per = max(1, signins // visits)
    batch = []
    for n in range(signins):
        v = n // per % visits
        batch.append((_id(5, n), "seed", e, _id(3, v), f"学生{n}", "primary", "实验小学", f"139{n:08d}", "phone",
                      f"k{n}", f"{vrows[v][5]}T09:{n % 60:02d}:00"))  # fmt: skip
        if len(batch) == 50_000:
            _signins(db, batch)
            batch = []
    _signins(db, batch)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    ids = [_id(3, i) for i in (0, visits // 2, visits - 1)]
    # The hub's own records of those three visits (their van and school too), so that a van's
    # sync can add counts to them (``sync_three``): applied once, at the hub's first page.
    from caravan_app.server.authoring import Draft, author_many

    drafts = []
    for i in (0, visits // 2, visits - 1):
        van, site = i % vans, i % sites
        drafts.append(Draft("caravan", _id(1, van), {"name": f"{van + 1}号车", "plate": f"鲁H{van:05d}"}))
        drafts.append(Draft("site", _id(2, site), {"name": f"第{site}小学", "county": COUNTIES[site % len(COUNTIES)]}))
        d = vrows[i][5]
        drafts.append(
            Draft(
                "visit",
                _id(3, i),
                {
                    "site_id": _id(2, site),
                    "caravan_id": _id(1, van),
                    "date": d,
                    "status": "completed",
                    "theme": "科技进校园",
                    "arrived_at": f"{d}T09:00:00",
                    "left_at": f"{d}T11:30:00",
                    "activity_kind": "lecture",
                },
            )  # fmt: skip
        )
    hdb = HubDB(url)
    assert all(r.status == "ok" for r in author_many(hdb, drafts))
    hdb.close()
    return url, ids


def sync_three(url: str, ids: list[str]) -> None:
    """A van's sync as the hub receives it: five more pupils counted at each of three visits."""
    from caravan_app.domain.ids import new_id
    from caravan_app.server.authoring import Draft, author_many
    from caravan_app.server.db import HubDB

    hdb = HubDB(url)
    drafts = [Draft("tally", new_id(), {"visit_id": v, "group": "primary", "delta": 5, "at": "2026-05-01T10:00:00"})
              for v in ids]  # fmt: skip
    assert all(r.status == "ok" for r in author_many(hdb, drafts))
    hdb.close()


def _signins(db: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    db.executemany(
        'INSERT INTO signins (id, device_id, hlc, deleted, visit_id, name, "group", organisation, phone, method, '
        "dedupe_key, at) VALUES (?,?,?,0,?,?,?,?,?,?,?,?)",
        rows,
    )


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str, hub_dir: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "caravan_app.server.cli",
            "--db",
            url,
            "--data-dir",
            str(hub_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *(["--workers", str(workers)] if workers > 1 else []),
        ],  # fmt: skip
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import httpx

    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the hub did not start")


def _pages(clients, ids: list[str], each: int):  # type: ignore[no-untyped-def]
    return {
        "list": lambda u, k: clients[u].get(f"/visits?page={1 + (u * each + k) % 50}"),
        "visit": lambda u, k: clients[u].get(f"/visits/{ids[(u + k) % len(ids)]}"),
        "today": lambda u, k: clients[u].get("/today"),
        "review": lambda u, k: clients[u].get(f"/review?status=pending&page={1 + (u + k) % 50}"),
    }


def _workers_run(
    url: str, hub_dir: Path, ids: list[str], users: int, each: int, workers: int
) -> dict[str, list[float]]:
    """The same 20-user load on a hub started with ``--workers`` (production's setting), the
    cold read of each page included: each worker keeps its own answers."""
    port = _free_port()
    proc = _serve(url, hub_dir, port, workers)
    try:
        base = f"http://127.0.0.1:{port}"
        clients = [_login(base, f"office{i}") for i in range(users)]
        for c in clients[: workers * 2]:
            c.get("/healthz")
        out = {name: _concurrent(fn, users, each) for name, fn in _pages(clients, ids, each).items()}
        for c in clients:
            c.close()
        return out
    finally:
        proc.terminate()
        proc.wait(30)


def _login(base: str, name: str):  # type: ignore[no-untyped-def]
    import httpx

    c = httpx.Client(base_url=base, headers={"accept": "text/html"}, timeout=120)
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
    r = c.post("/login", data={"csrf": token, "username": name, "password": PASSWORD, "next": "/"})
    assert r.status_code == 303, r.status_code
    return c


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def spread(xs: list[float]) -> str:
    """p50 / p95 / p99 in ms, for the notes (the figure itself is the p95)."""
    return f"p50 {pct(xs, 50) * 1000:.0f} / p95 {pct(xs, 95) * 1000:.0f} / p99 {pct(xs, 99) * 1000:.0f} ms"


def _concurrent(fn, users: int, each: int) -> list[float]:  # type: ignore[no-untyped-def]
    def one(u: int) -> list[float]:
        out = []
        for k in range(each):
            t0 = time.perf_counter()
            fn(u, k)
            out.append(time.perf_counter() - t0)
        return out

    with cf.ThreadPoolExecutor(users) as ex:
        return [x for xs in ex.map(one, range(users)) for x in xs]


def _bare(hub_dir: Path, ids: list[str], users: int, each: int) -> dict[str, list[float]]:
    """The same reads without the web: the list's page and figures, one visit's report data,
    today's visits, a page of the 审核 queue (awaiting review) — over the same file, ``users``
    threads at once, none of them kept (``state_cache`` off; the 审核 states, derived once per
    state of the read model, stay)."""
    from caravan_app.console import auth, state_cache
    from caravan_app.console.projection import projection
    from caravan_app.console.review_query import queue_page
    from caravan_app.console.today_query import today
    from caravan_app.console.visits_query import VisitFilters, detail, find, list_visits
    from caravan_app.server.db import HubDB

    hdb = HubDB(hub_url(hub_dir))
    app = projection(hub_dir, hdb).app
    state_cache.SIZE = 0  # the reads themselves, every time: nothing kept between calls
    who = auth.ConsoleUser("office0", auth.Role.OFFICE)
    out = {
        "list": _concurrent(
            lambda u, k: list_visits(app, who, VisitFilters(page=1 + (u * each + k) % 50)), users, each
        ),
        "visit": _concurrent(lambda u, k: detail(app, who, find(app, who, ids[(u + k) % len(ids)])), users, each),  # type: ignore[arg-type]
        "today": _concurrent(lambda u, k: today(app, hdb, who, dt.date.today()), users, each),
        "review": _concurrent(lambda u, k: queue_page(app, who, "pending", 100 * ((u + k) % 50), 100), users, each),
    }
    hdb.close()
    return out


def _csv_bare(hub_dir: Path) -> dict[str, float]:
    """A bare csv.writer over the same rows in a fresh process: first row time and peak RSS."""
    code = (
        "import csv, resource, sqlite3, sys, time, io\n"
        "t0 = time.perf_counter(); base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        f"db = sqlite3.connect({str(hub_dir / 'console' / 'office.db')!r})\n"
        "sink = open('/dev/null', 'w', encoding='utf-8'); w = csv.writer(sink); first = None; n = 0\n"
        'for row in db.execute(\'SELECT s.visit_id, v.date, s.at, s.name, s."group", s.organisation, s.method, s.phone'
        " FROM signins s JOIN visits v ON v.id = s.visit_id ORDER BY v.date DESC, s.visit_id, s.at, s.id'):\n"
        "    w.writerow(row); n += 1\n"
        "    if first is None: first = time.perf_counter() - t0\n"
        "print(first, time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base, n)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return {"first": float(out[0]), "total": float(out[1]), "rss_mb": int(out[2]) / 1024, "rows": int(out[3])}


def _rss_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _download(base: str, path: str, pid: int) -> dict[str, float]:
    c = _login(base, "office0")
    c.get("/visits")  # the read model open and warm, as on a working day
    before = _rss_mb(pid, "VmRSS")
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    t0 = time.perf_counter()
    first = None
    size = 0
    with c.stream("GET", path) as r:
        for chunk in r.iter_raw():
            if first is None:
                first = time.perf_counter() - t0
            size += len(chunk)
    total = time.perf_counter() - t0
    peak = _rss_mb(pid, "VmHWM")
    c.close()
    return {"first": first or total, "total": total, "grew_mb": peak - before, "mb": size / 1e6}


def _openpyxl_tempfile(rows: int) -> float:
    """openpyxl write-only into a temp file (what would come before the first byte), for the decision."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("签到")
    t0 = time.perf_counter()
    for n in range(rows):
        ws.append(["2026-05-01", "1号车", "第1小学", "2026-05-01T09:00:00", f"学生{n}", "primary", "实验小学", "phone"])
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
        wb.save(f.name)
    return time.perf_counter() - t0


def run(quick: bool = False) -> list:  # type: ignore[type-arg]
    from benchmarks.common import Figure

    visits, signins = (2_000, 100_000) if quick else (20_000, 1_000_000)
    users, each = 20, (5 if quick else 10)
    figs = []
    with tempfile.TemporaryDirectory() as d:
        hub_dir = Path(d)
        t0 = time.perf_counter()
        url, ids = seed(hub_dir, visits, signins)
        print(f"seeded {visits} visits, {signins} sign-ins in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        bare = _bare(hub_dir, ids, users, each)
        alone = _bare(hub_dir, ids, 1, users)  # one at a time: the reads' own cost, no queueing
        port = _free_port()
        proc = _serve(url, hub_dir, port)
        try:
            base = f"http://127.0.0.1:{port}"
            clients = [_login(base, f"office{i}") for i in range(users)]
            clients[0].get("/visits")  # the projection opened once
            pages = _pages(clients, ids, each)
            where = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
            note = (
                f"{visits:,} visits, {signins:,} sign-ins, 160 vans; hub database {where}; "
                f"{users} users at once, {users * each} requests"
            )
            for name, fn in pages.items():
                web = _concurrent(fn, users, each)
                print(f"{name} 20 users: {spread(web)}; bare {spread(bare[name])}", file=sys.stderr)
                figs.append(
                    Figure(
                        f"console {name} page p95 (20 users)",
                        pct(web, 95) * 1000,
                        "ms",
                        baseline=pct(bare[name], 95) * 1000,
                        baseline_name="same query bare, nothing kept, 20 threads",
                        target="≤ 200 ms",
                        meets=pct(web, 95) <= 0.2,
                        note=note + f"; {spread(web)} (bare {spread(bare[name])})",
                    )
                )
                one = _concurrent(fn, 1, users)  # the same page, one user at a time
                print(f"{name} 1 user: {spread(one)}; bare {spread(alone[name])}", file=sys.stderr)
                figs.append(
                    Figure(
                        f"console {name} page p95 (1 user)",
                        pct(one, 95) * 1000,
                        "ms",
                        baseline=pct(alone[name], 95) * 1000,
                        baseline_name="same query bare, nothing kept, 1 thread",
                        target="≤ 200 ms",
                        meets=pct(one, 95) <= 0.2,
                        note=f"{users} requests one after another; {spread(one)} (bare {spread(alone[name])})",
                    )
                )
            # After a van's sync (new counts at three visits): every page's first wave again.
            for name, fn in pages.items():
                sync_three(url, ids)
                web = _concurrent(fn, users, each)
                print(f"{name} 20 users after a sync: {spread(web)}", file=sys.stderr)
                figs.append(
                    Figure(
                        f"console {name} page p95 (20 users, after a sync of 3 visits)",
                        pct(web, 95) * 1000,
                        "ms",
                        baseline=pct(bare[name], 95) * 1000,
                        baseline_name="same query bare, nothing kept, 20 threads",
                        target="≤ 200 ms",
                        meets=pct(web, 95) <= 0.2,
                        note=f"a tally at each of 3 visits just before the wave; {spread(web)}",
                    )
                )
            for c in clients:
                c.close()
            csv_bare = _csv_bare(hub_dir)
            got = _download(base, "/downloads/signins.csv", proc.pid)
            xl = _download(base, "/downloads/signins.xlsx", proc.pid)
        finally:
            proc.terminate()
            proc.wait(30)
        rows = f"{csv_bare['rows']:,} rows"
        figs += [
            Figure("sign-ins CSV: first byte", got["first"], "s", baseline=csv_bare["first"],
                   baseline_name="bare csv.writer, first row", target="≤ 2 s", meets=got["first"] <= 2,
                   note=f"{rows}, {got['mb']:.0f} MB in {got['total']:.1f} s (bare {csv_bare['total']:.1f} s)"),
            Figure("sign-ins CSV: server memory growth", got["grew_mb"], "MB", baseline=csv_bare["rss_mb"],
                   baseline_name="bare csv.writer peak growth", target="flat",
                   note="peak RSS during the download minus RSS before it"),
            Figure("sign-ins XLSX (streamed zip): first byte", xl["first"], "s", target="≤ 2 s", meets=xl["first"] <= 2,
                   note=f"{rows}, {xl['mb']:.0f} MB in {xl['total']:.1f} s; memory growth {xl['grew_mb']:.0f} MB"),
        ]  # fmt: skip
        two = _workers_run(url, hub_dir, ids, users, each, 2)
        for name, web in two.items():
            print(f"{name} 20 users --workers 2: {spread(web)}", file=sys.stderr)
            figs.append(
                Figure(
                    f"console {name} page p95 (20 users, --workers 2)",
                    pct(web, 95) * 1000,
                    "ms",
                    baseline=pct(bare[name], 95) * 1000,
                    baseline_name="same query bare, nothing kept, 20 threads",
                    target="≤ 200 ms",
                    meets=pct(web, 95) <= 0.2,
                    note=f"a fresh hub with two worker processes; {spread(web)}",
                )
            )
        n = 100_000
        tmp = _openpyxl_tempfile(n)
        figs.append(
            Figure(
                "openpyxl write-only temp file, 100,000 rows",
                tmp,
                "s",
                note=f"≈ {tmp * signins / n:.0f} s "
                f"before a first byte at {signins:,} rows: why XLSX streams a zip instead",
            )  # fmt: skip
        )
    return figs


if __name__ == "__main__":
    for f in run(quick="--quick" in sys.argv):
        print(json.dumps(f.__dict__, ensure_ascii=False))
