"""Stock corrections (issue #10): undo by id, the stock floor, transfer pairs, derived undo ids,
day close with differences, and `caravan check` — on real SQLite files, and through the real
`caravan` command for the findings 1, 2, 3 and 11."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from caravan_app.domain import corrections
from caravan_app.domain.errors import NotFound, RuleError, StockWarning, ValidationError
from caravan_app.services.app import App
from caravan_app.services.stock import close_line_json
from caravan_app.storage import models as m
from caravan_app.storage.sync_store import apply_page
from tests.conftest import fresh_data_dir
from tests.helpers.cli import caravan

ROOT = Path(__file__).resolve().parents[2]


def _rows(app: App, **where: Any) -> list[m.Movement]:
    with app.db.read() as s:
        q = select(m.Movement)
        for k, v in where.items():
            q = q.where(getattr(m.Movement, k) == v)
        return list(s.scalars(q))


def _reopen(app: App, visit_id: str) -> None:
    """Reopen a completed visit (with a reason where the service asks for one)."""
    if "reason" in inspect.signature(app.visits.reopen).parameters:
        app.visits.reopen(visit_id, reason="更正发放记录")  # type: ignore[call-arg]
    else:
        app.visits.reopen(visit_id)


@pytest.fixture
def day(app: App, field: dict[str, str]) -> dict[str, str]:
    app.visits.arrive(field["visit"])
    return field


# --- undo by id ------------------------------------------------------------------------------


def test_undo_names_what_it_undid_and_its_id_is_derived_from_the_target(app: App, day: dict[str, str]) -> None:
    c, t, v = day["caravan"], day["title"], day["visit"]
    mid = app.stock.distribute(c, t, 26, v, "三年级二班")
    res = app.stock.undo(mid)
    assert res.ids == [corrections.derived_id("movement.undo", mid)] and res.targets == [mid]
    for part in ("发放", "《身边的科学》", "26 册", "三年级二班", "鱼台县第一中学", dt.date.today().isoformat()):
        assert part in res.zh
    for part in ("Distribute", "26", "三年级二班", "鱼台县第一中学"):
        assert part in res.en
    assert app.stock.balance(c, t) == 100
    (row,) = _rows(app, kind="undo")
    assert (row.id, row.ref_id, row.qty, row.visit_id, row.recipient) == (res.ids[0], mid, 26, v, "三年级二班")
    with pytest.raises(RuleError, match="already undone"):
        app.stock.undo(mid)
    with pytest.raises(RuleError, match="an undo cannot be undone"):
        app.stock.undo(res.ids[0])  # decided: re-record the hand-out instead
    with pytest.raises(NotFound):
        app.stock.undo("no-such-id")
    assert app.maintenance.check().ok


def test_undo_at_a_completed_visit_is_refused_until_it_is_reopened(app: App, day: dict[str, str]) -> None:
    c, t, v = day["caravan"], day["title"], day["visit"]
    mid = app.stock.distribute(c, t, 26, v, "学校")
    app.visits.complete(v)
    with pytest.raises(RuleError, match="reopen") as exc:
        app.stock.undo(mid)
    assert exc.value.field == "status" and "重新打开" in exc.value.zh
    assert app.stock.balance(c, t) == 74 and not _rows(app, kind="undo")
    with pytest.raises(RuleError, match="reopen"):
        app.stock.distribute(c, t, 1, v, "学校")  # nor a new hand-out at a completed visit
    _reopen(app, v)
    app.stock.undo(mid)
    assert app.stock.balance(c, t) == 100


def test_hand_out_follows_the_one_lifecycle_rule(app: App, field: dict[str, str]) -> None:
    """Like a first count, a hand-out at a planned visit of today starts it (arrival recorded);
    a planned visit of another day and a completed visit refuse."""
    app.stock.distribute(field["caravan"], field["title"], 1, field["visit"], "学校")
    visit = app.visits.get(field["visit"])
    assert visit is not None and visit.status == "in_progress" and visit.arrived_at
    later = app.visits.add(field["site"], field["caravan"], dt.date.today() + dt.timedelta(days=3))
    with pytest.raises(RuleError) as exc:
        app.stock.distribute(field["caravan"], field["title"], 1, later, "学校")
    assert "请先到达" in exc.value.zh
    app.visits.complete(field["visit"])
    with pytest.raises(RuleError, match="reopen"):
        app.stock.distribute(field["caravan"], field["title"], 1, field["visit"], "学校")
    assert len(_rows(app, kind="distribute")) == 1


def test_undo_on_a_closed_day_is_refused_and_says_to_adjust(app: App, day: dict[str, str]) -> None:
    c, t, v = day["caravan"], day["title"], day["visit"]
    mid = app.stock.distribute(c, t, 10, v, "学校")
    app.stock.close_day(c, dt.date.today(), {t: 90})
    with pytest.raises(RuleError, match="adjustment") as exc:
        app.stock.undo(mid)
    assert "已日结" in exc.value.zh and "caravan stock adjust" in exc.value.zh
    assert app.stock.balance(c, t) == 90 and not _rows(app, kind="undo")


def test_undo_respects_the_stock_floor_and_records_the_override(app: App, day: dict[str, str]) -> None:
    c, t, v = day["caravan"], day["title"], day["visit"]
    load = app.stock.load(c, t, 25)
    app.stock.distribute(c, t, 120, v, "学校")  # 5 left
    with pytest.raises(StockWarning):
        app.stock.undo(load)  # would leave −20
    assert app.stock.balance(c, t) == 5 and not _rows(app, kind="undo")
    res = app.stock.undo(load, override=True, reason="装错车")
    assert res.override and app.stock.balance(c, t) == -20
    (row,) = _rows(app, kind="undo")
    assert row.override is True and "装错车" in row.reason
    assert app.maintenance.check().ok  # below zero, but confirmed and recorded


def test_a_transfer_is_undone_as_a_pair_or_not_at_all(app: App, day: dict[str, str]) -> None:
    c, t = day["caravan"], day["title"]
    c2 = app.catalog.add_caravan("2号车", "鲁H22222", "任城区")
    out_id, in_id = app.stock.transfer(c, c2, t, 5)
    res = app.stock.undo(in_id)  # either half undoes both
    assert sorted(res.targets) == sorted([out_id, in_id]) and len(res.ids) == 2
    assert app.stock.balance(c, t) == 100 and app.stock.balance(c2, t) == 0
    with pytest.raises(RuleError, match="already undone"):
        app.stock.undo(out_id)
    assert app.maintenance.check().ok
    # The receiving van handed the books out: undoing the pair would take it below zero.
    out2, _in2 = app.stock.transfer(c, c2, t, 5)
    v2 = app.visits.add(day["site"], c2, dt.date.today())
    app.visits.arrive(v2)
    app.stock.distribute(c2, t, 5, v2, "学校")
    before = len(_rows(app))
    with pytest.raises(StockWarning):
        app.stock.undo(out2)
    assert len(_rows(app)) == before  # neither half written
    assert (app.stock.balance(c, t), app.stock.balance(c2, t)) == (95, 0)


def test_last_undoable_is_this_laptops_own_last_movement(app: App, day: dict[str, str]) -> None:
    c, t, v = day["caravan"], day["title"], day["visit"]
    mine = app.stock.distribute(c, t, 3, v, "一班")
    # Another laptop's later hand-out arrives by sync (the real pull path).
    other = {
        "entity": "movement",
        "id": "01990000-0000-7000-8000-00000000beef",
        "device_id": "other-laptop",
        "hlc": app.db.clock.now(),
        "data": {
            "caravan_id": c,
            "title_id": t,
            "kind": "distribute",
            "qty": -26,
            "visit_id": v,
            "recipient": "别的学校",
            "reason": None,
            "override": None,
            "ref_id": None,
            "at": "2099-01-01T10:00:00",
        },
    }
    apply_page(app.db, [other], 1)
    last = app.stock.last_undoable()
    assert last is not None and last.id == mine


# --- day close -------------------------------------------------------------------------------


def test_day_close_names_uncounted_titles_and_never_records_them_as_zero(app: App, day: dict[str, str]) -> None:
    c, t = day["caravan"], day["title"]
    t2 = app.catalog.add_title("健康素养66条")
    app.stock.load(c, t2, 40)
    with pytest.raises(ValidationError) as exc:
        app.stock.close_day(c, dt.date.today(), {t: 99})
    assert "《健康素养66条》" in exc.value.zh and "--partial" in exc.value.en
    assert app.stock.day_closes(c) == []
    rep = app.stock.close_day(c, dt.date.today(), {t: 99}, partial=True)
    assert rep.uncounted == [t2]
    (stored,) = app.stock.day_closes(c)
    assert [(ln.title_id, ln.expected, ln.counted, ln.difference) for ln in stored.lines] == [(t, 100, 99, -1)]
    assert [close_line_json(ln) for ln in stored.lines] == [
        {"title_id": t, "expected": 100, "counted": 99, "difference": -1}
    ]


def test_day_close_books_differences_in_the_same_transaction(app: App, day: dict[str, str]) -> None:
    c, t = day["caravan"], day["title"]
    t2 = app.catalog.add_title("健康素养66条")
    app.stock.load(c, t2, 40)
    conn = sqlite3.connect(app.db.path)
    before = conn.execute("select max(seq) from outbox").fetchone()[0]
    rep = app.stock.close_day(c, dt.date.today(), {t: 97, t2: 41}, book_differences=True)
    assert app.stock.balances(c) == {t: 97, t2: 41}
    adj = _rows(app, kind="adjust")
    assert sorted(a.qty for a in adj) == [-3, 1] and {a.ref_id for a in adj} == {rep.id}
    assert sorted(rep.adjustments) == sorted(a.id for a in adj)
    # The close and its adjustments were written by one unit of work: consecutive outbox rows.
    rows = conn.execute("select entity from outbox where seq > ? order by seq", (before,)).fetchall()
    assert [r[0] for r in rows] == ["day_close", "movement", "movement"]
    assert app.maintenance.check().ok


# --- caravan check ---------------------------------------------------------------------------


def test_check_reports_reversals_applied_twice_half_transfers_and_silent_negatives(
    app: App, day: dict[str, str]
) -> None:
    c, t, v = day["caravan"], day["title"], day["visit"]
    c2 = app.catalog.add_caravan("2号车", "鲁H22222", "任城区")
    mid = app.stock.distribute(c, t, 26, v, "学校")
    _out, in_id = app.stock.transfer(c, c2, t, 5)
    assert app.maintenance.check().ok
    app.close()
    # What the old code could write (two laptops, one half of a transfer, an unconfirmed −):
    # rows put straight into the SQLite file, as a pull of such records would have.
    conn = sqlite3.connect(app.db.path)
    cols = "id, device_id, hlc, deleted, caravan_id, title_id, kind, qty, visit_id, recipient, ref_id, at"
    for i, (van, ref, qty) in enumerate([(c, mid, 26), (c, mid, 26), (c2, in_id, -5), (c2, None, -50)]):
        kind = "undo" if ref else "adjust"
        conn.execute(
            f"insert into movements ({cols}) values (?,?,?,0,?,?,?,?,?,?,?,?)",
            (f"legacy-{i}", "dev-x", "0000000000001.00000", van, t, kind, qty, None, None, ref, "2026-01-01T00:00:00"),
        )
    conn.commit()
    conn.close()
    reopened = App.open(app.db.path.parent)
    try:
        text = "\n".join(reopened.maintenance.check().problems)
    finally:
        reopened.close()
    assert "movements undone twice: 1" in text
    assert "transfers undone by one half only: 1" in text
    assert "stock below zero without a recorded override: 1" in text


# --- the `caravan` command: findings 1, 2, 3 and 11 -----------------------------------------


def run(data: Path, *args: str, ok: bool = True, stdin: Any = None) -> Any:
    """In-process (tests/helpers/cli.py); a real process only where the terminal is under test."""
    if stdin is None:
        return caravan(data, *args, ok=ok)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CARAVAN_DATA_DIR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
    )
    if ok:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture
def cli_day(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    data = fresh_data_dir(tmp_path / "data")
    a = App.open(data)
    c = a.catalog.add_caravan("1号车", "鲁H12345", "任城区")
    a.catalog.set_this_device("笔记本A", c)
    s = a.sites.add(name="鱼台县第一中学", county="鱼台县")
    t = a.catalog.add_title("身边的科学")
    a.stock.load(c, t, 100)
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    a.close()
    return data, {"caravan": c, "title": t, "visit": v, "site": s}


@pytest.mark.slow
def test_cli_finding_1_bare_undo_asks_and_undo_at_a_completed_closed_visit_is_refused(
    cli_day: tuple[Path, dict[str, str]],
) -> None:
    data, ids = cli_day
    mid = json.loads(run(data, "--json", "distribute", ids["visit"], "身边的科学", "26", "--to", "三年级").stdout)[
        "movement"
    ]
    # No terminal (a script) and --json: refused, naming the command with the id.
    for args in (("undo",), ("--json", "undo")):
        p = run(data, *args, ok=False)
        assert p.returncode == 1
        assert f"caravan undo {mid}" in p.stdout + p.stderr and "26" in p.stdout + p.stderr
    # On a terminal: shows what it would undo and asks; "n" keeps it.
    import pty

    for answer, undone in ((b"n\n", False), (b"y\n", True)):
        master, slave = pty.openpty()
        os.write(master, answer)
        p = run(data, "undo", ok=False, stdin=slave)
        os.close(slave)
        os.close(master)
        out = p.stdout
        assert "《身边的科学》26 册" in out and "三年级" in out and "[y/N]" in out
        assert (p.returncode == 0) is undone and ("已撤销" in out) is undone
    # The hand-out again, then the visit completed and the day closed: undo by id is refused.
    mid2 = json.loads(run(data, "--json", "distribute", ids["visit"], "身边的科学", "26").stdout)["movement"]
    run(data, "visit", "complete", ids["visit"])
    p = run(data, "undo", mid2, ok=False)
    assert p.returncode == 1 and "重新打开" in p.stderr and "reopen" in p.stderr
    run(data, "stock", "close", "身边的科学=74")
    p = run(data, "--json", "undo", mid2, ok=False)
    err = json.loads(p.stdout)["error"]
    assert err["field"] in ("status", "movement")
    assert json.loads(run(data, "--json", "stock").stdout)[0]["on_hand"] == 74


@pytest.mark.slow
def test_cli_finding_2_undo_below_zero_needs_force_and_a_transfer_goes_as_a_pair(
    cli_day: tuple[Path, dict[str, str]],
) -> None:
    data, ids = cli_day
    load = json.loads(run(data, "--json", "stock", "load", "身边的科学", "25").stdout)["movement"]
    run(data, "distribute", ids["visit"], "身边的科学", "120")
    p = run(data, "undo", load, ok=False)
    assert p.returncode == 1 and "--force" in p.stderr
    res = json.loads(run(data, "--json", "undo", load, "--force", "--reason", "装错车").stdout)
    assert res["override"] is True and res["of"] == load
    run(data, "van", "add", "2号车")
    run(data, "stock", "load", "身边的科学", "30")
    moved = json.loads(run(data, "--json", "stock", "transfer", "身边的科学", "5", "--to", "2号车").stdout)
    pair = json.loads(run(data, "--json", "undo", moved["movement"][1]).stdout)
    assert len(pair["ids"]) == 2 and "调出" in pair["zh"] and "调入" in pair["zh"]
    stock = {r["title"]: r["on_hand"] for r in json.loads(run(data, "--json", "stock", "--caravan", "2号车").stdout)}
    assert stock == {"身边的科学": 0}
    assert json.loads(run(data, "--json", "check").stdout)["ok"] is True


@pytest.mark.slow
def test_cli_finding_3_the_same_undo_on_two_laptops_is_one_fact(
    cli_day: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """Without a hub: laptop B gets A's hand-out, both undo it, B then receives A's undo the
    way a pull delivers it. One undo row, counted once. (With a real hub: tests/sync/.)"""
    data, ids = cli_day
    mid = json.loads(run(data, "--json", "distribute", ids["visit"], "身边的科学", "26").stdout)["movement"]
    b_data = tmp_path / "b"
    import shutil

    shutil.copytree(data, b_data)
    a_undo = json.loads(run(data, "--json", "undo", mid).stdout)
    b_undo = json.loads(run(b_data, "--json", "undo", mid).stdout)
    assert a_undo["undo"] == b_undo["undo"] == corrections.derived_id("movement.undo", mid)
    a = App.open(data)
    try:
        with a.db.read() as s:
            row = s.get(m.Movement, a_undo["undo"])
            rec = {"entity": "movement", "id": row.id, "device_id": "laptop-b", "hlc": row.hlc, "data": {}}
            rec["data"] = {f: getattr(row, f) for f in ("caravan_id", "title_id", "kind", "qty", "visit_id")}
            rec["data"] |= {"recipient": row.recipient, "ref_id": row.ref_id, "at": "2099-01-01T00:00:00"}
            rec["data"] |= {"reason": "撤销 / undo", "override": None}
        apply_page(a.db, [rec], 5)
    finally:
        a.close()
    assert len([r for r in json.loads(run(data, "--json", "stock").stdout)]) == 1
    assert json.loads(run(data, "--json", "stock").stdout)[0]["on_hand"] == 100
    assert json.loads(run(data, "--json", "check").stdout)["ok"] is True


@pytest.mark.slow
def test_cli_finding_11_stock_close_books_differences_and_names_uncounted(
    cli_day: tuple[Path, dict[str, str]],
) -> None:
    data, ids = cli_day
    run(data, "title", "add", "健康素养66条")
    run(data, "stock", "load", "健康素养66条", "40")
    run(data, "distribute", ids["visit"], "身边的科学", "70")
    p = run(data, "stock", "close", "身边的科学=29", "--book-differences", ok=False)
    assert p.returncode == 1 and "《健康素养66条》" in p.stderr and "--partial" in p.stderr
    rep = json.loads(
        run(data, "--json", "stock", "close", "身边的科学=29", "健康素养66条=40", "--book-differences").stdout
    )
    assert [ln["difference"] for ln in rep["lines"] if ln["difference"]] == [-1] and len(rep["adjustments"]) == 1
    stock = {r["title"]: r["on_hand"] for r in json.loads(run(data, "--json", "stock").stdout)}
    assert stock == {"身边的科学": 29, "健康素养66条": 40}
    assert json.loads(run(data, "--json", "check").stdout)["ok"] is True


# --- the same derived correction arriving twice (the pull path) -----------------------------


def _copy_of(app: App, undo_id: str, **changes: Any) -> dict[str, Any]:
    with app.db.read() as s:
        row = s.get(m.Movement, undo_id)
        data = {f: getattr(row, f) for f in ("caravan_id", "title_id", "kind", "qty", "visit_id", "recipient")}
        data |= {"reason": row.reason, "override": row.override, "ref_id": row.ref_id, "at": row.at}
    rec = {"entity": "movement", "id": undo_id, "device_id": "0-other-laptop", "hlc": "0000000000001.00000"}
    return {**rec, "data": {**data, **changes.pop("data", {})}, **changes}


def test_a_second_copy_of_an_undo_is_one_fact_and_the_lower_clock_is_kept(app: App, day: dict[str, str]) -> None:
    c, t, v = day["caravan"], day["title"], day["visit"]
    mid = app.stock.distribute(c, t, 26, v, "学校")
    uid = app.stock.undo(mid).ids[0]
    # The other laptop's copy: made at another time, with a lower (hlc, device): it wins.
    apply_page(app.db, [_copy_of(app, uid, data={"at": "2026-01-02T09:00:00", "reason": "撤销 / undo：B"})], 7)
    (row,) = _rows(app, kind="undo")
    assert (row.device_id, row.hlc, row.at, row.reason) == (
        "0-other-laptop",
        "0000000000001.00000",
        "2026-01-02T09:00:00",
        "撤销 / undo：B",
    )
    assert app.stock.balance(c, t) == 100 and app.maintenance.check().ok
    # A copy with a higher clock changes nothing; one that differs in what it IS is no copy.
    apply_page(app.db, [_copy_of(app, uid, device_id="z", hlc="9999999999999.00000", data={"at": "x"})], 8)
    apply_page(app.db, [_copy_of(app, uid, device_id="0", data={"qty": 99})], 9)
    (row,) = _rows(app, kind="undo")
    assert (row.device_id, row.qty, row.at) == ("0-other-laptop", 26, "2026-01-02T09:00:00")


def test_the_append_only_guard_still_refuses_every_other_update(app: App, day: dict[str, str]) -> None:
    mid = app.stock.distribute(day["caravan"], day["title"], 26, day["visit"], "学校")
    uid = app.stock.undo(mid).ids[0]
    conn = sqlite3.connect(app.db.path)
    for sql in (
        "update movements set qty = 1 where id = ?",  # what an undo reverses
        "update movements set ref_id = 'x' where id = ?",
        "delete from movements where id = ?",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql, (uid,))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("update movements set at = 'x' where id = ?", (mid,))  # not an undo: nothing changes
    conn.close()


def test_the_day_receipt_counts_an_undo_under_what_it_reverses(app: App, day: dict[str, str]) -> None:
    c, t, v = day["caravan"], day["title"], day["visit"]
    app.stock.undo(app.stock.load(c, t, 25))  # a wrong load taken back: less loaded, not "handed out"
    app.stock.undo(app.stock.distribute(c, t, 10, v, "学校"))
    app.stock.distribute(c, t, 4, v, "学校")
    (section,) = app.reports.day_data(dt.date.today(), c).sections
    (line,) = section.stock
    assert (line.loaded, line.out, line.other, line.end) == (100, 4, 0, 96)


def test_a_return_at_a_completed_visit_is_refused(app: App, day: dict[str, str]) -> None:
    c, t, v = day["caravan"], day["title"], day["visit"]
    app.stock.distribute(c, t, 10, v, "学校")
    app.stock.return_(c, t, 2, "多领退回", visit_id=v)
    app.visits.complete(v)
    with pytest.raises(RuleError, match="reopen"):
        app.stock.return_(c, t, 2, "多领退回", visit_id=v)  # would change the signed hand-out figure
    assert app.visits.summary(v).books == 8


def test_the_copy_that_recorded_an_override_is_the_one_kept(app: App, day: dict[str, str]) -> None:
    c, t, v = day["caravan"], day["title"], day["visit"]
    load = app.stock.load(c, t, 25)
    app.stock.distribute(c, t, 120, v, "学校")
    uid = app.stock.undo(load, override=True).ids[0]
    # The other laptop's copy of the same undo, made when it still had stock (no override),
    # with a lower clock: it would win on the clock, but the recorded override is kept.
    apply_page(app.db, [_copy_of(app, uid, data={"override": None, "at": "2026-01-02T09:00:00"})], 7)
    (row,) = _rows(app, kind="undo")
    assert row.override is True and row.device_id == app.db.device_id
    assert app.maintenance.check().ok


LINE_KEYS = ["id", "kind", "kind_zh", "kind_en", "title_id", "title", "qty", "caravan_id", "caravan", "recipient"]
LINE_KEYS += ["visit_id", "visit", "at", "device_id"]


def test_cli_json_of_an_undo_keeps_its_keys_and_names_what_it_undid(cli_day: tuple[Path, dict[str, str]]) -> None:
    """``caravan --json undo`` is read by scripts: the typed lines behind it keep every key, in order."""
    data, ids = cli_day
    mid = caravan(data, "--json", "distribute", ids["visit"], "身边的科学", "6", "--to", "三年级").json()["movement"]
    res = caravan(data, "--json", "undo", mid).json()
    assert list(res) == ["undo", "ids", "of", "targets", "lines", "override", "zh", "en"]
    assert res["of"] == mid and res["targets"] == [mid] and res["override"] is False
    (line,) = res["lines"]
    assert list(line) == LINE_KEYS
    assert (line["kind"], line["title"], line["qty"], line["recipient"]) == ("distribute", "身边的科学", 6, "三年级")
    assert line["visit"] is not None and line["visit"].endswith(dt.date.today().isoformat())
    assert "发放《身边的科学》6 册" in res["zh"] and "领取人 三年级" in res["zh"]
