"""Screenshots of the console's 统计 and 志愿者 pages (zh and en) for docs/console.md: a hub
served in-process on a free port, an office laptop that synced a season of demo data to it,
headless Chromium at an office screen's width.

    PYTHONPATH=$PWD .venv/bin/python scripts/console_stats_screenshots.py docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from console_shots import demo_hub, shoot

from caravan_app.console.auth import add_user

PASSWORD = "screenshots only"
WIDTH = 1366
PAGES = (("stats", "/stats?from=2026-01-01&to=2026-11-20"), ("volunteers", "/volunteers?from=2026-01-01&to=2026-11-20"))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with demo_hub() as h:
        office = h.office
        office.settings.set_issuer(name="济宁市科学技术协会", head="李主任", clerk="王科员", phone="0537-2345678")
        r = office.reports.period_data("2026-01-01", "2026-11-20")
        office.certificates.pdf(r.volunteers[0].person_id, "2026-01-01", "2026-11-20", h.work / "c.pdf")
        office.sync.sync_now()
        add_user(h.hdb, "office1", "office", PASSWORD)
        shoot(h.base, out, PAGES, h.work, "office1", PASSWORD, WIDTH, 4000)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
