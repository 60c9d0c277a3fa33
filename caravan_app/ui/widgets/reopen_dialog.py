"""Asks why a completed visit is reopened (and who reopens it) before
``VisitService.reopen`` records it; the reason is synced and printed on the reprinted report."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


class ReopenVisitDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reopen_visit_dialog")
        self.setWindowTitle(self.tr("Reopen visit"))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reopen_reason")
        self.reason.setPlaceholderText(self.tr("e.g. one class was not counted"))
        self.by = QLineEdit(self)
        self.by.setObjectName("reopen_by")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Reopen"))
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Reopened by"), self.by)
        note = QLabel(
            self.tr(
                "The reason is recorded and printed on the report; verification codes printed before stop verifying."
            ),
            self,
        )
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
