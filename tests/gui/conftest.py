"""GUI fixtures: the real main window over a real SQLite file, offscreen, plus dialog helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.common import STYLE
from caravan_app.ui.main_window import MainWindow
from caravan_app.ui.shell import build_window


@pytest.fixture
def window(app: App, field: dict[str, str], qtbot, qapp) -> Iterator[MainWindow]:  # noqa: ANN001
    """The main window on the ``field`` data (Chinese, the default language)."""
    if qapp.styleSheet() != STYLE:  # setting it again re-polishes every live widget: ~0.3 s a test
        qapp.setStyleSheet(STYLE)
    w = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.runner.wait()
    w.close()


class DialogAnswerer:
    """Answers the next modal dialog (QMessageBox.exec / QDialog.exec) from a timer.

    ``texts`` collects what each box said, so a test can check the warning a person saw.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.seen: list[str] = []
        self._handled: list[QWidget] = []
        self.closed = False  # set when the test ends: an unused answer never reaches the next test

    def next(self, act: Callable[[QWidget], None], timeout_ms: int = 5000) -> None:
        """Queue an answer; answers are given in order to dialogs not answered before."""
        waited = [0]

        def poll() -> None:
            if self.closed:
                return
            w = QApplication.activeModalWidget()
            if w is None or not w.isVisible() or any(w is h for h in self._handled):
                waited[0] += 20
                if waited[0] < timeout_ms:
                    QTimer.singleShot(20, poll)
                return
            self._handled.append(w)
            self.seen.append(w.objectName())
            if isinstance(w, QMessageBox):
                self.texts.append(w.text())
            try:
                act(w)
            except BaseException:
                w.done(0) if isinstance(
                    w, QDialog
                ) else w.close()  # never leave a test hanging on a modal dialog; the error fails the test
                raise

        QTimer.singleShot(0, poll)

    def accept_box(self) -> None:
        self.next(lambda box: _click_role(box, QMessageBox.ButtonRole.AcceptRole))

    def reject_box(self) -> None:
        self.next(lambda box: _click_role(box, QMessageBox.ButtonRole.RejectRole))


def _click_role(box: QWidget, role: QMessageBox.ButtonRole) -> None:
    assert isinstance(box, QMessageBox), f"expected a message box, got {box!r}"
    buttons = [b for b in box.buttons() if box.buttonRole(b) == role]
    if not buttons and role == QMessageBox.ButtonRole.AcceptRole:
        buttons = [
            b
            for b in box.buttons()
            # a risky yes (stock below zero, undo, discard) stands apart in the reset role
            if box.buttonRole(b)
            in (QMessageBox.ButtonRole.YesRole, QMessageBox.ButtonRole.ActionRole, QMessageBox.ButtonRole.ResetRole)
        ]
    (buttons or box.buttons())[0].click()


@pytest.fixture
def dialogs() -> Iterator[DialogAnswerer]:
    answerer = DialogAnswerer()
    yield answerer
    answerer.closed = True  # an answer queued for a dialog that never came would answer the next test's
