"""接单 on the 活动 page: a visit the office planned for a request shows what the school asked
for, and the crew accepts it or declines it with a reason (a synced edit of the visit)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from caravan_app.services.app import App
from caravan_app.storage.records import unit_of_work

pytestmark = pytest.mark.gui


def _as_if_planned_by_the_office(app: App, visit_id: str) -> None:
    """What a pull brings: the request's summary and the visit naming it."""
    with unit_of_work(app.db) as u:
        rid = u.insert(
            "request",
            {
                "number": "2026-0007-K7QM",
                "contact": "王老师",
                "groups": "四年级",
                "size": 120,
                "topics": "机器人",
                "earliest": "2026-01-01",
                "latest": "2026-12-31",
            },
        )
        u.update("visit", visit_id, {"request_id": rid})


def test_the_crew_sees_the_request_and_accepts_or_declines_it(app: App, field: dict[str, str], qtbot, dialogs) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QInputDialog

    from caravan_app.ui.pages.visits_page import VisitsPage
    from caravan_app.ui.tasks import TaskRunner

    v = field["visit"]
    _as_if_planned_by_the_office(app, v)
    page = VisitsPage(app, TaskRunner())
    qtbot.addWidget(page)
    page.show()
    page.reload(select=v)
    text = page.request_info.text()
    assert "2026-0007-K7QM" in text and "王老师" in text and "120" in text and "机器人" in text
    assert page.accept_button.isVisible() and page.accept_button.isEnabled()
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert app.visits.get(v).answer == "accepted"  # type: ignore[union-attr]

    def why(dlg) -> None:  # noqa: ANN001
        assert isinstance(dlg, QInputDialog)
        dlg.setTextValue("车辆年检")
        dlg.accept()

    dialogs.next(why)
    qtbot.mouseClick(page.decline_button, Qt.MouseButton.LeftButton)
    got = app.visits.get(v)
    assert (got.answer, got.answer_reason) == ("declined", "车辆年检")  # type: ignore[union-attr]
    assert "车辆年检" in page.request_info.text()


def test_a_visit_typed_in_on_the_laptop_has_no_answer_buttons(app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    from caravan_app.ui.pages.visits_page import VisitsPage
    from caravan_app.ui.tasks import TaskRunner

    page = VisitsPage(app, TaskRunner())
    qtbot.addWidget(page)
    page.show()
    page.reload(select=field["visit"])
    assert not page.accept_button.isVisible() and page.request_info.text() == ""
