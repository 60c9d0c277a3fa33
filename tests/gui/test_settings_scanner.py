"""设置's scanner box (issue #11): prefix, suffix and key gap are set in the GUI, saved to ui.ini,
used by the window's scanner at once and by the next window."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.common import settings_for
from caravan_app.ui.shell import build_window

from .scankeys import Keyboard

pytestmark = pytest.mark.gui


def test_scanner_prefix_suffix_and_gap_from_the_settings_page(
    window: Any, app: App, field: dict[str, str], qtbot, qapp
) -> None:  # noqa: ANN001
    window.resize(1024, 600)
    app.visits.arrive(field["visit"])
    app.signin.rescan_seconds = 0
    kb = Keyboard(window.scanner.scanner)
    payload = app.signin.badge_payload(field["person"])
    page = window.show_page("settings")
    assert (page.scan_prefix.text(), page.scan_suffix.text(), page.scan_gap.value()) == ("", "", 20)
    assert page.scan_badge_gap.value() == 150
    page.scan_prefix.setText("#")
    page.scan_suffix.setText("$")
    page.scan_gap.setValue(30)
    qtbot.mouseClick(page.save_scanner_button, Qt.MouseButton.LeftButton)
    assert page.scanner_note.text()
    # A slow scanner (25 ms a key) with a prefix and suffix: taken, without the # and $.
    page.device_name.setFocus()
    before = page.device_name.text()
    kb.scan("#" + payload + "$", gap_ms=25)
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    assert page.device_name.text() == before
    settings = settings_for(app)
    assert (settings.value("scanner/prefix"), settings.value("scanner/suffix")) == ("#", "$")
    assert float(settings.value("scanner/max_gap_ms")) == 30.0
    # The next window starts with them.
    w2 = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(w2)
    s2 = w2.scanner.scanner
    assert (s2.prefix, s2.suffix, s2.max_gap_ms, s2.badge_gap_ms) == ("#", "$", 30.0, 150.0)
    assert w2.show_page("settings").scan_gap.value() == 30
    w2.shell.shutdown()
    w2.close()
    window.scanner.scanner.install(window)  # the last window made takes the app's scanner: give it back


def test_without_any_setting_a_slow_badge_is_taken_and_other_typing_typed(
    window: Any, app: App, field: dict[str, str]
) -> None:
    window.resize(1024, 600)
    app.visits.arrive(field["visit"])
    kb = Keyboard(window.scanner.scanner)
    page = window.show_page("settings")
    page.device_name.setFocus()
    page.device_name.clear()
    kb.scan(app.signin.badge_payload(field["person"]), gap_ms=25)  # 25 ms > the default 20 ms
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    assert page.device_name.text() == ""
    kb.scan("Laptop 3", gap_ms=25)
    assert page.device_name.text() == "Laptop 3"


@pytest.mark.parametrize("gap", [8, 45, 100])
def test_a_test_scan_measures_the_scanner_and_saves_prefix_suffix_and_speed(
    window: Any, app: App, field: dict[str, str], gap: int
) -> None:
    """设置 → 测试扫码: the next scan is measured (whatever the scanner adds), nothing of it lands,
    and the scanner then takes badges with that prefix and suffix at that speed."""
    window.resize(1024, 600)
    app.visits.arrive(field["visit"])
    app.signin.rescan_seconds = 0
    kb = Keyboard(window.scanner.scanner)
    page = window.show_page("settings")
    page.device_name.setFocus()
    before = page.device_name.text()
    page.test_scan_button.click()
    assert "扫描" in page.scanner_note.text() and not page.test_scan_button.isEnabled()
    payload = app.signin.badge_payload(field["person"])
    kb.scan("]Q1" + payload + "~", gap_ms=gap)
    assert page.device_name.text() == before and app.visits.on_duty(field["visit"]) == []  # measured, not used
    assert (page.scan_prefix.text(), page.scan_suffix.text()) == ("]Q1", "~")
    assert page.scan_badge_gap.value() == max(150, round(gap * 2.5))
    assert "已保存" in page.scanner_note.text() and f"{gap} ms" in page.scanner_note.text()
    settings = settings_for(app)
    assert (settings.value("scanner/prefix"), settings.value("scanner/suffix")) == ("]Q1", "~")
    scanner = window.scanner.scanner
    assert (scanner.prefix, scanner.suffix) == ("]Q1", "~")
    kb.scan("]Q1" + payload + "~", gap_ms=gap)  # now a real scan at that speed
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    assert page.device_name.text() == before
    page.test_scan_button.click()  # a foreign code as the test scan: said, nothing saved
    kb.scan("9787530215593", gap_ms=gap)
    assert "不是本系统" in page.scanner_note.text() and page.scan_prefix.text() == "]Q1"


def test_a_test_scan_can_be_cancelled_and_ends_when_the_page_is_left(
    window: Any, app: App, field: dict[str, str]
) -> None:
    window.resize(1024, 600)
    kb = Keyboard(window.scanner.scanner)
    page = window.show_page("settings")
    page.test_scan_button.click()
    kb.key(Qt.Key.Key_Escape, 10, widget=page.device_name)
    assert "已取消" in page.scanner_note.text() and page.test_scan_button.isEnabled()
    page.test_scan_button.click()
    window.show_page("today")  # left without scanning: keys type again
    assert not window.scanner.scanner.calibrating
    page = window.show_page("settings")
    page.device_name.setFocus()
    page.device_name.clear()
    kb.type("Laptop 9", 150, widget=page.device_name)
    kb.settle()
    assert page.device_name.text() == "Laptop 9" and page.test_scan_button.isEnabled()
