"""Several laptops pushing at once through two hub processes sharing one database (as behind a
load balancer), while another laptop keeps pulling: no pull cursor skips a late commit."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from caravan_app.services.export import canonical_export

from .hubproc import free_port

pytestmark = pytest.mark.server


def test_parallel_pushes_through_two_hub_processes(hub, laptops) -> None:
    port = free_port()
    twin = hub.spawn(port, "--workers", "2")  # the twin itself is two worker processes
    try:
        twin_url = f"http://127.0.0.1:{port}"
        base = laptops("base")
        c = base.catalog.add_caravan("1号车")
        s = base.sites.add(name="泗水县实验中学", county="泗水县", kind="初中")
        v = base.visits.add(s, c, dt.date.today())
        base.visits.arrive(v)
        base.sync.sync_now()
        workers = [laptops(f"w{i}") for i in range(3)]
        reader = laptops("reader")
        for w in workers:
            w.sync.sync_now()
            for _ in range(300):
                w.attendance.tally(v, "junior", 1)
        errors: list[BaseException] = []

        def push(app, url: str) -> None:  # noqa: ANN001
            try:
                for _ in range(3):
                    app.sync.sync_now(server=url)
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [
            threading.Thread(target=push, args=(w, hub.url if i % 2 else twin_url)) for i, w in enumerate(workers)
        ]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):  # pull while the others commit
            reader.sync.sync_now(server=twin_url)
        for t in threads:
            t.join()
        assert not errors
        reader.sync.sync_now()
        assert reader.attendance.totals(v)["junior"] == 900
        expected = hub.export()
        for app in (*workers, base):
            app.sync.sync_now(server=twin_url)
        for app in (*workers, base, reader):
            assert canonical_export(app.db) == expected
    finally:
        twin.terminate()
        twin.wait(10)
