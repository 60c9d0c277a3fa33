"""Enrollment by scanning the hub's QR code (``caravan-server device add --server URL`` prints
``URL#CODE~PIN``, ~100 characters): scanned into either enrollment field, at a fast or a slow
scanner's speed, it fills the hub address and the code with its pin — on 同步 and in the
first-run wizard. A badge scanned there is still a badge."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from caravan_app.services.app import App
from caravan_app.ui.scanner import BadgeScanner
from caravan_app.ui.widgets.enroll_fields import split_enrollment

from .scankeys import Keyboard

pytestmark = pytest.mark.gui

SERVER = "https://192.168.8.20:8765"
CODE = "K7QM-X3PA-9WTZ"
PIN = "3f" * 32
QR = f"{SERVER}/#{CODE}~{PIN}"


def test_the_qr_text_splits_into_address_and_code() -> None:
    assert split_enrollment(QR) == (SERVER, f"{CODE}~{PIN}")
    assert split_enrollment(f"  {CODE}~{PIN} ") == ("", f"{CODE}~{PIN}")  # a QR made without --server
    assert split_enrollment("https://hub.example") is None and split_enrollment(CODE) is None


@pytest.mark.parametrize("gap", [8, 45, 100])
@pytest.mark.parametrize("into", ["url", "code"])
def test_scanning_the_enrollment_qr_on_the_sync_page_fills_both_fields(
    window: Any, app: App, field: dict[str, str], gap: int, into: str
) -> None:
    window.resize(1024, 600)
    page = window.show_page("sync")
    kb = Keyboard(window.scanner.scanner)
    target = page.url_edit if into == "url" else page.code_edit
    target.setFocus()
    kb.scan(QR, gap_ms=gap, widget=target)
    assert page.url_edit.text() == SERVER and page.code_edit.text() == f"{CODE}~{PIN}"
    assert "不是本系统" not in window.scanner.banner.text()
    assert QApplication.focusWidget() in (page.enroll_button, None)  # next: press 注册
    page.url_edit.clear()
    page.code_edit.clear()
    page.url_edit.setFocus()
    app.visits.arrive(field["visit"])
    kb.scan(app.signin.badge_payload(field["person"]), gap_ms=gap, widget=page.url_edit)  # a badge: taken
    assert page.url_edit.text() == "" and app.visits.on_duty(field["visit"]) == [field["person"]]


def test_scanning_the_enrollment_qr_in_the_first_run_wizard(tmp_path: Any, qtbot: Any, qapp: Any) -> None:
    from caravan_app.ui.first_run import FirstRunWizard

    fresh = App.open(tmp_path / "fresh")
    wizard = FirstRunWizard(fresh)
    qtbot.addWidget(wizard)
    scanner = BadgeScanner().install(qapp)  # the application's scanner, as at start
    try:
        kb = Keyboard(scanner)
        wizard.resize(1024, 600)
        wizard.show()
        page = wizard.enroll_page
        kb.scan(QR, gap_ms=45, widget=page.code)
        assert page.url.text() == SERVER and page.code.text() == f"{CODE}~{PIN}"
        page.url.clear()
        kb.scan(QR, gap_ms=8, widget=page.url)
        assert page.url.text() == SERVER and page.code.text() == f"{CODE}~{PIN}"
    finally:
        scanner.uninstall()
        wizard.runner.wait()
        wizard.ask_before_closing = False
        fresh.close()
