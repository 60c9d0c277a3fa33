"""A restore is a sync event: a laptop put back to an older backup continues its own sequence
above what the hub has from it and receives back what it pushed after the backup, however many
changes it makes before its next sync. Real hub process, real files, the restore the CLI runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from caravan_app.server import models as hm
from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.services.startup import restore_backup
from caravan_app.storage import models as lm
from tests.helpers.props import examples

from .test_stock_corrections_sync import _caravan

pytestmark = pytest.mark.server


def _anomalies(hub) -> int:  # noqa: ANN001
    with hub.hdb.engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(hm.Anomaly.__table__)).scalar_one())


def _field(app: App) -> str:
    c = app.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    app.catalog.set_this_device("笔记本A", c)
    s = app.sites.add(name="鱼台县第一中学", county="鱼台县", kind="高中", students=3694)
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园")
    app.visits.arrive(v)
    return v


@pytest.mark.parametrize("after", [0, 1, 2, 3, 4, 5])
def test_restored_laptop_gets_back_what_it_pushed_after_the_backup(hub, laptops, after: int) -> None:  # noqa: ANN001
    a = laptops("a")
    v = _field(a)
    a.sync.sync_now()
    backup = a.maintenance.backup(a.data_dir / "before.db")
    a.attendance.tally(v, "teacher", 10)  # pushed after the backup …
    a.attendance.signin(v, "张老师", "teacher", "鱼台一中", phone="13800000000")
    site = a.visits.get(v).site_id
    a.sites.update(site, contact="钱老师")
    a.sync.sync_now()
    a.attendance.tally(v, "parent", 2)  # and one change that never left the laptop
    data = a.data_dir
    a.close()
    out = restore_backup(data, backup)  # what `caravan restore` does
    assert out.written == 1  # the unsent one is written back, not dropped
    back = App.open(data)
    try:
        for i in range(after):  # … then work on the restored laptop before its next sync
            back.attendance.tally(v, "primary", i + 1)
            if i == 2:
                back.sites.update(site, notes="停车在东门")  # an edit of a record edited since the backup
            if i == 3:
                back.attendance.signin(v, "李家长", "parent")
            if i == 4:
                back.sites.update(site, contact="孙老师")  # the same field its lost edit had changed
        back.sync.sync_now()
        back.sync.sync_now()
        totals = back.attendance.totals(v)
        assert totals["teacher"] == 10  # the +10 came back, and the sign-in
        assert totals["parent"] == 2
        assert totals["primary"] == sum(range(1, after + 1))
        assert back.sites.get(site).contact == ("孙老师" if after > 4 else "钱老师")  # the newer edit
        assert sorted(r.name for r in back.attendance.signins(v)) == sorted(
            ["张老师", *(["李家长"] if after > 3 else [])]
        )
        assert back.sync.pending_count() == 0 and back.sync.status().rejects == []
        assert _anomalies(hub) == 0  # no sequence number was used twice
        assert canonical_export(back.db) == hub.export()
        assert back.maintenance.check().ok
        again = back.sync.sync_now()  # and then syncs are ordinary again
        assert again.requests == 1 and again.pulled == 0
    finally:
        back.close()


@pytest.mark.slow
def test_cli_restore_then_three_tallies_loses_nothing(hub, tmp_path: Path) -> None:  # noqa: ANN001
    """The finding as typed: back up, +10 and a sign-in, sync, `caravan restore`, three tallies,
    sync twice: the laptop's report counts the +10 and the sign-in, the hub flags nothing."""
    from tests.conftest import fresh_data_dir

    d = fresh_data_dir(tmp_path / "a")
    _caravan(d, "enroll", "--server", hub.url, "--code", hub.code())
    _caravan(d, "van", "add", "1号车")
    _caravan(d, "device", "setup", "--caravan", "1号车", "--name", "笔记本A")
    _caravan(d, "site", "add", "西平中学", "--county", "微山县")
    vid = _caravan(d, "--json", "visit", "add", "西平中学", "--date", dt.date.today().isoformat())["id"]
    _caravan(d, "visit", "start", vid)
    _caravan(d, "sync")
    _caravan(d, "backup", str(tmp_path / "b.db"))
    _caravan(d, "tally", vid, "teacher", "10")
    _caravan(d, "signin", "add", vid, "--name", "张老师", "--group", "teacher")
    _caravan(d, "sync")
    _caravan(d, "restore", str(tmp_path / "b.db"))
    for _ in range(3):
        _caravan(d, "tally", vid, "primary", "1")
    _caravan(d, "sync")
    _caravan(d, "sync")
    shown = _caravan(d, "--json", "visit", "show", vid)
    assert shown["tallies"]["teacher"] == 10 and shown["tallies"]["primary"] == 3 and shown["signins"] == 1
    assert _anomalies(hub) == 0
    out = tmp_path / "a.json"
    _caravan(d, "export", str(out))
    assert out.read_bytes() == hub.export()


def test_backup_copied_back_by_hand_still_gets_its_records_back(hub, laptops) -> None:  # noqa: ANN001
    """A copy put in place without `caravan restore`: the hub's answer (a resend that differs)
    tells the laptop, which then numbers above the hub and pulls its own records back. The hub
    lists those resends for review; the data is whole."""
    import shutil

    a = laptops("a")
    v = _field(a)
    a.sync.sync_now()
    backup = a.maintenance.backup(a.data_dir / "before.db")
    a.attendance.tally(v, "teacher", 10)
    a.attendance.signin(v, "张老师", "teacher", "鱼台一中")
    a.sync.sync_now()
    data = a.data_dir
    a.close()
    for suffix in ("", "-wal", "-shm"):
        (data / f"caravan.db{suffix}").unlink(missing_ok=True)
    shutil.copy(backup, data / "caravan.db")
    back = App.open(data)
    try:
        for _ in range(3):
            back.attendance.tally(v, "primary", 1)
        back.sync.sync_now()
        back.sync.sync_now()
        assert back.attendance.totals(v)["teacher"] == 10 and back.attendance.totals(v)["primary"] == 3
        assert len(back.attendance.signins(v)) == 1
        assert back.sync.pending_count() == 0
        assert canonical_export(back.db) == hub.export()
    finally:
        back.close()


def test_unsent_changes_on_records_made_after_the_backup_wait_for_the_sync(hub, laptops) -> None:  # noqa: ANN001
    """Tallies never synced, at a visit created (and synced) after the backup: the restored
    database lacks the visit, so they wait in the saved file; the restore's sync brings the
    visit back and writes and pushes them."""
    a = laptops("a")
    v = _field(a)
    a.sync.sync_now()
    backup = a.maintenance.backup(a.data_dir / "before.db")
    visit = a.visits.get(v)
    v2 = a.visits.add(visit.site_id, visit.caravan_id, dt.date.today(), theme="下午场")
    a.visits.arrive(v2)
    a.sync.sync_now()
    for _ in range(3):
        a.attendance.tally(v2, "junior", 2)  # never synced
    data = a.data_dir
    a.close()
    out = restore_backup(data, backup)
    assert out.unsent == 3 and out.waiting == 3 and out.written == 0 and out.saved_to is not None
    back = App.open(data)
    try:
        assert back.sync.status().restore_waiting == 3  # said, not forgotten
        back.sync.sync_now()
        assert back.attendance.totals(v2)["junior"] == 6
        assert back.sync.status().restore_waiting == 0
        assert back.sync.pending_count() == 0 and _anomalies(hub) == 0
        assert canonical_export(back.db) == hub.export()
        assert back.db.get_meta("restore_unsent_file") == ""
    finally:
        back.close()


def test_a_backup_from_before_enrollment_restores_into_a_laptop_that_still_syncs(hub, tmp_path: Path) -> None:  # noqa: ANN001
    from tests.conftest import fresh_data_dir

    a = App.open(fresh_data_dir(tmp_path / "a"))
    v = _field(a)
    backup = a.maintenance.backup(tmp_path / "before-enrollment.db")
    a.sync.enroll(hub.url, hub.code())
    a.attendance.tally(v, "teacher", 4)
    a.sync.sync_now()
    data = a.data_dir
    a.close()
    restore_backup(data, backup)
    back = App.open(data)
    try:
        assert back.sync.is_enrolled()  # the enrollment (its token lives outside the file) is kept
        back.sync.sync_now()
        assert back.attendance.totals(v)["teacher"] == 4
        assert canonical_export(back.db) == hub.export() and _anomalies(hub) == 0
    finally:
        back.close()


_STEPS = ("tally", "signin", "edit", "handout")


def _do(app: App, v: str, step: str, i: int) -> None:
    visit = app.visits.get(v)
    if step == "tally":
        app.attendance.tally(v, "primary", i + 1)
    elif step == "signin":
        app.attendance.signin(v, f"家长{i}号", "parent", None, f"1390000{i:04d}")
    elif step == "edit":
        app.sites.update(visit.site_id, contact=f"联系人{i}")
    else:
        (t,) = [x.id for x in app.catalog.titles()] or [app.catalog.add_title("身边的科学")]
        app.stock.distribute(visit.caravan_id, t, 1, v, "三年级", override=True)


def _restore_scenario(hub_process, pushed, unsent, after, syncs, by_hand) -> None:  # noqa: ANN001
    """Whatever was pushed after the backup, left unsent before the restore and done after it,
    and however the copy was put back: the laptop ends byte-identical to the hub, with nothing
    pending and nothing refused; through `caravan restore` the hub lists no anomaly."""
    import shutil
    import tempfile

    from tests.conftest import fresh_data_dir

    hub = hub_process
    hub.reset()
    with tempfile.TemporaryDirectory() as tmp:
        a = App.open(fresh_data_dir(Path(tmp) / "a"))
        a.sync.enroll(hub.url, hub.code())
        v = _field(a)
        a.sync.sync_now()
        backup = a.maintenance.backup(Path(tmp) / "b.db")
        for i, step in enumerate(pushed):
            _do(a, v, step, i)
        a.sync.sync_now()
        for i, step in enumerate(unsent):
            _do(a, v, step, 10 + i)
        data = a.data_dir
        a.close()
        if by_hand:
            for suffix in ("", "-wal", "-shm"):
                (data / f"caravan.db{suffix}").unlink(missing_ok=True)
            shutil.copy(backup, data / "caravan.db")
        else:
            restore_backup(data, backup)
        back = App.open(data)
        try:
            for i, step in enumerate(after):
                _do(back, v, step, 20 + i)
            for _ in range(syncs):
                back.sync.sync_now()
            assert back.sync.pending_count() == 0
            assert canonical_export(back.db) == hub.export()
            assert back.maintenance.check().ok, back.maintenance.check().problems
            assert back.sync.status().rejects == []
            if not by_hand:
                assert _anomalies(hub) == 0
                n_unsent = sum(1 for s in unsent if s == "tally")
                n_after = sum(1 for s in after if s == "tally")
                with back.db.read() as s:
                    tallies = s.scalar(select(func.count()).select_from(lm.Tally))
                assert tallies == sum(1 for s in pushed if s == "tally") + n_unsent + n_after
        finally:
            back.close()


@pytest.mark.slow
@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pushed=st.lists(st.sampled_from(_STEPS), max_size=4),
    unsent=st.lists(st.sampled_from(_STEPS), max_size=3),
    after=st.lists(st.sampled_from(_STEPS), max_size=5),
    syncs=st.integers(1, 2),
    by_hand=st.booleans(),
)
def test_any_restore_converges_with_the_hub(hub_process, pushed, unsent, after, syncs, by_hand) -> None:  # noqa: ANN001
    _restore_scenario(hub_process, pushed, unsent, after, syncs, by_hand)


def test_a_hand_copied_backup_then_a_new_title_and_its_hand_out_both_reach_the_hub(hub_process) -> None:  # noqa: ANN001
    """A backup put back by hand reuses numbers the hub has seen: a title made afterwards is a
    'resend that differs' and goes again under a new number; the hand-outs naming it, refused for
    naming a title the hub lacked, go again after it, never refused for good."""
    _restore_scenario(hub_process, ["handout"], ["signin"], ["handout", "tally", "handout", "tally"], 2, True)
