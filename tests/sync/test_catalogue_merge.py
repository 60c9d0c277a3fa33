"""Catalogue duplicates made offline on two laptops (issue #10, finding 9): after sync they are
merged by one recorded, synced, reversible fact; no figure counts one title, school or van twice.
Two laptops, a real hub process, real SQLite files."""

from __future__ import annotations

import datetime as dt

import pytest

from caravan_app.domain.catalogue import merge_id
from caravan_app.services.export import canonical_export

pytestmark = pytest.mark.server

TODAY = dt.date.today()


def _sync(*apps) -> None:  # noqa: ANN002
    for app in apps:
        app.sync.sync_now()


def _offline_day(app, van_name: str, plate: str, title: str, site: str, n: int):  # noqa: ANN001, ANN202
    c = app.catalog.add_caravan(van_name, plate, "鱼台县")
    app.catalog.set_this_device(f"笔记本{van_name}", c)
    t = app.catalog.add_title(title)
    s = app.sites.add(name=site, county="鱼台县", kind="小学")
    app.stock.load(c, t, 50)
    v = app.visits.add(s, c, TODAY, theme="科技进校园")
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", 10)
    app.stock.distribute(c, t, n, v, "三年级")
    app.visits.complete(v)
    return c, t, s, v


def test_duplicates_made_offline_are_merged_once_everywhere(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    ca, ta, sa, _va = _offline_day(a, "1号车", "鲁H12345", "身边的科学", "王庙小学", 5)
    cb, tb, sb, _vb = _offline_day(b, "一号车", "鲁H 12345", "《身边的科学》", "王庙小学", 7)
    _sync(a, b, a, b)
    for app in (a, b):
        assert [t.name for t in app.catalog.titles()] == ["身边的科学"]  # one title listed
        assert len(app.catalog.caravans()) == 1 and len(app.sites.list()) == 1
        merged = app.merges.list()
        assert sorted((x.entity, x.from_id, x.into_id) for x in merged) == sorted(
            [
                ("caravan", max(ca, cb), min(ca, cb)),
                ("title", max(ta, tb), min(ta, tb)),
                ("site", max(sa, sb), min(sa, sb)),
            ]
        )
        assert app.merges.duplicates() == []
        van = app.catalog.caravans()[0].id
        title = app.catalog.titles()[0].id
        # Stock of the one van and title: 50 + 50 loaded, 5 + 7 handed out.
        assert app.stock.balances(van) == {title: 88}
        assert app.stock.balance(van, title) == 88
        assert app.stock.balance(max(ca, cb), max(ta, tb)) == 88  # any of the ids means the same
        rep = app.reports.period_data(TODAY, TODAY)
        assert rep.schools == 1
        assert [(r.key, r.books) for r in rep.by_title] == [("身边的科学", 12)]
        assert len(rep.by_caravan) == 1
        day = app.reports.day_data(TODAY)
        assert len(day.sections) == 1
        assert app.maintenance.check().ok
        assert app.catalog.title_by_name(max(ta, tb)).id == title  # an old id still finds it
    # The command line sees the same (a real `caravan` process on laptop B's data folder).
    from tests.helpers.cli import caravan_json as js

    assert [t["name"] for t in js(b.data_dir, "title", "list")] == ["身边的科学"]
    assert len(js(b.data_dir, "van", "list")) == 1 and js(b.data_dir, "check")["duplicates"] == []
    # One fact per merge on the hub too, and all three exports are byte-identical.
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
    doc = canonical_export(a.db).decode()
    assert doc.count('"reason": "same_key"') == 3


def test_a_merge_can_be_undone_and_the_undo_syncs(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    _ca, ta, _sa, _va = _offline_day(a, "1号车", "鲁H12345", "身边的科学", "王庙小学", 5)
    _cb, tb, _sb, _vb = _offline_day(b, "2号车", "鲁H99999", "身边的科学", "张黄小学", 7)
    _sync(a, b, a, b)
    assert len(a.catalog.titles()) == 1
    (fact,) = [x for x in a.merges.list() if x.entity == "title"]
    assert fact.id == merge_id("title", max(ta, tb), min(ta, tb))
    a.merges.undo(fact.id)
    _sync(a, b, a)
    for app in (a, b):
        assert len(app.catalog.titles()) == 2  # separate again, and not merged back by the next sync
        assert [x.entity for x in app.merges.list()] == []
        assert [d.entity for d in app.merges.duplicates()] == ["title"]
        rep = app.maintenance.check()
        assert rep.ok and [(d.entity, d.kept_apart) for d in rep.duplicates] == [("title", True)]
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()


@pytest.mark.slow
def test_two_demo_loads_sync_with_no_conflicts_and_one_catalogue(hub, laptops) -> None:
    """The case seen in issue #10: two laptops each load the demo lists, then sync."""
    from caravan_app.server.hub import review
    from caravan_app.services.demo import load_demo

    a, b = laptops("a"), laptops("b")
    load_demo(a, seed=1, visits=6)
    load_demo(b, seed=1, visits=6)
    vans, titles = len(a.catalog.caravans()), len(a.catalog.titles())
    _sync(a, b, a, b)
    assert review(hub.hdb, "conflicts") == []
    for app in (a, b):
        assert app.conflicts.list() == []
        assert len(app.catalog.caravans()) == vans and len(app.catalog.titles()) == titles
        assert app.merges.duplicates() == [] and app.maintenance.check().ok
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
