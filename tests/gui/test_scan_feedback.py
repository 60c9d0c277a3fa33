"""Scan feedback the crew can see and trust, at 1024×600: in the window's status bar (it covers
no list or button), over the day-close dialog and the full-screen sign-in QR as a small toast,
and with advice that fits the day (no "press Arrive" for a visit already completed)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from caravan_app.services.app import App
from caravan_app.storage import models as m

from .scankeys import Keyboard
from .test_scanner import rows

pytestmark = pytest.mark.gui


@pytest.fixture
def running(window: Any, app: App, field: dict[str, str]) -> Any:
    window.resize(1024, 600)
    window.show()
    app.visits.arrive(field["visit"])
    app.signin.rescan_seconds = 0
    window.show_page("today").refresh()
    return window


def window_rect(w: Any, window: Any) -> QRect:
    return QRect(w.mapTo(window, QPoint(0, 0)), w.size())


def test_the_feedback_covers_no_content(running: Any, app: App, field: dict[str, str]) -> None:
    kb = Keyboard(running.scanner.scanner)
    kb.scan(app.signin.badge_payload(field["person"]), widget=running.show_page("today"))
    feedback = running.scanner.banner
    assert "王志愿" in feedback.text() and feedback.level == "ok" and feedback.isVisible()
    assert feedback.parentWidget() is running.statusBar()  # in the layout, not over it
    assert not window_rect(feedback, running).intersects(window_rect(running.centralWidget(), running))
    today = running.show_page("today")
    for w in (today.signins, today.complete_button):  # the sign-in list and the buttons stay clear
        assert not window_rect(feedback, running).intersects(window_rect(w, running))
    assert feedback.toast is None  # nothing in front of the window: no toast


def test_feedback_shows_over_the_day_close_dialog(running: Any, app: App, field: dict[str, str]) -> None:
    kb = Keyboard(running.scanner.scanner)
    stock = running.show_page("stock")
    seen: dict[str, Any] = {}

    tries = [0]

    def in_the_dialog() -> None:
        dlg = QApplication.activeModalWidget()
        if dlg is not None and dlg.objectName() == "sync_first_box":
            dlg.reject()  # "close the day anyway": this laptop has unsynced changes
        if not isinstance(dlg, QDialog) or dlg.objectName() != "day_close_dialog":
            tries[0] += 1
            if tries[0] < 250:
                QTimer.singleShot(20, in_the_dialog)
            return
        spin = next(iter(dlg.spins.values()))
        spin.setValue(7)  # a count typed before the scan
        spin.setFocus()
        kb.scan(app.signin.badge_payload(field["person"]), gap_ms=45, widget=spin)
        toast = running.scanner.banner.toast
        assert toast is not None
        seen.update(
            visible=toast.isVisible(),
            over=toast.over,
            text=toast.text(),
            value=spin.value(),
            dlg=dlg,
            inside=dlg.geometry().contains(toast.geometry().center()),
        )
        dlg.done(QDialog.DialogCode.Rejected)  # past the "throw away the typed counts?" question

    QTimer.singleShot(0, in_the_dialog)
    stock.day_close()
    assert seen["visible"] and seen["over"] is seen["dlg"] and seen["inside"]
    assert "王志愿" in seen["text"] and seen["value"] == 7  # the dialog's count is as typed
    assert app.visits.on_duty(field["visit"]) == [field["person"]]


def test_feedback_shows_over_the_full_screen_qr(running: Any, app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    from caravan_app.ui.signin_projector import ProjectorView

    kb = Keyboard(running.scanner.scanner)
    projector = ProjectorView(running)
    qtbot.addWidget(projector)
    projector.show_code("http://192.168.137.1:8000/s/ABCDEFGHJKMNPQRS", "鱼台县第一中学", 3)
    projector.showFullScreen()
    kid = app.catalog.add_person(name="小红", role="participant")
    kb.scan(app.signin.badge_payload(kid), gap_ms=70, widget=projector)
    toast = running.scanner.banner.toast
    assert toast is not None and toast.isVisible() and toast.over is projector and "小红" in toast.text()
    assert projector.isVisible()  # the scan's keys did not close the projector
    assert [s.name for s in rows(app, m.Signin)] == ["小红"]
    qtbot.mouseClick(toast, Qt.MouseButton.LeftButton)
    assert not toast.isVisible()  # a click dismisses it
    projector.close()


def test_the_advice_fits_the_day(running: Any, app: App, field: dict[str, str]) -> None:
    kb = Keyboard(running.scanner.scanner)
    payload = app.signin.badge_payload(field["person"])
    app.visits.complete(field["visit"])
    running.show_page("stock")
    kb.scan(payload, widget=running.show_page("stock"))
    text = running.scanner.banner.text()
    assert "完成" in text and "重新打开" in text and "到达" not in text
    running.show_page("today").refresh()
    kb.scan(payload, widget=running.show_page("today"))  # the page shows the completed visit
    text = running.scanner.banner.text()
    assert "重新打开" in text and "到达" not in text
    assert rows(app, m.DutyEvent) == []
