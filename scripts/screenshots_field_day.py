#!/usr/bin/env python3
"""今日 and 发放 at the two laptop sizes crews have (1024×600 netbooks, 1366×768 van laptops).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_field_day.py [--out docs/screenshots]

Writes today_1024x600.png, today_1366x768.png, distribution_1024x600.png and
distribution_1366x768.png (demo data, a visit under way, a badge scan's banner on 今日).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from screenshots import field_day, save  # noqa: E402

from caravan_app.services.app import App  # noqa: E402
from caravan_app.services.demo import load_demo  # noqa: E402
from caravan_app.ui import i18n  # noqa: E402
from caravan_app.ui.shell import build_window, qt_app  # noqa: E402

SIZES = ((1024, 600), (1366, 768))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    qa = qt_app()
    with tempfile.TemporaryDirectory() as tmp:
        app = App.open(tmp)
        try:
            load_demo(app)
            field_day(app)
            w = build_window(app, qa, i18n.CHINESE)
            w.show()
            crew = [p for p in app.catalog.people() if p.role in ("crew", "volunteer")]
            for width, height in SIZES:
                w.resize(width, height)
                today = w.show_page("today")
                today.counting_mode()
                if crew:
                    w.scanner.router.on_scan(app.signin.badge_payload(crew[0].id))
                save(w, out / f"today_{width}x{height}.png", qa)
                w.scanner.banner.hide()
                w.show_page("distribution")
                save(w, out / f"distribution_{width}x{height}.png", qa)
            w.close()
        finally:
            app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
