"""Issue #17 data through a real hub: odometer readings (append-only, with a correction) and a
visit's activity kind reach the other laptop, and every store converges byte for byte."""

from __future__ import annotations

import datetime as dt

import pytest

from caravan_app.services.export import canonical_export

pytestmark = pytest.mark.server


def test_odometer_readings_and_activity_kinds_sync(hub, laptops) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b")
    c = a.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    a.catalog.set_this_device("笔记本A", c)
    s = a.sites.add(name="唐口中心小学", county="任城区", kind="小学")
    v = a.visits.add(s, c, dt.date(2026, 9, 1), theme="全国科普日")
    a.mileage.record("2026-09-01", 10_000, 10_900, confirm=True)  # a typo, confirmed
    a.mileage.record("2026-09-01", 10_000, 10_090)  # corrected: names the reading it replaces
    a.sync.sync_now()
    b.sync.sync_now()
    assert b.mileage.day(c, "2026-09-01").km == 90
    assert b.visits.get(v).activity_kind == "science_week"
    b.visits.update(v, activity_kind="lecture")
    b.mileage.record("2026-09-02", 10_095, 10_160, c)  # the other laptop records the next day
    for app in (b, a):
        app.sync.sync_now()
    assert a.visits.get(v).activity_kind == "lecture"
    assert a.mileage.total_km() == b.mileage.total_km() == 155
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
