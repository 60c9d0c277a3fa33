"""Sync with the hub: push the outbox, then pull what others changed (docs/sync.md).

A sync is push-until-empty then pull-until-done; when nothing is waiting it is one request
(the last push carries the first pull). Every step is its own local transaction and every hub
answer is idempotent, so an interrupted sync is simply run again. Never two at once.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import privacy
from ..storage import quarantine, sync_store, unsent
from ..storage.database import Database
from ..sync.errors import SyncError, not_enrolled
from ..sync.limits import DEFAULT_PULL_LIMIT, MAX_AHEAD_MS, MAX_BATCH, MAX_BATCH_BYTES, MAX_PULL_LIMIT
from ..sync.lock import SyncLock
from ..sync.tokens import TokenStore

if TYPE_CHECKING:  # httpx is imported only when a sync starts (faster app start)
    from ..sync.client import HubClient
    from ..sync.protocol import PushResponse

Progress = Callable[[int, int, str], None]
ClientFactory = Callable[[str, str | None], "HubClient"]

CLOCK_WARN_MS = 2 * 60 * 1000  # warn when the laptop clock is off by more than this


@dataclass
class SyncResult:
    server: str
    pushed: int = 0
    rejected: int = 0
    duplicates: int = 0
    requeued: int = 0
    pulled: int = 0
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    clock_offset_ms: int = 0
    pending: int = 0
    cancelled: bool = False
    # Photo files, after the figures (services/photo_sync.py); their failure is reported here only.
    photos_uploaded: int = 0
    photos_downloaded: int = 0
    photos_waiting: int = 0
    photos_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Enrollment:
    """What enrolling gave this laptop: its hub, van, role and where the token is kept."""

    server: str
    caravan: str
    role: str  # "van", or "office": may change every van's records
    device_id: str
    token_store: str  # "keyring" or the file's path

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SyncStatus:
    pending: int
    server: str | None
    enrolled: bool
    last_success: str | None
    last_error: str | None
    clock_offset_ms: int
    clock_warning: bool
    rejects: list[dict[str, Any]] = field(default_factory=list)
    # Pulled records this laptop could not apply (kept aside; the rest of the sync went on).
    quarantined: list[dict[str, Any]] = field(default_factory=list)
    # Hours the clock moved since the last sync (services/base.Clock.check), None if it did not.
    clock_moved_h: float | None = None
    # Unsent changes kept at a restore that still wait for records the next sync brings back.
    restore_waiting: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def pull_limit(page: dict[str, Any] | None) -> int:
    """The page size to ask for: the hub's ``max_limit`` (newer hubs), at most ours."""
    top = page.get("max_limit") if page is not None else None
    return min(top, MAX_PULL_LIMIT) if type(top) is int and top > 0 else DEFAULT_PULL_LIMIT


def _all_applied(answer: PushResponse, batch: list[sync_store.OutMutation]) -> bool:
    """A push answer that re-queues nothing: every mutation applied, the hub's position at the
    batch's end (not beyond: a restored laptop), no pull page."""
    return not answer.results and answer.last_seq == batch[-1].seq and answer.pull is None


def _pull(c: HubClient, device_id: str, cursor: int, limit: int, own: bool) -> Any:
    return c.call("/sync/pull", {"device_id": device_id, "cursor": cursor, "limit": limit, "own": own})


class SyncService:
    def __init__(
        self,
        db: Database,
        data_dir: Path,
        tokens: TokenStore | None = None,
        client_factory: ClientFactory | None = None,
        after_pull: Callable[[], int] | None = None,
    ) -> None:
        self.db = db
        # Called when a sync has pulled everything; if it made changes (e.g. merges of
        # catalogue duplicates) they are pushed in the same sync.
        self._after_pull = after_pull
        self.data_dir = Path(data_dir)
        self.tokens = tokens or TokenStore(self.data_dir)
        self._client_factory = client_factory or self._default_client
        self._busy = threading.Lock()
        self._pin: str | None = None  # the pin of an enrollment under way

    def _default_client(self, url: str, token: str | None) -> HubClient:
        from ..sync.client import HubClient

        pin = self._pin if token is None and self._pin is not None else (self.db.get_meta("sync_pin") or None)
        return HubClient(url, token, wall=getattr(self.db.clock, "_wall", time.time), pin=pin)

    # --- enrollment -------------------------------------------------------------------------

    def enroll(self, server_url: str, code: str) -> Enrollment:
        """Exchange a one-time code for this laptop's token (kept outside the database)."""
        from ..sync.client import check_url, split_code
        from .catalog import CatalogService

        name = CatalogService(self.db).this_device().name
        code, pin = split_code(code)
        if "#" in server_url:  # the whole QR text pasted as the address
            server_url = server_url.split("#", 1)[0]
        check_url(server_url.rstrip("/"), pin)
        self._pin = pin
        proof = self._enroll_proof()
        from ..sync.peer_trust import PeerKeys

        keys = PeerKeys(self.data_dir)  # peer sync: the hub certifies this laptop's key
        body = {"code": code, "device_id": self.db.device_id, "name": name, "proof": proof}
        body["public_key"] = keys.public_key(self.db.device_id)
        try:
            with self._client_factory(server_url, None) as c:
                ex = c.call("/enroll", body)
        finally:
            self._pin = None
        ans = ex.enrolled()  # checked before any of it is kept
        where = self.tokens.set(self.db.device_id, ans.token)
        if ans.certificate and ans.hub_key:
            keys.store(self.db.device_id, certificate=ans.certificate, hub_key=ans.hub_key)
        with self.db.write() as s:
            self.db.set_meta("sync_server", server_url.rstrip("/"), s)
            self.db.set_meta("sync_pin", pin or "", s)
            # Whether this hub reads the laptop's self-report (an older one refuses the field).
            self.db.set_meta("hub_accepts_client", "1" if ans.accepts_client else "0", s)
            if ans.dedupe_secret:
                self.db.set_meta(privacy.META_DEDUPE_SECRET, ans.dedupe_secret, s)
            off = ex.offset_ms()
            self.db.set_meta("server_offset_ms", str(off), s)
            self.db.clock.offset_ms = off
        return Enrollment(
            server=server_url, caravan=ans.caravan, role=ans.role, device_id=self.db.device_id, token_store=where
        )

    def _enroll_proof(self) -> str:
        """This laptop's enrollment secret (local meta, never synced): the hub answers a retry of
        the same code only with it, so a code someone else saw cannot mint a second token."""
        proof = self.db.get_meta("enroll_proof")
        if not proof:
            import secrets

            proof = secrets.token_urlsafe(32)
            self.db.set_meta("enroll_proof", proof)
        return proof

    # --- status -----------------------------------------------------------------------------

    def pending_count(self) -> int:
        return sync_store.pending_count(self.db)

    def _client_info(self, pending: int) -> dict[str, Any]:
        """What the hub's 设备 page shows for this laptop (protocol ``ClientInfo``)."""
        from .. import __version__

        return {"app_version": __version__, "clock_offset_ms": int(self.db.clock.offset_ms), "pending": pending}

    def server(self) -> str | None:
        return self.db.get_meta("sync_server")

    def is_enrolled(self) -> bool:
        return bool(self.server() and self.tokens.get(self.db.device_id))

    def status(self) -> SyncStatus:
        from .base import Clock

        off = int(self.db.get_meta("server_offset_ms") or 0)
        moved = Clock(self.db).check()
        return SyncStatus(
            pending=self.pending_count(),
            server=self.server(),
            enrolled=self.is_enrolled(),
            last_success=self.db.get_meta("sync_last_success"),
            last_error=self.db.get_meta("sync_last_error"),
            clock_offset_ms=off,
            clock_warning=abs(off) > CLOCK_WARN_MS,
            rejects=sync_store.rejects(self.db),
            quarantined=quarantine.quarantined(self.db),
            clock_moved_h=None if moved is None else round(abs(moved.by_ms) / 3_600_000, 1),
            restore_waiting=unsent.waiting_count(self.db),
        )

    def running(self) -> bool:
        return self._busy.locked()

    # --- sync -------------------------------------------------------------------------------

    def sync_now(
        self,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        server: str | None = None,
    ) -> SyncResult:
        """Push everything, then pull everything. Raises ``SyncError`` with a readable reason."""
        if not self._busy.acquire(blocking=False):
            raise SyncError("busy", "正在同步中，请稍候", "a sync is already running")
        lock = SyncLock(self.data_dir / "sync.lock")
        try:
            if not lock.acquire():
                raise SyncError("busy", "另一个窗口或命令正在同步，请稍候", "another window or command is syncing")
            try:
                prog, canc = progress or (lambda *_: None), cancelled or (lambda: False)
                res = self._sync(prog, canc, server)
                more_to_push = 0
                if not res.cancelled:
                    # Changes kept at a restore that waited for records made after the backup:
                    # the pull has brought those back, so they are written now and pushed below.
                    more_to_push = unsent.retry_waiting(self.db)
                    if self._after_pull is not None:
                        more_to_push += self._after_pull()
                if more_to_push > 0:
                    more = self._sync(prog, canc, server)
                    for k in ("pushed", "rejected", "duplicates", "requeued", "pulled", "requests"):
                        setattr(res, k, getattr(res, k) + getattr(more, k))
                    res.bytes_sent += more.bytes_sent
                    res.bytes_received += more.bytes_received
                    res.pending, res.cancelled = more.pending, more.cancelled
                if not res.cancelled:
                    self._photos(res, prog, canc, server)
                return res
            except SyncError as exc:
                self.db.set_meta("sync_last_error", f"{exc.zh} / {exc.en}")
                raise
        finally:
            lock.release()
            self._busy.release()

    def _sync(self, progress: Progress, cancelled: Callable[[], bool], server: str | None) -> SyncResult:
        url = (server or self.server() or "").rstrip("/")
        token = self.tokens.get(self.db.device_id)
        if not url or not token:
            raise not_enrolled()
        res = SyncResult(server=url)
        total = self.pending_count()
        done = 0
        cursor = int(self.db.get_meta("sync_cursor") or 0)
        own = self.db.get_meta("sync_restored") == "1"  # restored from a backup: pull everything back
        if own:
            cursor = 0
        requeued = False
        with self._client_factory(url, token) as c, ThreadPoolExecutor(1, thread_name_prefix="push") as sender:
            if own:
                # Restored from a backup: the hub may hold later changes of this laptop under
                # the sequence numbers its outbox would use again. Ask first, push above them.
                first = c.call("/sync/push", {"device_id": self.db.device_id, "mutations": []}).pushed()
                res.requeued += sync_store.continue_above(self.db, first.last_seq, first.server_time_ms, MAX_AHEAD_MS)
                total = self.pending_count()
            page: dict[str, Any] | None = None
            progress(0, total, "上传 / pushing")
            ahead: tuple[list[sync_store.OutMutation], bool] | None = None
            # A batch sent before the previous answer was recorded: (batch, more, answer to come).
            inflight: tuple[list[sync_store.OutMutation], bool, Any] | None = None
            while True:
                if cancelled():
                    return self._finish(res, c, cancelled=True)
                if inflight is not None:
                    batch, more, sending = inflight
                    inflight = None
                else:
                    batch, more = ahead or sync_store.next_batch(self.db, MAX_BATCH, MAX_BATCH_BYTES)
                    ahead = None
                    req = self._push_req(batch, more, total - done, cursor, own)
                    sending = sender.submit(c.call, "/sync/push", req, [mu.wire_json() for mu in batch])
                # While the hub works on this batch, read the next one (push speed). It
                # is used only if this answer re-queues nothing: then every row sent is marked
                # pushed and the next batch is exactly the unpushed rows after the last one sent.
                if more and batch and ahead is None:
                    ahead = sync_store.next_batch(self.db, MAX_BATCH, MAX_BATCH_BYTES, after_seq=batch[-1].seq)
                ex = sending.result()
                answer = ex.pushed()  # checked before any of it is used
                if ahead is not None and ahead[0] and _all_applied(answer, batch):
                    # Everything applied, nothing re-queued: the next batch goes now, while this
                    # answer is recorded (a crash in between only makes the hub see duplicates).
                    nxt, nmore = ahead
                    ahead = None
                    req = self._push_req(nxt, nmore, total - done - len(batch), cursor, own)
                    inflight = (nxt, nmore, sender.submit(c.call, "/sync/push", req, [mu.wire_json() for mu in nxt]))
                if answer.accepts_client and self.db.get_meta("hub_accepts_client") != "1":
                    self.db.set_meta("hub_accepts_client", "1")
                counts = sync_store.record_push(
                    self.db,
                    batch,
                    ex.body["results"],
                    ex.offset_ms(),
                    answer.server_time_ms,
                    MAX_AHEAD_MS,
                    allow_requeue=not requeued,
                    hub_last_seq=answer.last_seq,
                )
                requeued = requeued or counts["requeued"] > 0
                if counts["requeued"] or counts["restored"]:
                    ahead = None  # the outbox was re-ordered: read it again
                res.pushed += counts["ok"] + counts["duplicate"]
                res.duplicates += counts["duplicate"]
                res.rejected += counts["rejected"] + counts["mismatch"]
                res.requeued += counts["requeued"]
                res.clock_offset_ms = ex.offset_ms()
                done += len(batch)
                progress(min(done, total), max(total, done), "上传 / pushing")
                page = ex.body.get("pull")
                if page is not None:
                    res.pulled += sync_store.apply_page(self.db, page["records"], page["cursor"])
                    cursor = page["cursor"]
                if counts["restored"] and not own:
                    own, cursor = True, 0  # a restored laptop pulls everything, its own records too
                    continue
                if page is not None and counts["requeued"] == 0 and self.pending_count() == 0:
                    break
                if page is not None and counts.get("peer_wait") and counts["ok"] == 0:
                    break  # only changes waiting for another laptop's records (peer sync): pull now
            # Later pages as large as the hub serves (an older hub names no limit: the default),
            # each asked for while the previous one is applied: the next cursor is in the answer.
            limit = pull_limit(page)
            fetching = None
            while page is not None and page["has_more"]:
                if cancelled():
                    return self._finish(res, c, cancelled=True)
                progress(0, 0, f"下载 {res.pulled} 条 / pulled {res.pulled}")
                ex = (fetching or sender.submit(_pull, c, self.db.device_id, cursor, limit, own)).result()
                ex.page()  # the page's envelope checked before any of it is used
                page = ex.body
                fetching = (
                    sender.submit(_pull, c, self.db.device_id, page["cursor"], limit, own) if page["has_more"] else None
                )
                res.pulled += sync_store.apply_page(self.db, page["records"], page["cursor"])
                cursor = page["cursor"]
            if page is not None and isinstance(page.get("revoked"), list):
                # the hub's revoked laptops: refused as peers from now on (services/peers.py)
                self.db.set_meta("peer_revoked", ",".join(str(x) for x in page["revoked"]))
            if page is not None:  # the hub's share_names: peers strip names as the hub does
                self.db.set_meta("peer_share_names", "1" if page.get("share_names") is True else "0")
            if page is not None and isinstance(page.get("dedupe_secret"), str) and page["dedupe_secret"]:
                self.db.set_meta(privacy.META_DEDUPE_SECRET, page["dedupe_secret"])  # keys hashed dedupe keys
            if own:
                self.db.set_meta("sync_restored", "0")
            self.db.set_meta("sync_last_success", dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"))
            self.db.set_meta("sync_last_error", "")
            progress(1, 1, "完成 / done")
            return self._finish(res, c)

    def _push_req(
        self, batch: list[sync_store.OutMutation], more: bool, pending: int, cursor: int, own: bool
    ) -> dict[str, Any]:
        """One push request; the last one (nothing ``more``) also asks for the first pull page."""
        req: dict[str, Any] = {"device_id": self.db.device_id}
        if self.db.get_meta("hub_accepts_client") == "1":
            req["client"] = self._client_info(max(0, pending - len(batch)) if more else 0)
        if not more:
            req["pull"] = {"cursor": cursor, "limit": DEFAULT_PULL_LIMIT, "own": own}
        return req

    def _photos(self, res: SyncResult, progress: Progress, cancelled: Callable[[], bool], server: str | None) -> None:
        """Photo files after the figures: whatever goes wrong here, the figures' sync stands."""
        from ..storage.photo_files import PhotoFiles
        from .photo_sync import transfer

        url = (server or self.server() or "").rstrip("/")
        try:
            with self._client_factory(url, self.tokens.get(self.db.device_id)) as c:
                p = transfer(self.db, PhotoFiles(self.data_dir), c, progress, cancelled)
                res.requests += c.requests
                res.bytes_sent += c.bytes_sent
                res.bytes_received += c.bytes_received
        except (SyncError, OSError) as exc:
            zh, en = (exc.zh, exc.en) if isinstance(exc, SyncError) else ("照片文件读写失败", str(exc))
            res.photos_error = f"照片未同步完（数据已同步）：{zh} / photos not all sent (figures synced): {en}"
            return
        res.photos_uploaded, res.photos_downloaded, res.photos_waiting = p.uploaded, p.downloaded, p.waiting
        res.photos_error = p.error

    def _finish(self, res: SyncResult, c: HubClient, cancelled: bool = False) -> SyncResult:
        res.cancelled = cancelled
        res.requests, res.bytes_sent, res.bytes_received = c.requests, c.bytes_sent, c.bytes_received
        res.pending = self.pending_count()
        return res
