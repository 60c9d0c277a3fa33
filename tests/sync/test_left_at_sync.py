"""A corrected departure time is a synced change of the visit: made on one laptop, it reaches the
other through a real hub, and a reopened visit completed again there keeps it."""

from __future__ import annotations

import datetime as dt

import pytest

from caravan_app.services.export import canonical_export

pytestmark = pytest.mark.server


def test_a_left_at_correction_syncs_and_a_recompletion_keeps_it(hub, laptops) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b")
    c = a.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    a.catalog.set_this_device("笔记本A", c)
    s = a.sites.add(name="鱼台县第一中学", county="鱼台县", kind="高中")
    day = dt.date.today()
    v = a.visits.add(s, c, day, theme="科技进校园")
    a.visits.arrive(v, dt.datetime.combine(day, dt.time(8, 0)))
    a.visits.complete(v, dt.datetime.combine(day, dt.time(13, 10)))  # completed late: left 13:10
    for app in (a, b, a):
        app.sync.sync_now()
    b.visits.update(v, left_at="11:45")  # the office corrects the real departure
    for app in (b, a):
        app.sync.sync_now()
    assert a.visits.get(v).left_at == f"{day.isoformat()}T11:45:00"
    a.visits.reopen(v, "补录一个班")
    a.attendance.tally(v, "senior", 40)
    a.visits.complete(v)  # completed again: the corrected departure stays
    for app in (a, b, a):
        app.sync.sync_now()
    assert b.visits.get(v).left_at == a.visits.get(v).left_at == f"{day.isoformat()}T11:45:00"
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
