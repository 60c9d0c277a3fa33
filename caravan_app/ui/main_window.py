"""The main window: a navigation list on the left, one page at a time on the right.

The window opens with one page (the last one shown); the others are built when first shown or,
once ``build_pages_when_idle()`` is called (the app does, after the window shows), one per idle
moment of the event loop, so keys and clicks are handled between two pages and every nav click
soon finds its page built. A page gets ``refresh()`` whenever it is shown and was not built
that moment, so a page built in idle time shows what changed since.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from . import i18n
from .common import settings_for, tab_in_layout_order
from .shell_services import ShellServices
from .tasks import TaskRunner, TaskStatus

if TYPE_CHECKING:  # the data layer is imported after the first window shows
    from ..services.app import App


log = logging.getLogger(__name__)


def _t(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)  # tr-dynamic: PAGES titles are QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: object  # English source marked with QT_TRANSLATE_NOOP; _t() translates it
    module: str
    cls: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", QT_TRANSLATE_NOOP("MainWindow", "Today"), "caravan_app.ui.pages.today_page", "TodayPage"),
    PageSpec("visits", QT_TRANSLATE_NOOP("MainWindow", "Visits"), "caravan_app.ui.pages.visits_page", "VisitsPage"),
    PageSpec(
        "signin",
        QT_TRANSLATE_NOOP("MainWindow", "Sign-in"),
        "caravan_app.ui.pages.signin_page",
        "SigninPage",
    ),
    PageSpec(
        "distribution",
        QT_TRANSLATE_NOOP("MainWindow", "Distribution"),
        "caravan_app.ui.pages.distribution_page",
        "DistributionPage",
    ),
    PageSpec("stock", QT_TRANSLATE_NOOP("MainWindow", "Stock"), "caravan_app.ui.pages.stock_page", "StockPage"),
    PageSpec(
        "sites", QT_TRANSLATE_NOOP("MainWindow", "Schools / sites"), "caravan_app.ui.pages.sites_page", "SitesPage"
    ),
    PageSpec(
        "reports",
        QT_TRANSLATE_NOOP("MainWindow", "Reports"),
        "caravan_app.ui.pages.reports_page",
        "ReportsPage",
    ),
    PageSpec("sync", QT_TRANSLATE_NOOP("MainWindow", "Sync"), "caravan_app.ui.pages.sync_page", "SyncPage"),
    PageSpec(
        "settings", QT_TRANSLATE_NOOP("MainWindow", "Settings"), "caravan_app.ui.pages.settings_page", "SettingsPage"
    ),
    PageSpec(
        "catalogue",
        QT_TRANSLATE_NOOP("MainWindow", "People & books"),
        "caravan_app.ui.pages.catalogue_page",
        "CataloguePage",
    ),
)


# Screens this small (available area, taskbar excluded) open the window maximised: a 1200 px
# window on a 1366×768 laptop wastes a strip and moves the pages' rows off screen.
SMALL_AVAILABLE = (1366, 768)
FIRST_SIZE = (1200, 800)

# Idle building starts this long after it is asked for (the window's first paint and the keys
# of the hand-over go first), then builds one page per turn of the event loop.
IDLE_START_MS = 100


def first_placement(available: QRect) -> tuple[bool, QRect]:
    """Where the window opens the first time: maximised on a small screen, otherwise
    ``FIRST_SIZE`` (never beyond the screen) in the middle of it."""
    if available.width() <= SMALL_AVAILABLE[0] and available.height() <= SMALL_AVAILABLE[1]:
        return True, QRect(available)
    w, h = min(FIRST_SIZE[0], available.width()), min(FIRST_SIZE[1], available.height() - 30)
    rect = QRect(0, 0, w, h)
    rect.moveCenter(available.center())
    return False, rect


class _DialogTabOrder(QObject):
    """Every dialog of the app, when shown, tabs in the order of its layout (see
    ``tab_in_layout_order``); Qt's own dialogs are left as Qt made them. (On focus changes
    instead it depended on the window being active; the filter returns at once for any
    event but a show.)"""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.Show
            and isinstance(obj, QDialog)
            and type(obj).__module__.startswith("caravan_app.")
        ):
            tab_in_layout_order(obj)
        return False


def page_class(spec: PageSpec) -> Callable[..., QWidget]:
    """The page's class, imported when the page is first shown (a missing module is an error,
    never a silent placeholder: the bundle must carry every page)."""
    return getattr(importlib.import_module(spec.module), spec.cls)


class MainWindow(QMainWindow):
    all_pages_built = Signal()  # idle building has built every page (again after a language change)

    def __init__(self, app: App, runner: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner or TaskRunner(self)
        self.settings = settings_for(app)
        # Long-lived services belong to the window, not to pages (pages are rebuilt on a language change).
        self.shell = ShellServices(app, self.runner, self)
        self.ops = self.shell.ops
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("Caravan Field Log"))
        self.pages: dict[str, QWidget] = {}
        self.nav = QListWidget(self)
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget(self)
        self._placeholders: dict[str, QWidget] = {}
        self._scrolls: dict[str, QScrollArea] = {}
        self._idle_wanted = False
        self._idle_failed: set[str] = set()
        self._idle = QTimer(self)  # builds the next page not built yet; see build_pages_when_idle
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._build_next_page)
        for i, spec in enumerate(PAGES):
            item = QListWidgetItem(_t(str(spec.title)))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"Ctrl+{(i + 1) % 10}")
            self.nav.addItem(item)
            holder = QWidget(self.stack)  # replaced by the real page on first show
            self._placeholders[spec.key] = holder
            self.stack.addWidget(holder)
            act = QAction(self)
            act.setShortcut(QKeySequence(f"Ctrl+{(i + 1) % 10}"))  # the tenth page is Ctrl+0
            act.triggered.connect(lambda _c=False, k=spec.key: self.show_page(k).setFocus())
            self.addAction(act)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.device_label = QLabel(self)
        self.statusBar().addWidget(self.device_label)
        self.phone_label = QLabel(self)
        self.phone_label.setObjectName("phone_state")
        self.statusBar().addWidget(self.phone_label)
        self.shell.phone.state_changed.connect(self.update_phone_label)
        self.clock_label = QLabel(self)  # the clock moved since the last sync (services/base.Clock)
        self.clock_label.setObjectName("clock_state")
        self.clock_label.setProperty("warning", True)
        self.statusBar().addWidget(self.clock_label)
        self.shell.ops.changed.connect(lambda _c: self.update_clock_label())
        self._clock_timer = QTimer(self)  # a clock set while nothing is recorded is seen within a minute
        self._clock_timer.setInterval(60_000)
        self._clock_timer.timeout.connect(self.update_clock_label)
        self._clock_timer.start()
        self.update_clock_label()
        self.task_status = TaskStatus(self.runner, self)
        self.statusBar().addPermanentWidget(self.task_status)
        self.runner.unhandled_error.connect(lambda exc: self.statusBar().showMessage(i18n.error_text(exc), 10_000))
        self.nav.currentRowChanged.connect(lambda row: self.show_page(PAGES[row].key))
        self.update_device_label()
        geo = self.settings.value("window/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        elif self.screen() is not None:
            maximised, rect = first_placement(self.screen().availableGeometry())
            self.setGeometry(rect)
            if maximised:
                self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.resize(*FIRST_SIZE)
        self._dialog_tabs = _DialogTabOrder(self)
        qapp = QCoreApplication.instance()
        if qapp is not None:
            qapp.installEventFilter(self._dialog_tabs)
        # --- the app-wide badge scanner — made once here, never in a page ---
        from .scanner import attach_scanner

        self.scanner = attach_scanner(self)  # scans go to current_visit(self); banner on this window
        self.shell.set_scanner(self.scanner)  # the shell keeps the long-lived services
        last = str(self.settings.value("window/page", "today") or "today")
        self.show_page(last if last in {p.key for p in PAGES} else "today")

    # --- pages ------------------------------------------------------------------------------
    def build_pages_when_idle(self, start_ms: int = IDLE_START_MS) -> None:
        """Build every page not built yet, one per idle moment, starting ``start_ms`` from now.

        Between two pages the event loop runs, so keys, scans and clicks wait at most one page's
        construction; a page clicked before its turn is built at once, as without this."""
        self._idle_wanted = True
        self._idle_failed.clear()
        self._idle.setInterval(start_ms)
        self._idle.start()

    @property
    def pages_complete(self) -> bool:
        """Every page is built (a nav click only shows it)."""
        return len(self.pages) == len(PAGES)

    def _build_next_page(self) -> None:
        missing = [p.key for p in PAGES if p.key not in self.pages and p.key not in self._idle_failed]
        if missing:
            try:
                self.page(missing[0])
            except Exception:  # noqa: BLE001 - nobody asked for it yet: the click shows the error
                self._idle_failed.add(missing[0])
                log.warning("page %s could not be built in idle time", missing[0], exc_info=True)
        if len(missing) > 1:
            self._idle.setInterval(0)
            self._idle.start()
        else:
            self.all_pages_built.emit()

    def page(self, key: str) -> QWidget:
        """The page widget, built on first use."""
        if key not in self.pages:
            spec = next(p for p in PAGES if p.key == key)
            widget = page_class(spec)(self.app, self.runner, self.stack)
            widget.setObjectName(f"page_{key}")
            holder = self._placeholders.pop(key)
            idx = self.stack.indexOf(holder)
            self.stack.removeWidget(holder)
            holder.deleteLater()
            # A scroll area lets a tall page fit a 1366×768 laptop screen instead of forcing the window taller.
            scroll = QScrollArea(self.stack)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(widget)
            self.stack.insertWidget(idx, scroll)
            self._scrolls[key] = scroll
            self.pages[key] = widget
            if hasattr(widget, "navigate_requested"):  # Signal(str page_key, object visit_id_or_None)
                widget.navigate_requested.connect(self.go_to)  # type: ignore[attr-defined]
        return self.pages[key]

    def show_page(self, key: str) -> QWidget:
        row = next(i for i, p in enumerate(PAGES) if p.key == key)
        fresh = key not in self.pages
        widget = self.page(key)
        self.stack.setCurrentWidget(self._scrolls[key])
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        refresh = getattr(widget, "refresh", None)
        if callable(refresh) and not fresh:
            refresh()
        tab_in_layout_order(widget)  # after refresh: rows it made are in the order too
        self.settings.setValue("window/page", key)
        return widget

    def rebuild_pages(self) -> None:
        """After a language change: rebuild the pages so every text comes from the new translators."""
        current = self.current_key()
        was_active = self.isActiveWindow()
        for key in list(self.pages):
            scroll = self._scrolls.pop(key)
            idx = self.stack.indexOf(scroll)
            self.stack.removeWidget(scroll)
            scroll.deleteLater()
            holder = QWidget(self.stack)
            self._placeholders[key] = holder
            self.stack.insertWidget(idx, holder)
        self.pages.clear()
        for i, spec in enumerate(PAGES):
            self.nav.item(i).setText(_t(str(spec.title)))
        self.setWindowTitle(self.tr("Caravan Field Log"))
        self.task_status.retranslate()
        self.update_device_label()
        self.update_phone_label()
        page = self.show_page(current)
        if self._idle_wanted:
            self.build_pages_when_idle()
        # The focused widget went with the old page: give the keyboard to the new one, so keys
        # (今日's counting keys) and scans keep working without a click after the switch.
        if was_active:
            self.activateWindow()
        page.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_to(self, key: str, visit_id: object = None) -> None:
        """Show a page, handing it a visit when it can take one (``set_visit``)."""
        widget = self.show_page(key)
        set_visit = getattr(widget, "set_visit", None)
        if visit_id and callable(set_visit):
            set_visit(visit_id)

    def current_key(self) -> str:
        return PAGES[self.nav.currentRow()].key

    def update_device_label(self) -> None:
        dev = self.app.catalog.this_device()
        van = self.app.catalog.caravan_by_name(dev.caravan_id) if dev.caravan_id else None
        if van:
            self.device_label.setText(self.tr("Van: {van} · Laptop: {name}").format(van=van.name, name=dev.name or ""))
        else:
            self.device_label.setText(self.tr("This laptop is not set up yet (Settings)"))

    def update_phone_label(self) -> None:
        phone = self.shell.phone
        self.phone_label.setText(
            self.tr("Phone sign-in open (port {port})").format(port=phone.port()) if phone.is_serving() else ""
        )

    def update_clock_label(self) -> None:
        move = self.app.clock.check()
        self.clock_label.setVisible(move is not None)
        if move is not None:
            self.clock_label.setText(
                self.tr(
                    "The laptop's clock moved by {h:.1f} h since the last sync: set the date and time, "
                    "or sync (until then records keep the day of the last sync)"
                ).format(h=abs(move.by_ms) / 3_600_000)
            )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Before the window system made the window active (a moment after it shows) Qt fires no
        # window shortcut: the page in front may take the key itself (今日's counting keys).
        page = self.pages.get(self.current_key())
        take = getattr(page, "key_before_active", None)
        if not self.isActiveWindow() and callable(take) and take(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.scanner.scanner.flush()  # a person's last key, still held as a possible scan, counts
        self._idle.stop()
        self._idle_wanted = False
        qapp = QCoreApplication.instance()
        if qapp is not None:
            qapp.removeEventFilter(self._dialog_tabs)
        self.shell.shutdown()
        for timer in self.findChildren(QTimer):  # a page's debounce (a search typed, a scan) runs no more:
            timer.stop()  # the database may be closed once the window is
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        self.runner.cancel()
        self.runner.wait(5000)
        super().closeEvent(event)
