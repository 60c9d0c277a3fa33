"""设置: interface language, this laptop's van and name, where the data lives, backup now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...services.app import App
from .. import i18n
from ..common import big_button, heading, settings_for
from ..fonts import cjk_families
from ..operations import CATALOGUE, run_now, run_op, show_failure
from ..scanner import scanner_settings
from ..tasks import TaskRunner


class SettingsPage(QWidget):
    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.settings = settings_for(app)

        lang_box = QGroupBox(self.tr("Language"), self)
        self.language = QComboBox(lang_box)
        self.language.setObjectName("language")
        self.language.setMinimumHeight(40)
        self.language.addItem("简体中文", i18n.CHINESE)
        self.language.addItem("English", i18n.ENGLISH)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.saved_language(self.settings))))
        self.language.currentIndexChanged.connect(self.save_language)
        self.lang_note = QLabel(lang_box)
        self.lang_note.setObjectName("language_note")
        fam = cjk_families()
        self.font_note = QLabel(
            self.tr("Chinese font: {f}").format(f=fam[0])
            if fam
            else self.tr("No Chinese font found: Chinese text may show as boxes."),
            lang_box,
        )
        self.font_note.setProperty("warning", not fam)
        l1 = QVBoxLayout(lang_box)
        l1.addWidget(self.language)
        l1.addWidget(self.lang_note)
        l1.addWidget(self.font_note)

        dev_box = QGroupBox(self.tr("This laptop"), self)
        self.van = QComboBox(dev_box)
        self.van.setObjectName("settings_van")
        self.device_name = QLineEdit(dev_box)
        self.device_name.setObjectName("settings_device_name")
        for w in (self.van, self.device_name):
            w.setMinimumHeight(40)
        self.save_device_button = big_button(self.tr("Save"), dev_box, "save_device")
        self.save_device_button.clicked.connect(self.save_device)
        self.device_note = QLabel(dev_box)
        self.device_note.setObjectName("device_note")
        f2 = QFormLayout(dev_box)
        f2.addRow(self.tr("Van"), self.van)
        f2.addRow(self.tr("Laptop name"), self.device_name)
        f2.addRow(self.tr("Device id"), QLabel(app.db.device_id, dev_box))
        f2.addRow(self.save_device_button, self.device_note)

        scan_box = QGroupBox(self.tr("Badge scanner"), self)
        scan_box.setObjectName("scanner_box")
        self.scan_prefix = QLineEdit(scan_box)
        self.scan_prefix.setObjectName("scanner_prefix")
        self.scan_suffix = QLineEdit(scan_box)
        self.scan_suffix.setObjectName("scanner_suffix")
        for w in (self.scan_prefix, self.scan_suffix):
            w.setMaxLength(8)
            w.setMinimumHeight(40)
            w.setPlaceholderText(self.tr("none"))
        self.scan_gap = QSpinBox(scan_box)
        self.scan_gap.setObjectName("scanner_gap")
        self.scan_gap.setRange(5, 60)
        self.scan_gap.setSuffix(" ms")
        self.scan_gap.setMinimumHeight(40)
        self.scan_gap.setToolTip(
            self.tr("Keys closer together than this are a scanner; a person types slower. 20 ms suits most scanners.")
        )
        self.save_scanner_button = big_button(self.tr("Save"), scan_box, "save_scanner")
        self.save_scanner_button.clicked.connect(self.save_scanner)
        self.scanner_note = QLabel(scan_box)
        self.scanner_note.setObjectName("scanner_note")
        f4 = QVBoxLayout(scan_box)  # one row: the page stays short at 1024×600
        srow = QHBoxLayout()
        scan_fields: tuple[tuple[str, QWidget], ...] = (
            (self.tr("Prefix the scanner adds"), self.scan_prefix),
            (self.tr("Suffix the scanner adds"), self.scan_suffix),
            (self.tr("Longest gap between keys"), self.scan_gap),
        )
        for text, field_widget in scan_fields:
            srow.addWidget(QLabel(text, scan_box))
            srow.addWidget(field_widget, 1)
        srow.addWidget(self.save_scanner_button)
        f4.addLayout(srow)
        f4.addWidget(self.scanner_note)

        data_box = QGroupBox(self.tr("Data"), self)
        self.data_dir = QLabel(str(app.data_dir), data_box)
        self.data_dir.setObjectName("data_dir")
        self.data_dir.setWordWrap(True)
        open_button = big_button(self.tr("Open folder"), data_box, "open_data_dir")
        open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(app.data_dir))))
        self.backup_button = big_button(self.tr("&Back up now"), data_box, "backup_now", primary=True)
        self.backup_button.clicked.connect(self.backup)
        self.backup_note = QLabel(data_box)
        self.backup_note.setObjectName("backup_note")
        self.backup_note.setWordWrap(True)
        f3 = QFormLayout(data_box)
        f3.addRow(self.tr("Data folder"), self.data_dir)
        row = QHBoxLayout()
        row.addWidget(open_button)
        row.addWidget(self.backup_button)
        row.addStretch(1)
        f3.addRow(row)
        f3.addRow(self.backup_note)

        # v14 (issue #14): the notice on the phone page and sign-in sheet, guardian consent.
        priv_box = QGroupBox(self.tr("Personal information"), self)
        self.notice = QPlainTextEdit(priv_box)
        self.notice.setObjectName("privacy_notice")
        self.notice.setFixedHeight(64)
        self.consent = QCheckBox(self.tr("Guardians consented: ask pupils for name and phone"), priv_box)
        self.consent.setObjectName("privacy_consent")
        self.save_privacy_button = big_button(self.tr("Save"), priv_box, "save_privacy")
        self.save_privacy_button.clicked.connect(self.save_privacy)
        self.privacy_note = QLabel(priv_box)
        self.privacy_note.setObjectName("privacy_note")
        f5 = QFormLayout(priv_box)
        f5.addRow(self.tr("Notice"), self.notice)
        f5.addRow(self.consent)
        f5.addRow(self.save_privacy_button, self.privacy_note)

        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Settings"), self))
        lay.addWidget(lang_box)
        lay.addWidget(dev_box)
        lay.addWidget(scan_box)
        lay.addWidget(data_box)
        lay.addWidget(priv_box)
        lay.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        dev = self.app.catalog.this_device()
        self.van.clear()
        for c in self.app.catalog.caravans():
            self.van.addItem(c["name"], c["id"])
        self.van.setCurrentIndex(max(0, self.van.findData(dev.get("caravan_id"))))
        self.device_name.setText(dev.get("name") or "")
        privacy = getattr(self.app, "privacy", None)
        if privacy is not None:
            self.notice.setPlainText(privacy.notice())
            self.consent.setChecked(bool(privacy.settings()["guardian_consent"]))
        prefix, suffix, gap = scanner_settings(self.settings)
        self.scan_prefix.setText(prefix)
        self.scan_suffix.setText(suffix)
        self.scan_gap.setValue(int(round(gap)))
        backups = self.app.maintenance.backups()
        if backups and not self.backup_note.text():
            self.backup_note.setText(self.tr("Latest backup: {p}").format(p=Path(backups[-1]).name))

    def save_language(self) -> None:
        """Save the language and, when nothing is running, switch the open window over at once."""
        lang = self.language.currentData()
        i18n.save_language(self.settings, lang)
        self.settings.sync()
        win = self.window()
        if self.runner.busy() or not hasattr(win, "rebuild_pages"):
            self.lang_note.setText(self.tr("Saved. The new language applies when the app starts next time."))
            return
        i18n.install(lang)
        QTimer.singleShot(0, win.rebuild_pages)  # this page is rebuilt too: not from inside its own slot

    def save_device(self) -> None:
        ok, _ = run_now(
            self, self.app.catalog.set_this_device, self.device_name.text(), self.van.currentData(), changes={CATALOGUE}
        )
        if not ok:
            return
        self.device_note.setText(self.tr("Saved."))
        win = self.window()
        if hasattr(win, "update_device_label"):
            win.update_device_label()

    def save_privacy(self) -> None:
        ok, _ = run_now(self, self.app.privacy.set_notice, self.notice.toPlainText())
        if ok:
            ok, _ = run_now(self, lambda: self.app.privacy.configure(guardian_consent=self.consent.isChecked()))
        if ok:
            self.privacy_note.setText(self.tr("Saved."))

    def save_scanner(self) -> None:
        """Save the scanner's prefix, suffix and key gap (ui.ini) and apply them to the window's
        scanner at once: the next scan uses them."""
        prefix, suffix, gap = self.scan_prefix.text(), self.scan_suffix.text(), float(self.scan_gap.value())
        self.settings.setValue("scanner/prefix", prefix)
        self.settings.setValue("scanner/suffix", suffix)
        self.settings.setValue("scanner/max_gap_ms", gap)
        self.settings.sync()
        hook = getattr(self.window(), "scanner", None)
        scanner = getattr(hook, "scanner", None)
        if scanner is not None:
            scanner.prefix, scanner.suffix, scanner.max_gap_ms = prefix, suffix, gap
        self.scanner_note.setText(self.tr("Saved. The next scan uses it."))

    def backup(self) -> None:
        """A consistent copy of the database, made off the UI thread."""
        self.backup_button.setEnabled(False)
        self.backup_note.setText(self.tr("Backing up…"))

        def done(path: object) -> None:
            self.backup_button.setEnabled(True)
            self.backup_note.setText(self.tr("Backup saved: {p}").format(p=path))

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            self.backup_note.setText("")
            show_failure(self, exc)

        run_op(self, self.app.maintenance.backup, on_success=done, on_failure=failed, label=self.tr("Backing up"))
