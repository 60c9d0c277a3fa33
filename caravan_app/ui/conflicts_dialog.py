"""Reviewing values that lost a merge: two laptops changed the same field while offline.

The newer change won everywhere; the other value is kept. Here a person sees both and either
keeps the current value or puts the lost one back (an ordinary edit that syncs).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.rules import FIELD_LABELS
from ..services.app import App
from . import i18n
from .common import big_button, show_error


def review_button_text(n: int) -> str:
    """The 同步 page's button caption, with the number of values waiting for review."""
    return QCoreApplication.translate("ConflictsDialog", "Review changes that lost a merge ({n})").format(n=n)


class ConflictsDialog(QDialog):
    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("conflicts_dialog")
        self.setWindowTitle(self.tr("Changes that lost a merge"))
        self.setMinimumSize(760, 420)
        lay = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Two laptops changed the same field while offline. The newer change is in use everywhere; "
                "the other one is kept here. Keep the current value, or put the lost one back."
            ),
            self,
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("conflicts_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Record"), self.tr("Field"), self.tr("Current value"), self.tr("Lost value")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.keep_button = big_button(self.tr("Keep current value"), self, "keep_current")
        self.restore_button = big_button(self.tr("Put the lost value back"), self, "restore_lost")
        self.keep_button.clicked.connect(lambda: self._act(self.app.conflicts.dismiss))
        self.restore_button.clicked.connect(lambda: self._act(self.app.conflicts.restore_lost))
        row.addWidget(self.keep_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        lay.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.rows: list[dict[str, Any]] = []
        self.table.itemSelectionChanged.connect(self._enable)
        self.reload()

    def reload(self) -> None:
        self.rows = self.app.conflicts.list()
        self.table.setRowCount(len(self.rows))
        for i, c in enumerate(self.rows):
            zh, en = FIELD_LABELS.get(c["field"], (c["field"], c["field"]))
            label = i18n.pick(zh, en)
            if c.get("informational"):
                label += self.tr(" (for information: changes by start/complete/reopen only)")
            values = (c["record"] or c["record_id"], label, c["current"], c["lost"])
            for j, v in enumerate(values):
                item = QTableWidgetItem("" if v is None else str(v))
                item.setData(Qt.ItemDataRole.UserRole, c["id"])
                self.table.setItem(i, j, item)
        if self.rows:
            self.table.selectRow(0)
        self._enable()

    def _selected(self) -> dict[str, Any] | None:
        items = self.table.selectedItems()
        if not items:
            return None
        cid = int(items[0].data(Qt.ItemDataRole.UserRole))
        return next((c for c in self.rows if c["id"] == cid), None)

    def _enable(self) -> None:
        chosen = self._selected()
        self.keep_button.setEnabled(chosen is not None)
        # A status (and its token, arrival, departure) moves by lifecycle commands only.
        self.restore_button.setEnabled(chosen is not None and not chosen.get("informational"))

    def _act(self, action: Any) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        try:
            action(int(items[0].data(Qt.ItemDataRole.UserRole)))
        except Exception as exc:  # DomainError and disk errors, in plain words
            show_error(self, exc)
        self.reload()
