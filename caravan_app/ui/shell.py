"""Starting the desktop app: Qt application, language, fonts, first run, main window."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ..paths import data_dir as resolve_data_dir
from . import early_input, i18n
from .common import STYLE, settings_at, settings_for
from .fonts import ensure_cjk_font
from .tasks import TaskRunner

if TYPE_CHECKING:  # imported in the background once the first window shows
    from ..services.app import App
    from ..services.startup import StartupProblem
    from .main_window import MainWindow
    from .startup_window import StartupWindow


def qt_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("JiningCaravan")
    QCoreApplication.setApplicationName("CaravanFieldLog")
    qa = QApplication(argv if argv is not None else sys.argv[:1])
    qa.setStyleSheet(STYLE)
    return qa


def setup_ui(app: App, qa: QApplication, language: str | None = None) -> tuple[str, str | None]:
    """Install the saved (or given) language and a CJK font; returns (language, font family)."""
    settings = settings_for(app)
    lang = i18n.install(language or os.environ.get("CARAVAN_LANG") or i18n.saved_language(settings), qa)
    return lang, ensure_cjk_font(qa)


def build_window(app: App, qa: QApplication, language: str | None = None) -> MainWindow:
    """The main window with language and fonts set up (tests and screenshots use this too)."""
    from .main_window import MainWindow

    lang, font = setup_ui(app, qa, language)
    window = MainWindow(app)  # owns its task runner: nothing outlives the window
    window.cjk_font = font  # type: ignore[attr-defined]
    if font is None and lang == i18n.CHINESE:
        QTimer.singleShot(0, lambda: warn_no_font(window))
    return window


def warn_no_font(parent: MainWindow) -> None:
    QMessageBox.warning(
        parent,
        "Chinese font missing / 缺少中文字体",
        "No Chinese font was found, so Chinese text shows as boxes. Install a CJK font "
        "(Debian/Ubuntu: sudo apt install fonts-wqy-microhei; Windows has Microsoft YaHei).\n\n"
        "未找到中文字体，中文会显示为方框。请安装中文字体（如 fonts-wqy-microhei）。",
    )


def run(data_dir: str | Path | None = None, demo: bool = False, language: str | None = None) -> int:
    """Show a window at once, load the data layer behind it, then hand over to the main window."""
    # Start-up allocates only what lives until the app closes (modules, mappers, widgets), so
    # the collector's passes over it are wasted: ~15 % of the imports' CPU. Back on once the
    # start-up objects are frozen (``freeze_startup_objects``), or when the app stops.
    gc.disable()
    from .startup_window import StartupWindow

    qa = qt_app()
    d = resolve_data_dir(data_dir)
    from .single_instance import InstanceGuard

    guard = InstanceGuard(d)
    if not guard.claim():  # the app is open on this folder already: its window comes forward
        print(
            f"程序已在运行，已切换到它的窗口 / already running on {d}: its window was brought forward", file=sys.stderr
        )
        return 0
    lang = i18n.install(language or os.environ.get("CARAVAN_LANG") or i18n.saved_language(settings_at(d)), qa)
    ensure_cjk_font(qa)
    from ..paths import database_path
    from ..services.today_snapshot import today as today_snapshot

    splash = StartupWindow(settings_at(d), today_snapshot(database_path(d)))  # plain sqlite3: no SQLAlchemy yet
    splash.show()
    runner = TaskRunner()
    state: dict[str, Any] = {"code": 0}  # what the callbacks decided: exit code, app, window
    guard.raise_requested.connect(lambda: bring_forward(state.get("window") or splash))
    QTimer.singleShot(0, guard.listen)  # once the first window is up

    def load(progress) -> App | StartupProblem:  # noqa: ANN001 - worker thread: import and open
        from ..services.startup import StartupProblem, open_app

        opened = open_app(d)
        if demo and not isinstance(opened, StartupProblem):
            progress(0, 0, QCoreApplication.translate("shell", "Loading demo data…"))
            load_demo_if_empty(opened)  # type: ignore[arg-type]
        if not isinstance(opened, StartupProblem):
            prepare_main_window(opened)
        return opened

    def loaded(opened: App | StartupProblem) -> None:
        app = recover_if_needed(opened, qa)
        if app is None:
            tell_lost(splash)
            state["code"] = 1
            qa.quit()
            return
        state["app"] = app
        from ..logs import setup_logging
        from .error_dialog import install_exception_dialog

        try:
            setup_logging(app.data_dir)
        except OSError:
            pass  # a read-only data folder opens read-only: no log file there
        install_exception_dialog()
        if not app.catalog.is_configured():
            from .first_run import FirstRunWizard

            wizard = FirstRunWizard(app, parent=splash)
            accepted = wizard.exec() == QDialog.DialogCode.Accepted
            wizard.runner.wait()
            if not accepted:  # the person was asked and chose to stop
                state["code"] = 1
                qa.quit()
                return
        window = build_window(app, qa, lang)  # its scanner takes over from the first window's
        state["window"] = window
        if app.db.read_only:
            QTimer.singleShot(0, lambda: tell_read_only(window, app))
        take_over(splash, window)
        # The rest waits until the window has painted: none of it is seen at once.
        QTimer.singleShot(AFTER_SHOWN_MS, window, lambda: after_shown(window))
        # What start-up made (modules, Qt wrappers, SQLAlchemy's mappers: most of the heap) lives
        # until the app closes; out of the collector's reach, a full collection during the
        # day no longer walks it (a burst of phones signing in slowed by ~20 % with it).
        # A moment later, so the one collection before it does not delay the first input.
        QTimer.singleShot(FREEZE_AFTER_MS, freeze_startup_objects)

    def failed(exc: BaseException) -> None:
        QMessageBox.critical(splash, "Caravan Field Log", i18n.error_text(exc))
        tell_lost(splash)
        state["code"] = 1
        qa.quit()

    runner.submit(load, on_done=loaded, on_error=failed, on_progress=lambda _d, _t, text: splash.say(text))
    try:
        code = qa.exec()
    finally:
        window = state.get("window")
        if window is not None and window.scanner.scanner.enabled:  # the loop quit, the window is open:
            window.scanner.scanner.flush()  # a key still held as a possible scan is done before the data closes
        gc.enable()  # the app stopped before the freeze (first run refused, data lost, quit early)
        runner.wait()
        runner.deleteLater()
        app = state.get("app")
        if app is not None:
            try:
                app.maintenance.backup_if_due()  # type: ignore[attr-defined]  # each field day leaves a copy
            except OSError:
                pass  # a full disk must not stop the app from closing; the data itself is saved
            app.close()
        guard.release()
    return int(state["code"]) or code


def take_over(splash: StartupWindow, window: MainWindow) -> tuple[int, int]:
    """The main window replaces the first window: the keys and scans taken so far are done
    through the services, and so is any counting key that still reaches the first window after
    it (queued for it while the main window was built). Returns (saved, refused) of the first."""
    taken = splash.taken_input()
    splash.hand_over(window, save_late=lambda late: early_input.apply(window, late))
    return early_input.apply(window, taken)  # keys and scans of the first second, through the services


def read_only_notice(app: App) -> str:
    """Why nothing can be saved in this session (read-only medium, no permission, full disk, each
    naming the folder), and whether the figures may be old (a crash's log that cannot be read)."""
    text = i18n.error_text(app.db.refusal())
    stale = app.db.source.stale if app.db.source is not None else None
    return f"{text}\n\n{i18n.pick(*stale)}" if stale else text


def tell_read_only(parent: QWidget, app: App) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, "Caravan Field Log", read_only_notice(app), parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()  # not modal to the loop: the window stays readable behind it
    return box


def bring_forward(window: QWidget) -> None:
    """Show a window in front (another start of the app asked for it): out of the taskbar if
    minimised, raised, and given the focus where the window system allows it."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


# The collector stays off this long after the main window shows: its pages are built in idle
# time by then (~1 s on an old laptop), so they are frozen with the rest of start-up.
FREEZE_AFTER_MS = 1500


def prepare_main_window(app: App) -> None:
    """On the loading thread, while the first window takes keys: import the main window's
    modules and make the first query (it configures the ORM's mappers), so the UI thread's part
    of the hand-over is mostly building widgets (it takes no keys while it builds)."""
    from . import main_window, scanner, shell_services  # noqa: F401 - imported for the UI thread
    from .pages import today_page  # noqa: F401 - the page the window opens with, most often

    app.catalog.is_configured()


# What start-up does once the main window is up waits this long (its first paint goes first).
AFTER_SHOWN_MS = 50


def after_shown(window: MainWindow) -> None:
    """Arm the window's long-lived services and build its other pages in idle time (skipped
    when the window was closed already)."""
    if not window.isVisible():
        return
    start_background_sync(window)
    window.shell.backups.arm()  # a backup every 2 h while the app runs, if changed
    window.shell.purge_personal_data()  # the retention purge, off the UI thread
    window.build_pages_when_idle()  # every other page, one per idle moment: each nav click is instant


def freeze_startup_objects() -> None:
    gc.collect()
    gc.freeze()
    gc.enable()


def tell_lost(splash: StartupWindow) -> None:
    """The data never opened: say which keys and scans of the first window were not saved."""
    taken = splash.taken_input()
    if taken:
        QMessageBox.warning(splash, "Caravan Field Log", early_input.lost_text(taken))


def start_background_sync(window: MainWindow, delay_ms: int = 3000) -> None:
    """Arm automatic sync of the window (not of the 同步 page): it probes the hub from the first
    minute, whether or not anyone opens the page, and survives a language change."""
    if window.shell.sync is None:
        return
    window.shell.sync.arm(delay_ms / 1000)


def recover_if_needed(opened: App | StartupProblem, qa: QApplication) -> App | None:
    """The app, or — when the database is damaged — what the recovery dialog restores (None: quit)."""
    from ..services.startup import StartupProblem

    if not isinstance(opened, StartupProblem):
        return opened
    if opened.kind != "damaged":  # a permissions problem: a restore would not help, say what is wrong
        QMessageBox.critical(None, "Caravan Field Log", i18n.pick(opened.zh, opened.en))
        return None
    return _run_recovery(opened)


def _run_recovery(opened: StartupProblem) -> App | None:
    """The recovery dialog: rescue the readable rows, or restore a chosen backup (None: quit)."""
    from ..services.startup import recover, rescue
    from .recovery_dialog import RecoveryDialog

    dialog = RecoveryDialog(opened)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if dialog.action == "rescue":
        try:
            app, result = rescue(opened)
        except (ValueError, OSError) as exc:
            QMessageBox.critical(None, "Caravan Field Log", i18n.error_text(exc))
            return _run_recovery(opened)
        lost = sum(n for n in result.lost.values() if n > 0)
        QMessageBox.information(
            None,
            "Caravan Field Log",
            i18n.pick(
                f"已救出 {result.total_copied + result.rebuilt} 条记录；损坏处无法读取的约 {lost} 条。"
                "原文件已另存到 backups 文件夹。建议尽快同步。",
                f"Rescued {result.total_copied + result.rebuilt} records; about {lost} on the damaged pages could "
                "not be read. The damaged file was kept in the backups folder. Sync soon.",
            ),
        )
        return app
    if dialog.chosen_backup() is None:
        return None
    return recover(opened, dialog.chosen_backup())  # type: ignore[arg-type]


def load_demo_if_empty(app: App) -> bool:
    """Fill an empty database with the demo season (the README's run command)."""
    if app.visits.list() or app.catalog.caravans():
        return False
    try:
        from ..services.demo import load_demo
    except ModuleNotFoundError:
        return False
    load_demo(app)
    return True


def open_or_recover(data_dir: str | Path | None, qa: QApplication, language: str | None = None) -> App | None:
    """Open the data folder; if its database is damaged, offer the latest good backup
    instead of a traceback. None when the user chose to quit."""
    from ..services.startup import StartupProblem, open_app

    opened = open_app(data_dir)
    if not isinstance(opened, StartupProblem):
        return opened
    i18n.install(language or os.environ.get("CARAVAN_LANG") or i18n.CHINESE, qa)
    ensure_cjk_font(qa)
    return recover_if_needed(opened, qa)
