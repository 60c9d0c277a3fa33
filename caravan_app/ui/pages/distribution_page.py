"""发放: hand books out at a visit — title, quantity, recipient; live stock; warned overrides; undo."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import StockWarning
from ...domain.records.catalog import Title
from ...domain.records.stock import Movement
from ...domain.vocab import MOVEMENT_LABELS
from ...services.app import App
from .. import i18n
from ..common import big_button, confirm, heading
from ..models.lazy_table import Column, LazyTableModel
from ..operations import CATALOGUE, STOCK, SYNC, VISITS, ChangeSet, listen, run_now
from ..tasks import TaskRunner
from ..widgets.visit_picker import VisitPicker

RECIPIENT_HINTS = ("一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三", "教师", "图书室")


class DistributionPage(QWidget):
    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.titles: dict[str, Title] = {}
        self.history: dict[str, Movement] = {}
        self.undone: set[str] = set()
        self.picker = VisitPicker(app, self)
        self.picker.setObjectName("dist_visit")
        self.title = QComboBox(self)
        self.title.setObjectName("dist_title")
        self.title.setMinimumHeight(40)
        self.qty = QSpinBox(self)
        self.qty.setObjectName("dist_qty")
        self.qty.setRange(1, 100_000)
        self.qty.setMinimumHeight(40)
        self.recipient = QComboBox(self)
        self.recipient.setObjectName("dist_recipient")
        self.recipient.setEditable(True)
        self.recipient.setMinimumHeight(40)
        self.stock = QLabel(self)
        self.stock.setObjectName("dist_stock")
        self.stock.setProperty("big", True)
        self.warning = QLabel(self)
        self.warning.setObjectName("dist_warning")
        self.warning.setProperty("warning", True)
        self.give_button = big_button(self.tr("&Hand out"), self, "dist_give", primary=True)
        self.undo_button = big_button(self.tr("&Undo last entry"), self, "dist_undo")
        self.undo_note = QLabel(self)  # what the last undo reversed
        self.undo_note.setObjectName("dist_undo_note")
        self.undo_note.setWordWrap(True)
        box = QGroupBox(self.tr("Hand out books"), self)
        form = QFormLayout(box)
        self.form = form
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Quantity"), self.qty)
        form.addRow(self.tr("Recipient"), self.recipient)
        form.addRow(self.tr("On the van"), self.stock)
        form.addRow("", self.warning)
        buttons = QHBoxLayout()
        buttons.addWidget(self.give_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        form.addRow("", self.undo_note)
        self.model = LazyTableModel(
            [
                Column(self.tr("Time"), "at", lambda v, _r: str(v or "")[11:16]),
                Column(self.tr("Title"), "title_id", lambda v, _r: self._title_name(v)),
                Column(self.tr("Copies"), "qty", lambda v, _r: str(-int(v or 0))),
                Column(self.tr("Recipient"), "recipient"),
                Column(self.tr("Entry"), "kind", lambda v, r: self._kind(v, r)),
            ],
            lambda ids: [asdict(self.history[i]) for i in ids if i in self.history],
            parent=self,
        )
        self.table = QTableView(self)
        self.table.setObjectName("dist_history")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.total = QLabel(self)
        self.total.setObjectName("dist_total")
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Distribution"), self))
        lay.addWidget(self.picker)
        lay.addWidget(box)
        hist = QHBoxLayout()
        hist.addWidget(QLabel(self.tr("Handed out at this visit"), self))
        hist.addStretch(1)
        hist.addWidget(self.total)
        lay.addLayout(hist)
        lay.addWidget(self.table, 1)
        self.picker.visit_changed.connect(lambda _v: self.refresh_visit())
        self.title.currentIndexChanged.connect(lambda _i: self.show_stock())
        self.qty.valueChanged.connect(lambda _v: self.show_stock())
        self.give_button.clicked.connect(self.give)
        self.undo_button.clicked.connect(self.undo_last)
        for edit in (self.qty.lineEdit(), self.recipient.lineEdit()):
            if edit is not None:
                edit.returnPressed.connect(self.give)
        self.load_titles()
        self.refresh_visit()
        listen(self, self._on_changed)

    def _on_changed(self, cs: ChangeSet) -> None:
        """Stock or titles changed elsewhere (库存, 资料, a sync): the figures follow, no polling."""
        if cs.source is not self and cs.touches(STOCK, CATALOGUE, VISITS, SYNC) and self.isVisible():
            self.refresh()

    def _kind(self, kind: str | None, row: dict[str, Any]) -> str:
        text = i18n.label(MOVEMENT_LABELS, kind)
        if row.get("override"):
            text += " · " + self.tr("over stock (confirmed)")
        if row["id"] in self.undone:
            text += " · " + self.tr("undone")
        return text

    # --- state ------------------------------------------------------------------------------
    def load_titles(self) -> None:
        keep = self.title.currentData()
        self.titles = {t.id: t for t in self.app.catalog.titles()}
        self.title.blockSignals(True)
        self.title.clear()
        for t in self.titles.values():
            self.title.addItem(f"《{t.name}》", t.id)
        self.title.setCurrentIndex(max(0, self.title.findData(keep)) if keep else 0)
        self.title.blockSignals(False)

    def _title_name(self, title_id: str) -> str:
        t = self.titles.get(title_id)
        return t.name if t else "?"

    def caravan_id(self) -> str | None:
        vid = self.picker.visit_id()
        visit = self.app.visits.get(vid) if vid else None
        return visit.caravan_id if visit else self.app.catalog.current_caravan_id()

    def refresh(self) -> None:
        self.load_titles()
        self.picker.reload()

    def set_visit(self, visit_id: str | None) -> None:
        self.picker.set_visit(visit_id)

    def refresh_visit(self) -> None:
        vid = self.picker.visit_id()
        visit = self.app.visits.get(vid) if vid else None
        site = self.app.sites.get(visit.site_id) if visit else None
        keep = self.recipient.currentText()
        self.recipient.clear()
        if site:
            self.recipient.addItem(site.name)
        self.recipient.addItems(list(RECIPIENT_HINTS))
        if keep:
            self.recipient.setCurrentText(keep)
        can = visit is not None and visit.status != "cancelled"
        self.give_button.setEnabled(can)
        self.show_stock()
        self.show_history()

    def show_stock(self) -> None:
        van, tid = self.caravan_id(), self.title.currentData()
        on_hand = self.app.stock.balance(van, tid) if van and tid else 0
        t = self.titles.get(tid)
        unit = (t.unit if t else None) or "册"
        self.stock.setText(f"{on_hand} {unit}")
        if self.qty.value() > on_hand:
            self.warning.setText(self.tr("More than the van holds: you will be asked to confirm."))
        else:
            self.warning.setText("")
        # An empty warning row would cost a 1024×600 screen two rows of the history.
        self.form.setRowVisible(self.warning, bool(self.warning.text()))

    def show_history(self) -> None:
        vid = self.picker.visit_id()
        rows = self.app.stock.movements(visit_id=vid) if vid else []
        rows = [r for r in rows if r.kind in ("distribute", "undo", "return")]
        self.undone = {r.ref_id for r in rows if r.kind == "undo" and r.ref_id}
        self.history = {r.id: r for r in rows}
        self.model.set_ids([r.id for r in rows])
        total = -sum(r.qty for r in rows)
        self.total.setText(self.tr("Total: {n}").format(n=total))
        van = self.caravan_id()
        last = self.app.stock.last_undoable(van, vid) if vid and van else None
        self.undo_button.setEnabled(last is not None)

    # --- actions ----------------------------------------------------------------------------
    def give(self) -> None:
        vid, van, tid = self.picker.visit_id(), self.caravan_id(), self.title.currentData()
        if not (vid and van and tid) or not self.give_button.isEnabled():
            return
        qty, rec = self.qty.value(), self.recipient.currentText().strip() or None
        warned: list[StockWarning] = []

        def over(exc: BaseException) -> bool:  # not enough stock: asked below, not an error box
            if isinstance(exc, StockWarning):
                warned.append(exc)
                return True
            return False

        # One row that must answer before the next hand-out: the operation path on the UI thread.
        ok, _ = run_now(self, self.app.stock.distribute, van, tid, qty, vid, rec, on_failure=over)
        if warned:
            question = i18n.error_text(warned[0]) + "\n\n" + self.tr("Hand out anyway? The override is recorded.")
            if confirm(
                self, question, self.tr("Not enough stock"), self.tr("Hand out anyway"), name="override_box", risky=True
            ):
                ok, _ = run_now(self, self.app.stock.distribute, van, tid, qty, vid, rec, override=True)
        self.show_stock()
        if not ok:
            return
        self.undo_note.clear()
        self.qty.setValue(1)
        self.show_history()

    def undo_last(self) -> None:
        vid, van = self.picker.visit_id(), self.caravan_id()
        last = self.app.stock.last_undoable(van, vid) if vid and van else None
        if last is None:
            return
        title = self._title_name(last.title_id)
        text = self.tr("Undo: {n} × 《{title}》 to {who}?").format(n=-last.qty, title=title, who=last.recipient or "-")
        if not confirm(self, text, self.tr("Undo last entry"), self.tr("Undo"), name="undo_box", risky=True):
            return
        ok, res = run_now(self, self.app.stock.undo, last.id)
        if ok:  # say what was undone, in the interface language (UndoResult.zh / .en)
            self.undo_note.setText(i18n.pick(res.zh, res.en))
        self.show_stock()
        self.show_history()
