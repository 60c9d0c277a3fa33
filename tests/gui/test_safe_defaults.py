"""Safe defaults: where yes would take stock below zero, undo work or lose typed data, a hurried
Enter answers no, and the yes button stands apart from 取消. Driven through the real pages."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QSpacerItem

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.pages.distribution_page import DistributionPage
from caravan_app.ui.pages.stock_page import DayCloseDialog, StockPage

pytestmark = pytest.mark.gui


def _enter_and_check_placement(seen: list[dict[str, Any]]):  # noqa: ANN202
    """An answer for DialogAnswerer: note the box's default and layout, then press Enter."""

    def act(box: Any) -> None:
        assert isinstance(box, QMessageBox)
        default = box.defaultButton()
        risky = next(b for b in box.buttons() if b is not default)
        row = box.findChild(QDialogButtonBox).layout()
        items = [row.itemAt(i) for i in range(row.count())]
        where = {id(it.widget()): i for i, it in enumerate(items) if it.widget() is not None}
        lo, hi = sorted((where[id(default)], where[id(risky)]))
        seen.append(
            {
                "default": default.text(),
                "risky": risky.text(),
                "apart": any(isinstance(it, QSpacerItem) or it.spacerItem() for it in items[lo + 1 : hi]),
            }
        )
        QTest.keyClick(box, Qt.Key.Key_Return)

    return act


def test_enter_on_not_enough_stock_at_distribution_hands_nothing_out(window, app: App, field, qtbot, dialogs) -> None:  # noqa: ANN001
    window.show_page("today")
    qtbot.mouseClick(window.pages["today"].arrive_button, Qt.MouseButton.LeftButton)
    page = window.show_page("distribution")
    assert isinstance(page, DistributionPage)
    page.refresh()
    page.qty.setValue(120)  # 100 on the van
    seen: list[dict[str, Any]] = []
    dialogs.next(_enter_and_check_placement(seen))
    qtbot.mouseClick(page.give_button, Qt.MouseButton.LeftButton)
    assert dialogs.seen == ["override_box"]
    assert seen == [{"default": "取消", "risky": "仍然发放", "apart": True}]
    assert app.stock.balance(field["caravan"], field["title"]) == 100  # nothing handed out


def test_enter_on_the_stock_pages_undo_and_override_changes_nothing(window, app: App, field, qtbot, dialogs) -> None:  # noqa: ANN001
    c, t = field["caravan"], field["title"]
    load = app.stock.load(c, t, 25)
    page = window.show_page("stock")
    assert isinstance(page, StockPage)
    page.show_van()
    page.movements.selectRow(list(page.move_rows).index(load))
    seen: list[dict[str, Any]] = []
    dialogs.next(_enter_and_check_placement(seen))
    dialogs.next(lambda box: box.close(), timeout_ms=500)  # "undone: …", were it undone after all
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert seen == [{"default": "取消", "risky": "撤销", "apart": True}]
    assert app.stock.balance(c, t) == 125  # not undone
    # Unloading more than the van holds: Enter on 库存不足 records nothing.
    page.op.setCurrentIndex(page.op.findData("unload"))
    page.qty.setValue(500)
    dialogs.next(_enter_and_check_placement(seen))
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert [n for n in dialogs.seen if n] == ["undo_box", "override_box"]
    assert seen[1]["default"] == "取消" and seen[1]["apart"]
    assert app.stock.balance(c, t) == 125


def test_enter_on_cancel_visit_keeps_the_visit(window, app: App, field, qtbot, dialogs) -> None:  # noqa: ANN001
    page = window.show_page("visits")
    page.reload(select=field["visit"])
    seen: list[dict[str, Any]] = []
    dialogs.next(_enter_and_check_placement(seen))
    page.cancel_visit()
    assert seen and seen[0]["default"] == "取消"
    assert app.visits.get(field["visit"]).status == "planned"


def test_undo_reasons_show_in_the_interface_language_only(window, app: App, field, qtbot, qapp) -> None:  # noqa: ANN001
    load = app.stock.load(field["caravan"], field["title"], 5)
    app.stock.undo(load, reason="点错了")
    page = window.show_page("stock")
    page.show_van()
    col = 4

    def reasons() -> list[str]:
        m = page.mov_model
        return [str(m.data(m.index(r, col))) for r in range(m.rowCount())]

    assert "撤销：点错了" in reasons() and not any("undo" in r for r in reasons())
    i18n.install(i18n.ENGLISH, qapp)
    assert "undo: 点错了" in reasons() and not any("撤销" in r for r in reasons())


def test_esc_in_day_close_asks_before_throwing_away_typed_counts(app: App, field, qtbot, dialogs) -> None:  # noqa: ANN001
    dlg = DayCloseDialog(app, field["caravan"])
    qtbot.addWidget(dlg)
    dlg.show()
    QTest.keyClick(dlg, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert not dlg.isVisible() and dialogs.seen == []
    dlg.show()
    dlg.spins[field["title"]].setValue(97)
    seen: list[dict[str, Any]] = []
    dialogs.next(_enter_and_check_placement(seen))  # a hurried Enter on the question keeps counting
    QTest.keyClick(dlg, Qt.Key.Key_Escape)
    assert dialogs.seen == ["discard_close_box"] and seen[0]["default"] == "继续清点" and seen[0]["apart"]
    assert dlg.isVisible() and dlg.spins[field["title"]].value() == 97
    dialogs.accept_box()  # really discard
    QTest.keyClick(dlg, Qt.Key.Key_Escape)
    assert not dlg.isVisible()
    assert app.stock.day_closes(field["caravan"]) == []


def test_reopening_day_close_says_the_day_is_closed_already(app: App, field, qtbot) -> None:  # noqa: ANN001
    first = DayCloseDialog(app, field["caravan"])
    qtbot.addWidget(first)
    assert not first.closed_note.isVisibleTo(first)
    first.spins[field["title"]].setValue(100)
    first.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    again = DayCloseDialog(app, field["caravan"])
    qtbot.addWidget(again)
    again.show()
    day = app.clock.today().isoformat()
    assert again.closed_note.isVisible() and day in again.closed_note.text() and "已日结" in again.closed_note.text()


def test_enter_on_undo_last_hand_out_keeps_it(window, app: App, field, qtbot, dialogs) -> None:  # noqa: ANN001
    window.show_page("today")
    qtbot.mouseClick(window.pages["today"].arrive_button, Qt.MouseButton.LeftButton)
    page = window.show_page("distribution")
    page.refresh()
    page.qty.setValue(7)
    qtbot.mouseClick(page.give_button, Qt.MouseButton.LeftButton)
    assert app.stock.balance(field["caravan"], field["title"]) == 93
    seen: list[dict[str, Any]] = []
    dialogs.next(_enter_and_check_placement(seen))
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert dialogs.seen == ["undo_box"] and seen[0]["default"] == "取消" and seen[0]["apart"]
    assert app.stock.balance(field["caravan"], field["title"]) == 93  # the hand-out stands
