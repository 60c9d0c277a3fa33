"""Screenshots of the console's 统计 and 志愿者 pages (zh and en) for docs/console.md: a hub
served in-process on a free port, an office laptop that synced a season of demo data to it,
headless Chromium at an office screen's width.

    PYTHONPATH=$PWD .venv/bin/python scripts/console_stats_screenshots.py docs/screenshots
"""

from __future__ import annotations

import datetime as dt
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from console_shots import shoot

from caravan_app.console.app import create_app
from caravan_app.console.auth import add_user
from caravan_app.server.db import HubDB, upgrade
from caravan_app.server.hub import add_device
from caravan_app.services.app import App
from caravan_app.services.demo import load_demo

PASSWORD = "screenshots only"
WIDTH = 1366
PAGES = (("stats", "/stats?from=2026-01-01&to=2026-11-20"), ("volunteers", "/volunteers?from=2026-01-01&to=2026-11-20"))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(out: Path) -> None:

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
    office.settings.set_issuer(name="济宁市科学技术协会", head="李主任", clerk="王科员", phone="0537-2345678")
    r = office.reports.period_data("2026-01-01", "2026-11-20")
    office.certificates.pdf(r.volunteers[0].person_id, "2026-01-01", "2026-11-20", work / "c.pdf")
    office.sync.sync_now()
    add_user(hdb, "office1", "office", PASSWORD)

    try:
        shoot(base, out, PAGES, work, "office1", PASSWORD, WIDTH, 4000)
    finally:
        server.should_exit = True
        office.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
