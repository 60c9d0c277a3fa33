"""The phone page over real HTTP: a form posted from another site is refused, and a reopened
visit's old link stops working (the new one is shown by the CLI)."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from caravan_app.services.app import App
from caravan_app.signin.server import SigninServer

from .conftest import Live
from .test_browser import browser as browser  # noqa: F401 - the real Chromium fixture


def test_a_sign_in_posted_from_another_site_is_refused(app: App, live: Live) -> None:
    form = {"name": "张三", "group": "teacher"}
    for headers in (
        {"Origin": "http://evil.example"},
        {"Origin": "null"},  # a sandboxed frame or a file:// page
        {"Referer": "http://evil.example/page.html"},
        {"Origin": f"http://127.0.0.1:{live.server.port + 1}"},  # another port is another origin
    ):
        r = httpx.post(live.url, data=form, headers=headers)
        assert r.status_code == 403, headers
        assert "请扫描活动现场的签到二维码" in r.text
    assert app.attendance.signin_count(live.visit) == 0
    own = f"http://127.0.0.1:{live.server.port}"
    assert httpx.post(live.url, data=form, headers={"Origin": own}).status_code == 200
    assert httpx.post(live.url, data={**form, "name": "李四"}, headers={"Referer": live.url}).status_code == 200
    assert httpx.post(live.url, data={**form, "name": "王五"}).status_code == 200  # old browsers send neither
    assert app.attendance.signin_count(live.visit) == 3


def test_a_reopened_visit_needs_a_new_sign_in_link(app: App, live: Live) -> None:
    assert httpx.post(live.url, data={"name": "张三", "group": "teacher"}).status_code == 200
    app.visits.complete(live.visit)
    assert httpx.get(live.url).status_code == 403  # closed
    app.visits.reopen(live.visit, "补录签到")
    assert httpx.get(live.url).status_code == 403  # before: the old link worked again by itself
    assert httpx.post(live.url, data={"name": "李四", "group": "teacher"}).status_code == 403
    new = app.visits.get(live.visit).signin_token  # type: ignore[union-attr]
    assert new and new != live.token
    assert httpx.get(f"{live.base}/s/{new}").status_code == 200
    assert app.attendance.signin_count(live.visit) == 1


def test_the_cli_shows_the_new_link_after_a_reopen(app: App, field: dict[str, str]) -> None:
    old = app.signin.open(field["visit"])
    app.visits.arrive(field["visit"])
    app.visits.complete(field["visit"])
    data_dir = str(app.data_dir)
    app.close()
    out = subprocess.run(
        [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", data_dir, "visit", "reopen", field["visit"]]
        + ["--reason", "补录"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    again = App.open(app.data_dir)
    try:
        new = again.visits.get(field["visit"]).signin_token  # type: ignore[union-attr]
        assert new != old and new in out.stdout and "旧的不再有效" in out.stdout
        with SigninServer(again, "127.0.0.1", 0) as server:
            base = f"http://127.0.0.1:{server.port}"
            assert httpx.get(f"{base}/s/{old}").status_code == 403
            assert httpx.get(f"{base}/s/{new}").status_code == 200
    finally:
        again.close()


@pytest.mark.browser
@pytest.mark.parametrize("referrer", ["", '<meta name="referrer" content="no-referrer">'])
def test_a_real_browser_on_another_site_cannot_sign_in(app: App, live: Live, browser, referrer: str) -> None:  # noqa: ANN001
    """Chromium on a page of another origin that posts the sign-in form by itself (with the
    page's referrer policy, or with none: then Chromium sends ``Origin: null``)."""
    from selenium.webdriver.support.ui import WebDriverWait

    page = (
        f'<!doctype html><html><head><meta charset="utf-8">{referrer}</head><body>'
        f'<form id="f" method="post" action="{live.url}"><input name="name" value="刷票">'
        '<input name="group" value="teacher"></form><script>document.getElementById("f").submit()</script>'
        "</body></html>"
    ).encode()

    class Evil(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *_a: object) -> None:
            pass

    evil = ThreadingHTTPServer(("127.0.0.1", 0), Evil)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{evil.server_address[1]}/")
        WebDriverWait(browser, 15).until(lambda d: "请扫描活动现场的签到二维码" in d.page_source)
    finally:
        evil.shutdown()
        evil.server_close()
    assert app.attendance.signin_count(live.visit) == 0
