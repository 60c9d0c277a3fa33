"""The laptop's photos: files named by their SHA-256 in ``<data>/photos/`` (originals and display
copies, written atomically by ``casfiles.ContentStore``), thumbnails in ``photos/thumbs/`` (made
again from the display copy whenever missing), and the reads of the ``photos`` /
``photo_removals`` / ``photo_transfers`` tables: the photo service's repository (plain rows,
``PHOTO_COLUMNS``; no ORM object leaves here for the service)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..casfiles import ContentStore
from . import models as m


class PhotoFiles(ContentStore):
    def __init__(self, data_dir: Path) -> None:
        super().__init__(Path(data_dir) / "photos")

    def thumb_path(self, sha: str) -> Path:
        return self.root / "thumbs" / f"{sha}.jpg"


def removed_ids(s: Session, visit_id: str | None = None) -> set[str]:
    q = select(m.PhotoRemoval.photo_id)
    if visit_id is not None:
        q = q.where(m.PhotoRemoval.visit_id == visit_id)
    return set(s.scalars(q))


PHOTO_COLUMNS = (
    "id, visit_id, file_hash, display_hash, size, width, height, taken_at, sent_by, caption, public, chosen, gps, at"
)


_IN_VISIT = "p.visit_id = ? AND p.deleted = 0 AND NOT EXISTS (SELECT 1 FROM photo_removals r WHERE r.photo_id = p.id)"


def photos_of(s: Session, visit_id: str, limit: int | None = None, offset: int = 0) -> list[Any]:
    """The visit's photos still in it (``PHOTO_COLUMNS``), in the order they were taken (then
    added); ``limit``/``offset`` give one page of them. Plain tuples from one statement."""
    sql = f"SELECT {PHOTO_COLUMNS} FROM photos p WHERE {_IN_VISIT} ORDER BY COALESCE(p.taken_at, p.at), p.at, p.id"
    params: tuple[Any, ...] = (visit_id,)
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += (int(limit), max(0, int(offset)))
    return list(s.connection().exec_driver_sql(sql, params))


def photo(s: Session, photo_id: str) -> Any | None:
    """One photo's row (``PHOTO_COLUMNS``) unless it is deleted; None when there is none (a
    removed photo still has its row: ``removal_reason`` says so)."""
    sql = f"SELECT {PHOTO_COLUMNS} FROM photos p WHERE p.id = ? AND p.deleted = 0"
    return s.connection().exec_driver_sql(sql, (photo_id,)).first()


def removal_reason(s: Session, photo_id: str) -> str | None:
    """Why the photo was taken out of its visit, if it was."""
    r = removal_of(s, photo_id)
    return None if r is None else r.reason


def visit_exists(s: Session, visit_id: str) -> bool:
    """The visit is here and not deleted (photos are added only to such a visit)."""
    v = s.get(m.Visit, visit_id)
    return v is not None and not v.deleted


def device_van(s: Session, device_id: str) -> str | None:
    """The van this laptop is set up for (None: the office's laptop, or not set up yet)."""
    d = s.get(m.Device, device_id)
    return (d.caravan_id or None) if d is not None else None


def photo_refs(s: Session) -> list[tuple[str, str]]:
    """(id, original's hash) of every photo not removed: what a short reference may name."""
    return [(r.id, r.file_hash) for r in all_photos(s)]


def photo_counts(s: Session, visit_id: str) -> tuple[int, int]:
    """How many photos the visit holds, and how many of them are 精选."""
    sql = f"SELECT COUNT(*), COALESCE(SUM(CASE WHEN p.chosen THEN 1 ELSE 0 END), 0) FROM photos p WHERE {_IN_VISIT}"
    n, chosen = s.connection().exec_driver_sql(sql, (visit_id,)).one()
    return int(n), int(chosen)


def all_photos(s: Session) -> list[m.Photo]:
    """Every photo not removed, of every visit."""
    gone = removed_ids(s)
    return [r for r in s.scalars(select(m.Photo).where(m.Photo.deleted.is_(False))) if r.id not in gone]


def removal_of(s: Session, photo_id: str) -> m.PhotoRemoval | None:
    return s.scalars(select(m.PhotoRemoval).where(m.PhotoRemoval.photo_id == photo_id)).first()


def shas_in_use(s: Session) -> set[str]:
    """Every original and display hash of a photo not removed (a file any of them names stays)."""
    out: set[str] = set()
    for r in all_photos(s):
        out.add(r.file_hash)
        out.add(r.display_hash)
    return out


def transferred(s: Session) -> set[str]:
    """Files the hub is known to hold whole (uploaded or downloaded by this laptop)."""
    return set(s.scalars(select(m.PhotoTransfer.file_hash)))


def mark_transferred(s: Session, sha: str, kind: str, photo_id: str) -> None:
    if s.get(m.PhotoTransfer, sha) is None:
        s.add(m.PhotoTransfer(file_hash=sha, kind=kind, photo_id=photo_id, done_at=dt.datetime.now().isoformat()))


def transfer_plan(s: Session, device_id: str) -> tuple[list[tuple[m.Photo, str | None]], str | None]:
    """Every photo not removed with its visit's van (None: the visit is not here), and this
    laptop's van (for the sync of bytes)."""
    dev = s.get(m.Device, device_id)
    vans: dict[str, str] = {r[0]: r[1] for r in s.execute(select(m.Visit.id, m.Visit.caravan_id))}
    return [(p, vans.get(p.visit_id)) for p in all_photos(s)], (dev.caravan_id if dev is not None else None)


def open_visits(s: Session, today: str) -> list[tuple[str, str, str]]:
    """(visit id, site name, date) of visits still open for the crew's photos: planned or in
    progress, on today or later."""
    q = (
        select(m.Visit.id, m.Site.name, m.Visit.date)
        .join(m.Site, m.Site.id == m.Visit.site_id, isouter=True)
        .where(m.Visit.deleted.is_(False), m.Visit.status.in_(("planned", "in_progress")), m.Visit.date >= today)
    )
    return [(r[0], r[1] or "", r[2]) for r in s.execute(q)]


def visits_before(s: Session, cutoff: str, caravan_id: str | None = None) -> list[str]:
    """Ids of visits dated before ``cutoff`` (of one van, if given) that have photos still in them."""
    q = select(m.Visit.id).where(
        m.Visit.date < cutoff, m.Visit.id.in_(select(m.Photo.visit_id).where(m.Photo.deleted.is_(False)))
    )
    if caravan_id is not None:
        q = q.where(m.Visit.caravan_id == caravan_id)
    return list(s.scalars(q.order_by(m.Visit.date)))
