"""The 报告 page: generate off the UI thread, preview, save, open, print, export, verify."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from caravan_app.services.app import App

from . import pdfcheck

pytestmark = pytest.mark.gui


@pytest.fixture
def page(app: App, qtbot, qapp):  # noqa: ANN001, ANN201
    from caravan_app.ui.pages.reports_page import ReportsPage
    from caravan_app.ui.tasks import TaskRunner

    runner = TaskRunner(qapp)
    p = ReportsPage(app, runner)
    qtbot.addWidget(p)
    p.show()
    yield p
    runner.wait()


def _generate(page: Any, qtbot: Any) -> None:
    page.current = None
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.current is not None, timeout=30_000)


def test_visit_report_generate_preview_save_open_and_print(
    page: Any, day: dict[str, Any], qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtPrintSupport import QPrinter

    page.refresh()
    page.kind.setCurrentIndex(0)
    page.visit.setCurrentIndex(page.visit.findData(day["visit"]))
    assert not page.save_button.isEnabled()
    _generate(page, qtbot)
    gen = page.current
    assert gen.pages == pdfcheck.page_count(gen.pdf) and gen.pdf.name.startswith("活动记录表_任城区实验小学")
    assert page.preview_count() == gen.pages and page.save_button.isEnabled()
    assert not page.xlsx_button.isEnabled()  # tables export only for period statistics

    saved = page.save_to(tmp_path / "school_copy")
    assert saved.suffix == ".pdf" and "任城区实验小学" in pdfcheck.flat(saved)

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    assert page.open_viewer() and opened == [str(gen.pdf)]

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    page.print_to(printer)
    qtbot.waitUntil(lambda: page._printer is None, timeout=30_000)
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == gen.pages


def test_period_statistics_and_excel_from_the_page(page: Any, day: dict[str, Any], qtbot: Any, tmp_path: Path) -> None:
    page.kind.setCurrentIndex(2)
    page.period.setCurrentIndex(page.period.findData("year"))
    _generate(page, qtbot)
    assert page.current.job.kind == "period" and page.xlsx_button.isEnabled()
    assert "服务师生和群众378人次" in pdfcheck.flat(page.current.pdf)
    page.export_to(xlsx=tmp_path / "year.xlsx", csv_dir=tmp_path / "csv")
    qtbot.waitUntil(lambda: "year.xlsx" in page.status.text(), timeout=30_000)
    ws = load_workbook(tmp_path / "year.xlsx")["汇总"]
    assert [ws.cell(2, c).value for c in range(5, 8)] == [1, 378, 150]
    assert (tmp_path / "csv" / "按月份.csv").exists()


def test_day_receipt_from_the_page_and_a_bad_request(page: Any, day: dict[str, Any], qtbot: Any) -> None:
    page.kind.setCurrentIndex(1)
    _generate(page, qtbot)
    assert "科普大篷车日结单" in pdfcheck.flat(page.current.pdf)
    assert page.preview_count() == 1


def test_verification_code_check_on_the_page(page: Any, app: App, day: dict[str, Any]) -> None:
    payload = app.reports.figures(day["visit"]).payload()
    page.code.setText(payload)
    page.verify_button.click()
    assert page.verify_result.text().startswith("✔") and "任城区实验小学" in page.verify_result.text()
    page.code.setText("not a code")
    page.verify_button.click()
    assert "CFLV1" in page.verify_result.text() and page.verify_result.property("warning")


def test_main_window_shows_the_reports_page(app: App, day: dict[str, Any], qtbot: Any, qapp: Any) -> None:
    from caravan_app.ui import i18n
    from caravan_app.ui.pages.reports_page import ReportsPage
    from caravan_app.ui.shell import build_window

    w = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(w)
    try:
        shown = w.show_page("reports")
        assert isinstance(shown, ReportsPage)
        shown.kind.setCurrentIndex(2)
        w.go_to("reports", day["visit"])  # another page hands over a visit to print
        assert shown.kind.currentData() == "visit" and shown.visit.currentData() == day["visit"]
        assert shown.generate_button.text().startswith("生成报告")  # zh_CN translation installed
        assert shown.kind.itemText(1) == "日结单"
    finally:
        w.runner.wait()
        w.close()
        i18n.install(i18n.CHINESE, qapp)


def test_a_changed_choice_never_saves_or_prints_the_earlier_preview(page: Any, day: dict[str, Any], qtbot: Any) -> None:
    page.refresh()
    page.kind.setCurrentIndex(0)
    page.visit.setCurrentIndex(page.visit.findData(day["visit"]))
    _generate(page, qtbot)
    assert page.save_button.isEnabled() and page.print_button.isEnabled()
    page.kind.setCurrentIndex(1)  # 日结单 chosen; the preview still shows the visit report
    for b in (page.save_button, page.open_button, page.print_button):
        assert not b.isEnabled()
    assert "生成" in page.status.text() and not page.preview.isEnabled()
    assert not page.open_viewer()  # nothing of the earlier report reaches a viewer or a printer
    page.kind.setCurrentIndex(0)  # chosen back: the preview is that report again
    assert page.save_button.isEnabled() and page.preview.isEnabled()
    page.kind.setCurrentIndex(2)
    page.year.setValue(page.year.value() - 1)
    _generate(page, qtbot)
    assert page.current.job.kind == "period" and page.xlsx_button.isEnabled()
    page.year.setValue(page.year.value() + 1)  # another year: its tables are not these
    assert not page.xlsx_button.isEnabled() and not page.save_button.isEnabled()
