"""The console's read model is an office laptop: after two vans sync, its canonical export is
the office laptop's, byte for byte — corrections, reopenings, tombstones, retractions and
merges included — and a kill while it applies leaves it whole."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from caravan_app.console.projection import Projection
from caravan_app.server import hub as hubmod
from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.storage import console_queries
from tests.sync.conftest import hub, hub_process, laptops  # noqa: F401 - the sync suite's real hub and laptops
from tests.sync.hubproc import HubProcess

pytestmark = pytest.mark.server


def _van(app: App, van: str, plate: str, county: str, site: str, title: str = "身边的科学") -> dict[str, str]:
    c = app.catalog.add_caravan(van, plate, county)
    app.catalog.set_this_device(f"{van}的笔记本", c)
    s = app.sites.add(name=site, county=county, kind="小学", students=800, phone="0537-7654321")
    t = app.catalog.add_title(title)  # both vans add the same title offline: merged by a fact
    app.stock.load(c, t, 100)
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园")
    app.visits.arrive(v)
    return {"caravan": c, "site": s, "title": t, "visit": v}


@pytest.fixture
def field_day(hub: HubProcess, laptops: Callable[..., App]) -> Iterator[tuple[HubProcess, App, dict[str, str]]]:  # noqa: F811
    a = laptops("a", caravan="1号车", role="van")
    b = laptops("b", caravan="2号车", role="van")
    fa = _van(a, "1号车", "鲁H11111", "鱼台县", "鱼台县实验小学")
    fb = _van(b, "2号车", "鲁H22222", "金乡县", "金乡县第一小学")
    a.attendance.tally(fa["visit"], "primary", 40)
    a.attendance.take_back(fa["visit"], "primary", 5)
    sid = a.attendance.signin(fa["visit"], "张老师", "teacher", "实验小学", phone="13800138000")
    a.attendance.signin(fa["visit"], "李家长", "parent")
    a.attendance.void_signin(sid.id, "签错了")
    a.stock.distribute(fa["caravan"], fa["title"], 12, fa["visit"], "三年级")
    a.visits.complete(fa["visit"])
    a.visits.reopen(fa["visit"], "补登人数", by="王队长")
    a.attendance.tally(fa["visit"], "teacher", 3)
    a.visits.complete(fa["visit"])
    b.attendance.tally(fb["visit"], "primary", 25)
    b.attendance.signin(fb["visit"], "赵老师", "teacher", phone="13900139000")
    gone = b.sites.add(name="写错的学校", county="金乡县")
    for app in (a, b, a, b):
        app.sync.sync_now()
    b.sites.delete(gone)  # a tombstone
    b.sync.sync_now()
    hubmod.retract(hub.hdb, fb["visit"], "visit", reason="重复录入")  # withdrawn at the hub
    office = laptops("office", caravan="办公室", role="office")
    office.sync.sync_now()
    yield hub, office, fa


def _projection(h: HubProcess, where: Path) -> Projection:
    return Projection(h.hdb, where)


def test_projection_exports_what_an_office_laptop_pulled(
    field_day: tuple[HubProcess, App, dict[str, str]], tmp_path: Path
) -> None:
    h, office, fa = field_day
    p = _projection(h, tmp_path)
    try:
        assert p.catch_up() > 0
        assert canonical_export(p.db) == canonical_export(office.db)
        # the laptops' own figures over it: the reopened, corrected visit as the office sees it
        assert p.app.attendance.totals(fa["visit"]) == office.attendance.totals(fa["visit"])
        assert p.app.attendance.signin_count(fa["visit"]) == office.attendance.signin_count(fa["visit"]) == 1
        assert len(p.app.visits.reopens(fa["visit"])) == 1
        assert p.catch_up() == 0  # nothing new: one read of the hub's sequence
        # the console's page-at-once figures are the laptop's, take-backs and voids included
        with p.db.read() as s:
            ids = [v.id for v in p.app.visits.list()]
            got = console_queries.figures(s, ids)
        for vid in ids:
            summ = office.visits.summary(vid)
            assert (got[vid].attendance, got[vid].signins) == (summ.attendance, summ.signins)
    finally:
        p.close()


def test_later_syncs_arrive_and_rebuild_gives_the_same_file(
    field_day: tuple[HubProcess, App, dict[str, str]], tmp_path: Path
) -> None:
    h, office, fa = field_day
    p = _projection(h, tmp_path)
    try:
        p.catch_up()
        office.visits.reopen(fa["visit"], "办公室补录", by="办公室")  # the office's own laptop writes too
        office.attendance.tally(fa["visit"], "parent", 7)
        office.sync.sync_now()
        assert p.catch_up() > 0
        assert p.app.attendance.totals(fa["visit"])["parent"] == 7
        before = canonical_export(p.db)
        assert p.rebuild() > 0
        assert canonical_export(p.db) == before
    finally:
        p.close()


_KILLED_APPLIER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from caravan_app.console import projection as pr
    from caravan_app.server.db import HubDB
    from caravan_app.storage import sync_store

    real = sync_store.apply_page
    calls = []

    def apply_then_die(db, records, cursor, also=None):
        calls.append(1)
        if len(calls) == 2:  # killed while the second page is being applied
            with db.write() as s:
                s.connection().exec_driver_sql("UPDATE visits SET theme = 'half'")
                os.kill(os.getpid(), signal.SIGKILL)
        return real(db, records, cursor, also=also)

    sync_store.apply_page = apply_then_die
    pr.PAGE = 3
    p = pr.Projection(HubDB(sys.argv[1]), Path(sys.argv[2]))
    p.catch_up()
    """
)


def test_a_kill_while_applying_leaves_the_last_whole_page(
    field_day: tuple[HubProcess, App, dict[str, str]], tmp_path: Path
) -> None:
    h, office, _fa = field_day
    where = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    run = subprocess.run([sys.executable, "-c", _KILLED_APPLIER, h.db_url, str(where)], env=env, check=False)
    assert run.returncode == -signal.SIGKILL
    p = Projection(h.hdb, where)
    try:
        assert p.cursor > 0  # the first page and its cursor stayed
        p.catch_up()
        assert canonical_export(p.db) == canonical_export(office.db)  # nothing half-written, nothing lost
    finally:
        p.close()


@pytest.mark.expected_logs("caravan.console")
def test_a_different_hub_database_is_projected_from_scratch(
    field_day: tuple[HubProcess, App, dict[str, str]], tmp_path: Path
) -> None:
    h, office, _fa = field_day
    p = _projection(h, tmp_path)
    try:
        p.catch_up()
        h.reset()  # the hub's database replaced by an empty one: its sequence starts again
        p.catch_up()
        assert canonical_export(p.db) == h.export()
    finally:
        p.close()


@pytest.mark.expected_logs("caravan.console")
def test_an_emptied_hub_that_grew_past_the_old_cursor_is_not_mixed_in(
    field_day: tuple[HubProcess, App, dict[str, str]],
    laptops: Callable[..., App],  # noqa: F811
    tmp_path: Path,
) -> None:
    """The hub emptied, then more pushed than the read model had seen: the sequence alone
    cannot tell, the hub's identity does (no van of the old database may stay on the pages)."""
    h, office, _fa = field_day
    p = _projection(h, tmp_path)
    try:
        p.catch_up()
        old_cursor = p.cursor
        h.reset()
        c = laptops("c", caravan="3号车", role="van")
        f = _van(c, "3号车", "鲁H33333", "汶上县", "汶上县实验小学")
        for n in range(old_cursor):  # enough records to pass the old cursor
            c.attendance.tally(f["visit"], "primary", 1 + n % 3)
        c.sync.sync_now()
        assert hubmod.top_seq(h.hdb) >= old_cursor
        p.catch_up()
        assert canonical_export(p.db) == h.export()
        assert "1号车" not in canonical_export(p.db).decode()
    finally:
        p.close()


@pytest.mark.expected_logs("caravan.console")
def test_a_read_model_left_by_a_newer_build_is_made_again(
    field_day: tuple[HubProcess, App, dict[str, str]], tmp_path: Path
) -> None:
    """A console folder whose file this build cannot open (a newer schema) answers the pages
    from a new file, not with 500s."""
    import sqlite3

    h, office, _fa = field_day
    p = _projection(h, tmp_path)
    p.close()
    with sqlite3.connect(tmp_path / "console" / "office.db") as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    p = _projection(h, tmp_path)
    try:
        p.catch_up()
        assert canonical_export(p.db) == canonical_export(office.db)
    finally:
        p.close()


def test_caravan_server_console_rebuild(
    field_day: tuple[HubProcess, App, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from caravan_app.server.cli import main

    h, office, _fa = field_day
    assert main(["--db", h.db_url, "--data-dir", str(tmp_path), "console", "rebuild"]) == 0
    assert "已重建" in capsys.readouterr().out
    p = _projection(h, tmp_path)
    try:
        assert p.catch_up() == 0  # the rebuilt file is already caught up
        assert canonical_export(p.db) == canonical_export(office.db)
    finally:
        p.close()


def test_the_settings_command_shows_the_offices_choices_not_the_hubs_secrets(
    hub: HubProcess,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``caravan-server settings`` prints what the office can set; the public form key (it signs
    the school order form) and the hub's identity stay in the database."""
    import json

    from caravan_app.server import orders
    from caravan_app.server.cli import main

    orders.form_token(hub.hdb)
    hubmod.hub_identity(hub.hdb)
    assert main(["--db", hub.db_url, "settings"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert set(shown) == set(hubmod.SETTINGS)


@pytest.mark.server
def test_a_hub_that_warms_its_console_has_the_read_model_open_before_any_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the warm-up on (production's default; the suite turns it off because most of its
    hubs never serve a page), the read model's file exists, migrated, by the time the hub answers
    its first request: two workers started together no longer take turns inside users' requests."""
    monkeypatch.setenv("CARAVAN_CONSOLE_WARM", "1")
    (tmp_path / "hub").mkdir()
    h = HubProcess(tmp_path / "hub")
    try:
        assert (tmp_path / "hub" / "console" / "office.db").is_file()
    finally:
        h.stop()
    monkeypatch.setenv("CARAVAN_CONSOLE_WARM", "0")
    (tmp_path / "cold").mkdir()
    h = HubProcess(tmp_path / "cold")
    try:
        assert not (tmp_path / "cold" / "console").exists()  # opened on a page's first use only
    finally:
        h.stop()
