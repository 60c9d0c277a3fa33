#!/usr/bin/env python3
"""Render what the badge scanner shows, at 1024×600, to docs/screenshots/scanner_*.png (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_scanner.py [--out docs/screenshots]

The 今日 page after a scan (the result in the status bar), the result over the day-close dialog
and over the projected sign-in QR, the question a scan asks at a visit not yet arrived at, 设置's
scanner box after a test scan, and 同步's enrollment fields filled by a scanned enrollment QR.
Windows in front of the main one are painted onto it where they stand (offscreen has no screen
to grab).
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

from PySide6.QtCore import QPoint, QTimer  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from screenshots import field_day, settle  # noqa: E402

from caravan_app.services.app import App  # noqa: E402
from caravan_app.services.demo import load_demo  # noqa: E402
from caravan_app.ui import i18n  # noqa: E402
from caravan_app.ui.shell import build_window, qt_app  # noqa: E402

SIZE = (1024, 600)


def composite(base: QWidget, path: Path, qa: QApplication, *front: QWidget) -> None:
    """``base`` with the windows in ``front`` painted where they stand."""
    settle(qa)
    pix = base.grab()
    p = QPainter(pix)
    origin = base.geometry().topLeft()
    for w in front:
        if w is not None and w.isVisible():
            p.drawPixmap(w.geometry().topLeft() - origin, w.grab())
    p.end()
    pix.save(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def crew_badge(app: App) -> str:
    crew = next(p for p in app.catalog.people() if p.role in ("crew", "volunteer"))
    return app.signin.badge_payload(crew.id)


def shots(app: App, qa: QApplication, out: Path) -> None:
    w = build_window(app, qa, i18n.CHINESE)
    w.resize(*SIZE)
    w.show()
    router = w.scanner.router
    badge = crew_badge(app)
    app.signin.rescan_seconds = 0

    w.show_page("today")
    router.on_scan(badge)
    composite(w, out / "scanner_today_1024x600.png", qa)

    # Over the day-close dialog.
    from caravan_app.ui.pages.stock_page import DayCloseDialog

    stock = w.show_page("stock")
    dlg = DayCloseDialog(app, stock.caravan_id(), w)
    dlg.setModal(True)
    dlg.show()
    settle(qa)
    router.on_scan(badge)
    composite(w, out / "scanner_over_day_close_1024x600.png", qa, dlg, w.scanner.banner.toast)
    dlg.close()

    # Over the projected QR code.
    from caravan_app.ui.signin_projector import ProjectorView

    proj = ProjectorView(w)
    proj.show_code("http://192.168.137.1:8000/s/ABCDEFGHJKMNPQRS", "金乡县鸡黍镇中心小学", 37)
    proj.resize(*SIZE)
    proj.showFullScreen()
    proj.resize(*SIZE)
    settle(qa)
    kid = app.catalog.add_person(name="王小明", role="participant", organisation="四年级一班")
    router.on_scan(app.signin.badge_payload(kid))
    composite(proj, out / "scanner_over_projector_1024x600.png", qa, w.scanner.banner.toast)
    proj.close()

    # 设置: the scanner box after a test scan (a 45 ms/key scanner adding "]Q1" and a "~").
    from caravan_app.ui.scanner import analyse_calibration

    page = w.show_page("settings")
    page.test_scan_button.click()
    raw = "]Q1" + badge + "~"
    w.scanner.scanner.cancel_calibration()
    w.scanner.scanner.calibrated.emit(analyse_calibration(raw, [1000.0 + 45 * i for i in range(len(raw) + 1)]))
    composite(w, out / "scanner_settings_1024x600.png", qa)

    # 同步: the enrollment fields after a scan of the hub's enrollment QR.
    sync = w.show_page("sync")
    sync.url_edit.setText("https://192.168.8.20:8765#K7QM-X3PA-9WTZ~" + "3f" * 32)
    sync.url_edit.editingFinished.emit()
    composite(w, out / "scanner_enroll_1024x600.png", qa)

    # The question at a visit not yet arrived at (a new visit planned for today).
    import datetime as dt

    v = app.visits.today(app.catalog.current_caravan_id())[0]
    planned = app.visits.add(v.site_id, app.catalog.current_caravan_id(), dt.date.today())
    today = w.show_page("today")
    today.picker.reload()
    today.picker.select(planned) if hasattr(today.picker, "select") else None

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != "arrive_on_scan":
            QTimer.singleShot(20, answer)
            return
        box.move(w.geometry().topLeft() + QPoint((SIZE[0] - box.width()) // 2, (SIZE[1] - box.height()) // 2))
        composite(w, out / "scanner_arrive_question_1024x600.png", qa, box)
        box.reject()

    QTimer.singleShot(0, answer)
    router.on_scan(badge, planned)
    w.close()


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
            shots(app, qa, out)
        finally:
            app.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
