"""The main window builds its other pages in idle time, after it shows (``build_pages_when_idle``).

What a crew notices: keys and badge scans made while the pages are still being built all land,
every nav button opens its page whether or not its turn has come, a page built early shows what
was recorded since, and a language switch rebuilds every page in the new language.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from caravan_app.services.app import App
from caravan_app.storage import models as m
from caravan_app.ui import i18n
from caravan_app.ui.main_window import PAGES

from .scankeys import Keyboard
from .test_scanner import rows

pytestmark = pytest.mark.gui


@pytest.fixture
def today(window: Any, app: App, field: dict[str, str], qtbot: Any) -> Any:
    """The window at 今日 on a visit in progress, nothing built but that page."""
    window.resize(1024, 600)
    page = window.show_page("today")
    qtbot.mouseClick(page.arrive_button, Qt.MouseButton.LeftButton)
    assert set(window.pages) == {"today"}
    return page


def one_idle_turn(qtbot: Any) -> None:
    qtbot.wait(1)  # the event loop runs once or a few times: at most a page or two are built


def signed_in(window: Any) -> str:
    return window.show_page("signin").count_label.text()


def test_counts_typed_while_pages_are_built_all_land_on_today(window: Any, today: Any, app: App, qtbot: Any) -> None:
    kb = Keyboard(window.scanner.scanner)
    window.build_pages_when_idle(0)
    typed = 0
    while not window.pages_complete:
        kb.type("1", 150)  # a person's counting key, then the event loop builds the next page
        typed += 1
        kb.settle()
        one_idle_turn(qtbot)
    assert typed >= 3  # the keys really came between pages being built
    assert [(t.group, t.delta) for t in rows(app, m.Tally)] == [("primary", 1)] * typed
    assert today.counts["primary"].text() == str(typed)
    assert window.current_key() == "today" and today.counting()  # building pages took neither page nor focus


def test_a_badge_scanned_at_45_ms_a_key_while_pages_are_built_is_recorded(
    window: Any, today: Any, app: App, field: dict[str, str], qtbot: Any
) -> None:
    kb = Keyboard(window.scanner.scanner)
    app.signin.rescan_seconds = 0
    window.build_pages_when_idle(0)
    one_idle_turn(qtbot)
    assert not window.pages_complete
    kb.scan(app.signin.badge_payload(field["person"]), gap_ms=45)
    qtbot.waitUntil(lambda: window.pages_complete)
    assert [r.kind for r in rows(app, m.DutyEvent)] == ["on"]
    assert rows(app, m.Tally) == [] and today.name.text() == ""  # nothing of the payload typed or counted


def test_every_nav_button_opens_its_page_before_idle_building_is_done(window: Any, today: Any, qtbot: Any) -> None:
    window.build_pages_when_idle(0)
    one_idle_turn(qtbot)
    assert not window.pages_complete
    for i, spec in enumerate(reversed(PAGES)):  # the last pages are the last to be built in idle time
        item = window.nav.item(len(PAGES) - 1 - i)
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=window.nav.visualItemRect(item).center())
        assert window.current_key() == spec.key
        assert window.stack.currentWidget().widget() is window.pages[spec.key]
        one_idle_turn(qtbot)
    qtbot.waitUntil(lambda: window.pages_complete)
    assert window.current_key() == "today"  # idle building never moved the window to another page
    window.nav.setCurrentRow(3)
    assert window.stack.currentWidget().widget() is window.pages["distribution"]


def test_a_page_built_in_idle_time_shows_what_was_recorded_after(window: Any, today: Any, qtbot: Any) -> None:
    window.build_pages_when_idle(0)
    qtbot.waitUntil(lambda: window.pages_complete)
    assert signed_in(window) == "已签到 0 人"
    window.show_page("today")
    today.name.setText("李老师")
    qtbot.mouseClick(today.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(rows(window.app, m.Signin)) == 1)
    assert signed_in(window) == "已签到 1 人"


def test_a_page_first_built_on_its_click_shows_what_was_recorded_before(
    window: Any, today: Any, app: App, qtbot: Any
) -> None:
    today.name.setText("李老师")
    qtbot.mouseClick(today.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(rows(app, m.Signin)) == 1)
    assert "signin" not in window.pages
    assert signed_in(window) == "已签到 1 人"


def test_a_language_switch_rebuilds_every_page_again_in_idle_time(window: Any, today: Any, qtbot: Any, qapp) -> None:  # noqa: ANN001
    window.build_pages_when_idle(0)
    qtbot.waitUntil(lambda: window.pages_complete)
    old = dict(window.pages)
    settings = window.show_page("settings")
    try:
        settings.language.setCurrentIndex(settings.language.findData(i18n.ENGLISH))
        qtbot.waitUntil(lambda: window.nav.item(0).text() == "Today")
        assert window.current_key() == "settings" and not window.pages_complete  # only the page in front at once
        qtbot.waitUntil(lambda: window.pages_complete)
        assert all(window.pages[k] is not old[k] for k in old)  # every page made again, none kept
        assert window.pages["today"].arrive_button.text() == "&Arrive"
        assert window.pages["signin"].count_label.text() == "0 signed in"
        assert QApplication.focusWidget() is not None
    finally:
        i18n.install(i18n.CHINESE, qapp)


def test_closing_the_window_stops_idle_building(window: Any, today: Any, qtbot: Any) -> None:
    window.build_pages_when_idle(0)
    one_idle_turn(qtbot)
    built = len(window.pages)
    window.runner.wait()
    window.close()
    qtbot.wait(50)
    assert len(window.pages) == built < len(PAGES)


def test_a_click_on_the_nav_reaches_a_page_while_pages_are_built(window: Any, today: Any, qtbot: Any) -> None:
    """The mouse works between two pages being built: a click lands where it was aimed."""
    window.build_pages_when_idle(0)
    one_idle_turn(qtbot)
    sites = window.nav.visualItemRect(window.nav.item(5)).center()
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(sites))
    assert window.current_key() == "sites"
    qtbot.waitUntil(lambda: window.pages_complete)
    assert window.current_key() == "sites"


def test_the_first_page_does_not_wait_for_peer_sync_and_today_follows_it(
    app: App,
    field: dict[str, str],
    qtbot: Any,
    qapp,  # noqa: ANN001
) -> None:
    from caravan_app.ui.shell import build_window
    from caravan_app.ui.shell_services import PEERS_AFTER_MS

    w = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(w)
    w.show_page("today")
    assert w.shell.peers_if_made() is None  # 今日 painted without peer sync's modules
    with qtbot.waitSignal(w.shell.peers_made, timeout=PEERS_AFTER_MS + 5_000):
        pass  # made a moment after the window shows, as the shell schedules it
    peers = w.shell.peers_if_made()
    assert peers is not None
    today_page = w.pages["today"]
    assert today_page.peers_label.text() == peers.near_text()
    w.close()


@pytest.mark.parametrize("key", ["today", "signin"])
def test_a_page_with_a_sign_in_list_reads_only_its_visits_sign_ins_when_built(
    app: App,
    field: dict[str, str],
    qtbot: Any,
    qapp,
    key: str,  # noqa: ANN001
) -> None:
    """The list used to read the newest sign-ins of every visit first (on a decade's database,
    the whole table's first page), then its visit's: the window waited for a read nobody saw."""
    import datetime as dt

    from sqlalchemy import event

    from caravan_app.ui.shell import build_window

    other = app.visits.add(field["site"], field["caravan"], dt.date.today() - dt.timedelta(days=3))
    app.visits.arrive(other)
    app.attendance.signin(other, "去年的学生", "student", organisation="三年级")
    app.visits.complete(other)
    app.visits.arrive(field["visit"])
    app.attendance.signin(field["visit"], "今天的老师", "teacher", organisation="一中")
    reads: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement: str, params: object, _context, _many) -> None:  # noqa: ANN001
        if "FROM signins" in statement and "count(" not in statement.lower():
            reads.append((statement, params))

    event.listen(app.db.engine, "before_cursor_execute", seen)
    try:
        w = build_window(app, qapp, i18n.CHINESE)
        qtbot.addWidget(w)
        page = w.show_page(key)
    finally:
        event.remove(app.db.engine, "before_cursor_execute", seen)
    listed = page.signins if key == "today" else page.list
    names = {listed.model.row_dict(i).name for i in range(listed.model.rowCount())}
    assert names == {"今天的老师"}
    assert reads and all(field["visit"] in str(params) for _s, params in reads)
    w.close()
