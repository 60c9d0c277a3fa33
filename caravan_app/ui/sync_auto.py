"""Automatic sync when connectivity returns: probe the hub with backoff, and listen to
QNetworkInformation where the platform has a backend (it only says "maybe online"; the probe
decides). Probes run on a plain thread so the status bar does not flicker with tasks."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ..sync.connectivity import Backoff, probe

ONLINE_INTERVAL_S = 120.0  # while online, look again every two minutes


class SyncAuto(QObject):
    """Emits ``sync_wanted`` when the hub becomes reachable and changes are waiting."""

    sync_wanted = Signal()
    online_changed = Signal(bool)
    _probed = Signal(bool)

    def __init__(
        self,
        server: Callable[[], str | None],
        pending: Callable[[], int],
        parent: QObject | None = None,
        backoff: Backoff | None = None,
        probe_fn: Callable[[str], bool] = probe,
    ) -> None:
        super().__init__(parent)
        self._server = server
        self._pending = pending
        self._probe_fn = probe_fn
        self.backoff = backoff or Backoff()
        self.online: bool | None = None
        self.online_interval_s = ONLINE_INTERVAL_S
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.probe_now)
        self._probed.connect(self._on_probe)
        self._probing = False
        self._watching = False
        self._stopped = False

    def start(self, first_delay_s: float = 1.0) -> None:
        self._stopped = False
        if not self._watching:  # QtNetwork and its backend load here, not while the window first shows
            self._watching = True
            self._watch_network()
        self._timer.start(int(first_delay_s * 1000))

    def stop(self) -> None:
        """No probe after this until ``start``: the network watch is process-wide, so a window that
        closed would otherwise still be woken by the next reachability change and read its
        (perhaps deleted) database."""
        self._stopped = True
        self._timer.stop()

    def _watch_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:  # pragma: no cover - QtNetwork ships with PySide6-Essentials
            return
        if not QNetworkInformation.loadDefaultBackend():
            return
        info = QNetworkInformation.instance()
        if info is None:
            return
        info.reachabilityChanged.connect(self._on_reachability)

    def _on_reachability(self, reachability: object) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if self._stopped:
            return
        if reachability in (QNetworkInformation.Reachability.Online, QNetworkInformation.Reachability.Site):
            self.backoff.reset()
            self._timer.start(500)
        elif reachability == QNetworkInformation.Reachability.Disconnected:
            self._set_online(False)

    def probe_now(self) -> None:
        if self._stopped:
            return
        url = self._server()
        if not url:
            self._timer.start(int(self.online_interval_s * 1000))
            return
        if self._probing:
            return
        self._probing = True
        threading.Thread(target=self._probe_thread, args=(url,), daemon=True).start()

    def _probe_thread(self, url: str) -> None:
        ok = bool(self._probe_fn(url))
        try:
            self._probed.emit(ok)
        except RuntimeError:  # the page was closed while probing
            pass

    def report_failure(self) -> None:
        """A sync failed for want of a link: back off before the next look."""
        self._set_online(False)
        self._timer.start(int(self.backoff.next_delay() * 1000))

    def _on_probe(self, ok: bool) -> None:
        self._probing = False
        was = self.online
        self._set_online(ok)
        if ok:
            self.backoff.reset()
            self._timer.start(int(self.online_interval_s * 1000))
            if was is not True and self._pending() > 0:
                self.sync_wanted.emit()
        else:
            self._timer.start(int(self.backoff.next_delay() * 1000))

    def _set_online(self, ok: bool) -> None:
        if ok != self.online:
            self.online = ok
            self.online_changed.emit(ok)
