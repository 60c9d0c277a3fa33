"""The first window is the main window's shell: its navigation and today's visits from plain
sqlite3 (storage/fast_read.py), before SQLAlchemy is imported; the main window takes over."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from caravan_app.paths import database_path
from caravan_app.services.app import App
from caravan_app.storage.fast_read import today
from caravan_app.ui import i18n
from caravan_app.ui.common import settings_for
from caravan_app.ui.main_window import PAGES
from caravan_app.ui.startup_window import NAV_TITLES, StartupWindow
from tests.gui.scankeys import Keyboard

pytestmark = pytest.mark.gui


def test_the_shell_shows_the_navigation_and_todays_counts(app: App, field: dict[str, str], qtbot, qapp) -> None:  # noqa: ANN001
    i18n.install(i18n.CHINESE, qapp)
    v = field["visit"]
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", 12)
    app.attendance.signin(v, "李小明")
    w = StartupWindow(settings_for(app), today(database_path(app.data_dir)))
    qtbot.addWidget(w)
    w.show()
    assert w.data_shown and not w.nav.isEnabled()
    assert [w.nav.item(i).text() for i in range(w.nav.count())][:3] == ["今日", "活动", "签到"]
    (label,) = w.today_labels
    text = label.text()
    assert "鱼台县第一中学" in text and "进行中" in text and "小学生 12" in text and "初中生 0" in text
    assert text.rstrip().endswith("1")  # signed in: 1
    w.hand_over(w)  # (any window) — closing after the hand-over does not quit the app
    assert QApplication.instance() is not None


def test_nav_titles_are_the_main_windows() -> None:
    assert list(NAV_TITLES) == [str(p.title) for p in PAGES]


def test_no_visit_today_says_so(app: App, qtbot) -> None:  # noqa: ANN001
    app.catalog.set_this_device("本机", app.catalog.add_caravan("1号车"))
    w = StartupWindow(settings_for(app), today(database_path(app.data_dir)))
    qtbot.addWidget(w)
    (label,) = w.today_labels  # "No visit planned today." (translated once merged: see resources/i18n)
    assert label.text() in ("今天没有计划的活动。", "No visit planned today.")


# --- the first window's keyboard (issue #11: the window a crew can use within 3x a bare window) ---


def _shell(app: App, qtbot, qapp) -> StartupWindow:  # noqa: ANN001
    i18n.install(i18n.CHINESE, qapp)
    w = StartupWindow(settings_for(app), today(database_path(app.data_dir)))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().window() is w)
    return w


def _hand_over(app: App, w: StartupWindow, qapp):  # noqa: ANN001, ANN202 - as shell.run does it
    from caravan_app.ui.shell import build_window, take_over

    window = build_window(app, qapp, i18n.CHINESE)
    assert w.early is not None
    taken = list(w.early.intents)
    return window, taken, take_over(w, window)


def test_counting_keys_in_the_first_window_are_saved_when_the_main_window_takes_over(
    app: App,
    field: dict[str, str],
    qtbot,
    qapp,  # noqa: ANN001
) -> None:
    v = field["visit"]
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", 12)
    w = _shell(app, qtbot, qapp)
    assert w.accepts_input and w.early is not None and w.early.visit_id == v
    kb = Keyboard(w.early.scanner)
    for ch in "1112":  # a person at ~150 ms a key
        kb.key(ch, 150)
    kb.settle()
    assert "小学生 12 (+3)" in w.today_labels[0].text() and "初中生 0 (+1)" in w.today_labels[0].text()
    assert "4" in w.pending.text()  # "taken while starting: 4 counts" (pending, not yet saved)
    assert app.attendance.totals(v)["primary"] == 12  # nothing written before the data layer is ready
    window, taken, (saved, refused) = _hand_over(app, w, qapp)
    qtbot.addWidget(window)
    assert [i.group for i in taken] == ["primary", "primary", "primary", "junior"]
    assert (saved, refused) == (4, 0)
    totals = app.attendance.totals(v)
    assert totals["primary"] == 15 and totals["junior"] == 1
    today_page = window.pages["today"]
    assert today_page.counts["primary"].text() == "15"  # the page shows what was saved
    assert "4" in window.scanner.banner.text()


def test_a_badge_scanned_in_the_first_window_counts_nothing_and_is_done_on_hand_over(
    app: App,
    field: dict[str, str],
    qtbot,
    qapp,  # noqa: ANN001
) -> None:
    v = field["visit"]
    app.visits.arrive(v)
    app.signin.rescan_seconds = 0
    # A fixed badge code: a random one's payload sometimes held no 1–6 and the test proved nothing.
    app.catalog.update_person(field["person"], badge_code="WZY2026A")
    payload = app.signin.badge_payload(field["person"])
    assert any(c in "123456" for c in payload)  # its digits would be counting keys
    w = _shell(app, qtbot, qapp)
    assert w.early is not None
    kb = Keyboard(w.early.scanner)
    kb.scan(payload)
    assert w.early.pending() == 0 and w.early.scans() == 1
    window, _taken, (saved, refused) = _hand_over(app, w, qapp)
    qtbot.addWidget(window)
    assert (saved, refused) == (1, 0)
    assert sum(app.attendance.totals(v).values()) == 0
    assert app.visits.on_duty(v) == [field["person"]]


def test_without_a_visit_in_progress_keys_count_nothing_and_a_refused_save_is_said(
    app: App,
    field: dict[str, str],
    qtbot,
    qapp,  # noqa: ANN001
) -> None:
    from caravan_app.ui import early_input

    w = _shell(app, qtbot, qapp)  # today's visit is only planned: nothing to count yet (as on 今日)
    assert w.early is not None and w.early.visit_id is None
    kb = Keyboard(w.early.scanner)
    kb.key("1", 150)
    kb.settle()
    assert w.early.pending() == 0 and "(+" not in w.today_labels[0].text()
    lost = [early_input.Intent("tally", "no-such-visit", group="primary")]
    assert "1 次计数" in early_input.lost_text(lost)
    window, _t, _r = _hand_over(app, w, qapp)
    qtbot.addWidget(window)
    assert sum(app.attendance.totals(field["visit"]).values()) == 0
    saved, refused = early_input.apply(window, lost)  # a visit the data does not hold: refused, said
    assert (saved, refused) == (0, 1)
    assert "1" in window.scanner.banner.text() and window.scanner.banner.level == "warn"


# --- the hand-over moment: keys between the first window and the main window's focus ---


def test_a_counting_key_that_reaches_the_first_window_after_the_hand_over_is_saved(
    app: App,
    field: dict[str, str],
    qtbot,
    qapp,  # noqa: ANN001
) -> None:
    """The UI thread takes no keys while it builds the main window; the window system queues
    them for the first window, which gets them once the main window has taken over."""
    v = field["visit"]
    app.visits.arrive(v)
    w = _shell(app, qtbot, qapp)
    body = w.focusWidget()
    window, _taken, _r = _hand_over(app, w, qapp)
    qtbot.addWidget(window)
    assert not w.isVisible()
    kb = Keyboard(window.scanner.scanner)  # the main window's scanner filters every key now
    kb.key("1", 150, body)
    kb.key("2", 150, body)
    kb.settle()
    totals = app.attendance.totals(v)
    assert totals["primary"] == 1 and totals["junior"] == 1
    assert window.pages["today"].counts["primary"].text() == "1"  # 今日 shows it


def test_a_counting_key_that_reaches_the_main_window_before_it_is_active_counts(
    app: App,
    field: dict[str, str],
    qtbot,
    qapp,  # noqa: ANN001
) -> None:
    """The window system makes the main window active a moment after it shows; a key it gets
    in between fires no window shortcut (今日's counting keys are window shortcuts)."""
    v = field["visit"]
    app.visits.arrive(v)
    w = _shell(app, qtbot, qapp)
    window, _taken, _r = _hand_over(app, w, qapp)
    qtbot.addWidget(window)
    assert QApplication.activeWindow() is not window  # offscreen, as elsewhere: activated by the next events
    kb = Keyboard(window.scanner.scanner)
    kb.key("1", 150, window)
    kb.settle()
    assert app.attendance.totals(v)["primary"] == 1
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    kb.key("1", 150)  # once active, the shortcut counts it: once, not twice
    kb.settle()
    assert app.attendance.totals(v)["primary"] == 2


def test_other_keys_that_reach_the_first_window_after_the_hand_over_go_to_the_main_window(
    app: App,
    field: dict[str, str],
    qtbot,
    qapp,  # noqa: ANN001
) -> None:
    v = field["visit"]
    app.visits.arrive(v)
    w = _shell(app, qtbot, qapp)
    body = w.focusWidget()
    window, _taken, _r = _hand_over(app, w, qapp)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    today_page = window.pages["today"]
    today_page.name.setFocus()
    kb = Keyboard(window.scanner.scanner)
    for ch in "Wa":  # not counting keys: typed where the main window has the keyboard
        kb.key(ch, 150, body)
    kb.settle()
    assert today_page.name.text() == "Wa"
    assert sum(app.attendance.totals(v).values()) == 0


def test_a_counting_key_still_held_by_the_scanner_when_the_window_closes_is_saved(
    app: App,
    field: dict[str, str],
    qtbot,
    qapp,  # noqa: ANN001
) -> None:
    """The scanner holds a key a moment (it may start a scan); closing the window right then
    must not drop it."""
    v = field["visit"]
    app.visits.arrive(v)
    w = _shell(app, qtbot, qapp)
    window, _taken, _r = _hand_over(app, w, qapp)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    kb = Keyboard(window.scanner.scanner)
    kb.key("1", 150)
    assert window.scanner.scanner.pending() == "1"
    window.close()
    assert app.attendance.totals(v)["primary"] == 1
