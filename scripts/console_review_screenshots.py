"""Screenshots of the console's 审核 page (zh and en) for docs/console.md: a hub served
in-process on a free port, an office laptop that synced a season of demo data to it, a few
visits approved and one returned with a reason, headless Chromium at an office screen's width.

    PYTHONPATH=$PWD .venv/bin/python scripts/console_review_screenshots.py docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from console_shots import demo_hub, shoot

from caravan_app.console.auth import add_user
from caravan_app.server import reviews

PASSWORD = "screenshots only"
WIDTH = 1366
PAGES = (("review", "/review?status=all"),)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with demo_hub() as h:
        h.office.sync.sync_now()
        done = reviews.queue(h.hdb, "pending")
        for r in done[:6]:
            reviews.approve(h.hdb, r.visit_id, by="王科员")
        reviews.return_visit(h.hdb, done[6].visit_id, "学生人数与签到表不符，请核对后重新提交", by="王科员")
        add_user(h.hdb, "office1", "office", PASSWORD)
        shoot(h.base, out, PAGES, h.work, "office1", PASSWORD, WIDTH, 1400)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
