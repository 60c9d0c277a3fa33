"""The certificate register through a real hub: a certificate issued on one laptop verifies on
another after sync (against the register, also after later service there), and every store
converges byte for byte."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from caravan_app.services.export import canonical_export

pytestmark = pytest.mark.server


def test_an_issued_certificate_verifies_on_the_other_laptop(hub, laptops, tmp_path: Path) -> None:  # noqa: ANN001
    a, b = laptops("a"), laptops("b")
    c = a.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    a.catalog.set_this_device("笔记本A", c)
    s = a.sites.add(name="唐口中心小学", county="任城区", kind="小学")
    vol = a.catalog.add_person(name="\U00020bb7田堃", role="volunteer", volunteer_no="SD2026009")
    day = dt.date.today() - dt.timedelta(days=3)
    v = a.visits.add(s, c, day, theme="科技进校园")
    t0 = dt.datetime.combine(day, dt.time(9))
    a.visits.arrive(v, t0)
    a.visits.duty(v, vol, "on", t0)
    a.visits.complete(v, t0 + dt.timedelta(hours=2))
    a.settings.set_issuer("济宁市科学技术协会", "张主任", "李经办", "0537-2345678")
    cert = a.certificates.pdf(vol, f"{day.year}-01-01", f"{day.year}-12-31", tmp_path / "c.pdf")
    a.sync.sync_now()
    b.sync.sync_now()
    (row,) = b.certificates.issued(vol)
    assert (row.number, row.minutes, row.name) == (cert.number, 120, "\U00020bb7田堃")
    # later service recorded on the other laptop: the issued paper still verifies there
    v2 = b.visits.add(s, c, day + dt.timedelta(days=1))
    b.visits.arrive(v2, t0 + dt.timedelta(days=1))
    b.visits.duty(v2, vol, "on", t0 + dt.timedelta(days=1))
    b.visits.complete(v2, t0 + dt.timedelta(days=1, hours=1))
    r = b.certificates.check(cert.payload)
    assert r.ok and r.minutes == 120 and r.number == cert.number
    for app in (b, a):
        app.sync.sync_now()
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
