"""签到: phone self-sign-in (QR on screen and projector), printables, the list, badge scans shown.

The badge scanner belongs to the main window (ui/scanner.py); its results arrive in ``show_scan``.

The sign-in server runs in its own thread; each new phone sign-in comes back to this page by
a queued Qt signal, and a one-second poll of the count catches sign-ins from anywhere else
(the CLI, a second window), so the count follows within a second either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...reports import printables
from ...services.app import App
from ...signin.netaddr import DEFAULT_PORT, lan_addresses, signin_url
from ...signin.server import SigninServer
from ..common import big_button, heading, settings_for, show_error
from ..signin_projector import ProjectorView, qr_pixmap
from ..tasks import TaskRunner
from ..widgets.signin_list import SigninListView
from ..widgets.visit_picker import VisitPicker

OK_STYLE = "background:#e6f4ea; color:#136c2e; border-radius:6px; padding:10px; font-size:15pt; font-weight:bold;"
BAD_STYLE = "background:#fdecea; color:#a4161a; border-radius:6px; padding:10px; font-size:15pt; font-weight:bold;"


class _Bridge(QObject):
    """Lives on the UI thread; the server thread emits, Qt queues the call over."""

    signed_in = Signal(object)


class SigninPage(QWidget):
    navigate_requested = Signal(str, object)

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.settings = settings_for(app)
        self.server: SigninServer | None = None
        self.server_visit: str | None = None
        self.bind_host = "0.0.0.0"  # every interface: hotspot and LAN (tests bind 127.0.0.1)
        self.open_after_print = True
        self.projector: ProjectorView | None = None
        self._count = -1
        self._bridge = _Bridge(self)
        self._bridge.signed_in.connect(self._on_phone_signin)

        self.picker = VisitPicker(app, self)
        self.picker.setObjectName("signin_visit")
        self.picker.visit_changed.connect(self._visit_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("signin_total")
        self.count_label.setProperty("big", True)
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.count_label)

        # --- phone sign-in --------------------------------------------------------------------
        phone_box = QGroupBox(self.tr("Phone sign-in"), self)
        self.open_button = big_button(self.tr("Open phone sign-in"), phone_box, "open_signin", primary=True)
        self.open_button.clicked.connect(self.toggle_server)
        self.address = QComboBox(phone_box)
        self.address.setObjectName("signin_address")
        self.address.setEditable(True)
        self.address.setToolTip(self.tr("The laptop's address on the hotspot or school network"))
        self.port = QSpinBox(phone_box)
        self.port.setObjectName("signin_port")
        self.port.setRange(1024, 65535)
        self.port.setValue(int(str(self.settings.value("signin/port", DEFAULT_PORT))))
        self.fullscreen_button = big_button(self.tr("Full screen"), phone_box, "signin_fullscreen")
        self.fullscreen_button.clicked.connect(self.show_projector)
        self.new_link_button = big_button(self.tr("New link"), phone_box, "signin_new_link")
        self.new_link_button.setToolTip(self.tr("Replace the sign-in link: QR codes printed before stop working"))
        self.new_link_button.clicked.connect(self.new_link)
        self.qr = QLabel(phone_box)
        self.qr.setObjectName("signin_qr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(280, 280)
        self.url_label = QLabel(phone_box)
        self.url_label.setObjectName("signin_url")
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url_label.setWordWrap(True)
        self.server_state = QLabel(phone_box)
        self.server_state.setObjectName("signin_state")
        self.server_state.setWordWrap(True)
        grid = QGridLayout(phone_box)
        grid.addWidget(self.open_button, 0, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Address"), phone_box), 1, 0)
        grid.addWidget(self.address, 1, 1)
        grid.addWidget(QLabel(self.tr("Port"), phone_box), 2, 0)
        grid.addWidget(self.port, 2, 1)
        grid.addWidget(self.fullscreen_button, 3, 0)
        grid.addWidget(self.new_link_button, 3, 1)
        grid.addWidget(self.server_state, 4, 0, 1, 2)
        grid.addWidget(self.qr, 0, 2, 5, 1)
        grid.addWidget(self.url_label, 5, 0, 1, 3)

        # --- scanner and printing ---------------------------------------------------------------
        self.scan_message = QLabel(self.tr("Scan a badge with the scanner: no need to click anywhere first."), self)
        self.scan_message.setObjectName("scan_message")
        self.scan_message.setWordWrap(True)
        print_row = QHBoxLayout()
        self.poster_button = big_button(self.tr("Print poster"), self, "print_poster")
        self.sheet_button = big_button(self.tr("Print sign-in sheet"), self, "print_sheet")
        self.badges_button = big_button(self.tr("Print badges"), self, "print_badges")
        self.poster_button.clicked.connect(lambda: self._ask_and_print("poster"))
        self.sheet_button.clicked.connect(lambda: self._ask_and_print("sheet"))
        self.badges_button.clicked.connect(lambda: self._ask_and_print("badges"))
        for b in (self.poster_button, self.sheet_button, self.badges_button):
            print_row.addWidget(b)
        print_row.addStretch(1)

        self.list = SigninListView(app, self)
        self.list.setObjectName("signin_list")
        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Sign-in"), self))
        lay.addLayout(top)
        lay.addWidget(phone_box)
        lay.addWidget(self.scan_message)
        lay.addLayout(print_row)
        lay.addWidget(self.list, 1)

        QCoreApplication.instance().aboutToQuit.connect(self.stop_server)  # type: ignore[union-attr]
        self.poll = QTimer(self)
        self.poll.setInterval(1000)
        self.poll.timeout.connect(self._poll_count)
        self.poll.start()
        self._fill_addresses()
        self._visit_changed(self.picker.visit_id())

    # --- visit ----------------------------------------------------------------------------------

    def visit_id(self) -> str | None:
        return self.picker.visit_id()

    def set_visit(self, visit_id: str | None) -> None:
        self.picker.set_visit(visit_id)

    def refresh(self) -> None:
        self.picker.reload()
        self._fill_addresses()
        self._count = -1
        self._poll_count()

    def _visit_changed(self, visit_id: object) -> None:
        self.list.set_visit(str(visit_id) if visit_id else None)
        self._count = -1
        self._poll_count()
        self._show_state()

    def _fill_addresses(self) -> None:
        current = self.address.currentText()
        found = lan_addresses()
        self.address.blockSignals(True)
        self.address.clear()
        self.address.addItems(found or ["127.0.0.1"])
        if current and current in found:
            self.address.setCurrentText(current)
        self.address.blockSignals(False)
        if not found:
            self.server_state.setText(
                self.tr("This laptop is on no network: turn on its mobile hotspot so phones can connect.")
            )

    # --- the server -------------------------------------------------------------------------------

    def is_serving(self) -> bool:
        return self.server is not None and self.server.running

    def url(self) -> str | None:
        vid = self.server_visit or self.visit_id()
        if not vid:
            return None
        v = self.app.visits.get(vid)
        if not v or not v.get("signin_token"):
            return None
        port = self.server.port if self.is_serving() and self.server else self.port.value()
        return signin_url(self.address.currentText().strip() or "127.0.0.1", port, v["signin_token"])

    def toggle_server(self) -> None:
        if self.is_serving():
            self.stop_server()
        else:
            self.start_server()

    def start_server(self) -> bool:
        vid = self.visit_id()
        if not vid:
            self._say(self.tr("Choose a visit first."), ok=False)
            return False
        try:
            self.app.signin.open(vid)
            server = SigninServer(self.app, self.bind_host, self.port.value(), on_signin=self._bridge.signed_in.emit)
            server.start()
        except DomainError as exc:
            show_error(self, exc)
            return False
        except OSError as exc:
            self.app.signin.close(vid)
            self.server_state.setText(
                self.tr("Cannot open port {port} ({error}). Choose another port.").format(
                    port=self.port.value(), error=exc
                )
            )
            return False
        self.server, self.server_visit = server, vid
        self.settings.setValue("signin/port", self.port.value())
        self._show_state()
        return True

    def stop_server(self) -> None:
        if self.server is not None:
            self.server.stop()
        if self.server_visit:
            self.app.signin.close(self.server_visit)
        self.server, self.server_visit = None, None
        if self.projector is not None:
            self.projector.close()
        self._show_state()

    def new_link(self) -> None:
        vid = self.server_visit or self.visit_id()
        if vid:
            self.app.visits.new_signin_token(vid)
            self._show_state()

    def _show_state(self) -> None:
        serving = self.is_serving()
        self.open_button.setText(self.tr("Close phone sign-in") if serving else self.tr("Open phone sign-in"))
        self.port.setEnabled(not serving)
        self.fullscreen_button.setEnabled(serving)
        url = self.url() if serving else None
        if url:
            self.qr.setPixmap(qr_pixmap(url, 280))
            self.url_label.setText(self.tr("Phones on the same network open: {url}").format(url=url))
            self.server_state.setText(self.tr("Phone sign-in is open."))
            if self.projector is not None and self.projector.isVisible():
                self.projector.show_code(url, self._site_name(), max(self._count, 0))
        else:
            self.qr.clear()
            self.qr.setText(self.tr("Phone sign-in is closed."))
            self.url_label.clear()
            self.server_state.clear()

    def _site_name(self) -> str:
        v = self.app.visits.get(self.server_visit or self.visit_id() or "")
        site = self.app.sites.get(v["site_id"]) if v else None
        return site["name"] if site else ""

    def show_projector(self) -> None:
        url = self.url()
        if not self.is_serving() or not url:
            return
        if self.projector is None:
            self.projector = ProjectorView(self)
        self.projector.show_code(url, self._site_name(), max(self._count, 0))
        self.projector.showFullScreen()

    # --- counts -----------------------------------------------------------------------------------

    def _on_phone_signin(self, _result: Any) -> None:
        self._poll_count()

    def _poll_count(self) -> None:
        if self.server_visit and self.is_serving():
            v = self.app.visits.get(self.server_visit)
            if v is None or v["status"] in ("completed", "cancelled"):
                self.stop_server()  # the link already refuses; say so and free the port
                self._say(self.tr("The visit has ended: phone sign-in is closed."), ok=True)
        projecting = self.projector is not None and self.projector.isVisible()
        if not self.isVisible() and not projecting and self._count >= 0:
            return  # refresh() catches up when the page is shown again
        vid = self.visit_id()
        n = self.app.attendance.signin_count(vid) if vid else 0
        if n != self._count:
            self._count = n
            self.count_label.setText(self.tr("{n} signed in").format(n=n))
            self.list.reload()
            if self.projector is not None:
                self.projector.set_count(n)

    # --- scanner ----------------------------------------------------------------------------------

    def show_scan(self, outcome: Any) -> None:
        """A badge scan taken by the window's scanner (ui/scanner.py): show it and its effect here."""
        self._say(outcome.text, ok=outcome.level != "error")
        self._poll_count()

    def _say(self, text: str, ok: bool) -> None:
        self.scan_message.setText(text)
        self.scan_message.setStyleSheet(OK_STYLE if ok else BAD_STYLE)

    # --- printing ---------------------------------------------------------------------------------

    def _ask_and_print(self, kind: str) -> None:
        v = self.app.visits.get(self.visit_id() or "")
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        default = str(Path(folder) / printables.default_output(kind, v["date"] if v else None))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), default, "PDF (*.pdf)")
        if path:
            self.print_to(kind, Path(path))

    def print_to(self, kind: str, path: Path) -> int | None:
        """Make the PDF off the UI thread; returns the task id (None when nothing to print)."""
        if kind == "badges":
            van = self.app.catalog.current_caravan_id()
            people = [
                p
                for p in self.app.catalog.people()
                if p["role"] in ("crew", "volunteer") and (not van or p.get("caravan_id") in (None, van))
            ]
            return self.runner.submit(
                printables.badge_sheets,
                path,
                people,
                on_done=self._printed,
                on_error=self._print_failed,
                label=self.tr("Printing badges"),
            )
        vid = self.visit_id()
        url = self.url() or self._offline_url(vid)
        if not vid or not url:
            self._say(self.tr("Choose a visit first."), ok=False)
            return None
        info = printables.visit_context(self.app, vid, url)
        fn = printables.poster if kind == "poster" else printables.sheet
        return self.runner.submit(
            fn, path, info, on_done=self._printed, on_error=self._print_failed, label=self.tr("Printing")
        )

    def _offline_url(self, vid: str | None) -> str | None:
        if not vid:
            return None
        v = self.app.visits.get(vid)
        token = (v or {}).get("signin_token") or self.app.visits.new_signin_token(vid)
        return signin_url(self.address.currentText().strip() or "127.0.0.1", self.port.value(), token)

    def _printed(self, path: Any) -> None:
        self._say(self.tr("Saved {path}").format(path=path), ok=True)
        if self.open_after_print:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _print_failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        self.stop_server()
        super().closeEvent(event)
