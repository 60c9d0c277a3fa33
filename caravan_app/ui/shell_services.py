"""Long-lived services of the desktop app, owned by the main window (not by pages).

Pages are rebuilt when the language changes; what must outlive them lives here:

- ``ops``: the operation path and its ``changed(ChangeSet)`` signal (ui/operations.py);
- ``phone``: the phone sign-in server (one at a time, stoppable from any rebuilt page);
- ``sync``: automatic and manual sync (``SyncAuto`` probing + the running sync task);
- ``watcher``: commits made by other processes (CLI, ``caravan signin serve``) become changes;
- ``backups``: a rotating backup every 2 h while the app runs, if something changed;
- ``scanner``: the application-wide badge scanner (set by its owner module, see ``set_scanner``).

A page finds them with ``shell_for(page, app, runner)``; a page built on its own (tests) gets a
private set parented to it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from .operations import ALL_KINDS, SIGNINS, SYNC, VISITS, ChangeSet, DbWatcher, Operations
from .sync_auto import SyncAuto
from .tasks import TaskRunner

log = logging.getLogger("caravan.privacy")

if TYPE_CHECKING:
    from ..services.app import App
    from ..signin.server import SigninServer
    from .peer_host import PeerSync

_CLOSED = ("completed", "cancelled")


@dataclass(frozen=True)
class SigninState:
    """One answer to "can phones sign in to this visit now?" (finding 6: never two at once)."""

    visit_id: str | None
    state: str  # "none" (no visit), "ended", "serving" (this window), "elsewhere" (another program), "closed",
    # "rating" (the visit is done and this window serves the school's rating page, /r/<token>)
    url: str | None = None

    @property
    def open(self) -> bool:
        return self.state in ("serving", "elsewhere")


class PhoneSignin(QObject):
    """The phone sign-in server of this window. Its state comes from the database (``is_open``),
    so the window and ``caravan signin serve`` in another process tell the same story."""

    state_changed = Signal()
    ended = Signal(str)  # the visit was completed or cancelled while serving: the server stopped
    _written = Signal(object)  # what a phone's request committed, from the server's thread to the UI thread

    def __init__(self, app: App, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app, self.ops = app, ops
        self.bind_host = "0.0.0.0"  # every interface: hotspot and LAN (tests bind 127.0.0.1)
        self.address = "127.0.0.1"
        self.server: SigninServer | None = None
        self.visit_id: str | None = None
        self.rating = False  # serving only the rating page of a completed visit, sign-in closed
        self._written.connect(lambda w: self.ops.announce_written(self, w))
        ops.changed.connect(self._on_changed)

    def is_serving(self) -> bool:
        return self.server is not None and self.server.running

    def port(self) -> int | None:
        return self.server.port if self.is_serving() and self.server else None

    def start(self, visit_id: str, port: int, address: str | None = None) -> None:
        """Open sign-in for the visit and serve it; DomainError / OSError when it cannot. One
        operation (its caller words the failure): the pages hear of it once, when it is served."""
        if self.is_serving():
            self.stop()
        self.ops.call(self, self._start, visit_id, port, address, changes={SIGNINS})

    def _start(self, visit_id: str, port: int, address: str | None) -> None:
        from ..signin.server import SigninServer

        self.app.signin.open(visit_id)
        try:
            server = SigninServer(self.app, self.bind_host, port)
            server.on_written = self._written.emit
            server.start()
        except OSError:
            self.app.signin.close(visit_id)
            raise
        self.server, self.visit_id, self.rating = server, visit_id, False
        if address:
            self.address = address
        self.state_changed.emit()

    def start_rating(self, visit_id: str, port: int, address: str | None = None) -> None:
        """Serve the completed visit's rating page (``/r/<token>``) for the school's phones;
        sign-in stays closed. OSError when the port is taken."""
        from ..signin.server import SigninServer

        if self.is_serving():
            self.stop()
        server = SigninServer(self.app, self.bind_host, port)
        server.on_written = self._written.emit
        server.start()
        self.server, self.visit_id, self.rating = server, visit_id, True
        if address:
            self.address = address
        self.state_changed.emit()

    def rating_url(self, visit_id: str | None = None) -> str | None:
        """The address the rating QR encodes, while this window serves it."""
        from ..signin.rate_page import rate_url

        vid = visit_id or self.visit_id
        if not vid or not self.is_serving() or not self.rating or vid != self.visit_id:
            return None
        v = self.app.visits.get(vid)
        if not v or not v.signin_token:
            return None
        return rate_url(self.address or "127.0.0.1", int(self.port() or 0), v.signin_token)

    def stop(self, visit_id: str | None = None) -> None:
        """Stop serving and close sign-in (of ``visit_id`` too, when another program serves it)."""
        if self.server is not None:
            self.server.stop()
        for vid in {v for v in (self.visit_id, visit_id) if v}:
            self.ops.call(self, self.app.signin.close, vid, changes={SIGNINS})
        self.server, self.visit_id, self.rating = None, None, False
        self.state_changed.emit()

    def url(self, visit_id: str | None = None) -> str | None:
        from ..signin.netaddr import signin_url

        vid = visit_id or self.visit_id
        if not vid or not self.is_serving() or self.rating or vid != self.visit_id:
            return None
        v = self.app.visits.get(vid)
        if not v or not v.signin_token:
            return None
        return signin_url(self.address or "127.0.0.1", int(self.port() or 0), v.signin_token)

    def state(self, visit_id: str | None) -> SigninState:
        if not visit_id:
            return SigninState(None, "none")
        v = self.app.visits.get(visit_id)
        if v is not None and self.rating and self.is_serving() and self.visit_id == visit_id:
            return SigninState(visit_id, "rating", self.rating_url(visit_id))
        if v is None or v.status in _CLOSED:
            return SigninState(visit_id, "ended")
        if self.is_serving() and self.visit_id == visit_id:
            return SigninState(visit_id, "serving", self.url(visit_id))
        if self.app.signin.is_open(visit_id):
            return SigninState(visit_id, "elsewhere")
        return SigninState(visit_id, "closed")

    def _on_changed(self, cs: ChangeSet) -> None:
        if not self.is_serving() or not cs.touches(VISITS) or not self.visit_id or self.rating:
            return
        v = self.app.visits.get(self.visit_id)
        if v is None or v.status in _CLOSED:
            vid = self.visit_id
            self.stop()  # the link already refuses; say so and free the port
            self.ended.emit(vid)


class SyncController(QObject):
    """Automatic sync (probe with backoff) and the one running sync, for the whole window."""

    started = Signal()
    progressed = Signal(int, int, str)
    done = Signal(object)  # SyncResult
    failed = Signal(object)  # the exception
    stopped = Signal()  # after done/failed

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        ops: Operations,
        parent: QObject | None = None,
        auto: SyncAuto | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.runner, self.ops = app, runner, ops
        self.auto = auto or SyncAuto(app.sync.server, app.sync.pending_count)
        self.auto.setParent(self)
        self.auto.sync_wanted.connect(self._auto_sync)
        self.task_id: int | None = None
        self.armed = False

    def arm(self, first_delay_s: float = 1.0) -> None:
        """Start probing the hub (the window does this at start, not the 同步 page)."""
        self.armed = True
        self.auto.start(first_delay_s)

    def disarm(self) -> None:
        self.armed = False
        self.auto.stop()

    def running(self) -> bool:
        return self.task_id is not None

    def start(self) -> bool:
        if self.running() or self.app.sync.running():
            return False
        # On the operation path: the pages hear of the kinds of data it pulled (and of 同步's
        # figures), also when it fails half-way through a pull.
        self.task_id = self.ops.run(
            None,
            self.app.sync.sync_now,
            changes={SYNC},
            on_success=self._done,
            on_failure=self._failed,
            on_progress=lambda d, t, text: self.progressed.emit(d, t, text),
            cancellable=True,
            label=QCoreApplication.translate("SyncController", "Syncing with the hub"),
            source=self,
        )
        self.started.emit()
        return True

    def cancel(self) -> None:
        if self.task_id is not None:
            self.runner.cancel(self.task_id)

    def _auto_sync(self) -> None:
        if self.app.sync.is_enrolled():
            self.start()

    def _done(self, res: Any) -> None:
        self.task_id = None  # what it pulled is announced by the operation path
        self.done.emit(res)
        self.stopped.emit()

    def _failed(self, exc: BaseException) -> None:
        from ..sync.errors import SyncError

        self.task_id = None
        if isinstance(exc, SyncError) and exc.code in ("offline", "server"):
            self.auto.report_failure()
        self.ops.announce({SYNC}, source=self)  # nothing may have been written: 同步 shows the failure
        self.failed.emit(exc)
        self.stopped.emit()


class BackupTimer(QObject):
    """Automatic backups while the app runs: every ``interval_s`` (default 2 h) a
    rotating backup on the task runner, skipped when the local change mark has not moved since the
    last one. The backup at close (``backup_if_due``) and before restore/import stay as they were."""

    backed_up = Signal(object)  # the new backup's Path

    DEFAULT_INTERVAL_S = 2 * 3600.0

    def __init__(self, app: App, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.mark: int | None = None
        self.task_id: int | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)

    def arm(self, interval_s: float | None = None) -> None:
        """Take the baseline mark now (on the runner) and start the timer."""
        if getattr(self.app.db, "read_only", False) or str(self.app.db.path) == ":memory:":
            return
        self.tick()
        self.timer.start(int((interval_s or self.DEFAULT_INTERVAL_S) * 1000))

    def disarm(self) -> None:
        self.timer.stop()

    def tick(self) -> None:
        if self.task_id is not None:  # the previous copy is still being written
            return
        self.task_id = self.runner.submit(
            self.app.maintenance.backup_if_changed,
            self.mark,
            on_done=self._done,
            on_error=self._failed,
            label=QCoreApplication.translate("BackupTimer", "Automatic backup"),
        )

    def _done(self, res: tuple[Any, int]) -> None:
        self.task_id = None
        path, self.mark = res
        if path is not None:
            self.backed_up.emit(path)

    def _failed(self, exc: BaseException) -> None:
        self.task_id = None
        logging.getLogger("caravan.backup").info("timed backup failed: %s", exc)


# How long after the shell is made (the window shows) peer sync starts.
PEERS_AFTER_MS = 300


class ShellServices(QObject):
    peers_made = Signal()  # ``peers`` was just made: pages that show who is near look again

    def __init__(
        self,
        app: App,
        runner: TaskRunner,
        parent: QObject | None = None,
        auto: SyncAuto | None = None,
        watch_db: bool = True,
    ) -> None:
        super().__init__(parent)
        self.app, self.runner = app, runner
        self.ops = Operations(runner, self)
        self.phone = PhoneSignin(app, self.ops, self)
        self._auto = auto
        self._sync: SyncController | None = None  # made on first use (``sync``): its modules wait
        self._sync_made = False
        self.backups = BackupTimer(app, runner, self)
        # Peer sync while a visit is open (ui/peer_host.py): made a moment after the window shows
        # (its modules are not needed for the first paint), or at once when something asks.
        self._peers: PeerSync | None = None
        self._peers_made = False
        QTimer.singleShot(PEERS_AFTER_MS, self._start_peers)
        self.scanner: Any = None
        self._closed = False
        self.watcher: DbWatcher | None = None
        if watch_db and str(app.db.path) != ":memory:":
            self.watcher = DbWatcher(app.db.path, self, db=app.db)
            self.watcher.changed_outside.connect(self._changed_outside)
        app_ = QCoreApplication.instance()
        if app_ is not None:
            app_.aboutToQuit.connect(self.shutdown)

    def _changed_outside(self) -> None:
        if not self._closed:  # after shutdown the pages' database may be closed
            self.ops.announce(ALL_KINDS, source=self, external=True)

    @property
    def sync(self) -> SyncController | None:
        """The window's sync (automatic probing and the one running sync); None without the service."""
        if not self._sync_made:
            self._sync_made = True
            if getattr(self.app, "sync", None):
                self._sync = SyncController(self.app, self.runner, self.ops, self, auto=self._auto)
        return self._sync

    @property
    def peers(self) -> PeerSync | None:
        """Peer sync with the laptops near by; None on a read-only database or without the service."""
        if not self._peers_made:
            self._peers_made = True
            if getattr(self.app, "peers", None) is not None and not self.app.db.read_only:
                from .peer_host import PeerSync

                self._peers = PeerSync(self.app, self.ops, self)
                QTimer.singleShot(0, self._peers.refresh)
            self.peers_made.emit()
        return self._peers

    def peers_if_made(self) -> PeerSync | None:
        """``peers`` without making it: a page built before it is made (今日, as the window
        opens) shows nobody near and looks again on ``peers_made``, so the first paint does
        not wait for peer sync's modules."""
        return self._peers

    def _start_peers(self) -> None:
        if not self._closed:
            self.peers  # noqa: B018 - made (and refreshed) now

    def purge_personal_data(self) -> int | None:
        """The retention purge at start, on the task runner (never the UI
        thread); at most once a day. Returns the task id, or None when there is nothing to run."""
        privacy = getattr(self.app, "privacy", None)
        if privacy is None or self.app.db.read_only:
            return None
        return self.ops.run(  # the sign-ins it blanked are announced by the operation path
            None,
            privacy.purge_if_due,
            changes={SIGNINS},
            on_failure=lambda exc: log.warning("privacy purge at start failed: %s", exc),
            label=QCoreApplication.translate("ShellServices", "Removing expired personal data"),
            source=self,
        )

    def set_scanner(self, scanner: Any) -> None:
        """The application-wide scanner lives as long as the window (its owner module builds it;
        ``attach_scanner`` returns a ``ScannerHook`` whose parts already belong to the window)."""
        if isinstance(scanner, QObject):
            scanner.setParent(self)
        self.scanner = scanner

    def shutdown(self) -> None:
        try:
            self.phone.stop()
        except Exception:  # noqa: BLE001 - closing must not fail on a closed database
            pass
        if self._sync is not None:
            self._sync.disarm()
        self.backups.disarm()
        self._closed = True
        if self._peers is not None:
            self._peers.stop()
        if self.watcher is not None:
            self.watcher.close()


def shell_for(widget: QObject, app: App, runner: TaskRunner, **kwargs: Any) -> ShellServices:
    """The window's shell services, or (a page on its own) a private set owned by ``widget``."""
    w: QObject | None = widget
    while w is not None:
        shell = getattr(w, "shell", None)
        if isinstance(shell, ShellServices):
            return shell
        w = w.parent()
    shell = ShellServices(app, runner, widget, **kwargs)
    widget.shell = shell  # type: ignore[attr-defined]
    return shell
