"""The sign-in page on real widgets: phone sign-in updates the window (scanner: tests/gui/test_scanner.py)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from pyzbar.pyzbar import decode

from caravan_app.services.app import App
from caravan_app.ui import i18n
from caravan_app.ui.pages.signin_page import SigninPage
from caravan_app.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def page(app: App, field: dict[str, str], qtbot, qapp) -> Iterator[SigninPage]:  # noqa: ANN001
    i18n.install(i18n.CHINESE, qapp)  # the default language of the app (and what volunteers read)
    runner = TaskRunner()
    p = SigninPage(app, runner)
    runner.setParent(p)  # goes with the page: no runner left on the QApplication at exit
    p.bind_host = "127.0.0.1"
    p.open_after_print = False
    p.address.setEditText("127.0.0.1")
    p.port.setValue(_free_port())
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.stop_server()
    runner.wait()


def test_page_preselects_todays_visit(page: SigninPage, field: dict[str, str]) -> None:
    assert page.visit_id() == field["visit"]


def test_phone_signin_raises_the_count_within_a_second(
    app: App, page: SigninPage, field: dict[str, str], qtbot
) -> None:  # noqa: ANN001
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.is_serving() and app.signin.is_open(field["visit"])
    assert page.open_button.text() == "关闭扫码签到"
    url = page.url_label.text().split("：", 1)[-1].strip()
    assert url.startswith("http://127.0.0.1:")
    # The QR on screen is the address phones open.
    img = page.qr.pixmap().toImage()
    path = page.app.data_dir / "qr.png"
    img.save(str(path))
    assert [d.data.decode() for d in decode(Image.open(path))] == [url]
    r = httpx.post(url, data={"name": "手机用户", "group": "parent"})
    assert "签到成功" in r.text
    qtbot.waitUntil(lambda: page.count_label.text() == "已签到 1 人", timeout=1000)
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1, timeout=1000)
    # Closing sign-in makes the link stop working.
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert not page.is_serving()
    assert not app.signin.is_open(field["visit"])
    with pytest.raises(httpx.ConnectError):
        httpx.get(url)


def test_count_follows_signins_made_elsewhere(app: App, page: SigninPage, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    app.attendance.signin(field["visit"], "命令行签到")
    qtbot.waitUntil(lambda: page.count_label.text() == "已签到 1 人", timeout=1500)


def test_print_buttons_make_pdfs_with_scannable_codes(
    app: App, page: SigninPage, field: dict[str, str], qtbot, tmp_path: Path
) -> None:  # noqa: ANN001
    import subprocess

    for kind in ("poster", "sheet", "badges"):
        out = tmp_path / f"{kind}.pdf"
        with qtbot.waitSignal(page.runner.finished, timeout=20000):
            page.print_to(kind, out)
        assert out.read_bytes().startswith(b"%PDF")
        assert str(out) in page.scan_message.text()
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(tmp_path / "badges.pdf"), str(tmp_path / "b")], check=True)
    codes = [d.data.decode() for p in sorted(tmp_path.glob("b-*.png")) for d in decode(Image.open(p))]
    assert app.signin.badge_payload(field["person"]) in codes


def test_full_screen_view_shows_the_code_and_follows_the_count(
    app: App, page: SigninPage, field: dict[str, str], qtbot
) -> None:  # noqa: ANN001
    assert not page.fullscreen_button.isEnabled()  # nothing to project while sign-in is closed
    assert page.start_server()
    qtbot.mouseClick(page.fullscreen_button, Qt.MouseButton.LeftButton)
    view = page.projector
    assert view is not None and view.isVisible() and view.isFullScreen()
    url = view.url.text()
    path = app.data_dir / "projector.png"
    view.code.pixmap().toImage().save(str(path))
    assert [d.data.decode() for d in decode(Image.open(path))] == [url]
    httpx.post(url, data={"name": "投影前的人"})
    qtbot.waitUntil(lambda: view.count.text() == "已签到 1 人", timeout=1500)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.isVisible()


def test_completing_the_visit_closes_phone_signin(app: App, page: SigninPage, field: dict[str, str], qtbot) -> None:  # noqa: ANN001
    assert page.start_server()
    app.visits.arrive(field["visit"])
    app.visits.complete(field["visit"])
    qtbot.waitUntil(lambda: not page.is_serving(), timeout=2000)
    assert "签到已关闭" in page.scan_message.text() or "扫码签到已关闭" in page.scan_message.text()
    assert page.open_button.text() == "开启扫码签到"
