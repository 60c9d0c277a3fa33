"""``caravan sync`` killed with SIGKILL mid-sync, then run again: nothing lost, nothing doubled."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys

import pytest

from caravan_app.services.export import canonical_export
from tests.waiting import wait_until

pytestmark = [pytest.mark.server, pytest.mark.skipif(os.name == "nt", reason="POSIX signals")]


def _busy_day(app, n: int):  # noqa: ANN001, ANN202
    """``n`` sign-ins, tallies and hand-outs, written through the UnitOfWork in a few transactions
    (the same outbox rows the services write, much faster to set up)."""
    from caravan_app.storage.records import unit_of_work

    c = app.catalog.add_caravan("1号车")
    app.catalog.set_this_device("笔记本", c)
    s = app.sites.add(name="梁山县实验中学", county="梁山县", kind="初中")
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 100_000)
    v = app.visits.add(s, c, dt.date.today())
    app.visits.arrive(v)
    at = "2026-05-12T10:00:00"
    for start in range(0, n, 200):
        with unit_of_work(app.db) as u:
            for i in range(start, min(n, start + 200)):
                u.insert(
                    "signin",
                    {
                        "visit_id": v,
                        "name": f"学生{i}",
                        "group": "student",
                        "organisation": "梁山实验",
                        "phone": None,
                        "method": "manual",
                        "person_id": None,
                        "dedupe_key": f"k{i}",
                        "at": at,
                    },
                )
                u.insert("tally", {"visit_id": v, "group": "junior", "delta": 2, "at": at})
                u.insert(
                    "movement",
                    {
                        "caravan_id": c,
                        "title_id": t,
                        "kind": "distribute",
                        "qty": -1,
                        "visit_id": v,
                        "recipient": f"学生{i}",
                        "reason": None,
                        "override": None,
                        "ref_id": None,
                        "at": at,
                    },
                )
    return c, t, v


def _start_sync(app, url: str) -> subprocess.Popen:  # noqa: ANN001
    return subprocess.Popen(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(app.data_dir), "sync", "--server", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("when", ["answer_held", "second_batch", "pulling"])
def test_sigkill_during_sync_then_sync_again(hub, laptops, proxy, when: str) -> None:
    a, b = laptops("a"), laptops("b")
    n = 400  # 1,200+ changes: three push batches
    c, t, v = _busy_day(a, n)
    target = a
    if when == "answer_held":
        proxy.faults.append("hold:30")
    elif when == "second_batch":
        proxy.faults.extend(["pass", "hold:30"])
    else:
        a.sync.sync_now()
        target = b
        proxy.faults.extend(["pass", "hold:30"])  # push+first page, then the second page waits
    p = _start_sync(target, proxy.url)
    assert proxy.held.wait(60), "the sync never reached the held answer"
    p.send_signal(signal.SIGKILL)
    p.wait(10)
    assert p.returncode == -signal.SIGKILL  # reaped: its sockets and SQLite locks are gone, no grace sleep needed
    proxy.faults.clear()
    proxy.faults.append("pass")
    for app in (a, b, a):
        app.sync.sync_now()
    expected = hub.export()
    for app in (a, b):
        assert app.sync.pending_count() == 0
        assert canonical_export(app.db) == expected
        assert app.attendance.signin_count(v) == n
        assert app.attendance.totals(v)["junior"] == 2 * n
        assert app.stock.balance(c, t) == 100_000 - n


def test_hub_killed_mid_push_then_restarted(hub, laptops) -> None:
    """The hub dies (SIGKILL) while applying batches; restarted, the next sync completes exactly."""
    import threading

    from caravan_app.sync.errors import SyncError

    a, b = laptops("a"), laptops("b")
    n = 400
    c, t, v = _busy_day(a, n)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            a.sync.sync_now()
        except SyncError as exc:
            errors.append(exc)

    from sqlalchemy import text

    th = threading.Thread(target=run)
    th.start()

    def first_batch_in() -> bool:  # the first batch is in: kill the hub during the next one
        with hub.hdb.engine.connect() as conn:
            return bool(conn.execute(text("select max(last_seq) from hub_devices")).scalar())

    wait_until(first_batch_in, timeout=30, what="the hub to commit the first push batch", interval=0.005)
    hub.proc.send_signal(signal.SIGKILL)
    hub.proc.wait(10)
    th.join(60)
    assert errors and errors[0].code == "offline"  # the laptop saw the hub vanish mid-sync
    assert a.sync.pending_count() > 0
    hub.proc = hub.spawn(hub.port)  # stateless: a new process over the same database
    for app in (a, b, a):
        app.sync.sync_now()
    expected = hub.export()
    for app in (a, b):
        assert app.sync.pending_count() == 0
        assert canonical_export(app.db) == expected
        assert app.attendance.signin_count(v) == n
        assert app.attendance.totals(v)["junior"] == 2 * n
        assert app.stock.balance(c, t) == 100_000 - n
