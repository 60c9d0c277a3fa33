"""Peer sync over real HTTPS on loopback: two laptops serve, one syncs with the other's
address; the TLS certificate is pinned through the signed proof, news arrives by long poll."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.services.peers import HttpLink

pytestmark = pytest.mark.server


def test_two_laptops_sync_over_https_and_hear_of_changes(laptops: Callable[..., App]) -> None:
    import datetime as dt

    a, b = laptops("a"), laptops("b")
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    a.attendance.tally(v, "primary", 12)
    srv_a = a.peers.serve("127.0.0.1", 0)
    srv_b = b.peers.serve("127.0.0.1", 0)
    try:
        res = b.peers.sync_with(f"127.0.0.1:{srv_a.port}")
        assert res.in_sync and b.attendance.totals(v)["primary"] == 12
        b.attendance.tally(v, "primary", 3)
        a.peers.sync_with(srv_b.url)  # a asks b: b's count reaches a
        assert a.attendance.totals(v)["primary"] == 15
        assert canonical_export(a.db) == canonical_export(b.db)
        # the push on change: b waits on a; a receives facts from b; b's wait answers
        link = HttpLink(srv_a.url)
        try:
            a_hello = a.peers.hello()
            gen = a.peers.generation
            greet = link.hello(b.peers.hello(), "n" * 24)
            assert greet.hello.device_id == a_hello.device_id
            link.prove(b.db.device_id, b.peers._sign(greet.nonce, None))
            got: list[int] = []
            waiter = threading.Thread(target=lambda: got.append(link.wait(gen, timeout=20)))
            waiter.start()
            b.attendance.tally(v, "primary", 1)
            b.peers.sync_with(srv_a.url)
            waiter.join(25)
            assert got and got[0] != gen
        finally:
            link.close()
    finally:
        srv_a.stop()
        srv_b.stop()


def test_a_following_laptop_hears_of_a_count_without_asking(laptops: Callable[..., App]) -> None:
    """PeerHost (what the desktop app owns while a visit is open): B follows A by long poll, so
    a count on A reaches B without B running a sync; when A goes away B keeps working alone."""
    import datetime as dt
    import time

    from caravan_app.services.peers import PeerHost

    a, b = laptops("a"), laptops("b")
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    host_a = PeerHost(a.peers, host="127.0.0.1", announce=False).start()
    news = threading.Event()
    assert host_a.server is not None
    host_b = PeerHost(b.peers, lambda _r: news.set(), host="127.0.0.1", announce=False, addresses=[host_a.server.url])
    host_b.start()
    try:
        assert news.wait(60)  # the visit arrived
        news.clear()
        a.attendance.tally(v, "primary", 9)
        deadline = time.monotonic() + 60
        while b.attendance.totals(v)["primary"] != 9 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b.attendance.totals(v)["primary"] == 9
    finally:
        host_a.stop()
    b.attendance.tally(v, "primary", 1)  # A is gone: B goes on alone
    assert b.attendance.totals(v)["primary"] == 10
    host_b.stop()
