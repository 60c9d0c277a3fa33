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
    assert (s2.prefix, s2.suffix, s2.max_gap_ms) == ("#", "$", 30.0)
    assert w2.show_page("settings").scan_gap.value() == 30
    w2.shell.shutdown()
    w2.close()
    window.scanner.scanner.install(window)  # the last window made takes the app's scanner: give it back


def test_without_a_prefix_setting_a_slow_burst_is_typing(window: Any, app: App, field: dict[str, str]) -> None:
    window.resize(1024, 600)
    app.visits.arrive(field["visit"])
    kb = Keyboard(window.scanner.scanner)
    page = window.show_page("settings")
    page.device_name.setFocus()
    page.device_name.clear()
    kb.scan(app.signin.badge_payload(field["person"]), gap_ms=25)  # 25 ms > the default 20 ms
    assert app.visits.on_duty(field["visit"]) == []
    assert page.device_name.text() == app.signin.badge_payload(field["person"])
