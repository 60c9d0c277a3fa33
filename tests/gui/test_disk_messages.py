"""The window says what stops a save: a full disk (free space), a read-only medium (the medium is
read-only), each naming the folder; opened on a read-only folder it says so at once, and a save
that did not fit leaves the figure on screen and in the file as it was. Real filesystems
(tests/core/mounts.py); skipped with the reason where this machine cannot mount."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from caravan_app.services.app import App
from caravan_app.services.startup import open_app
from caravan_app.ui import i18n
from caravan_app.ui.shell import build_window, read_only_notice
from tests.conftest import fresh_data_dir
from tests.core.mounts import fill, read_only_view, small_disk

pytestmark = pytest.mark.gui


def _field(data: Path) -> str:
    app = App.open(fresh_data_dir(data))
    try:
        c = app.catalog.add_caravan("1号车")
        app.catalog.set_this_device("笔记本", c)
        s = app.sites.add(name="某小学", county="任城区")
        v = app.visits.add(s, c, dt.date.today())
        app.visits.arrive(v)
        app.attendance.tally(v, "teacher", 7)
        return v
    finally:
        app.close()


def _window(app: App, qtbot: Any, qapp: Any) -> Any:
    w = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(w)
    w.show()
    return w


def _click_plus(window: Any, qtbot: Any, dialogs: Any) -> str:
    page = window.show_page("today")
    qtbot.waitUntil(lambda: page.plus["teacher"].isEnabled(), timeout=5000)
    dialogs.accept_box()
    qtbot.mouseClick(page.plus["teacher"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialogs.seen == ["error_box"], timeout=5000)
    assert page.counts["teacher"].text() == "7"  # the refused +1 is not shown as counted
    return dialogs.texts[0]


def test_a_full_disk_is_named_as_such_in_the_window(tmp_path: Path, qtbot, qapp, dialogs) -> None:  # noqa: ANN001
    with small_disk(tmp_path / "disk") as disk:
        data = disk / "data"
        visit = _field(data)
        app = open_app(data)
        assert isinstance(app, App)
        try:
            window = _window(app, qtbot, qapp)
            filler = fill(disk)
            for i in range(300):  # a little room may be left in the last pages: fill them first
                try:
                    app.attendance.signin(visit, f"学生{i}" + "长" * 40, "student", "一班" * 20)
                except Exception:  # noqa: BLE001 - the disk is full now
                    break
            said = _click_plus(window, qtbot, dialogs)
            assert "磁盘空间已满" in said and str(data) in said and "腾出空间" in said
            assert "只读" not in said
            filler.unlink()
            assert app.attendance.totals(visit)["teacher"] == 7
            window.runner.wait()
            window.close()
        finally:
            app.close()


def test_a_read_only_medium_is_said_at_start_and_on_a_save(tmp_path: Path, qtbot, qapp, dialogs) -> None:  # noqa: ANN001
    src = tmp_path / "src"
    _field(src / "data")
    with read_only_view(src, tmp_path / "ro") as ro:
        data = ro / "data"
        app = open_app(data)
        assert isinstance(app, App) and app.db.read_only
        try:
            notice = read_only_notice(app)
            assert "只读" in notice and str(data) in notice and "磁盘空间" not in notice
            window = _window(app, qtbot, qapp)
            said = _click_plus(window, qtbot, dialogs)
            assert "只读" in said and str(data) in said
            window.runner.wait()
            window.close()
        finally:
            app.close()


def test_a_raw_os_error_from_any_task_is_worded_for_people(tmp_path: Path, qapp) -> None:  # noqa: ANN001
    """What a background task (sync, an export, a report) raises reaches the window as its reason."""
    lock = tmp_path / "sync.lock"
    i18n.install(i18n.CHINESE, qapp)
    said = i18n.error_text(OSError(30, "Read-only file system", str(lock)))
    assert "只读" in said and str(tmp_path) in said and "Errno" not in said
    i18n.install(i18n.ENGLISH, qapp)
    said = i18n.error_text(OSError(28, "No space left on device", str(tmp_path / "out.xlsx")))
    assert "The disk is full" in said and str(tmp_path) in said
    said = i18n.error_text(ValueError("something else"))
    assert said == "something else"
