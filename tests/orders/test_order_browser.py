"""The public request form in a real headless Chromium on a phone-sized window, and the office's
list at 1366×768 (the screenshots in docs/orders.md come from here)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from caravan_app.console.auth import add_user
from caravan_app.domain.ids import new_id
from caravan_app.server import orders as od
from caravan_app.server.authoring import author

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SHOTS = os.environ.get("CARAVAN_SCREENSHOTS")  # a folder: save the screenshots there


def _driver(profile: str, width: int, height: int, phone: bool):  # noqa: ANN202
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        opts.add_argument(a)
    if phone:
        opts.add_experimental_option(
            "mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0}}
        )
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)


@pytest.fixture
def chromium() -> Iterator:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("chromium and chromium-driver must be installed (./dev.sh setup)")
    made = []

    def make(width: int, height: int, phone: bool = False):  # noqa: ANN202
        profile = tempfile.mkdtemp(prefix="chromium-profile-")
        d = _driver(profile, width, height, phone)
        d.set_page_load_timeout(20)
        made.append((d, profile))
        return d

    yield make
    for d, profile in made:
        d.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _shot(d, name: str) -> None:  # noqa: ANN001
    if SHOTS:
        d.save_screenshot(str(Path(SHOTS) / name))


def test_a_school_orders_a_visit_from_a_phone_and_the_office_sees_it(console_hub, chromium) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    client, hdb = console_hub
    base = str(client.base_url).rstrip("/")
    sid = new_id()
    author(hdb, "site", sid, {"name": "唐口中心小学", "county": "任城区", "town": "唐口街道", "kind": "primary"})
    phone = chromium(360, 740, phone=True)
    phone.get(base + "/order")
    Select(phone.find_element(By.NAME, "county")).select_by_visible_text("任城区")
    phone.find_element(By.CSS_SELECTOR, "form[method=get] button").click()
    WebDriverWait(phone, 20).until(lambda d: "county=" in d.current_url)  # the click returns before the page
    Select(phone.find_element(By.NAME, "site_id")).select_by_visible_text("唐口中心小学（唐口街道）")
    for name, value in (
        ("contact", "王老师"),
        ("phone", "13900001111"),
        ("groups", "三至六年级"),
        ("size", "180"),
        ("topics", "机器人与编程"),
    ):
        phone.find_element(By.NAME, name).send_keys(value)
    for name, day in (("earliest", "2026-12-14"), ("latest", "2026-12-30")):
        phone.execute_script(f"document.getElementsByName('{name}')[0].value = '{day}'")
    # The page fits the phone: no sideways scrolling.
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 360
    _shot(phone, "orders_phone_form.png")
    time.sleep(1.1)  # a person needs a moment; the hub refuses forms sent faster than that
    phone.find_element(By.CSS_SELECTOR, "form[method=post] button[type=submit]").click()
    assert "/order/" in phone.current_url and "点单已收到" in phone.page_source
    _shot(phone, "orders_phone_received.png")
    (o,) = od.list_orders(hdb)
    assert o.number in phone.page_source and o.site_id == sid and o.size == 180

    add_user(hdb, "wang", "office", "correct horse battery staple")
    office = chromium(1366, 768)
    office.get(base + "/login")
    office.find_element(By.NAME, "username").send_keys("wang")
    office.find_element(By.NAME, "password").send_keys("correct horse battery staple")
    office.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    WebDriverWait(office, 20).until(lambda d: "/login" not in d.current_url)
    office.get(base + "/orders")
    assert o.number in office.page_source and "已收到" in office.page_source and "13900001111" in office.page_source
    _shot(office, "orders_office_list.png")
