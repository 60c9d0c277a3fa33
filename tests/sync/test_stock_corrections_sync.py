"""Stock corrections across two laptops and a real hub (issue #10, finding 3): the same undo
made offline on both laptops is ONE fact after sync — stock and hand-outs counted once, the
same bytes on every device and on the hub."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from caravan_app.domain import corrections
from caravan_app.services.export import canonical_export
from caravan_app.storage import models as m
from caravan_app.storage.sync_store import rejects

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
    return -sum(r["qty"] for r in app.stock.movements(visit_id=v) if r["kind"] in ("distribute", "undo"))


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
