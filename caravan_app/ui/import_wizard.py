"""The site-list import wizard: pick a file, check the preview (fix the column mapping), review
the differences of sites already in the app (apply all or some), import; then save the rows to
send back to the county office.

Reading and writing run on the task runner; the wizard only shows what ``SiteImporter`` found
(detected encoding, header row, mapping, each row's outcome with its Excel row number, the
warnings and reasons naming the offending value, old -> new values of changed rows).

Each read makes a new preview and forgets any earlier result: going back and picking another
file shows that file's result and imports that file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
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
from ..services.import_rejects import write_send_back
from ..services.importer import (
    CHANGED,
    ENCODING_NAMES,
    FIELD_NAMES_ZH,
    NEW,
    REJECTED,
    UNCHANGED,
    ImportPreview,
    ImportReport,
    SiteImporter,
)
from . import i18n
from .common import big_button, fit_to_screen
from .operations import run_op
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
    "notes": "Notes",
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
        self.review_page = ReviewPage(self)
        self.done_page = DonePage(self)
        self.addPage(self.file_page)
        self.addPage(self.preview_page)
        self.addPage(self.review_page)
        self.addPage(self.done_page)
        fit_to_screen(self, 900, 640)  # 900×530 on a 1024×600 netbook


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(self.tr("CSV (UTF-8, GBK, Big5 or UTF-16) or Excel .xlsx, as county offices send them."))
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
        """Read the file on the task runner; move on when the preview arrives. The preview is
        reused only for the same file not imported yet; anything else is read afresh."""
        p = self.wiz.preview
        if p is not None and self.wiz.report is None and str(p.path) == self.path.text().strip():
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
        self.wiz.report = None  # a new file: the previous file's result is gone
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
        self.wiz.report = None  # rechecked against the stored sites: what was imported is now unchanged
        self.show_rows()

    def show_rows(self) -> None:
        p = self.wiz.preview
        assert p is not None
        enc = ENCODING_NAMES.get(p.encoding, p.encoding)
        self.info.setText(
            self.tr("File: {name}   Encoding: {enc}   Header in row {row}").format(
                name=p.path.name, enc=enc, row=p.header_row
            )
        )
        words = {
            NEW: self.tr("new"),
            UNCHANGED: self.tr("unchanged"),
            CHANGED: self.tr("changed"),
            REJECTED: self.tr("error"),
        }
        order = {REJECTED: 0, CHANGED: 1, NEW: 2, UNCHANGED: 3}
        rows = sorted(p.results, key=lambda r: (order[r.status], not r.warned, r.row))
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            notes = [_pick(r.reason)] if r.reason else []
            notes += [_pick(w) for w in r.warnings]
            notes += [
                f"{i18n.pick(FIELD_NAMES_ZH[f], FIELD_NAMES_EN[f])}: {_shown(o)} → {_shown(n)}"
                for f, (o, n) in r.changes.items()
            ]
            word = words.get(r.status, r.status)
            if r.warned:
                word = self.tr("{outcome}, check").format(outcome=word)
            texts = (str(r.row), r.name, word, "；".join(notes))
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(texts[3])
                self.table.setItem(i, col, item)
        c = p.counts()
        self.counts.setText(
            self.tr(
                "New: {new}   Unchanged: {same}   Changed: {changed}   With warnings: {warned}   In error: {bad}"
            ).format(new=c[NEW], same=c[UNCHANGED], changed=c[CHANGED], warned=c["warned"], bad=c[REJECTED])
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        p = self.wiz.preview
        return p is not None and bool(p.new or p.changed)


class ReviewPage(QWizardPage):
    """Sites already in the app that the file states differently: old and new value per field;
    the clerk ticks the rows to apply (all by default). Finishing this page writes."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Review the changes"))
        self.setSubTitle(
            self.tr("These sites are already in the app and the file gives other values. Tick the ones to update.")
        )
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("import_changes")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Apply"), self.tr("Row"), self.tr("Name"), self.tr("Old value"), self.tr("New value")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        for col in (0, 1, 2):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in (3, 4):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.all_button = big_button(self.tr("Apply &all"), self, "import_apply_all")
        self.none_button = big_button(self.tr("Apply &none"), self, "import_apply_none")
        self.all_button.clicked.connect(lambda: self.set_all(True))
        self.none_button.clicked.connect(lambda: self.set_all(False))
        self.summary = QLabel(self)
        self.summary.setObjectName("import_review_summary")
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.summary)
        self._committing = False
        self._rows: list[int] = []  # table line -> file row number

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        p = self.wiz.preview
        changed = p.changed if p else []
        self._rows = [r.row for r in changed]
        self.table.setRowCount(len(changed))
        for i, r in enumerate(changed):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(i, 0, check)
            label = {f: i18n.pick(FIELD_NAMES_ZH[f], FIELD_NAMES_EN[f]) for f in r.changes}
            olds = "\n".join(f"{label[f]}: {_shown(o)}" for f, (o, _n) in r.changes.items())
            news = "\n".join(f"{label[f]}: {_shown(n)}" for f, (_o, n) in r.changes.items())
            for col, text in enumerate((str(r.row), r.name, olds, news), start=1):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        for b in (self.all_button, self.none_button):
            b.setEnabled(bool(changed))
        new = len(p.new) if p else 0
        self.summary.setText(
            self.tr("{new} new sites will be added. {changed} sites differ from the file.").format(
                new=new, changed=len(changed)
            )
            if changed
            else self.tr("{new} new sites will be added. No site in the app differs from the file.").format(new=new)
        )

    def set_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            if item is not None:
                item.setCheckState(state)

    def chosen_rows(self) -> set[int]:
        """File row numbers of the changed rows ticked to apply."""
        out: set[int] = set()
        for i in range(self.table.rowCount()):
            item = self.table.item(i, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.add(self._rows[i])
        return out

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.wiz.preview is not None and not self._committing

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Write the new rows and the ticked changes in one transaction, then show the result."""
        if self.wiz.report is not None:
            return True
        self._committing = True
        self.completeChanged.emit()
        run_op(  # the operation path: the 学校/站点 and 活动 pages hear of the new schools
            self.wiz,
            self.wiz.importer.commit,
            self.wiz.preview,
            update=self.chosen_rows(),
            on_success=self._done,
            on_failure=self._failed,
            label=self.tr("Importing sites"),
        )
        return False

    def _done(self, report: ImportReport) -> None:
        self._committing = False
        self.wiz.report = report
        self.completeChanged.emit()
        self.wiz.next()

    def _failed(self, exc: BaseException) -> None:
        self._committing = False
        self.summary.setText(i18n.error_text(exc))
        self.completeChanged.emit()


def _pick(text: str) -> str:
    """One language of a "中文 / English" text."""
    if text.count(" / ") == 1:
        zh, en = text.split(" / ")
        return i18n.pick(zh, en)
    return text


def _shown(v: object) -> str:
    return "—" if v in (None, "") else str(v)


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Imported"))
        self.result = QLabel(self)
        self.result.setObjectName("import_result")
        self.result.setWordWrap(True)
        self.send_back = big_button(self.tr("&Save rows to send back…"), self, "import_send_back")
        self.send_back.clicked.connect(self.choose_send_back)
        self.saved = QLabel(self)
        self.saved.setObjectName("import_send_back_saved")
        self.saved.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.result)
        row = QHBoxLayout()
        row.addWidget(self.send_back)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.saved)
        lay.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        r: Any = self.wiz.report
        self.saved.setText("")
        if r is not None:
            c = r.counts()
            self.result.setText(
                self.tr(
                    "{file}: imported {n} new sites and updated {u}. {same} unchanged, {skipped} changes not "
                    "applied, {w} rows with warnings, {b} rows in error."
                ).format(
                    file=self.wiz.preview.path.name if self.wiz.preview else "",
                    n=r.imported,
                    u=r.updated,
                    same=c[UNCHANGED],
                    skipped=c[CHANGED] - r.updated,
                    w=c["warned"],
                    b=c[REJECTED],
                )
            )
        p = self.wiz.preview
        self.send_back.setEnabled(bool(p and p.to_send_back()))

    def choose_send_back(self) -> None:
        p = self.wiz.preview
        if p is None:
            return
        default = str(p.path.with_name(p.path.stem + "_退回修改.xlsx"))
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Rows to send back"), default, "Excel (*.xlsx)")
        if path:
            self.save_send_back(path)

    def save_send_back(self, path: str | Path) -> Path | None:
        p = self.wiz.preview
        if p is None:
            return None
        try:
            out, n = write_send_back(p, path)
        except OSError as exc:
            self.saved.setText(i18n.error_text(exc))
            return None
        self.saved.setText(self.tr("{n} rows saved to {path}").format(n=n, path=out))
        return out
