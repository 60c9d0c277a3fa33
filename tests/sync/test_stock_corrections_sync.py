"""Stock corrections across two laptops and a real hub (issue #10, finding 3): the same undo
made offline on both laptops is ONE fact after sync — stock and hand-outs counted once, the
same bytes on every device and on the hub."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from caravan_app.domain import corrections
from caravan_app.domain.errors import NotFound, RuleError
from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.storage import models as m
from caravan_app.storage.sync_store import rejects
from caravan_app.sync.errors import SyncError
from tests.conftest import fresh_data_dir
from tests.helpers.props import examples

from .conftest import skew
from .faultproxy import FaultProxy

pytestmark = pytest.mark.server


def _field(app):  # noqa: ANN001, ANN202
    c = app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    c2 = app.catalog.add_caravan("2号车", "鲁H22222", "任城区")
    app.catalog.set_this_device("笔记本A", c)
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县", kind="高中", students=3694)
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 100)
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园")
    app.visits.arrive(v)
    return c, c2, t, v


def _undo_rows(app, ref):  # noqa: ANN001, ANN202
    with app.db.read() as s:
        return int(s.scalar(select(func.count()).where(m.Movement.kind == "undo", m.Movement.ref_id == ref)) or 0)


def _handed_out(app, v):  # noqa: ANN001, ANN202
    return -sum(r.qty for r in app.stock.movements(visit_id=v) if r.kind in ("distribute", "undo"))


@pytest.mark.parametrize("first", ["a", "b"])
def test_the_same_undo_on_two_laptops_is_one_fact_after_sync(hub, laptops, first: str) -> None:
    a, b = laptops("a"), laptops("b")
    c, c2, t, v = _field(a)
    given = a.stock.distribute(c, t, 26, v, "三年级")
    a.stock.distribute(c, t, 4, v, "四年级")
    out_id, _in_id = a.stock.transfer(c, c2, t, 5)
    a.sync.sync_now()
    b.sync.sync_now()
    b.catalog.set_this_device("笔记本B", c)
    assert b.stock.balance(c, t) == 65
    # Offline, both laptops undo the same hand-out and the same transfer.
    ua, ub = a.stock.undo(given), b.stock.undo(given)
    assert ua.ids == ub.ids == [corrections.derived_id("movement.undo", given)]
    a.stock.undo(out_id)
    b.stock.undo(_in_id)  # the other half: the same pair
    order = (a, b) if first == "a" else (b, a)
    for app in (*order, order[0]):
        app.sync.sync_now()
    assert a.sync.pending_count() == b.sync.pending_count() == 0
    assert rejects(a.db) == rejects(b.db) == []  # the second copy is accepted, not rejected
    for app in (a, b):
        assert app.stock.balance(c, t) == 100 - 4  # counted once: +26 back, +5 back
        assert app.stock.balance(c2, t) == 0
        assert _handed_out(app, v) == 4
        assert _undo_rows(app, given) == 1 and _undo_rows(app, out_id) == 1
        rep = app.maintenance.check()
        assert rep.ok, rep.problems
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
    doc = json.loads(hub.export())
    assert sum(1 for r in doc["entities"]["movement"] if r["ref_id"] == given and r["kind"] == "undo") == 1
    # Undoing again is refused on both laptops, now that each sees the one undo.
    for app in (a, b):
        with pytest.raises(Exception, match="already undone"):
            app.stock.undo(given)


def test_a_third_laptop_bootstrapping_after_the_double_undo_gets_one_undo(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    c, _c2, t, v = _field(a)
    given = a.stock.distribute(c, t, 26, v, "三年级")
    a.sync.sync_now()
    b.sync.sync_now()
    a.stock.undo(given)
    b.stock.undo(given)
    b.sync.sync_now()
    a.sync.sync_now()
    b.sync.sync_now()
    fresh = laptops("c")
    fresh.sync.sync_now()
    assert fresh.stock.balance(c, t) == 100 and _undo_rows(fresh, given) == 1
    assert canonical_export(fresh.db) == canonical_export(a.db) == canonical_export(b.db) == hub.export()


def test_the_copy_with_the_recorded_override_is_kept_everywhere(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    c, _c2, t, v = _field(a)
    load = a.stock.load(c, t, 25)
    a.sync.sync_now()
    b.sync.sync_now()
    b.catalog.set_this_device("笔记本B", c)
    a.stock.distribute(c, t, 120, v, "学校")  # offline on A: 5 left there
    with pytest.raises(Exception, match="Not enough stock"):
        a.stock.undo(load)
    a.stock.undo(load, override=True)  # A confirms going to −20 …
    b.stock.undo(load)  # … B, not knowing of the hand-out, needs no confirmation
    for app in (b, a, b):  # B's copy reaches the hub first
        app.sync.sync_now()
    for app in (a, b):
        with app.db.read() as s:
            (row,) = s.scalars(select(m.Movement).where(m.Movement.kind == "undo"))
        assert row.override is True and row.device_id == a.db.device_id
        assert app.stock.balance(c, t) == -20
        assert app.maintenance.check().ok
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()


# --- property: random hand-outs, transfers and undos (the same undo on several laptops) ------

DAY = 86400
stock_action = st.one_of(
    st.tuples(st.just("give"), st.integers(0, 2), st.integers(1, 30)),
    st.tuples(st.just("transfer"), st.integers(0, 2), st.integers(1, 30)),
    st.tuples(st.just("undo"), st.integers(0, 2), st.integers(0, 50)),
    st.tuples(st.just("sync"), st.integers(0, 2), st.sampled_from(["pass", "pass", "cut", "lose"])),
)


@pytest.fixture(scope="module")
def link(hub_process):  # noqa: ANN001, ANN201
    p = FaultProxy(hub_process.port)
    yield p
    p.close()


@pytest.mark.slow
@settings(max_examples=examples(8), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    skews=st.lists(st.integers(-DAY, DAY), min_size=2, max_size=3),
    actions=st.lists(stock_action, min_size=1, max_size=25),
)
def test_undos_on_several_laptops_converge_and_count_once(hub_process, link, skews, actions) -> None:  # noqa: ANN001
    hub = hub_process
    hub.reset()
    link.faults.clear()
    tmp = Path(tempfile.mkdtemp(prefix="undo-prop-"))
    apps: list[App] = []
    try:
        for i, sk in enumerate(skews):
            a = App.open(fresh_data_dir(tmp / f"l{i}"))
            apps.append(a)
            skew(a, sk)
            a.sync.enroll(hub.url, hub.code())
        c, c2, t, v = _field(apps[0])
        for a in apps:
            a.sync.sync_now()
        made: list[tuple[str, str, int]] = []  # (kind, movement id, qty) in the order made
        for kind, idx, arg in actions:
            a = apps[idx % len(apps)]
            if kind == "give":
                made.append(("give", a.stock.distribute(c, t, arg, v, "学生", override=True), arg))
            elif kind == "transfer":
                made.append(("transfer", a.stock.transfer(c, c2, t, arg, override=True)[arg % 2], arg))
            elif kind == "undo" and made:
                try:
                    a.stock.undo(made[arg % len(made)][1], override=True)
                except (RuleError, NotFound):
                    pass  # already undone here, or not on this laptop yet
            elif kind == "sync":
                link.faults.append(arg)
                try:
                    a.sync.sync_now(server=link.url)
                except SyncError:
                    pass
                link.faults.clear()
        for _ in range(2):
            for a in apps:
                a.sync.sync_now()
        expected = hub.export()
        doc = json.loads(expected)["entities"]["movement"]
        undos = [r["ref_id"] for r in doc if r["kind"] == "undo"]
        assert len(undos) == len(set(undos))  # no reversal applied twice
        undone = set(undos)
        pair = {r["id"]: r["ref_id"] for r in doc if r["kind"] == "transfer_in"}
        for in_id, out_id in pair.items():
            assert (in_id in undone) == (out_id in undone)  # transfers only as pairs
        live_give = sum(q for k, mid, q in made if k == "give" and mid not in undone)
        live_move = sum(q for k, mid, q in made if k == "transfer" and mid not in undone)
        for a in apps:
            assert a.sync.pending_count() == 0 and a.sync.status().rejects == []
            assert canonical_export(a.db) == expected
            assert a.stock.balance(c, t) == 100 - live_give - live_move
            assert a.stock.balance(c2, t) == live_move
            assert _handed_out(a, v) == live_give
            rep = a.maintenance.check()
            assert not [p for p in rep.problems if "undo" in p or "撤销" in p], rep.problems
    finally:
        for a in apps:
            a.close()


# --- finding 3 as a crew types it: two laptops, the real hub, the `caravan` command ------------


def _caravan(data: Path, *args: str):  # noqa: ANN202
    from tests.helpers.cli import caravan

    p = caravan(data, *args, env={"CARAVAN_TOKEN_STORE": "file"})
    return json.loads(p.stdout) if "--json" in args else p.stdout


@pytest.mark.slow
def test_cli_finding_3_the_same_undo_typed_on_two_laptops_counts_once(hub, tmp_path: Path) -> None:
    a, b = fresh_data_dir(tmp_path / "a"), fresh_data_dir(tmp_path / "b")
    for d in (a, b):
        _caravan(d, "enroll", "--server", hub.url, "--code", hub.code())
    _caravan(a, "van", "add", "1号车")
    _caravan(a, "device", "setup", "--caravan", "1号车", "--name", "笔记本A")
    _caravan(a, "site", "add", "西平中学", "--county", "微山县")
    _caravan(a, "title", "add", "身边的科学")
    vid = _caravan(a, "--json", "visit", "add", "西平中学", "--date", dt.date.today().isoformat())["id"]
    _caravan(a, "stock", "load", "身边的科学", "29")
    _caravan(a, "visit", "start", vid)
    given = _caravan(a, "--json", "distribute", vid, "身边的科学", "26", "--to", "三年级")["movement"]
    _caravan(a, "distribute", vid, "身边的科学", "2", "--to", "四年级")
    _caravan(a, "sync")
    _caravan(b, "sync")
    _caravan(b, "device", "setup", "--caravan", "1号车", "--name", "笔记本B")
    ua = _caravan(a, "--json", "undo", given)  # offline, on both laptops
    ub = _caravan(b, "--json", "undo", given)
    assert ua["undo"] == ub["undo"] and "三年级" in ua["zh"]
    for d in (a, b, a):
        _caravan(d, "sync")
    for d in (a, b):
        assert _caravan(d, "--json", "stock")[0]["on_hand"] == 27  # not 27 + 26 (undo counted twice)
        assert _caravan(d, "--json", "check")["ok"] is True
    assert _caravan(b, "--json", "visit", "complete", vid)["books"] == 2  # the hand-out figure, once
    _caravan(b, "sync")
    _caravan(a, "sync")
    ea, eb = tmp_path / "a.json", tmp_path / "b.json"
    _caravan(a, "export", str(ea))
    _caravan(b, "export", str(eb))
    assert ea.read_bytes() == eb.read_bytes() == hub.export()
