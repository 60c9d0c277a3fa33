"""Full-screen sign-in QR for a projector or a turned-around laptop screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..reports import qr


def qr_pixmap(data: str, size: int) -> QPixmap:
    """The QR as a crisp pixmap of about ``size`` pixels (whole pixels per module)."""
    modules = len(qr.matrix(data)) + 2 * qr.QUIET
    pm = QPixmap()
    pm.loadFromData(qr.png_bytes(data, scale=max(2, size // modules)), "PNG")
    return pm


class ProjectorView(QWidget):
    """A window with only the QR, the address and the count; Esc or a click closes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("signin_projector")
        self.setWindowTitle(self.tr("Scan to sign in"))
        self.setStyleSheet("background: white; color: #111;")
        self.title = QLabel(self.tr("Scan to sign in"), self)
        self.title.setStyleSheet("font-size: 40pt; font-weight: bold; color: #1f6fb2;")
        self.site = QLabel(self)
        self.site.setStyleSheet("font-size: 24pt;")
        self.code = QLabel(self)
        self.code.setObjectName("projector_qr")
        self.url = QLabel(self)
        self.url.setObjectName("projector_url")
        self.url.setStyleSheet("font-size: 22pt; color: #1f6fb2;")
        self.count = QLabel(self)
        self.count.setObjectName("projector_count")
        self.count.setStyleSheet("font-size: 28pt; font-weight: bold;")
        lay = QVBoxLayout(self)
        for w in (self.title, self.site, self.code, self.url, self.count):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lay.addWidget(w)
        self._data = ""

    def show_code(self, url: str, site: str, count: int) -> None:
        self._data = url
        self.site.setText(site)
        self.url.setText(url)
        self.set_count(count)
        self._redraw()

    def set_count(self, n: int) -> None:
        self.count.setText(self.tr("{n} signed in").format(n=n))

    def _redraw(self) -> None:
        if self._data:
            side = max(200, min(self.width(), self.height()) - 330)
            self.code.setPixmap(qr_pixmap(self._data, side))

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().resizeEvent(event)
        self._redraw()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.close()
