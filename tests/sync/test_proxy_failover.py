"""Laptops sync through a real nginx (configured by deploy/nginx/caravan-hub.conf, TLS pinned as
in the field) to two hub processes over one database; one process is SIGKILLed while it answers
pushes. nginx sends the interrupted requests to the other process, the laptops' next syncs resend
what was left, and every change is on the hub exactly once: pulled back by a fresh laptop and
counted in the hub's tables (0 lost, 0 doubled).

Runs on SQLite (two processes over one WAL file) and, in scripts/pg_suite.sh, on PostgreSQL.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from caravan_app.server.tls import fingerprint, self_signed
from caravan_app.services.export import canonical_export
from caravan_app.sync.errors import SyncError
from tests.waiting import wait_until

from .hubproc import HubProcess, free_port
from .nginxproc import Nginx, nginx_binary
from .test_sigkill import _busy_day

pytestmark = [
    pytest.mark.server,
    pytest.mark.slow,
    pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (dev.sh setup installs it)"),
]

LAPTOPS = 4
N = 500  # sign-ins per laptop: with tallies and hand-outs 1,500+ changes, four push batches each


class Pair:
    """Hub process A (the module's) and a twin B on the same database, nginx in front of both."""

    def __init__(self, hub: HubProcess, work: Path) -> None:
        self.hub = hub
        self.cert, self.key = self_signed(work / "tls")
        self.pin = fingerprint(self.cert)
        self.b_port = free_port()
        self.b = hub.spawn(self.b_port, "--forwarded-allow-ips", "127.0.0.1")
        self.nginx = Nginx(work / "nginx", [hub.port, self.b_port], self.cert, self.key)

    def code(self) -> str:
        return f"{self.hub.code()}~{self.pin}"

    def interrupted_at_b(self) -> bool:
        """nginx lost a request in flight to B (not merely a refused connection) and moved on."""
        port = re.escape(f"127.0.0.1:{self.b_port}")
        return any(
            re.search(port, line) and ("while reading response header" in line or "prematurely closed" in line)
            for line in self.nginx.error_log().splitlines()
        )

    def close(self) -> None:
        self.nginx.stop()
        if self.b.poll() is None:
            self.b.kill()
        self.b.wait(10)


@pytest.fixture
def pair(hub: HubProcess, tmp_path: Path) -> Iterator[Pair]:
    p = Pair(hub, tmp_path)
    yield p
    p.close()


def _hub_mutations(hub: HubProcess) -> int:
    with hub.hdb.engine.connect() as c:
        return int(c.execute(text("SELECT count(*) FROM mutations")).scalar_one())


def _laptop_changes(a) -> tuple[int, int]:  # noqa: ANN001
    """(how many changes this laptop made, its last sequence number), from its own outbox."""
    with a.db.read() as s:
        n, top = s.execute(text("SELECT count(*), max(seq) FROM outbox")).one()
    return int(n), int(top)


def test_hub_process_killed_mid_push_behind_nginx_loses_and_doubles_nothing(pair: Pair, laptops) -> None:  # noqa: ANN001
    hub = pair.hub
    apps, visits = [], []
    for i in range(LAPTOPS):
        a = laptops(f"lap{i}", enroll=False)
        a.sync.enroll(pair.nginx.url, pair.code())
        visits.append(_busy_day(a, N)[2])
        apps.append(a)
    total = sum(a.sync.pending_count() for a in apps)
    failures: list[SyncError] = []
    unfinished: list[str] = []

    def sync_until_done(a) -> None:  # noqa: ANN001
        """What a crew member does: sync, and after a failed sync, sync again."""
        for _ in range(10):
            try:
                a.sync.sync_now()
            except SyncError as exc:
                failures.append(exc)
                time.sleep(0.2)
                continue
            if a.sync.pending_count() == 0:
                return
        unfinished.append(a.db.device_id)

    threads = [threading.Thread(target=sync_until_done, args=(a,)) for a in apps]
    for th in threads:
        th.start()
    # Kill B while pushes are in flight; if the kill found it between requests (nginx then saw a
    # refused connection, not a lost request), start it again and kill it again.
    for _attempt in range(4):
        floor = _hub_mutations(hub) + total // 10
        wait_until(
            lambda f=floor: _hub_mutations(hub) >= f or not any(th.is_alive() for th in threads),
            timeout=60,
            what="pushes to reach the hub",
            interval=0.005,
        )
        pair.b.send_signal(signal.SIGKILL)
        pair.b.wait(10)
        time.sleep(0.3)
        if pair.interrupted_at_b() or not any(th.is_alive() for th in threads) or _hub_mutations(hub) > total * 0.7:
            break
        pair.b = hub.spawn(pair.b_port, "--forwarded-allow-ips", "127.0.0.1")
    for th in threads:
        th.join(120)
    assert pair.interrupted_at_b(), "the kill never met a push in flight:\n" + pair.nginx.error_log()[-3000:]
    # nginx sent the interrupted pushes to A (non_idempotent): no laptop was answered 502.
    answers = re.findall(r'"POST /sync/push HTTP/[\d.]+" (\d{3})', pair.nginx.access_log())
    assert answers and set(answers) == {"200"}, sorted(set(answers))
    assert not unfinished, f"laptops still holding changes after 10 syncs: {unfinished}; {failures}"
    # Pulled back: a new laptop bootstrapping through the proxy gets every change, once.
    fresh = laptops("fresh", enroll=False)
    fresh.sync.enroll(pair.nginx.url, pair.code())
    fresh.sync.sync_now()
    expected = hub.export()
    assert canonical_export(fresh.db) == expected
    for a in apps:
        a.sync.sync_now()
        assert a.sync.pending_count() == 0
        assert canonical_export(a.db) == expected
    # Counted in the hub's own tables: one row per change, none missing, none twice.
    made = {a.db.device_id: _laptop_changes(a) for a in apps}
    with hub.hdb.engine.connect() as c:
        rows = c.execute(
            text("SELECT device_id, count(*), max(seq) FROM mutations WHERE status = 'ok' GROUP BY device_id")
        ).all()
        per_device = {d: (int(n), int(top)) for d, n, top in rows}
        doubled = c.execute(
            text("SELECT device_id, seq FROM mutations GROUP BY device_id, seq HAVING count(*) > 1")
        ).all()
        signins = c.execute(text("SELECT count(*) FROM records WHERE entity = 'signin'")).scalar_one()
        tallies = c.execute(text("SELECT count(*) FROM records WHERE entity = 'tally'")).scalar_one()
        not_ok = c.execute(text("SELECT count(*) FROM mutations WHERE status <> 'ok'")).scalar_one()
        anomalies = c.execute(text("SELECT count(*) FROM anomalies")).scalar_one()
    assert {d: per_device.get(d) for d in made} == made  # 0 lost: every seq 1..last, once
    assert doubled == [] and not_ok == 0 and anomalies == 0  # 0 doubled, no resend seen as different
    assert signins == LAPTOPS * N and tallies == LAPTOPS * N
    for v in visits:  # what the office sees: each school's sign-ins once
        assert fresh.attendance.signin_count(v) == N
        assert fresh.attendance.totals(v)["junior"] == 2 * N
