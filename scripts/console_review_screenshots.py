"""Screenshots of the console's 审核 page (zh and en) for docs/console.md: a hub served
in-process on a free port, an office laptop that synced a season of demo data to it, a few
visits approved and one returned with a reason, headless Chromium at an office screen's width.

    PYTHONPATH=$PWD .venv/bin/python scripts/console_review_screenshots.py docs/screenshots
"""

from __future__ import annotations

import base64
import datetime as dt
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn

from caravan_app.console.app import create_app
from caravan_app.console.auth import add_user
from caravan_app.server import reviews
from caravan_app.server.db import HubDB, upgrade
from caravan_app.server.hub import add_device
from caravan_app.services.app import App
from caravan_app.services.demo import load_demo

PASSWORD = "screenshots only"
WIDTH = 1366
PAGES = (("review", "/review?status=all"),)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(out: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="console-shots-"))
    url = f"sqlite:///{work / 'hub.db'}"
    upgrade(url)
    hdb = HubDB(url)
    port = _port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(hdb, data_dir=work), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    office = App.open(work / "office")
    office.sync.enroll(base, add_device(hdb, "办公室", "office").code)
    load_demo(office, seed=3, visits=60, today=dt.date(2026, 11, 20))
    office.sync.sync_now()
    done = reviews.queue(hdb, "pending")
    for r in done[:6]:
        reviews.approve(hdb, r.visit_id, by="王科员")
    reviews.return_visit(hdb, done[6].visit_id, "学生人数与签到表不符，请核对后重新提交", by="王科员")
    add_user(hdb, "office1", "office", PASSWORD)

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={WIDTH},900",
              f"--user-data-dir={work / 'profile'}"):  # fmt: skip
        opts.add_argument(a)
    d = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=opts)
    try:
        d.get(base + "/login")
        d.find_element(By.NAME, "username").send_keys("office1")
        d.find_element(By.NAME, "password").send_keys(PASSWORD)
        d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        for lang in ("zh", "en"):
            d.get(f"{base}/lang/{lang}?next=/")
            for name, path in PAGES:
                d.get(base + path)
                height = d.execute_script("return document.documentElement.scrollHeight")
                shot = d.execute_cdp_cmd(
                    "Page.captureScreenshot",
                    {"captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": WIDTH, "height": min(height, 1400), "scale": 1}},
                )  # fmt: skip
                (out / f"console-{name}-{lang}.png").write_bytes(base64.b64decode(shot["data"]))
                print(out / f"console-{name}-{lang}.png", height)
    finally:
        d.quit()
        server.should_exit = True
        office.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
