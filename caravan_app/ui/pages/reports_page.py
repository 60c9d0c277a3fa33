"""报告 page: pick a report (visit / day / period), generate it off the UI thread with progress,
preview its pages, save it, open it in the system's PDF viewer, print it, export the period's
tables to Excel/CSV, and check a visit report's verification code."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.vocab import VISIT_STATUS_LABELS, VisitStatus
from ...reports.fmt import period_bounds
from ...services.app import App
from .. import i18n
from ..common import big_button, heading
from ..operations import run_now, run_op, show_failure
from ..reports_jobs import Generated, ReportJob, generate, print_images, reports_dir, safe_name
from ..reports_preview import ReportPreview
from ..reports_print import PRINT_DPI, a4_printer, paint_pages
from ..tasks import TaskRunner

KINDS = ("visit", "day", "period")
PERIODS = ("month", "quarter", "year", "range")


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _iso(w: QDateEdit) -> str:
    return w.date().toString("yyyy-MM-dd")


class ReportsPage(QWidget):
    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.current: Generated | None = None
        self._printer: Any = None
        today = self.app.clock.today()

        self.kind = QComboBox(self)
        self.kind.setObjectName("report_kind")
        for k, text in zip(
            KINDS, (self.tr("Visit report"), self.tr("Day receipt"), self.tr("Period statistics")), strict=True
        ):
            self.kind.addItem(text, k)

        # visit
        self.visit = QComboBox(self)
        self.visit.setObjectName("report_visit")
        self.visit.setMinimumContentsLength(28)
        visit_pane = QWidget(self)
        f = QFormLayout(visit_pane)
        f.addRow(self.tr("Visit"), self.visit)

        # day
        self.day_date = QDateEdit(_qdate(today), self)
        self.day_date.setObjectName("report_day_date")
        self.day_date.setCalendarPopup(True)
        self.day_date.setDisplayFormat("yyyy-MM-dd")
        self.day_van = QComboBox(self)
        self.day_van.setObjectName("report_day_van")
        day_pane = QWidget(self)
        f = QFormLayout(day_pane)
        f.addRow(self.tr("Date"), self.day_date)
        f.addRow(self.tr("Van"), self.day_van)

        # period
        self.period = QComboBox(self)
        self.period.setObjectName("report_period")
        for k, text in zip(
            PERIODS, (self.tr("Month"), self.tr("Quarter"), self.tr("Year"), self.tr("Date range")), strict=True
        ):
            self.period.addItem(text, k)
        self.period.setCurrentIndex(PERIODS.index("year"))
        self.year = QSpinBox(self)
        self.year.setObjectName("report_year")
        self.year.setRange(2000, today.year + 2)
        self.year.setValue(today.year)
        self.month = QSpinBox(self)
        self.month.setObjectName("report_month")
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self.quarter = QSpinBox(self)
        self.quarter.setObjectName("report_quarter")
        self.quarter.setRange(1, 4)
        self.quarter.setValue((today.month - 1) // 3 + 1)
        self.from_date = QDateEdit(_qdate(today.replace(day=1)), self)
        self.to_date = QDateEdit(_qdate(today), self)
        for w, name in ((self.from_date, "report_from"), (self.to_date, "report_to")):
            w.setObjectName(name)
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
        self.period_van = QComboBox(self)
        self.period_van.setObjectName("report_period_van")
        period_pane = QWidget(self)
        self.period_form = QFormLayout(period_pane)
        self.period_form.addRow(self.tr("Period"), self.period)
        self.period_form.addRow(self.tr("Year"), self.year)
        self.period_form.addRow(self.tr("Month"), self.month)
        self.period_form.addRow(self.tr("Quarter"), self.quarter)
        self.period_form.addRow(self.tr("From"), self.from_date)
        self.period_form.addRow(self.tr("To"), self.to_date)
        self.period_form.addRow(self.tr("Van"), self.period_van)

        self.panes = QStackedWidget(self)
        for p in (visit_pane, day_pane, period_pane):
            self.panes.addWidget(p)

        self.generate_button = big_button(self.tr("&Generate"), self, "report_generate", primary=True)
        self.save_button = big_button(self.tr("&Save PDF…"), self, "report_save")
        self.open_button = big_button(self.tr("&Open in viewer"), self, "report_open")
        self.print_button = big_button(self.tr("&Print…"), self, "report_print")
        self.xlsx_button = big_button(self.tr("Export &Excel…"), self, "report_xlsx")
        self.csv_button = big_button(self.tr("Export &CSV…"), self, "report_csv")
        self.copy_button = big_button(self.tr("Copy the paragraph"), self, "report_copy_paragraph")
        self.copy_button.setToolTip(self.tr("Copy the work-report paragraph, ready to paste into a document"))
        # every volunteer's service certificate for the chosen period, one PDF
        self.cert_button = big_button(self.tr("Volunteer certificates…"), self, "report_certificates")
        self.cert_button.setToolTip(self.tr("One service certificate per volunteer of the chosen period (PDF)"))
        self.progress = QProgressBar(self)
        self.progress.setObjectName("report_progress")
        self.progress.setVisible(False)
        self.status = QLabel(self)
        self.status.setObjectName("report_status")
        self.status.setWordWrap(True)
        self._stale_note = self.tr("The preview shows an earlier choice. Press Generate to make the report chosen now.")

        self.code = QLineEdit(self)
        self.code.setObjectName("report_verify_code")
        self.code.setPlaceholderText(self.tr("Scan the QR, or type the report number and code"))
        self.verify_button = QPushButton(self.tr("Check"), self)
        self.verify_button.setObjectName("report_verify")
        self.verify_result = QLabel(self)
        self.verify_result.setObjectName("report_verify_result")
        self.verify_result.setWordWrap(True)

        pick = QGroupBox(self.tr("Report"), self)
        pl = QVBoxLayout(pick)
        pl.setSpacing(4)
        pl.addWidget(self.kind)
        pl.addWidget(self.panes)
        pl.addWidget(self.generate_button)
        pl.addWidget(self.progress)
        pl.addWidget(self.status)
        out = QGroupBox(self.tr("Use the report"), self)
        ol = QGridLayout(out)  # two columns: at 1024×600 the verification check stays above the fold
        ol.setVerticalSpacing(4)
        for i, b in enumerate(
            (
                self.xlsx_button,
                self.csv_button,
                self.copy_button,
                self.cert_button,
            )
        ):
            ol.addWidget(b, i // 2, i % 2)
        # Save, open and print sit under the preview they act on; at 1024×600 the page needs no
        # scrolling and the preview is not cut off at the bottom.
        use_row = QHBoxLayout()
        for b in (self.save_button, self.open_button, self.print_button):
            use_row.addWidget(b)
        check = QGroupBox(self.tr("Check a verification code"), self)
        cl = QVBoxLayout(check)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.verify_button)
        cl.addLayout(row)
        cl.addWidget(self.verify_result)
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(pick)
        left.addWidget(check)  # the verification result above the fold at 1024×600 and 1366×768
        left.addWidget(out)
        left.addStretch(1)

        self.preview = ReportPreview(self)
        right = QVBoxLayout()
        right.addWidget(self.preview, 1)
        right.addLayout(use_row)

        body = QHBoxLayout()
        body.addLayout(left, 0)
        body.addLayout(right, 1)
        lay = QVBoxLayout(self)
        lay.setSpacing(4)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.addWidget(heading(self.tr("Reports"), self))
        lay.addLayout(body, 1)

        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.period.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.generate_button.clicked.connect(self.generate)
        self.save_button.clicked.connect(self.save)
        self.open_button.clicked.connect(self.open_viewer)
        self.print_button.clicked.connect(self.print_report)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.csv_button.clicked.connect(self.export_csv)
        self.copy_button.clicked.connect(self.copy_paragraph)
        self.cert_button.clicked.connect(self.export_certificates)
        self.verify_button.clicked.connect(self.verify)
        self.code.returnPressed.connect(self.verify)
        # Any change of the choice makes the preview an earlier report's: save/print wait for 生成.
        for combo in (self.kind, self.visit, self.day_van, self.period, self.period_van):
            combo.currentIndexChanged.connect(lambda _i: self._buttons())
        for spin in (self.year, self.month, self.quarter):
            spin.valueChanged.connect(lambda _v: self._buttons())
        for date in (self.day_date, self.from_date, self.to_date):
            date.dateChanged.connect(lambda _d: self._buttons())
        self.refresh()
        self._kind_changed()
        self._period_changed()

    # --- choices ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the visits and vans to choose from (after new field work or a sync)."""
        keep = self.visit.currentData()
        self.visit.blockSignals(True)
        self.visit.clear()
        rows = [v for v in self.app.visits.list() if v.status != VisitStatus.CANCELLED]
        done = sorted((v for v in rows if v.status != VisitStatus.PLANNED), key=lambda v: v.date, reverse=True)
        planned = sorted((v for v in rows if v.status == VisitStatus.PLANNED), key=lambda v: v.date)
        for v in (done + planned)[:500]:
            self.visit.addItem(f"{v.date}  {v.site_name}  ({i18n.label(VISIT_STATUS_LABELS, v.status)})", v.id)
        if keep:
            self.visit.setCurrentIndex(max(0, self.visit.findData(keep)))
        self.visit.blockSignals(False)
        vans = self.app.catalog.caravans()
        for combo in (self.day_van, self.period_van):
            keep_van = combo.currentData()
            combo.clear()
            combo.addItem(self.tr("All vans"), None)
            for c in vans:
                combo.addItem(c.name, c.id)
            combo.setCurrentIndex(max(0, combo.findData(keep_van)) if keep_van else 0)
        self._buttons()

    def set_visit(self, visit_id: str) -> None:
        """Preselect a visit's report (MainWindow.go_to("reports", visit_id) from other pages)."""
        if self.visit.findData(visit_id) < 0:
            self.refresh()
        i = self.visit.findData(visit_id)
        if i >= 0:
            self.kind.setCurrentIndex(KINDS.index("visit"))
            self.visit.setCurrentIndex(i)

    def _kind_changed(self) -> None:
        self.panes.setCurrentIndex(self.kind.currentIndex())
        # The stack is as tall as its current pane only (not its tallest): no empty band at 1024×600.
        for i in range(self.panes.count()):
            pol = QSizePolicy.Policy.Preferred if i == self.panes.currentIndex() else QSizePolicy.Policy.Ignored
            pane = self.panes.widget(i)
            if pane is not None:
                pane.setSizePolicy(QSizePolicy.Policy.Preferred, pol)
        self.panes.adjustSize()
        self._buttons()

    def _period_changed(self) -> None:
        p = self.period.currentData()
        show = {
            "year": p != "range",
            "month": p == "month",
            "quarter": p == "quarter",
            "from": p == "range",
            "to": p == "range",
        }
        for key, w in (
            ("year", self.year),
            ("month", self.month),
            ("quarter", self.quarter),
            ("from", self.from_date),
            ("to", self.to_date),
        ):
            self.period_form.setRowVisible(w, show[key])

    def matches(self) -> bool:
        """The shown report is the one the controls describe (not an earlier choice's)."""
        if self.current is None:
            return False
        try:
            return self.current.job == self.job()
        except Exception:  # noqa: BLE001 - a choice that makes no report matches none
            return False

    def _buttons(self) -> None:
        ready = self.current is not None and self.current.pdf.exists()
        stale = ready and not self.matches()
        ready = ready and not stale
        self.preview.setEnabled(not stale)  # greyed: this is not the report chosen now
        if stale:
            self.status.setText(self._stale_note)
        elif self.current is not None and self.status.text() == self._stale_note:  # chosen back again
            self.status.setText(self._ready_text(self.current))
        for b in (self.save_button, self.open_button, self.print_button):
            b.setEnabled(ready)
        period = ready and self.current is not None and self.current.job.kind == "period"
        self.xlsx_button.setEnabled(period)
        self.csv_button.setEnabled(period)
        self.copy_button.setEnabled(bool(period and self.current is not None and self.current.paragraph))
        self.generate_button.setEnabled(self.kind.currentData() != "visit" or self.visit.count() > 0)
        self.cert_button.setEnabled(self.kind.currentData() == "period")  # needs only the period

    def job(self) -> ReportJob:
        """The report the controls describe."""
        kind = self.kind.currentData()
        if kind == "visit":
            vid = self.visit.currentData()
            v = self.app.visits.list()  # site name and date for the file name
            row = next((x for x in v if x.id == vid), None)
            stem = f"活动记录表_{row.site_name}_{row.date}" if row else "活动记录表"
            return ReportJob("visit", visit_id=vid, name=stem)
        if kind == "day":
            van = self.day_van.currentData()
            label = self.day_van.currentText() if van else "全部"
            return ReportJob(
                "day", date=_iso(self.day_date), caravan_id=van, name=f"日结单_{_iso(self.day_date)}_{label}"
            )
        p = self.period.currentData()
        if p == "range":
            start, end = _iso(self.from_date), _iso(self.to_date)
        elif p == "year":
            start, end = period_bounds("year", self.year.value())
        else:
            start, end = period_bounds(p, self.year.value(), (self.month if p == "month" else self.quarter).value())
        van = self.period_van.currentData()
        label = self.period_van.currentText() if van else "全部"
        return ReportJob("period", start=start, end=end, caravan_id=van, name=f"工作统计_{start}_{end}_{label}")

    # --- generate and preview -----------------------------------------------------------------

    def generate(self) -> None:
        try:
            job = self.job()
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_failure(self, exc)
            return
        self.generate_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Generating…"))
        # Slow work (and a report number written) on the operation path: off the UI thread,
        # a failure shown the one way.
        run_op(
            self,
            generate,
            self.app,
            job,
            on_success=self._generated,
            on_failure=self._failed,
            on_progress=self._progress,
            label=self.tr("Generating report"),
        )

    def _progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)
        if text and i18n.is_chinese():  # the services word their steps in Chinese only
            self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self.status.setText(i18n.error_text(exc))
        self._buttons()
        show_failure(self, exc)

    def _ready_text(self, gen: Generated) -> str:
        text = self.tr("%n page(s): %1", "", gen.pages).replace("%1", gen.pdf.name)
        for w in gen.warnings:  # e.g. a character the font lacks, printed as □
            text += "\n⚠ " + w
        return text

    def _generated(self, gen: Generated) -> None:
        self.current = gen
        self.progress.setVisible(False)
        self.status.setText(self._ready_text(gen))
        self.preview.show_report(gen)
        self._buttons()

    def copy_paragraph(self) -> str:
        """Put the period report's work-report paragraph on the clipboard."""
        from PySide6.QtGui import QGuiApplication

        text = self.current.paragraph if self.current is not None else ""
        if text:
            QGuiApplication.clipboard().setText(text)
            self.status.setText(self.tr("Paragraph copied: paste it into the work report."))
        return text

    def preview_count(self) -> int:
        return self.preview.page_count()

    # --- use the report -----------------------------------------------------------------------

    def save_to(self, path: Path) -> Path:
        assert self.current is not None and self.matches(), "the preview is of an earlier choice"
        path = Path(path)
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        shutil.copyfile(self.current.pdf, path)
        self.status.setText(self.tr("Saved: %1").replace("%1", str(path)))
        return path

    def save(self) -> None:
        if self.current is None or not self.matches():
            return
        name, _f = QFileDialog.getSaveFileName(
            self, self.tr("Save PDF"), str(Path.home() / self.current.pdf.name), self.tr("PDF files (*.pdf)")
        )
        if name:
            try:
                self.save_to(Path(name))
            except OSError as exc:
                show_failure(self, exc)

    def open_viewer(self) -> bool:
        if self.current is None or not self.matches():
            return False
        ok = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.current.pdf)))
        if not ok:
            self.status.setText(self.tr("No PDF viewer found. The file is at: %1").replace("%1", str(self.current.pdf)))
        return bool(ok)

    def print_report(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        if self.current is None or not self.matches():
            return
        printer = a4_printer(self.current.pdf.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.current.pages)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        first, last = printer.fromPage() or 1, printer.toPage() or self.current.pages
        self.print_to(printer, first, last)

    def print_to(self, printer: Any, first: int = 1, last: int | None = None) -> int:
        """Rasterise pages off the UI thread, then paint them on ``printer``; returns the task id."""
        assert self.current is not None
        self._printer = printer
        self.status.setText(self.tr("Preparing pages for the printer…"))
        return self.runner.submit(
            print_images,
            self.current.pdf,
            PRINT_DPI,
            first,
            last,
            on_done=lambda pngs: self._paint(printer, pngs),
            on_error=self._failed,
            label=self.tr("Printing"),
        )

    def _paint(self, printer: Any, pngs: list[bytes]) -> None:
        ok = paint_pages(printer, pngs)
        self._printer = None
        if ok:
            self.status.setText(self.tr("Sent %n page(s) to the printer.", "", len(pngs)))
        else:
            self.status.setText(self.tr("The printer could not be started."))

    def export_to(self, xlsx: Path | None = None, csv_dir: Path | None = None) -> int:
        """Export the generated period's tables (XLSX and/or CSV) off the UI thread."""
        assert self.current is not None and self.current.job.kind == "period"
        job = self.current.job
        self.status.setText(self.tr("Exporting…"))
        return self.runner.submit(
            self.app.reports.period_files,
            job.start,
            job.end,
            None,
            job.caravan_id,
            xlsx=xlsx,
            csv_dir=csv_dir,
            on_done=self._exported,
            on_error=self._failed,
            label=self.tr("Exporting"),
        )

    def _exported(self, files: Any) -> None:
        written = ([str(files.xlsx)] if files.xlsx else []) + ([str(files.csv[0].parent)] if files.csv else [])
        self.status.setText(self.tr("Exported: %1").replace("%1", ", ".join(written)))

    def export_xlsx(self) -> None:
        if self.current is None:
            return
        name, _f = QFileDialog.getSaveFileName(
            self,
            self.tr("Export Excel"),
            str(Path.home() / (self.current.pdf.stem + ".xlsx")),
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if name:
            self.export_to(xlsx=Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx"))

    def export_csv(self) -> None:
        if self.current is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the CSV files"), str(Path.home()))
        if folder:
            self.export_to(csv_dir=Path(folder) / safe_name(self.current.pdf.stem))

    def verify(self) -> None:
        code = self.code.text().strip()
        if not code:
            return

        def inline(exc: BaseException) -> bool:  # a malformed code: said beside the box
            if isinstance(exc, DomainError):
                self.verify_result.setProperty("warning", True)
                self.verify_result.setText(i18n.error_text(exc))
                return True
            return False

        ok, r = run_now(self, self.app.reports.verify, code, on_failure=inline)
        if not ok:
            return
        text = i18n.pick(r.zh, r.en)
        where = f"{r.site_name} {r.date}".strip()
        self.verify_result.setProperty("warning", not r.ok)
        mark = {"ok": "✔ ", "warn": "! "}.get(r.level, "✘ ")
        details = "\n".join(r.details_zh())  # the figures in the data, to compare with the paper
        self.verify_result.setText(mark + text + (f"\n{where}" if where else "") + (f"\n{details}" if details else ""))
        self.verify_result.style().unpolish(self.verify_result)
        self.verify_result.style().polish(self.verify_result)

    # --- volunteer service certificates ----------------------------------------------------

    def certificates_to(self, path: Path) -> int:
        """Every volunteer's certificate for the period the controls describe, off the UI thread."""
        job = self.job()
        self.status.setText(self.tr("Making certificates…"))
        return run_op(  # each certificate's number is recorded: a write
            self,
            self.app.certificates.all_pdf,
            job.start,
            job.end,
            path,
            on_success=lambda certs: self.status.setText(
                self.tr("Certificates: %1 volunteers, %2").replace("%1", str(len(certs))).replace("%2", str(path))
            ),
            on_failure=self._failed,
            label=self.tr("Making certificates"),
        )

    def export_certificates(self) -> None:
        job = self.job()
        name, _f = QFileDialog.getSaveFileName(
            self,
            self.tr("Save certificates"),
            str(Path.home() / f"志愿服务记录证明_{job.start}_{job.end}.pdf"),
            self.tr("PDF files (*.pdf)"),
        )
        if name:
            self.certificates_to(Path(name) if name.lower().endswith(".pdf") else Path(name + ".pdf"))

    def generated_dir(self) -> Path:
        return reports_dir(self.app)
