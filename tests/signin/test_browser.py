"""The mobile page in a real headless Chromium (Debian's), as a phone would use it."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from caravan_app.services.app import App

from .conftest import Live

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# An older Android phone inside WeChat: the page must not depend on anything newer.
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 7.1.2; Redmi 5A Build/N2G47H; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/57.0.2987.132 MQQBrowser/6.2 TBS/044506 Mobile Safari/537.36 MicroMessenger/6.7.3.1360"
)


def _driver(profile: str):  # noqa: ANN202 - selenium WebDriver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

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
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(a)
    opts.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": 360, "height": 640, "pixelRatio": 2.0}, "userAgent": WECHAT_UA}
    )
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)


@pytest.fixture
def browser() -> Iterator:
    # (Without JavaScript the page is a plain form POST: the httpx tests are that client.
    # chromedriver itself needs JavaScript to click, so it cannot be the no-JS client.)
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("chromium and chromium-driver must be installed (./dev.sh setup)")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    d = _driver(profile)
    d.set_page_load_timeout(20)
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _wait(d, element_id: str):  # noqa: ANN001, ANN202 - the page after a form POST has loaded
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(d, 15).until(ec.presence_of_element_located((By.ID, element_id)))


def _fill(d, name: str, group_label: str, org: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    d.find_element(By.ID, "name").send_keys(name)
    d.find_element(By.XPATH, f"//div[@class='groups']/label[normalize-space()='{group_label}']").click()
    d.find_element(By.ID, "org").send_keys(org)
    d.find_element(By.ID, "go").click()


def test_phone_signs_in_sees_its_number_and_cannot_count_twice(app: App, live: Live, browser) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    browser.get(live.url)
    assert "鱼台县第一中学" in browser.find_element(By.TAG_NAME, "h1").find_element(By.XPATH, "..").text
    _fill(browser, "刘老师", "教师", "鱼台一中 高一(3)班")
    assert _wait(browser, "state").text == "签到成功"
    assert browser.find_element(By.ID, "number").text == "1"
    rows = app.attendance.signins(live.visit)
    assert [(r.name, r.group, r.organisation) for r in rows] == [("刘老师", "teacher", "鱼台一中 高一(3)班")]
    shots = os.environ.get("CARAVAN_SCREENSHOT_DIR")
    if shots:
        browser.save_screenshot(str(Path(shots) / "signin_phone_done.png"))
    # Scanning the poster again on the same phone: the confirmation, no second sign-in.
    browser.get(live.url)
    assert browser.find_element(By.ID, "state").text == "已签到"
    assert browser.find_element(By.ID, "number").text == "1"
    assert app.attendance.signin_count(live.visit) == 1
    assert len(live.heard) == 1


def test_phone_gets_a_readable_message_for_bad_input(app: App, live: Live, browser) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    browser.get(live.url)
    shots = os.environ.get("CARAVAN_SCREENSHOT_DIR")
    if shots:
        browser.save_screenshot(str(Path(shots) / "signin_phone_form.png"))
    _fill(browser, "<b>坏人</b>", "其他", "")
    error = _wait(browser, "error")
    assert error.is_displayed() and "不允许" in error.text
    # What was typed comes back (escaped, as text) for correction.
    assert browser.find_element(By.ID, "name").get_attribute("value") == "<b>坏人</b>"
    assert app.attendance.signin_count(live.visit) == 0


def test_closed_signin_tells_the_phone(app: App, live: Live, browser) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    app.signin.close(live.visit)
    browser.get(live.url)
    assert "签到已关闭" in browser.find_element(By.ID, "message").text
