"""The sign-in list: newest first, searchable, lazy (fast with a million sign-ins).

A wrong sign-in is voided here ("Void…" button or the context menu, with a reason
dialog); a "possible duplicate" (same name and class from another phone) is marked in the
"Check" column and the crew confirms it is another person ("Not a duplicate") or voids it.
Both go through ``AttendanceService`` (the CLI's ``caravan signin void/confirm``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.vocab import SIGNIN_GROUP_LABELS
from ...services.app import App
from .. import i18n
from ..models.lazy_table import Column, LazyTableModel
from ..operations import run_now


def _time(value: Any, _row: dict[str, Any]) -> str:
    s = str(value or "")
    return s[11:16] if len(s) >= 16 else s


def _date_time(value: Any, _row: dict[str, Any]) -> str:
    return str(value or "")[:16].replace("T", " ")


class VoidSigninDialog(QDialog):
    """Asks why a sign-in is voided (the reason is recorded and synced)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("void_signin_dialog")
        self.setWindowTitle(self.tr("Void sign-in"))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("void_reason")
        self.reason.setPlaceholderText(self.tr("e.g. typed by mistake"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Void"))
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                self.tr("Void the sign-in of {name}? It leaves every count, list and report.").format(name=name), self
            )
        )
        lay.addWidget(QLabel(self.tr("Reason"), self))
        lay.addWidget(self.reason)
        lay.addWidget(self.buttons)


class SigninListView(QWidget):
    """Sign-ins of one visit (or all, with ``set_visit(None)``), with a search box.

    Rows come from ``app.attendance.signin_ids(visit_id, search, before, limit)`` page by page
    and ``signins_by_ids(ids)`` for the rows on screen.
    """

    signin_activated = Signal(str)  # sign-in id (double click / Enter)
    changed = Signal()  # a sign-in was voided or confirmed (counts elsewhere may refresh)

    PAGE = 200

    def __init__(
        self, app: App, parent: QWidget | None = None, visit_id: str | None = None, *, load: bool = True
    ) -> None:
        """``load=False``: the owner calls ``set_visit`` right after (a page that picks its visit
        first), so the list is not read twice — once over every sign-in — while the page is built."""
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
        self._dups: set[str] = set()
        self.void_button = QPushButton(self.tr("Void…"), self)
        self.void_button.setObjectName("signin_void")
        self.void_button.clicked.connect(self.void_selected)
        self.distinct_button = QPushButton(self.tr("Not a duplicate"), self)
        self.distinct_button.setObjectName("signin_distinct")
        self.distinct_button.clicked.connect(self.confirm_selected)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.distinct_button)
        top.addWidget(self.void_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        if load:
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
            Column(self.tr("Check"), "id", lambda v, _r: self.tr("Possible duplicate") if v in self._dups else ""),
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

        self._dups = self.app.attendance.possible_duplicates(visit) if visit else set()
        self.model.set_pager(page)
        if visit:
            n = self.app.attendance.signin_count(visit)
            text = self.tr("{n} signed in").format(n=n)
            if self._dups:
                text += " · " + self.tr("{d} possible duplicates").format(d=len(self._dups))
            self.count_label.setText(text)
        else:
            self.count_label.setText("")
        self._update_buttons()

    # --- void / confirm not a duplicate -------------------------------------------------

    def _update_buttons(self) -> None:
        sid = self.selected_id() if self.table.selectionModel() else None
        self.void_button.setEnabled(sid is not None)
        self.distinct_button.setEnabled(sid is not None and sid in self._dups)

    def _menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.setObjectName("signin_menu")
        menu.addAction(self.tr("Void…"), self.void_selected)
        if self.selected_id() in self._dups:
            menu.addAction(self.tr("Not a duplicate"), self.confirm_selected)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def void_selected(self) -> VoidSigninDialog | None:
        """Ask for a reason (window-modal dialog), then void the selected sign-in."""
        sid = self.selected_id()
        if sid is None:
            return None
        rows = self.app.attendance.signins_by_ids([sid])
        dlg = VoidSigninDialog(rows[0].name if rows else "?", self)

        def done() -> None:
            ok, _ = run_now(self, self.app.attendance.void_signin, sid, dlg.reason.text())
            if not ok:
                return
            self.reload()
            self.changed.emit()

        dlg.accepted.connect(done)
        dlg.open()
        return dlg

    def confirm_selected(self) -> None:
        sid = self.selected_id()
        if sid is None:
            return
        ok, _ = run_now(self, self.app.attendance.confirm_distinct, sid)
        if not ok:
            return
        self.reload()
        self.changed.emit()

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
