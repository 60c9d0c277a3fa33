"""Unexpected errors in the desktop app: logged, shown with a copyable report, app goes on.

Qt calls ``sys.excepthook`` for exceptions raised in slots and keeps running, so replacing
the hook is enough to turn a would-be silent failure into a dialog the crew can send on.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..domain.errors import DomainError
from ..logs import format_report

log = logging.getLogger("caravan.ui")


class ErrorReportDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setMinimumSize(600, 380)
        lay = QVBoxLayout(self)
        msg = QLabel(
            self.tr(
                "Something went wrong. Your saved data is safe and you can keep working. "
                "Please copy this report and send it to the office."
            )
        )
        msg.setWordWrap(True)
        lay.addWidget(msg)
        self.text = QPlainTextEdit(report)
        self.text.setReadOnly(True)
        self.text.setObjectName("report")
        lay.addWidget(self.text)
        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton(self.tr("Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())


def install_exception_dialog() -> None:
    """Route uncaught exceptions of the GUI thread to the log and a report dialog."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, DomainError):  # a rule the user can fix: no report needed
            log.info("domain error: %s", exc)
            from .operations import show_failure  # the one way a failure is shown

            show_failure(QApplication.activeWindow(), exc)
            return
        report = format_report(exc_type, exc, tb)
        log.error("unexpected error\n%s", report)
        if QApplication.instance() is None:
            sys.__excepthook__(exc_type, exc, tb)
            return
        ErrorReportDialog(report, QApplication.activeWindow()).exec()

    sys.excepthook = hook
