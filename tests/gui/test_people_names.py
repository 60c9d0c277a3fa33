"""资料's person form refuses a name of only digits ("11111") as the sign-in box does: the same
rule (domain/rules.person_name, through CatalogService), a message naming the field, the form
left open to be corrected and nothing added."""

from __future__ import annotations

import pytest

from caravan_app.services.app import App
from caravan_app.ui.main_window import MainWindow

from .test_catalogue_page import _answer_message_box, _fill, _save

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("role", ["crew", "volunteer"])
def test_a_digits_only_person_name_is_refused_in_the_form(window: MainWindow, app: App, qtbot, role: str) -> None:  # noqa: ANN001
    window.resize(1024, 600)
    page = window.show_page("catalogue")
    before = [p.name for p in app.catalog.people()]
    dlg = page.add("person")
    seen: list[str] = []
    _answer_message_box(seen)
    _fill(dlg, name="11111", role=role)
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[0].startswith("error_box:") and "姓名不能只有数字" in seen[0]
    assert dlg.isVisible() and getattr(dlg.error, "field", None) == "name"
    assert [p.name for p in app.catalog.people()] == before
    _fill(dlg, name="李11")
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=3000)
    assert "李11" in [p.name for p in app.catalog.people()]
    # Editing an existing person to digits is refused too.
    pid = next(p.id for p in app.catalog.people() if p.name == "李11")
    page.people.select(pid)
    dlg = page.edit("person")
    seen.clear()
    _answer_message_box(seen)
    _fill(dlg, name="２２２２")  # full-width digits fold to ASCII first: still only digits
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert "不能只有数字" in seen[0] and app.catalog.person(pid).name == "李11"
    dlg.reject()


def test_a_zero_width_space_in_the_person_form_is_dropped(window: MainWindow, app: App, qtbot) -> None:  # noqa: ANN001
    """The same cleaning as the CLI and the phone page (domain/rules.clean_text)."""
    window.resize(1024, 600)
    page = window.show_page("catalogue")
    dlg = page.add("person")
    _fill(dlg, name="赵\u200b六", role="crew")
    _save(dlg, qtbot)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=3000)
    assert "赵六" in [p.name for p in app.catalog.people()]
