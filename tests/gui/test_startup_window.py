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
