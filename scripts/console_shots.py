"""Chromium screenshots of console pages, zh and en, for docs/screenshots (used by the
console_*_screenshots.py scripts, which set up the hub and its data)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path


def shoot(
    base: str, out: Path, pages: Sequence[tuple[str, str]], work: Path, user: str, password: str,
    width: int, max_height: int,
) -> None:  # fmt: skip
    """Log in as ``user`` and save ``console-<name>-<lang>.png`` of every (name, path) in both languages."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},900",
              f"--user-data-dir={work / 'profile'}"):  # fmt: skip
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=opts)
    try:
        d.get(base + "/login")
        d.find_element(By.NAME, "username").send_keys(user)
        d.find_element(By.NAME, "password").send_keys(password)
        d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        for lang in ("zh", "en"):
            d.get(f"{base}/lang/{lang}?next=/")
            for name, path in pages:
                d.get(base + path)
                height = d.execute_script("return document.documentElement.scrollHeight")
                clip = {"x": 0, "y": 0, "width": width, "height": min(height, max_height), "scale": 1}
                shot = d.execute_cdp_cmd("Page.captureScreenshot", {"captureBeyondViewport": True, "clip": clip})
                (out / f"console-{name}-{lang}.png").write_bytes(base64.b64decode(shot["data"]))
                print(out / f"console-{name}-{lang}.png", height)
    finally:
        d.quit()
