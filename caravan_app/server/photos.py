"""The hub's photo files: bytes named by SHA-256 in its photos folder (``--photos-dir``), the
files it holds whole in ``hub_photo_files``. A file arrives in pieces at the offset the hub has
reached (``casfiles.ContentStore.receive``: a piece sent twice changes nothing, a cut link
resumes where it stopped) and is kept only when its hash is the one its photo record names.

Who may: a van's laptop uploads files only of photos of its van's visits, and the record must be
on the hub first (figures and metadata sync before bytes). Downloads: the office's laptop gets
every photo, a van's laptop its van's photos and other vans' photos marked public — their display
copies only: an original is the file as the phone sent it, with the phone's GPS in its EXIF, and
where another van's photo was taken never reaches a van's laptop (its record's ``gps`` does not
either, ``domain.privacy.strip_other_vans``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..casfiles import ContentStore, HashMismatch
from ..domain.photos import removal_id
from . import authz
from . import models as hm
from .db import HubDB
from .hub import HubError, authenticate, iso_now

KINDS = ("display", "original")
MAX_PIECE = 1024 * 1024  # bytes in one upload or download request


@dataclass(frozen=True)
class Target:
    photo_id: str
    kind: str
    file_hash: str
    size: int | None  # the original's size from the record; None for a display copy


def _data(s: Session, entity: str, rid: str) -> dict[str, Any] | None:
    row = s.get(hm.Record, (entity, rid))
    if row is None:
        return None
    d = json.loads(row.data)
    return None if d.get("deleted") else d


def _target(
    s: Session, token: str | None, device_id: str, photo_id: str, kind: str, upload: bool
) -> tuple[Target, hm.HubDevice]:
    d = authenticate(s, token)
    if d.device_id != device_id:
        raise HubError(403, "wrong_device", "设备只能以自己的身份同步", "a device can only sync as itself")
    if kind not in KINDS:
        raise HubError(422, "bad_kind", "照片类型无效", f"kind must be one of {KINDS}")
    photo = _data(s, "photo", photo_id)
    if photo is None:
        raise HubError(
            404,
            "unknown_photo",
            "服务器上还没有这张照片的记录（先同步数据）",
            "the hub has no record of this photo yet",
        )
    if _data(s, "photo_removal", removal_id(photo_id)) is not None:
        raise HubError(410, "photo_removed", "这张照片已被删除", "this photo was removed")
    sc = authz.scope_for(s, d)
    if not sc.office:
        visit = _data(s, "visit", str(photo.get("visit_id")))
        own = visit is not None and visit.get("caravan_id") in sc.vans
        if not own and (upload or not photo.get("public")):
            raise HubError(
                403,
                "not_your_van",
                "这台电脑只能上传（或下载）本车活动的照片",
                "this laptop may transfer only its own van's photos (other vans': public ones)",
            )
        if not own and kind == "original":
            raise HubError(
                403,
                "not_your_van",
                "其他车辆的照片只提供展示副本（原图带有拍摄位置），原图只给本车和办公室的电脑",
                "other vans' photos come as display copies only (an original carries where it was taken)",
            )
    h = photo.get("file_hash" if kind == "original" else "display_hash")
    if not isinstance(h, str):
        raise HubError(422, "bad_record", "照片记录不完整", "the photo record has no hash for this kind")
    return Target(photo_id, kind, h, photo.get("size") if kind == "original" else None), d


class HubPhotos:
    def __init__(self, hdb: HubDB, folder: Path) -> None:
        self.hdb = hdb
        self.store = ContentStore(folder)

    def upload(
        self, token: str | None, device_id: str, photo_id: str, kind: str, offset: int, total: int, data: bytes
    ) -> dict[str, Any]:
        """Take one piece; answer the bytes held and whether the file is whole."""
        with self.hdb.read() as s, s.begin():
            t, _d = _target(s, token, device_id, photo_id, kind, upload=True)
        if total < 1 or total > 100 * 1024 * 1024 or (t.size is not None and total != t.size):
            raise HubError(422, "bad_size", "照片大小与记录不符", "the announced size does not match the photo record")
        try:
            have = self.store.receive(t.file_hash, offset, data, total)
        except HashMismatch:
            raise HubError(
                422,
                "hash_mismatch",
                "收到的照片与记录的校验值不符，请重新上传",
                "the bytes do not match the photo's hash; resend",
            ) from None
        except ValueError:
            have = self.store.received(t.file_hash)
            return {"received": have, "complete": False}
        complete = self.store.has(t.file_hash)
        if complete:
            self._mark(t, device_id, have)
        return {"received": have, "complete": complete}

    def _mark(self, t: Target, device_id: str, size: int) -> None:
        """Record the file as held; a second hub process finishing the same file at the same time
        (two laptops of one van, behind a load balancer) is the same fact, not an error."""
        try:
            with self.hdb.write() as s, s.begin():
                if s.get(hm.HubPhotoFile, t.file_hash) is None:
                    s.add(
                        hm.HubPhotoFile(
                            file_hash=t.file_hash,
                            photo_id=t.photo_id,
                            kind=t.kind,
                            size=size,
                            device_id=device_id,
                            received_at=iso_now(),  # fits String(24) (PostgreSQL checks)
                        )
                    )
        except IntegrityError:
            pass  # the other process recorded it first

    def drop_removed(self, photo_ids: Iterable[str] | None = None) -> int:
        """Delete the files of removed photos (``photo_ids``, or every photo the hub holds files
        of) unless a photo still in its visit names the same file; answer how many went. The
        hub then holds a removed photo no more than the laptops do (a purge, a parent's "no")."""
        wanted = None if photo_ids is None else set(photo_ids)
        with self.hdb.read() as s, s.begin():
            q = select(hm.HubPhotoFile)
            if wanted is not None:
                if not wanted:
                    return 0
                q = q.where(hm.HubPhotoFile.photo_id.in_(sorted(wanted)))
            rows = list(s.scalars(q))
            gone_ids = {r.photo_id for r in rows if s.get(hm.Record, ("photo_removal", removal_id(r.photo_id)))}
            if not gone_ids:
                return 0
            # The photos' own hashes (a display copy may not be in hub_photo_files yet) and what
            # every live photo still names.
            doomed: set[str] = set()
            live: set[str] = set()
            removed = {
                json.loads(r.data).get("photo_id")
                for r in s.scalars(select(hm.Record).where(hm.Record.entity == "photo_removal"))
            }
            for r in s.scalars(select(hm.Record).where(hm.Record.entity == "photo")):
                d = json.loads(r.data)
                hashes = {h for h in (d.get("file_hash"), d.get("display_hash")) if isinstance(h, str)}
                if r.id in gone_ids:
                    doomed |= hashes
                elif r.id not in removed and not d.get("deleted"):
                    live |= hashes
        doomed = (doomed | {r.file_hash for r in rows if r.photo_id in gone_ids}) - live
        n = 0
        for h in sorted(doomed):
            if self.store.remove(h):
                n += 1
            (self.store.root / "thumbs" / f"{h}.jpg").unlink(missing_ok=True)  # the console's
        with self.hdb.write() as s, s.begin():
            s.execute(delete(hm.HubPhotoFile).where(hm.HubPhotoFile.file_hash.in_(sorted(doomed))))
        return n

    def status(self, token: str | None, device_id: str, photo_id: str, kind: str) -> dict[str, Any]:
        with self.hdb.read() as s, s.begin():
            t, _d = _target(s, token, device_id, photo_id, kind, upload=False)
        return {
            "received": self.store.received(t.file_hash),
            "complete": self.store.has(t.file_hash),
            "hash": t.file_hash,
        }

    def download(
        self, token: str | None, device_id: str, photo_id: str, kind: str, offset: int
    ) -> tuple[bytes, int, str]:
        """Up to ``MAX_PIECE`` bytes from ``offset``, the file's size and hash (404 when the hub
        does not hold it whole yet)."""
        with self.hdb.read() as s, s.begin():
            t, _d = _target(s, token, device_id, photo_id, kind, upload=False)
        if not self.store.has(t.file_hash):
            raise HubError(404, "not_here", "服务器还没有收到这张照片", "the hub does not hold this photo yet")
        p = self.store.path(t.file_hash)
        size = p.stat().st_size
        with open(p, "rb") as f:
            f.seek(max(0, offset))
            return f.read(MAX_PIECE), size, t.file_hash
