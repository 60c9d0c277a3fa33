"""Long-lived services belong to the window (issue #11 findings 6, 7, 9, 10): phone sign-in and
automatic sync survive a language change, one operation path announces changes, no polling."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.main_window import MainWindow
from caravan_app.ui.operations import ChangeSet, run_op
from caravan_app.ui.shell import build_window, start_background_sync

pytestmark = pytest.mark.gui


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bound(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def small_window(app: App, field: dict[str, str], qtbot, qapp):  # noqa: ANN001, ANN201
    w = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(w)
    w.resize(1024, 600)
    w.shell.phone.bind_host = "127.0.0.1"
    w.show()
    yield w
    w.shell.phone.stop()
    w.runner.wait()
    w.close()
    i18n.install(i18n.CHINESE, qapp)


def _open_phone_signin(window: MainWindow, port: int) -> str:
    page = window.show_page("signin")
    page.address.setEditText("127.0.0.1")
    page.port.setValue(port)
    assert page.start_server()
    return page.url_label.text().split("：", 1)[-1].strip()


def test_switching_language_keeps_one_stoppable_server_and_auto_sync(
    small_window: MainWindow, app: App, field: dict[str, str], qtbot, qapp
) -> None:  # noqa: ANN001
    w = small_window
    start_background_sync(w, delay_ms=60_000)
    port = _free_port()
    url = _open_phone_signin(w, port)
    assert _bound(port)
    old_page = w.pages["signin"]
    w.show_page("settings").language.setCurrentIndex(1)  # English: every page is rebuilt
    qtbot.waitUntil(lambda: w.nav.item(0).text() == "Today", timeout=3000)
    page = w.show_page("signin")
    assert page is not old_page
    # The same server still runs, the rebuilt page shows it and can stop it.
    assert w.shell.phone.is_serving() and w.shell.phone.port() == port
    assert page.open_button.text() == "Close phone sign-in"
    assert "open" in page.server_state.text()
    r = httpx.post(url, data={"name": "换语言后", "group": "parent"})
    assert r.status_code == 200
    qtbot.waitUntil(lambda: page.count_label.text() == "1 signed in", timeout=2000)
    page.open_button.click()
    assert not w.shell.phone.is_serving() and not _bound(port)
    assert not app.signin.is_open(field["visit"])
    # Automatic sync is still armed, without the 同步 page ever being built.
    assert w.shell.sync.armed and w.shell.sync.auto._timer.isActive()
    assert "sync" not in w.pages


def test_a_change_through_the_operation_path_refreshes_another_page(
    small_window: MainWindow, app: App, field: dict[str, str], qtbot
) -> None:  # noqa: ANN001
    w = small_window
    signin = w.page("signin")  # built, not shown
    assert signin.count_label.text() == "已签到 0 人"
    visits = w.show_page("visits")
    seen: list[ChangeSet] = []
    w.ops.changed.connect(seen.append)
    run_op(visits, app.attendance.signin, field["visit"], "从别的页面", changes={"signins"})
    qtbot.waitUntil(lambda: signin.count_label.text() == "已签到 1 人", timeout=2000)
    assert any(cs.touches("signins") and cs.source is visits for cs in seen)
    # Nothing polls: no repeating timer anywhere in the pages.
    for key, page in w.pages.items():
        for t in page.findChildren(QTimer):
            assert not (t.isActive() and not t.isSingleShot()), f"{key} polls with a {t.interval()} ms timer"


def test_operation_errors_are_shown_one_way_naming_the_field(
    small_window: MainWindow, app: App, field: dict[str, str], qtbot, dialogs
) -> None:  # noqa: ANN001
    w = small_window
    page = w.show_page("visits")
    dialogs.accept_box()
    failed: list[BaseException] = []
    w.ops.failed.connect(failed.append)
    run_op(page, app.attendance.signin, field["visit"], "", changes={"signins"})
    qtbot.waitUntil(lambda: bool(failed), timeout=3000)
    assert getattr(failed[0], "field", None) == "name"
    assert dialogs.seen == ["error_box"] and "姓名" in dialogs.texts[0]
    assert app.attendance.signin_count(field["visit"]) == 0


def test_signin_page_follows_caravan_signin_serve_in_another_process(
    small_window: MainWindow, app: App, field: dict[str, str], qtbot
) -> None:  # noqa: ANN001
    """Finding 6: while ``caravan signin serve`` runs, the page says sign-in is open (elsewhere)
    and phone sign-ins appear in its list; closing it on the page makes the link refuse."""
    w = small_window
    page = w.show_page("signin")
    assert page.state().state == "closed"
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "caravan_app.cli.main",
            "--data-dir",
            str(app.data_dir),
            "signin",
            "serve",
            field["visit"],
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        try:
            qtbot.waitUntil(lambda: _bound(port) or proc.poll() is not None, timeout=20000)
        except qtbot.TimeoutError:
            pass
        assert _bound(port), proc.stdout.read1().decode() if proc.poll() is not None else "not serving"  # type: ignore[union-attr]
        # The page hears of it without polling (the database file changed) and shows one state.
        qtbot.waitUntil(lambda: page.open_button.text() == "关闭扫码签到", timeout=5000)
        assert page.state().state == "elsewhere"
        assert "另一个程序" in page.qr.text()
        token = app.visits.get(field["visit"]).signin_token
        r = httpx.post(f"http://127.0.0.1:{port}/s/{token}", data={"name": "手机另一进程", "group": "parent"})
        assert "签到成功" in r.text
        qtbot.waitUntil(lambda: page.count_label.text() == "已签到 1 人", timeout=5000)
        qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=2000)
        page.open_button.click()  # close it from the window: the other program's link refuses
        assert page.state().state == "closed" and page.open_button.text() == "开启扫码签到"
        r = httpx.post(f"http://127.0.0.1:{port}/s/{token}", data={"name": "关闭之后", "group": "parent"})
        assert "签到已关闭" in r.text
        assert app.attendance.signin_count(field["visit"]) == 1
    finally:
        proc.terminate()
        proc.wait(10)


def test_signin_page_shows_one_state_after_switching_visits(
    small_window: MainWindow, app: App, field: dict[str, str], qtbot
) -> None:  # noqa: ANN001
    """Finding 6: never "the visit has ended" and "sign-in is open" at once."""
    import datetime as dt

    w = small_window
    other = app.visits.add(field["site"], field["caravan"], dt.date.today(), theme="下午场")
    port = _free_port()
    _open_phone_signin(w, port)
    page = w.pages["signin"]
    app.visits.arrive(field["visit"])
    run_op(page, app.visits.complete, field["visit"], changes={"visits"})
    qtbot.waitUntil(lambda: not w.shell.phone.is_serving(), timeout=3000)
    texts = " ".join((page.qr.text(), page.server_state.text(), page.scan_message.text()))
    assert "已结束" in texts and "已开启" not in texts
    assert not page.open_button.isEnabled()
    page.set_visit(other)
    assert page.state().state == "closed"
    texts = " ".join((page.qr.text(), page.server_state.text()))
    assert "未开启" in texts and "已开启" not in texts and "已结束" not in texts
    assert page.open_button.isEnabled()


def test_sync_page_says_not_connected_when_no_hub_was_reached(small_window: MainWindow) -> None:
    """Finding 9: no "+0.0 s" clock offset from a hub that was never reached."""
    page = small_window.show_page("sync")
    assert page.clock_label.text() == "尚未连接"
    assert "+0.0" not in page.clock_label.text()


def test_closing_the_window_stops_the_phone_server(app: App, field: dict[str, str], qtbot, qapp) -> None:  # noqa: ANN001
    w = build_window(app, qapp, i18n.CHINESE)
    qtbot.addWidget(w)
    w.shell.phone.bind_host = "127.0.0.1"
    w.show()
    port = _free_port()
    _open_phone_signin(w, port)
    w.close()
    assert not _bound(port) and not app.signin.is_open(field["visit"])
    assert QApplication.instance() is not None
