"""Property: 2–5 laptops with wrong clocks work offline, sync partially through a faulty link,
then all sync: every export equals the hub's byte for byte and nothing is lost or doubled."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.sync.errors import SyncError
from tests.conftest import fresh_data_dir

from .conftest import skew
from .faultproxy import FaultProxy

pytestmark = pytest.mark.server

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"]
DAY = 86400

action = st.one_of(
    st.tuples(st.just("signin"), st.integers(0, 4), st.sampled_from(NAMES)),
    st.tuples(st.just("tally"), st.integers(0, 4), st.integers(-3, 40)),
    st.tuples(st.just("give"), st.integers(0, 4), st.integers(1, 30)),
    st.tuples(st.just("site"), st.integers(0, 4), st.sampled_from(["王校长", "李主任", "赵老师", None])),
    st.tuples(st.just("visit"), st.integers(0, 4), st.sampled_from(["科技进校园", "航天科普", "安全教育"])),
    st.tuples(st.just("sync"), st.integers(0, 4), st.sampled_from(["pass", "pass", "cut", "lose", "500"])),
    st.tuples(st.just("jump"), st.integers(0, 4), st.integers(-DAY, DAY)),
    st.tuples(st.just("restart"), st.integers(0, 4), st.just(0)),
)


@pytest.fixture(scope="module")
def link(hub_process):  # noqa: ANN001, ANN201
    p = FaultProxy(hub_process.port)
    yield p
    p.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    skews=st.lists(st.integers(-DAY, DAY), min_size=2, max_size=5),
    actions=st.lists(action, min_size=1, max_size=30),
)
def test_laptops_converge(hub_process, link, skews: list[int], actions: list[tuple]) -> None:  # noqa: ANN001
    hub = hub_process
    hub.reset()
    link.faults.clear()
    tmp = Path(tempfile.mkdtemp(prefix="prop-"))
    apps: list[App] = []
    try:
        for i, sk in enumerate(skews):
            a = App.open(fresh_data_dir(tmp / f"l{i}"))
            apps.append(a)
            skew(a, sk)  # the laptop's clock is wrong from the start …
            a.sync.enroll(hub.url, hub.code())  # … and enrollment measures by how much
        first = apps[0]
        c = first.catalog.add_caravan("1号车")
        s = first.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
        t = first.catalog.add_title("身边的科学")
        first.stock.load(c, t, 10_000)
        v = first.visits.add(s, c, dt.date.today())
        first.visits.arrive(v)
        for a in apps:
            a.sync.sync_now()
        tally_sum = 0  # counted (+N)
        takes: dict[str, tuple[str, int]] = {}  # take-back id -> (entry, qty): one fact per id
        given_ids: set[str] = set()
        signed: set[str] = set()
        for kind, idx, arg in actions:
            a = apps[idx % len(apps)]
            if kind == "signin":
                a.attendance.signin(v, arg, "parent")
                signed.add(arg)
            elif kind == "tally":
                if arg and a.attendance.totals(v)["primary"] + arg >= 0:
                    a.attendance.tally(v, "primary", arg)
                    if arg > 0:
                        tally_sum += arg
                    else:  # a take-back: the facts it wrote (ids derived from their entries)
                        takes.update(_takebacks(a))
            elif kind == "give":
                given_ids.add(a.stock.distribute(c, t, arg, v, "学生", override=True))
            elif kind == "site":
                a.sites.update(s, contact=arg)
            elif kind == "visit":
                a.visits.update(v, theme=arg)
            elif kind == "sync":
                link.faults.append(arg)
                try:
                    a.sync.sync_now(server=link.url)
                except SyncError:
                    pass
                link.faults.clear()
            elif kind == "jump":
                skew(a, arg)  # the clock changes while offline (a dead CMOS battery, a trip abroad)
            elif kind == "restart":  # the app is closed and opened again (its clock read back from disk)
                i = apps.index(a)
                a.close()
                apps[i] = App.open(a.data_dir)
        for _ in range(2):
            for a in apps:
                a.sync.sync_now()
        expected = hub.export()
        for a in apps:
            assert a.sync.pending_count() == 0
            assert a.sync.status().rejects == []
            assert canonical_export(a.db) == expected
        doc = json.loads(expected)["entities"]
        moves = {m["id"]: m for m in doc["movement"]}
        assert given_ids <= set(moves)  # nothing lost
        given_total = sum(-moves[i]["qty"] for i in given_ids)
        for a in apps:
            assert a.stock.balance(c, t) == 10_000 - given_total  # stock = the unique movements
            # The same take-back made on two laptops is one fact; an entry gives back at most its count.
            entries = {x["id"]: x["delta"] for x in doc["tally"]}
            taken: dict[str, int] = {}
            for entry, qty in takes.values():
                taken[entry] = taken.get(entry, 0) + qty
            expected_total = tally_sum - sum(min(entries[e], n) for e, n in taken.items())
            assert a.attendance.totals(v)["primary"] == expected_total >= 0
            assert a.maintenance.check().ok, a.maintenance.check().problems
            assert a.attendance.signin_count(v) == len(signed)  # nobody counted twice
    finally:
        for a in apps:
            a.close()


def _takebacks(a: App) -> dict[str, tuple[str, int]]:
    import sqlite3

    with sqlite3.connect(a.db.path) as conn:
        return {i: (e, q) for i, e, q in conn.execute("select id, tally_id, qty from tally_takebacks")}
