"""One derived-fact rule (domain/corrections.py RULES) for undos, voids, take-backs and merges:
the same correction made on two laptops before they sync is kept once, and every store — the
hub and both laptops — ends with the SAME copy: device, hlc and the fields that say how it was
made (reason, at), so canonical exports are byte-identical whatever the order of arrival."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from caravan_app.domain import corrections
from caravan_app.server import models as hm
from caravan_app.services.export import canonical_export
from caravan_app.storage import models as m

pytestmark = pytest.mark.server

ENTITIES = ("movement", "signin_correction", "tally_takeback", "merge")


def _copies(app, entity: str) -> dict[str, tuple]:  # noqa: ANN001
    spec_fields = [f for f in ("reason", "at", "override") if hasattr(m.MODELS[entity], f)]
    with app.db.read() as s:
        return {
            r.id: (r.device_id, r.hlc, *(getattr(r, f) for f in spec_fields))
            for r in s.scalars(select(m.MODELS[entity]))
            if corrections.is_derived(entity, r.id, {c: getattr(r, c) for c in _cols(entity)})
        }


def _cols(entity: str) -> list[str]:
    from caravan_app.domain.schema import ENTITIES as SPEC

    return list(SPEC[entity].fields)


def _hub_copies(hub, entity: str) -> dict[str, tuple]:  # noqa: ANN001
    spec_fields = [f for f in ("reason", "at", "override") if hasattr(m.MODELS[entity], f)]
    with hub.hdb.read() as s:
        out = {}
        for r in s.scalars(select(hm.Record).where(hm.Record.entity == entity)):
            data = json.loads(r.data)
            if corrections.is_derived(entity, r.id, data):
                out[r.id] = (r.device_id, r.hlc, *(data.get(f) for f in spec_fields))
        return out


@pytest.mark.parametrize("first", ["a", "b"])
def test_every_derived_fact_made_on_two_laptops_ends_as_one_copy_everywhere(hub, laptops, first: str) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b")
    c = a.catalog.add_caravan("1号车")
    s = a.sites.add(name="鱼台县第一中学", county="鱼台县", kind="高中")
    t = a.catalog.add_title("身边的科学")
    a.stock.load(c, t, 50)
    v = a.visits.add(s, c, a.clock.today())
    a.visits.arrive(v)
    give = a.stock.distribute(c, t, 20, v, "三年级")
    a.attendance.tally(v, "primary", 10)
    person = a.attendance.signin(v, "张三三", "parent").id
    s2 = a.sites.add(name="鱼台一中", county="鱼台县", kind="高中")  # the same school, another name
    a.sync.sync_now()
    b.sync.sync_now()
    # Offline, both laptops make the same corrections (different reasons, times, devices) …
    a.stock.undo(give, reason="发错了")
    b.stock.undo(give, reason="另一台也撤销")
    a.attendance.take_back(v, "primary", 4)
    b.attendance.take_back(v, "primary", 4)
    a.attendance.void_signin(person, "录错了")
    b.attendance.void_signin(person, "名字错了")
    a.merges.merge("site", s2, s)  # a person on each laptop merges the same two sites by hand
    b.merges.merge("site", s2, s)
    order = (a, b) if first == "a" else (b, a)
    for app in (*order, *order, *order):
        app.sync.sync_now()
    expected = hub.export()
    assert canonical_export(a.db) == canonical_export(b.db) == expected
    for entity in ENTITIES:
        on_hub = _hub_copies(hub, entity)
        assert on_hub, entity
        assert _copies(a, entity) == _copies(b, entity) == on_hub, entity  # device, hlc, reason, at
    (undo,) = [x for x in json.loads(expected)["entities"]["movement"] if x["kind"] == "undo"]
    assert undo["reason"].endswith(("发错了", "另一台也撤销"))  # one of the two, the same everywhere
    for app in (a, b):
        assert app.stock.balance(c, t) == 50  # the hand-out undone once
        assert app.attendance.totals(v)["primary"] == 6  # taken back once
        assert app.attendance.signin_count(v) == 0
        assert app.maintenance.check().ok, app.maintenance.check().problems
