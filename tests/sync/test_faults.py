"""A flaky link between laptop and hub: whatever breaks, the next sync repairs everything."""

from __future__ import annotations

import datetime as dt

import pytest

from caravan_app.services.export import canonical_export
from caravan_app.services.sync_service import SyncService
from caravan_app.sync.client import HubClient
from caravan_app.sync.errors import SyncError
from tests.waiting import wait_until

pytestmark = pytest.mark.server


def _work(app, n_tallies: int = 5):  # noqa: ANN001, ANN202
    c = app.catalog.add_caravan("1号车")
    app.catalog.set_this_device("笔记本", c)
    s = app.sites.add(name="嘉祥县实验小学", county="嘉祥县", kind="小学")
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 5000)
    v = app.visits.add(s, c, dt.date.today())
    app.visits.arrive(v)
    for i in range(n_tallies):
        app.attendance.tally(v, "primary", 1 + i % 3)
        app.stock.distribute(c, t, 1, v, f"{i}班")
    return c, t, v


def _check(hub, *apps) -> None:  # noqa: ANN001
    for a in apps:
        assert a.sync.pending_count() == 0
        assert canonical_export(a.db) == hub.export()


@pytest.mark.parametrize("fault", ["cut", "lose", "500", "delay:0.3"])
def test_push_fault_then_next_sync_repairs(hub, laptops, proxy, fault: str) -> None:
    a = laptops("a")
    c, t, v = _work(a)
    proxy.faults.append(fault)
    if fault.startswith("delay"):
        a.sync.sync_now(server=proxy.url)
    else:
        with pytest.raises(SyncError) as ei:
            a.sync.sync_now(server=proxy.url)
        assert ei.value.code in ("offline", "server")
        assert a.sync.pending_count() > 0  # nothing marked as sent that the laptop cannot prove
    a.sync.sync_now(server=proxy.url)
    _check(hub, a)
    b = laptops("b")
    b.sync.sync_now(server=proxy.url)
    _check(hub, b)
    total = sum(1 + i % 3 for i in range(5))
    assert b.attendance.totals(v)["primary"] == total  # not doubled by the resend
    assert b.stock.balance(c, t) == 4995


@pytest.mark.parametrize("fault", ["cut", "lose", "500"])
def test_pull_fault_then_next_sync_repairs(hub, laptops, proxy, fault: str) -> None:
    a, b = laptops("a"), laptops("b")
    _work(a, 30)
    a.sync.sync_now()
    proxy.faults.append(fault)  # b's first request: push (empty) + first pull page
    with pytest.raises(SyncError):
        b.sync.sync_now(server=proxy.url)
    assert b.db.get_meta("sync_cursor") in (None, "0")
    b.sync.sync_now(server=proxy.url)
    _check(hub, a, b)


def test_faults_in_the_middle_of_a_long_sync(hub, laptops, proxy) -> None:
    a, b = laptops("a"), laptops("b")
    _work(a, 700)  # > 2 push batches and several pull pages
    proxy.faults.extend(["pass", "lose"])
    with pytest.raises(SyncError):
        a.sync.sync_now(server=proxy.url)
    proxy.faults.extend(["cut"])
    with pytest.raises(SyncError):
        a.sync.sync_now(server=proxy.url)
    res = a.sync.sync_now(server=proxy.url)
    assert res.duplicates == 500 and res.pushed == 907  # the lost answer's batch was recognised, not applied twice
    proxy.faults.extend(["pass", "500"])
    with pytest.raises(SyncError):
        b.sync.sync_now(server=proxy.url)
    b.sync.sync_now(server=proxy.url)
    _check(hub, a, b)


def test_timeout_then_late_commit(hub, laptops, proxy) -> None:
    """The laptop gives up waiting; the hub commits afterwards; the next sync sorts it out."""
    a = laptops("a")
    _work(a)
    impatient = SyncService(a.db, a.data_dir, client_factory=lambda url, tok: HubClient(url, tok, timeout=0.5))
    empty = hub.export()
    proxy.faults.append("delay:1.5")
    with pytest.raises(SyncError) as ei:
        impatient.sync_now(server=proxy.url)
    assert ei.value.code == "offline"
    wait_until(lambda: hub.export() != empty, what="the delayed push to commit on the hub")
    res = a.sync.sync_now(server=proxy.url)
    assert res.duplicates > 0
    _check(hub, a)


def test_never_two_syncs_at_once(hub, laptops, proxy) -> None:
    import threading

    a = laptops("a")
    _work(a)
    proxy.faults.append("delay:1.0")
    errors: list[SyncError] = []
    seen = proxy.requests
    t = threading.Thread(target=lambda: a.sync.sync_now(server=proxy.url))
    t.start()
    wait_until(lambda: proxy.requests > seen, what="the first sync's request to be on the wire")
    try:
        a.sync.sync_now(server=proxy.url)
    except SyncError as exc:
        errors.append(exc)
    t.join()
    assert errors and errors[0].code == "busy"
    other = SyncService(a.db, a.data_dir)  # a second window/process on the same data folder
    proxy.faults.append("delay:1.0")
    seen = proxy.requests
    t = threading.Thread(target=lambda: a.sync.sync_now(server=proxy.url))
    t.start()
    wait_until(lambda: proxy.requests > seen, what="the first sync's request to be on the wire")
    with pytest.raises(SyncError) as ei:
        other.sync_now(server=proxy.url)
    assert ei.value.code == "busy"
    t.join()
    _check(hub, a)
