"""Records the hub authors itself (server/authoring.py) through a real hub process: they reach
every laptop like any other laptop's records, a retry changes nothing, and every store's
canonical export stays byte-identical."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from caravan_app.domain.ids import new_id
from caravan_app.server import models as hm
from caravan_app.server.authoring import AuthoringRefused, Draft, author, author_many, hub_device_id
from caravan_app.services.export import canonical_export

pytestmark = pytest.mark.server


def _field_day(a):  # noqa: ANN001, ANN202
    c = a.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    s = a.sites.add(name="唐口中心小学", county="任城区", kind="小学")
    v = a.visits.add(s, c, dt.date.today(), theme="科技进校园")
    a.sync.sync_now()
    return c, s, v


def test_a_hub_authored_record_reaches_an_office_laptop_and_a_van_laptop(hub, laptops) -> None:  # noqa: ANN001
    office, van = laptops("office"), laptops("van", role="van")
    _c, _s, v = _field_day(van)
    office.sync.sync_now()
    site = new_id()
    made = author(hub.hdb, "site", site, {"name": "喻屯镇中学", "county": "任城区", "kind": "初中"}, by="王科员")
    edited = author(hub.hdb, "visit", v, {"theme": "安全教育进校园"}, op="update")
    assert made.status == edited.status == "ok" and made.device_id == hub_device_id(hub.hdb)
    for app in (office, van):
        app.sync.sync_now()
        assert app.sites.get(site).name == "喻屯镇中学"
        assert app.visits.get(v).theme == "安全教育进校园"
    assert canonical_export(office.db) == canonical_export(van.db) == hub.export()


def test_authoring_the_same_record_again_is_a_duplicate_and_changes_nothing(hub, laptops) -> None:  # noqa: ANN001
    a = laptops("a")
    _field_day(a)
    site = new_id()
    data = {"name": "喻屯镇中学", "county": "任城区", "kind": "初中"}
    assert author(hub.hdb, "site", site, data).status == "ok"
    a.sync.sync_now()
    exported = hub.export()
    with hub.hdb.read() as s:
        top = s.scalar(select(hm.Counter.value).where(hm.Counter.name == "seq"))
    # an append-only fact authored twice (a console form submitted twice) is one fact
    reopen = new_id()
    fact = {"visit_id": _visit_of(a), "reason": "补录", "by": "办公室", "at": "2026-05-12T09:00:00"}
    first = author_many(hub.hdb, [Draft("visit_reopen", reopen, fact)])
    again = author_many(hub.hdb, [Draft("visit_reopen", reopen, fact)])
    assert [r.status for r in first + again] == ["ok", "duplicate"]
    a.sync.sync_now()
    assert canonical_export(a.db) == hub.export() != exported
    with hub.hdb.read() as s:
        assert s.scalar(select(hm.Counter.value).where(hm.Counter.name == "seq")) == top + 1


def test_a_record_the_checks_refuse_is_not_stored(hub, laptops) -> None:  # noqa: ANN001
    a = laptops("a")
    _field_day(a)
    before = hub.export()
    with pytest.raises(AuthoringRefused) as e:
        author(hub.hdb, "visit_reopen", new_id(), {"visit_id": new_id(), "reason": "x", "at": "2026-05-12T09:00:00"})
    assert e.value.code == "unknown_reference"
    with pytest.raises(AuthoringRefused) as e:
        author(hub.hdb, "visit_reopen", new_id(), {"visit_id": _visit_of(a), "reason": "x", "at": "昨天"})
    assert e.value.code == "bad_value"
    assert hub.export() == before


def _visit_of(a) -> str:  # noqa: ANN001
    (row,) = a.visits.list()
    return row.id


def test_the_hubs_own_device_is_not_a_laptop_the_operator_manages(hub, laptops) -> None:  # noqa: ANN001
    from caravan_app.server.hub import HubError, list_devices, revoke_device

    laptops("a")
    dev = hub_device_id(hub.hdb)
    assert dev not in {d["device_id"] for d in list_devices(hub.hdb)}
    with pytest.raises(HubError):
        revoke_device(hub.hdb, dev)
    assert hub_device_id(hub.hdb) == dev  # made once
