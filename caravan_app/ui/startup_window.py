"""The first window: the main window's shell, shown within a blink of starting.

Importing SQLAlchemy and opening (maybe migrating) the database takes about a second on an old
laptop. Meanwhile this window stands where the main window will be, with its navigation and
today's visits of this laptop's van — read with plain sqlite3 (``storage/fast_read.py``), before
the data layer is imported — so the crew sees today's school and counts at once. The main window
takes over at the same place when the data layer is ready; until then nothing here can be
changed (the navigation is greyed out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from . import i18n

if TYPE_CHECKING:
    from ..services.today_snapshot import TodaySnapshot

# The main window's page titles (context "MainWindow", the same source strings as
# main_window.PAGES; tests/gui/test_startup_window.py keeps the two lists equal).
NAV_TITLES = (
    "Today",
    "Visits",
    "Sign-in",
    "Distribution",
    "Stock",
    "Schools / sites",
    "Reports",
    "Sync",
    "Settings",
    "People & books",
)

_STATUS = {
    "planned": ("计划", "Planned"),
    "in_progress": ("进行中", "In progress"),
    "completed": ("已完成", "Completed"),
}
_GROUPS = (
    ("primary", "小学生", "Primary"),
    ("junior", "初中生", "Junior"),
    ("senior", "高中生", "Senior"),
    ("teacher", "教师", "Teachers"),
    ("parent", "家长·村民", "Parents"),
    ("other", "其他", "Other"),
)


class StartupWindow(QMainWindow):
    def __init__(
        self, settings: QSettings, snapshot: TodaySnapshot | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startup_window")
        self.setWindowTitle(self.tr("Caravan Field Log"))
        self.handed_over = False
        self.nav = QListWidget(self)
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(170)
        for t in NAV_TITLES:
            self.nav.addItem(QCoreApplication.translate("MainWindow", t))  # tr-dynamic: main_window.PAGES titles
        self.nav.setCurrentRow(0)
        self.nav.setEnabled(False)  # nothing to open until the data layer is ready
        body = QWidget(self)
        lay = QVBoxLayout(body)
        title = QLabel(self.tr("Today"), body)
        title.setProperty("heading", True)
        lay.addWidget(title)
        self.today_labels: list[QLabel] = []
        self.data_shown = snapshot is not None
        if snapshot is not None:
            self._show_today(snapshot, body, lay)
        lay.addStretch(1)
        self.status = QLabel(self.tr("Opening the data…"), body)
        self.status.setObjectName("startup_status")
        bar = QProgressBar(body)
        bar.setRange(0, 0)
        bar.setMaximumWidth(320)
        lay.addWidget(self.status, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(bar, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(1)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(body, 1)
        self.setCentralWidget(central)
        geo = settings.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:  # as the main window: 1200×800, never larger than the screen
            screen = self.screen().availableGeometry() if self.screen() else None
            self.resize(
                *((1200, 800) if screen is None else (min(1200, screen.width()), min(800, screen.height() - 30)))
            )

    def _show_today(self, snap: TodaySnapshot, body: QWidget, lay: QVBoxLayout) -> None:
        head = " · ".join(x for x in (snap.caravan_name, snap.device_name) if x)
        if head:
            lay.addWidget(QLabel(head, body))
        if not snap.visits:
            lbl = QLabel(self.tr("No visit planned today."), body)
            lbl.setObjectName("startup_visit")
            self.today_labels.append(lbl)
            lay.addWidget(lbl)
        for v in snap.visits:
            status = i18n.pick(*_STATUS.get(v.status, (v.status, v.status)))
            counts = "  ".join(f"{i18n.pick(zh, en)} {v.totals.get(g, 0)}" for g, zh, en in _GROUPS)
            text = self.tr("{site} — {status}\nCounted {n}: {counts}\nSigned in: {s}").format(
                site=v.site_name, status=status, n=v.total, counts=counts, s=v.signins
            )
            lbl = QLabel(text, body)
            lbl.setObjectName("startup_visit")
            lbl.setWordWrap(True)
            lbl.setStyleSheet("font-size: 13pt;")
            self.today_labels.append(lbl)
            lay.addWidget(lbl)

    def say(self, text: str) -> None:
        self.status.setText(text)

    def hand_over(self, window: QMainWindow) -> None:
        """Replace this window by the main window at the same place."""
        self.handed_over = True
        window.show()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.handed_over:  # closed by the user while loading: quit
            from PySide6.QtWidgets import QApplication

            QApplication.quit()
        super().closeEvent(event)
