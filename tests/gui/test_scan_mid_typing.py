"""A scan in the middle of typing leaves what was typed exactly as it was: the text, the cursor,
and an inline completion's selected tail — so the next key replaces the completion instead of
being added after it (a saved "四年级级") — also when the scan opens a question box."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QCompleter, QLineEdit

from caravan_app.services.app import App
from caravan_app.storage import models as m

from .scankeys import Keyboard
from .test_scan_visits import click, when_asked
from .test_scanner import rows

pytestmark = pytest.mark.gui


@pytest.fixture
def small(window: Any, app: App, field: dict[str, str]) -> Any:
    window.resize(1024, 600)
    app.visits.arrive(field["visit"])
    window.show_page("today").refresh()
    return window


@pytest.fixture
def kb(small: Any) -> Keyboard:
    return Keyboard(small.scanner.scanner)


def inline(edit: QLineEdit, *words: str) -> None:
    c = QCompleter(list(words), edit)
    c.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
    edit.setCompleter(c)


@pytest.mark.parametrize("gap", [8, 45, 100])
def test_a_scan_keeps_an_inline_completion_as_typed(small: Any, app: App, field, kb: Keyboard, gap: int) -> None:
    dist = small.show_page("distribution")
    dist.recipient.addItem("四年级")  # the combo box's own inline completion offers it
    dist.recipient.setFocus()
    dist.recipient.setEditText("")
    edit = dist.recipient.lineEdit()
    kb.ime("四年")
    assert (edit.text(), edit.selectedText()) == ("四年级", "级")
    kb.scan(app.signin.badge_payload(field["person"]), gap_ms=gap)
    assert app.visits.on_duty(field["visit"]) == [field["person"]]  # the scan was taken …
    assert (edit.text(), edit.selectedText()) == ("四年级", "级")  # … and the typing is as it was
    assert QApplication.focusWidget() is dist.recipient
    kb.ime("级")  # the person goes on typing
    assert dist.recipient.currentText() == "四年级"


def test_a_scan_in_the_quick_sign_in_box_then_enter_saves_what_was_typed(
    small: Any, app: App, field, kb: Keyboard
) -> None:
    today = small.show_page("today")
    inline(today.org, "四年级二班")
    today.name.setFocus()
    kb.ime("李明")
    today.org.setFocus()
    kb.ime("四年")
    kb.scan(app.signin.badge_payload(field["person"]), gap_ms=30)
    kb.ime("级二班")
    kb.key("\r", 150)
    kb.settle()
    assert [(s.name, s.organisation) for s in rows(app, m.Signin)] == [("李明", "四年级二班")]


def test_a_scan_that_asks_a_question_gives_the_typing_back_as_it_was(
    window: Any, app: App, field: dict[str, str]
) -> None:
    """On a planned visit the scan asks first; afterwards the field has its focus, text and
    selection back (the 签到 page's search box here: enabled before arriving)."""
    window.resize(1024, 600)
    page = window.show_page("signin")
    keys = Keyboard(window.scanner.scanner)
    if page.visit_id() != field["visit"]:
        pytest.skip("the 签到 page does not show the planned visit")
    search = page.list.search
    inline(search, "王志愿")
    search.setFocus()
    keys.ime("王")
    state = (search.text(), search.selectedText())
    assert state == ("王志愿", "志愿")
    seen: list[str] = []
    when_asked(click("arrive_on_scan_no"), seen)
    keys.scan(app.signin.badge_payload(field["person"]), widget=search)
    assert seen and app.visits.get(field["visit"]).status == "planned"
    assert (search.text(), search.selectedText()) == state
