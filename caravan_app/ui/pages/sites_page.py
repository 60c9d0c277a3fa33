"""学校/站点: schools, villages and science halls — search, filter by county and type, add, edit, import."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.vocab import COUNTIES, SITE_KIND_LABELS, SiteKind
from ...services.app import App
from .. import i18n
from ..common import big_button, heading
from ..models.lazy_table import Column, LazyTableModel
from ..tasks import TaskRunner


class SiteDialog(QDialog):
    def __init__(self, app: App, site: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.site = app, site
        self.saved_id: str | None = None
        self.setObjectName("site_dialog")
        self.setWindowTitle(self.tr("Edit site") if site else self.tr("New site"))
        self.name = QLineEdit(self)
        self.name.setObjectName("site_name")
        self.kind = QComboBox(self)
        self.kind.setObjectName("site_kind")
        for k in SiteKind:
            self.kind.addItem(i18n.label(SITE_KIND_LABELS, k), k.value)
        self.county = QComboBox(self)
        self.county.setObjectName("site_county")
        self.county.addItems(list(COUNTIES))
        self.town = QLineEdit(self)
        self.address = QLineEdit(self)
        self.contact = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.phone.setObjectName("site_phone")
        self.students = QSpinBox(self)
        self.students.setRange(0, 100_000)
        self.students.setSpecialValueText(self.tr("unknown"))
        if site:
            self.name.setText(site["name"])
            self.kind.setCurrentIndex(max(0, self.kind.findData(site.get("kind"))))
            self.county.setCurrentText(site["county"])
            for w, f in (
                (self.town, "town"),
                (self.address, "address"),
                (self.contact, "contact"),
                (self.phone, "phone"),
            ):
                w.setText(site.get(f) or "")
            self.students.setValue(int(site.get("students") or 0))
        self.error = QLabel(self)
        self.error.setObjectName("site_error")
        self.error.setProperty("warning", True)
        self.error.setWordWrap(True)
        form = QFormLayout()
        rows: tuple[tuple[str, QWidget], ...] = (
            (self.tr("Name"), self.name),
            (self.tr("Type"), self.kind),
            (self.tr("County"), self.county),
            (self.tr("Town"), self.town),
            (self.tr("Address"), self.address),
            (self.tr("Contact"), self.contact),
            (self.tr("Phone"), self.phone),
            (self.tr("Students"), self.students),
        )
        for label, field_widget in rows:
            field_widget.setMinimumHeight(36)
            form.addRow(label, field_widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(480)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "kind": self.kind.currentData(),
            "county": self.county.currentText(),
            "town": self.town.text() or None,
            "address": self.address.text() or None,
            "contact": self.contact.text() or None,
            "phone": self.phone.text() or None,
            "students": self.students.value() or None,
        }

    def accept(self) -> None:
        try:
            if self.site:
                self.app.sites.update(self.site["id"], **self.values())
                self.saved_id = self.site["id"]
            else:
                self.saved_id = self.app.sites.add(**self.values())
        except DomainError as exc:
            self.error.setText(i18n.error_text(exc))
            return
        super().accept()


class SitesPage(QWidget):
    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.rows: dict[str, dict[str, Any]] = {}
        self.search = QLineEdit(self)
        self.search.setObjectName("site_search")
        self.search.setPlaceholderText(self.tr("Search name, town, address or contact"))
        self.search.setClearButtonEnabled(True)
        self.county = QComboBox(self)
        self.county.setObjectName("site_county_filter")
        self.county.addItem(self.tr("All counties"), None)
        for c in COUNTIES:
            self.county.addItem(c, c)
        self.kind = QComboBox(self)
        self.kind.setObjectName("site_kind_filter")
        self.kind.addItem(self.tr("All types"), None)
        for k in SiteKind:
            self.kind.addItem(i18n.label(SITE_KIND_LABELS, k), k.value)
        filters = QHBoxLayout()
        for w, stretch in ((self.search, 2), (self.county, 1), (self.kind, 1)):
            w.setMinimumHeight(40)
            filters.addWidget(w, stretch)
        self.model = LazyTableModel(
            [
                Column(self.tr("Name"), "name"),
                Column(self.tr("Type"), "kind", lambda v, _r: i18n.label(SITE_KIND_LABELS, v)),
                Column(self.tr("County"), "county"),
                Column(self.tr("Town"), "town"),
                Column(self.tr("Contact"), "contact"),
                Column(self.tr("Phone"), "phone"),
                Column(self.tr("Students"), "students"),
            ],
            lambda ids: [self.rows[i] for i in ids if i in self.rows],
            parent=self,
        )
        self.table = QTableView(self)
        self.table.setObjectName("sites_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.count = QLabel(self)
        self.count.setObjectName("sites_count")
        self.add_button = big_button(self.tr("&New site"), self, "site_add", primary=True)
        self.edit_button = big_button(self.tr("&Edit"), self, "site_edit")
        self.import_button = big_button(self.tr("&Import list…"), self, "site_import")
        actions = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.import_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.count)
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Schools / sites"), self))
        lay.addLayout(filters)
        lay.addWidget(self.table, 1)
        lay.addLayout(actions)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.county.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.import_button.clicked.connect(self.import_list)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.edit_button.setEnabled(self.selected_id() is not None)
        )
        self.reload()

    def reload(self, select: str | None = None) -> None:
        sites = self.app.sites.list(
            self.search.text().strip() or None, self.county.currentData(), self.kind.currentData()
        )
        self.rows = {s["id"]: s for s in sites}
        self.model.set_ids(list(self.rows))
        self.count.setText(self.tr("{n} sites").format(n=len(sites)))
        if select and select in self.rows:
            while self.model.canFetchMore() and select not in self.model.ids():
                self.model.fetchMore()
            self.table.selectRow(self.model.ids().index(select))
        self.edit_button.setEnabled(self.selected_id() is not None)

    refresh = reload

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def add(self) -> None:
        dlg = SiteDialog(self.app, None, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.reload(select=dlg.saved_id)

    def edit(self) -> None:
        sid = self.selected_id()
        if sid:
            dlg = SiteDialog(self.app, self.app.sites.get(sid), self)
            if dlg.exec() == QDialog.DialogCode.Accepted:
                self.reload(select=sid)

    def import_list(self) -> None:
        from ..import_wizard import ImportWizard

        self.wizard = ImportWizard(self.app, self.runner, self)
        self.wizard.finished.connect(lambda _r: self.reload())
        self.wizard.open()
