"""The main window: navigation, languages, remembered state, first run, lists and dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QDialogButtonBox

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.first_run import DeviceDialog
from caravan_app.ui.main_window import PAGES
from caravan_app.ui.pages.sites_page import SiteDialog
from caravan_app.ui.pages.visits_page import VisitDialog
from caravan_app.ui.shell import build_window

pytestmark = pytest.mark.gui


def test_every_navigation_entry_opens_a_working_page(window, qtbot) -> None:
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "今日", "活动", "签到", "发放", "库存", "学校/站点", "报告", "同步", "设置", "资料",
    ]  # fmt: skip
    for i, spec in enumerate(PAGES):
        window.nav.setCurrentRow(i)
        assert window.current_key() == spec.key
        assert window.stack.currentWidget().widget() is window.pages[spec.key]
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "stock"


def test_english_interface(app, field, qtbot, qapp) -> None:
    w = build_window(app, qapp, i18n.ENGLISH)
    qtbot.addWidget(w)
    try:
        assert w.nav.item(0).text() == "Today" and w.nav.item(5).text() == "Schools / sites"
        assert w.pages["today"].arrive_button.text() == "&Arrive"
    finally:
        i18n.install(i18n.CHINESE, qapp)
    assert i18n.is_chinese()


def test_chinese_renders_with_a_cjk_font(window) -> None:
    family = window.cjk_font
    assert family, "no CJK font available to Qt"
    metrics = QFontMetrics(QFont(family))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "科普大篷车今日签到发放库存")


def test_last_page_and_geometry_are_remembered(app, field, qtbot, qapp) -> None:
    w = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(w)
    w.show()
    w.show_page("stock")
    w.resize(760, 560)  # inside the 800×800 offscreen screen
    w.close()
    again = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(again)
    assert again.current_key() == "stock"
    assert (again.width(), again.height()) == (760, 560)
    assert (app.data_dir / "ui.ini").exists()


def test_first_run_dialog_sets_up_van_and_laptop(tmp_path: Path, qtbot) -> None:
    a = App.open(tmp_path / "fresh")
    try:
        assert not a.catalog.is_configured()
        dlg = DeviceDialog(a)
        qtbot.addWidget(dlg)
        dlg.van.setEditText("科普大篷车3号")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        assert dlg.error.text()  # the laptop name is required
        assert not a.catalog.is_configured()
        dlg.name.setText("3号车笔记本")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        assert a.catalog.is_configured()
        dev = a.catalog.this_device()
        assert dev.name == "3号车笔记本"
        assert a.catalog.caravan_by_name(dev.caravan_id).name == "科普大篷车3号"
    finally:
        a.close()


def test_visits_page_adds_a_visit_and_filters(window, app, field, qtbot, dialogs) -> None:
    other = app.sites.add(name="兖州区实验小学", county="兖州区", kind="小学")
    page = window.show_page("visits")
    assert page.model.rowCount() == 1

    def fill(dlg: VisitDialog) -> None:
        dlg.site.setCurrentIndex(dlg.site.findData(other))
        dlg.theme.setText("防灾减灾科普")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    dialogs.next(fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert dialogs.seen == ["visit_dialog"]
    added = [v for v in app.visits.list() if v.site_id == other]
    assert [(v.theme, v.status, v.caravan_id) for v in added] == [("防灾减灾科普", "planned", field["caravan"])]
    assert page.model.rowCount() == 2 and page.selected_id() == added[0].id
    page.county.setCurrentIndex(page.county.findData("兖州区"))
    assert page.model.rowCount() == 1
    page.county.setCurrentIndex(0)
    page.search.setText("鱼台")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row_dict(0).site_name == "鱼台县第一中学"
    page.search.setText("")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.period.setCurrentIndex(page.period.findData("range"))
    assert page.date_from.isVisible()
    page.date_from.setDate(page.date_from.date().currentDate().addDays(1))
    page.date_to.setDate(page.date_to.date().currentDate().addDays(30))
    assert page.model.rowCount() == 0  # both visits are today
    page.period.setCurrentIndex(page.period.findData("today"))
    assert page.model.rowCount() == 2 and not page.date_from.isVisible()
    page.status.setCurrentIndex(page.status.findData("completed"))
    assert page.model.rowCount() == 0


def test_sites_page_adds_edits_and_searches(window, app, field, qtbot, dialogs) -> None:
    page = window.show_page("sites")

    def fill(dlg: SiteDialog) -> None:
        dlg.name.setText("金乡县鸡黍镇中学")
        dlg.county.setCurrentText("金乡县")
        dlg.kind.setCurrentIndex(dlg.kind.findData("junior_school"))
        dlg.phone.setText("12")  # not a phone number: refused, dialog stays open
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
        assert dlg.isVisible() and dlg.error.text()
        dlg.phone.setText("13712345678")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    dialogs.next(fill)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    site = app.sites.list(search="鸡黍")[0]
    assert (site.county, site.kind, site.phone) == ("金乡县", "junior_school", "13712345678")
    page.county_filter = page.county
    page.county.setCurrentIndex(page.county.findData("金乡县"))
    assert page.model.rowCount() == 1
    page.table.selectRow(0)

    def rename(dlg: SiteDialog) -> None:
        dlg.name.setText("金乡县鸡黍镇第一中学")
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    dialogs.next(rename)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert app.sites.get(site.id).name == "金乡县鸡黍镇第一中学"
    assert page.model.row_dict(0)["name"] == "金乡县鸡黍镇第一中学"


def test_settings_backup_runs_off_the_ui_thread_and_device_saves(window, app, field, qtbot) -> None:
    page = window.show_page("settings")
    assert str(app.data_dir) in page.data_dir.text()
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.backup_button.isEnabled(), timeout=10_000)
    backups = list((app.data_dir / "backups").glob("*.db"))
    assert backups and backups[0].stat().st_size > 0
    assert "备份已保存" in page.backup_note.text()
    page.device_name.setText("新名字")
    qtbot.mouseClick(page.save_device_button, Qt.MouseButton.LeftButton)
    assert app.catalog.this_device().name == "新名字"
    assert "新名字" in window.device_label.text()


def test_switching_language_in_settings_applies_at_once(window, app, field, qtbot, qapp) -> None:
    page = window.show_page("settings")
    try:
        page.language.setCurrentIndex(page.language.findData(i18n.ENGLISH))
        assert i18n.saved_language(page.settings) == i18n.ENGLISH
        qtbot.waitUntil(lambda: window.nav.item(0).text() == "Today")
        assert window.current_key() == "settings"
        fresh = window.pages["settings"]
        assert fresh is not page and fresh.language.currentData() == i18n.ENGLISH
        today = window.show_page("today")
        assert today.arrive_button.text() == "&Arrive"
        fresh.language.setCurrentIndex(fresh.language.findData(i18n.CHINESE))
        qtbot.waitUntil(lambda: window.nav.item(0).text() == "今日")
    finally:
        i18n.install(i18n.CHINESE, qapp)


def _run_until_main_window(data: Path, dialogs, act=None, **kw) -> tuple[int, dict]:  # noqa: ANN001
    """Start the app as `caravan gui` does and close it once the main window shows."""
    import sys

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from caravan_app.ui.main_window import MainWindow
    from caravan_app.ui.shell import run

    seen: dict = {}

    def poll() -> None:
        wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not wins:
            QTimer.singleShot(20, poll)
            return
        w = wins[0]
        seen["nav"] = w.nav.item(0).text()
        seen["visit"] = w.pages["today"].visit_id() if "today" in w.pages else None
        seen["splash_gone"] = not any(
            x.objectName() == "startup_window" and x.isVisible() for x in QApplication.topLevelWidgets()
        )
        w.close()

    if act is not None:
        dialogs.next(act)
    QTimer.singleShot(0, poll)
    hook = sys.excepthook
    try:
        code = run(data, **kw)
    finally:
        sys.excepthook = hook
    return code, seen


def test_gui_demo_starts_with_demo_data_in_chinese(tmp_path: Path, qtbot, dialogs) -> None:
    code, seen = _run_until_main_window(tmp_path / "d", dialogs, demo=True, language=i18n.CHINESE)
    assert code == 0
    assert seen["nav"] == "今日" and seen["splash_gone"]
    a = App.open(tmp_path / "d")
    try:
        assert a.catalog.is_configured() and len(a.visits.list()) >= 30
        assert seen["visit"] in {v.id for v in a.visits.today(a.catalog.current_caravan_id())}
    finally:
        a.close()


def test_first_start_asks_for_the_van(tmp_path: Path, qtbot, dialogs) -> None:
    from caravan_app.ui.first_run import FirstRunWizard

    def answer(wiz: FirstRunWizard) -> None:
        assert isinstance(wiz, FirstRunWizard)
        wiz.van_page.van.setEditText("科普大篷车5号")
        wiz.van_page.name.setText("5号车笔记本")
        wiz.accept()  # Finish (every other step skipped)

    code, seen = _run_until_main_window(tmp_path / "new", dialogs, act=answer, language=i18n.CHINESE)
    assert code == 0 and dialogs.seen == ["first_run_wizard"] and seen["nav"] == "今日"
    a = App.open(tmp_path / "new")
    try:
        assert a.catalog.this_device().name == "5号车笔记本"
    finally:
        a.close()


def test_visit_opens_in_today(window, app, field, qtbot) -> None:
    page = window.show_page("visits")
    page.table.selectRow(0)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "today"
    assert window.pages["today"].visit_id() == field["visit"]


def test_missing_chinese_font_is_reported(app, field, qtbot, qapp, dialogs, monkeypatch) -> None:
    import caravan_app.reports.fonts as report_fonts
    import caravan_app.ui.fonts as ui_fonts

    monkeypatch.setattr(ui_fonts, "cjk_families", lambda: [])
    monkeypatch.setattr(report_fonts, "find_cjk_font", lambda: None)
    dialogs.accept_box()
    w = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: bool(dialogs.texts), timeout=3000)
    assert w.cjk_font is None
    assert "fonts-wqy-microhei" in dialogs.texts[0] and "中文字体" in dialogs.texts[0]
