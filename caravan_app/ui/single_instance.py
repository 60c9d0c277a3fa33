"""One desktop app per data folder: a second start brings the first window forward and exits.

Two windows on one database would each hold their own view of the day (a tally typed in one is
not on the other's screen until it reloads) and double every timer (backups, syncs, purges). The
guard is keyed on the resolved data folder, so two folders (a demo beside the real one) still
open side by side; and it lives outside the data folder (the system's temporary folder), so a
read-only folder or USB stick is guarded too, and it never opens the database file.

* ``QLockFile`` says who owns the folder. It records the owner's process id: a lock left behind by
  a crash (kill, flat battery) is stale and taken over at the next start, never a reason to refuse.
* ``QLocalServer`` (a named pipe on Windows, a socket file on Linux/macOS) is how the second start
  asks the first to show its window; it listens once the first window is up (the second start
  retries for ``CONNECT_MS``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDir, QLockFile, QObject, Signal

if TYPE_CHECKING:  # QtNetwork (~20 ms to import) is loaded after the first window shows
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"
CONNECT_MS = 1500  # the first instance may still be starting (its server not yet listening)


def instance_key(data_dir: Path) -> str:
    """A short name for the folder (pipe names are limited; case does not matter on Windows)."""
    p = str(Path(data_dir).resolve())
    if os.name == "nt":
        p = p.lower()
    return "CaravanFieldLog-" + hashlib.sha256(p.encode("utf-8")).hexdigest()[:20]


class InstanceGuard(QObject):
    """Claim the data folder for this process; ``raise_requested`` fires when another start asks."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = instance_key(data_dir)
        self.lock = QLockFile(str(Path(QDir.tempPath()) / f"{self.key}.lock"))
        self.lock.setStaleLockTime(0)  # stale only when its process is gone, however long it ran
        self.server: QLocalServer | None = None

    def claim(self) -> bool:
        """True: this process owns the folder now (call ``listen`` once the window shows). False:
        another live app does, and was asked to bring its window forward."""
        if not self.lock.tryLock(0):
            if self._ask_owner():
                return False
            # The owner did not answer (hung, or still starting for longer than we wait): a locked-out
            # crew is worse than two windows, so start anyway without the guard.
            return True
        return True

    def listen(self) -> None:
        """Answer later starts (the lock is held: a socket file left by a crash is not live)."""
        from PySide6.QtNetwork import QLocalServer

        if self.server is not None or not self.lock.isLocked():
            return
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.key)
        if self.server.listen(self.key):
            self.server.newConnection.connect(self._on_connection)

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()

    def _ask_owner(self) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        sock = QLocalSocket()
        for _ in range(max(1, CONNECT_MS // 250)):
            sock.connectToServer(self.key)
            if sock.waitForConnected(250):
                _let_owner_take_focus()
                sock.write(RAISE)
                sock.waitForBytesWritten(1000)
                sock.disconnectFromServer()
                return True
            sock.abort()
        return False

    def _on_connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)
            if conn.bytesAvailable():
                self._read(conn)

    def _read(self, conn: QLocalSocket) -> None:
        if bytes(conn.readAll().data()).startswith(RAISE.strip()):
            self.raise_requested.emit()


def _let_owner_take_focus() -> None:
    """Windows lets only the foreground process (this second start, just launched by the user) hand
    the focus on; without this the first window would only flash in the taskbar. Not tried on
    Windows by the tests here (offscreen Linux)."""
    if os.name != "nt":
        return
    try:
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # type: ignore[attr-defined]  # ASFW_ANY
    except (AttributeError, OSError):
        pass
