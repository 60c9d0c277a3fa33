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

import copy
import dataclasses
import datetime as dt
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..domain import privacy
from ..domain.catalogue import normalise
from ..domain.records.catalog import Device
from ..domain.schema import ENTITIES
from ..storage import peer_store
from ..storage.data_version import announced_commits
from ..storage.peer_store import Applied, Batch, Fact, Vector
from ..sync import peer_trust
from ..sync.errors import SyncError
from ..sync.limits import MAX_AHEAD_MS
from ..sync.peer_trust import PeerKeys

if TYPE_CHECKING:
    from ..storage.database import Database
    from ..sync.peer_discovery import Announcer, Found
    from ..sync.peer_wire import PeerServer

BATCH = 500  # facts per batch (records: at most as many)
# A peer's record stamped further ahead than this waits (the hub refuses 10 minutes; one less
# leaves room for this laptop's own clock error).
PEER_MAX_AHEAD_MS = MAX_AHEAD_MS - 60_000


@dataclass(frozen=True)
class Hello:
    """Who a laptop is, what it holds (its version vector) and its hub-signed certificate."""

    device_id: str
    name: str | None
    caravan: str | None
    vector: Vector
    certificate: dict[str, Any] | None = None
    pair_key: str | None = None  # asking to be paired by a code: the asker's Ed25519 public key

    def wire(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "name": self.name,
            "caravan": self.caravan,
            "vector": self.vector,
            "certificate": self.certificate,
            "pair_key": self.pair_key,
        }


@dataclass(frozen=True)
class Greeting:
    """A laptop's answer to a hello: who it is, its signature over the asker's nonce, and a
    nonce of its own for the asker to sign."""

    hello: Hello
    proof: str
    nonce: str
    public_key: str | None = None  # the answering laptop's Ed25519 key (checked by a pairing)


@dataclass(frozen=True)
class PairingCode:
    """A one-time code this laptop shows so a laptop never enrolled can pair with it."""

    code: str
    expires: dt.datetime  # local time
    tries: int  # wrong codes allowed before it is void


@dataclass(frozen=True)
class DutyDouble:
    """The same person put on (or off) duty at one visit on two laptops in a row, with no change
    between (the laptops were apart): counted as one shift (the first "on", the first "off"),
    both events kept and listed for a person to review, never merged by itself."""

    visit_id: str
    person_id: str
    name: str
    kind: str  # "on" or "off"
    event_ids: tuple[str, ...]
    devices: tuple[str, ...]
    at: tuple[str, ...]
    what: str = "duty"


@dataclass
class PeerOutcome:
    address: str
    result: ExchangeResult | None
    error: str | None = None
    zh: str | None = None
    en: str | None = None


@dataclass
class PeerStatus:
    device_id: str
    held: int  # facts held (own and learned)
    authors: int  # laptops whose facts are held
    learned: int  # facts learned from other laptops (never pushed from here)
    certified: bool  # the hub certified this laptop's key (it can prove itself to peers)
    revoked: list[str]
    doubles: list[peer_store.PossibleDouble | DutyDouble]
    peers: list[peer_store.PeerRow]

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


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

    def hello(self, me: Hello, nonce: str) -> Greeting: ...

    def prove(self, me: str, proof: str, pair_mac: str | None = None) -> str | None: ...

    def pull(self, me: str, vector: Vector, limit: int) -> Batch: ...

    def push(self, me: str, batch: Batch) -> Vector: ...


class PeerService:
    def __init__(
        self,
        db: Database,
        this_device: Callable[[], Device] | None = None,
        data_dir: Path | None = None,
    ) -> None:
        self.db = db
        self._this_device = this_device
        self.keys = PeerKeys(data_dir if data_dir is not None else Path(db.path).parent)
        self.tls_pin: str | None = None  # the fingerprint of the TLS certificate this laptop serves
        self._nonces: dict[str, tuple[Hello, str, str]] = {}  # a greeted laptop: its hello, its nonce, ours
        self._admitted: set[str] = set()
        self._roles: dict[str, tuple[str | None, str | None]] = {}  # a trusted laptop: its role, its van
        self._lock = threading.Lock()  # one exchange applies at a time (the database serialises too)
        self.changed = threading.Condition()  # notified when facts arrive or are written here
        self.generation = 0
        # called (on the thread that applied them) after facts arrived from a peer with the synced
        # entities they changed, or with none when only the laptops near by changed (whom this one
        # trusts or refused): the desktop app's shell tells its pages
        self.listeners: list[Callable[[frozenset[str]], None]] = []

    # --- what this laptop holds ------------------------------------------------------------

    def hello(self) -> Hello:
        name = self._this_device().name if self._this_device is not None else None
        cert = self.keys.get(self.db.device_id).get("certificate")
        caravan = cert.get("caravan") if isinstance(cert, dict) else None
        return Hello(self.db.device_id, name, caravan, peer_store.vector(self.db), cert)

    # --- trust (sync/peer_trust.py) --------------------------------------------------------

    def revoked(self) -> set[str]:
        return {x for x in (self.db.get_meta("peer_revoked") or "").split(",") if x}

    def _sign(self, nonce: str, tls_pin: str | None) -> str:
        me = self.db.device_id
        return peer_trust.sign(self.keys.private_key(me), peer_trust.challenge_message(nonce, me, tls_pin))

    def check(self, other: Hello, nonce: str, proof: str | None, tls_pin: str | None = None) -> None:
        """Trust ``other`` or raise ``PeerRefused``; either way it is remembered with the reason."""
        hub_key = self.keys.get(self.db.device_id).get("hub_key")
        try:
            if other.device_id == self.db.device_id:
                raise peer_trust.PeerRefused(
                    "same_device",
                    "对方与本机的设备编号相同（复制的数据文件夹？），不与它互传数据",
                    "the other laptop has this laptop's device id (a copied data folder?); no data is exchanged",
                )
            paired = self.keys.paired(self.db.device_id).get(other.device_id)
            if paired is not None:  # paired once by a code: its key is remembered here
                self._check_paired(other.device_id, paired, nonce, tls_pin, proof)
                self._roles[other.device_id] = self._claimed(other, paired)
                peer_store.note_peer(self.db, other.device_id, status="trusted", name=other.name, public_key=paired)
                return
            body = peer_trust.check_certificate(hub_key, self.revoked(), other.certificate)
            if body.get("device_id") != other.device_id:
                raise peer_trust.PeerRefused(
                    "wrong_device",
                    "对方出示的证书属于另一台电脑，不与它互传数据",
                    "the other laptop shows another laptop's certificate; no data is exchanged",
                )
            peer_trust.check_proof(body, nonce, tls_pin, proof)
        except peer_trust.PeerRefused as exc:
            peer_store.note_peer(
                self.db, other.device_id, status="refused", reason=f"{exc.zh} / {exc.en}", name=other.name
            )
            raise
        self._roles[other.device_id] = (str(body.get("role") or "van"), str(body.get("caravan") or ""))
        peer_store.note_peer(
            self.db,
            other.device_id,
            status="trusted",
            name=other.name,
            caravan=str(body.get("caravan") or ""),
            role=str(body.get("role") or ""),
            public_key=str(body.get("public_key")),
        )

    def _check_paired(
        self, device_id: str, public_key: str, nonce: str, tls_pin: str | None, proof: str | None
    ) -> None:
        if device_id in self.revoked():
            raise peer_trust.PeerRefused(
                "revoked",
                "对方电脑的同步权限已被管理员撤销，不与它互传数据",
                "the other laptop's access was revoked by the hub's operator; no data is exchanged",
            )
        msg = peer_trust.challenge_message(nonce, device_id, tls_pin)
        if not proof or not peer_trust.verify(public_key, msg, proof):
            raise peer_trust.PeerRefused(
                "bad_proof",
                "对方无法证明它就是配对过的那台电脑，不与它互传数据",
                "the other laptop cannot prove it is the laptop paired before; no data is exchanged",
            )

    def _claimed(self, other: Hello, key: str) -> tuple[str | None, str | None]:
        """A paired laptop's role and van: what the certificate it shows says, if that names the
        key it proved and — where this laptop holds a hub key — the hub signed it (a laptop
        never enrolled cannot check the signature; the crew vouched for the other by the code).
        None without one: no van's."""
        cert = other.certificate
        if not (isinstance(cert, dict) and cert.get("public_key") == key and cert.get("device_id") == other.device_id):
            return None, None
        hub_key = self.keys.get(self.db.device_id).get("hub_key")
        if hub_key:
            try:
                peer_trust.check_certificate(hub_key, self.revoked(), cert)
            except peer_trust.PeerRefused:
                return None, None
        return str(cert.get("role") or "van"), str(cert.get("caravan") or "")

    def greet(self, other: Hello, nonce: str) -> Greeting:
        """Serving side, first message: answer with this laptop's proof and a nonce to sign."""
        if other.pair_key is not None:
            self._open_code()  # refuses now if no code is shown or it expired
        mine = secrets.token_urlsafe(24)
        self._nonces[other.device_id] = (other, nonce, mine)
        me = self.db.device_id
        return Greeting(self.hello(), self._sign(nonce, self.tls_pin), mine, self.keys.public_key(me))

    def admit(self, device_id: str, proof: str, tls_pin: str | None = None, pair_mac: str | None = None) -> str | None:
        """Serving side, second message: the asker signed our nonce; check it and its certificate
        (or, pairing, the code it typed). Pairing answers this laptop's own proof of the code."""
        other, theirs, nonce = self._nonces.pop(device_id, (None, "", ""))
        if other is None:
            raise peer_trust.PeerRefused("no_hello", "请先问候（协议错误）", "say hello first (protocol error)")
        if other.pair_key is None:
            self.check(other, nonce, proof, tls_pin)
            self._admitted.add(device_id)
            return None
        try:
            self._check_paired(device_id, other.pair_key, nonce, tls_pin, proof)
            mac = self._pair_mac(other, theirs, nonce, "asker")
            with self._lock:
                code = self._open_code()
                if not peer_trust.same_mac(pair_mac, mac(code)):
                    self._wrong_code(code)
                self.keys.end_pairing(self.db.device_id)  # one use
        except peer_trust.PeerRefused as exc:
            peer_store.note_peer(self.db, device_id, status="refused", reason=f"{exc.zh} / {exc.en}", name=other.name)
            raise
        self.keys.remember_pair(self.db.device_id, device_id, other.pair_key)
        self._roles[device_id] = self._claimed(other, other.pair_key)
        peer_store.note_peer(self.db, device_id, status="trusted", name=other.name, public_key=other.pair_key)
        self._admitted.add(device_id)
        return self._pair_mac(other, theirs, nonce, "server")(code)

    def _pair_mac(self, asker: Hello, asker_nonce: str, server_nonce: str, role: str) -> Callable[[str], str]:
        """The pairing HMAC as the serving laptop sees it (see ``peer_trust.pair_mac``)."""
        me = self.db.device_id
        devices = (asker.device_id, me)
        keys = (str(asker.pair_key), self.keys.public_key(me))
        return lambda code: peer_trust.pair_mac(code, role, (asker_nonce, server_nonce), devices, keys, self.tls_pin)

    def pair_code(self, ttl_s: float = peer_trust.PAIR_TTL_S) -> PairingCode:
        """Show a new one-time code (the earlier one is void): the laptop that types it within
        ``ttl_s`` seconds (``caravan peer sync ADDRESS --pair CODE``) is paired with this one."""
        code, expires = self.keys.open_pairing(self.db.device_id, ttl_s)
        return PairingCode(code, dt.datetime.fromtimestamp(expires), peer_trust.PAIR_TRIES)

    def _open_code(self) -> str:
        p = self.keys.pairing(self.db.device_id)
        if p is None:
            raise peer_trust.PeerRefused(
                "no_code",
                "对方电脑没有正在显示的配对码（或已用过）：请在对方电脑上运行 caravan peer pair 取一个新码",
                "the other laptop shows no pairing code (or it was used): run caravan peer pair there for a new one",
            )
        if float(p.get("expires") or 0) <= time.time():
            self.keys.end_pairing(self.db.device_id)
            raise peer_trust.PeerRefused(
                "code_expired",
                "配对码已过期：请在对方电脑上运行 caravan peer pair 取一个新码",
                "the pairing code expired: run caravan peer pair on the other laptop for a new one",
            )
        return str(p["code"])

    def _wrong_code(self, code: str) -> None:
        p = self.keys.pairing(self.db.device_id) or {}
        tries = int(p.get("tries") or 0) + 1
        left = peer_trust.PAIR_TRIES - tries
        if left <= 0:
            self.keys.end_pairing(self.db.device_id)
        else:
            self.keys.store(self.db.device_id, pairing={**p, "tries": tries})
        raise peer_trust.PeerRefused(
            "bad_code",
            f"配对码不对：请核对对方屏幕上的 8 位数字（还可再试 {left} 次）"
            if left > 0
            else "配对码不对，已试错太多次，此码作废：请在对方电脑上运行 caravan peer pair 取一个新码",
            f"wrong pairing code: check the 8 digits on the other screen ({left} tries left)"
            if left > 0
            else "wrong pairing code too many times, the code is void: run caravan peer pair there for a new one",
        )

    def require(self, device_id: str) -> None:
        if device_id not in self._admitted:
            raise peer_trust.PeerRefused("not_admitted", "对方未通过验证", "the other laptop was not admitted")

    def vector(self) -> Vector:
        return peer_store.vector(self.db)

    def known(self) -> list[peer_store.PeerRow]:
        """Laptops seen: trusted, or refused with the reason (shown on 今日 and 同步)."""
        return peer_store.peers(self.db)

    def possible_doubles(self, visit_id: str | None = None) -> list[peer_store.PossibleDouble | DutyDouble]:
        """For review: the same phone or badge signed in on two laptops at one visit, then the
        same person gone on (or off) duty on two laptops in a row (``duty_doubles``)."""
        return [*peer_store.possible_doubles(self.db, visit_id), *self.duty_doubles(visit_id)]

    def duty_doubles(self, visit_id: str | None = None) -> list[DutyDouble]:
        """Runs of one kind (on, on / off, off) in a person's duty events at a visit, recorded on
        more than one laptop while apart: each laptop saw that person's last state and recorded
        the same change again. Not a double: a repeat on one laptop alone (a badge scanned
        twice), nor a repeat made by a laptop that already held the other laptop's event (it
        was connected: someone pressed 上岗 again for a person on duty), in either order (the
        laptops' clocks may disagree). Listed: the run's events that are in a pair made apart."""
        out: list[DutyDouble] = []
        run: list[peer_store.DutyRow] = []

        def apart(x: peer_store.DutyRow, y: peer_store.DutyRow) -> bool:
            if x.device_id == y.device_id:
                return False
            return not ((x.knew is not None and y.event_id in x.knew) or (y.knew is not None and x.event_id in y.knew))

        def close() -> None:
            involved = {r.event_id for a in run for r in run if apart(a, r)}
            rows = [r for r in run if r.event_id in involved]
            if rows:
                r0 = rows[0]
                out.append(
                    DutyDouble(
                        r0.visit_id,
                        r0.person_id,
                        r0.name,
                        r0.kind,
                        tuple(r.event_id for r in rows),
                        tuple(sorted({r.device_id for r in rows})),
                        tuple(r.at for r in rows),
                    )
                )

        for row in peer_store.duty_rows(self.db, visit_id):
            if run and (row.visit_id, row.person_id, row.kind) == (run[0].visit_id, run[0].person_id, run[0].kind):
                run.append(row)
                continue
            if run:
                close()
            run = [row]
        if run:
            close()
        return out

    def status(self) -> PeerStatus:
        vec = self.vector()
        return PeerStatus(
            device_id=self.db.device_id,
            held=sum(vec.values()),
            authors=len(vec),
            learned=peer_store.learned_count(self.db),
            certified=bool(self.keys.get(self.db.device_id).get("certificate")),
            revoked=sorted(self.revoked()),
            doubles=self.possible_doubles(),
            peers=self.known(),
        )

    # --- serving another laptop ------------------------------------------------------------

    # --- what another laptop may receive (the hub's rule for a pull, domain/privacy.py) ------

    def receiver(self, device_id: str | None = None, records: list[dict[str, Any]] | None = None) -> privacy.Receiver:
        """What the laptop ``device_id`` may receive of other vans' participants, by the role
        and van its certificate names, as the hub decides for its pull: the office's laptop
        everything, a van's laptop its van's as taken and of other vans only the counts. A
        laptop paired by a code (no certificate) or not yet greeted is no van's. ``None``:
        this laptop itself (what it holds of others is what the hub and its peers gave it). Names
        of other vans' participants go to a van's laptop only if the hub shares names."""
        if device_id is None or device_id == self.db.device_id:
            cert = self.keys.get(self.db.device_id).get("certificate")
            role, van = (cert.get("role"), cert.get("caravan")) if isinstance(cert, dict) else (None, None)
        else:
            role, van = self._roles.get(device_id, (None, None))
        if role in ("office", "hub"):
            return privacy.Receiver(True)
        if not role:
            return privacy.Receiver(False, secret=self.dedupe_secret())
        vans = peer_store.caravan_ids_named(self.db, van)
        key = normalise(van or "")
        for r in records or ():  # the van's own record may arrive in the same batch
            d = r.get("data")
            if (
                r.get("entity") == "caravan"
                and isinstance(d, dict)
                and key
                and normalise(str(d.get("name") or "")) == key
            ):
                vans.add(str(r.get("id")))
        return privacy.Receiver(False, frozenset(vans), self.shares_names(), self.dedupe_secret())

    def dedupe_secret(self) -> str | None:
        """The association's secret keying hashed dedupe keys (from the hub, or from the laptop this
        one was paired with): another van's phone is never sent as a hash anyone could reverse."""
        return self.db.get_meta(privacy.META_DEDUPE_SECRET) or None

    def shares_names(self) -> bool:
        """The hub's ``share_names`` as this laptop's last hub sync brought it (off until then):
        peers give other vans' names to a van's laptop only when the hub would."""
        return self.db.get_meta("peer_share_names") == "1"

    def _strip(self, records: list[dict[str, Any]], to: privacy.Receiver, sure: bool = False) -> set[tuple[str, str]]:
        """Strip ``records`` in place for ``to``. ``sure``: only records whose van this laptop
        knows (a receiver that may not hold the van's record yet trusts the sender's stripping
        rather than keep a stripped copy of its own van's sign-in for good)."""
        triples = [
            (str(r.get("entity")), str(r.get("id")), r["data"]) for r in records if isinstance(r.get("data"), dict)
        ]
        if to.office or not triples:
            return set()
        named = privacy.named_signins(triples)
        visit_of = peer_store.signin_visits(self.db, named) if named else {}
        van_of = peer_store.visit_vans(self.db, privacy.visits_named(triples, visit_of))
        if sure:
            unsure = self._unsure(triples, visit_of, van_of)
            triples = [t for t in triples if (t[0], t[1]) not in unsure]
        return privacy.strip_other_vans(triples, to, visit_of, van_of)

    def _held_unsure(self, records: list[dict[str, Any]]) -> set[tuple[str, str]]:
        triples = [
            (str(r.get("entity")), str(r.get("id")), r["data"]) for r in records if isinstance(r.get("data"), dict)
        ]
        named = privacy.named_signins(triples)
        visit_of = peer_store.signin_visits(self.db, named) if named else {}
        return self._unsure(triples, visit_of, peer_store.visit_vans(self.db, privacy.visits_named(triples, visit_of)))

    def _unsure(
        self,
        triples: list[tuple[str, str, dict[str, Any]]],
        visit_of: dict[str, object],
        van_of: dict[str, object],
    ) -> set[tuple[str, str]]:
        """Records whose van this laptop cannot tell (its visit or van record not held here nor
        in the batch): the privacy rule would call them another van's."""
        vans = {rid for e, rid, _d in triples if e == "caravan"}
        van_of = {**van_of, **{rid: d.get("caravan_id") for e, rid, d in triples if e == "visit"}}
        vans |= peer_store.caravans_held(self.db, sorted({v for v in van_of.values() if isinstance(v, str)}))
        where = {**visit_of, **{rid: d.get("visit_id") for e, rid, d in triples if e == "signin"}}

        def known(e: str, d: dict[str, Any]) -> bool:
            if e == "signin":
                return van_of.get(str(d.get("visit_id"))) in vans
            if e == "movement":
                return d.get("caravan_id") in vans
            if e == "photo":
                return van_of.get(str(d.get("visit_id"))) in vans
            if e == "privacy_action" and d.get("kind") == "correct":
                return all(van_of.get(str(where.get(i))) in vans for i in privacy.signin_ids(d.get("signin_ids")))
            return True

        return {(e, rid) for e, rid, d in triples if not known(e, d)}

    def offer(self, theirs: Vector, limit: int = BATCH, to: str | None = None) -> Batch:
        """What the laptop ``to`` holding ``theirs`` lacks (at most ``limit`` facts), stripped of
        other vans' personal data as the hub would strip it for ``to`` (``receiver``).

        A record this laptop holds stripped (another van's sign-in, as it was given to this
        laptop) is not relayed to a laptop entitled to more: that author's facts stop there, and
        ``to`` learns them from their author, another laptop or the hub, whole; a stripped copy
        would otherwise stay (append-only records are inserted once) and the evening sync
        could not make its export equal the hub's."""
        return dataclasses.replace(self._offer(theirs, limit, to), secret=self.dedupe_secret())

    def _offer(self, theirs: Vector, limit: int, to: str | None) -> Batch:
        limit = max(1, min(limit, BATCH))
        dest = self.receiver(to)
        if dest.office and self.receiver().office:
            return peer_store.facts_after(self.db, theirs, limit)
        me = self.db.device_id
        facts: list[Fact] = []
        records: dict[tuple[str, str], dict[str, Any]] = {}
        skip: set[str] = set()
        knew_kept: dict[str, list[str]] = {}
        while True:
            b = peer_store.facts_after(self.db, theirs, limit - len(facts), frozenset(skip))
            mine = copy.deepcopy([r for r in b.records if r.get("device_id") != me])
            held_stripped = self._strip(mine, self.receiver(None, b.records))
            dest = self.receiver(to, b.records)
            sent = self._strip(b.records, dest)
            withheld = held_stripped - sent
            if not dest.office:  # never send a stripped copy of what ``to`` may be entitled to
                withheld |= sent & self._held_unsure(b.records)
            cut: set[str] = set()
            kept: list[Fact] = []
            for f in b.facts:
                if f.author in cut:
                    continue
                if (f.entity, f.record_id) in withheld:
                    cut.add(f.author)
                    continue
                kept.append(f)
            by_key = {(str(r.get("entity")), str(r.get("id"))): r for r in b.records}
            if not cut or len(facts) + len(kept) >= limit:
                facts.extend(kept)
                for f in kept:
                    r = by_key.get((f.entity, f.record_id))
                    if r is not None:
                        records[(f.entity, f.record_id)] = r
                order = {e: i for i, e in enumerate(ENTITIES)}  # a van and a site before the visit naming them
                knew = {k: v for k, v in b.knew.items() if ("duty_event", k) in records} | {
                    k: v for k, v in knew_kept.items() if ("duty_event", k) in records
                }
                return Batch(facts, sorted(records.values(), key=lambda r: order.get(r["entity"], -1)), b.more, knew)
            for f in kept:  # the cut authors' facts before the cut; the others are asked again
                if f.author in cut:
                    facts.append(f)
                    r = by_key.get((f.entity, f.record_id))
                    if r is not None:
                        records[(f.entity, f.record_id)] = r
            knew_kept.update(b.knew)
            skip |= cut

    def receive(self, source: str, batch: Batch) -> Applied:
        """Apply facts another laptop sent (idempotent; a repeat or a reordering changes nothing).
        What is kept of other vans' participants is what the hub would give this laptop: the
        sender strips for it, and this laptop strips again (a sender of an older version). A
        laptop that holds no dedupe secret (paired by a code, never enrolled) takes the sender's."""
        mine = self.db.device_id
        with announced_commits() as written:  # told below with what it wrote, not as another program's
            if batch.secret and not self.dedupe_secret():
                self.db.set_meta(privacy.META_DEDUPE_SECRET, batch.secret)
            self._strip(
                [r for r in batch.records if r.get("device_id") != mine], self.receiver(None, batch.records), True
            )
            with self._lock:
                res = peer_store.apply_batch(self.db, source, batch, PEER_MAX_AHEAD_MS)
        if res.facts:
            self.touch(frozenset(written.entities))
        return res

    def touch(self, entities: frozenset[str] = frozenset()) -> None:
        """Something changed here: wake the peers waiting for news (the push on change) and tell
        the listeners which synced entities changed."""
        with self.changed:
            self.generation += 1
            self.changed.notify_all()
        self.tell(entities)

    def tell(self, entities: frozenset[str] = frozenset()) -> None:
        """Tell the listeners what changed here (no entity: only the laptops near by)."""
        for listener in list(self.listeners):
            listener(entities)

    def wait_change(self, seen: int, timeout: float) -> int:
        """Block until something changed here after generation ``seen`` (facts received, or a
        change written by any face or process: the newest outbox number moved), or ``timeout``;
        returns the generation."""
        import time

        mark = peer_store.own_mark(self.db)
        end = time.monotonic() + timeout
        with self.changed:
            while self.generation == seen:
                left = end - time.monotonic()
                if left <= 0:
                    break
                self.changed.wait(min(left, 0.2))
                now = peer_store.own_mark(self.db)
                if now != mark:
                    self.generation += 1
                    break
            return self.generation

    def serve(self, host: str = "0.0.0.0", port: int = 0, tls_dir: Path | None = None) -> PeerServer:
        """Start this laptop's peer server (HTTPS, its own thread); stop it with ``.stop()``."""
        from ..sync.peer_wire import PeerServer

        srv = PeerServer(WireHandler(self), tls_dir or self.keys.path.parent, host, port)
        self.tls_pin = srv.tls_pin  # the proofs this laptop signs name the certificate it serves
        return srv.start()

    def near(self, seconds: float = 2.0) -> list[Found]:
        """The laptops announcing peer sync on this network (mDNS); none if multicast is blocked."""
        from ..sync.peer_discovery import browse

        try:
            return browse(seconds, exclude=self.db.device_id)
        except OSError:
            return []

    def announce(self, host: str, port: int) -> Announcer | None:
        """Announce this laptop's peer server by mDNS (None where the network does not allow it)."""
        from ..sync.peer_discovery import Announcer

        h = self.hello()
        try:
            return Announcer(h.device_id, h.name, h.caravan, host, port)
        except OSError:
            return None

    def sync_addresses(self, addresses: list[str], pair: str | None = None) -> list[PeerOutcome]:
        """One exchange with each address; a refusal or a dropped link is said with the reason."""
        out = []
        for a in addresses:
            try:
                out.append(PeerOutcome(a, self.sync_with(a, pair)))
            except (SyncError, peer_trust.PeerRefused) as exc:
                out.append(PeerOutcome(a, None, exc.code, exc.zh, exc.en))
        return out

    def sync_with(self, address: str, pair: str | None = None) -> ExchangeResult:
        """One exchange with the laptop at ``address`` (``host:port`` or ``https://host:port``)."""
        link = HttpLink(address)
        try:
            res = self.exchange(link, pair=pair)
        finally:
            link.close()
        peer_store.note_peer(self.db, res.peer, status="trusted", address=address)  # followed again later
        return res

    def can_prove(self) -> bool:
        """This laptop can prove itself to some laptop: the hub certified it, or it was paired
        by a code with one (a laptop never enrolled)."""
        keys = self.keys.get(self.db.device_id)
        return bool(keys.get("certificate")) or bool(self.keys.paired(self.db.device_id))

    def paired_addresses(self) -> list[str]:
        """Where the laptops this one was paired with were reached (``sync_with``): a laptop never
        enrolled follows them there, since it cannot check a laptop found by mDNS that it was not
        paired with."""
        paired = self.keys.paired(self.db.device_id)
        return [p.address for p in self.known() if p.device_id in paired and p.address and p.status == "trusted"]

    # --- an exchange with another laptop ---------------------------------------------------

    def exchange(self, link: PeerLink, max_batches: int = 1000, pair: str | None = None) -> ExchangeResult:
        """Anti-entropy with ``link`` both ways until neither lacks anything (or ``max_batches``).
        ``pair``: the code shown on the other laptop's screen, to pair with it first."""
        me = self.hello()
        if pair is not None:
            me = dataclasses.replace(me, pair_key=self.keys.public_key(me.device_id))
        nonce = secrets.token_urlsafe(24)
        greeting = link.hello(me, nonce)
        other = greeting.hello
        tls_pin = getattr(link, "tls_pin", None)
        if pair is None:
            self.check(other, nonce, greeting.proof, tls_pin)
            link.prove(me.device_id, self._sign(greeting.nonce, None))  # the asker serves no certificate here
        else:
            self._pair_with(link, me, nonce, greeting, tls_pin, pair)
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
            batch = self.offer(theirs, BATCH, to=other.device_id)
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
        peer_store.note_peer(self.db, other.device_id, status="trusted", synced=True)
        return res

    def _pair_with(
        self, link: PeerLink, me: Hello, nonce: str, greeting: Greeting, tls_pin: str | None, code: str
    ) -> None:
        """Asking side of a pairing: prove the code first (the server counts wrong tries), then
        check that the server knew it too, and remember its key."""
        other = greeting.hello
        try:
            if not greeting.public_key:
                raise peer_trust.PeerRefused("bad_proof", "对方没有出示密钥", "the other laptop shows no key")
            self._check_paired(other.device_id, greeting.public_key, nonce, tls_pin, greeting.proof)
            devices = (me.device_id, other.device_id)
            keys = (str(me.pair_key), greeting.public_key)
            nonces = (nonce, greeting.nonce)
            mine = peer_trust.pair_mac(code, "asker", nonces, devices, keys, tls_pin)
            answer = link.prove(me.device_id, self._sign(greeting.nonce, None), mine)
            if not peer_trust.same_mac(answer, peer_trust.pair_mac(code, "server", nonces, devices, keys, tls_pin)):
                raise peer_trust.PeerRefused(
                    "bad_code",
                    "对方不知道这个配对码（可能不是屏幕上显示它的那台电脑），不与它互传数据",
                    "the other laptop does not know this pairing code (not the laptop showing it?); "
                    "no data is exchanged",
                )
        except peer_trust.PeerRefused as exc:
            peer_store.note_peer(
                self.db, other.device_id, status="refused", reason=f"{exc.zh} / {exc.en}", name=other.name
            )
            raise
        self.keys.remember_pair(me.device_id, other.device_id, greeting.public_key)
        self._roles[other.device_id] = self._claimed(other, greeting.public_key)
        peer_store.note_peer(
            self.db, other.device_id, status="trusted", name=other.name, public_key=greeting.public_key
        )


@dataclass
class LocalLink:
    """Another ``PeerService`` in this process, through the wire format (tests, benchmarks).
    ``faults`` is consulted before each message: it may drop the answer after the other side
    applied it ("lose"), cut a batch short ("cut"), or deliver it twice ("dup")."""

    other: PeerService
    faults: list[str] = field(default_factory=list)

    def _fault(self) -> str:
        return self.faults.pop(0) if self.faults else "pass"

    @property
    def tls_pin(self) -> str | None:
        return self.other.tls_pin

    def hello(self, me: Hello, nonce: str) -> Greeting:
        return self.other.greet(me, nonce)

    def prove(self, me: str, proof: str, pair_mac: str | None = None) -> str | None:
        return self.other.admit(me, proof, None, pair_mac)

    def pull(self, me: str, vector: Vector, limit: int) -> Batch:
        self.other.require(me)
        b = batch_from_wire(batch_wire(self.other.offer(vector, limit, to=me)))
        f = self._fault()
        if f == "cut":
            from ..sync.errors import offline

            raise offline("cut")
        return b

    def push(self, me: str, batch: Batch) -> Vector:
        self.other.require(me)
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
    doc = {"facts": [f.wire() for f in b.facts], "records": b.records, "more": b.more, "knew": b.knew}
    if b.secret:  # only ever to a laptop that proved itself, inside the pinned TLS channel
        doc["secret"] = b.secret
    return doc


def batch_from_wire(doc: dict[str, Any]) -> Batch:
    facts = [Fact(str(a), int(q), str(e), str(r)) for a, q, e, r in doc.get("facts") or []]
    raw = doc.get("knew")
    knew = {str(k): [str(x) for x in v] for k, v in raw.items() if isinstance(v, list)} if isinstance(raw, dict) else {}
    secret = doc.get("secret")
    return Batch(
        facts, list(doc.get("records") or []), bool(doc.get("more")), knew, secret if isinstance(secret, str) else None
    )


def hello_from_wire(doc: dict[str, Any]) -> Hello:
    vec = doc.get("vector") or {}
    cert = doc.get("certificate")
    return Hello(
        device_id=str(doc["device_id"]),
        name=doc.get("name") if isinstance(doc.get("name"), str) else None,
        caravan=doc.get("caravan") if isinstance(doc.get("caravan"), str) else None,
        vector={str(k): int(v) for k, v in vec.items()},
        certificate=cert if isinstance(cert, dict) else None,
        pair_key=doc.get("pair_key") if isinstance(doc.get("pair_key"), str) else None,
    )


class WireHandler:
    """The peer server's side (``sync.peer_wire.PeerHandler``) over a ``PeerService``."""

    def __init__(self, peers: PeerService) -> None:
        self.peers = peers

    def wire_hello(self, doc: dict[str, Any]) -> dict[str, Any]:
        g = self.peers.greet(hello_from_wire(doc["hello"]), str(doc["nonce"]))
        return {"hello": g.hello.wire(), "proof": g.proof, "nonce": g.nonce, "public_key": g.public_key}

    def wire_prove(self, doc: dict[str, Any], tls_pin: str | None) -> tuple[str, str | None]:
        device = str(doc["device_id"])
        mac = doc.get("pair_mac") if isinstance(doc.get("pair_mac"), str) else None
        try:
            with announced_commits():  # whom this laptop trusts: told to the listeners, not as another program's write
                return device, self.peers.admit(device, str(doc["proof"]), None, mac)
        finally:
            self.peers.tell()

    def wire_pull(self, device_id: str, doc: dict[str, Any]) -> dict[str, Any]:
        vec = {str(k): int(v) for k, v in (doc.get("vector") or {}).items()}
        return batch_wire(self.peers.offer(vec, int(doc.get("limit") or BATCH), to=device_id))

    def wire_push(self, device_id: str, doc: dict[str, Any]) -> dict[str, Any]:
        got = self.peers.receive(device_id, batch_from_wire(doc["batch"]))
        return {"vector": self.peers.vector(), "facts": got.facts, "waiting": got.waiting}

    def wire_wait(self, device_id: str, doc: dict[str, Any], timeout: float) -> dict[str, Any]:
        gen = self.peers.wait_change(int(doc.get("generation") or -1), timeout)
        return {"generation": gen}


class HttpLink:
    """Another laptop over HTTPS (``sync.peer_wire.PeerClient``) as a ``PeerLink``."""

    def __init__(self, url: str) -> None:
        from ..sync.peer_wire import PeerClient

        self.client = PeerClient(url)
        self.tls_pin: str | None = self.client.tls_pin

    def close(self) -> None:
        self.client.close()

    def hello(self, me: Hello, nonce: str) -> Greeting:
        out = self.client.call("hello", {"hello": me.wire(), "nonce": nonce})
        key = out.get("public_key")
        return Greeting(
            hello_from_wire(out["hello"]), str(out["proof"]), str(out["nonce"]), key if isinstance(key, str) else None
        )

    def prove(self, me: str, proof: str, pair_mac: str | None = None) -> str | None:
        out = self.client.call("prove", {"device_id": me, "proof": proof, "pair_mac": pair_mac})
        self.client.session = str(out["session"])
        mac = out.get("pair_mac")
        return mac if isinstance(mac, str) else None

    def pull(self, me: str, vector: Vector, limit: int) -> Batch:
        return batch_from_wire(self.client.call("pull", {"vector": vector, "limit": limit}))

    def push(self, me: str, batch: Batch) -> Vector:
        out = self.client.call("push", {"batch": batch_wire(batch)})
        return {str(k): int(v) for k, v in (out.get("vector") or {}).items()}

    def wait(self, generation: int, timeout: float = 20.0) -> int:
        """Block until the other laptop has news (the push on change); returns its generation."""
        out = self.client.call("wait", {"generation": generation, "timeout": timeout}, timeout=timeout + 10)
        return int(out.get("generation") or 0)


class PeerHost:
    """Peer sync while a visit is open, for a long-lived owner (the desktop app's shell): serve,
    announce by mDNS, and follow every trusted laptop found (or named): exchange, then long-poll
    it and exchange again on news, so its counts appear here within a second or two. When a link
    drops, this laptop keeps working alone and tries again on the next round. ``on_news`` is
    called (on a worker thread) after an exchange brought records."""

    ROUND_S = 10.0

    def __init__(
        self,
        peers: PeerService,
        on_news: Callable[[ExchangeResult], None] | None = None,
        host: str = "0.0.0.0",
        port: int = 0,
        announce: bool = True,
        addresses: list[str] | None = None,
    ) -> None:
        self.peers = peers
        self.on_news = on_news
        self.host, self.port, self._announce = host, port, announce
        self.addresses = list(addresses or [])
        self.server: PeerServer | None = None
        self._ann: Announcer | None = None
        self._stop = threading.Event()
        self._following: dict[str, threading.Thread] = {}
        self._round: threading.Thread | None = None
        self.last_error: dict[str, str] = {}

    def start(self) -> PeerHost:
        self.server = self.peers.serve(self.host, self.port)
        if self._announce:
            self._ann = self.peers.announce(self.host, self.server.port)
        self._round = threading.Thread(target=self._rounds, name="peer-rounds", daemon=True)
        self._round.start()
        return self

    def address(self) -> str | None:
        """``host:port`` where the other laptops reach this one (for a pairing code's hint)."""
        if self.server is None:
            return None
        from ..sync.peer_discovery import _lan_address

        host = self.host if self.host not in ("0.0.0.0", "") else _lan_address()
        return f"{host}:{self.server.port}"

    def stop(self) -> None:
        self._stop.set()
        if self._ann is not None:
            self._ann.close()
        if self.server is not None:
            self.server.stop()
        for th in [*self._following.values(), *([self._round] if self._round else [])]:
            th.join(2)

    def _rounds(self) -> None:
        while not self._stop.is_set():
            found = [f.address for f in self.peers.near(1.0)] if self._announce else []
            for addr in dict.fromkeys([*self.addresses, *found]):
                th = self._following.get(addr)
                if th is None or not th.is_alive():
                    th = threading.Thread(target=self._follow, args=(addr,), name=f"peer-{addr}", daemon=True)
                    self._following[addr] = th
                    th.start()
            self._stop.wait(self.ROUND_S)

    def _follow(self, address: str) -> None:
        try:
            link = HttpLink(address)
        except (SyncError, peer_trust.PeerRefused) as exc:
            self.last_error[address] = f"{exc.zh} / {exc.en}"
            return
        try:
            gen = -1
            while not self._stop.is_set():
                try:
                    with announced_commits():  # what it received is told by ``receive``; who is near, here
                        res = self.peers.exchange(link)
                finally:
                    self.peers.tell()
                self.last_error.pop(address, None)
                if res.changed() and self.on_news is not None:
                    self.on_news(res)
                gen = link.wait(gen, timeout=5.0)
        except (SyncError, peer_trust.PeerRefused) as exc:  # the link dropped, or refused: alone
            self.last_error[address] = f"{exc.zh} / {exc.en}"
        finally:
            link.close()
