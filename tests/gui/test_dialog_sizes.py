"""Every dialog fits a 1024×600 netbook (issue #11): its size and the least its layout needs stay
within 1024×530 (a 40 px taskbar and the title bar taken off the 600)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from caravan_app.services.app import App
from caravan_app.ui.common import SMALL_SCREEN
from caravan_app.ui.conflicts_dialog import ConflictsDialog
from caravan_app.ui.error_dialog import ErrorReportDialog
from caravan_app.ui.first_run import FirstRunWizard
from caravan_app.ui.import_wizard import ImportWizard
from caravan_app.ui.pages.sites_page import SiteDialog, TownCoverageDialog
from caravan_app.ui.pages.stock_page import DayCloseDialog
from caravan_app.ui.pages.visits_page import VisitDialog
from caravan_app.ui.tasks import TaskRunner
from caravan_app.ui.widgets.reopen_dialog import ReopenVisitDialog
from caravan_app.ui.widgets.signin_list import VoidSigninDialog

pytestmark = pytest.mark.gui


def _dialogs(app: App, field: dict[str, str]) -> list[QWidget]:
    runner = TaskRunner()
    for i in range(12):  # a van with many titles: the day close has many rows
        app.stock.load(field["caravan"], app.catalog.add_title(f"科普读物第{i}册"), 10)
    return [
        ImportWizard(app, runner),
        FirstRunWizard(app, runner),
        SiteDialog(app),
        SiteDialog(app, app.sites.get(field["site"])),
        TownCoverageDialog(app),
        VisitDialog(app, None),
        VisitDialog(app, app.visits.get(field["visit"])),
        DayCloseDialog(app, field["caravan"]),
        ConflictsDialog(app),
        ErrorReportDialog("Traceback (most recent call last):\n" + "  line\n" * 200),
        ReopenVisitDialog(),
        VoidSigninDialog("张三"),
    ]


def test_every_dialog_fits_1024x600(app: App, field: dict[str, str], qtbot: Any) -> None:
    max_w, max_h = SMALL_SCREEN
    for dlg in _dialogs(app, field):
        qtbot.addWidget(dlg)
        dlg.show()
        name = type(dlg).__name__
        need = dlg.minimumSizeHint().expandedTo(dlg.minimumSize())
        assert dlg.width() <= max_w and dlg.height() <= max_h, (name, dlg.size())
        assert need.width() <= max_w and need.height() <= max_h, (name, need)
        dlg.hide()  # (close() on a wizard asks first)
