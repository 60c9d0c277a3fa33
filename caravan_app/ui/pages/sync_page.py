"""同步 page: what is waiting, when the last sync worked, the hub, the laptop's clock, what the
hub refused and why; a sync button with progress and cancel; enrollment; automatic sync when the
hub becomes reachable. Sync itself (and its automatic start) belongs to the window
(``ShellServices.sync``); this page shows its state and survives being rebuilt. Never two syncs at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services.app import App
from ...sync.errors import SyncError
from .. import i18n
from ..common import big_button, heading
from ..conflicts_dialog import ConflictsDialog, review_button_text, review_count
from ..operations import CATALOGUE, SYNC, ChangeSet, run_op
from ..shell_services import shell_for
from ..sync_auto import SyncAuto
from ..tasks import TaskRunner
from ..widgets.enroll_fields import take_enrollment_scans


class SyncPage(QWidget):
    def __init__(
        self, app: App, runner: TaskRunner, parent: QWidget | None = None, auto: SyncAuto | None = None
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.last_result: Any = None
        self.last_error: BaseException | None = None

        lay = QVBoxLayout(self)
        lay.addWidget(heading(self.tr("Sync with the hub"), self))
        form = QFormLayout()
        self.server_label = QLabel(self)
        self.pending_label = QLabel(self)
        self.pending_label.setProperty("big", True)
        self.last_label = QLabel(self)
        self.clock_label = QLabel(self)
        self.clock_warning = QLabel(self)
        self.clock_warning.setProperty("warning", True)
        self.clock_warning.setWordWrap(True)
        self.online_label = QLabel(self)
        self.peers_label = QLabel(self)  # laptops near by (peer sync, ui/peer_host.py)
        self.peers_label.setWordWrap(True)
        self.peers_label.setObjectName("peers_near")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("sync_message")
        self.pair_button = QPushButton(self.tr("Show a pairing code"), self)  # for a laptop never enrolled
        self.pair_button.setObjectName("peer_pair")
        self.pair_button.clicked.connect(self._show_pairing)
        self.pair_label = QLabel(self)
        self.pair_label.setObjectName("peer_pair_code")
        self.pair_label.setWordWrap(True)
        self.pair_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Changes waiting"), self.pending_label)
        form.addRow(self.peers_label)
        form.addRow(self.pair_button, self.pair_label)
        form.addRow(self.tr("Hub"), self.server_label)
        form.addRow(self.tr("Connection"), self.online_label)
        form.addRow(self.tr("Last successful sync"), self.last_label)
        form.addRow(self.tr("Laptop clock"), self.clock_label)
        lay.addLayout(form)
        lay.addWidget(self.clock_warning)

        row = QHBoxLayout()
        self.sync_button = big_button(self.tr("Sync now"), self, "sync_button", primary=True)
        self.sync_button.clicked.connect(self.start_sync)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("sync_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sync_progress")
        row.addWidget(self.sync_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        lay.addLayout(row)
        lay.addWidget(self.message)

        lay.addWidget(QLabel(self.tr("Changes the hub refused (with its reason)"), self))
        self.rejects = QTableWidget(0, 4, self)
        self.rejects.setObjectName("sync_rejects")
        self.rejects.setHorizontalHeaderLabels([self.tr("When"), self.tr("Kind"), self.tr("Record"), self.tr("Reason")])
        self.rejects.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rejects.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay.addWidget(self.rejects, 1)
        # Records this laptop cannot read (pulled, or stored before the field rules; storage/
        # quarantine.py): kept aside, the rest went on; the hub's operator retracts them.
        self.quarantine_label = QLabel(
            self.tr(
                "Records this laptop cannot read, set aside and left out of every figure"
                " (ask the hub's operator to retract them)"
            ),
            self,
        )
        self.quarantine_label.setWordWrap(True)
        lay.addWidget(self.quarantine_label)
        self.quarantine = QTableWidget(0, 4, self)
        self.quarantine.setObjectName("sync_quarantine")
        self.quarantine.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Kind"), self.tr("Record"), self.tr("Reason")]
        )
        self.quarantine.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.quarantine.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.quarantine.setMaximumHeight(120)
        lay.addWidget(self.quarantine)
        self.conflicts_button = QPushButton(self)
        self.conflicts_button.setObjectName("review_conflicts")
        self.conflicts_button.clicked.connect(self._review_conflicts)
        lay.addWidget(self.conflicts_button)

        box = QGroupBox(self.tr("Enroll this laptop"), self)
        ef = QFormLayout(box)
        self.url_edit = QLineEdit(box)
        self.url_edit.setObjectName("enroll_url")
        self.url_edit.setPlaceholderText("https://192.168.1.10:8765")
        self.code_edit = QLineEdit(box)
        self.code_edit.setObjectName("enroll_code")
        self.code_edit.setPlaceholderText("ABCD-EFGH-JKLM~…")
        self.enroll_button = QPushButton(self.tr("Enroll"), box)
        self.enroll_button.setObjectName("enroll_button")
        self.enroll_button.clicked.connect(self.enroll)
        ef.addRow(self.tr("Hub address"), self.url_edit)
        ef.addRow(self.tr("One-time code"), self.code_edit)
        ef.addRow("", self.enroll_button)
        take_enrollment_scans(self.url_edit, self.code_edit, self.enroll_button)  # the hub's QR, scanned
        lay.addWidget(box)

        own = getattr(self.window(), "shell", None) is None  # a page on its own (tests): its own sync
        self.shell = shell_for(self, app, runner, auto=auto)
        controller = self.shell.sync
        assert controller is not None, "the 同步 page exists only when the app has a sync service"
        self.sync = controller
        assert self.sync is not None
        self.auto = self.sync.auto
        self.auto.online_changed.connect(self._show_online)
        self.sync.started.connect(self._started)
        self.sync.progressed.connect(self._progress)
        self.sync.done.connect(self._done)
        self.sync.failed.connect(self._failed)
        self.sync.stopped.connect(self._stopped)
        self.shell.ops.changed.connect(self._on_changed)
        peer_sync = getattr(self.shell, "peers", None)
        if peer_sync is not None:  # serving starts and stops with the visit
            peer_sync.state_changed.connect(self._show_peers)
        self._set_running(self.sync.running())
        self.refresh()
        if own or not self.sync.armed:
            self.sync.arm()

    # --- state ------------------------------------------------------------------------------

    def _show_peers(self) -> None:
        peers = getattr(self.shell, "peers", None)
        near = peers.near_text() if peers is not None else ""
        self.peers_label.setText(near)
        self.peers_label.setVisible(bool(near))
        serving = peers is not None and peers.host is not None
        self.pair_button.setVisible(serving)
        self.pair_label.setVisible(serving and bool(self.pair_label.text()))

    def refresh(self) -> None:
        self._show_peers()
        st = self.app.sync.status()
        self.pending_label.setText(str(st.pending))
        self.server_label.setText(st.server or self.tr("not enrolled"))
        self.last_label.setText(st.last_success or self.tr("never"))
        secs = st.clock_offset_ms / 1000
        if not st.server and not st.last_success:  # no hub was ever reached: there is no offset to show
            self.clock_label.setText(self.tr("not connected yet"))
        else:
            self.clock_label.setText(self.tr("{s:+.1f} s from the hub's clock").format(s=secs))
        self.clock_warning.setVisible(st.clock_warning or st.clock_moved_h is not None)
        if st.clock_moved_h is not None:
            self.clock_warning.setText(
                self.tr(
                    "This laptop's clock moved by {h:.1f} hours since the last sync. Set the date and time "
                    "in Windows, or sync now: until then records keep the day of the last sync."
                ).format(h=st.clock_moved_h)
            )
        elif st.clock_warning:
            self.clock_warning.setText(
                self.tr(
                    "This laptop's clock is off by {m:.0f} minutes. Set the correct time in Windows "
                    "(sync keeps working, but records show the laptop's time)."
                ).format(m=abs(secs) / 60)
            )
        self.rejects.setRowCount(len(st.rejects))
        kinds = self._kinds()
        for i, r in enumerate(st.rejects):
            zh, sep, en = str(r["reason"]).partition(" / ")
            reason = i18n.pick(zh, en) if sep else str(r["reason"])
            for j, v in enumerate((r["at"], kinds.get(r["entity"], r["entity"]), r["record_id"], reason)):
                item = QTableWidgetItem(str(v))
                item.setToolTip(str(r["reason"]) if j == 3 else str(v))
                self.rejects.setItem(i, j, item)
        self.quarantine.setRowCount(len(st.quarantined))
        for i, q in enumerate(st.quarantined):
            zh, sep, en = str(q["reason"]).partition(" / ")
            reason = i18n.pick(zh, en) if sep else str(q["reason"])
            for j, v in enumerate((q["at"], kinds.get(q["entity"], q["entity"]), q["record_id"], reason)):
                item = QTableWidgetItem(str(v))
                item.setToolTip(str(q["reason"]) if j == 3 else str(v))
                self.quarantine.setItem(i, j, item)
        self.quarantine.setVisible(bool(st.quarantined))
        self.quarantine_label.setVisible(bool(st.quarantined))
        n_conflicts = review_count(self.app)  # lost values and take-backs a merge left open
        self.conflicts_button.setText(review_button_text(n_conflicts))
        self.conflicts_button.setVisible(n_conflicts > 0)
        self.url_edit.setText(self.url_edit.text() or (st.server or ""))
        self._show_online()

    def _kinds(self) -> dict[str, str]:
        return {
            "caravan": self.tr("Caravan"),
            "device": self.tr("Laptop"),
            "person": self.tr("Person"),
            "site": self.tr("School / site"),
            "title": self.tr("Book / material"),
            "visit": self.tr("Visit"),
            "duty_event": self.tr("Crew on/off duty"),
            "tally": self.tr("Head count"),
            "signin": self.tr("Sign-in"),
            "movement": self.tr("Stock movement"),
            "day_close": self.tr("Day close"),
        }

    def _show_online(self, _online: bool | None = None) -> None:
        online = self.auto.online
        self.online_label.setText(
            self.tr("reachable") if online else (self.tr("not reachable; will retry") if online is False else "…")
        )

    def _set_running(self, running: bool) -> None:
        self.sync_button.setEnabled(not running)
        self.enroll_button.setEnabled(not running)
        self.cancel_button.setVisible(running)
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)

    def running(self) -> bool:
        return self.sync.running()

    @property
    def task_id(self) -> int | None:
        return self.sync.task_id

    def _on_changed(self, cs: ChangeSet) -> None:
        if cs.source is not self.sync and self.isVisible():
            self.refresh()

    # --- actions ----------------------------------------------------------------------------

    def _show_pairing(self) -> None:
        peers = getattr(self.shell, "peers", None)
        self.pair_label.setText(peers.pair_text() if peers is not None else "")
        self.pair_label.setVisible(bool(self.pair_label.text()))

    def start_sync(self) -> bool:
        """Start a sync unless one is running (returns whether it started)."""
        return self.sync.start()

    def _started(self) -> None:
        self._set_running(True)
        self.message.setText(self.tr("Syncing…"))

    def _stopped(self) -> None:
        self._set_running(False)
        self.refresh()

    def cancel(self) -> None:
        if self.task_id is not None:
            self.sync.cancel()
            self.message.setText(self.tr("Stopping after the current step…"))

    def _review_conflicts(self) -> None:
        ConflictsDialog(self.app, self).exec()
        self.refresh()

    def _progress(self, done: int, total: int, _text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)

    def _done(self, res: Any) -> None:
        self.last_result, self.last_error = res, None
        if res.cancelled:
            self.message.setText(self.tr("Sync stopped. Nothing is lost; sync again to finish."))
            return
        text = self.tr("Synced: {pushed} sent, {pulled} received.").format(pushed=res.pushed, pulled=res.pulled)
        if res.rejected:
            text += " " + self.tr("{n} changes were refused; see the list below.").format(n=res.rejected)
        self.message.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self.last_result, self.last_error = None, exc
        if isinstance(exc, SyncError) and exc.code in ("revoked", "bad_token", "no_token", "not_enrolled"):
            self.message.setText(
                i18n.error_text(exc) + "\n" + self.tr("Enter a new one-time code from the hub's operator below.")
            )
        else:
            self.message.setText(i18n.error_text(exc))

    def enroll(self) -> None:
        url, code = self.url_edit.text().strip(), self.code_edit.text().strip()
        if not url or not code:
            self.message.setText(self.tr("Enter the hub address and the one-time code."))
            return
        self.enroll_button.setEnabled(False)

        def done(info: dict[str, Any]) -> None:
            self.enroll_button.setEnabled(True)
            self.code_edit.clear()
            self.message.setText(self.tr("Enrolled with {server} (caravan {caravan}).").format(**info))
            self.refresh()
            self.auto.probe_now()

        def failed(exc: BaseException) -> None:
            self.enroll_button.setEnabled(True)
            self.last_error = exc
            self.message.setText(i18n.error_text(exc))

        run_op(
            self,
            self.app.sync.enroll,
            url,
            code,
            changes={SYNC, CATALOGUE},
            on_success=done,
            on_failure=failed,
            label=self.tr("Enrolling"),
        )
