"""Small helpers every page uses: settings, error boxes, big touch-friendly controls."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

if TYPE_CHECKING:  # the data layer is imported after the first window shows
    from ..services.app import App

TOUCH_HEIGHT = 44  # px: a finger-sized target on a 2-in-1


def settings_for(app: App) -> QSettings:
    """UI settings (language, geometry, last page) live beside the database of this data dir."""
    return settings_at(app.data_dir)


def settings_at(data_dir: Path) -> QSettings:
    return QSettings(str(data_dir / "ui.ini"), QSettings.Format.IniFormat)


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


def tab_in_layout_order(root: QWidget) -> list[QWidget]:
    """Make Tab follow what the eye reads: the order of ``root``'s layouts (boxes in order,
    grids by row then column, forms label then field), not the order the widgets were made in.
    Widgets outside any layout (overlays) keep their place. Returns the order set."""
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QAbstractScrollArea,
        QFormLayout,
        QGridLayout,
        QLayout,
        QScrollArea,
        QStackedWidget,
        QTabWidget,
    )

    order: list[QWidget] = []

    def items(layout: QLayout) -> list[Any]:
        n = layout.count()
        if isinstance(layout, QGridLayout):
            placed: list[tuple[int, int, int]] = []
            for i in range(n):
                pos: Any = layout.getItemPosition(i)  # (row, column, row span, column span)
                placed.append((int(pos[0]), int(pos[1]), i))
            return [layout.itemAt(i) for _r, _c, i in sorted(placed)]
        if isinstance(layout, QFormLayout):
            out = []
            for row in range(layout.rowCount()):
                for role in (
                    QFormLayout.ItemRole.LabelRole,
                    QFormLayout.ItemRole.FieldRole,
                    QFormLayout.ItemRole.SpanningRole,
                ):
                    it = layout.itemAt(row, role)
                    if it is not None:
                        out.append(it)
            return out
        return [layout.itemAt(i) for i in range(n)]

    def walk_layout(layout: QLayout) -> None:
        for it in items(layout):
            if it is None:
                continue
            child, sub = it.widget(), it.layout()
            if child is not None:
                walk_widget(child)
            elif sub is not None:
                walk_layout(sub)

    def walk_widget(w: QWidget) -> None:
        if isinstance(w, QTabWidget):  # its tabs, then each page's own widgets
            order.append(w.tabBar())
            for i in range(w.count()):
                tab = w.widget(i)
                if tab is not None:
                    walk_widget(tab)
            return
        if isinstance(w, QStackedWidget):
            for i in range(w.count()):
                page = w.widget(i)
                if page is not None:
                    walk_widget(page)
            return
        content = w.widget() if isinstance(w, QScrollArea) else None
        if content is not None and not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            walk_widget(content)
            return
        if isinstance(w, QAbstractItemView):  # the list, then the editors placed in its cells by row
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                order.append(w)
            model = w.model()
            if model is not None:
                for r in range(model.rowCount()):
                    for c in range(model.columnCount()):
                        cell = w.indexWidget(model.index(r, c))
                        if cell is not None and cell.focusPolicy() & Qt.FocusPolicy.TabFocus:
                            order.append(cell)
            return
        inner = w.layout()
        if inner is not None and not isinstance(w, QAbstractScrollArea):
            walk_layout(inner)
            return
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            order.append(w)

    top = root.layout()
    if top is not None:
        walk_layout(top)
    for a, b in zip(order, order[1:], strict=False):
        QWidget.setTabOrder(a, b)
    return order
