"""日结 with "also correct the ledger": one service call, the close and its adjustments together."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from caravan_app.services.app import App
from caravan_app.storage import models as m
from caravan_app.ui.pages.stock_page import DayCloseDialog, StockPage

pytestmark = pytest.mark.gui


def test_day_close_books_the_differences_with_the_close(app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    second = app.catalog.add_title("健康素养66条")
    app.stock.load(field["caravan"], second, 40)
    dlg = DayCloseDialog(app, field["caravan"])
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.spins[field["title"]].setValue(97)
    dlg.spins[second].setValue(41)
    dlg.book.setChecked(True)
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    (close,) = app.stock.day_closes(field["caravan"])
    assert app.stock.balances(field["caravan"]) == {field["title"]: 97, second: 41}
    with app.db.read() as s:
        adj = list(s.scalars(select(m.Movement).where(m.Movement.kind == "adjust")))
    assert sorted(a.qty for a in adj) == [-3, 1] and {a.ref_id for a in adj} == {close.id}
    assert all(not a.override for a in adj)  # a count is never below zero: nothing to confirm
    assert app.maintenance.check().ok


def test_stock_page_undoes_the_selected_entry_with_the_floor_warning(window, app, field, qtbot, dialogs) -> None:  # noqa: ANN001
    c, t, v = field["caravan"], field["title"], field["visit"]
    load = app.stock.load(c, t, 25)
    app.visits.arrive(v)
    app.stock.distribute(c, t, 120, v, "学校")  # 5 left: undoing the load would leave −20
    page = window.show_page("stock")
    assert isinstance(page, StockPage)
    page.show_van()
    page.movements.selectRow(list(page.move_rows).index(load))
    dialogs.accept_box()  # "undo this entry?" (shows what)
    dialogs.reject_box()  # "not enough stock": the crew thinks again
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert app.stock.balance(c, t) == 5
    assert "25" in dialogs.texts[0] and "库存不足" in dialogs.texts[1]
    page.movements.selectRow(list(page.move_rows).index(load))
    dialogs.accept_box()
    dialogs.accept_box()  # confirmed: the override is recorded
    dialogs.accept_box()  # "undone: …"
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert dialogs.seen == ["undo_box", "override_box", "undo_box", "override_box", ""]
    assert app.stock.balance(c, t) == -20
    with app.db.read() as s:
        (undo,) = s.scalars(select(m.Movement).where(m.Movement.kind == "undo"))
    assert (undo.ref_id, undo.override) == (load, True)
    assert "25" in dialogs.texts[-1]
