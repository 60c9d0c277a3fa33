"""Logging in to the office console in a real Chromium (selenium), shared by the browser tests.

A click on the login button does not wait for the answer: a test that goes on to another page at
once races the login's own redirect, which can land later and take the browser to ``/``. So this
waits until the browser has left ``/login`` and shows the console's menu."""

from __future__ import annotations

from typing import Any


def log_in(d: Any, base: str, name: str, password: str, timeout: float = 60) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    d.delete_all_cookies()
    d.get(base + "/login")
    d.find_element(By.NAME, "username").send_keys(name)
    d.find_element(By.NAME, "password").send_keys(password)
    d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()

    def arrived(drv: Any) -> bool:
        return "/login" not in drv.current_url and bool(drv.find_elements(By.CSS_SELECTOR, "nav.nav"))

    WebDriverWait(d, timeout).until(arrived)  # a loaded CI machine may take a while
