"""A damaged database at start and an unexpected error in a slot, as the crew would meet them."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from caravan_app.services.app import App
from caravan_app.services.startup import StartupProblem, open_app
from tests.conftest import fresh_data_dir

pytestmark = pytest.mark.gui


def _damaged_folder(tmp_path: Path) -> tuple[Path, Path]:
    data = fresh_data_dir(tmp_path / "d")
    app = App.open(data)
    app.catalog.add_caravan("1号车")
    good = app.maintenance.backup()
    app.close()
    db = data / "caravan.db"
    raw = bytearray(db.read_bytes())
    raw[:16] = b"garbage garbage!"
    db.write_bytes(bytes(raw))
    return data, good


def _when_modal(act, tries: int = 500) -> None:  # noqa: ANN001
    """Run ``act(dialog)`` once a modal dialog is up (polled every 20 ms, up to 10 s): a fixed
    delay raced the start on a loaded machine, before the recovery dialog was shown."""
    dialog = QApplication.activeModalWidget()
    if dialog is None and tries > 0:
        QTimer.singleShot(20, lambda: _when_modal(act, tries - 1))
        return
    act(dialog)


def test_recovery_dialog_restores_the_latest_good_backup(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from caravan_app.ui.shell import open_or_recover

    data, good = _damaged_folder(tmp_path)
    (data / "backups" / "auto-99999999-broken.db").write_bytes(b"broken backup")

    def click_restore(dialog) -> None:  # noqa: ANN001
        assert dialog is not None and dialog.chosen_backup() == good  # the damaged newer one is skipped
        restore = [b for b in dialog.findChildren(QPushButton) if b.isEnabled() and b is dialog.restore_button][0]
        restore.click()

    _when_modal(click_restore)
    app = open_or_recover(data, QApplication.instance())  # type: ignore[arg-type]
    assert app is not None
    assert [c.name for c in app.catalog.caravans()] == ["1号车"]
    app.close()
    assert not isinstance(open_app(data), StartupProblem)


def test_quitting_the_recovery_dialog_touches_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from caravan_app.ui.shell import open_or_recover

    data, _good = _damaged_folder(tmp_path)
    before = (data / "caravan.db").read_bytes()
    _when_modal(lambda dialog: dialog.reject())
    assert open_or_recover(data, QApplication.instance()) is None  # type: ignore[arg-type]
    assert (data / "caravan.db").read_bytes() == before


@pytest.mark.expected_logs("caravan.ui")
def test_an_unexpected_error_shows_a_copyable_report_and_is_logged(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    from caravan_app.ui.error_dialog import ErrorReportDialog, install_exception_dialog

    old = sys.excepthook
    install_exception_dialog()
    seen: list[str] = []

    def close_dialog() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, ErrorReportDialog)
        seen.append(dlg.text.toPlainText())
        dlg.copy_button.click()
        dlg.reject()

    button = QPushButton("boom")
    qtbot.addWidget(button)

    def fail() -> None:
        raise RuntimeError("bad thing in a slot")

    button.clicked.connect(fail)
    QTimer.singleShot(200, close_dialog)
    try:
        with caplog.at_level(logging.ERROR, logger="caravan.ui"):
            button.click()
    finally:
        sys.excepthook = old
    assert seen and "RuntimeError: bad thing in a slot" in seen[0]
    assert "bad thing in a slot" in QApplication.clipboard().text()
    assert any("bad thing in a slot" in r.getMessage() for r in caplog.records)
    assert button.isEnabled()  # the app goes on


def test_automatic_sync_is_armed_without_opening_the_sync_page(qtbot, app, field) -> None:  # type: ignore[no-untyped-def]
    from caravan_app.ui.shell import build_window, start_background_sync

    window = build_window(app, QApplication.instance())  # type: ignore[arg-type]
    qtbot.addWidget(window)
    assert "sync" not in window.pages  # pages are built lazily
    start_background_sync(window, delay_ms=10)
    auto = window.shell.sync.auto
    assert window.shell.sync.armed and auto._timer.isActive()  # probing without the 同步 page
    assert "sync" not in window.pages  # the page is not needed for it
    assert auto.parent().parent() is window.shell  # its probe timer lives as long as the window
    assert window.current_key() != "sync"  # the crew's page did not change


def test_recovery_dialog_rescues_the_readable_rows_first(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A smashed page: “Rescue readable data” keeps every record that can be read, and says so."""
    import sqlite3

    from caravan_app.services.demo import load_demo
    from caravan_app.ui.shell import open_or_recover

    data = fresh_data_dir(tmp_path / "d")
    app = App.open(data)
    load_demo(app, visits=8)
    app.maintenance.backup()
    visits = len(app.visits.list())
    app.close()
    db = data / "caravan.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("SELECT pageno FROM dbstat WHERE name='movements' AND pagetype='leaf'").fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:
        fh.seek((page - 1) * 4096)
        fh.write(b"\x00\xff" * 2048)
    seen: list[str] = []

    def rescue(dialog) -> None:  # noqa: ANN001
        assert dialog is not None
        items = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        seen.extend(items)
        dialog.rescue_button.click()
        QTimer.singleShot(
            200,
            lambda: seen.append(QApplication.activeModalWidget().text()) or QApplication.activeModalWidget().accept(),
        )  # type: ignore[union-attr]

    _when_modal(rescue)
    opened = open_or_recover(data, QApplication.instance())  # type: ignore[arg-type]
    if opened is None or isinstance(opened, StartupProblem):
        pytest.fail(f"rescue did not open the data: {seen}")
    try:
        assert len(opened.visits.list()) == visits
        assert opened.maintenance.check().ok
    finally:
        opened.close()
    assert any("分钟前" in s and "条记录" in s for s in seen[:-1]), seen  # each backup: its age and size
    assert "已救出" in seen[-1]
