"""学校/站点: schools, villages and science halls — search, filter by county and type, add, edit, import;
the registry: each site's last visit and this year's visits, and per town (乡镇) the coverage and
the schools not visited this year (what a van's schedule is planned from)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.records.sites import Site
from ...domain.vocab import COUNTIES, SITE_KIND_LABELS, SiteKind
from ...services.app import App
from .. import i18n
from ..common import big_button, fit_to_screen, heading
from ..models.lazy_table import Column, LazyTableModel
from ..operations import SITES, SYNC, VISITS, ChangeSet, listen, run_now
from ..tasks import TaskRunner


class SiteDialog(QDialog):
    def __init__(self, app: App, site: Site | None = None, parent: QWidget | None = None) -> None:
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
        self.notes = QLineEdit(self)  # further phone numbers from a county list, remarks
        self.notes.setObjectName("site_notes")
        self.students = QSpinBox(self)
        self.students.setRange(0, 100_000)
        self.students.setSpecialValueText(self.tr("unknown"))
        if site:
            self.name.setText(site.name)
            self.kind.setCurrentIndex(max(0, self.kind.findData(site.kind)))
            self.county.setCurrentText(site.county)
            for w, v in (
                (self.town, site.town),
                (self.address, site.address),
                (self.contact, site.contact),
                (self.phone, site.phone),
                (self.notes, site.notes),
            ):
                w.setText(v or "")
            self.students.setValue(int(site.students or 0))
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
            (self.tr("Notes"), self.notes),
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
            "notes": self.notes.text() or None,
        }

    def accept(self) -> None:
        if not self.site and not self.confirm_not_duplicate():
            return

        def inline(exc: BaseException) -> bool:  # a rule's message under the form, naming the field
            if isinstance(exc, DomainError):
                self.error.setText(i18n.error_text(exc))
                return True
            return False

        if self.site:
            ok, _ = run_now(self, self.app.sites.update, self.site.id, on_failure=inline, **self.values())
            saved = self.site.id
        else:
            ok, saved = run_now(self, self.app.sites.add, on_failure=inline, **self.values())
        if not ok:
            return
        self.saved_id = saved
        super().accept()

    def confirm_not_duplicate(self) -> bool:
        """A new site with the name of one already in that county: say so, add only if asked."""
        v = self.values()
        same = self.app.sites.duplicates_of(v["name"], v["county"])
        if not same:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Site already there"),
            self.tr("{county} already has a site named {name} (contact: {contact}). Add another one?").format(
                county=same[0].county, name=same[0].name, contact=same[0].contact or "—"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("site_duplicate_warning")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Add anyway"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Do not add"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


class TownCoverageDialog(QDialog):
    """Per county and town: sites visited this year of all sites, and the schools not visited."""

    def __init__(self, app: App, county: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("town_coverage")
        self.setWindowTitle(self.tr("Coverage by town this year"))
        towns = app.sites.town_coverage()
        if county:
            towns = [t for t in towns if t.county == county]
        self.table = QTableWidget(len(towns), 4, self)
        self.table.setObjectName("town_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("County"), self.tr("Town"), self.tr("Visited / sites"), self.tr("Not visited this year")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        for i, t in enumerate(towns):
            texts = (
                t.county,
                t.town or self.tr("(no town)"),
                f"{t.visited} / {t.sites}  ({t.coverage:.0%})",
                "、".join(t.not_visited),
            )
            for col, text in enumerate(texts):
                self.table.setItem(i, col, QTableWidgetItem(text))
        head = self.table.horizontalHeader()
        for col in (0, 1, 2):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        none = [town for town in towns if not town.visited]
        self.summary = QLabel(self.tr("{n} of {m} towns not visited this year").format(n=len(none), m=len(towns)), self)
        self.summary.setObjectName("town_summary")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.summary)
        lay.addWidget(buttons)
        fit_to_screen(self, 860, 520)


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
        self.not_visited = QCheckBox(self.tr("Not visited this year"), self)
        self.not_visited.setObjectName("site_not_visited")
        filters = QHBoxLayout()
        for w, stretch in ((self.search, 2), (self.county, 1), (self.kind, 1), (self.not_visited, 0)):
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
                Column(self.tr("Last visit"), "last_visit", lambda v, _r: v or self.tr("never")),
                Column(self.tr("Visits this year"), "visits_year"),
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
        self.towns_button = big_button(self.tr("&Towns…"), self, "site_towns")
        actions = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.import_button, self.towns_button):
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
        self.not_visited.toggled.connect(lambda _b: self.reload())
        self.towns_button.clicked.connect(self.show_towns)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.import_button.clicked.connect(self.import_list)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.edit_button.setEnabled(self.selected_id() is not None)
        )
        self.reload()
        listen(self, self._on_changed)

    def _on_changed(self, cs: ChangeSet) -> None:
        """Sites added elsewhere (an import, a sync pull, another program): the list follows."""
        if cs.source is not self and cs.touches(SITES, VISITS, SYNC) and self.isVisible():
            self.reload(select=self.selected_id())

    def reload(self, select: str | None = None) -> None:
        listed = self.app.sites.list(
            self.search.text().strip() or None, self.county.currentData(), self.kind.currentData()
        )
        registry = {r.id: r for r in self.app.sites.registry()}
        sites: list[dict[str, Any]] = []
        for site in listed:
            r = registry.get(site.id)
            sites.append(
                {**asdict(site), "last_visit": r.last_visit if r else None, "visits_year": r.visits_year if r else 0}
            )
        if self.not_visited.isChecked():
            sites = [site for site in sites if not site["visits_year"]]
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

    def show_towns(self) -> None:
        self.towns = TownCoverageDialog(self.app, self.county.currentData(), self)
        self.towns.open()

    def import_list(self) -> None:
        from ..import_wizard import ImportWizard

        self.wizard = ImportWizard(self.app, self.runner, self)
        self.wizard.finished.connect(lambda _r: self.reload())
        self.wizard.open()
