"""Issue #10 (finding 7, 12) in the GUI: void a wrong sign-in from the sign-in list with a
reason, and confirm a "possible duplicate" is another person. Real widgets, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from caravan_app.services.app import App
from caravan_app.ui.widgets.signin_list import SigninListView, VoidSigninDialog

pytestmark = pytest.mark.gui


def _row_of(view: SigninListView, name: str) -> int:
    for r in range(view.model.rowCount()):
        if view.model.index(r, 1).data() == name:
            return r
    raise AssertionError(f"{name} not in the list")


def test_void_a_signin_from_the_list(app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    v = field["visit"]
    app.visits.arrive(v)
    app.attendance.signin(v, "张三", "student", "三年级二班")
    bad = app.attendance.signin(v, "张三三").id  # a typo ("11111" is refused at the door now)
    view = SigninListView(app, visit_id=v)
    qtbot.addWidget(view)
    view.show()
    assert view.model.rowCount() == 2 and "2" in view.count_label.text()
    assert not view.void_button.isEnabled()  # nothing selected yet
    view.table.selectRow(_row_of(view, "张三三"))
    assert view.selected_id() == bad and view.void_button.isEnabled()
    qtbot.mouseClick(view.void_button, Qt.MouseButton.LeftButton)
    dlg = view.findChild(VoidSigninDialog, "void_signin_dialog")
    assert dlg is not None and dlg.isVisible()
    assert not dlg.ok.isEnabled()  # a reason is required
    dlg.reason.setText("误输入")  # (QTest cannot type CJK)
    with qtbot.waitSignal(view.changed, timeout=3000):
        qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 1 and view.model.index(0, 1).data() == "张三"
    assert "1" in view.count_label.text()
    assert app.attendance.signin_count(v) == 1
    assert app.attendance.voided(v) == {bad}


def test_cancel_leaves_the_signin(app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    v = field["visit"]
    app.attendance.signin(v, "张三")
    view = SigninListView(app, visit_id=v)
    qtbot.addWidget(view)
    view.show()
    view.table.selectRow(0)
    dlg = view.void_selected()
    assert dlg is not None
    qtbot.keyClicks(dlg.reason, "x")
    dlg.reject()
    assert view.model.rowCount() == 1 and app.attendance.signin_count(v) == 1


def test_possible_duplicate_is_marked_and_confirmed(app: App, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    v = field["visit"]
    token = app.signin.open(v)
    app.signin.submit(token, {"name": "赵丽"}, client="10.0.0.2")
    second, _ = app.signin.submit(token, {"name": "赵丽"}, client="10.0.0.3")  # another phone
    view = SigninListView(app, visit_id=v)
    qtbot.addWidget(view)
    view.show()
    check_col = view.model.columnCount() - 1
    marks = [view.model.index(r, check_col).data() for r in range(view.model.rowCount())]
    assert sorted(m or "" for m in marks) == ["", "可能重复"] or sorted(m or "" for m in marks) == [
        "",
        "Possible duplicate",
    ]
    row = next(r for r in range(view.model.rowCount()) if view.model.id_at(r) == second.id)
    view.table.selectRow(row)
    assert view.distinct_button.isEnabled()
    with qtbot.waitSignal(view.changed, timeout=3000):
        qtbot.mouseClick(view.distinct_button, Qt.MouseButton.LeftButton)
    assert not any(view.model.index(r, check_col).data() for r in range(view.model.rowCount()))
    assert app.attendance.signin_count(v) == 2  # both counted all along


def test_reopen_a_completed_visit_from_the_visits_page_asks_why(
    app: App, field: dict[str, str], qtbot, dialogs
) -> None:  # noqa: ANN001
    from caravan_app.ui.pages.visits_page import VisitsPage
    from caravan_app.ui.tasks import TaskRunner
    from caravan_app.ui.widgets.reopen_dialog import ReopenVisitDialog

    v = field["visit"]
    app.visits.arrive(v)
    app.visits.complete(v)
    code = app.reports.figures(v).payload()
    page = VisitsPage(app, TaskRunner())
    qtbot.addWidget(page)
    page.show()
    page.reload(select=v)
    assert page.selected_id() == v and page.reopen_button.isEnabled()

    def cancel(dlg) -> None:  # noqa: ANN001
        assert isinstance(dlg, ReopenVisitDialog) and not dlg.ok.isEnabled()  # a reason is required
        dlg.reject()

    dialogs.next(cancel)
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert app.visits.get(v).status == "completed"  # type: ignore[union-attr]

    def answer(dlg) -> None:  # noqa: ANN001
        dlg.reason.setText("补录一个班")
        dlg.by.setText("李老师")
        dlg.ok.click()

    dialogs.next(answer)
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert app.visits.get(v).status == "in_progress"  # type: ignore[union-attr]
    assert [(x.reason, x.by) for x in app.visits.reopens(v)] == [("补录一个班", "李老师")]
    assert not app.reports.verify(code).ok
