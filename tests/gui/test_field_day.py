"""One test per field-day flow, driven through the real widgets; each checks the database."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QSpinBox
from sqlalchemy import select

from caravan_app.services.app import App
from caravan_app.storage import models as m
from caravan_app.ui.pages.distribution_page import DistributionPage
from caravan_app.ui.pages.stock_page import DayCloseDialog, StockPage
from caravan_app.ui.pages.today_page import TodayPage

pytestmark = pytest.mark.gui


def _rows(app: App, model: Any, **where: Any) -> list[Any]:
    with app.db.read() as s:
        q = select(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return list(s.scalars(q.order_by(model.id)))


def _arrived(window: Any, qtbot: Any) -> TodayPage:
    page = window.show_page("today")
    qtbot.mouseClick(page.arrive_button, Qt.MouseButton.LeftButton)
    return page


def test_arrive_starts_the_visit(window, app, field, qtbot) -> None:
    page = window.show_page("today")
    assert page.visit_id() == field["visit"]
    assert not page.plus["primary"].isEnabled()  # nothing to count before arriving
    qtbot.mouseClick(page.arrive_button, Qt.MouseButton.LeftButton)
    visit = app.visits.get(field["visit"])
    assert visit.status == "in_progress" and visit.arrived_at
    assert not page.arrive_button.isEnabled()
    assert page.plus["primary"].isEnabled() and page.complete_button.isEnabled()


def _keys_delivered(window: Any, qtbot: Any) -> None:
    """Keys are held back while a scanner burst may be in progress (ui/scanner.py): wait them out."""
    qtbot.waitUntil(lambda: window.scanner.scanner.pending() == "", timeout=2000)


def test_tally_by_buttons_and_keys_keeps_live_total(window, app, field, qtbot, dialogs) -> None:
    page = _arrived(window, qtbot)
    page.setFocus()
    for _ in range(3):
        qtbot.keyClick(page, Qt.Key.Key_1)  # 1 = primary pupils
    qtbot.mouseClick(page.plus["teacher"], Qt.MouseButton.LeftButton)
    page.step.setValue(10)
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_5)  # 5 = parents, +10; the step goes back to 1
    _keys_delivered(window, qtbot)
    assert page.step.value() == 1
    dialogs.accept_box()
    qtbot.keyClick(
        page, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )  # −1 junior (none counted yet) → refused
    qtbot.waitUntil(lambda: dialogs.seen == ["error_box"], timeout=3000)
    assert "负数" in dialogs.texts[0]
    assert page.total.text() == "14"
    assert page.counts["primary"].text() == "3"
    assert app.attendance.totals(field["visit"]) == {
        "primary": 3,
        "junior": 0,
        "senior": 0,
        "teacher": 1,
        "parent": 10,
        "other": 0,
    }
    tallies = _rows(app, m.Tally, visit_id=field["visit"])
    assert [t.delta for t in tallies] == [1, 1, 1, 1, 10]  # append-only rows; the refused −1 wrote nothing


def test_tally_correction_is_a_compensating_row(window, app, field, qtbot, dialogs) -> None:
    page = _arrived(window, qtbot)
    qtbot.mouseClick(page.plus["junior"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.plus["junior"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.minus["junior"], Qt.MouseButton.LeftButton)
    assert page.counts["junior"].text() == "1"
    tallies = _rows(app, m.Tally, visit_id=field["visit"])
    assert [t.delta for t in tallies] == [1, 1]  # entries are never changed …
    (back,) = _rows(app, m.TallyTakeback, visit_id=field["visit"])  # … a take-back names the newest one
    assert back.qty == 1 and back.tally_id == max(t.id for t in tallies)


def test_quick_signin_by_name_counts_a_person_once(window, app, field, qtbot) -> None:
    page = _arrived(window, qtbot)
    page.name.insert("李小明")  # Chinese arrives through the input method, not key events
    page.org.insert("三年级二班")
    qtbot.keyClick(page.name, Qt.Key.Key_Return)
    assert "李小明" in page.sign_result.text() and page.name.text() == ""
    page.name.insert("李小明")
    qtbot.keyClick(page.name, Qt.Key.Key_Return)
    assert "已签到" in page.sign_result.text()  # Chinese UI: the repeat is answered, not counted
    assert app.attendance.signin_count(field["visit"]) == 1
    rows = _rows(app, m.Signin, visit_id=field["visit"])
    assert [(r.name, r.organisation, r.method) for r in rows] == [("李小明", "三年级二班", "manual")]
    assert page.signin_count.text().endswith("1 人")


def test_quick_signin_empty_name_says_why(window, app, field, qtbot) -> None:
    page = _arrived(window, qtbot)
    qtbot.keyClick(page.name, Qt.Key.Key_Return)
    assert page.sign_result.text()  # the rule's message, in Chinese
    assert app.attendance.signin_count(field["visit"]) == 0


def _distribution(window: Any, qtbot: Any) -> DistributionPage:
    _arrived(window, qtbot)
    page = window.show_page("distribution")
    assert isinstance(page, DistributionPage)
    return page


def test_distribute_within_stock_records_recipient(window, app, field, qtbot) -> None:
    page = _distribution(window, qtbot)
    assert page.stock.text().startswith("100")
    page.qty.setValue(30)
    page.recipient.setCurrentText("三年级二班")
    qtbot.mouseClick(page.give_button, Qt.MouseButton.LeftButton)
    assert app.stock.balance(field["caravan"], field["title"]) == 70
    assert page.stock.text().startswith("70")
    mv = _rows(app, m.Movement, kind="distribute")
    assert [(x.qty, x.recipient, x.visit_id, x.override) for x in mv] == [(-30, "三年级二班", field["visit"], None)]
    assert page.model.rowCount() == 1


def test_distribute_beyond_stock_warns_and_records_the_override(window, app, field, qtbot, dialogs) -> None:
    page = _distribution(window, qtbot)
    page.qty.setValue(120)
    assert page.warning.text()  # live warning before submitting
    dialogs.reject_box()  # first: the crew thinks again
    qtbot.mouseClick(page.give_button, Qt.MouseButton.LeftButton)
    assert _rows(app, m.Movement, kind="distribute") == []
    dialogs.accept_box()  # then: confirmed
    qtbot.mouseClick(page.give_button, Qt.MouseButton.LeftButton)
    assert dialogs.seen == ["override_box", "override_box"]
    assert "库存不足" in dialogs.texts[0] and "100" in dialogs.texts[0]
    mv = _rows(app, m.Movement, kind="distribute")
    assert [(x.qty, x.override) for x in mv] == [(-120, True)]
    assert app.stock.balance(field["caravan"], field["title"]) == -20
    assert page.stock.text().startswith("-20")


def test_undo_last_entry_adds_a_compensating_row(window, app, field, qtbot, dialogs) -> None:
    page = _distribution(window, qtbot)
    page.qty.setValue(5)
    qtbot.mouseClick(page.give_button, Qt.MouseButton.LeftButton)
    page.qty.setValue(7)
    qtbot.mouseClick(page.give_button, Qt.MouseButton.LeftButton)
    assert app.stock.balance(field["caravan"], field["title"]) == 88
    dialogs.accept_box()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert dialogs.seen == ["undo_box"] and "7" in dialogs.texts[0]
    assert app.stock.balance(field["caravan"], field["title"]) == 95
    undo = _rows(app, m.Movement, kind="undo")
    seven = [x for x in _rows(app, m.Movement, kind="distribute") if x.qty == -7][0]
    assert [(u.qty, u.ref_id) for u in undo] == [(7, seven.id)]
    assert len(_rows(app, m.Movement, kind="distribute")) == 2  # the original stays in the ledger
    assert page.total.text().endswith("5")
    note = page.undo_note.text()  # the page says what was undone (StockService.undo's UndoResult)
    assert note.startswith("已撤销") and "身边的科学" in note and "7" in note


def test_day_close_records_counts_and_differences(window, app, field, qtbot, dialogs) -> None:
    page = window.show_page("stock")
    assert isinstance(page, StockPage)

    def count_and_record(dlg: Any) -> None:
        assert isinstance(dlg, DayCloseDialog)
        spin = dlg.findChild(QSpinBox, f"count_{field['title']}")
        assert spin.value() == -1 and spin.text() == "未清点"  # empty until counted, not the ledger figure
        spin.setValue(95)
        assert dlg.table.item(0, 3).text() == "-5"
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
        dialogs.accept_box()  # the "recorded, differences: …" message

    if getattr(app, "sync", None) is not None and app.sync.pending_count() > 0:
        dialogs.reject_box()  # "unsynced changes remain": close the day anyway
    dialogs.next(count_and_record)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    closes = app.stock.day_closes(field["caravan"])
    assert len(closes) == 1
    assert [(ln.expected, ln.counted, ln.difference) for ln in closes[0].lines] == [(100, 95, -5)]
    assert "-5" in dialogs.texts[-1]
    assert app.stock.balance(field["caravan"], field["title"]) == 100  # recorded, not silently booked


def test_day_close_counts_by_keyboard(app, field, qtbot) -> None:
    second = app.catalog.add_title("健康素养66条")
    app.stock.load(field["caravan"], second, 40)
    dlg = DayCloseDialog(app, field["caravan"])
    qtbot.addWidget(dlg)
    dlg.show()
    spins = [dlg.spins[t.id] for t, _e in dlg.rows]
    spins[0].setFocus()
    spins[0].selectAll()
    qtbot.keyClicks(spins[0], "38")
    qtbot.keyClick(spins[0], Qt.Key.Key_Return)  # next count, not "record"
    assert dlg.isVisible() and spins[1].isAncestorOf(dlg.focusWidget())
    qtbot.keyClicks(spins[1], "99")
    qtbot.keyClick(spins[1], Qt.Key.Key_Return)
    assert dlg.focusWidget() is dlg.note and app.stock.day_closes(field["caravan"]) == []
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    lines = {ln.title_id: (ln.counted, ln.difference) for ln in app.stock.day_closes(field["caravan"])[0].lines}
    assert lines == {second: (38, -2), field["title"]: (99, -1)}


def test_day_close_warns_about_unsynced_changes(window, app, field, qtbot, dialogs) -> None:
    sync = getattr(app, "sync", None)
    if sync is None:
        pytest.skip("no sync service in this build")
    pending = sync.pending_count()
    assert pending > 0  # the field data was made here and never synced
    page = window.show_page("stock")
    dialogs.accept_box()  # "Go to Sync"
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert dialogs.seen == ["sync_first_box"] and str(pending) in dialogs.texts[0]
    assert window.current_key() == "sync"
    assert app.stock.day_closes(field["caravan"]) == []


def test_stock_adjust_needs_a_reason_and_load_adds(window, app, field, qtbot, dialogs) -> None:
    page = window.show_page("stock")
    page.op.setCurrentIndex(page.op.findData("load"))
    page.qty.setValue(50)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert app.stock.balance(field["caravan"], field["title"]) == 150
    page.op.setCurrentIndex(page.op.findData("adjust"))
    page.qty.setValue(-3)
    dialogs.accept_box()  # the error box: a reason is required
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert dialogs.seen == ["error_box"]
    assert app.stock.balance(field["caravan"], field["title"]) == 150
    page.reason.insert("破损")
    qtbot.keyClick(page.reason, Qt.Key.Key_Return)
    assert app.stock.balance(field["caravan"], field["title"]) == 147
    assert [x.reason for x in _rows(app, m.Movement, kind="adjust")] == ["破损"]


def test_complete_visit_shows_summary(window, app, field, qtbot, dialogs) -> None:
    page = _arrived(window, qtbot)
    qtbot.mouseClick(page.plus["primary"], Qt.MouseButton.LeftButton)
    app.catalog.add_title("x")  # unrelated change in between
    dialogs.accept_box()  # "Complete"
    dialogs.accept_box()  # the summary
    qtbot.mouseClick(page.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialogs.texts) == 2, timeout=3000)
    assert app.visits.get(field["visit"]).status == "completed"
    assert "1" in dialogs.texts[1] and "统计人数" in dialogs.texts[1]
    assert not page.complete_button.isEnabled()


def test_tally_keys_count_only_on_the_today_page(window, app, field, qtbot) -> None:
    page = _arrived(window, qtbot)
    stock = window.show_page("stock")
    stock.balances.setFocus()
    qtbot.keyClick(stock.balances, Qt.Key.Key_1)
    _keys_delivered(window, qtbot)
    assert app.attendance.totals(field["visit"])["primary"] == 0
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Ctrl+1: back to 今日, keys work there
    assert window.current_key() == "today"
    qtbot.keyClick(window.focusWidget() or page, Qt.Key.Key_1)
    _keys_delivered(window, qtbot)
    assert app.attendance.totals(field["visit"])["primary"] == 1


def test_tally_keys_work_with_focus_in_the_navigation(window, app, field, qtbot) -> None:
    _arrived(window, qtbot)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_2)
    _keys_delivered(window, qtbot)
    assert app.attendance.totals(field["visit"])["junior"] == 1
    assert window.current_key() == "today"


def test_crew_duty_toggles_and_hours_reach_the_summary(window, app, field, qtbot, dialogs) -> None:
    page = _arrived(window, qtbot)
    page.person.setCurrentIndex(page.person.findData(field["person"]))
    qtbot.mouseClick(page.duty_button, Qt.MouseButton.LeftButton)
    assert app.visits.on_duty(field["visit"]) == [field["person"]]
    assert "王志愿" in page.on_duty.text()
    dialogs.accept_box()
    dialogs.accept_box()
    qtbot.mouseClick(page.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialogs.texts) == 2, timeout=3000)
    events = _rows(app, m.DutyEvent, visit_id=field["visit"])
    assert [e.kind for e in events] == ["on", "off"]  # completing the visit took the crew off duty
    assert "王志愿" in dialogs.texts[1]


def test_today_leads_to_the_visits_sign_in_and_books(window, app, field, qtbot) -> None:
    page = _arrived(window, qtbot)
    qtbot.mouseClick(page.qr_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "signin"
    signin = window.pages["signin"]
    if hasattr(signin, "visit_id"):
        assert signin.visit_id() == field["visit"]
    window.show_page("today")
    qtbot.mouseClick(page.books_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "distribution"
    assert window.pages["distribution"].picker.visit_id() == field["visit"]


def test_transfer_to_another_van_moves_stock_both_ways(window, app, field, qtbot) -> None:
    van2 = app.catalog.add_caravan("2号车")
    page = window.show_page("stock")
    page.refresh()
    page.op.setCurrentIndex(page.op.findData("transfer"))
    assert page.target.isVisible() and not page.reason.isVisible()
    page.target.setCurrentIndex(page.target.findData(van2))
    page.qty.setValue(30)
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert app.stock.balance(field["caravan"], field["title"]) == 70
    assert app.stock.balance(van2, field["title"]) == 30
    assert page.bal_model.row_dict(0)["qty"] == 70
