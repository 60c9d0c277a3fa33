"""The bytes of photos, synced apart from the facts (docs/photos.md): after the figures' sync, in
pieces of ``PIECE`` bytes, display copies of every photo first, originals only when the setting
asks (office Wi-Fi, not 4G). A piece goes at the offset the hub holds, so a cut link resumes
where it stopped and a piece sent twice changes nothing; the hub keeps a file only when its
SHA-256 is the record's, and so does the laptop for what it downloads. A failure here never
undoes or fails the sync of the figures (``SyncService`` reports it apart).

Downloads: photos of this laptop's van (another laptop of the van sent them) and, when
``photo_pull_others`` is on (the office), every other van's the hub lets it have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from ..storage import photo_files as store
from ..storage.database import Database
from ..sync.client import HubClient, checked
from ..sync.errors import SyncError, bad_answer
from ..sync.protocol import PhotoPieceResponse

PIECE = 512 * 1024  # one request: ~4 s at 1 Mbit/s, so a 300 ms round trip costs < 10 %
SETTINGS = ("photo_originals", "photo_pull_others")
_SKIP = ("not_your_van", "photo_removed", "unknown_photo", "not_here")  # try again next sync or never


@dataclass
class PhotoSyncResult:
    uploaded: int = 0
    downloaded: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    waiting: int = 0  # files that still have to travel
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def setting(db: Database, name: str) -> bool:
    return db.get_meta(name) == "1"


def transfer(
    db: Database,
    files: store.PhotoFiles,
    c: HubClient,
    progress: Callable[[int, int, str], None] = lambda *_: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> PhotoSyncResult:
    res = PhotoSyncResult()
    originals, others = setting(db, "photo_originals"), setting(db, "photo_pull_others")
    with db.read() as s:
        rows, my_van = store.transfer_plan(s, db.device_id)
        plan = [(p.id, p.file_hash, p.display_hash, p.size, van) for p, van in rows]
        done = store.transferred(s)
        with_van = {pid for pid, _f, _d, _n, van in plan if van is not None}
    jobs: list[tuple[str, str, str]] = []  # (photo id, kind, hash): display copies first
    for kind in ("display", "original") if originals else ("display",):
        for pid, fh, dh, _n, van in plan:
            h = dh if kind == "display" else fh
            if kind == "original" and my_van and van != my_van and not files.has(h):
                continue  # another van's original (with the phone's GPS) is never a van laptop's
            if h not in done:
                jobs.append((pid, kind, h))
    vans = {pid: van for pid, _f, _d, _n, van in plan}
    total = len(jobs)
    for i, (pid, kind, h) in enumerate(jobs):
        if cancelled():
            break
        progress(i, total, f"照片 {i + 1}/{total} / photo {i + 1} of {total}")
        sending = files.has(h)
        try:
            if sending:
                if _upload(c, db.device_id, files, pid, kind, h, res):
                    _mark(db, h, kind, pid)
                    res.uploaded += 1
            elif pid in with_van and (vans.get(pid) == my_van or others):
                if _download(c, db.device_id, files, pid, kind, h, res):
                    _mark(db, h, kind, pid)
                    res.downloaded += 1
        except SyncError as exc:
            if exc.code == "photo_removed" or (exc.code == "not_your_van" and (sending or kind == "original")):
                # never this laptop's to send, nor another van's original to fetch: stop asking
                # (a display copy's fetch may be allowed later, when it is marked public)
                _mark(db, h, kind, pid)
            elif exc.code not in _SKIP:
                raise
        except ValueError as exc:  # a download whose bytes were not the record's: dropped, next sync
            res.error = str(exc)
    with db.read() as s:
        left = store.transferred(s)
    res.waiting = sum(1 for _p, _k, h in jobs if h not in left)
    return res


_TRANSIENT = ("offline", "server", "http", "disconnected")
TRIES = 4  # one piece: a link that drops now and then still gets the file across in one sync


def _raw(c: HubClient, *args: Any) -> Any:
    """One piece's request, tried again at once when the link or a gateway failed (a piece sent
    twice is harmless: the hub takes it at the offset it holds)."""
    for attempt in range(TRIES):
        try:
            return c.raw(*args)
        except SyncError as exc:
            if exc.code not in _TRANSIENT or attempt == TRIES - 1:
                raise
    raise AssertionError("unreachable")


def _mark(db: Database, h: str, kind: str, pid: str) -> None:
    with db.write() as s:
        store.mark_transferred(s, h, kind, pid)


def _upload(
    c: HubClient, device: str, files: store.PhotoFiles, pid: str, kind: str, h: str, res: PhotoSyncResult
) -> bool:
    path = files.path(h)
    total = path.stat().st_size
    offset = 0
    with open(path, "rb") as f:
        while True:
            f.seek(offset)
            piece = f.read(PIECE)
            resp = _raw(c, "PUT", f"/photos/{pid}/{kind}", {"offset": offset, "total": total}, device, piece)
            try:
                body = resp.json()
            except ValueError as exc:
                raise bad_answer("照片上传", "photo upload", "", False, str(exc)) from None
            r = checked(PhotoPieceResponse, body, "照片上传", "photo upload")
            res.bytes_up += len(piece)
            if r.complete:
                return True
            got = r.received
            if got <= offset and offset + len(piece) < total:
                raise SyncError("photo_stuck", "照片上传没有进展", "the hub took none of the piece")
            offset = got


def _download(
    c: HubClient, device: str, files: store.PhotoFiles, pid: str, kind: str, h: str, res: PhotoSyncResult
) -> bool:
    offset = files.received(h)
    while not files.has(h):
        resp = _raw(c, "GET", f"/photos/{pid}/{kind}", {"offset": offset}, device)
        try:
            total = int(resp.headers.get("x-total-size") or 0)
        except ValueError:
            raise bad_answer("照片下载", "photo download", "x-total-size", False, "not a number") from None
        if resp.headers.get("x-file-hash") != h or not resp.content:
            return False  # the record changed under us (another display copy won): next sync
        offset = files.receive(h, offset, resp.content, total)
        res.bytes_down += len(resp.content)
    return True
