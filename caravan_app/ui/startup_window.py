"""The first window: shown within a blink of starting, while the data layer loads behind it.

Importing SQLAlchemy and opening (maybe migrating) the database takes about a second on an old
laptop; a window that appears at once, where the main window will be, tells the crew the click
worked.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QVBoxLayout, QWidget


class StartupWindow(QMainWindow):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startup_window")
        self.setWindowTitle(self.tr("Caravan Field Log"))
        self.handed_over = False
        body = QWidget(self)
        title = QLabel(self.tr("Caravan Field Log"), body)
        title.setProperty("heading", True)
        self.status = QLabel(self.tr("Opening the data…"), body)
        self.status.setObjectName("startup_status")
        bar = QProgressBar(body)
        bar.setRange(0, 0)
        bar.setMaximumWidth(320)
        lay = QVBoxLayout(body)
        lay.addStretch(1)
        for w in (title, self.status, bar):
            lay.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(2)
        self.setCentralWidget(body)
        geo = settings.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(1200, 800)

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
