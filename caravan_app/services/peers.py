"""Laptops at one event without the hub: exchange facts with the laptops near by (peer sync,
docs/sync.md "Laptops at one event").

An exchange is anti-entropy in both directions over the same canonical records and derived-id
correction rules the hub uses: this laptop sends its version vector and receives, in bounded
batches, the facts it lacks; then it asks the other's vector and sends what that one lacks. Every
batch is applied with its index rows in one transaction (``storage.peer_store``), so an exchange
cut at any point is simply run again. Facts learned from a peer are never pushed to the hub as
this laptop's own: each author pushes its own, and the hub's pull later brings the same records,
which change nothing here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from ..storage import peer_store
from ..storage.peer_store import Applied, Batch, Fact, Vector
from ..sync.limits import MAX_AHEAD_MS

if TYPE_CHECKING:
    from ..storage.database import Database

BATCH = 500  # facts per batch (records: at most as many)
# A peer's record stamped further ahead than this waits (the hub refuses 10 minutes; one less
# leaves room for this laptop's own clock error).
PEER_MAX_AHEAD_MS = MAX_AHEAD_MS - 60_000


@dataclass(frozen=True)
class Hello:
    """Who a laptop is and what it holds (its version vector)."""

    device_id: str
    name: str | None
    caravan: str | None
    vector: Vector

    def wire(self) -> dict[str, Any]:
        return {"device_id": self.device_id, "name": self.name, "caravan": self.caravan, "vector": self.vector}


@dataclass
class ExchangeResult:
    peer: str
    received_facts: int = 0
    received_records: int = 0
    sent_facts: int = 0
    waiting: int = 0  # facts of the peer stamped too far ahead: offered again later
    batches: int = 0
    in_sync: bool = False  # both vectors equal at the end

    def changed(self) -> bool:
        return self.received_records > 0


class PeerLink(Protocol):
    """The other laptop, as seen from this one (HTTP in ``sync.peer_client``, in-process in tests)."""

    def hello(self, me: Hello) -> Hello: ...

    def pull(self, me: str, vector: Vector, limit: int) -> Batch: ...

    def push(self, me: str, batch: Batch) -> Vector: ...


class PeerService:
    def __init__(self, db: Database, this_device: Callable[[], dict[str, Any]] | None = None) -> None:
        self.db = db
        self._this_device = this_device
        self._lock = threading.Lock()  # one exchange applies at a time (the database serialises too)
        self.changed = threading.Condition()  # notified when facts arrive or are written here
        self.generation = 0

    # --- what this laptop holds ------------------------------------------------------------

    def hello(self) -> Hello:
        info = self._this_device() if self._this_device is not None else {}
        return Hello(self.db.device_id, info.get("name"), info.get("caravan"), peer_store.vector(self.db))

    def vector(self) -> Vector:
        return peer_store.vector(self.db)

    # --- serving another laptop ------------------------------------------------------------

    def offer(self, theirs: Vector, limit: int = BATCH) -> Batch:
        """What a laptop holding ``theirs`` lacks (at most ``limit`` facts)."""
        return peer_store.facts_after(self.db, theirs, max(1, min(limit, BATCH)))

    def receive(self, source: str, batch: Batch) -> Applied:
        """Apply facts another laptop sent (idempotent; a repeat or a reordering changes nothing)."""
        with self._lock:
            res = peer_store.apply_batch(self.db, source, batch, PEER_MAX_AHEAD_MS)
        if res.facts:
            self.touch()
        return res

    def touch(self) -> None:
        """Something changed here: wake the peers waiting for news (the push on change)."""
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def wait_change(self, seen: int, timeout: float) -> int:
        """Block until the generation moves past ``seen`` (or ``timeout``); returns it."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen, timeout)
            return self.generation

    # --- an exchange with another laptop ---------------------------------------------------

    def exchange(self, link: PeerLink, max_batches: int = 1000) -> ExchangeResult:
        """Anti-entropy with ``link`` both ways until neither lacks anything (or ``max_batches``)."""
        me = self.hello()
        other = link.hello(me)
        res = ExchangeResult(peer=other.device_id)
        for _ in range(max_batches):  # what this laptop lacks
            batch = link.pull(me.device_id, self.vector(), BATCH)
            res.batches += 1
            got = self.receive(other.device_id, batch)
            res.received_facts += got.facts
            res.received_records += got.records if got.facts else 0
            res.waiting = got.waiting
            if not batch.more or not got.facts:  # done, or all it sent waits (clock ahead)
                break
        theirs = other.vector
        for _ in range(max_batches):  # what the other lacks
            batch = self.offer(theirs, BATCH)
            if not batch.facts:
                break
            res.batches += 1
            after = link.push(me.device_id, batch)
            res.sent_facts += sum(1 for f in batch.facts if f.seq > theirs.get(f.author, 0))
            moved = after != theirs
            theirs = after
            if not batch.more or not moved:
                break
        res.in_sync = peer_store.vector(self.db) == theirs
        return res


@dataclass
class LocalLink:
    """Another ``PeerService`` in this process, through the wire format (tests, benchmarks).
    ``faults`` is consulted before each message: it may drop the answer after the other side
    applied it ("lose"), cut a batch short ("cut"), or deliver it twice ("dup")."""

    other: PeerService
    faults: list[str] = field(default_factory=list)

    def _fault(self) -> str:
        return self.faults.pop(0) if self.faults else "pass"

    def hello(self, me: Hello) -> Hello:
        return self.other.hello()

    def pull(self, me: str, vector: Vector, limit: int) -> Batch:
        b = batch_from_wire(batch_wire(self.other.offer(vector, limit)))
        f = self._fault()
        if f == "cut":
            from ..sync.errors import offline

            raise offline("cut")
        return b

    def push(self, me: str, batch: Batch) -> Vector:
        b = batch_from_wire(batch_wire(batch))
        f = self._fault()
        if f == "cut" and b.facts:  # half of it arrives, then the line drops
            half = Batch(b.facts[: len(b.facts) // 2], b.records, True)
            self.other.receive(me, half)
            from ..sync.errors import offline

            raise offline("cut")
        self.other.receive(me, b)
        if f == "dup":
            self.other.receive(me, b)
        if f == "lose":
            from ..sync.errors import offline

            raise offline("answer lost")
        return self.other.vector()


def batch_wire(b: Batch) -> dict[str, Any]:
    return {"facts": [f.wire() for f in b.facts], "records": b.records, "more": b.more}


def batch_from_wire(doc: dict[str, Any]) -> Batch:
    facts = [Fact(str(a), int(q), str(e), str(r)) for a, q, e, r in doc.get("facts") or []]
    return Batch(facts, list(doc.get("records") or []), bool(doc.get("more")))
