"""Completing a reopened visit on 今日 asks about the departure time and keeps it by default."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from caravan_app.services.app import App

pytestmark = pytest.mark.gui


@pytest.fixture
def today(window: Any) -> Any:
    return window.show_page("today")


def _button(box: Any, name: str) -> Any:
    return next(b for b in box.buttons() if b.objectName() == name)


def test_recompleting_asks_and_keeps_the_departure_time(
    today: Any, app: App, field: dict[str, str], qtbot: Any, dialogs: Any
) -> None:
    v = field["visit"]
    start = dt.datetime.now().replace(microsecond=0) - dt.timedelta(hours=3)
    app.visits.arrive(v, start)
    app.visits.duty(v, field["person"], "on", start)
    app.visits.complete(v, start + dt.timedelta(hours=2))
    left = app.visits.get(v).left_at  # type: ignore[union-attr]
    app.visits.reopen(v, "补录一个班")
    today.set_visit(v)
    today.refresh_visit()

    asked: list[str] = []

    def keep(box: QWidget) -> None:
        asked.append(box.text())  # type: ignore[attr-defined]
        _button(box, "complete_keep_left").click()

    dialogs.next(keep)
    dialogs.accept_box()  # "Visit completed": close
    qtbot.mouseClick(today.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.visits.get(v).status == "completed", timeout=5000)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: dialogs.seen == ["complete_box", "completed_box"], timeout=5000)
    assert left[11:16] in asked[0] and "离开" in asked[0]
    assert app.visits.get(v).left_at == left  # type: ignore[union-attr]

    # asked again, the crew says the van leaves now
    app.visits.reopen(v, "再补录")
    today.refresh_visit()
    dialogs.next(lambda box: _button(box, "complete_left_now").click())
    dialogs.accept_box()
    qtbot.mouseClick(today.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.visits.get(v).status == "completed", timeout=5000)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: len(dialogs.seen) == 4, timeout=5000)
    assert app.visits.get(v).left_at > left  # type: ignore[union-attr, operator]
