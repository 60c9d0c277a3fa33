"""The 报告 page's copy button: the period report's paragraph goes to the clipboard as printed."""

from __future__ import annotations

from typing import Any

import pytest

from caravan_app.services.app import App

from . import pdfcheck
from .test_reports_page import _generate, page  # noqa: F401 - the page fixture

pytestmark = pytest.mark.gui


def test_copy_the_paragraph(page: Any, app: App, day: dict[str, Any], qtbot: Any) -> None:  # noqa: F811
    from PySide6.QtGui import QGuiApplication

    page.refresh()
    page.kind.setCurrentIndex(0)
    page.visit.setCurrentIndex(page.visit.findData(day["visit"]))
    _generate(page, qtbot)
    assert not page.copy_button.isEnabled()  # a visit report has no paragraph
    page.kind.setCurrentIndex(2)
    page.period.setCurrentIndex(page.period.findData("year"))
    _generate(page, qtbot)
    assert page.copy_button.isEnabled()
    page.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.startswith(f"{day['date'][:4]}年，市科协科普大篷车") and text.endswith("。")
    assert "服务师生和群众378人次" in text and "," not in text
    assert text in pdfcheck.flat(page.current.pdf)
