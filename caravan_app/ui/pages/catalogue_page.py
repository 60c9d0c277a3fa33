"""资料: people (crew, volunteers), books and materials, vans — add, edit, deactivate; print a badge.

Every change runs through the window's operation path (``run_op``) and announces
``catalogue``; the tables reload when anything announces it (a sync pull, another process).
A deactivated record keeps its history (reports, sync) but is no longer offered for new work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.records.catalog import CatalogRecord, Person
from ...domain.vocab import COUNTIES, PERSON_ROLE_LABELS, TEAMS, TITLE_KIND_LABELS, PersonRole, TitleKind
from ...services.app import App
from .. import i18n
from ..common import big_button, heading
from ..operations import CATALOGUE, ChangeSet, run_op, show_failure
from ..shell_services import shell_for
from ..tasks import TaskRunner


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str = "text"  # text | choice | editable
    choices: tuple[tuple[str, object], ...] = ()
    default: object = None


class RecordDialog(QDialog):
    """Add or edit one record; saving runs through the operation path and closes on success."""

    def __init__(
        self,
        title: str,
        fields: list[FieldSpec],
        save: Callable[[dict[str, Any]], Any],
        record: CatalogRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("record_dialog")
        self.setWindowTitle(title)
        self._save = save
        self.saved: Any = None
        self.widgets: dict[str, QWidget] = {}
        form = QFormLayout()
        for f in fields:
            if f.kind in ("choice", "editable"):
                w: QWidget = QComboBox(self)
                assert isinstance(w, QComboBox)
                w.setEditable(f.kind == "editable")
                for text, data in f.choices:
                    w.addItem(text, data)
                value = getattr(record, f.key, f.default)
                idx = w.findData(value)
                if idx >= 0:
                    w.setCurrentIndex(idx)
                elif f.kind == "editable":
                    w.setEditText(str(value or ""))
            else:
                w = QLineEdit(str(getattr(record, f.key, None) or f.default or ""), self)
            w.setObjectName(f"field_{f.key}")
            w.setMinimumHeight(36)
            self.widgets[f.key] = w
            form.addRow(f.label, w)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def field(self, key: str) -> QWidget:
        return self.widgets[key]

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, w in self.widgets.items():
            if isinstance(w, QComboBox):
                out[key] = (w.currentText().strip() or None) if w.isEditable() else w.currentData()
            else:
                assert isinstance(w, QLineEdit)
                out[key] = w.text().strip() or None
        return out

    def accept(self) -> None:
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setEnabled(False)

        def ok(result: Any) -> None:
            self.saved = result
            QDialog.accept(self)

        self.error: BaseException | None = None

        def failed(exc: BaseException) -> None:  # shown the one way; the form stays open to be corrected
            save_button.setEnabled(True)
            self.error = exc
            show_failure(self, exc)

        run_op(
            self,
            self._save,
            self.values(),
            on_success=ok,
            on_failure=failed,
            label=self.tr("Saving"),
        )


class _Tab(QWidget):
    """One list (people, titles or vans) with add / edit / deactivate buttons."""

    def __init__(self, page: CataloguePage, kind: str, columns: list[str]) -> None:
        super().__init__(page)
        self.page, self.kind = page, kind
        self.rows: list[CatalogRecord] = []
        self.table = QTableWidget(0, len(columns), self)
        self.table.setObjectName(f"{kind}_table")
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _i: self.page.edit(self.kind))
        self.table.itemSelectionChanged.connect(self._selection)
        self.add_button = big_button(self.tr("Add"), self, f"{kind}_add", primary=True)
        self.edit_button = big_button(self.tr("Edit"), self, f"{kind}_edit")
        self.active_button = big_button(self.tr("Deactivate"), self, f"{kind}_deactivate")
        self.show_inactive = QCheckBox(self.tr("Show deactivated"), self)
        self.show_inactive.setObjectName(f"{kind}_show_inactive")
        self.add_button.clicked.connect(lambda: self.page.add(self.kind))
        self.edit_button.clicked.connect(lambda: self.page.edit(self.kind))
        self.active_button.clicked.connect(lambda: self.page.toggle_active(self.kind))
        self.show_inactive.toggled.connect(lambda _on: self.page.reload())
        self.buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.active_button):
            self.buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(self.buttons)
        lay.addWidget(self.show_inactive)
        lay.addWidget(self.table, 1)
        self._selection()

    def fill(self, records: Sequence[CatalogRecord], cells: Callable[[Any], list[str]]) -> None:
        keep = self.selected_id()
        rows = list(records)
        if not self.show_inactive.isChecked():
            rows = [r for r in rows if r.in_use]
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            texts = cells(r)
            if not r.in_use:
                texts[0] += " " + self.tr("(deactivated)")
            for j, t in enumerate(texts):
                item = QTableWidgetItem(t or "")
                if not r.in_use:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(i, j, item)
            if r.id == keep:
                self.table.selectRow(i)
        self._selection()

    def selected(self) -> CatalogRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def selected_id(self) -> str | None:
        r = self.selected()
        return r.id if r else None

    def select(self, record_id: str) -> bool:
        for i, r in enumerate(self.rows):
            if r.id == record_id:
                self.table.selectRow(i)
                return True
        return False

    def _selection(self) -> None:
        r = self.selected()
        self.edit_button.setEnabled(r is not None)
        self.active_button.setEnabled(r is not None)
        active = r is None or r.in_use
        self.active_button.setText(self.tr("Deactivate") if active else self.tr("Reactivate"))
        self.page.selection_changed(self.kind)


class CataloguePage(QWidget):
    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.shell = shell_for(self, app, runner)
        self.open_after_print = True
        self.dialog: RecordDialog | None = None
        self.message = QLabel(self)
        self.message.setObjectName("catalogue_message")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("catalogue_tabs")
        self.people = _Tab(self, "person", [self.tr("Name"), self.tr("Role"), self.tr("Team"), self.tr("Phone")])
        self.badge_button = big_button(self.tr("Print badge"), self.people, "person_badge")
        self.badge_button.clicked.connect(self._ask_badge)
        self.people.buttons.addWidget(self.badge_button)
        # the selected volunteer's service certificate for this year (志愿服务记录证明)
        self.cert_button = big_button(self.tr("Certificate (this year)"), self.people, "person_certificate")
        self.cert_button.clicked.connect(self._ask_certificate)
        self.people.buttons.addWidget(self.cert_button)
        self.people.buttons.addStretch(1)
        self.titles = _Tab(self, "title", [self.tr("Title"), self.tr("Kind"), self.tr("Unit"), self.tr("Publisher")])
        self.titles.buttons.addStretch(1)
        self.vans = _Tab(self, "caravan", [self.tr("Van"), self.tr("Plate"), self.tr("Home county")])
        self.vans.buttons.addStretch(1)
        self.tabs.addTab(self.people, self.tr("People"))
        self.tabs.addTab(self.titles, self.tr("Books and materials"))
        self.tabs.addTab(self.vans, self.tr("Vans"))
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("People, books and vans"), self))
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        self.shell.ops.changed.connect(self._on_changed)
        self.reload()

    # --- lists ----------------------------------------------------------------------------------
    def tab(self, kind: str) -> _Tab:
        return {"person": self.people, "title": self.titles, "caravan": self.vans}[kind]

    def refresh(self) -> None:
        self.reload()

    def _on_changed(self, cs: ChangeSet) -> None:
        # A hidden page is reloaded by refresh() when shown again; only the visible one works now.
        if cs.touches(CATALOGUE) and (self.isVisible() or self.dialog is not None and self.dialog.isVisible()):
            self.reload()

    def reload(self) -> None:
        cat = self.app.catalog
        self.people.fill(
            cat.people(),
            lambda p: [
                p.name,
                i18n.label(PERSON_ROLE_LABELS, p.role),
                p.team or "",
                p.phone or "",
            ],
        )
        self.titles.fill(
            cat.titles(),
            lambda t: [
                t.name,
                i18n.label(TITLE_KIND_LABELS, t.kind),
                t.unit or "",
                t.publisher or "",
            ],
        )
        self.vans.fill(cat.caravans(), lambda c: [c.name, c.plate or "", c.home_county or ""])

    def selection_changed(self, kind: str) -> None:
        if kind == "person" and hasattr(self, "badge_button"):
            p = self.people.selected()
            crew = isinstance(p, Person) and p.role in ("crew", "volunteer")
            self.badge_button.setEnabled(crew)
            if hasattr(self, "cert_button"):
                self.cert_button.setEnabled(crew)

    # --- add / edit -----------------------------------------------------------------------------
    def _fields(self, kind: str) -> list[FieldSpec]:
        if kind == "person":
            vans = tuple((c.name, c.id) for c in self.app.catalog.active_caravans())
            return [
                FieldSpec("name", self.tr("Name")),
                FieldSpec(
                    "role",
                    self.tr("Role"),
                    "choice",
                    tuple((i18n.label(PERSON_ROLE_LABELS, r), r.value) for r in PersonRole),
                    PersonRole.VOLUNTEER.value,
                ),
                FieldSpec("team", self.tr("Team"), "editable", tuple((t, t) for t in TEAMS)),
                FieldSpec("volunteer_no", self.tr("Volunteer no.")),
                FieldSpec("phone", self.tr("Phone")),
                FieldSpec("organisation", self.tr("Organisation")),
                FieldSpec(
                    "caravan_id",
                    self.tr("Van"),
                    "choice",
                    ((self.tr("(any van)"), ""), *vans),
                    self.app.catalog.current_caravan_id(),
                ),
            ]
        if kind == "title":
            return [
                FieldSpec("name", self.tr("Title")),
                FieldSpec(
                    "kind",
                    self.tr("Kind"),
                    "choice",
                    tuple((i18n.label(TITLE_KIND_LABELS, k), k.value) for k in TitleKind),
                    TitleKind.BOOK.value,
                ),
                FieldSpec("unit", self.tr("Unit"), default="册"),
                FieldSpec("publisher", self.tr("Publisher")),
            ]
        return [
            FieldSpec("name", self.tr("Van")),
            FieldSpec("plate", self.tr("Plate")),
            FieldSpec(
                "home_county", self.tr("Home county"), "choice", ((self.tr("(none)"), ""), *((c, c) for c in COUNTIES))
            ),
        ]

    def _saver(self, kind: str, record: CatalogRecord | None) -> Callable[[dict[str, Any]], Any]:
        cat = self.app.catalog

        def clean(v: dict[str, Any]) -> dict[str, Any]:
            return {k: (None if val == "" else val) for k, val in v.items()}

        if kind == "person":
            if record:
                return lambda v: cat.update_person(record.id, **clean(v))
            return lambda v: cat.add_person(**clean(v))
        if kind == "title":
            if record:
                return lambda v: cat.update_title_checked(record.id, **clean(v))
            return lambda v: cat.add_title(
                v.get("name") or "", v.get("kind") or TitleKind.BOOK, v.get("unit") or "册", v.get("publisher")
            )
        if record:
            return lambda v: cat.update_caravan(record.id, **clean(v))
        return lambda v: cat.add_caravan(v.get("name") or "", v.get("plate"), v.get("home_county") or None)

    def _titles(self, kind: str, editing: bool) -> str:
        names = {
            ("person", False): self.tr("New person"),
            ("person", True): self.tr("Edit person"),
            ("title", False): self.tr("New book or material"),
            ("title", True): self.tr("Edit book or material"),
            ("caravan", False): self.tr("New van"),
            ("caravan", True): self.tr("Edit van"),
        }
        return names[(kind, editing)]

    def add(self, kind: str) -> RecordDialog:
        return self._open(kind, None)

    def edit(self, kind: str) -> RecordDialog | None:
        record = self.tab(kind).selected()
        return self._open(kind, record) if record else None

    def _open(self, kind: str, record: CatalogRecord | None) -> RecordDialog:
        self.tabs.setCurrentWidget(self.tab(kind))
        dlg = RecordDialog(
            self._titles(kind, record is not None), self._fields(kind), self._saver(kind, record), record, self
        )
        self.dialog = dlg

        def saved() -> None:
            rid = dlg.saved if isinstance(dlg.saved, str) else (record.id if record else None)
            self.reload()
            if rid:
                self.tab(kind).select(rid)
            self.message.setText(self.tr("Saved."))

        dlg.accepted.connect(saved)
        dlg.open()
        return dlg

    def toggle_active(self, kind: str) -> None:
        record = self.tab(kind).selected()
        if record is None:
            return
        active = not record.in_use
        run_op(
            self,
            self.app.catalog.set_active,
            kind,
            record.id,
            active,
            on_success=lambda _r: self.message.setText(
                self.tr("{name} is in use again.").format(name=record.name)
                if active
                else self.tr("{name} is deactivated: kept in the records, no longer offered.").format(name=record.name)
            ),
        )

    # --- badge ------------------------------------------------------------------------------------
    def _ask_badge(self) -> None:
        p = self.people.selected()
        if p is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        default = str(Path(folder) / f"badge-{p.name}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), default, "PDF (*.pdf)")
        if path:
            self.print_badge_to(p.id, Path(path))

    def _ask_certificate(self) -> None:
        p = self.people.selected()
        if p is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        default = str(Path(folder) / f"志愿服务记录证明-{p.name}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), default, "PDF (*.pdf)")
        if path:
            self.certificate_to(p.id, Path(path))

    def certificate_to(self, person_id: str, path: Path, year: int | None = None) -> int | None:
        """The person's volunteer service certificate for ``year`` (default: this one), off the UI thread."""
        import datetime as dt

        y = year or self.app.clock.today().year
        done = lambda _c: self.message.setText(self.tr("Saved {path}").format(path=path))  # noqa: E731
        return run_op(
            self,
            self.app.certificates.pdf,
            person_id,
            dt.date(y, 1, 1),
            dt.date(y, 12, 31),
            path,
            on_success=done,
            label=self.tr("Making the certificate"),
        )

    def print_badge_to(self, person_id: str, path: Path) -> int | None:
        """One person's badge as a PDF (the same card as 签到's badge sheet), made off the UI thread."""
        from ...reports import printables

        person = self.app.catalog.person(person_id)
        if person is None:
            return None

        def done(out: Any) -> None:
            self.message.setText(self.tr("Saved {path}").format(path=out))
            if self.open_after_print:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(out)))

        return run_op(
            self, printables.badge_sheets, path, [person.to_dict()], on_success=done, label=self.tr("Printing badge")
        )
