"""The first window: the main window's shell, shown within a blink of starting.

Importing SQLAlchemy and opening (maybe migrating) the database takes about a second on an old
laptop. Meanwhile this window stands where the main window will be, with its navigation and
today's visits of this laptop's van — read with plain sqlite3 (``storage/fast_read.py``), before
the data layer is imported — so the crew sees today's school and counts at once. The main window
takes over at the same place when the data layer is ready. Until then the navigation is greyed
out, but the keyboard already works for what a crew does at the gate (``early_input.py``): the
counting keys 1–6 when one of today's visits is in progress, and badge scans; both are shown as
pending and saved through the services when the main window takes over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
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
from .early_input import EarlyInput, Intent

if TYPE_CHECKING:
    from ..services.today_snapshot import TodaySnapshot, TodayVisit

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
        self,
        settings: QSettings,
        snapshot: TodaySnapshot | None = None,
        parent: QWidget | None = None,
        *,
        take_input: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startup_window")
        self.setWindowTitle(self.tr("Caravan Field Log"))
        self.handed_over = False
        self.successor: QMainWindow | None = None  # the main window, once it took over
        self._save_late: Callable[[list[Intent]], object] | None = None
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
        self._visit_labels: dict[str, tuple[TodayVisit, QLabel]] = {}
        self.data_shown = snapshot is not None
        running = [v.id for v in snapshot.visits if v.status == "in_progress"] if snapshot else []
        # Keys count only for the one running visit the crew sees (as on 今日); scans always taken.
        self.early = (
            EarlyInput(settings, running[0] if len(running) == 1 else None, self, on_change=self._show_pending)
            if take_input
            else None
        )
        self.accepts_input = self.early is not None  # the benchmarks' "keyboard works" mark
        if snapshot is not None:
            self._show_today(snapshot, body, lay)
        self.pending = QLabel("", body)
        self.pending.setObjectName("startup_pending")
        self.pending.setWordWrap(True)
        self.pending.setStyleSheet("color:#8a4b00; font-weight:bold;")
        lay.addWidget(self.pending)
        self._show_pending()
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
        body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # keys come here, not to the greyed navigation
        self.setFocusProxy(body)
        body.setFocus(Qt.FocusReason.OtherFocusReason)
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
            lbl = QLabel(self._visit_text(v), body)
            lbl.setObjectName("startup_visit")
            lbl.setWordWrap(True)
            lbl.setStyleSheet("font-size: 13pt;")
            self.today_labels.append(lbl)
            self._visit_labels[v.id] = (v, lbl)
            lay.addWidget(lbl)

    def _visit_text(self, v: TodayVisit) -> str:
        status = i18n.pick(*_STATUS.get(v.status, (v.status, v.status)))
        early = self.early if self.early is not None and self.early.visit_id == v.id else None
        parts = []
        for g, zh, en in _GROUPS:
            part = f"{i18n.pick(zh, en)} {v.totals.get(g, 0)}"
            if early is not None and early.pending(g):
                part += f" (+{early.pending(g)})"
            parts.append(part)
        return self.tr("{site} — {status}\nCounted {n}: {counts}\nSigned in: {s}").format(
            site=v.site_name, status=status, n=v.total, counts="  ".join(parts), s=v.signins
        )

    def _show_pending(self) -> None:
        """Keys and scans taken so far, shown as not yet saved (first called once ``pending`` exists)."""
        early = self.early
        if early is not None and early.visit_id in self._visit_labels:
            v, lbl = self._visit_labels[early.visit_id]
            lbl.setText(self._visit_text(v))
        if early is None:
            self.pending.setText("")
            return
        lines = []
        if early.pending() or early.scans():
            lines.append(
                self.tr("Taken while starting: {n} counts, {s} scans — saved when the data is open").format(
                    n=early.pending(), s=early.scans()
                )
            )
        elif early.counts_keys:
            lines.append(self.tr("Keys 1–6 count already; badges can be scanned"))
        else:
            lines.append(self.tr("Badges can be scanned already"))
        if early.last_refused:
            lines.append(early.last_refused)
        self.pending.setText("\n".join(lines))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if self.early is not None and plain and self.early.key(event.text()):
            event.accept()
            if self.handed_over and self._save_late is not None:
                self._save_late(self.early.take())  # pressed while this window stood: saved now
            return
        if self.handed_over and self.successor is not None:
            # Any other key this window still gets after the hand-over goes on to the main window.
            target = self.successor.focusWidget() or self.successor
            QCoreApplication.sendEvent(
                target, QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers(), event.text())
            )
            event.accept()
            return
        super().keyPressEvent(event)

    def taken_input(self) -> list[Intent]:
        """What the keyboard and scanner took so far (and stop taking more): for the main window."""
        return self.early.take() if self.early is not None else []

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.activateWindow()  # the keyboard works from the first blink (early_input.py)
        self.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def say(self, text: str) -> None:
        self.status.setText(text)

    def hand_over(self, window: QMainWindow, save_late: Callable[[list[Intent]], object] | None = None) -> None:
        """Replace this window by the main window at the same place.

        Keys still reach this window afterwards: those the window system queued for it while the
        main window was being built (the UI thread takes no keys then), and a person's last key
        the scanner gives back to where it was typed. A counting key among them is handed to
        ``save_late`` at once (as ``taken_input()`` before); any other key goes on to the main
        window."""
        self.handed_over = True
        if window is not self:
            self.successor, self._save_late = window, save_late
        window.show()
        window.activateWindow()  # the keyboard follows at once where the window system allows it
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.handed_over:  # closed by the user while loading: quit
            from PySide6.QtWidgets import QApplication

            QApplication.quit()
        super().closeEvent(event)
