"""The crew's photo upload link for the visit (signin/uploads.py), shown in its own dialog so it
never stands beside the public sign-in QR where pupils and parents scan."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ..common import big_button
from ..signin_projector import qr_pixmap


def crew_button(parent: QWidget) -> QPushButton:
    """The 签到 page's button that shows the crew's link (enabled while phone sign-in is open)."""
    b = big_button(QCoreApplication.translate("CrewLinkDialog", "Crew photos link"), parent, "signin_crew_photos")
    b.setToolTip(
        QCoreApplication.translate("CrewLinkDialog", "A separate link for the crew to send photos from their phones")
    )
    return b


def crew_url(signin_url: str, token: str) -> str:
    """The upload page on the same server as the sign-in link."""
    base = signin_url.split("/s/", 1)[0]
    return f"{base}/p/{token}"


class CrewLinkDialog(QDialog):
    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crew_link_dialog")
        self.setWindowTitle(self.tr("Crew photo upload"))
        self.url = url
        lay = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "For the crew only: scan with your phone to send photos of this visit. "
                "Do not show it to participants. The link stops working when the visit ends."
            ),
            self,
        )
        note.setWordWrap(True)
        qr = QLabel(self)
        qr.setObjectName("crew_qr")
        qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        qr.setPixmap(qr_pixmap(url, 240))
        link = QLabel(url, self)
        link.setObjectName("crew_url")
        link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        for w in (note, qr, link, buttons):
            lay.addWidget(w)
