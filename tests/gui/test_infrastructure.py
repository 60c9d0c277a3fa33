"""The task runner, the lazy table model and the sign-in list behave as pages rely on."""

from __future__ import annotations

import threading
import time

import pytest

from caravan_app.ui.models.lazy_table import Column, LazyTableModel
from caravan_app.ui.tasks import Cancelled, TaskRunner
from caravan_app.ui.widgets.signin_list import SigninListView

pytestmark = pytest.mark.gui


def test_task_runner_delivers_results_progress_and_errors_on_the_ui_thread(qtbot, qapp) -> None:
    runner = TaskRunner()
    ui_thread = threading.get_ident()
    seen: dict[str, object] = {"progress": []}

    def work(n: int, progress, cancelled) -> tuple[int, int]:  # noqa: ANN001
        for i in range(n):
            progress(i + 1, n, f"step {i}")
        return n * 2, threading.get_ident()

    def done(result: tuple[int, int]) -> None:
        seen["result"], seen["worker"], seen["done_thread"] = result[0], result[1], threading.get_ident()

    with qtbot.waitSignal(runner.busy_changed, check_params_cb=lambda busy: not busy, timeout=5000):
        runner.submit(work, 3, on_done=done, on_progress=lambda d, t, s: seen["progress"].append((d, t)))  # type: ignore[union-attr]
    assert seen["result"] == 6
    assert seen["worker"] != ui_thread and seen["done_thread"] == ui_thread
    assert seen["progress"] == [(1, 3), (2, 3), (3, 3)]

    errors: list[BaseException] = []
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.submit(lambda: 1 / 0, on_error=errors.append)
    assert isinstance(errors[0], ZeroDivisionError) and not runner.busy()


def test_task_runner_cancel_stops_a_cancellable_task(qtbot, qapp) -> None:
    runner = TaskRunner()
    started = threading.Event()
    results: list[object] = []
    errors: list[object] = []

    def slow(cancelled) -> str:  # noqa: ANN001
        started.set()
        for _ in range(500):
            if cancelled():
                raise Cancelled()
            time.sleep(0.01)
        return "finished"

    runner.submit(slow, on_done=results.append, on_error=errors.append, cancellable=True)
    assert runner.cancellable()
    started.wait(5)
    with qtbot.waitSignal(runner.busy_changed, timeout=5000):
        runner.cancel()
    assert results == [] and errors == []  # cancelled quietly, well before the 5 s of work


def test_lazy_model_loads_only_the_pages_shown(qapp) -> None:
    asked: list[list[str]] = []

    def loader(ids: list[str]) -> list[dict[str, str]]:
        asked.append(ids)
        return [{"id": i, "name": f"row {i}"} for i in ids]

    ids = [f"{i:05d}" for i in range(1000)]
    model = LazyTableModel([Column("Name", "name")], loader, page_size=100)
    model.set_ids(ids)
    assert model.rowCount() == 100 and model.canFetchMore()
    assert asked == []  # nothing loaded until a row is shown
    assert model.data(model.index(5, 0)) == "row 00005"
    assert model.data(model.index(99, 0)) == "row 00099"
    assert len(asked) == 1 and len(asked[0]) == 100
    model.fetchMore()
    assert model.rowCount() == 200 and len(asked) == 1
    assert model.data(model.index(150, 0)) == "row 00150" and len(asked) == 2


def test_lazy_model_pages_ids_by_key(qapp) -> None:
    universe = [f"{i:04d}" for i in range(250)]

    def more(after: str | None, n: int) -> list[str]:
        start = 0 if after is None else universe.index(after) + 1
        return universe[start : start + n]

    model = LazyTableModel([Column("Id", "id")], lambda ids: [{"id": i} for i in ids], page_size=100)
    model.set_pager(more)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 250 and model.id_at(249) == "0249"


def test_signin_list_shows_newest_first_searches_and_fetches_more(app, field, qtbot) -> None:
    app.visits.arrive(field["visit"])
    for i in range(450):
        app.attendance.signin(field["visit"], f"学生{i:03d}", "student", "实验小学" if i % 2 else "二中")
    view = SigninListView(app)
    qtbot.addWidget(view)
    view.set_visit(field["visit"])
    assert view.model.rowCount() == SigninListView.PAGE
    assert view.model.data(view.model.index(0, 1)) == "学生449"
    assert "450" in view.count_label.text()
    while view.model.canFetchMore():
        view.model.fetchMore()
    assert view.model.rowCount() == 450
    view.search.setText("学生44")
    qtbot.waitUntil(lambda: view.model.rowCount() == 10, timeout=3000)  # 学生440–449
    view.search.setText("二中")
    qtbot.waitUntil(lambda: view.model.rowCount() == 200, timeout=3000)
    assert all(view.model.row_dict(r).organisation == "二中" for r in range(view.model.rowCount()))
