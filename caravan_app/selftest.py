"""The bundle's smoke run: everything a first start touches, on an empty data folder.

Migrates a new database, loads the demo data, opens the main window (offscreen when there is
no screen), renders every page once, writes a visit report PDF, and exits 0, or non-zero with
the reason. ``caravan selftest`` runs it; the installer build script runs it on the bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def run_selftest(data_dir: Path, out_pdf: Path | None = None, gui: bool = True) -> list[str]:
    """Returns the steps that passed; raises on the first failure."""
    from .services.app import App
    from .services.demo import load_demo

    steps: list[str] = []
    app = App.open(data_dir)
    try:
        steps.append(f"database migrated at {app.db.path}")
        if not app.catalog.caravans():
            load_demo(app, visits=12)
        steps.append(f"demo data: {len(app.visits.list())} visits")
        rep = app.maintenance.check()
        if not rep.ok:
            raise RuntimeError("check failed: " + "; ".join(rep.problems))
        steps.append("check passed")
        done = [v for v in app.visits.list() if v.status == "completed"]
        if not done:
            raise RuntimeError("demo data has no completed visit")
        pdf = out_pdf or data_dir / "selftest-visit-report.pdf"
        app.reports.visit_pdf(done[0].id, pdf)
        if not pdf.read_bytes().startswith(b"%PDF"):
            raise RuntimeError("report is not a PDF")
        steps.append(f"visit report written: {pdf} ({pdf.stat().st_size} bytes)")
        if gui:
            if (
                not os.environ.get("DISPLAY")
                and not os.environ.get("WAYLAND_DISPLAY")
                and sys.platform.startswith("linux")
            ):
                os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            from .ui.shell import build_window, qt_app

            qa = qt_app()
            window = build_window(app, qa)
            window.show()
            qa.processEvents()
            shot = window.grab()
            if shot.isNull() or shot.width() < 200:
                raise RuntimeError("the main window did not render")
            steps.append(f"main window shown ({shot.width()}x{shot.height()})")
            window.close()
            qa.processEvents()
    finally:
        app.close()
    return steps
