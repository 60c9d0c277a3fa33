"""Chromium screenshots of console pages, zh and en, for docs/screenshots (used by the
console_*_screenshots.py scripts, which set up the hub and its data)."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import socket
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class DemoHub:
    """A hub served in-process on a free port and an office laptop enrolled to it."""

    work: Path
    hdb: Any  # caravan_app.server.db.HubDB
    base: str
    office: Any  # caravan_app.services.app.App


@contextlib.contextmanager
def demo_hub(visits: int = 60, seed: int = 3, today: dt.date = dt.date(2026, 11, 20)) -> Iterator[DemoHub]:
    """A fresh hub database in a temporary folder, served by uvicorn in a thread, and an office
    laptop that loaded ``visits`` demo visits (not yet synced: the caller adds what it needs first)."""
    import uvicorn

    from caravan_app.console.app import create_app
    from caravan_app.server.db import HubDB, upgrade
    from caravan_app.server.hub import add_device
    from caravan_app.services.app import App
    from caravan_app.services.demo import load_demo

    work = Path(tempfile.mkdtemp(prefix="console-shots-"))
    url = f"sqlite:///{work / 'hub.db'}"
    upgrade(url)
    hdb = HubDB(url)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(create_app(hdb, data_dir=work), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    office = App.open(work / "office")
    try:
        office.sync.enroll(base, add_device(hdb, "办公室", "office").code)
        load_demo(office, seed=seed, visits=visits, today=today)
        yield DemoHub(work, hdb, base, office)
    finally:
        server.should_exit = True
        office.close()


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
