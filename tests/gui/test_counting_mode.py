"""今日's counting mode, explicit and visible (issue #11, findings 2, 3, 8, 9) at 1024×600 and 1366×768."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea, QWidget
from sqlalchemy import select

from caravan_app.domain.errors import ValidationError
from caravan_app.services.app import App
from caravan_app.storage import models as m

from .scankeys import Keyboard

pytestmark = pytest.mark.gui


def tallies(app: App) -> list[tuple[str, int]]:
    with app.db.read() as s:
        return [(t.group, t.delta) for t in s.scalars(select(m.Tally).order_by(m.Tally.id))]


@pytest.fixture
def today(window: Any, qtbot: Any) -> Any:
    window.resize(1024, 600)
    page = window.show_page("today")
    qtbot.mouseClick(page.arrive_button, Qt.MouseButton.LeftButton)
    return page


@pytest.fixture
def kb(window: Any) -> Keyboard:
    return Keyboard(window.scanner.scanner)


def test_after_arrival_the_keys_count_and_the_mode_says_so(today: Any, app: App, field, kb: Keyboard) -> None:
    assert today.counting() and today.mode.text() == "键盘：计数 1–6"
    assert not today.arrive_button.isEnabled() and not today.arrive_button.property("primary")
    kb.type("11111", 120)
    kb.settle()
    assert tallies(app) == [("primary", 1)] * 5  # finding 2: no "11111" in the name box
    assert today.name.text() == ""
    assert today.flash.text() == "+1 小学生"


def test_digits_in_a_field_type_and_esc_returns_to_counting(today: Any, app: App, field, kb: Keyboard) -> None:
    for w in (today.name, today.org, today.step, today.group, today.signins.search):
        w.setFocus()
        assert today.mode.text() == ("键盘：计数 1–6" if w is today.group else "键盘：输入文字（Esc 回到计数）")
        kb.key(Qt.Key.Key_Escape, 200)
        assert today.counting() and today.mode.text() == "键盘：计数 1–6", w.objectName()
    today.org.setFocus()
    kb.type("3", 150)
    kb.settle()
    assert today.org.text() == "3" and tallies(app) == []  # typing mode: the digit is text
    kb.key(Qt.Key.Key_Escape, 150)
    kb.type("3", 150)
    kb.settle()
    assert tallies(app) == [("senior", 1)]


def test_the_step_is_for_one_count_and_goes_back_to_1(today: Any, app: App, field, kb: Keyboard) -> None:
    """Finding 3: after +45 the step stayed 45, so the next "4" added 45 teachers."""
    today.step.setFocus()
    today.step.selectAll()
    kb.type("45", 150)
    kb.key(Qt.Key.Key_Return, 150)  # Enter in the step box: back to counting with the step
    assert today.counting() and today.step.value() == 45
    kb.type("1", 150)
    kb.settle()
    assert today.flash.text() == "+45 小学生" and today.step.value() == 1
    kb.type("4", 150)
    kb.settle()
    assert tallies(app) == [("primary", 45), ("teacher", 1)]
    assert today.total.text() == "46"
    assert today.step.font().pointSize() >= 18 or "18pt" in today.step.styleSheet()  # shown large


def test_a_digits_only_name_is_refused_everywhere(today: Any, app: App, field, kb: Keyboard) -> None:
    today.name.setFocus()
    kb.type("11111", 150)
    kb.key(Qt.Key.Key_Return, 150)
    assert "姓名" in today.sign_result.text() and "数字" in today.sign_result.text()
    assert today.sign_result.property("state") == "error"
    assert app.attendance.signin_count(field["visit"]) == 0
    with pytest.raises(ValidationError) as exc:  # the same rule for the CLI and the phone page
        app.attendance.signin(field["visit"], "１２３ ４５")
    assert exc.value.field == "name" and "digits" in exc.value.en
    token = app.signin.open(field["visit"])
    with pytest.raises(ValidationError):
        app.signin.submit(token, {"name": "110", "group": "parent"})
    assert app.attendance.signin(field["visit"], "张3").name == "张3"  # a letter or a character is enough


def test_a_duplicate_quick_signin_looks_like_a_duplicate(today: Any, app: App, field, kb: Keyboard) -> None:
    for _ in range(2):
        today.name.setFocus()
        kb.ime("李小明")
        kb.key(Qt.Key.Key_Return, 200)
    assert "重复" in today.sign_result.text() and today.sign_result.property("state") == "warn"
    assert app.attendance.signin_count(field["visit"]) == 1


def test_complete_shows_minutes_and_offers_the_visit_report(
    today: Any, window: Any, app: App, field, qtbot, dialogs
) -> None:
    app.visits.duty(field["visit"], field["person"], at=dt.datetime.now() - dt.timedelta(minutes=25))
    dialogs.accept_box()  # "Complete"
    dialogs.next(lambda box: box.findChild(QWidget, "completed_report_button").click())
    qtbot.mouseClick(today.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialogs.texts) == 2, timeout=3000)
    assert "王志愿 25 分钟" in dialogs.texts[1] and "0.0" not in dialogs.texts[1]
    # the question before completing shows the same minutes (on duty until now), not 0
    assert "王志愿 25 分钟" in dialogs.texts[0], dialogs.texts[0]
    assert window.current_key() == "reports"
    reports = window.pages["reports"]
    assert reports.kind.currentData() == "visit" and reports.visit.currentData() == field["visit"]
    window.show_page("today")
    assert today.report_button.isEnabled() and today.report_button.property("primary")
    assert isinstance(QMessageBox, type)


def _viewport(window: Any, key: str) -> QScrollArea:
    return window._scrolls[key]


def _fully_visible(w: QWidget, area: QScrollArea) -> bool:
    top_left = w.mapTo(area.viewport(), w.rect().topLeft())
    bottom_right = w.mapTo(area.viewport(), w.rect().bottomRight())
    vp = area.viewport().rect()
    return vp.contains(top_left) and vp.contains(bottom_right)


def test_today_at_1366x768_shows_counts_signin_and_crew_without_scrolling(today: Any, window: Any, qtbot) -> None:
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.width() == 1366)
    QApplication.processEvents()
    area = _viewport(window, "today")
    assert area.verticalScrollBar().maximum() == 0 and area.horizontalScrollBar().maximum() == 0
    box = today.findChild(QWidget, "tally_box")
    quick, crew = today.findChild(QWidget, "quick_box"), today.findChild(QWidget, "crew_box")
    for w in (box, quick, crew, today.arrive_button, today.report_button):
        assert _fully_visible(w, area), w.objectName()
    # No idle band beside the counts: the sign-in and crew boxes sit right next to them.
    gap = quick.mapTo(today, quick.rect().topLeft()).x() - box.mapTo(today, box.rect().topRight()).x()
    assert gap < 40


def test_today_at_1024x600_needs_no_sideways_scrolling(today: Any, window: Any, qtbot) -> None:
    QApplication.processEvents()
    area = _viewport(window, "today")
    assert area.horizontalScrollBar().maximum() == 0
    for name in ("tally_box", "quick_box", "crew_box"):
        assert _fully_visible(today.findChild(QWidget, name), area), name
    for b in (today.arrive_button, today.complete_button, today.report_button, today.plus["other"]):
        assert _fully_visible(b, area), b.objectName()
    window.show_page("distribution")
    QApplication.processEvents()
    dist = _viewport(window, "distribution")
    assert dist.horizontalScrollBar().maximum() == 0
    page = window.pages["distribution"]
    assert _fully_visible(page.give_button, dist) and _fully_visible(page.recipient, dist)


def test_a_scripted_mini_field_day(window: Any, app: App, field, qtbot, dialogs) -> None:
    """Arrive, crew badges, counting with a step, names typed, scans in fields, books, complete."""
    window.resize(1024, 600)
    kb = Keyboard(window.scanner.scanner)
    app.signin.rescan_seconds = 0  # the second scan of 张三 is him leaving, not a double read
    crew2 = app.catalog.add_person(name="张三", role="crew")
    kid = app.catalog.add_person(name="小红", role="participant", organisation="三年级二班")
    today = window.show_page("today")
    qtbot.mouseClick(today.arrive_button, Qt.MouseButton.LeftButton)
    kb.scan(app.signin.badge_payload(field["person"]))  # counting mode: volunteer on duty
    kb.scan(app.signin.badge_payload(crew2))
    assert "张三 上岗" in window.scanner.banner.text()
    kb.type("1111", 110)
    kb.settle()
    today.step.setFocus()
    today.step.selectAll()
    kb.type("30", 150)
    kb.key(Qt.Key.Key_Return, 150)
    kb.type("2", 150)
    kb.type("5", 150)
    kb.settle()
    today.name.setFocus()
    kb.ime("王老师")
    today.group.setCurrentIndex(today.group.findData("teacher"))
    kb.key(Qt.Key.Key_Return, 150)
    kb.scan(app.signin.badge_payload(kid))  # cursor still in the name box
    kb.key(Qt.Key.Key_Escape, 300)
    kb.type("4", 150)
    kb.settle()
    dist = window.show_page("distribution")
    dist.recipient.setFocus()
    dist.recipient.setEditText("三年级二班")
    dist.qty.setValue(20)
    kb.scan(app.signin.badge_payload(crew2))  # 张三 leaves while books are handed out
    qtbot.mouseClick(dist.give_button, Qt.MouseButton.LeftButton)
    window.show_page("today")
    dialogs.accept_box()
    dialogs.accept_box()
    qtbot.mouseClick(today.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialogs.texts) == 2, timeout=3000)
    v = field["visit"]
    assert app.attendance.totals(v) == {
        "primary": 4,
        "junior": 30,
        "senior": 0,
        "teacher": 1,
        "parent": 1,
        "other": 0,
    }
    with app.db.read() as s:
        signins = [(r.name, r.method) for r in s.scalars(select(m.Signin).order_by(m.Signin.id))]
        duty = [(e.person_id, e.kind) for e in s.scalars(select(m.DutyEvent).order_by(m.DutyEvent.id))]
        given = [(mv.qty, mv.recipient) for mv in s.scalars(select(m.Movement).where(m.Movement.kind == "distribute"))]
    assert signins == [("王老师", "manual"), ("小红", "badge")]
    assert duty == [(field["person"], "on"), (crew2, "on"), (crew2, "off"), (field["person"], "off")]
    assert given == [(-20, "三年级二班")]
