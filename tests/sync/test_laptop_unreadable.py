"""A laptop never fails on a record it cannot read (domain/fieldspec.py, storage/quarantine.py):
records an old, unchecking hub handed out (or another program wrote into the file) are set
aside with the reason, listed by ``caravan check``, and every command keeps working."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from caravan_app.services.app import App
from caravan_app.storage import quarantine
from tests.conftest import fresh_data_dir
from tests.helpers.cli import CliResult, run_cli

from .hostile import U, battery
from .test_quarantine import _write_into_hub

pytestmark = pytest.mark.server

TODAY = dt.date.today().isoformat()


def _field_day(app: App) -> dict[str, str]:
    """A visit of today with counts, a take-back, a hand-out and a day close (honest data)."""
    van = app.catalog.add_caravan("1号车")
    app.catalog.set_this_device("笔记本", van)
    site = app.sites.add(name="实验小学", county="任城区", kind="小学")
    title = app.catalog.add_title("身边的科学")
    v = app.visits.add(site, van, dt.date.today())
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", 30)
    with app.db.read() as s:
        t = s.execute(text("SELECT id FROM tallies")).scalar_one()
    app.stock.load(van, title, 50)
    app.stock.distribute(van, title, 5, v)
    app.stock.close_day(van, dt.date.today(), {title: 45})
    return {"van": van, "site": site, "title": title, "visit": v, "tally": t}


def _caravan(data: Path, *args: str) -> CliResult:
    return run_cli("--data-dir", str(data), *args, env={"CARAVAN_TOKEN_STORE": "file"})  # in-process


def _poison_tables(db_path: Path, ids: dict[str, str]) -> dict[str, str]:
    """What an old hub handed out and an old laptop stored, written straight into the file
    (the append-only triggers are what the old app had too: the rows came in as pulled)."""
    c = sqlite3.connect(db_path)
    dev = U(7777)
    bad: dict[str, str] = {}

    def put(table: str, rid: str, **cols: object) -> None:
        names = ["id", "device_id", "hlc", "deleted", *cols]
        c.execute(
            f"INSERT INTO {table} ({', '.join(chr(34) + n + chr(34) for n in names)}) "
            f"VALUES ({', '.join('?' * len(names))})",
            (rid, dev, "1700000000000.00000", 0, *cols.values()),
        )
        bad[rid] = table

    v, t = ids["visit"], ids["tally"]
    put("day_closes", U(7001), caravan_id=ids["van"], date=TODAY, lines="", note=None, at=f"{TODAY}T20:00:00")
    for i in (7002, 7003):  # two take-backs of 2^63-1: every sum of them overflowed
        put(
            "tally_takebacks",
            U(i),
            tally_id=t,
            visit_id=v,
            group="primary",
            qty=2**63 - 1,
            seen=i,
            at=f"{TODAY}T11:00:00",
        )
    put("tallies", U(7004), visit_id=v, group="primary", delta=3, at="half past ten")  # a bad `at`
    put(  # an unknown van on today's receipt
        "movements",
        U(7005),
        caravan_id=U(7999),
        title_id=ids["title"],
        kind="teleport",
        qty=3,
        visit_id=None,
        recipient=None,
        reason=None,
        override=0,
        ref_id=None,
        at=f"{TODAY}T12:00:00",
    )
    put(  # an odometer dated "soon"
        "odometer_readings",
        U(7006),
        caravan_id=ids["van"],
        date="soon",
        out_km=10,
        back_km=20,
        confirmed=0,
        note=None,
        corrects=None,
        at=f"{TODAY}T08:00:00",
    )
    put(  # a privacy fact whose list holds an id and 1
        "privacy_actions",
        U(7007),
        kind="erase",
        visit_id=None,
        signin_ids=f'["{U(7100)}", 1]',
        fields="name",
        name=None,
        reason=None,
        at=f"{TODAY}T12:00:00",
    )
    c.execute("DELETE FROM meta WHERE key = ?", (quarantine.META_SWEEP,))  # stored by the old app
    c.commit()
    c.close()
    return bad


def test_records_stored_before_the_rules_are_set_aside_and_every_command_works(tmp_path: Path) -> None:
    d = fresh_data_dir(tmp_path / "lap")
    app = App.open(d)
    try:
        ids = _field_day(app)
        db_path = app.db.path
    finally:
        app.close()
    bad = _poison_tables(db_path, ids)

    r = _caravan(d, "--json", "check")  # the first command after the upgrade sets them aside
    assert "Traceback" not in r.stderr, r.stderr
    rep = json.loads(r.stdout)
    assert {x["record_id"] for x in rep["set_aside"]} == set(bad)
    reasons = {x["record_id"]: x["reason"] for x in rep["set_aside"]}
    assert "lines" in reasons[U(7001)] and "between" in reasons[U(7002)] and "signin_ids" in reasons[U(7007)]
    assert rep["ok"] is True, rep["problems"]  # nothing of the laptop's own data is wrong

    text = _caravan(d, "check")
    assert text.returncode == 0 and "set aside" in text.stdout and U(7001) in text.stdout, text.stdout

    for args in (
        ("visit", "show", ids["visit"]),
        ("report", "visit", ids["visit"], "--out", str(tmp_path / "v.pdf")),
        ("report", "day", TODAY, "--out", str(tmp_path / "d.pdf")),
        ("report", "period", "--year", TODAY[:4], "--out", str(tmp_path / "p.pdf")),
        ("report", "stats", "--year", TODAY[:4], "--xlsx", str(tmp_path / "s.xlsx")),
        ("odometer", TODAY, "--out-km", "100", "--back-km", "180"),
    ):
        r = _caravan(d, *args)
        assert r.returncode == 0 and "Traceback" not in r.stderr, (args, r.stderr)
    show = json.loads(_caravan(d, "--json", "visit", "show", ids["visit"]).stdout)
    assert show["tallies"]["primary"] == 30  # neither the 3 with a bad time nor the take-backs count

    app = App.open(d)  # the append-only guards are back
    try:
        names = {r[0] for r in app.db.engine.connect().exec_driver_sql("SELECT name FROM sqlite_master")}
        assert {"day_closes_no_delete", "tally_takebacks_no_delete", "privacy_actions_no_delete"} <= names
        assert app.maintenance.check().ok
    finally:
        app.close()


def test_a_day_close_another_laptop_pushed_to_an_old_hub_breaks_nothing(hub, laptops, tmp_path: Path) -> None:  # noqa: ANN001
    """Issue 23 §2: a bad day close one laptop pushed made ANOTHER laptop's `caravan check`
    and `caravan report day` fail with `Expecting value: line 1 column 1`."""
    a = laptops("a")
    ids = _field_day(a)
    a.sync.sync_now()
    _write_into_hub(
        hub,
        "day_close",
        U(7201),
        {
            "caravan_id": ids["van"],
            "date": TODAY,
            "lines": "",
            "note": None,
            "at": f"{TODAY}T20:00:00",
            "deleted": False,
        },
    )
    b = laptops("b")
    res = b.sync.sync_now()
    assert res.pending == 0
    assert [q["record_id"] for q in b.sync.status().quarantined] == [U(7201)]
    battery(b, tmp_path / "out")
    rep = b.maintenance.check()
    assert rep.ok and [x.record_id for x in rep.set_aside] == [U(7201)]
    assert b.stock.day_closes(ids["van"])  # a's close arrived; the bad one is not among them
    assert all(c.id != U(7201) for c in b.stock.day_closes(ids["van"]))


@pytest.mark.expected_logs("caravan.sync")
def test_a_page_that_fails_for_an_unforeseen_reason_sets_that_record_aside(laptops, hub) -> None:  # noqa: ANN001
    """A record that passes every check and still breaks the apply (here an edit whose list
    of lost clocks is malformed) is set aside with the error; the rest of its page lands and
    the cursor moves on."""
    from caravan_app.storage import sync_store

    a = laptops("a")
    van = {"name": "2号车", "plate": None, "home_county": None, "notes": None, "active": True, "deleted": False}

    def rec(rid: str, name: str, hlc: str, **kw: object) -> dict:
        clocks = {k: [hlc, U(7302)] for k in van}
        return {
            "entity": "caravan",
            "id": rid,
            "device_id": U(7302),
            "hlc": hlc,
            "data": {**van, "name": name},
            "clocks": clocks,
            **kw,
        }

    sync_store.apply_page(a.db, [rec(U(7301), "2号车", "1700000000000.00000")], 41)
    page = [
        rec(U(7301), "二号车", "1700000001000.00000", lost={"name": [5]}),
        rec(U(7303), "3号车", "1700000000000.00000"),
    ]
    sync_store.apply_page(a.db, page, 42)
    assert {c.name for c in a.catalog.caravans()} >= {"2号车", "3号车"}
    assert a.db.get_meta("sync_cursor") == "42"
    held = a.sync.status().quarantined
    assert [q["record_id"] for q in held] == [U(7301)] and "cannot be applied" in held[0]["reason"]


@pytest.mark.gui
def test_the_sync_page_lists_stored_records_set_aside(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from caravan_app.ui.pages.sync_page import SyncPage
    from caravan_app.ui.sync_auto import SyncAuto
    from caravan_app.ui.tasks import TaskRunner

    d = fresh_data_dir(tmp_path / "lap")
    app = App.open(d)
    try:
        ids = _field_day(app)
        db_path = app.db.path
    finally:
        app.close()
    bad = _poison_tables(db_path, ids)
    app = App.open(d)  # set aside when the app opens, before any page reads them
    try:
        p = SyncPage(
            app, TaskRunner(), auto=SyncAuto(app.sync.server, app.sync.pending_count, probe_fn=lambda u: False)
        )
        qtbot.addWidget(p)
        p.show()
        p.refresh()
        assert not p.quarantine.isHidden()
        shown = {p.quarantine.item(i, 2).text(): p.quarantine.item(i, 3).text() for i in range(p.quarantine.rowCount())}
        assert set(shown) == set(bad)
        assert "lines" in shown[U(7001)]  # the reason names the field
    finally:
        app.close()


def test_a_read_only_folder_reads_past_records_it_cannot_set_aside(tmp_path: Path) -> None:
    """A folder that cannot be written keeps the rows the laptop could not move aside: sums of
    take-backs of 2^63−1 still fit (each counts at most one tally step), a van known only from
    its movements still gets its receipt, and every report is written."""
    d = fresh_data_dir(tmp_path / "lap")
    app = App.open(d)
    try:
        ids = _field_day(app)
        db_path = app.db.path
    finally:
        app.close()
    _poison_tables(db_path, ids)
    c = sqlite3.connect(db_path)  # valid, but its van is unknown (its record never arrived)
    c.execute("DROP TRIGGER movements_no_update")
    c.execute("UPDATE movements SET kind = 'load' WHERE id = ?", (U(7005),))
    c.commit()
    c.close()
    app = App.open(d, read_only=True)
    try:
        assert app.visits.summary(ids["visit"]).to_dict()["tallies"]["primary"] >= 0
        app.maintenance.check()
        app.reports.visit_pdf(ids["visit"], tmp_path / "v.pdf")
        app.reports.day_pdf(TODAY, tmp_path / "d.pdf", None)
        app.reports.period_files(f"{TODAY[:4]}-01-01", f"{TODAY[:4]}-12-31", tmp_path / "p.pdf", None)
        app.reports.stats_xlsx(int(TODAY[:4]), tmp_path / "s.xlsx", None)
    finally:
        app.close()


def test_a_row_another_program_writes_later_is_set_aside_by_the_next_check(tmp_path: Path) -> None:
    """After the one full sweep, `caravan check` reads only append-only rows added since."""
    app = App.open(fresh_data_dir(tmp_path / "lap"))
    try:
        ids = _field_day(app)
        assert app.maintenance.check().set_aside == []
        c = sqlite3.connect(app.db.path)
        c.execute(
            'INSERT INTO tallies (id, device_id, hlc, deleted, visit_id, "group", delta, at) VALUES (?,?,?,?,?,?,?,?)',
            (U(7401), U(7777), "1700000000000.00000", 0, ids["visit"], "aliens", 5, f"{TODAY}T10:00:00"),
        )
        c.commit()
        c.close()
        rep = app.maintenance.check()
        assert [x.record_id for x in rep.set_aside] == [U(7401)] and "group" in rep.set_aside[0].reason
        assert app.visits.summary(ids["visit"]).to_dict()["tallies"]["primary"] == 30
    finally:
        app.close()
