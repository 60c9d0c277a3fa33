"""签到: phone self-sign-in (QR on screen and projector), printables, the list, badge scans shown.

The badge scanner belongs to the main window (ui/scanner.py); its messages arrive in ``show_scan``.

The sign-in server belongs to the window (``ShellServices.phone``), so a language change, which
rebuilds this page, never leaves a server that no page can stop. The page only shows its state:
one state, read from the database, also when ``caravan signin serve`` runs in another process.
Counts follow the window's ``changed`` signal (phone sign-ins, scans, other processes); no polling.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...services.app import App
from ...signin.netaddr import DEFAULT_PORT, lan_addresses, signin_url
from ..common import big_button, heading, settings_for
from ..operations import SIGNINS, VISITS, ChangeSet, run_now, run_op, show_failure
from ..shell_services import SigninState, shell_for
from ..signin_projector import ProjectorView, qr_pixmap
from ..tasks import TaskRunner
from ..widgets.signin_list import SigninListView
from ..widgets.visit_picker import VisitPicker

OK_STYLE = "background:#e6f4ea; color:#136c2e; border-radius:6px; padding:10px; font-size:15pt; font-weight:bold;"
BAD_STYLE = "background:#fdecea; color:#a4161a; border-radius:6px; padding:10px; font-size:15pt; font-weight:bold;"


class SigninPage(QWidget):
    navigate_requested = Signal(str, object)

    def __init__(self, app: App, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.settings = settings_for(app)
        self.shell = shell_for(self, app, runner)
        self.phone = self.shell.phone
        self.open_after_print = True
        self.projector: ProjectorView | None = None
        self._count = -1

        self.picker = VisitPicker(app, self)
        self.picker.setObjectName("signin_visit")
        self.picker.visit_changed.connect(self._visit_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("signin_total")
        self.count_label.setProperty("big", True)
        top = QHBoxLayout()  # heading, visit and count on one line: at 1024×600 nothing needs scrolling
        top.addWidget(heading(self.tr("Sign-in"), self))
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
        from ..widgets.crew_link import crew_button

        self.crew_button = crew_button(self)
        self.crew_button.clicked.connect(self.show_crew_link)
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
        grid.addWidget(self.url_label, 5, 0, 1, 2)
        grid.addWidget(self.qr, 0, 2, 7, 1)  # beside the controls, never below them
        grid.setRowStretch(6, 1)
        grid.setColumnStretch(1, 1)

        # --- scanner and printing ---------------------------------------------------------------
        self.scan_message = QLabel(self.tr("Scan a badge with the scanner: no need to click anywhere first."), self)
        self.scan_message.setObjectName("scan_message")
        self.scan_message.setWordWrap(True)
        print_box = QGroupBox(self.tr("Printing and badges"), self)
        print_row = QVBoxLayout(print_box)  # a column beside the phone box, not a row below it
        self.poster_button = big_button(self.tr("Print poster"), self, "print_poster")
        self.sheet_button = big_button(self.tr("Print sign-in sheet"), self, "print_sheet")
        self.badges_button = big_button(self.tr("Print badges"), self, "print_badges")
        self.poster_button.clicked.connect(lambda: self._ask_and_print("poster"))
        self.sheet_button.clicked.connect(lambda: self._ask_and_print("sheet"))
        self.badges_button.clicked.connect(lambda: self._ask_and_print("badges"))
        # At the end of the visit: the school's rating page (/r/<token>) as a QR on this screen.
        self.rate_button = big_button(self.tr("Rating QR"), self, "rating_qr")
        self.rate_button.setToolTip(self.tr("When the visit is done, the school scans it to rate the visit"))
        self.rate_button.clicked.connect(self.toggle_rating)
        paper = QHBoxLayout()  # poster and sheet share a row: the column fits 1024×600 with the QR shown
        paper.addWidget(self.poster_button)
        paper.addWidget(self.sheet_button)
        print_row.addLayout(paper)
        for b in (self.badges_button, self.rate_button):
            print_row.addWidget(b)
        print_row.addWidget(self.crew_button)
        print_row.addWidget(self.scan_message)
        print_row.addStretch(1)

        self.list = SigninListView(app, self, load=False)  # loaded for the picked visit by _visit_changed below
        self.list.setObjectName("signin_list")
        # The list takes the height that is left, never asks for more: with the wrapped labels
        # above, the scroll area sizes the page by its preferred height, and the table's own
        # preference made the page scroll at 1024×600.
        self.list.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.list.table.setMinimumHeight(90)
        middle = QHBoxLayout()
        middle.addWidget(phone_box, 3)
        middle.addWidget(print_box, 1)
        lay = QVBoxLayout(self)
        lay.setSpacing(4)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.addLayout(top)
        lay.addLayout(middle)
        lay.addWidget(self.list, 1)

        self.shell.ops.changed.connect(self._on_changed)
        self.phone.state_changed.connect(self._show_state)
        self.phone.ended.connect(self._on_ended)
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
        self._update_count()

    def _visit_changed(self, visit_id: object) -> None:
        self.list.set_visit(str(visit_id) if visit_id else None)
        self._count = -1
        self._update_count()
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

    @property
    def bind_host(self) -> str:
        return self.phone.bind_host

    @bind_host.setter
    def bind_host(self, host: str) -> None:
        self.phone.bind_host = host

    @property
    def server_visit(self) -> str | None:
        return self.phone.visit_id if self.phone.is_serving() else None

    def is_serving(self) -> bool:
        return self.phone.is_serving()

    def url(self) -> str | None:
        return self.phone.url(self.server_visit)

    def toggle_server(self) -> None:
        st = self.state()
        if st.open:
            self.stop_server()
        else:
            self.start_server()

    def start_server(self) -> bool:
        vid = self.visit_id()
        if not vid:
            self._say(self.tr("Choose a visit first."), ok=False)
            return False
        try:
            self.phone.start(vid, self.port.value(), self.address.currentText().strip() or "127.0.0.1")
        except DomainError as exc:
            show_failure(self, exc)
            return False
        except OSError as exc:
            self.server_state.setText(
                self.tr("Cannot open port {port} ({error}). Choose another port.").format(
                    port=self.port.value(), error=exc
                )
            )
            return False
        self.settings.setValue("signin/port", self.port.value())
        self._show_state()
        return True

    def toggle_rating(self) -> None:
        """Serve (or stop serving) the completed visit's rating page and show its QR."""
        if self.state().state == "rating":
            self.stop_server()
            return
        vid = self.visit_id()
        v = self.app.visits.get(vid or "")
        if not vid or v is None or v.status != "completed":
            self._say(self.tr("The school can rate the visit once it is completed."), ok=False)
            return
        try:
            self.phone.start_rating(vid, self.port.value(), self.address.currentText().strip() or "127.0.0.1")
        except OSError as exc:
            self.server_state.setText(
                self.tr("Cannot open port {port} ({error}). Choose another port.").format(
                    port=self.port.value(), error=exc
                )
            )
            return
        self._show_state()

    def rating_url(self) -> str | None:
        return self.phone.rating_url(self.visit_id())

    def stop_server(self) -> None:
        """Close phone sign-in of the shown visit, whoever serves it (this window or another program)."""
        self.phone.stop(self.visit_id())
        if self.projector is not None:
            self.projector.close()
        self._show_state()

    def new_link(self) -> None:
        vid = self.server_visit or self.visit_id()
        if vid:
            run_op(self, self.app.visits.new_signin_token, vid, changes={VISITS, SIGNINS})

    def state(self) -> SigninState:
        return self.phone.state(self.visit_id())

    def _show_state(self) -> None:
        """One state at a time (finding 6): ended, open here, open in another program, or closed."""
        st = self.state()
        serving = st.state == "serving"
        self.open_button.setText(self.tr("Close phone sign-in") if st.open else self.tr("Open phone sign-in"))
        self.open_button.setEnabled(st.state != "ended" and st.visit_id is not None)
        self.port.setEnabled(not serving)
        self.fullscreen_button.setEnabled(serving)
        self.crew_button.setEnabled(serving)
        # The QR takes its room only while it is shown: at 1024×600 the list stays in view when closed.
        rating = st.state == "rating"
        self.rate_button.setText(self.tr("Close rating QR") if rating else self.tr("Rating QR"))
        v = self.app.visits.get(st.visit_id or "") if st.visit_id else None
        self.rate_button.setEnabled(rating or (v is not None and v.status == "completed"))
        self.qr.setMinimumSize(260 if serving or rating else 0, 260 if serving or rating else 0)
        if rating and st.url:
            self.qr.setPixmap(qr_pixmap(st.url, 260))
            self.url_label.setText(self.tr("The school rates the visit at: {url}").format(url=st.url))
            self.server_state.setText(self.tr("The rating page is open; phone sign-in stays closed."))
            return
        if serving and st.url:
            self.qr.setPixmap(qr_pixmap(st.url, 260))
            self.url_label.setText(self.tr("Phones on the same network open: {url}").format(url=st.url))
            self.server_state.setText(self.tr("Phone sign-in is open."))
            if self.projector is not None and self.projector.isVisible():
                self.projector.show_code(st.url, self._site_name(), max(self._count, 0))
            return
        self.qr.clear()
        self.url_label.clear()
        if st.state == "ended":
            self.qr.setText(self.tr("The visit has ended: phone sign-in is closed."))
        elif st.state == "elsewhere":
            self.qr.setText(self.tr("Phone sign-in is open in another program on this laptop."))
        else:
            self.qr.setText(self.tr("Phone sign-in is closed."))
        self.server_state.setText(
            self.tr("Sign-ins arrive in the list below. Close it here to stop the other program taking them.")
            if st.state == "elsewhere"
            else ""
        )

    def _site_name(self) -> str:
        v = self.app.visits.get(self.server_visit or self.visit_id() or "")
        site = self.app.sites.get(v.site_id) if v else None
        return site.name if site else ""

    def show_crew_link(self) -> None:
        """The crew-only photo upload link of this visit (its own token, not the sign-in one)."""
        from ..widgets.crew_link import CrewLinkDialog, crew_url

        st, vid = self.state(), self.visit_id()
        if st.url is None or vid is None:
            return
        ok, token = run_now(self, self.app.photos.crew_token, vid)  # made and saved on first use
        if not ok:
            return
        self.crew_dialog = CrewLinkDialog(crew_url(st.url, token), self)
        self.crew_dialog.open()

    def show_projector(self) -> None:
        url = self.url()
        if not self.is_serving() or not url:
            return
        if self.projector is None:
            self.projector = ProjectorView(self)
        self.projector.show_code(url, self._site_name(), max(self._count, 0))
        self.projector.showFullScreen()

    # --- counts -----------------------------------------------------------------------------------

    def _on_changed(self, cs: ChangeSet) -> None:
        if cs.touches(VISITS):
            self.picker.reload()
        if cs.touches(VISITS, SIGNINS):
            self._show_state()
        if cs.touches(SIGNINS, VISITS):
            self._update_count()

    def _on_ended(self, _visit_id: str) -> None:
        if self.projector is not None:
            self.projector.close()
        self._say(self.tr("The visit has ended: phone sign-in is closed."), ok=True)
        self._show_state()

    def _poll_count(self) -> None:  # kept for callers; there is no timer any more
        self._update_count()

    def _update_count(self) -> None:
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
        """A badge scan taken by the window's scanner (ui/scanner.py): its message shown here. What
        it wrote reaches the lists through the operation path (``changed``), like any change."""
        self._say(outcome.text, ok=outcome.level != "error")

    def _say(self, text: str, ok: bool) -> None:
        self.scan_message.setText(text)
        self.scan_message.setStyleSheet(OK_STYLE if ok else BAD_STYLE)

    # --- printing ---------------------------------------------------------------------------------

    def _ask_and_print(self, kind: str) -> None:
        from ...reports import printables  # reportlab: imported when something is printed

        v = self.app.visits.get(self.visit_id() or "")
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        default = str(Path(folder) / printables.default_output(kind, v.date if v else None))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), default, "PDF (*.pdf)")
        if path:
            self.print_to(kind, Path(path))

    def print_to(self, kind: str, path: Path) -> int | None:
        """Make the PDF off the UI thread; returns the task id (None when nothing to print)."""
        from ...reports import printables

        if kind == "badges":
            van = self.app.catalog.current_caravan_id()
            people = [
                p
                for p in self.app.catalog.people()
                if p.role in ("crew", "volunteer") and p.in_use and (not van or p.caravan_id in (None, van))
            ]
            return self.runner.submit(
                printables.badge_sheets,
                path,
                [p.to_dict() for p in people],
                on_done=self._printed,
                on_error=self._print_failed,
                label=self.tr("Printing badges"),
            )
        vid = self.visit_id()
        if not vid:
            self._say(self.tr("Choose a visit first."), ok=False)
            return None
        url = self.url() or self._offline_url(vid)
        if not url:  # the visit's sign-in code could not be saved: that failure was shown
            return None
        info = self.app.reports.printable_visit(vid, url)
        fn = printables.poster if kind == "poster" else printables.sheet
        return self.runner.submit(
            fn, path, info, on_done=self._printed, on_error=self._print_failed, label=self.tr("Printing")
        )

    def _offline_url(self, vid: str | None) -> str | None:
        if not vid:
            return None
        v = self.app.visits.get(vid)
        token = v.signin_token if v else None
        if not token:
            ok, token = run_now(self, self.app.visits.new_signin_token, vid)
            if not ok:
                return None
        return signin_url(self.address.currentText().strip() or "127.0.0.1", self.port.value(), token)

    def _printed(self, path: Any) -> None:
        self._say(self.tr("Saved {path}").format(path=path), ok=True)
        if self.open_after_print:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _print_failed(self, exc: BaseException) -> None:
        show_failure(self, exc)
