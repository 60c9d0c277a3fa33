"""日结 with "also correct the ledger": one service call, the close and its adjustments together."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from caravan_app.services.app import App
from caravan_app.storage import models as m
from caravan_app.ui.pages.stock_page import DayCloseDialog

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
