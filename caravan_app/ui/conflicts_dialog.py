"""Reviewing what a merge could not decide.

Values that lost a merge: two laptops changed the same field while offline. The newer change
won everywhere; the other value is kept. Here a person sees both and either keeps the current
value or puts the lost one back (an ordinary edit that syncs).

Take-backs a merge could not decide (``AttendanceService.tally_review``): two laptops took back
the same count without seeing each other, or more than it counted. A person checks the figure
and adds a count, takes back more, or marks it checked as it is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.records.visits import LostValue, TallyReview
from ..domain.rules import FIELD_LABELS
from ..services.app import App
from . import i18n
from .common import big_button
from .operations import run_now


def review_count(app: App) -> int:
    """What waits for a person: values that lost a merge and take-backs a merge left open."""
    return len(app.conflicts.list()) + len(app.attendance.tally_review(include_checked=False))


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
        # take-backs a merge could not decide, resolved visibly here.
        self.tally_label = QLabel(
            self.tr(
                "Counts taken back on two laptops at once (or more than was counted): both still count, "
                "never below zero. Check the figure: add a count, take back more, or mark it checked."
            ),
            self,
        )
        self.tally_label.setWordWrap(True)
        lay.addWidget(self.tally_label)
        self.tally_table = QTableWidget(0, 4, self)
        self.tally_table.setObjectName("tally_review_table")
        self.tally_table.setHorizontalHeaderLabels(
            [self.tr("Visit"), self.tr("Group"), self.tr("Counted"), self.tr("Taken back")]
        )
        self.tally_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tally_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.tally_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.tally_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay.addWidget(self.tally_table, 1)
        trow = QHBoxLayout()
        self.add_count_button = big_button(self.tr("Add a count…"), self, "review_add_count")
        self.take_more_button = big_button(self.tr("Take back more…"), self, "review_take_more")
        self.checked_button = big_button(self.tr("Checked, keep as is"), self, "review_checked")
        self.add_count_button.clicked.connect(lambda: self._resolve_tally("add"))
        self.take_more_button.clicked.connect(lambda: self._resolve_tally("take"))
        self.checked_button.clicked.connect(lambda: self._resolve_tally("checked"))
        for b in (self.add_count_button, self.take_more_button, self.checked_button):
            trow.addWidget(b)
        trow.addStretch(1)
        lay.addLayout(trow)
        self.tally_rows: list[TallyReview] = []
        self.tally_table.itemSelectionChanged.connect(self._enable)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.rows: list[LostValue] = []
        self.table.itemSelectionChanged.connect(self._enable)
        self.reload()

    def reload(self) -> None:
        self.rows = self.app.conflicts.list()
        self.table.setRowCount(len(self.rows))
        for i, c in enumerate(self.rows):
            zh, en = FIELD_LABELS.get(c.field, (c.field, c.field))
            label = i18n.pick(zh, en)
            if c.informational:
                label += self.tr(" (for information: changes by start/complete/reopen only)")
            values = (c.record or c.record_id, label, c.current, c.lost)
            for j, v in enumerate(values):
                item = QTableWidgetItem("" if v is None else str(v))
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                self.table.setItem(i, j, item)
        if self.rows:
            self.table.selectRow(0)
        self._reload_tally()
        self._enable()

    def _reload_tally(self) -> None:
        from ..domain.vocab import GROUP_LABELS, Group

        self.tally_rows = self.app.attendance.tally_review(include_checked=False)
        self.tally_table.setRowCount(len(self.tally_rows))
        for i, r in enumerate(self.tally_rows):
            v = self.app.visits.get(r.visit_id)
            site = self.app.sites.get(v.site_id) if v and v.site_id else None
            where = f"{site.name if site else ''} {v.date if v else ''}".strip() or r.visit_id
            gname = i18n.label(GROUP_LABELS, Group(r.group)) if r.group in set(Group) else r.group
            for j, val in enumerate((where, gname, r.counted, r.taken)):
                item = QTableWidgetItem(str(val))
                item.setData(Qt.ItemDataRole.UserRole, r.tally_id)
                self.tally_table.setItem(i, j, item)
        has = bool(self.tally_rows)
        self.tally_table.setVisible(has)
        self.tally_label.setVisible(has)
        for b in (self.add_count_button, self.take_more_button, self.checked_button):
            b.setVisible(has)
        if has:
            self.tally_table.selectRow(0)

    def _selected_tally(self) -> str | None:
        items = self.tally_table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _resolve_tally(self, how: str) -> None:
        tid = self._selected_tally()
        if tid is None:
            return
        # On the operation path: a failure (e.g. the visit is completed: reopen it first) shown the
        # one way, the pages told what changed.
        if how == "checked":
            run_now(self, self.app.attendance.mark_tally_checked, tid)
        else:
            label = self.tr("How many more to count?") if how == "add" else self.tr("How many to take back?")
            n, ok = QInputDialog.getInt(self, self.windowTitle(), label, 1, 1, 100_000)
            if not ok:
                return
            run_now(self, lambda: self.app.attendance.resolve_tally_review(tid, **{how: n}))
        self.reload()

    def _selected(self) -> LostValue | None:
        items = self.table.selectedItems()
        if not items:
            return None
        cid = int(items[0].data(Qt.ItemDataRole.UserRole))
        return next((c for c in self.rows if c.id == cid), None)

    def _enable(self) -> None:
        chosen = self._selected()
        self.keep_button.setEnabled(chosen is not None)
        # A status (and its token, arrival, departure) moves by lifecycle commands only.
        self.restore_button.setEnabled(chosen is not None and not chosen.informational)
        has_tally = self._selected_tally() is not None
        for b in (self.add_count_button, self.take_more_button, self.checked_button):
            b.setEnabled(has_tally)

    def _act(self, action: Any) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        run_now(self, action, int(items[0].data(Qt.ItemDataRole.UserRole)))
        self.reload()
