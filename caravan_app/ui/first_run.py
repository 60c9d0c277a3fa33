"""First run: which van this laptop belongs to, and what to call the laptop.

``FirstRunWizard`` (used at start) also enrolls with the hub, checks a site list, offers common
titles and takes the crew; ``DeviceDialog`` is the short form (van and laptop name only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..domain import rules
from ..domain.errors import DomainError
from ..services.app import App
from ..services.sync_service import Enrollment
from . import i18n
from .common import big_button, confirm
from .operations import run_now, run_op, show_failure
from .tasks import TaskRunner
from .widgets.enroll_fields import take_enrollment_scans


class DeviceDialog(QDialog):
    """Choose the van (or add the first one) and name the laptop; writes ``set_this_device``."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("device_dialog")
        self.setWindowTitle(self.tr("Set up this laptop"))
        self.van = QComboBox(self)
        self.van.setObjectName("van_combo")
        self.van.setEditable(True)
        self.van.setMinimumHeight(40)
        edit = self.van.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(self.tr("e.g. Caravan No. 1"))
        dev = app.catalog.this_device()
        for c in app.catalog.caravans():
            label = c.name + (f"（{c.plate}）" if c.plate else "")
            self.van.addItem(label, c.id)
        if dev.caravan_id:
            self.van.setCurrentIndex(max(0, self.van.findData(dev.caravan_id)))
        self.name = QLineEdit(dev.name or "", self)
        self.name.setObjectName("device_name")
        self.name.setPlaceholderText(self.tr("e.g. Van 1 laptop"))
        self.name.setMinimumHeight(40)
        self.error = QLabel(self)
        self.error.setProperty("warning", True)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Van"), self.van)
        form.addRow(self.tr("Laptop name"), self.name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Which van does this laptop travel with? Records made here are marked with it."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        """Save; a typed name that is not an existing van adds that van."""
        text = self.van.currentText().strip()
        idx = self.van.findText(text)
        van_id = self.van.itemData(idx) if idx >= 0 else None
        catalog, name = self.app.catalog, self.name.text()

        def save() -> None:
            rules.text("name", name, required=True, max_len=100)  # a refused name adds no van
            van = van_id
            if van is None:
                known = catalog.caravan_by_name(text) if text else None
                van = known.id if known else catalog.add_caravan(text)
            catalog.set_this_device(name, van)

        def beside_the_field(exc: BaseException) -> bool:
            if isinstance(exc, DomainError):
                self.error.setText(i18n.error_text(exc))
                return True
            return False

        ok, _ = run_now(self, save, on_failure=beside_the_field)
        if ok:
            super().accept()


# =============================================================================================
# The first-run wizard: enroll, van, sites, titles, crew — every step
# skippable, nothing saved until Finish (FirstRunService checks the whole plan first), Esc asks.
# =============================================================================================


class FirstRunWizard(QWizard):
    def __init__(self, app: App, runner: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ..services.first_run import FirstRunService

        self.app = app
        self.runner = runner or TaskRunner(self)
        self.service = FirstRunService(app.catalog, app.sites)
        self.site_preview: Any = None
        self.result_: Any = None
        self.error: BaseException | None = None
        self.ask_before_closing = True
        self.setObjectName("first_run_wizard")
        self.setWindowTitle(self.tr("Set up this laptop"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveCustomButton1, False)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish and save"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Cancel"))
        self.enroll_page = _EnrollPage(self)
        self.van_page = _VanPage(self)
        self.sites_page = _SitesPage(self)
        self.titles_page = _TitlesPage(self)
        self.crew_page = _CrewPage(self)
        for p in (self.enroll_page, self.van_page, self.sites_page, self.titles_page, self.crew_page):
            self.addPage(p)
        self.setMinimumSize(560, 460)

    # --- the plan -----------------------------------------------------------------------------
    def plan(self) -> Any:
        from ..services.first_run import FirstRunPlan

        van_id, new_van = self.van_page.choice()
        return FirstRunPlan(
            device_name=self.van_page.name.text(),
            caravan_id=van_id,
            new_caravan=new_van,
            titles=self.titles_page.chosen(),
            crew=self.crew_page.names(),
            sites=self.site_preview,
        )

    def accept(self) -> None:
        """Save everything now (off the UI thread); a refused plan writes nothing and stays open."""
        finish = self.button(QWizard.WizardButton.FinishButton)
        finish.setEnabled(False)
        self.van_page.error.clear()

        def done(res: Any) -> None:
            self.result_ = res
            finish.setEnabled(True)
            QWizard.accept(self)

        def failed(exc: BaseException) -> None:
            finish.setEnabled(True)
            self.error = exc
            self.van_page.error.setText(i18n.error_text(exc))
            field = getattr(exc, "field", "")
            if field in ("name", "caravan_id", "plate") and self.currentPage() is not self.van_page:
                while self.currentPage() is not self.van_page and self.currentId() > 0:
                    self.back()
            show_failure(self, exc)

        run_op(self, self.service.apply, self.plan(), on_success=done, on_failure=failed, label=self.tr("Saving"))

    def reject(self) -> None:
        """Esc or Cancel: ask first; closing saves nothing."""
        if self.ask_before_closing and not confirm(
            self,
            self.tr("Stop setting up this laptop? Nothing has been saved; the app closes."),
            self.tr("Set up this laptop"),
            self.tr("Stop and close"),
            self.tr("Go on setting up"),
            name="first_run_quit",
            risky=True,
        ):
            return
        QWizard.reject(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.reject()
            return
        super().keyPressEvent(event)


def _intro(page: QWizardPage, text: str) -> QLabel:
    lab = QLabel(text, page)
    lab.setWordWrap(True)
    return lab


class _EnrollPage(QWizardPage):
    """Enroll with the hub (optional); the hub's vans are then pulled so one can be picked."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Connect to the hub (optional)"))
        self.url = QLineEdit(self)
        self.url.setObjectName("fr_hub_url")
        self.url.setPlaceholderText("http://192.168.1.10:8765")
        self.code = QLineEdit(self)
        self.code.setObjectName("fr_code")
        self.code.setPlaceholderText("ABCD-EFGH-JKLM")
        self.enroll_button = big_button(self.tr("Enroll and fetch the vans"), self, "fr_enroll", primary=True)
        self.enroll_button.clicked.connect(self.enroll)
        take_enrollment_scans(self.url, self.code, self.enroll_button)  # the hub's QR, scanned
        self.note = QLabel(self)
        self.note.setObjectName("fr_enroll_note")
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Hub address"), self.url)
        form.addRow(self.tr("One-time code"), self.code)
        lay = QVBoxLayout(self)
        lay.addWidget(
            _intro(
                self,
                self.tr(
                    "With an address and a one-time code from the office, this laptop joins the hub and "
                    "gets its vans, schools and books. No network now? Press Next: you can enroll later on 同步."
                ),
            )
        )
        lay.addLayout(form)
        lay.addWidget(self.enroll_button)
        lay.addWidget(self.note)
        lay.addStretch(1)

    def enroll(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self.note.setText(self.tr("Enter the hub address and the one-time code."))
            return
        self.enroll_button.setEnabled(False)
        self.note.setText(self.tr("Enrolling…"))
        sync = self.w.app.sync

        def work() -> Enrollment:
            info = sync.enroll(url, code)
            sync.sync_now()  # the hub's vans, schools and books (records of the hub, not made here)
            return info

        def done(info: Enrollment) -> None:
            self.enroll_button.setEnabled(True)
            self.note.setText(self.tr("Enrolled with {server} (caravan {caravan}).").format(**info.to_dict()))
            self.w.van_page.reload(prefer=info.caravan)

        def failed(exc: BaseException) -> None:
            self.enroll_button.setEnabled(True)
            self.note.setText(i18n.error_text(exc))

        run_op(self.w, work, on_success=done, on_failure=failed, label=self.tr("Enrolling"))


class _VanPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("This laptop's van"))
        self.van = QComboBox(self)
        self.van.setObjectName("van_combo")
        self.van.setEditable(True)
        edit = self.van.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(self.tr("e.g. Caravan No. 1"))
        self.name = QLineEdit(self)
        self.name.setObjectName("device_name")
        self.name.setPlaceholderText(self.tr("e.g. Van 1 laptop"))
        self.error = QLabel(self)
        self.error.setObjectName("fr_error")
        self.error.setProperty("warning", True)
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Van"), self.van)
        form.addRow(self.tr("Laptop name"), self.name)
        lay = QVBoxLayout(self)
        lay.addWidget(
            _intro(
                self,
                self.tr(
                    "Which van does this laptop travel with? Pick it from the list or type a new name. "
                    "Records made here are marked with it."
                ),
            )
        )
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addStretch(1)
        self.reload()

    def reload(self, prefer: str = "") -> None:
        current = self.van.currentText()
        self.van.clear()
        for c in self.w.app.catalog.active_caravans():
            self.van.addItem(c.name + (f"（{c.plate}）" if c.plate else ""), c.id)
        want = prefer or current
        if want:
            idx = next((i for i in range(self.van.count()) if self.van.itemText(i).startswith(want)), -1)
            if idx >= 0:
                self.van.setCurrentIndex(idx)
            else:  # a van the hub has no record of yet: its first laptop makes it, under the enrolled name
                self.van.setEditText(want)

    def choice(self) -> tuple[str | None, str | None]:
        text = self.van.currentText().strip()
        idx = self.van.findText(text)
        if idx >= 0:
            return str(self.van.itemData(idx)), None
        return None, text


class _SitesPage(QWizardPage):
    """A site list checked now (the same reader as the import wizard), imported at Finish."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(self.tr("Schools and sites (optional)"))
        self.path = QLineEdit(self)
        self.path.setObjectName("fr_sites_path")
        self.path.setPlaceholderText(self.tr("CSV or Excel file from the office"))
        browse = big_button(self.tr("Choose file…"), self, "fr_sites_browse")
        browse.clicked.connect(self.browse)
        self.check_button = big_button(self.tr("Check the list"), self, "fr_sites_check")
        self.check_button.clicked.connect(self.check)
        self.note = QLabel(self)
        self.note.setObjectName("fr_sites_note")
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        lay = QVBoxLayout(self)
        lay.addWidget(_intro(self, self.tr("Skip this if the hub already has the schools, or import them later.")))
        lay.addLayout(row)
        lay.addWidget(self.check_button)
        lay.addWidget(self.note)
        lay.addStretch(1)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Site list"), "", "CSV / Excel (*.csv *.txt *.xlsx)")
        if path:
            self.path.setText(path)
            self.check()

    def check(self) -> None:
        from ..services.importer import SiteImporter

        path = self.path.text().strip()
        if not path:
            self.w.site_preview = None
            self.note.clear()
            return
        importer = SiteImporter(self.w.app.sites)

        def done(preview: Any) -> None:
            self.w.site_preview = preview
            c = preview.counts()
            self.note.setText(
                self.tr("{ok} sites will be imported at the end ({dup} already known, {bad} rows with errors).").format(
                    ok=c.get("new", 0), dup=c.get("unchanged", 0) + c.get("changed", 0), bad=c.get("rejected", 0)
                )
            )

        def failed(exc: BaseException) -> None:
            self.w.site_preview = None
            self.note.setText(i18n.error_text(exc))

        self.w.runner.submit(importer.read, path, on_done=done, on_error=failed, label=self.tr("Reading the list"))


class _TitlesPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        from ..services.first_run import COMMON_TITLES

        self.w = wizard
        self.setTitle(self.tr("Books and materials (optional)"))
        self.list = QListWidget(self)
        self.list.setObjectName("fr_titles")
        known = {t.name for t in wizard.app.catalog.titles()}
        for t in COMMON_TITLES:
            if t not in known:
                self.add_title(t, checked=False)
        load = big_button(self.tr("Add titles from a file…"), self, "fr_titles_file")
        load.clicked.connect(self.browse)
        lay = QVBoxLayout(self)
        lay.addWidget(_intro(self, self.tr("Tick the titles this van hands out; more can be added on 资料 later.")))
        lay.addWidget(self.list, 1)
        lay.addWidget(load)

    def add_title(self, name: str, checked: bool = True) -> None:
        if self.list.findItems(name, Qt.MatchFlag.MatchExactly):
            for it in self.list.findItems(name, Qt.MatchFlag.MatchExactly):
                it.setCheckState(Qt.CheckState.Checked if checked else it.checkState())
            return
        item = QListWidgetItem(name, self.list)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def load_file(self, path: str) -> int:
        from ..services.first_run import read_title_list

        names = read_title_list(Path(path).read_bytes())
        for n in names:
            self.add_title(n, checked=True)
        return len(names)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Title list"), "", "CSV / text (*.csv *.txt)")
        if path:
            self.load_file(path)

    def chosen(self) -> list[str]:
        out = []
        for i in range(self.list.count()):
            it = self.list.item(i)
            if it.checkState() == Qt.CheckState.Checked:
                out.append(it.text())
        return out


class _CrewPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle(self.tr("Crew (optional)"))
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("fr_crew")
        self.text.setPlaceholderText(self.tr("One name per line"))
        lay = QVBoxLayout(self)
        lay.addWidget(
            _intro(
                self,
                self.tr("The van's crew, one name per line; badges can be printed on 资料. Press Finish to save."),
            )
        )
        lay.addWidget(self.text, 1)

    def names(self) -> list[str]:
        return [line.strip() for line in self.text.toPlainText().splitlines() if line.strip()]
