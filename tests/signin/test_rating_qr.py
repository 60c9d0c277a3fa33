"""At the end of the visit the 签到 page shows the school's rating link and its QR, and the link
shown is the one the laptop's phone server answers (评单 offline)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, Qt
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
    i18n.install(i18n.CHINESE, qapp)
    runner = TaskRunner()
    p = SigninPage(app, runner)
    runner.setParent(p)
    p.bind_host = "127.0.0.1"
    p.phone.bind_host = "127.0.0.1"
    p.address.setEditText("127.0.0.1")
    p.port.setValue(_free_port())
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    yield p
    p.stop_server()
    runner.wait()


def test_the_rating_qr_of_a_completed_visit_is_the_link_the_phone_server_answers(
    app: App, page: SigninPage, field: dict[str, str], qtbot
) -> None:  # noqa: ANN001
    vid = field["visit"]
    assert not page.rate_button.isEnabled()  # nothing to rate before the visit is done
    app.visits.arrive(vid)
    app.visits.complete(vid)
    page.set_visit(vid)
    page._visit_changed(vid)
    # (its Chinese, 评价二维码, is in resources/i18n/orders2_zh_CN.ts until that is merged into the catalogue)
    label = QCoreApplication.translate("SigninPage", "Rating QR")
    assert page.rate_button.isEnabled() and page.rate_button.text() == label
    qtbot.mouseClick(page.rate_button, Qt.MouseButton.LeftButton)
    url = page.url_label.text().split()[-1].split("：")[-1]
    token = app.visits.get(vid).signin_token
    assert url == page.rating_url() and url.startswith("http://127.0.0.1:") and url.endswith(f"/r/{token}")
    path = app.data_dir / "rate_qr.png"
    page.qr.pixmap().toImage().save(str(path))
    assert [d.data.decode() for d in decode(Image.open(path))] == [url]
    assert not app.signin.is_open(vid)  # sign-in stays closed: only the rating page is served
    r = httpx.get(url)
    assert r.status_code == 200 and "评价这次活动" in r.text
    sent = httpx.post(url, data={"score": "5", "comment": "很好"}, headers={"Origin": url.split("/r/")[0]})
    assert sent.status_code == 200
    rating = app.orders.rating_of(vid)
    assert rating is not None and (rating.score, rating.comment) == (5, "很好")
    qtbot.mouseClick(page.rate_button, Qt.MouseButton.LeftButton)
    assert page.rate_button.text() == label and page.rating_url() is None
    with pytest.raises(httpx.ConnectError):
        httpx.get(url)
