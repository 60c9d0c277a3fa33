"""``caravan sync`` killed with SIGKILL mid-sync, then run again: nothing lost, nothing doubled."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest

from caravan_app.services.export import canonical_export

pytestmark = [pytest.mark.server, pytest.mark.skipif(os.name == "nt", reason="POSIX signals")]


def _busy_day(app, n: int):  # noqa: ANN001, ANN202
    c = app.catalog.add_caravan("1号车")
    app.catalog.set_this_device("笔记本", c)
    s = app.sites.add(name="梁山县实验中学", county="梁山县", kind="初中")
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 100_000)
    v = app.visits.add(s, c, dt.date.today())
    app.visits.arrive(v)
    for i in range(n):
        app.attendance.signin(v, f"学生{i}", "student", "梁山实验")
        app.attendance.tally(v, "junior", 2)
        app.stock.distribute(c, t, 1, v, f"学生{i}")
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
    assert p.returncode == -signal.SIGKILL
    time.sleep(0.2)
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
