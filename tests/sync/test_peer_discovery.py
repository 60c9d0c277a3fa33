"""Laptops near each other find each other by mDNS/DNS-SD (zeroconf), with no address typed: a
`caravan peer serve` process announces itself, and another laptop's ``PeerHost`` (what the desktop
app runs while a visit is open) browses, finds it, is trusted and follows it: a count made on the
serving laptop reaches the other. Skipped, saying so, only where this machine cannot loop a
multicast datagram back to itself (then mDNS cannot work here and the manual address is the
fallback, tested in test_peer_processes.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from caravan_app.services.app import App
from caravan_app.services.peers import PeerHost
from caravan_app.sync.peer_discovery import browse

pytestmark = [pytest.mark.server, pytest.mark.slow]

MDNS_GROUP = "224.0.0.251"


def _multicast_loops() -> str | None:
    """None if a datagram sent to the mDNS group comes back to this machine; else why not."""
    port = 20000 + secrets.randbelow(20000)
    token = secrets.token_bytes(12)
    try:
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx,
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as tx,
        ):
            rx.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            rx.bind(("", port))
            rx.setsockopt(
                socket.IPPROTO_IP,
                socket.IP_ADD_MEMBERSHIP,
                struct.pack("4s4s", socket.inet_aton(MDNS_GROUP), socket.inet_aton("0.0.0.0")),
            )
            rx.settimeout(2.0)
            tx.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
            tx.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
            tx.sendto(token, (MDNS_GROUP, port))
            end = time.monotonic() + 2.0
            while time.monotonic() < end:
                if rx.recv(64) == token:
                    return None
    except OSError as exc:
        return f"multicast is unavailable on this machine ({exc})"
    return "a multicast datagram sent to the mDNS group did not come back within 2 s"


@pytest.fixture(scope="module", autouse=True)
def _need_multicast() -> None:
    why = _multicast_loops()
    if why is not None:
        pytest.skip(f"mDNS cannot be tested here: {why}")


def _serve(data: Path, port: int, log: Path) -> subprocess.Popen:
    out = open(log, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), "peer", "serve"]
        + ["--host", "127.0.0.1", "--port", str(port)],  # announced by mDNS (no --no-announce)
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


def _free() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _until(cond: Callable[[], bool], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.3)
    return cond()


def test_a_served_laptop_is_found_by_mdns_and_followed(laptops: Callable[..., App], tmp_path: Path) -> None:
    a, b = laptops("a"), laptops("b")
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    a.attendance.tally(v, "primary", 11)
    port = _free()
    proc = _serve(a.data_dir, port, tmp_path / "serve.log")
    host = PeerHost(b.peers, host="127.0.0.1", port=0)  # announces b too, and browses
    try:
        found = browse(3.0, exclude=b.db.device_id)
        mine = [f for f in found if f.device_id == a.db.device_id]
        assert mine and mine[0].address.endswith(f":{port}") and mine[0].caravan == "1号车"
        listed = subprocess.run(
            [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(b.data_dir), "peer", "list", "--json"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "CARAVAN_TOKEN_STORE": "file"},
            check=True,
        )
        assert a.db.device_id in {f["device_id"] for f in json.loads(listed.stdout)["near"]}
        host.start()  # b follows every trusted laptop it finds: no address given
        assert _until(lambda: b.attendance.totals(v)["primary"] == 11, 60), host.last_error
        a.attendance.tally(v, "primary", 2)  # written by a's process: b's long poll hears of it
        assert _until(lambda: b.attendance.totals(v)["primary"] == 13, 60), host.last_error
        assert not host.addresses  # found, never named
    finally:
        host.stop()
        proc.terminate()
        proc.wait(10)
    assert b.sync.pending_count() == 0  # what b learned stays a's to push


def test_two_peer_hosts_find_each_other(laptops: Callable[..., App]) -> None:
    """Both announce and both browse: each lists the other as near by."""
    a, b = laptops("a"), laptops("b")
    ha = PeerHost(a.peers, host="127.0.0.1").start()
    hb = PeerHost(b.peers, host="127.0.0.1").start()
    try:
        assert _until(lambda: a.db.device_id in {f.device_id for f in b.peers.near(1.5)}, 30)
        assert _until(lambda: b.db.device_id in {f.device_id for f in a.peers.near(1.5)}, 30)
    finally:
        ha.stop()
        hb.stop()
