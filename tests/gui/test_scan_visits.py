"""A badge scanned at a visit not yet arrived at asks before it records the arrival (whose time
prints on the principal's report); the safe answer, also Enter's and Esc's, records nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from caravan_app.services.app import App
from caravan_app.storage import models as m

from .scankeys import Keyboard
from .test_scanner import rows

pytestmark = pytest.mark.gui


@pytest.fixture
def planned(window: Any, app: App, field: dict[str, str]) -> Any:
    window.resize(1024, 600)
    app.signin.rescan_seconds = 0
    page = window.show_page("today")
    page.refresh()
    assert page.visit_id() == field["visit"] and app.visits.get(field["visit"]).status == "planned"
    return window


def when_asked(answer: Callable[[QMessageBox], None], seen: list[str], timeout_ms: int = 5000) -> None:
    """Answer the next question box (``arrive_on_scan``) with ``answer`` once it shows."""
    waited = [0]

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, QMessageBox) and w.objectName() == "arrive_on_scan" and w.isVisible():
            seen.append(w.text())
            answer(w)
            return
        waited[0] += 20
        if waited[0] < timeout_ms:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def click(name: str) -> Callable[[QMessageBox], None]:
    return lambda box: box.findChild(QPushButton, name).click()


def test_a_scan_on_a_planned_visit_asks_and_the_default_records_nothing(
    planned: Any, app: App, field: dict[str, str]
) -> None:
    kb = Keyboard(planned.scanner.scanner)
    payload = app.signin.badge_payload(field["person"])
    seen: list[str] = []
    when_asked(lambda box: QTest.keyClick(box, Qt.Key.Key_Return), seen)  # Enter: the default button
    kb.scan(payload)
    assert seen and "王志愿" in seen[0] and "到达" in seen[0] and "鱼台县第一中学" in seen[0]
    visit = app.visits.get(field["visit"])
    assert visit.status == "planned" and not visit.arrived_at
    assert rows(app, m.DutyEvent) == []
    assert "未记录" in planned.scanner.banner.text()
    when_asked(lambda box: QTest.keyClick(box, Qt.Key.Key_Escape), seen)  # Esc: the same
    kb.scan(payload, gap_ms=60, widget=planned.show_page("today"))  # the closed box left no focus (offscreen)
    assert len(seen) == 2 and app.visits.get(field["visit"]).status == "planned"
    assert rows(app, m.DutyEvent) == []


def test_arriving_from_the_question_records_the_scan_and_the_page_shows_it(
    planned: Any, app: App, field: dict[str, str]
) -> None:
    kb = Keyboard(planned.scanner.scanner)
    kid = app.catalog.add_person(name="小红", role="participant")
    seen: list[str] = []

    def second_badge_then_yes(box: QMessageBox) -> None:
        kb.scan(app.signin.badge_payload(kid), widget=box)  # another badge while the question is open
        assert box.isVisible()  # … taken by the scanner, not an answer
        box.findChild(QPushButton, "arrive_on_scan_yes").click()

    when_asked(second_badge_then_yes, seen)
    kb.scan(app.signin.badge_payload(field["person"]))
    assert len(seen) == 1  # one question for both
    visit = app.visits.get(field["visit"])
    assert visit.status == "in_progress" and visit.arrived_at
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    assert [s.name for s in rows(app, m.Signin)] == ["小红"]
    today = planned.show_page("today")
    assert not today.arrive_button.isEnabled() and today.complete_button.isEnabled()
    kb.scan(app.signin.badge_payload(field["person"]), widget=today)  # an open visit: no more questions
    assert len(seen) == 1 and app.visits.on_duty(field["visit"]) == []


def test_the_service_only_asks_for_a_planned_visit_of_today(app: App, field: dict[str, str]) -> None:
    import datetime as dt

    from caravan_app.domain.errors import RuleError
    from caravan_app.services.signin_session import ArrivalNeeded

    payload = app.signin.badge_payload(field["person"])
    with pytest.raises(ArrivalNeeded):
        app.signin.scan(field["visit"], payload, arrive=False)
    assert app.visits.get(field["visit"]).status == "planned"
    later = app.visits.add(field["site"], field["caravan"], dt.date.today() + dt.timedelta(days=3))
    with pytest.raises(RuleError) as exc:
        app.signin.scan(later, payload, arrive=False)
    assert not isinstance(exc.value, ArrivalNeeded)  # another day: "请先到达", no question
    assert app.signin.scan(field["visit"], payload).action == "on"  # the CLI's default: arrival implied
    assert app.visits.get(field["visit"]).status == "in_progress"
