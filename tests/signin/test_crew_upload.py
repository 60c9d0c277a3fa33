"""The crew's photo upload page on the laptop's Wi-Fi server: its own token, expiring with the
visit; a plain multipart form streamed to disk; a cut upload leaves nothing; the same photo
twice is one; a phone-sized Chromium uploads a file and it is on the visit (and its report)."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import httpx
import pytest

from caravan_app.services.app import App
from tests import photofiles
from tests.waiting import wait_until

from .conftest import Live


def _url(app: App, live: Live) -> str:
    return f"{live.base}/p/{app.photos.crew_token(live.visit)}"


def _incoming(app: App) -> list[Path]:
    inc = app.data_dir / "photos" / "incoming"
    return list(inc.iterdir()) if inc.exists() else []


def test_the_crew_link_is_its_own_and_the_form_needs_no_javascript(app: App, live: Live) -> None:
    url = _url(app, live)
    assert app.photos.crew_token(live.visit) not in live.url and live.token not in url
    r = httpx.get(url)
    assert r.status_code == 200
    page = r.text
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and 'accept="image/*"' in page
    assert "multiple" in page and "<script" not in page
    bad = httpx.get(f"{live.base}/p/{'a' * 24}")
    assert bad.status_code == 403 and "无效或已过期" in bad.text
    assert httpx.get(f"{live.base}/p/{live.token}").status_code == 404  # the sign-in token opens nothing here


def test_the_phone_sign_in_page_says_photos_are_taken(live: Live) -> None:
    page = httpx.get(live.url).text
    assert 'id="photo-notice"' in page and "拍摄照片" in page


def test_photos_sent_from_a_phone_are_on_the_visit_once(app: App, live: Live) -> None:
    one = photofiles.jpeg(1600, 1200, seed=1)
    two = photofiles.jpeg(1600, 1200, seed=2)
    files = [("photos", ("IMG_1.jpg", one, "image/jpeg")), ("photos", ("IMG_2.jpg", two, "image/jpeg"))]
    r = httpx.post(_url(app, live), files=files, data={"caption": "学生观察展品", "by": "王志愿"})
    assert r.status_code == 200 and "已收到 2 张照片" in r.text
    photos = app.photos.of_visit(live.visit)
    assert len(photos) == 2 and {p.caption for p in photos} == {"学生观察展品"} and photos[0].sent_by == "王志愿"
    again = httpx.post(_url(app, live), files=[("photos", ("IMG_1 (1).jpg", one, "image/jpeg"))])
    assert "已收到 0 张照片" in again.text and "之前已收到" in again.text
    assert len(app.photos.of_visit(live.visit)) == 2
    junk = httpx.post(_url(app, live), files=[("photos", ("notes.jpg", b"not a photo", "image/jpeg"))])
    assert "notes.jpg：不是可识别的图片" in junk.text
    assert _incoming(app) == []


def test_a_cut_upload_leaves_nothing_and_a_retry_gives_one_intact_photo(app: App, live: Live) -> None:
    data = photofiles.jpeg(3000, 2000, seed=7)
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="photos"; filename="big.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    path = f"/p/{app.photos.crew_token(live.visit)}"
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{live.server.port}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", live.server.port)) as s:
        s.sendall(head + body[: len(body) // 2])  # the phone walks out of the hotspot's range
        wait_until(lambda: any(p.stat().st_size > 0 for p in _incoming(app)), 10, "the upload to begin")
    wait_until(lambda: _incoming(app) == [], 10, "the cut upload to be thrown away")
    assert app.photos.of_visit(live.visit) == []
    r = httpx.post(
        f"{live.base}{path}", content=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    assert "已收到 1 张照片" in r.text
    [p] = app.photos.of_visit(live.visit)
    original = app.photos.path(p, "original")
    assert original is not None and original.read_bytes() == data


def test_the_link_expires_with_the_visit(app: App, live: Live) -> None:
    url = _url(app, live)
    app.visits.arrive(live.visit)
    assert httpx.get(url).status_code == 200
    app.visits.complete(live.visit)
    r = httpx.post(url, files=[("photos", ("a.jpg", photofiles.jpeg(320, 240), "image/jpeg"))])
    assert r.status_code == 403 and "已过期" in r.text
    assert app.photos.of_visit(live.visit) == []


@pytest.mark.browser
def test_a_phone_sized_chromium_uploads_a_photo(app: App, live: Live, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    from .test_browser import _driver, _wait

    photo = photofiles.write(tmp_path / "IMG_2026.jpg", photofiles.jpeg(2000, 1500, seed=5))
    d = _driver(str(tmp_path / "profile"))
    try:
        d.set_page_load_timeout(30)
        d.get(_url(app, live))
        assert d.execute_script("return window.innerWidth") <= 400
        d.find_element(By.ID, "photos").send_keys(str(photo))
        d.find_element(By.ID, "caption").send_keys("科普展品互动")
        d.find_element(By.ID, "send").click()
        assert "已收到 1 张照片" in _wait(d, "result").text
    finally:
        d.quit()
    [p] = app.photos.of_visit(live.visit)
    assert p.caption == "科普展品互动"
    original = app.photos.path(p, "original")
    assert original is not None and original.read_bytes() == photo.read_bytes()
