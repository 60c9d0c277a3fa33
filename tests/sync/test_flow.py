"""Two laptops and a real hub: convergence, merges, tombstones, bootstrap, one-request syncs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from caravan_app.services.export import canonical_export
from caravan_app.storage import models as m
from caravan_app.sync.errors import SyncError

pytestmark = pytest.mark.server


def _field(app):  # noqa: ANN001, ANN202
    c = app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    app.catalog.set_this_device("笔记本A", c)
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县", kind="高中", students=3694)
    t = app.catalog.add_title("身边的科学")
    app.stock.load(c, t, 100)
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园")
    app.visits.arrive(v)
    return c, s, t, v


def test_two_laptops_converge_byte_for_byte(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    c, s, t, v = _field(a)
    a.sync.sync_now()
    b.sync.sync_now()
    b.catalog.set_this_device("笔记本B", c)
    # Both work offline at the same school.
    a.attendance.tally(v, "primary", 30)
    b.attendance.tally(v, "primary", 25)
    a.attendance.signin(v, "张老师", "teacher", "鱼台一中")
    b.attendance.signin(v, "张老师", "teacher", "鱼台一中")  # the same person on the other laptop
    b.attendance.signin(v, "李家长", "parent")
    a.stock.distribute(c, t, 10, v, "三年级")
    b.stock.distribute(c, t, 15, v, "四年级")
    for app in (a, b, a):
        app.sync.sync_now()
    assert a.sync.pending_count() == b.sync.pending_count() == 0
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
    for app in (a, b):
        assert app.attendance.totals(v)["primary"] == 55
        assert app.attendance.signin_count(v) == 2  # 张老师 once
        assert app.stock.balance(c, t) == 75


def test_same_field_edited_on_two_laptops_keeps_the_loser(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    _c, s, _t, _v = _field(a)
    a.sync.sync_now()
    b.sync.sync_now()
    a.sites.update(s, contact="王校长")
    b.sites.update(s, contact="李主任", phone="0537-1234567")
    clock = {}
    for app, value in ((a, "王校长"), (b, "李主任")):
        with app.db.read() as sess:
            row = sess.scalars(select(m.Outbox).where(m.Outbox.record_id == s).order_by(m.Outbox.seq.desc())).first()
            clock[value] = (row.hlc, app.db.device_id)
    winner, loser = sorted(clock, key=clock.__getitem__, reverse=True)
    a.sync.sync_now()
    b.sync.sync_now()
    a.sync.sync_now()
    sa, sb = a.sites.get(s), b.sites.get(s)
    assert sa == sb
    assert sa.contact == winner  # the higher (HLC, device id) wins on every device
    assert sa.phone == "0537-1234567"  # different fields both survive
    for app in (a, b):
        with app.db.read() as sess:
            lost = [json.loads(x.lost_value) for x in sess.scalars(select(m.Conflict).where(m.Conflict.record_id == s))]
        if app is (a if winner == "李主任" else b):
            assert loser in lost  # kept for review, not silently dropped
    from caravan_app.server.hub import review

    assert any(json.loads(x["lost_value"]) == loser for x in review(hub.hdb, "conflicts"))  # on the hub too
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()


def test_tombstone_travels(hub, laptops) -> None:
    a, b = laptops("a"), laptops("b")
    c, s, _t, _v = _field(a)
    plan = a.visits.add(s, c, dt.date.today() + dt.timedelta(days=3))
    a.sync.sync_now()
    b.sync.sync_now()
    assert b.visits.get(plan) is not None
    b.visits.delete(plan)
    b.sync.sync_now()
    a.sync.sync_now()
    assert a.visits.get(plan) is None
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
    visits = {r["id"]: r for r in json.loads(hub.export())["entities"]["visit"]}
    assert visits[plan]["deleted"] is True  # a tombstone, not a missing row


def test_no_change_sync_is_one_request(hub, laptops) -> None:
    a = laptops("a")
    _field(a)
    first = a.sync.sync_now()
    assert first.pushed > 0
    again = a.sync.sync_now()
    assert again.requests == 1
    assert again.pushed == again.pulled == 0


def test_own_changes_are_not_echoed_back(hub, laptops) -> None:
    a = laptops("a")
    _field(a)
    res = a.sync.sync_now()
    assert res.pulled == 0  # everything it pulled back would be its own data


def test_wiped_laptop_reenrolls_and_gets_everything_back(hub, laptops) -> None:
    a = laptops("a")
    c, _s, t, v = _field(a)
    a.attendance.signin(v, "赵同学", "student")
    a.sync.sync_now()
    before = canonical_export(a.db)
    fresh = laptops("wiped")  # a new database: a new device, enrolled with a new code
    assert fresh.db.device_id != a.db.device_id
    res = fresh.sync.sync_now()
    assert res.pulled > 0
    assert canonical_export(fresh.db) == before == hub.export()
    assert fresh.stock.balance(c, t) == 100


def test_status_reports_pending_server_and_clock(hub, laptops) -> None:
    a = laptops("a", skew_s=-3600)  # laptop clock an hour slow, measured at enrollment
    _field(a)
    st = a.sync.status()
    assert st.pending > 0 and st.server == hub.url and st.enrolled
    assert st.clock_warning and 3500_000 < st.clock_offset_ms < 3700_000
    a.sync.sync_now()
    st = a.sync.status()
    assert st.pending == 0 and st.last_success and st.rejects == []


def test_clock_jump_ahead_after_enrollment_loses_nothing(hub, laptops) -> None:
    from .conftest import skew

    a, b = laptops("a"), laptops("b")
    c, s, t, v = _field(a)
    a.sync.sync_now()
    skew(a, 86400)  # the laptop's clock jumps a day ahead while offline
    a.attendance.tally(v, "teacher", 4)
    a.sites.update(s, contact="周老师")
    res = a.sync.sync_now()
    assert res.requeued > 0 and res.rejected == 0
    assert a.sync.pending_count() == 0
    b.sync.sync_now()
    assert b.attendance.totals(v)["teacher"] == 4
    assert b.sites.get(s).contact == "周老师"
    assert canonical_export(a.db) == canonical_export(b.db) == hub.export()
    # Later edits from the other laptop still win over the re-stamped ones.
    b.sites.update(s, contact="吴老师")
    b.sync.sync_now()
    a.sync.sync_now()
    assert a.sites.get(s).contact == "吴老师"


def test_rejected_change_is_shown_with_reason_and_does_not_block(hub, laptops) -> None:
    a = laptops("a")
    c, s, t, v = _field(a)
    with a.db.write() as sess:  # a change the hub cannot accept (its record never existed)
        sess.add(
            m.Outbox(
                entity="site",
                record_id="0190aaaa-0000-7000-8000-000000000000",
                op="update",
                hlc=a.db.clock.now(),
                data=json.dumps({"contact": "x"}),
                pushed=False,
            )
        )
    a.attendance.tally(v, "teacher", 2)
    res = a.sync.sync_now()
    assert res.rejected == 1
    st = a.sync.status()
    assert st.pending == 0
    assert len(st.rejects) == 1 and "not on the hub" in st.rejects[0]["reason"]
    assert json.loads(hub.export())["entities"]["tally"]  # the change after it went through


def test_not_enrolled_says_so(laptops) -> None:
    a = laptops("a", enroll=False)
    with pytest.raises(SyncError) as ei:
        a.sync.sync_now()
    assert ei.value.code == "not_enrolled" and "注册" in ei.value.zh


def test_unreachable_hub_says_offline_and_keeps_data(hub, laptops) -> None:
    from .hubproc import free_port

    a = laptops("a")
    _field(a)
    n = a.sync.pending_count()
    with pytest.raises(SyncError) as ei:
        a.sync.sync_now(server=f"http://127.0.0.1:{free_port()}")
    assert ei.value.code == "offline"
    assert a.sync.pending_count() == n
    assert a.sync.status().last_error


def test_clock_ahead_then_restart_still_loses_nothing(hub, laptops) -> None:
    """After a re-stamp the laptop is restarted with a correct clock: later changes still sync."""
    from caravan_app.services.app import App

    from .conftest import skew

    a = laptops("a")
    c, s, t, v = _field(a)
    a.sync.sync_now()
    skew(a, 86400)
    a.attendance.tally(v, "teacher", 3)
    a.sync.sync_now()
    data = a.data_dir
    a.close()
    again = App.open(data)
    try:
        again.attendance.tally(v, "teacher", 5)
        again.sites.update(s, contact="孙老师")
        again.sync.sync_now()
        assert again.sync.pending_count() == 0 and again.sync.status().rejects == []
        b = laptops("b")
        b.sync.sync_now()
        assert b.attendance.totals(v)["teacher"] == 8
        assert b.sites.get(s).contact == "孙老师"
        assert canonical_export(again.db) == canonical_export(b.db) == hub.export()
    finally:
        again.close()


def test_laptop_restored_from_an_old_backup_loses_nothing(hub, laptops) -> None:
    """A laptop goes back to yesterday's backup: what it synced since comes back from the hub,
    what it records now is sent under fresh sequence numbers, nothing is flagged or lost."""
    import shutil

    from caravan_app.services.app import App
    from caravan_app.storage.backup import backup_to

    a, b = laptops("a"), laptops("b")
    c, s, t, v = _field(a)
    a.sync.sync_now()
    copy = backup_to(a.db.path, a.data_dir / "yesterday.db")
    a.attendance.tally(v, "teacher", 7)  # synced after the backup …
    a.sites.update(s, contact="钱老师")
    a.sync.sync_now()
    a.attendance.tally(v, "parent", 2)  # … and one change that never left the laptop
    data = a.data_dir
    a.close()
    for suffix in ("", "-wal", "-shm"):
        (data / f"caravan.db{suffix}").unlink(missing_ok=True)
    shutil.copy(copy, data / "caravan.db")
    restored = App.open(data)
    try:
        restored.attendance.tally(v, "primary", 40)  # new work on the restored laptop
        res = restored.sync.sync_now()
        assert res.rejected == 0 and restored.sync.status().rejects == []
        assert restored.sync.pending_count() == 0
        assert restored.attendance.totals(v)["teacher"] == 7  # came back from the hub
        assert restored.sites.get(s).contact == "钱老师"
        b.sync.sync_now()
        assert b.attendance.totals(v)["primary"] == 40
        assert canonical_export(restored.db) == canonical_export(b.db) == hub.export()
        assert restored.maintenance.check().ok
        again = restored.sync.sync_now()  # and afterwards syncs are ordinary again
        assert again.requests == 1 and again.pulled == 0
        restored.attendance.tally(v, "primary", 1)
        assert restored.sync.sync_now().rejected == 0
        assert canonical_export(restored.db) == hub.export()
    finally:
        restored.close()


def test_restored_laptop_with_nothing_new_gets_everything_back(hub, laptops) -> None:
    import shutil

    from caravan_app.services.app import App
    from caravan_app.storage.backup import backup_to

    a = laptops("a")
    c, s, t, v = _field(a)
    a.sync.sync_now()
    copy = backup_to(a.db.path, a.data_dir / "old.db")
    a.attendance.tally(v, "teacher", 6)
    a.sync.sync_now()
    data = a.data_dir
    a.close()
    for suffix in ("", "-wal", "-shm"):
        (data / f"caravan.db{suffix}").unlink(missing_ok=True)
    shutil.copy(copy, data / "caravan.db")
    restored = App.open(data)
    try:
        restored.sync.sync_now()
        assert restored.attendance.totals(v)["teacher"] == 6
        assert canonical_export(restored.db) == hub.export()
        assert restored.maintenance.check().ok
        restored.attendance.tally(v, "teacher", 1)  # numbered above what the hub has seen
        res = restored.sync.sync_now()
        assert res.rejected == 0 and res.requeued == 0
        assert canonical_export(restored.db) == hub.export()
    finally:
        restored.close()
