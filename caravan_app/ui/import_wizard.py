"""The site-list import wizard: pick a file, check the preview, fix the column mapping, import.

Reading and writing run on the task runner; the wizard only shows what ``SiteImporter`` found
(detected encoding, header row, mapping, rows in error with reasons).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..domain.vocab import COUNTIES
from ..services.app import App
from ..services.importer import FIELD_NAMES_ZH, ImportPreview, ImportReport, SiteImporter
from . import i18n
from .common import big_button
from .tasks import TaskRunner

FIELD_NAMES_EN = {
    "name": "Name",
    "kind": "Type",
    "county": "County",
    "town": "Town",
    "address": "Address",
    "contact": "Contact",
    "phone": "Phone",
    "students": "Students",
}


class ImportWizard(QWizard):
    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.importer = SiteImporter(app.sites)
        self.preview: ImportPreview | None = None
        self.report: ImportReport | None = None
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import schools and sites"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        self.addPage(self.file_page)
        self.addPage(self.preview_page)
        self.addPage(self.done_page)
        self.resize(900, 640)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(self.tr("CSV (UTF-8 or GBK) or Excel .xlsx, as county offices send them."))
        self.path = QLineEdit(self)
        self.path.setObjectName("import_path")
        self.path.setMinimumHeight(40)
        browse = big_button(self.tr("&Browse…"), self, "import_browse")
        browse.clicked.connect(self.browse)
        self.county = QComboBox(self)
        self.county.setObjectName("import_county")
        self.county.addItem(self.tr("(from the file)"), None)
        for c in COUNTIES:
            self.county.addItem(c, c)
        self.error = QLabel(self)
        self.error.setObjectName("import_error")
        self.error.setProperty("warning", True)
        self.error.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("County when the file has none"), self.county)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addStretch(1)
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        self._reading = False

    def browse(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, self.tr("Site list"), str(Path.home()), self.tr("Tables (*.csv *.xlsx *.txt);;All files (*)")
        )
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.path.text().strip()) and not self._reading

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Read the file on the task runner; move on when the preview arrives."""
        if self.wiz.preview is not None and str(self.wiz.preview.path) == self.path.text().strip():
            return True
        self._reading = True
        self.error.setText(self.tr("Reading…"))
        self.completeChanged.emit()
        self.wiz.runner.submit(
            self.wiz.importer.read,
            self.path.text().strip(),
            county_default=self.county.currentData(),
            on_done=self._read,
            on_error=self._failed,
            label=self.tr("Reading the site list"),
        )
        return False

    def _read(self, preview: ImportPreview) -> None:
        self._reading = False
        self.wiz.preview = preview
        self.error.setText("")
        self.completeChanged.emit()
        self.wiz.next()

    def _failed(self, exc: BaseException) -> None:
        self._reading = False
        self.wiz.preview = None
        self.error.setText(i18n.error_text(exc))
        self.completeChanged.emit()


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Check the preview"))
        self.setSubTitle(
            self.tr("Fix the column mapping if a column was not recognised. Rows in error are not imported.")
        )
        self.info = QLabel(self)
        self.info.setObjectName("import_info")
        self.info.setWordWrap(True)
        self.mapping: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for i, f in enumerate(FIELD_NAMES_EN):
            combo = QComboBox(self)
            combo.setObjectName(f"map_{f}")
            combo.currentIndexChanged.connect(lambda _i: self._remap())
            self.mapping[f] = combo
            grid.addWidget(QLabel(i18n.pick(FIELD_NAMES_ZH[f], FIELD_NAMES_EN[f]), self), i // 4, (i % 4) * 2)
            grid.addWidget(combo, i // 4, (i % 4) * 2 + 1)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("import_rows")
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Name"), self.tr("Result"), self.tr("Reason")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for col in (0, 1, 2):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.counts = QLabel(self)
        self.counts.setObjectName("import_counts")
        lay = QVBoxLayout(self)
        lay.addWidget(self.info)
        lay.addLayout(grid)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.counts)
        self._filling = False
        self._committing = False

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        p = self.wiz.preview
        if p is None:
            return
        self._filling = True
        for f, combo in self.mapping.items():
            combo.clear()
            combo.addItem(self.tr("(none)"), -1)
            for i, h in enumerate(p.headers):
                combo.addItem(f"{i + 1}: {h}", i)
            combo.setCurrentIndex(max(0, combo.findData(p.mapping.get(f, -1))))
        self._filling = False
        self.show_rows()

    def _remap(self) -> None:
        p = self.wiz.preview
        if self._filling or p is None:
            return
        p.mapping = {
            f: int(c.currentData())
            for f, c in self.mapping.items()
            if c.currentData() is not None and int(c.currentData()) >= 0
        }
        self.wiz.importer.validate(p, self.wiz.file_page.county.currentData())
        self.show_rows()

    def show_rows(self) -> None:
        p = self.wiz.preview
        assert p is not None
        enc = {
            "utf-8-sig": "UTF-8 (BOM)",
            "utf-8": "UTF-8",
            "gb18030": "GBK / GB18030",
            "utf-16": "UTF-16",
            "xlsx": "Excel .xlsx",
        }.get(p.encoding, p.encoding)
        self.info.setText(
            self.tr("File: {name}   Encoding: {enc}   Header in row {row}").format(
                name=p.path.name, enc=enc, row=p.header_row
            )
        )
        words = {"ok": self.tr("will import"), "duplicate": self.tr("already there"), "rejected": self.tr("error")}
        rows = sorted(p.results, key=lambda r: ({"rejected": 0, "duplicate": 1, "ok": 2}[r.status], r.row))
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            reason = r.reason
            if " / " in reason:
                zh, en = reason.rsplit(" / ", 1) if reason.count(" / ") == 1 else (reason, reason)
                reason = i18n.pick(zh, en)
            for col, text in enumerate((str(r.row), r.name, words.get(r.status, r.status), reason)):
                self.table.setItem(i, col, QTableWidgetItem(text))
        c = p.counts()
        self.counts.setText(
            self.tr("To import: {ok}   Already there: {dup}   In error: {bad}").format(
                ok=c["ok"], dup=c["duplicate"], bad=c["rejected"]
            )
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        p = self.wiz.preview
        return p is not None and bool(p.ok) and not self._committing

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Write the valid rows in one transaction on the task runner, then show the result."""
        if self.wiz.report is not None:
            return True
        self._committing = True
        self.completeChanged.emit()
        self.wiz.runner.submit(
            self.wiz.importer.commit,
            self.wiz.preview,
            on_done=self._done,
            on_error=self._failed,
            label=self.tr("Importing sites"),
        )
        return False

    def _done(self, report: ImportReport) -> None:
        self._committing = False
        self.wiz.report = report
        self.wiz.next()

    def _failed(self, exc: BaseException) -> None:
        self._committing = False
        self.counts.setText(i18n.error_text(exc))
        self.completeChanged.emit()


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Imported"))
        self.result = QLabel(self)
        self.result.setObjectName("import_result")
        self.result.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.result)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        r: Any = self.wiz.report
        if r is not None:
            self.result.setText(
                self.tr("Imported {n} sites. Skipped {d} already there and {b} rows in error.").format(
                    n=r.imported, d=r.duplicates, b=r.rejected
                )
            )
