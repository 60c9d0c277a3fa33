"""The sign-in list: newest first, searchable, lazy (fast with a million sign-ins)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.vocab import SIGNIN_GROUP_LABELS
from ...services.app import App
from .. import i18n
from ..models.lazy_table import Column, LazyTableModel


def _time(value: Any, _row: dict[str, Any]) -> str:
    s = str(value or "")
    return s[11:16] if len(s) >= 16 else s


def _date_time(value: Any, _row: dict[str, Any]) -> str:
    return str(value or "")[:16].replace("T", " ")


class SigninListView(QWidget):
    """Sign-ins of one visit (or all, with ``set_visit(None)``), with a search box.

    Rows come from ``app.attendance.signin_ids(visit_id, search, before, limit)`` page by page
    and ``signins_by_ids(ids)`` for the rows on screen.
    """

    signin_activated = Signal(str)  # sign-in id (double click / Enter)

    PAGE = 200

    def __init__(self, app: App, parent: QWidget | None = None, visit_id: str | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.visit_id = visit_id
        self.search = QLineEdit(self)
        self.search.setObjectName("signin_search")
        self.search.setPlaceholderText(self.tr("Search name or organisation"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("signin_count")
        self.model = LazyTableModel(self._columns(), app.attendance.signins_by_ids, page_size=self.PAGE, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("signin_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.reload()

    def _columns(self) -> list[Column]:
        when = _time if self.visit_id else _date_time
        return [
            Column(self.tr("Time"), "at", when),
            Column(self.tr("Name"), "name"),
            Column(self.tr("Group"), "group", lambda v, _r: i18n.label(SIGNIN_GROUP_LABELS, v)),
            Column(self.tr("Organisation"), "organisation"),
            Column(self.tr("Phone"), "phone"),
            Column(self.tr("Method"), "method", lambda v, _r: self._method(v)),
        ]

    def _method(self, code: str | None) -> str:
        return {"phone": self.tr("Phone QR"), "badge": self.tr("Badge"), "manual": self.tr("Manual")}.get(
            code or "", code or ""
        )

    def set_visit(self, visit_id: str | None) -> None:
        if visit_id != self.visit_id:
            self.visit_id = visit_id
            self.model.columns = self._columns()
        self.reload()

    def reload(self) -> None:
        """Re-read the ids (after a sign-in or a sync); rows load lazily as they scroll in."""
        search = self.search.text().strip() or None
        visit = self.visit_id

        def page(before: str | None, n: int) -> list[str]:
            return self.app.attendance.signin_ids(visit, search, before, n)

        self.model.set_pager(page)
        if visit:
            n = self.app.attendance.signin_count(visit)
            self.count_label.setText(self.tr("{n} signed in").format(n=n))
        else:
            self.count_label.setText("")

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def _activated(self, index: Any) -> None:
        sid = self.model.id_at(index.row())
        if sid:
            self.signin_activated.emit(sid)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_F3 or (
            event.key() == Qt.Key.Key_F and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.search.setFocus()
            return
        super().keyPressEvent(event)
