"""Date fields default to the corrected today (services/base.Clock): a laptop whose clock is a
day off, known since its last sync, still proposes the right day (issue #10, finding 10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from caravan_app.services.app import App
from tests.conftest import fresh_data_dir

pytestmark = pytest.mark.gui


def test_date_fields_default_to_the_corrected_day(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from caravan_app.ui.pages.reports_page import ReportsPage
    from caravan_app.ui.pages.stock_page import DayCloseDialog
    from caravan_app.ui.pages.visits_page import VisitDialog, VisitsPage
    from caravan_app.ui.tasks import TaskRunner

    app = App.open(fresh_data_dir(tmp_path / "a"))
    c = app.catalog.add_caravan("1号车")
    app.db.clock.offset_ms = 2 * 86400 * 1000  # the last sync measured this clock two days slow
    want = app.clock.today()
    assert want == dt.date.today() + dt.timedelta(days=2)
    iso = want.isoformat()
    reports = ReportsPage(app, TaskRunner())
    close = DayCloseDialog(app, c)
    visit = VisitDialog(app)
    visits = VisitsPage(app, TaskRunner())
    for w in (reports, close, visit, visits):
        qtbot.addWidget(w)
    assert reports.day_date.date().toString("yyyy-MM-dd") == iso
    assert reports.to_date.date().toString("yyyy-MM-dd") == iso
    assert close.date.date().toString("yyyy-MM-dd") == iso
    assert visit.date.date().toString("yyyy-MM-dd") == iso
    assert visits.date_to.date().toString("yyyy-MM-dd") == iso
    app.close()
