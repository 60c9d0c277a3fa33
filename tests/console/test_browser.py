"""The console in a real headless Chromium against a real ``caravan-server`` process: log in,
open 设备, make a laptop's enrollment code, and a laptop enrolls with it.

With ``CARAVAN_CONSOLE_SCREENSHOTS=DIR`` it also saves the pages docs/console.md shows, in both
languages (``CARAVAN_CONSOLE_SCREENSHOTS=docs/screenshots``)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from caravan_app.console import auth
from caravan_app.console.audit import record
from caravan_app.services.app import App
from tests.conftest import fresh_data_dir
from tests.sync.hubproc import HubProcess

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
os.environ["CARAVAN_TOKEN_STORE"] = "file"


@pytest.fixture
def chromium() -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("chromium and chromium-driver must be installed (./dev.sh setup)")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1366,768",  # the office screen
        "--lang=zh-CN",
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    d.set_page_load_timeout(30)
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _wait(d, by: str, what: str):  # noqa: ANN001, ANN202
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(d, 20).until(ec.presence_of_element_located((by, what)))


def test_log_in_open_devices_and_enroll_a_laptop(chromium, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    shots = os.environ.get("CARAVAN_CONSOLE_SCREENSHOTS")
    (tmp_path / "hub").mkdir()
    hub = HubProcess(tmp_path / "hub")
    lap = App.open(fresh_data_dir(tmp_path / "lap"))
    try:
        with hub.hdb.write() as s, s.begin():
            for t in ("console_sessions", "console_login_failures", "console_audit", "console_users"):
                s.execute(auth.ConsoleSession.metadata.tables[t].delete())
        admin = auth.add_user(hub.hdb, "王办公", "admin", PASSWORD)
        d = chromium

        def snap(name: str) -> None:
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                d.save_screenshot(str(Path(shots) / name))

        d.get(hub.url + "/devices")
        _wait(d, By.NAME, "username")
        assert "/login" in d.current_url and "登录" in d.title
        snap("console-login-zh.png")
        d.find_element(By.NAME, "username").send_keys("王办公")
        d.find_element(By.NAME, "password").send_keys(PASSWORD)
        d.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
        _wait(d, By.NAME, "caravan")
        assert d.current_url.endswith("/devices") and "设备" in d.title
        d.find_element(By.NAME, "caravan").send_keys("1号车")
        d.find_element(By.CSS_SELECTOR, "form[action='/devices/add'] button").click()
        code = _wait(d, By.ID, "enroll-code").text
        assert d.find_element(By.CSS_SELECTOR, ".qr svg")
        snap("console-enroll-zh.png")
        lap.sync.enroll(hub.url, code)
        lap.sync.sync_now()
        d.get(hub.url + "/devices")
        body = _wait(d, By.TAG_NAME, "table").text
        assert lap.db.device_id in body and "已注册" in body and "0.1.0" in body
        snap("console-devices-zh.png")
        record(hub.hdb, admin, "view_signins", "visit 0192f3a0 sign-ins (42 names)")
        d.get(hub.url + "/audit")
        assert "注册电脑" in _wait(d, By.TAG_NAME, "table").text
        snap("console-audit-zh.png")
        d.find_element(By.LINK_TEXT, "English").click()
        _wait(d, By.LINK_TEXT, "中文")
        assert "Audit" in d.title and "Viewed sign-ins (names)" in d.page_source
        snap("console-audit-en.png")
        d.get(hub.url + "/devices")
        _wait(d, By.TAG_NAME, "table")
        assert "Devices" in d.title
        snap("console-devices-en.png")
        d.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
        _wait(d, By.NAME, "username")
        snap("console-login-en.png")
        d.get(hub.url + "/devices")
        _wait(d, By.NAME, "username")
        assert "/login" in d.current_url  # logged out for real
    finally:
        lap.close()
        hub.stop()
