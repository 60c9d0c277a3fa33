"""Property: 2–5 laptops with wrong clocks work offline, sync partially through a faulty link,
then all sync: every export equals the hub's byte for byte and nothing is lost or doubled.
A hostile device meanwhile pushes out-of-range and malformed values (and an old, unvalidated hub
stored one): it gets 4xx or rejections, the others quarantine what they cannot store and, once
the operator retracted it, converge (issue #13)."""

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
from tests.helpers.props import examples

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
    st.tuples(st.just("hostile"), st.integers(0, 5), st.just(0)),
)

HOSTILE_DEV = "00000000-0000-7000-8000-0000000bad00"


def _hostile(hub, kind: int, n: int, visit: str) -> None:  # noqa: ANN001
    """One hostile act; the hub must answer 4xx or reject it, never 5xx."""
    import httpx
    from sqlalchemy import select

    from caravan_app.server import models as hm
    from caravan_app.server.apply import dumps
    from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA

    rid = f"00000000-0000-7000-8000-{n:012d}"
    tally = {"visit_id": visit, "group": "primary", "delta": 1, "at": "2026-05-01T10:00:00"}
    if kind == 5:  # what an old, unvalidated hub stored: straight into the database
        with hub.hdb.write() as s, s.begin():
            counter = s.scalars(select(hm.Counter).where(hm.Counter.name == "seq")).one()
            counter.value += 1
            data = dumps({**tally, "delta": 10**30})
            s.add(
                hm.Record(
                    entity="tally",
                    id=rid,
                    device_id=HOSTILE_DEV,
                    hlc="1700000000000.00000",
                    data=data,
                    seq=counter.value,
                )
            )
        return
    mu = {"seq": n, "id": rid, "entity": "tally", "op": "insert", "hlc": "1700000000000.00000", "data": tally}
    mu = [
        {**mu, "data": {**tally, "delta": 2**63}},
        {**mu, "entity": "site", "data": {"name": "x\x00", "county": "c"}},
        {**mu, "seq": str(n)},
        {**mu, "data": {**tally, "delta": 100_001}},
        {**mu, "data": {**tally, "visit_id": "00000000-0000-7000-8000-00000000ffff"}},
    ][kind]
    tok = hub.hostile_token
    body = {"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "device_id": HOSTILE_DEV, "mutations": [mu]}
    r = httpx.post(hub.url + "/sync/push", json=body, headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code < 500, r.text
    if r.status_code == 200:
        assert [x["status"] for x in r.json()["results"]] == ["rejected"]
    else:
        assert r.status_code == 422


@pytest.fixture(scope="module")
def link(hub_process):  # noqa: ANN001, ANN201
    p = FaultProxy(hub_process.port)
    yield p
    p.close()


@settings(max_examples=examples(15, ci=8), deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
        import httpx

        from caravan_app.sync.protocol import PROTOCOL_VERSION, SCHEMA

        hub.hostile_token = httpx.post(
            hub.url + "/enroll",
            json={"protocol": PROTOCOL_VERSION, "schema": SCHEMA, "code": hub.code(), "device_id": HOSTILE_DEV},
        ).json()["token"]
        hostile_n = 0
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
            elif kind == "hostile":
                hostile_n += 1
                _hostile(hub, idx, hostile_n, v)
            elif kind == "restart":  # the app is closed and opened again (its clock read back from disk)
                i = apps.index(a)
                a.close()
                apps[i] = App.open(a.data_dir)
        for a in apps:
            a.sync.sync_now()  # the others keep syncing: what they cannot store is quarantined
        from caravan_app.server.hub import list_bad, retract

        bad = list_bad(hub.hdb)["bad"]
        assert {q["record_id"] for q in apps[0].sync.status().quarantined} == {b["id"] for b in bad}
        for b in bad:
            retract(hub.hdb, str(b["id"]), str(b["entity"]))
        for _ in range(2):
            for a in apps:
                a.sync.sync_now()
        expected = hub.export()
        for a in apps:
            assert a.sync.pending_count() == 0
            assert a.sync.status().rejects == []
            assert a.sync.status().quarantined == []  # retracted: gone everywhere
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
