"""Start-up timing marks for the benchmarks (``CARAVAN_STARTUP_PROBE=1``), in the bundle too.

Prints ``shown`` when the event loop first runs (the first window is up) and ``ready`` when the
main window with today's data is visible, then quits. The launchers install it before the app
starts; nothing happens without the variable. See benchmarks/bench_bundle.py.
"""

from __future__ import annotations

import os

ENV = "CARAVAN_STARTUP_PROBE"


def wanted() -> bool:
    return bool(os.environ.get(ENV))


def install() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .ui.shell import qt_app

    qa = qt_app()
    QTimer.singleShot(0, lambda: print("shown", flush=True))

    def ready() -> None:
        from .ui.main_window import MainWindow

        if any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets()):
            print("ready", flush=True)
            qa.quit()
        else:
            QTimer.singleShot(5, ready)

    QTimer.singleShot(0, ready)
