"""Issue #10, attendance part: the visit lifecycle, tally take-backs, sign-in voids, who is the
same person, reopen with a reason. Real SQLite files; the CLI as a real process where the
finding was seen on the command line."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from caravan_app.domain.errors import DomainError
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.helpers.cli import caravan as run
from tests.helpers.cli import caravan_json as js


def _laptop(data: Path, date: str | None = None) -> str:
    """A van, a school and a visit (today unless ``date``) made through the CLI; the visit id."""
    run(data, "van", "add", "1号车", "--plate", "鲁H12345")
    run(data, "site", "add", "任城区实验小学", "--county", "任城区", "--kind", "小学")
    v = js(data, "visit", "add", "任城区实验小学", "--date", date or dt.date.today().isoformat(), "--caravan", "1号车")
    return str(v["id"])  # type: ignore[index]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return fresh_data_dir(tmp_path / "data")


# --- finding 5: nothing is recorded at a completed visit until it is reopened ------------------


@pytest.mark.slow
def test_a_completed_visit_refuses_counts_signins_and_duty_until_reopened(data: Path) -> None:
    v = _laptop(data)
    run(data, "person", "add", "王志愿", "--role", "volunteer")
    # The first count on a planned visit of today records arrival, and says so.
    r = run(data, "tally", v, "小学生", "+30")
    assert "已记录到达" in r.stdout
    assert js(data, "visit", "show", v)["visit"]["status"] == "in_progress"  # type: ignore[index]
    run(data, "visit", "complete", v)
    for args in (("tally", v, "小学生", "+5"), ("signin", "add", v, "--name", "张三"), ("duty", v, "王志愿")):
        r = run(data, *args, ok=False)
        assert r.returncode == 1 and "活动已完成" in r.stderr and "reopen" in r.stderr, args
    assert js(data, "visit", "show", v)["attendance"] == 30  # type: ignore[index]
    r = run(data, "visit", "reopen", v, ok=False)
    assert r.returncode == 1 and "原因" in r.stderr  # a completed visit is reopened with a reason
    r = run(data, "visit", "reopen", v, "--reason", "漏记一个班", "--by", "李老师")
    assert "核验码" in r.stdout
    run(data, "tally", v, "小学生", "+5")
    assert js(data, "visit", "show", v)["attendance"] == 35  # type: ignore[index]
    show = js(data, "visit", "show", v)
    assert [(x["reason"], x["by"]) for x in show["reopens"]] == [("漏记一个班", "李老师")]  # type: ignore[index]


def test_planned_visit_of_another_day_asks_for_arrival_first(app: App, field: dict[str, str]) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    v = app.visits.add(field["site"], field["caravan"], tomorrow)
    with pytest.raises(DomainError) as e:
        app.attendance.tally(v, "primary", 5)
    assert "请先到达" in e.value.zh
    with pytest.raises(DomainError):
        app.attendance.signin(v, "张三")
    with pytest.raises(DomainError):
        app.visits.duty(v, field["person"])
    app.visits.arrive(v)
    assert app.attendance.tally(v, "primary", 5) == 5


def test_phone_and_badge_refused_on_a_completed_visit(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    token = app.signin.open(v)
    app.signin.submit(token, {"name": "赵丽"})
    app.visits.complete(v)
    with pytest.raises(DomainError):
        app.signin.submit(token, {"name": "钱二"})
    with pytest.raises(DomainError):
        app.signin.scan(v, app.signin.badge_payload(field["person"]))
    assert app.attendance.signin_count(v) == 1


# --- finding 4: take-backs name the entries they take back ---------------------------------------


@pytest.mark.slow
def test_a_take_back_names_its_entries_and_counting_goes_on(data: Path) -> None:
    v = _laptop(data)
    run(data, "tally", v, "小学生", "+10")
    run(data, "tally", v, "小学生", "+4")
    r = run(data, "tally", v, "小学生", "-6")
    assert "小学生：8" in r.stdout and "撤回" in r.stdout
    r = run(data, "tally", v, "小学生", "-9", ok=False)
    assert r.returncode == 1 and "负数" in r.stderr
    run(data, "tally", v, "小学生", "-8")
    assert js(data, "visit", "show", v)["tallies"]["primary"] == 0  # type: ignore[index]
    run(data, "tally", v, "小学生", "+1")  # never blocked
    assert js(data, "visit", "show", v)["tallies"]["primary"] == 1  # type: ignore[index]
    assert js(data, "check")["ok"]  # type: ignore[index]
    with sqlite3.connect(data / "caravan.db") as c:
        rows = c.execute("select tally_id, qty, seen from tally_takebacks order by at, qty").fetchall()
        entries = dict(c.execute("select id, delta from tallies").fetchall())
    # -6 took 4 from the newest entry and 2 from the +10; -8 took the +10's remaining 8
    assert sorted((entries[t], q, s) for t, q, s in rows) == [(4, 4, 0), (10, 2, 0), (10, 8, 2)]


def test_merged_total_subtracts_each_entry_at_most_once(app: App, field: dict[str, str]) -> None:
    """Two different take-backs of one entry that did not see each other (a merge): the entry
    gives back at most its own count, the total is not negative, and it is listed for review."""
    v = field["visit"]
    app.attendance.tally(v, "primary", 10)
    with sqlite3.connect(app.db.path) as c:
        ((entry,),) = c.execute("select id from tallies").fetchall()
    from caravan_app.domain.ids import derived_id
    from caravan_app.storage.records import unit_of_work

    # What two other laptops pushed: 10 and 7 taken from the same entry, both having seen 0.
    for qty in (10, 7):
        with unit_of_work(app.db) as u:
            u.insert(
                "tally_takeback",
                {
                    "tally_id": entry,
                    "visit_id": v,
                    "group": "primary",
                    "qty": qty,
                    "seen": 0,
                    "at": "2026-01-01T10:00:00",
                },
                record_id=derived_id("tally-takeback", entry, "0", str(qty)),
            )
    assert app.attendance.totals(v)["primary"] == 0
    review = app.attendance.tally_review(v)
    assert len(review) == 1 and review[0].counted == 10 and review[0].taken == 17
    rep = app.maintenance.check()
    assert rep.ok and rep.facts["attendance_review"] == 1
    assert app.attendance.tally(v, "primary", 1) == 1  # counting is never blocked


# --- finding 7: a wrong sign-in is voided and leaves counts, lists and reports -------------------


@pytest.mark.slow
def test_a_wrong_signin_is_voided_with_a_reason(data: Path) -> None:
    v = _laptop(data)
    run(data, "visit", "start", v)
    run(data, "signin", "add", v, "--name", "张三", "--org", "三年级二班")
    # "11111" is refused at the door now (rules.person_name); a typo still gets in and is voided.
    assert run(data, "signin", "add", v, "--name", "11111", ok=False).returncode != 0
    bad = js(data, "signin", "add", v, "--name", "张三三")["id"]  # type: ignore[index]
    assert len(js(data, "signin", "list", v)) == 2  # type: ignore[arg-type]
    r = run(data, "signin", "void", bad, ok=False)
    assert r.returncode != 0 and "--reason" in r.stderr  # a reason is required
    r = run(data, "signin", "void", bad, "--reason", "误输入")
    assert "已作废" in r.stdout and "本场签到 1 人" in r.stdout
    rows = js(data, "signin", "list", v)
    assert [x["name"] for x in rows] == ["张三"]  # type: ignore[union-attr]
    r = run(data, "signin", "void", bad, "--reason", "again", ok=False)
    assert "已作废" in r.stderr
    assert js(data, "visit", "show", v)["signins"] == 1  # type: ignore[index]
    assert js(data, "check")["ok"]  # type: ignore[index]
    # the void is a synced, append-only fact whose id is derived from the sign-in
    from caravan_app.domain.ids import derived_id

    with sqlite3.connect(data / "caravan.db") as c:
        (vid_, kind, reason) = c.execute("select id, kind, reason from signin_corrections").fetchone()
        assert (vid_, kind, reason) == (derived_id("signin-void", bad), "void", "误输入")
        assert c.execute("select count(*) from outbox where entity='signin_correction'").fetchone()[0] == 1


def test_voided_signin_leaves_the_report_appendix_and_period_figures(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    app.visits.arrive(v)
    app.attendance.signin(v, "张三", "student", "三年级二班")
    bad = app.attendance.signin(v, "CFLB1-XXXX", "other").id  # a badge payload typed into the name box
    app.attendance.tally(v, "primary", 20)
    app.attendance.void_signin(bad, "胸卡内容误入姓名栏")
    app.visits.complete(v)
    data = app.reports.visit_data(v)
    assert [s.name for s in data.signins] == ["张三"]
    today = dt.date.today()
    from caravan_app.storage import stats_queries as sq

    with app.db.read() as s:
        (row,) = sq.period_visits(s, today.isoformat(), today.isoformat(), None)
    assert (
        row[10] == 1 and row[8] == 20
    )  # distinct sign-ins and people of the period (columns: stats_queries.period_visits)


def test_void_of_a_completed_visit_needs_a_reopen(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    sid = app.attendance.signin(v, "张三").id
    app.visits.complete(v)
    with pytest.raises(DomainError):
        app.attendance.void_signin(sid, "误签")
    app.visits.reopen(v, "作废误签")
    app.attendance.void_signin(sid, "误签")
    assert app.attendance.signin_count(v) == 0
    assert app.attendance.signin(v, "张三").duplicate is False  # signs in again after a void


# --- finding 12: who is the same person ---------------------------------------------------------


@pytest.mark.slow
def test_two_villagers_of_one_name_count_twice_and_are_marked(data: Path) -> None:
    v = _laptop(data)
    run(data, "visit", "start", v)
    a = App.open(data)
    try:
        token = a.signin.open(v)
        first, cookie1 = a.signin.submit(token, {"name": "赵丽"}, client="192.168.137.10")
        second, cookie2 = a.signin.submit(token, {"name": "赵丽"}, client="192.168.137.11")  # another phone
        again, _ = a.signin.submit(token, {"name": "赵丽"}, cookie=cookie1)  # the first phone again
        assert not first.duplicate and not second.duplicate and again.duplicate and again.id == first.id
        # one phone signs in another person ("再签一位"), and remembers both
        other, cookie3 = a.signin.submit(token, {"name": "赵丽的妈妈", "another": "1"}, cookie=cookie1)
        assert not other.duplicate
        twice, _ = a.signin.submit(token, {"name": "赵丽的妈妈", "another": "1"}, cookie=cookie3)
        assert twice.duplicate and twice.id == other.id
        assert a.signin.from_cookie(v, cookie3).id == first.id  # type: ignore[union-attr]
    finally:
        a.close()
    rows = js(data, "signin", "list", v)
    assert [(x["name"], x["possible_duplicate"]) for x in rows] == [  # type: ignore[union-attr]
        ("赵丽", False),
        ("赵丽", True),
        ("赵丽的妈妈", False),
    ]
    assert "可能重复" in run(data, "signin", "list", v).stdout
    run(data, "signin", "confirm", second.id, "--reason", "两位村民同名")
    rows = js(data, "signin", "list", v)
    assert not any(x["possible_duplicate"] for x in rows)  # type: ignore[union-attr]
    assert js(data, "visit", "show", v)["signins"] == 3  # type: ignore[index]


def test_same_badge_is_the_same_person(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    kid = app.catalog.add_person(name="赵丽", role="participant")
    app.signin.scan(v, app.signin.badge_payload(kid))
    assert app.signin.scan(v, app.signin.badge_payload(kid)).signin.duplicate  # type: ignore[union-attr]
    assert app.attendance.signin_count(v) == 1


# --- reopen: printed codes stop verifying; a report printed after says so -----------------------


def test_reopen_invalidates_printed_code_and_the_reprint_says_why(
    app: App, field: dict[str, str], tmp_path: Path
) -> None:
    from tests.reports import pdfcheck

    v = field["visit"]
    app.attendance.tally(v, "teacher", 3)
    app.visits.complete(v)
    before = app.reports.figures(v).payload()
    assert app.reports.verify(before).ok
    app.visits.reopen(v, "补录教师人数", by="李老师")
    assert not app.reports.verify(before).ok  # the reopen alone: the old code no longer verifies
    reopened = app.reports.figures(v).payload()
    assert reopened != before and app.reports.verify(reopened).matches and not app.reports.verify(reopened).ok
    app.attendance.tally(v, "teacher", 1)
    app.visits.complete(v)
    after = app.reports.figures(v).payload()
    assert not app.reports.verify(reopened).ok and app.reports.verify(after).ok
    pdf = app.reports.visit_pdf(v, tmp_path / "again.pdf")
    flat = pdfcheck.flat(pdf)
    assert "重新打开" in flat and "补录教师人数" in flat and "李老师" in flat
    with sqlite3.connect(app.db.path) as c:
        assert c.execute("select count(*) from outbox where entity='visit_reopen'").fetchone()[0] == 1


def test_check_reports_signins_at_missing_visits_and_double_voids(app: App, field: dict[str, str]) -> None:
    v = field["visit"]
    sid = app.attendance.signin(v, "张三").id
    assert app.maintenance.check().ok
    conn = sqlite3.connect(app.db.path)
    conn.execute(
        'insert into signins (id, device_id, hlc, deleted, visit_id, name, "group", method, dedupe_key, at) '
        "values ('x1', 'd', '0', 0, 'no-such-visit', '某人', 'other', 'manual', 'n:x', '2026-01-01T00:00:00')"
    )
    for i in range(2):  # the same void twice under two ids (what derived ids prevent)
        conn.execute(
            "insert into signin_corrections (id, device_id, hlc, deleted, signin_id, visit_id, kind, at) "
            f"values ('c{i}', 'd', '0', 0, ?, ?, 'void', '2026-01-01T00:00:00')",
            (sid, v),
        )
    conn.commit()
    conn.close()
    rep = app.maintenance.check()
    text = json.dumps(rep.problems, ensure_ascii=False)
    assert not rep.ok and "visits that do not exist" in text and "voided twice" in text


@pytest.mark.parametrize(
    ("status", "date", "starts"),
    [
        ("in_progress", "2026-05-01", False),
        ("planned", "2026-05-01", True),  # planned today: the record implies arrival
    ],
)
def test_visit_accepts_records_rule(status: str, date: str, starts: bool) -> None:
    from caravan_app.domain import rules

    assert rules.visit_accepts_records(status, date, today=dt.date(2026, 5, 1)) is starts


@pytest.mark.parametrize(
    ("status", "zh"), [("planned", "请先到达"), ("completed", "重新打开"), ("cancelled", "已取消")]
)
def test_visit_accepts_records_refuses(status: str, zh: str) -> None:
    from caravan_app.domain import rules

    with pytest.raises(DomainError) as e:
        rules.visit_accepts_records(status, "2026-05-02", today=dt.date(2026, 5, 1))
    assert zh in e.value.zh and e.value.field == "status"
