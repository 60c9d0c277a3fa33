"""Layouts at the crews' screen sizes (finding 8) and the 日结 form (finding 9)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QScrollArea, QWidget

from caravan_app.ui.main_window import PAGES, MainWindow
from caravan_app.ui.pages.stock_page import DayCloseDialog

pytestmark = pytest.mark.gui


def _visible_in_viewport(window: MainWindow, key: str, widget) -> bool:  # noqa: ANN001
    scroll: QScrollArea = window._scrolls[key]
    vp = scroll.viewport()
    top_left = widget.mapTo(vp, QPoint(0, 0))
    return top_left.y() >= 0 and top_left.y() + widget.height() <= vp.height() and top_left.x() >= 0


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_no_page_scrolls_sideways(window: MainWindow, qapp, size) -> None:  # noqa: ANN001
    window.resize(*size)
    for spec in PAGES:
        if spec.key in ("today", "distribution"):
            continue  # laid out by the scanner/counting work
        window.show_page(spec.key)
        qapp.processEvents()  # deliver the posted layout requests
        bar = window._scrolls[spec.key].horizontalScrollBar()
        assert bar.maximum() == 0, f"{spec.key} scrolls sideways at {size}"


def test_stock_shows_more_than_two_rows_at_1024x600(window: MainWindow, app, field, qapp) -> None:  # noqa: ANN001
    for name in ("健康素养66条", "防灾减灾知识手册", "十万个为什么", "科学画报"):
        app.stock.load(field["caravan"], app.catalog.add_title(name), 10)
    window.resize(1024, 600)
    page = window.show_page("stock")
    page.refresh()
    qapp.processEvents()  # deliver the posted layout requests
    view = page.balances
    rows = sum(
        1
        for r in range(page.bal_model.rowCount())
        if view.visualRect(page.bal_model.index(r, 0)).bottom() < view.viewport().height()
    )
    assert rows >= 4
    assert _visible_in_viewport(window, "stock", page.record_button)


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_reports_opens_with_preview_and_verification_above_the_fold(window: MainWindow, qapp, size) -> None:  # noqa: ANN001
    window.resize(*size)
    page = window.show_page("reports")
    qapp.processEvents()  # deliver the posted layout requests
    assert window._scrolls["reports"].verticalScrollBar().value() == 0
    assert _visible_in_viewport(window, "reports", page.verify_button)
    assert _visible_in_viewport(window, "reports", page.code)
    assert page.preview.isVisible() and page.preview.height() > 300


def test_catalogue_actions_fit_at_1024x600(window: MainWindow, qapp) -> None:  # noqa: ANN001
    window.resize(1024, 600)
    page = window.show_page("catalogue")
    qapp.processEvents()  # deliver the posted layout requests
    for b in page.people.findChildren(QPushButton):
        assert _visible_in_viewport(window, "catalogue", b), b.objectName()


def test_day_close_starts_uncounted_and_refuses_recording_without_counting(app, field, qtbot, dialogs) -> None:  # noqa: ANN001
    dlg = DayCloseDialog(app, field["caravan"])
    qtbot.addWidget(dlg)
    dlg.show()
    spin = dlg.spins[field["title"]]
    assert spin.value() == -1 and spin.text() == "未清点"  # not the ledger's 100
    assert dlg.table.item(0, 3).text() == "—"
    dialogs.accept_box()
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialogs.seen == ["error_box"] and "身边的科学" in dialogs.texts[0]
    assert app.stock.day_closes(field["caravan"]) == [] and dlg.isVisible()
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "100")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert len(app.stock.day_closes(field["caravan"])) == 1


# --- 1024×600: the field-day pages at the smallest van laptop ------------------------------------


def _rows_in_view(view) -> int:  # noqa: ANN001
    """Rows of a table fully inside its viewport."""
    vp = view.viewport().height()
    return sum(
        1
        for r in range(view.model().rowCount())
        if 0 <= view.visualRect(view.model().index(r, 0)).top()
        and view.visualRect(view.model().index(r, 0)).bottom() < vp
    )


def test_today_at_1024x600_shows_at_least_five_sign_ins(window: MainWindow, app, field, qapp) -> None:  # noqa: ANN001
    app.visits.arrive(field["visit"])
    for i in range(8):
        app.attendance.signin(field["visit"], f"家长{i}", "parent", f"{i + 1}年级一班")
    window.resize(1024, 600)
    page = window.show_page("today")
    page.refresh()
    qapp.processEvents()
    assert window._scrolls["today"].verticalScrollBar().maximum() == 0
    assert _rows_in_view(page.signins.table) >= 5


def test_quick_sign_in_messages_wrap_instead_of_being_cut_off(window: MainWindow, app, field, qapp) -> None:  # noqa: ANN001
    app.visits.arrive(field["visit"])
    window.resize(1024, 600)
    page = window.show_page("today")
    page.refresh()
    page.name.setText("12345")  # refused: the message names the field and what to do
    page.quick_signin()
    qapp.processEvents()
    label = page.sign_result
    text = label.text()
    assert text and label.fontMetrics().horizontalAdvance(text) > label.width()  # longer than one line
    assert label.wordWrap() and label.height() >= label.heightForWidth(label.width()) > label.fontMetrics().height()
    box = page.findChild(QWidget, "quick_box")
    assert label.mapTo(box, QPoint(label.width(), 0)).x() <= box.width()  # inside its box


def test_signin_page_at_1024x600_needs_no_scrolling_with_the_qr_shown(window: MainWindow, field, qapp, qtbot) -> None:  # noqa: ANN001
    import socket

    window.resize(1024, 600)
    page = window.show_page("signin")
    with socket.socket() as so:  # a free port for this test's phone server
        so.bind(("127.0.0.1", 0))
        port = so.getsockname()[1]
    page.port.setValue(port)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.phone.is_serving(), timeout=10_000)
    qapp.processEvents()
    try:
        assert page.qr.pixmap() is not None and not page.qr.pixmap().isNull()
        scroll = window._scrolls["signin"]
        assert scroll.verticalScrollBar().maximum() == 0 and scroll.horizontalScrollBar().maximum() == 0
        for w in (page.qr, page.open_button, page.badges_button, page.list.search):
            assert _visible_in_viewport(window, "signin", w), w.objectName()
    finally:
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_report_preview_is_whole_across_and_the_page_needs_no_scrolling(
    window: MainWindow, app, field, qapp, qtbot, size
) -> None:  # noqa: ANN001
    app.visits.arrive(field["visit"])
    window.resize(*size)
    page = window.show_page("reports")
    page.refresh()
    page.kind.setCurrentIndex(0)
    page.visit.setCurrentIndex(page.visit.findData(field["visit"]))
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.current is not None and page.preview_count() > 0, timeout=60_000)
    qapp.processEvents()
    assert window._scrolls["reports"].verticalScrollBar().maximum() == 0
    area = page.preview.area
    first = page.preview.findChild(QLabel, "report_page_1")
    assert first.pixmap().width() <= area.viewport().width()  # the page's full width is in view
    assert area.horizontalScrollBar().maximum() == 0
    for b in (page.save_button, page.print_button, page.verify_button):
        assert _visible_in_viewport(window, "reports", b), b.objectName()
