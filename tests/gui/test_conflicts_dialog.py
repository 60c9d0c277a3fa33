"""The 同步 page shows values that lost a merge; the dialog keeps or restores them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.helpers.ship import ship

pytestmark = pytest.mark.gui


def test_review_and_restore_a_lost_value_from_the_sync_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from caravan_app.ui.conflicts_dialog import ConflictsDialog
    from caravan_app.ui.pages.sync_page import SyncPage
    from caravan_app.ui.tasks import TaskRunner

    a = App.open(fresh_data_dir(tmp_path / "a"))
    b = App.open(fresh_data_dir(tmp_path / "b"))
    site = a.sites.add(name="泉林中心小学", county="泗水县", contact="王霞")
    ship(a, b, "site", site)
    a.sites.update(site, contact="王老师")
    b.sites.update(site, contact="李校长")  # newer: wins
    ship(b, a, "site", site)
    page = SyncPage(a, TaskRunner())
    qtbot.addWidget(page)
    page.refresh()
    assert page.conflicts_button.isVisibleTo(page) and "（1 条）" in page.conflicts_button.text()

    def restore() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, ConflictsDialog)
        assert [dlg.table.item(0, j).text() for j in (0, 2, 3)] == ["泉林中心小学", "李校长", "王老师"]
        dlg.restore_button.click()
        assert dlg.table.rowCount() == 0
        dlg.reject()

    QTimer.singleShot(100, restore)
    page.conflicts_button.click()
    assert a.sites.get(site).contact == "王老师"
    assert not page.conflicts_button.isVisibleTo(page)
    a.close()
    b.close()
