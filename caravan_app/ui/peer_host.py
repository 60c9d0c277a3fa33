"""Peer sync in the desktop app: the shell runs it while a visit is in progress today (not a
page), and 今日 and 同步 show who is near (``near_text``). Facts arriving from another laptop
are announced once, as the kinds of data they changed (a peer's count reaches the pages as a
count), like a write of this window's own."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ..services.changes import Written
from .operations import VISITS, ChangeSet, Operations

if TYPE_CHECKING:
    from ..services.app import App

log = logging.getLogger("caravan.peers")


class PeerSync(QObject):
    """Owned by ``ShellServices`` (``shell.peers``). Starts only on a laptop that can prove itself
    to a peer: certified by the hub, or paired by a code (it then also follows the laptops it was
    paired with at the address it reached them)."""

    news = Signal(object)  # the synced entities a peer's facts changed (a frozenset; empty: who is near)
    state_changed = Signal()

    def __init__(self, app: App, ops: Operations, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app, self.ops = app, ops
        self.host: Any = None
        self.news.connect(self._announce)  # emitted on a worker thread: queued to this one
        ops.changed.connect(self._on_changed)

    def enabled(self) -> bool:
        """On unless ``CARAVAN_PEER_AUTO=0`` (the test suite: laptops of different tests on one
        machine must not find each other) or this laptop's meta ``peer_auto`` is '0'."""
        return os.environ.get("CARAVAN_PEER_AUTO", "1") != "0" and self.app.db.get_meta("peer_auto") != "0"

    def certified(self) -> bool:
        """The hub certified this laptop, or it was paired by a code (``caravan peer pair``)."""
        peers = getattr(self.app, "peers", None)
        return bool(peers is not None and peers.can_prove())

    def _visit_open(self) -> bool:
        today = self.app.clock.today()
        return bool(self.app.visits.list(today, today, status="in_progress"))

    def refresh(self) -> None:
        """Start or stop to match: serving while a visit is in progress today."""
        try:
            want = self.enabled() and self.certified() and self._visit_open()
        except Exception:  # noqa: BLE001 - a closed or read-only database: nothing to serve
            want = False
        if want and self.host is None:
            from ..services.peers import PeerHost

            try:
                self.host = PeerHost(self.app.peers, addresses=self.app.peers.paired_addresses()).start()
                self.app.peers.listeners.append(self._heard)  # facts from any peer, served or followed
            except OSError as exc:  # the port is taken, no network: the laptop works alone
                log.warning("peer sync could not start: %s", exc)
                self.host = None
            self.state_changed.emit()
        elif not want and self.host is not None:
            self.stop()

    def stop(self) -> None:
        host, self.host = self.host, None
        if host is not None:
            if self._heard in self.app.peers.listeners:
                self.app.peers.listeners.remove(self._heard)
            host.stop()
            self.state_changed.emit()

    def near_text(self) -> str:
        """Who is near: trusted laptops, and refused ones with the reason."""
        try:
            seen = self.app.peers.known()
        except Exception:  # noqa: BLE001
            return ""
        trusted = [p.name or p.device_id[-6:] for p in seen if p.status == "trusted"]
        refused = [p for p in seen if p.status == "refused"]
        parts = []
        if trusted:
            parts.append(
                QCoreApplication.translate("PeerSync", "Laptops exchanging with this one: {names}").format(
                    names="、".join(trusted)
                )
            )
        for p in refused:
            parts.append(
                QCoreApplication.translate("PeerSync", "Refused {name}: {reason}").format(
                    name=p.name or p.device_id[-6:], reason=p.reason or ""
                )
            )
        if not parts:
            return QCoreApplication.translate("PeerSync", "No other laptop near by") if self.host is not None else ""
        return "\n".join(parts)

    def pair_text(self) -> str:
        """A new one-time pairing code and how to use it on a laptop never enrolled (only while
        serving: the code is checked by this laptop's peer server)."""
        if self.host is None:
            return ""
        pc = self.app.peers.pair_code()
        return QCoreApplication.translate(
            "PeerSync",
            "Pairing code {code} (single use, until {until}). On the other laptop run:\n"
            "caravan peer sync {address} --pair {code}",
        ).format(code=pc.code, until=f"{pc.expires:%H:%M}", address=self.host.address() or "")

    def _heard(self, entities: frozenset[str]) -> None:
        try:
            self.news.emit(entities)  # from a worker thread: queued to the window's thread
        except RuntimeError:  # the window is gone (its shell is being torn down)
            pass

    def _announce(self, entities: frozenset[str]) -> None:
        if entities:
            written = Written()
            written.entities, written.committed = set(entities), True
            self.ops.announce_written(self, written)
        self.state_changed.emit()

    def _on_changed(self, cs: ChangeSet) -> None:
        if cs.touches(VISITS) and cs.source is not self:
            self.refresh()
