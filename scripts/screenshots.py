#!/usr/bin/env python3
"""Render the desktop app's main pages with demo data to docs/screenshots/*.png (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

Chinese (the default) for every page, plus the Today page in English. A visit is started and
some counting, sign-ins and hand-outs are recorded first, so the pages show a field day.
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

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from caravan_app.services.app import App  # noqa: E402
from caravan_app.services.demo import load_demo  # noqa: E402
from caravan_app.ui import i18n  # noqa: E402
from caravan_app.ui.shell import build_window, qt_app  # noqa: E402

SIZE = (1280, 800)
PAGES = ("today", "visits", "distribution", "stock", "sites", "settings")


def settle(qa: QApplication) -> None:
    for _ in range(5):
        qa.processEvents()


def save(widget: QWidget, path: Path, qa: QApplication) -> None:
    settle(qa)
    widget.grab().save(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def field_day(app: App) -> None:
    """Start today's visit and record a little of everything, as a crew would by mid-morning."""
    van = app.catalog.current_caravan_id()
    visits = app.visits.today(van)
    if not visits:
        return
    v = visits[0]
    if v["status"] == "planned":
        app.visits.arrive(v["id"])
    for group, n in (("primary", 214), ("teacher", 12), ("parent", 35), ("junior", 48)):
        app.attendance.tally(v["id"], group, n)
    for name, org in (("王秀英", "三年级二班"), ("李建国", "教师"), ("张伟", "家长"), ("刘洋", "五年级一班")):
        app.attendance.signin(v["id"], name, "teacher" if org == "教师" else "student", org)
    titles = app.catalog.titles()
    app.stock.distribute(van, titles[0]["id"], 40, v["id"], "三年级二班")
    app.stock.distribute(van, titles[1]["id"], 25, v["id"], "图书室")


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
            w.resize(*SIZE)
            w.show()
            for key in PAGES:
                w.show_page(key)
                save(w, out / f"{key}.png", qa)
            stock = w.show_page("stock")
            from caravan_app.ui.pages.stock_page import DayCloseDialog

            dlg = DayCloseDialog(app, stock.caravan_id(), w)
            first = next(iter(dlg.spins.values()))
            first.setValue(max(first.value() - 3, 0))
            dlg.show()
            save(dlg, out / "day_close.png", qa)
            dlg.close()
            w.close()
            en = build_window(app, qa, i18n.ENGLISH)
            en.resize(*SIZE)
            en.show()
            en.show_page("today")
            save(en, out / "today_en.png", qa)
            en.show_page("stock")
            save(en, out / "stock_en.png", qa)
            en.close()
            i18n.install(i18n.CHINESE, qa)
        finally:
            app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
