"""设置: interface language, this laptop's van and name, where the data lives, backup now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QHideEvent
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
from ..operations import run_now, run_op, show_failure
from ..scanner import BadgeScanner, Calibration, ScannerSettings, save_scanner_settings, scanner_settings
from ..tasks import TaskRunner


class SettingsPage(QWidget):
    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.settings = settings_for(app)
        self._calibration_source: BadgeScanner | None = None  # the scanner whose test scans we hear
        self._awaiting_test_scan = False

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
        self.scan_badge_gap = QSpinBox(scan_box)
        self.scan_badge_gap.setObjectName("scanner_badge_gap")
        self.scan_badge_gap.setRange(50, 500)
        self.scan_badge_gap.setSuffix(" ms")
        self.scan_badge_gap.setMinimumHeight(40)
        self.scan_badge_gap.setToolTip(
            self.tr(
                "Our badges are recognised by their shape at any speed up to this gap between keys; "
                "150 ms suits scanners up to 100 ms a key. A test scan sets it."
            )
        )
        self.save_scanner_button = big_button(self.tr("Save"), scan_box, "save_scanner")
        self.save_scanner_button.clicked.connect(self.save_scanner)
        self.test_scan_button = big_button(self.tr("Test scan…"), scan_box, "test_scan")
        self.test_scan_button.setToolTip(
            self.tr("Scan one of our badges: the scanner's speed, prefix and suffix are measured and saved.")
        )
        self.test_scan_button.clicked.connect(self.test_scan)
        self.scanner_note = QLabel(scan_box)
        self.scanner_note.setObjectName("scanner_note")
        self.scanner_note.setWordWrap(True)
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
        srow2 = QHBoxLayout()
        srow2.addWidget(QLabel(self.tr("Our badges: longest gap"), scan_box))
        srow2.addWidget(self.scan_badge_gap)
        srow2.addWidget(self.test_scan_button)
        srow2.addWidget(self.scanner_note, 1)
        f4.addLayout(srow2)

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

        # the notice on the phone page and sign-in sheet, guardian consent.
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
            self.van.addItem(c.name, c.id)
        self.van.setCurrentIndex(max(0, self.van.findData(dev.caravan_id)))
        self.device_name.setText(dev.name or "")
        privacy = getattr(self.app, "privacy", None)
        if privacy is not None:
            self.notice.setPlainText(privacy.notice())
            self.consent.setChecked(bool(privacy.settings().guardian_consent))
        self._show_scanner(scanner_settings(self.settings))
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
        ok, _ = run_now(self, self.app.catalog.set_this_device, self.device_name.text(), self.van.currentData())
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

    def _show_scanner(self, values: ScannerSettings) -> None:
        self.scan_prefix.setText(values.prefix)
        self.scan_suffix.setText(values.suffix)
        self.scan_gap.setValue(int(round(values.max_gap_ms)))
        self.scan_badge_gap.setValue(int(round(values.badge_gap_ms)))

    def _scanner(self) -> BadgeScanner | None:
        scanner = getattr(getattr(self.window(), "scanner", None), "scanner", None)
        return scanner if isinstance(scanner, BadgeScanner) else None

    def save_scanner(self) -> None:
        """Save the scanner's prefix, suffix and key gaps (ui.ini) and apply them to the window's
        scanner at once: the next scan uses them."""
        values = ScannerSettings(
            self.scan_prefix.text(),
            self.scan_suffix.text(),
            float(self.scan_gap.value()),
            float(self.scan_badge_gap.value()),
        )
        save_scanner_settings(self.settings, values)
        self.settings.sync()
        scanner = self._scanner()
        if scanner is not None:
            values.apply(scanner)
        self.scanner_note.setText(self.tr("Saved. The next scan uses it."))

    def test_scan(self) -> None:
        """The next scan is measured, not used: its speed, prefix and suffix are saved."""
        scanner = self._scanner()
        if scanner is None:
            return
        if self._calibration_source is not scanner:
            scanner.calibrated.connect(self._calibrated)
            self._calibration_source = scanner
        self._awaiting_test_scan = True
        scanner.calibrate()
        self.test_scan_button.setEnabled(False)
        self.scanner_note.setText(self.tr("Scan one of our badges now (Esc cancels)…"))

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Leaving the page ends a test scan still waiting: keys are typing again."""
        scanner = self._scanner()
        if self._awaiting_test_scan and scanner is not None and scanner.calibrating:
            scanner.cancel_calibration()
            self._awaiting_test_scan = False
            self.test_scan_button.setEnabled(True)
            self.scanner_note.setText("")
        super().hideEvent(event)

    def _calibrated(self, result: Calibration) -> None:
        if not self._awaiting_test_scan:
            return
        self._awaiting_test_scan = False
        self.test_scan_button.setEnabled(True)
        if not result.ok:
            self.scanner_note.setText(self.tr("Test scan not used: {why}").format(why=result.error))
            return
        fast, slow = result.gaps()
        self._show_scanner(ScannerSettings(result.prefix, result.suffix, fast, slow))
        self.save_scanner()
        self.scanner_note.setText(
            self.tr(
                "Scanner measured: about {mean} ms a key (slowest {worst} ms), prefix “{prefix}”, suffix “{suffix}”. "
                "Saved: our badges are recognised up to {slow} ms a key."
            ).format(
                mean=int(round(result.mean_gap_ms)),
                worst=int(round(result.max_gap_ms)),
                prefix=result.prefix or self.tr("none"),
                suffix=result.suffix or self.tr("none"),
                slow=int(slow),
            )
        )

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
