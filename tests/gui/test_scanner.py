"""The application-wide badge scanner (issue #11, finding 1) on the real window at 1024×600.

Scanner bursts go to every page and every kind of field; afterwards the database holds exactly
the duty events and sign-ins the badges mean, and nothing from the payload's characters: no
tally, no hand-out, no sign-in named after it, no text left in a field. A person typing (with
pauses, or Chinese through the input method) still types.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from caravan_app.domain import badge
from caravan_app.services.app import App
from caravan_app.storage import models as m
from caravan_app.ui.main_window import PAGES
from caravan_app.ui.scanner import BadgeScanner

from .scankeys import Keyboard

pytestmark = pytest.mark.gui


def rows(app: App, model: Any, **where: Any) -> list[Any]:
    with app.db.read() as s:
        q = select(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return list(s.scalars(q.order_by(model.id)))


@pytest.fixture
def small(window: Any, app: App, field: dict[str, str]) -> Any:
    window.resize(1024, 600)
    app.visits.arrive(field["visit"])
    window.show_page("today").refresh()
    app.signin.rescan_seconds = 0  # every scan of a crew badge toggles duty (no double-read window)
    return window


@pytest.fixture
def kb(small: Any) -> Keyboard:
    return Keyboard(small.scanner.scanner)


def nothing_from_the_payload(app: App, field: dict[str, str]) -> None:
    assert rows(app, m.Tally) == []
    assert [r.kind for r in rows(app, m.Movement)] == ["load"]  # only the morning's load
    assert all(r.name in ("王志愿", "小红") for r in rows(app, m.Signin))


def test_the_window_owns_one_scanner_for_the_whole_application(small: Any) -> None:
    scanner = small.scanner.scanner
    assert isinstance(scanner, BadgeScanner) and BadgeScanner._active is scanner
    assert scanner.parent() is small  # not a page's: rebuilding pages (language switch) keeps it
    small.rebuild_pages()
    assert BadgeScanner._active is scanner


def test_scan_on_every_page_toggles_duty_and_reaches_no_widget(small: Any, app: App, field, kb: Keyboard) -> None:
    payload = app.signin.badge_payload(field["person"])
    for spec in PAGES:
        page = small.show_page(spec.key)
        page.setFocus()
        focus = QApplication.focusWidget()
        kb.scan(payload)
        assert small.scanner.banner.isVisible() and "王志愿" in small.scanner.banner.text(), spec.key
        assert QApplication.focusWidget() is focus, spec.key
    events = rows(app, m.DutyEvent, visit_id=field["visit"])
    assert [e.kind for e in events] == ["on", "off"] * (len(PAGES) // 2) + ["on"] * (len(PAGES) % 2)
    nothing_from_the_payload(app, field)


def test_scan_in_every_kind_of_field_leaves_the_field_as_it_was(small: Any, app: App, field, kb: Keyboard) -> None:
    kid = app.catalog.add_person(name="小红", role="participant", organisation="三年级二班")
    crew = app.signin.badge_payload(field["person"])
    today = small.show_page("today")
    dist = small.show_page("distribution")
    visits = small.show_page("visits")
    signin = small.show_page("signin")
    fields = [
        ("today", today.name),  # line edit: the quick sign-in name box
        ("today", today.org),
        ("today", today.step),  # spin box
        ("today", today),  # the tally area (counting mode)
        ("today", today.signins.search),
        ("distribution", dist.recipient),  # editable combo box (recipient)
        ("distribution", dist.qty),
        ("visits", visits.search),  # the visits search box
        ("signin", signin.list.search),
    ]
    for key, widget in fields:
        small.show_page(key)
        widget.setFocus()
        before = widget.currentText() if hasattr(widget, "currentText") else getattr(widget, "text", lambda: "")()
        kb.scan(crew)
        after = widget.currentText() if hasattr(widget, "currentText") else getattr(widget, "text", lambda: "")()
        assert after == before, (key, widget.objectName())
    small.show_page("today")
    today.name.setFocus()
    kb.scan(app.signin.badge_payload(kid))  # a participant's badge with the cursor in the name box
    assert "小红" in small.scanner.banner.text() and "已签到" in small.scanner.banner.text()
    assert today.name.text() == "" and today.step.value() == 1
    signins = rows(app, m.Signin, visit_id=field["visit"])
    assert [(s.name, s.method) for s in signins] == [("小红", "badge")]
    assert [e.kind for e in rows(app, m.DutyEvent)] == ["on", "off"] * 4 + ["on"]
    nothing_from_the_payload(app, field)


def test_scan_on_the_distribution_page_hands_out_nothing(small: Any, app: App, field, kb: Keyboard) -> None:
    """Finding 1: on 发放 a scan handed a book to a recipient named after the payload."""
    dist = small.show_page("distribution")
    dist.recipient.setFocus()
    dist.recipient.setEditText("")
    kb.scan(app.signin.badge_payload(field["person"]))
    kb.scan("9787530215593")  # a book's ISBN: not a badge, still not a recipient
    assert dist.recipient.currentText() == ""
    assert [r.kind for r in rows(app, m.Movement)] == ["load"]
    assert "不是本系统" in small.scanner.banner.text()
    assert app.visits.on_duty(field["visit"]) == [field["person"]]


def test_scan_on_today_counts_nothing(small: Any, app: App, field, kb: Keyboard) -> None:
    """Finding 1: the payload's digits fired the 1–6 tally keys."""
    today = small.show_page("today")
    today.counting_mode()
    # A fixed badge code: a random one's payload sometimes held no 1–6 and the test proved nothing.
    app.catalog.update_person(field["person"], badge_code="WZY2026A")
    payload = app.signin.badge_payload(field["person"])
    assert any(c in "123456" for c in payload)
    kb.scan(payload)
    kb.scan("9787530215593", end=Qt.Key.Key_Tab)
    kb.scan("1234")  # a short foreign code at scanner speed: still no count
    assert "不是本系统" in small.scanner.banner.text()
    assert rows(app, m.Tally) == [] and today.total.text() == "0"
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    assert "王志愿" in today.on_duty.text()  # the page shows the scan's effect at once


def test_a_person_typing_with_pauses_still_types(small: Any, app: App, field, kb: Keyboard) -> None:
    today = small.show_page("today")
    today.name.setFocus()
    kb.type("Zhang Wei", 150)
    kb.settle()
    assert today.name.text() == "Zhang Wei"
    today.name.clear()
    kb.type("Li", 12)  # two keys rolled over fast, then a pause: still a person
    kb.settle()
    kb.type("na", 140)
    kb.key(Qt.Key.Key_Return, 160)
    assert [s.name for s in rows(app, m.Signin)] == ["Lina"]
    assert today.name.text() == ""


def test_chinese_from_the_input_method_is_typed_in_order(small: Any, kb: Keyboard) -> None:
    today = small.show_page("today")
    today.org.setFocus()
    kb.type("3", 150)  # held back for a moment (a scan could be starting) …
    kb.ime("年级二班")  # … and given on before the input method's text
    kb.settle()
    assert today.org.text() == "3年级二班"


def test_counting_keys_typed_by_a_person_still_count(small: Any, app: App, field, kb: Keyboard) -> None:
    today = small.show_page("today")
    today.counting_mode()
    kb.type("1", 100)
    kb.type("4", 300)
    kb.settle()
    assert app.attendance.totals(field["visit"])["primary"] == 1
    assert app.attendance.totals(field["visit"])["teacher"] == 1


def test_misread_unknown_and_no_visit_are_said_so(small: Any, app: App, field, kb: Keyboard) -> None:
    payload = app.signin.badge_payload(field["person"])
    garbled = payload[:-2] + ("0" if payload[-2] != "0" else "1") + payload[-1]
    today = small.show_page("today")
    today.name.setFocus()
    kb.scan(garbled)
    assert "重新扫描" in small.scanner.banner.text() and small.scanner.banner.level == "error"
    assert today.name.text() == ""
    kb.scan(badge.encode("NOBODY1"))
    assert "没有此人" in small.scanner.banner.text()
    app.visits.complete(field["visit"])
    small.show_page("stock")
    kb.scan(payload)
    assert small.scanner.banner.level == "error"
    assert rows(app, m.Signin) == [] and [e.kind for e in rows(app, m.DutyEvent)] == []


def test_prefix_suffix_and_tab_terminator(small: Any, app: App, field, kb: Keyboard) -> None:
    scanner = small.scanner.scanner
    scanner.prefix, scanner.suffix = "#", "$"
    today = small.show_page("today")
    today.name.setFocus()
    payload = app.signin.badge_payload(field["person"])
    kb.scan("#" + payload + "$", gap_ms=3, end=Qt.Key.Key_Tab)
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    assert today.name.text() == "" and QApplication.focusWidget() is today.name  # Tab did not move on
    kb.scan(payload.lower(), gap_ms=19)  # Caps Lock on, slowest scanner setting, no prefix
    assert app.visits.on_duty(field["visit"]) == []


def test_a_burst_slower_than_a_scanner_is_typing(small: Any, app: App, field, kb: Keyboard) -> None:
    """Not a badge's shape and slower than a fast scanner: a person's typing, Enter included."""
    today = small.show_page("today")
    today.signins.search.setFocus()
    kb.scan("Zhang 2026", gap_ms=45)
    assert today.signins.search.text() == "Zhang 2026"  # typed, not taken
    assert app.visits.on_duty(field["visit"]) == []


def test_signin_page_shows_scans_it_does_not_own(small: Any, app: App, field, kb: Keyboard) -> None:
    kid = app.catalog.add_person(name="小红", role="participant")
    page = small.show_page("signin")
    kb.scan(app.signin.badge_payload(kid))
    assert "小红" in page.scan_message.text()
    kb.scan(app.signin.badge_payload(kid))
    assert "重复" in small.scanner.banner.text() and small.scanner.banner.level == "warn"
    assert app.attendance.signin_count(field["visit"]) == 1


def test_a_report_verification_code_still_reaches_the_check_box(small: Any, app: App, field, kb: Keyboard) -> None:
    """报告's 核验 box takes scanned verification codes (not badges): they pass through, Enter included."""
    reports = small.show_page("reports")
    reports.code.setFocus()
    code = f"CFLV1:{field['visit']}:0123456789ab"
    kb.scan(code)
    assert reports.code.text() == code
    assert reports.verify_result.text()  # Enter reached the box: the check ran and said something
    reports.code.clear()
    kb.scan(app.signin.badge_payload(field["person"]))  # a badge there is still a badge
    assert reports.code.text() == "" and app.visits.on_duty(field["visit"]) == [field["person"]]


def _send(widget: Any, key: Any, text: str, at_ms: int) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        e = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
        e.setTimestamp(at_ms)
        QApplication.sendEvent(widget, e)


def test_key_times_come_from_the_events_own_timestamps(qtbot: Any, qapp: Any) -> None:
    """The window system stamps each key; a busy UI thread that delivers a person's keys late and
    together must not turn them into a "scanner burst" (the clock here never moves)."""
    from PySide6.QtWidgets import QLineEdit

    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    scanner = BadgeScanner(clock=lambda: 5_000.0).install(qapp)
    got: list[str] = []
    scanner.scanned.connect(got.append)
    try:
        payload = badge.encode("ZS01")
        for i, ch in enumerate(payload):
            _send(edit, ord(ch), ch, 1_000 + 8 * i)
        _send(edit, Qt.Key.Key_Return, "\r", 1_000 + 8 * len(payload))
        assert got == [payload] and edit.text() == ""
        for i, ch in enumerate(payload):  # the same characters, a person's 200 ms apart
            _send(edit, ord(ch), ch, 10_000 + 200 * i)
        _send(edit, Qt.Key.Key_Return, "\r", 10_000 + 200 * len(payload))
        assert got == [payload] and edit.text() == payload
    finally:
        scanner.uninstall()
