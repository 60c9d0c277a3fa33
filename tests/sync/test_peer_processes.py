"""Three real laptop processes at one event on loopback, each serving peer sync on its own
127.0.0.x address (ports where those are not bindable), no hub during the day: counts, phone
sign-ins and hand-outs made on each reach the others through `caravan peer sync ADDRESS`; in the
evening everyone syncs with the hub and every export equals the hub's, unchanged from what the
laptops had agreed."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.services.export import canonical_export

pytestmark = [pytest.mark.server, pytest.mark.slow]


def _host(i: int) -> str:
    h = f"127.0.0.{2 + i}"
    try:
        with socket.socket() as s:
            s.bind((h, 0))
        return h
    except OSError:
        return "127.0.0.1"


def _free(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _caravan(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CARAVAN_TOKEN_STORE": "file"},
    )


def _serve(data: Path, host: str, port: int, log: Path) -> subprocess.Popen:
    out = open(log, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), "peer", "serve"]
        + ["--host", host, "--port", str(port), "--no-announce"],
        stdout=out,
        stderr=subprocess.STDOUT,
        env={**os.environ, "CARAVAN_TOKEN_STORE": "file"},
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if "peer sync serving" in log.read_text(errors="replace"):
            return proc
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("peer server did not start: " + log.read_text(errors="replace"))


def test_three_laptop_processes_at_one_event(laptops: Callable[..., App], hub, tmp_path: Path) -> None:  # noqa: ANN001
    apps = [laptops(f"l{i}") for i in range(3)]
    first = apps[0]
    c = first.catalog.add_caravan("1号车")
    s = first.sites.add(name="济宁市第一中学", county="任城区", kind="初中")
    t = first.catalog.add_title("身边的科学")
    first.stock.load(c, t, 100)
    v = first.visits.add(s, c, dt.date.today())
    first.visits.arrive(v)
    for a in apps:  # the morning at the depot
        a.sync.sync_now()
    dirs = [a.data_dir for a in apps]
    addrs = []
    procs = []
    try:
        for i, d in enumerate(dirs):
            host = _host(i)
            port = _free(host)
            procs.append(_serve(d, host, port, tmp_path / f"serve{i}.log"))
            addrs.append(f"{host}:{port}")
        # the day, no hub: each laptop works and exchanges with the others
        apps[0].attendance.tally(v, "primary", 40)
        apps[1].attendance.signin(v, "李娜", "parent", phone="13800138000", method="phone")
        apps[2].stock.distribute(c, t, 30, v, "学生")
        for i, d in enumerate(dirs):
            for j in range(3):
                if i != j:
                    r = _caravan(d, "peer", "sync", addrs[j], "--json")
                    assert r.returncode == 0, r.stdout + r.stderr
        for a in apps:
            assert a.attendance.totals(v)["primary"] == 40
            assert a.attendance.signin_count(v) == 1
            assert a.stock.balance(c, t) == 70
        again = apps[2].attendance.signin(v, "李娜", "parent", phone="13800138000", method="phone")
        assert again.duplicate  # 已签到 on the third laptop
        agreed = canonical_export(apps[0].db)
        assert all(canonical_export(a.db) == agreed for a in apps)
        st = _caravan(dirs[0], "peer", "status", "--json")
        assert st.returncode == 0 and '"learned"' in st.stdout
    finally:
        for p in procs:
            p.terminate()
            p.wait(10)
    # the evening: the hub sync changes nothing on any screen
    for _ in range(2):
        for a in apps:
            a.sync.sync_now()
    assert hub.export() == agreed
    assert all(canonical_export(a.db) == agreed for a in apps)


WRITER = """
import sys
from pathlib import Path
from caravan_app.services.app import App
from caravan_app.sync.errors import SyncError
from caravan_app.sync.peer_trust import PeerRefused

a = App.open(Path(sys.argv[1]))
visit, address = sys.argv[2], sys.argv[3]
n = 0
while True:
    a.attendance.tally(visit, "primary", 1)
    n += 1
    print("ok", n, flush=True)
    if n % 3 == 0:
        try:
            a.peers.sync_with(address)  # an exchange in the same process: the kill may land in it
        except (SyncError, PeerRefused):
            pass
"""


def _acked(log: Path) -> int:
    # Only whole lines: the writer may be half-way through one ("ok " before its number) as we read.
    text = log.read_text(errors="replace")
    whole = text[: text.rfind("\n") + 1].splitlines()
    lines = [x.split() for x in whole if x.startswith("ok ")]
    done = [int(x[1]) for x in lines if len(x) > 1 and x[1].isdigit()]
    return done[-1] if done else 0


def _writer(data: Path, visit: str, address: str, log: Path) -> subprocess.Popen:
    out = open(log, "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data), visit, address],
        stdout=out,
        stderr=subprocess.STDOUT,
        env={**os.environ, "CARAVAN_TOKEN_STORE": "file"},
    )


def _wait_acks(log: Path, n: int, proc: subprocess.Popen) -> None:
    deadline = time.time() + 120
    while _acked(log) < n and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert _acked(log) >= n, log.read_text(errors="replace")


def test_laptop_processes_sigkilled_mid_write_converge_with_nothing_lost_or_doubled(
    laptops: Callable[..., App], hub, tmp_path: Path
) -> None:  # noqa: ANN001
    """A laptop's process writing counts and exchanging with a peer is SIGKILLed mid-write, and so
    is the peer's server while it receives; restarted, they converge: every count acknowledged
    before a kill is on both laptops, none twice, and the evening sync changes nothing."""
    import signal

    apps = [laptops(f"k{i}") for i in range(2)]
    first = apps[0]
    c = first.catalog.add_caravan("1号车")
    s = first.sites.add(name="济宁市第一中学", county="任城区", kind="初中")
    v = first.visits.add(s, c, dt.date.today())
    first.visits.arrive(v)
    for a in apps:
        a.sync.sync_now()
    dirs = [a.data_dir for a in apps]
    host = _host(0)
    port = _free(host)
    address = f"{host}:{port}"
    server = _serve(dirs[0], host, port, tmp_path / "serve0.log")
    acked = 0
    w: subprocess.Popen | None = None
    try:
        for round_ in range(3):
            log = tmp_path / f"writer{round_}.log"
            w = _writer(dirs[1], v, address, log)
            _wait_acks(log, 4 + 3 * round_, w)
            time.sleep(0.01 * (round_ + 1))  # somewhere in the next write or exchange
            w.send_signal(signal.SIGKILL)
            w.wait(10)
            acked += _acked(log)
            if round_ == 1:  # the peer's server dies while it receives a push
                server.send_signal(signal.SIGKILL)
                server.wait(10)
                server = _serve(dirs[0], host, port, tmp_path / "serve0b.log")
        first.attendance.tally(v, "teacher", 2)  # the serving laptop works too
        for _ in range(2):
            r = _caravan(dirs[1], "peer", "sync", address, "--json")
            assert r.returncode == 0, r.stdout + r.stderr
    finally:
        if w is not None and w.poll() is None:  # a failed wait leaves no writer counting for ever
            w.kill()
            w.wait(10)
        server.terminate()
        server.wait(10)
    totals = [a.attendance.totals(v) for a in apps]
    assert totals[0] == totals[1]
    with apps[1].db.read() as ls:  # every count the writer made, each once
        from sqlalchemy import func, select

        from caravan_app.storage import models as m

        made = int(
            ls.scalar(
                select(func.count()).select_from(m.Tally).where(m.Tally.visit_id == v, m.Tally.group == "primary")
            )
            or 0
        )
    assert acked <= totals[0]["primary"] == made <= acked + 3  # a kill may land after a commit, before its "ok"
    agreed = canonical_export(apps[0].db)
    assert canonical_export(apps[1].db) == agreed
    for _ in range(2):
        for a in apps:
            a.sync.sync_now()
    assert hub.export() == agreed
    assert all(canonical_export(a.db) == agreed for a in apps)
