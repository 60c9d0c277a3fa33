"""Use cases on a real SQLite file: what a crew member does, and what the database then holds."""

from __future__ import annotations

import json
import sqlite3

import pytest

from caravan_app.domain.errors import NotFound, RuleError, StockWarning, ValidationError
from caravan_app.services.app import App


def test_a_field_day_end_to_end(app: App, field: dict[str, str]) -> None:
    v, c, t, p = field["visit"], field["caravan"], field["title"], field["person"]
    app.visits.arrive(v)
    assert app.visits.get(v).status == "in_progress"
    assert app.visits.duty(v, p) == "on"
    assert app.attendance.tally(v, "primary", 40) == 40
    assert app.attendance.tally(v, "primary", -3) == 37
    with pytest.raises(RuleError):
        app.attendance.tally(v, "teacher", -1)
    r1 = app.attendance.signin(v, "张三", "student", "三年级二班")
    r2 = app.attendance.signin(v, " 张 三 ", "student", "三年级二班")
    assert r2.duplicate and r2.id == r1.id and r1.number == 1
    app.attendance.signin(v, "李老师", "teacher", phone="13800001111")
    assert app.attendance.signin_count(v) == 2
    app.stock.distribute(c, t, 30, v, "三年级二班")
    with pytest.raises(StockWarning):
        app.stock.distribute(c, t, 80, v, "学校")
    assert app.stock.balance(c, t) == 70
    app.stock.distribute(c, t, 80, v, "学校", override=True)
    assert app.stock.balance(c, t) == -10
    last = app.stock.last_undoable(c, v)
    assert last is not None and last.qty == -80
    app.stock.undo(last.id)
    assert app.stock.balance(c, t) == 70
    with pytest.raises(RuleError):
        app.stock.undo(last.id)
    summary = app.visits.complete(v)
    assert summary.attendance == 37 and summary.signins == 2 and summary.books == 30
    assert p in summary.crew_hours
    assert app.visits.on_duty(v) == []
    rep = app.stock.close_day(c, summary.visit.date, {t: 68})
    assert rep.lines_json() == [{"title_id": t, "expected": 70, "counted": 68, "difference": -2}]
    assert app.maintenance.check().ok


def test_every_change_writes_its_outbox_row_in_the_same_transaction(app: App, field: dict[str, str]) -> None:
    app.visits.arrive(field["visit"])  # a count on a planned visit would record arrival first
    conn = sqlite3.connect(app.db.path)
    before = conn.execute("select count(*) from outbox").fetchone()[0]
    app.attendance.tally(field["visit"], "teacher", 5)
    app.sites.update(field["site"], name="鱼台一中")
    rows = conn.execute("select entity, op, data from outbox order by seq").fetchall()[before:]
    assert [(e, o) for e, o, _ in rows] == [("tally", "insert"), ("site", "update")]
    assert json.loads(rows[1][2]) == {"name": "鱼台一中"}
    # A refused action leaves neither the change nor an outbox row.
    with pytest.raises(ValidationError):
        app.attendance.tally(field["visit"], "teacher", "abc")
    assert conn.execute("select count(*) from outbox").fetchone()[0] == before + 2
    conn.close()


def test_append_only_tables_refuse_updates_and_deletes(app: App, field: dict[str, str]) -> None:
    app.attendance.tally(field["visit"], "teacher", 5)
    conn = sqlite3.connect(app.db.path)
    for sql in ("update tallies set delta = 50", "delete from tallies", "update movements set qty = 1"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    conn.close()


def test_edits_keep_per_field_clocks_and_tombstones(app: App, field: dict[str, str]) -> None:
    s = field["site"]
    app.sites.update(s, town="王庙镇")
    conn = sqlite3.connect(app.db.path)
    clocks = json.loads(conn.execute("select clocks from sites where id=?", (s,)).fetchone()[0])
    assert clocks["town"][0] > clocks["name"][0]
    app.sites.delete(s)
    assert conn.execute("select deleted from sites where id=?", (s,)).fetchone()[0] == 1
    assert app.sites.get(s) is None and all(x.id != s for x in app.sites.list())
    conn.close()
    with pytest.raises(NotFound):
        app.sites.update(s, town="x")


def test_cancelled_visits_take_no_records_and_errors_name_the_field(app: App, field: dict[str, str]) -> None:
    app.visits.cancel(field["visit"])
    with pytest.raises(RuleError) as e:
        app.attendance.tally(field["visit"], "primary", 3)
    assert e.value.field == "status" and "取消" in e.value.zh
    with pytest.raises(RuleError):
        app.visits.complete(field["visit"])
    with pytest.raises(ValidationError) as e2:
        app.sites.add(name="某小学", county="北京")
    assert e2.value.field == "county"


def test_transfer_moves_stock_between_vans(app: App, field: dict[str, str]) -> None:
    c2 = app.catalog.add_caravan("2号车")
    app.stock.transfer(field["caravan"], c2, field["title"], 40)
    assert app.stock.balance(field["caravan"], field["title"]) == 60
    assert app.stock.balance(c2, field["title"]) == 40
    with pytest.raises(StockWarning):
        app.stock.transfer(c2, field["caravan"], field["title"], 41)


def test_clock_and_device_survive_a_restart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = App.open(tmp_path)
    c = a.catalog.add_caravan("1号车")
    dev, last = a.db.device_id, a.db.clock.last
    a.close()
    b = App.open(tmp_path)
    assert b.db.device_id == dev and b.db.clock.last >= last
    assert b.catalog.caravans()[0].id == c
    b.close()
