"""Slow keyboard-wedge scanners (10–100 ms a key, cheap and Bluetooth ones) on the real window at
1024×600: a badge scan never counts on 今日 and never lands in a field, whatever the speed, and
a person's typing — counting keys 1–6 included — still types and counts.

Time is the scanner's injected clock (tests/gui/scankeys.py): 100 ms × 20 keys take no real time.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from caravan_app.domain import badge
from caravan_app.services.app import App
from caravan_app.storage import models as m

from .scankeys import Keyboard
from .test_scanner import rows

pytestmark = pytest.mark.gui

SPEEDS = [10, 30, 45, 70, 100]  # ms between two of the scanner's keys


@pytest.fixture
def small(window: Any, app: App, field: dict[str, str]) -> Any:
    window.resize(1024, 600)
    app.visits.arrive(field["visit"])
    app.signin.rescan_seconds = 0  # every scan of a crew badge toggles duty
    # A badge whose payload holds counting digits 1–6 (a random one might not).
    app.catalog.update_person(field["person"], badge_code="WZY2026A")
    window.show_page("today").refresh()
    return window


@pytest.fixture
def kb(small: Any) -> Keyboard:
    return Keyboard(small.scanner.scanner)


def slow_scan(kb: Keyboard, payload: str, gap: float, jitter: float = 0.3) -> None:
    """A scanner ``gap`` ms a key, each gap off by up to ±``jitter`` (a fixed pattern), then Enter."""
    kb.settle(500)
    pattern = (1.0, 1 - jitter, 1 + jitter, 1 - jitter / 2, 1 + jitter / 2)
    for i, ch in enumerate(payload):
        kb.key(ch, gap * pattern[i % len(pattern)])
    kb.key(Qt.Key.Key_Return, gap)
    kb.settle(500)


@pytest.mark.parametrize("gap", SPEEDS)
def test_a_badge_at_any_speed_neither_counts_nor_lands(small: Any, app: App, field, kb: Keyboard, gap: int) -> None:
    payload = app.signin.badge_payload(field["person"])
    assert sum(c in "123456" for c in payload) >= 2
    today = small.show_page("today")
    today.counting_mode()
    slow_scan(kb, payload, gap)
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    assert rows(app, m.Tally) == [] and today.total.text() == "0"
    assert "王志愿" in small.scanner.banner.text()
    dist = small.show_page("distribution")
    visits = small.show_page("visits")
    fields = [
        ("today", today.name),
        ("today", today.org),
        ("today", today.signins.search),
        ("distribution", dist.recipient),
        ("visits", visits.search),
    ]
    expected = ["on"]
    for key, widget in fields:
        small.show_page(key)
        widget.setFocus()
        text = widget.currentText if hasattr(widget, "currentText") else widget.text
        before = text()
        slow_scan(kb, payload, gap)
        expected.append("off" if expected[-1] == "on" else "on")
        assert text() == before, (gap, key, widget.objectName())
        assert QApplication.focusWidget() is widget  # Enter did not move on or press a button
    assert [e.kind for e in rows(app, m.DutyEvent, visit_id=field["visit"])] == expected
    assert rows(app, m.Tally) == [] and [r.kind for r in rows(app, m.Movement)] == ["load"]
    assert rows(app, m.Signin) == []


@pytest.mark.parametrize("gap", [30, 70, 100])
def test_a_misread_badge_at_slow_speed_is_said_so_and_lands_nowhere(
    small: Any, app: App, field, kb: Keyboard, gap: int
) -> None:
    payload = app.signin.badge_payload(field["person"])
    garbled = payload[:-2] + ("0" if payload[-2] != "0" else "2") + payload[-1]
    today = small.show_page("today")
    today.counting_mode()
    slow_scan(kb, garbled, gap)
    assert "重新扫描" in small.scanner.banner.text() and small.scanner.banner.level == "error"
    today.name.setFocus()
    slow_scan(kb, garbled, gap)
    assert today.name.text() == ""
    assert rows(app, m.Tally) == [] and app.visits.on_duty(field["visit"]) == []


def test_counting_keys_typed_fast_by_a_person_still_count(small: Any, app: App, field, kb: Keyboard) -> None:
    today = small.show_page("today")
    today.counting_mode()
    kb.type("111", 80)  # a crew member tapping three pupils in
    kb.type("2", 150)
    kb.type("34", 12)  # two keys rolled over
    kb.type("5", 45)
    kb.type("6", 100)
    kb.settle()
    totals = app.attendance.totals(field["visit"])
    assert [totals[g] for g in ("primary", "junior", "senior", "teacher", "parent", "other")] == [3, 1, 1, 1, 1, 1]
    assert today.total.text() == "8"


@pytest.mark.parametrize("gap", [45, 100])
def test_names_with_c_and_v_typed_slowly_are_typed_as_is(small: Any, app: App, field, kb: Keyboard, gap: int) -> None:
    """Keys that could start a badge ("C", "CV", "CVP…") are held, then given back in order."""
    today = small.show_page("today")
    today.name.setFocus()
    kb.type("Cvp Chen", gap)
    kb.settle(400)
    assert today.name.text() == "Cvp Chen"
    today.name.clear()
    kb.type("CV", gap)
    kb.key(Qt.Key.Key_Return, gap)  # too short for a badge: the Enter is the person's
    kb.settle(400)
    assert [s.name for s in rows(app, m.Signin)] == ["CV"] and today.name.text() == ""


def test_typing_rolled_into_a_fast_scan_is_kept(small: Any, app: App, field, kb: Keyboard) -> None:
    """A person's last key a few ms before a scan begins: the key is typed, the scan taken."""
    today = small.show_page("today")
    today.name.setFocus()
    kb.type("Li", 150)
    kb.type("u", 150)
    payload = app.signin.badge_payload(field["person"])
    kb.type(payload, 5)  # the first scanner key 5 ms after the "u"
    kb.key(Qt.Key.Key_Return, 5)
    kb.settle()
    assert today.name.text() == "Liu"
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    today.name.clear()
    kb.type("Wa", 150)  # … and before a slow scan
    kb.type(payload, 60)
    kb.key(Qt.Key.Key_Return, 60)
    kb.settle()
    assert today.name.text() == "Wa" and app.visits.on_duty(field["visit"]) == []


def test_a_foreign_code_from_a_fast_scanner_is_refused(small: Any, app: App, field, kb: Keyboard) -> None:
    today = small.show_page("today")
    today.counting_mode()
    kb.scan("9787530215593", gap_ms=10)
    assert "不是本系统" in small.scanner.banner.text()
    assert rows(app, m.Tally) == []
    kb.scan(badge.encode("NOBODY1"), gap_ms=70)  # ours, but nobody here has it
    assert "没有此人" in small.scanner.banner.text() and rows(app, m.Tally) == []


@pytest.mark.parametrize("gap", [45, 100])
def test_a_slow_scan_in_the_first_window_counts_nothing(app: App, field, qtbot, qapp, gap: int) -> None:  # noqa: ANN001
    """The first window (before the data layer loads) has the same scanner: a slow badge's digits
    are no counting keys there either, and a person's keys still count."""
    from .test_startup_window import _hand_over, _shell

    v = field["visit"]
    app.visits.arrive(v)
    app.signin.rescan_seconds = 0
    app.catalog.update_person(field["person"], badge_code="WZY2026A")
    payload = app.signin.badge_payload(field["person"])
    w = _shell(app, qtbot, qapp)
    assert w.early is not None
    kb = Keyboard(w.early.scanner)
    slow_scan(kb, payload, gap)
    kb.type("11", 120)
    kb.settle()
    assert w.early.pending() == 2 and w.early.scans() == 1
    window, _taken, (saved, refused) = _hand_over(app, w, qapp)
    qtbot.addWidget(window)
    assert (saved, refused) == (3, 0)
    assert app.attendance.totals(v)["primary"] == 2 and sum(app.attendance.totals(v).values()) == 2
    assert app.visits.on_duty(v) == [field["person"]]


def test_typing_and_scans_interleaved_at_random_speeds(small: Any, app: App, field, kb: Keyboard) -> None:
    """Seeded random rounds: a person types words (with "C" and "cv" in them) at 60–300 ms a key,
    a scanner at 8–100 ms a key (with jitter) starts 30–400 ms after the person's last key. The
    field holds exactly what the person typed; every scan toggled duty; nothing counted."""
    import random

    rng = random.Random(20261206)
    words = ["Chen ", "cv", "Li ", "class", "Cui ", "C", "C3 ", "vc", "CV"]
    payload = app.signin.badge_payload(field["person"])
    today = small.show_page("today")
    today.name.setFocus()
    typed = ""
    scans = 0
    for _ in range(12):
        for ch in rng.choice(words):
            kb.key(ch, rng.uniform(60, 300))
            typed += ch
        gap = rng.choice([8, 30, 45, 70, 100])
        first = rng.uniform(30, 400)
        pattern = (1.0, 0.7, 1.3, 0.85, 1.15)
        for i, ch in enumerate(payload):
            kb.key(ch, first if i == 0 else gap * pattern[i % len(pattern)])
        kb.key(Qt.Key.Key_Return, gap)
        scans += 1
    kb.settle(500)
    assert today.name.text() == typed
    assert len(rows(app, m.DutyEvent, visit_id=field["visit"])) == scans
    assert rows(app, m.Tally) == [] and rows(app, m.Signin) == []


def test_a_bluetooth_scanner_sending_in_bursts_is_one_scan(small: Any, app: App, field, kb: Keyboard) -> None:
    """Keys in packets: a few at 2 ms, then a 120 ms pause, and so on (fast and slow in one scan)."""
    payload = app.signin.badge_payload(field["person"])
    today = small.show_page("today")
    today.counting_mode()
    kb.settle(500)
    for i, ch in enumerate(payload):
        kb.key(ch, 120 if i % 4 == 0 else 2)
    kb.key(Qt.Key.Key_Return, 2)
    kb.settle(500)
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    assert rows(app, m.Tally) == [] and "王志愿" in small.scanner.banner.text()


@pytest.mark.parametrize("gap", [30, 45, 100])
def test_a_slow_foreign_code_on_today_counts_nothing(small: Any, app: App, field, kb: Keyboard, gap: int) -> None:
    """In counting mode a run of keys faster than the badge gap is held whatever it spells: a
    book's ISBN from a slow scanner is refused, and its digits count nothing."""
    today = small.show_page("today")
    today.counting_mode()
    slow_scan(kb, "9787530215593", gap)
    assert "不是本系统" in small.scanner.banner.text()
    assert rows(app, m.Tally) == [] and today.total.text() == "0"
    kb.type("1111111111", 100)  # a crew member tapping ten pupils in, quickly: held, then counted
    kb.settle()
    kb.type("4", 400)
    kb.type("4", 400)  # at a walking pace: each at once
    kb.settle()
    assert app.attendance.totals(field["visit"])["primary"] == 10
    assert app.attendance.totals(field["visit"])["teacher"] == 2
    today.name.setFocus()  # in a text box the digits are text, typed as they come
    kb.type("12", 100)
    kb.settle()
    assert today.name.text() == "12" and app.attendance.totals(field["visit"])["primary"] == 10
