"""Small helpers every page uses: settings, error boxes, big touch-friendly controls."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from . import i18n

if TYPE_CHECKING:  # the data layer is imported after the first window shows
    from ..services.app import App

TOUCH_HEIGHT = 44  # px: a finger-sized target on a 2-in-1


def settings_for(app: App) -> QSettings:
    """UI settings (language, geometry, last page) live beside the database of this data dir."""
    return settings_at(app.data_dir)


def settings_at(data_dir: Path) -> QSettings:
    return QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Tell the user what went wrong in plain words (DomainError in the interface language)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or QCoreApplication.translate("common", "Cannot do that"),
        i18n.error_text(exc),
        parent=parent,
    )
    box.setObjectName("error_box")
    box.exec()


def big_button(text: str, parent: QWidget | None = None, name: str | None = None, primary: bool = False) -> QPushButton:
    b = QPushButton(text, parent)
    b.setMinimumHeight(TOUCH_HEIGHT)
    if name:
        b.setObjectName(name)
    if primary:
        b.setProperty("primary", True)
        b.setDefault(False)
    return b


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    lab.setProperty("heading", True)
    return lab


STYLE = """
QWidget { font-size: 11pt; }
QLabel[heading="true"] { font-size: 16pt; font-weight: bold; }
QLabel[big="true"] { font-size: 22pt; font-weight: bold; }
QPushButton { min-height: 40px; padding: 4px 14px; }
QPushButton[primary="true"] { background: #1f6feb; color: white; font-weight: bold; border-radius: 4px; }
QPushButton[primary="true"]:disabled { background: #9db7e0; }
QPushButton[tally="true"] { min-height: 56px; min-width: 56px; font-size: 18pt; font-weight: bold; }
QLineEdit, QComboBox, QSpinBox, QDateEdit { min-height: 36px; }
QListWidget#nav { font-size: 13pt; }
QListWidget#nav::item { min-height: 48px; padding-left: 10px; }
QListWidget#nav::item:selected { background: #1f6feb; color: white; }
QLabel[warning="true"] { color: #b3261e; font-weight: bold; }
QPushButton[risky="true"] { color: #b3261e; }
"""


def message(parent: QWidget | None, text: str, title: str | None = None) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information, title or QCoreApplication.translate("common", "Done"), text, parent=parent
    )
    box.exec()


def confirm(
    parent: QWidget | None,
    text: str,
    title: str,
    yes: str,
    no: str | None = None,
    name: str = "confirm_box",
    risky: bool = False,
) -> bool:
    """A yes/no question with worded buttons (a bare 'OK' hides what will happen).

    ``risky``: saying yes loses data, takes stock below zero or undoes work. Then Enter, Space
    and Esc all answer no, and the yes button stands apart at the far side of the row (the
    button box puts a reset-role button across its stretch on every platform's layout), so a
    hurried Enter or a click beside 取消 does not do it."""
    box = QMessageBox(QMessageBox.Icon.Warning if risky else QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName(name)
    role = QMessageBox.ButtonRole.ResetRole if risky else QMessageBox.ButtonRole.AcceptRole
    ok = box.addButton(yes, role)
    ok.setObjectName(f"{name}_yes")
    cancel = box.addButton(no or QCoreApplication.translate("common", "Cancel"), QMessageBox.ButtonRole.RejectRole)
    cancel.setObjectName(f"{name}_no")
    box.setEscapeButton(cancel)
    if risky:
        ok.setProperty("risky", True)
        box.setDefaultButton(cancel)
    else:
        box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def noop(*_a: Any) -> None:
    pass


# The smallest van laptop: 1024×600 with a 40 px taskbar and a ~30 px title bar leaves 1024×530.
SMALL_SCREEN = (1024, 530)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize a dialog to ``width``×``height`` but never beyond the smallest van laptop's screen
    (1024×600) nor beyond the screen it is on."""
    w, h = min(width, SMALL_SCREEN[0]), min(height, SMALL_SCREEN[1])
    screen = widget.screen()
    if screen is not None:
        avail = screen.availableGeometry()
        w, h = min(w, avail.width()), min(h, avail.height() - 30)
    widget.resize(w, h)
