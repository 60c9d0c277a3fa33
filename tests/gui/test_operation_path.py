"""The one operation path says what changed from what the service wrote (a page's guess is not
needed), shows every failure one way, and what it announced the window's watcher does not
announce again (no page reloads everything 200 ms after a count or a scan)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from caravan_app.domain.errors import DomainError, ValidationError
from caravan_app.domain.schema import ENTITIES
from caravan_app.services.app import App
from caravan_app.storage import models as m
from caravan_app.storage.records import record_fields
from caravan_app.ui.conflicts_dialog import ConflictsDialog
from caravan_app.ui.error_dialog import ErrorReportDialog
from caravan_app.ui.operations import ALL_KINDS, ENTITY_KINDS, DbWatcher, Operations, show_failure
from caravan_app.ui.tasks import TaskRunner
from caravan_app.ui.widgets.odometer_box import OdometerBox
from tests.conftest import fresh_data_dir
from tests.helpers.announcements import hear
from tests.helpers.ship import ship

pytestmark = pytest.mark.gui


@pytest.fixture
def ops(qtbot: Any) -> Operations:
    o = Operations(TaskRunner())
    o.show_errors = False
    return o


@pytest.fixture
def announced(ops: Operations) -> list[set[str]]:
    seen: list[set[str]] = []
    ops.changed.connect(lambda cs: seen.append(set(cs.kinds)))
    return seen


@pytest.fixture
def outside(app: App) -> Iterator[tuple[DbWatcher, list[int]]]:
    """The window's watcher over the same database: what it would announce as another program's."""
    w = DbWatcher(app.db.path, db=app.db, debounce_ms=20)
    seen: list[int] = []
    w.changed_outside.connect(lambda: seen.append(1))
    yield w, seen
    w.close()


def test_every_synced_entity_names_the_kinds_of_data_it_is() -> None:
    """A new entity must say which pages show it, or its writes would reload every page."""
    assert set(ENTITY_KINDS) == set(ENTITIES)
    assert all(kinds and kinds <= ALL_KINDS for kinds in ENTITY_KINDS.values())


def test_the_kinds_announced_are_what_the_service_wrote(
    app: App, field: dict[str, str], ops: Operations, announced: list[set[str]], outside: Any, qtbot: Any
) -> None:
    watcher, seen = outside
    assert ops.run_now(None, app.visits.arrive, field["visit"])[0]  # no changes= named by the caller
    assert ops.run_now(None, app.attendance.tally, field["visit"], "teacher", 3)[0]
    with qtbot.waitSignal(ops.changed, timeout=10_000):
        ops.run(None, app.stock.distribute, field["caravan"], field["title"], 2, field["visit"])
    assert announced[0] >= {"visits"} and "tallies" not in announced[0]
    assert announced[1:] == [{"tallies"}, {"stock"}]
    watcher.check()
    assert seen == []  # said once, by the path


def test_a_read_announces_nothing_and_a_local_write_every_kind(
    app: App, field: dict[str, str], ops: Operations, announced: list[set[str]]
) -> None:
    """A read changes nothing; a commit no synced record names (a meta row) could be anything."""
    assert ops.run_now(None, app.visits.get, field["visit"])[0]
    assert announced == []
    assert ops.run_now(None, app.db.set_meta, "ui_test", "1")[0]
    assert announced == [set(ALL_KINDS)]
    assert ops.run_now(None, app.db.set_meta, "ui_test", "2", changes={"signins"})[0]
    assert announced[-1] == {"signins"}  # the caller knows what that local row is


def test_what_was_saved_before_a_failure_is_announced(
    app: App, field: dict[str, str], ops: Operations, announced: list[set[str]], outside: Any
) -> None:
    """Two steps, the second refused: the first count is saved, and the pages must show it."""
    watcher, seen = outside
    app.visits.arrive(field["visit"])
    watcher.check()
    seen.clear()

    def count_then_refuse() -> None:
        app.attendance.tally(field["visit"], "teacher", 2)
        raise ValidationError("count", "人数不对", "wrong count")

    failed: list[BaseException] = []
    ops.failed.connect(failed.append)
    ok, _ = ops.run_now(None, count_then_refuse)
    assert not ok and isinstance(failed[0], DomainError)
    assert announced == [{"tallies"}]
    watcher.check()
    assert seen == []
    assert app.attendance.totals(field["visit"])["teacher"] == 2


def test_a_badge_scan_is_announced_by_the_path_not_by_the_watcher(window: Any, app: App, field: dict[str, str]) -> None:
    app.visits.arrive(field["visit"])
    heard = hear(window)
    out = window.scanner.router.on_scan(app.signin.badge_payload(field["person"]), field["visit"])
    assert out.level == "ok" and "王志愿" in out.text
    assert heard.kinds == [{"duty"}]  # the volunteer went on duty
    assert heard.outside_now() == 0


def test_mileage_recorded_in_the_window_is_announced_by_the_path(
    window: Any, app: App, field: dict[str, str], qtbot: Any
) -> None:
    heard = hear(window)
    box = OdometerBox(app, field["caravan"], lambda: dt.date.today().isoformat(), window)
    box.out_km.setValue(10_000)
    box.back_km.setValue(10_080)
    assert box.record()
    assert heard.kinds == [{"visits"}]
    assert heard.outside_now() == 0
    assert app.mileage.day(field["caravan"], dt.date.today()).km == 80


def test_a_lost_value_put_back_in_the_review_dialog_is_announced_by_the_path(
    window: Any, app: App, field: dict[str, str], tmp_path: Path, qtbot: Any
) -> None:
    """The 同步 page's review dialog writes on the path: 学校/站点 hears of the school it changed."""
    other = App.open(fresh_data_dir(tmp_path / "other"))
    try:
        site = field["site"]
        ship(app, other, "site", site)
        app.sites.update(site, contact="王老师")
        other.sites.update(site, contact="李校长")  # newer: wins, 王老师 is kept for review
        ship(other, app, "site", site)
    finally:
        other.close()
    heard = hear(window)
    dlg = ConflictsDialog(app, window)
    qtbot.addWidget(dlg)
    dlg.table.selectRow(0)
    dlg.restore_button.click()
    assert app.sites.get(site).contact == "王老师"
    assert heard.kinds == [{"sites"}]
    assert heard.outside_now() == 0


def test_records_pulled_on_the_path_are_announced_by_their_kind(
    app: App, ops: Operations, announced: list[set[str]], tmp_path: Path
) -> None:
    """A sync is an operation too: a pull that brought a school reloads the pages of schools,
    not every page (it did, reloading everything after every sync that pulled anything)."""
    other = App.open(fresh_data_dir(tmp_path / "other"))
    try:
        site = other.sites.add(name="泉林中心小学", county="泗水县")
        assert ops.run_now(None, ship, other, app, "site", site, changes={"sync"})[0]
    finally:
        other.close()
    assert announced == [{"sites", "sync"}]
    assert app.sites.get(site).name == "泉林中心小学"


def test_a_pulled_page_of_counts_is_announced_as_counts(
    app: App, field: dict[str, str], ops: Operations, announced: list[set[str]], tmp_path: Path
) -> None:
    """Append-only records a pull inserts name their kind (they took a path with no outbox row and
    were announced as every kind); the same page again inserts nothing and names no kind."""
    from caravan_app.storage.sync_store import apply_page

    app.visits.arrive(field["visit"])
    app.attendance.tally(field["visit"], "teacher", 3)
    with app.db.read() as s:
        page = [
            {"entity": "tally", "id": r.id, "device_id": r.device_id, "hlc": r.hlc, "data": record_fields("tally", r)}
            for r in s.query(m.Tally).all()
        ]
    other = App.open(fresh_data_dir(tmp_path / "other"))
    try:
        o = Operations(TaskRunner())
        heard: list[set[str]] = []
        o.changed.connect(lambda cs: heard.append(set(cs.kinds)))
        assert o.run_now(None, apply_page, other.db, page, None, changes={"sync"})[0]
        assert heard == [{"tallies", "sync"}]
        assert o.run_now(None, apply_page, other.db, page, None, changes={"sync"})[0]
        assert heard[1:] == [{"sync"}]
        assert other.attendance.totals(field["visit"])["teacher"] == 3
    finally:
        other.close()


@pytest.mark.parametrize(
    ("exc", "shown"),
    [
        (ValidationError("name", "姓名不能为空", "name is required"), "姓名不能为空"),
        (OSError(28, "No space left on device"), "空间"),  # the disk's refusal, in words
        (FileNotFoundError(2, "No such file or directory", "/gone/报告.pdf"), "报告.pdf"),
    ],
)
def test_a_failure_a_person_can_act_on_is_one_warning_box(
    exc: BaseException, shown: str, qtbot: Any, dialogs: Any, qapp: Any
) -> None:
    dialogs.accept_box()
    show_failure(None, exc)
    assert dialogs.seen == ["error_box"]
    assert shown in dialogs.texts[0]


@pytest.mark.expected_logs("caravan.ui")  # a fault is logged for the error report
def test_a_fault_of_the_program_goes_to_the_error_report(qtbot: Any, qapp: Any) -> None:
    reports: list[str] = []

    def close_report() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, ErrorReportDialog):
            reports.append(w.text.toPlainText())
            w.done(0)
        elif isinstance(w, QMessageBox):
            w.done(0)
            reports.append("message box")

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, close_report)
    try:
        raise KeyError("visit_id")
    except KeyError as exc:
        show_failure(None, exc)
    assert len(reports) == 1 and "KeyError" in reports[0]


def test_a_phone_signin_to_the_window_is_announced_once_and_not_by_the_watcher(
    window: Any, app: App, field: dict[str, str], qtbot: Any
) -> None:
    """The window's own sign-in server commits in this process: it used to reach the pages twice,
    as ``signins`` and 200 ms later as another program's change of everything."""
    import httpx

    app.visits.arrive(field["visit"])
    window.shell.phone.bind_host = "127.0.0.1"
    window.shell.phone.start(field["visit"], 0, "127.0.0.1")
    try:
        heard = hear(window)
        url = window.shell.phone.url(field["visit"])
        with httpx.Client() as phone:
            answer = phone.post(url, data={"name": "王芳", "group": "parent", "org": "二年级一班"})
            assert "签到成功" in answer.text
            qtbot.waitUntil(lambda: heard.changes != [], timeout=10_000)
            again = phone.post(url, data={"name": "王芳", "group": "parent"})  # the same phone: nothing written
            assert "已签到" in again.text
        qtbot.wait(100)
        assert heard.kinds == [{"signins"}]
        assert heard.outside_now() == 0
    finally:
        window.shell.phone.stop()


def test_a_rule_refused_outside_any_operation_is_shown_the_same_way(qtbot: Any, qapp: Any, dialogs: Any) -> None:
    """The last resort for a DomainError nobody caught (the GUI thread's excepthook) shows the
    same warning box, naming the field, as the operation path."""
    import sys

    from caravan_app.ui.error_dialog import install_exception_dialog

    hook = sys.excepthook
    try:
        install_exception_dialog()
        dialogs.accept_box()
        err = ValidationError("plate", "车牌号格式不对", "bad plate")
        sys.excepthook(type(err), err, None)
    finally:
        sys.excepthook = hook
    assert dialogs.seen == ["error_box"] and dialogs.texts == ["车牌号格式不对"]


def test_a_site_list_imported_in_the_window_is_announced_by_the_path(
    window: Any, app: App, field: dict[str, str], qtbot: Any, tmp_path: Path
) -> None:
    """学校/站点 and 活动 hear of the new schools from the path (the wizard wrote past it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWizard

    path = tmp_path / "list.csv"
    path.write_text("学校名称,类型,所属县市区\n甲小学,小学,任城区\n乙小学,小学,兖州区\n", encoding="utf-8-sig")
    page = window.show_page("sites")
    heard = hear(window)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    wiz = page.wizard
    qtbot.waitExposed(wiz)
    wiz.file_page.path.setText(str(path))
    wiz.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wiz.currentPage() is wiz.preview_page, timeout=10_000)
    while wiz.currentPage() is not wiz.done_page:
        before = wiz.currentPage()
        wiz.button(QWizard.WizardButton.NextButton).click()
        qtbot.waitUntil(lambda b=before: wiz.currentPage() is not b, timeout=10_000)
    assert {"甲小学", "乙小学"} <= {s.name for s in app.sites.list()}
    assert heard.kinds == [{"sites"}]
    assert heard.outside_now() == 0
    wiz.button(QWizard.WizardButton.FinishButton).click()
