"""Photos as evidence (docs/photos.md): add, list, caption, 精选, public, remove, export.

A photo's record is a synced ``photo`` fact whose id is derived from the visit and the original's
SHA-256 (the same file twice is one photo); its files are named by their own hashes beside the
database. Every face (CLI, GUI, the crew's phone page) comes through here, so the limits and the
refusals are the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..domain import photos as rules
from ..domain import rules as domain_rules
from ..domain.errors import DomainError, NotFound, RuleError, ValidationError
from ..storage import photo_files as store
from .base import Clock, Service
from .photo_images import PhotoRefused, check_size, process, thumbnail_of, without_metadata


@dataclass(frozen=True)
class PhotoRecord:
    id: str
    visit_id: str
    file_hash: str
    display_hash: str
    size: int
    width: int
    height: int
    taken_at: str | None
    sent_by: str | None
    caption: str
    public: bool
    chosen: bool
    gps: str | None
    at: str

    def to_dict(self, with_gps: bool = True) -> dict[str, Any]:
        d = asdict(self)
        if not with_gps:
            d.pop("gps")
        return d


@dataclass(frozen=True)
class CrewVisit:
    """The visit a crew upload link names, while the link is valid."""

    id: str
    site: str  # the site's name ("" if the visit names none)
    date: str  # ISO date of the visit


@dataclass(frozen=True)
class TransferSettings:
    """What the sync sends and fetches of photo files (services/photo_sync.py)."""

    originals: bool  # send (and fetch) originals too: office Wi-Fi, not 4G
    pull_others: bool  # fetch other vans' photos the hub allows (the office's laptop)


@dataclass(frozen=True)
class AddResult:
    """One file's outcome: the photo (``new`` False when it was already there) or why not."""

    name: str
    photo: PhotoRecord | None = None
    new: bool = False
    error: DomainError | None = None


@dataclass(frozen=True)
class PhotoPage:
    photos: list[PhotoRecord]
    offset: int  # of the first photo in the visit's order
    total: int  # photos in the visit
    chosen: int  # of them 精选

    @property
    def more(self) -> bool:
        return self.offset + len(self.photos) < self.total


def _row(r: Any) -> PhotoRecord:
    i, v, fh, dh, n, w, h, t, by, cap, pub, ch, g, at = r
    return PhotoRecord(i, v, fh, dh, n, w, h, t, by, cap or "", bool(pub), bool(ch), g, at)


def _sha_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1024 * 1024):
            h.update(block)
    return h.hexdigest()


class PhotoService(Service):
    def __init__(self, db: Any, data_dir: Path, clock: Clock | None = None) -> None:
        super().__init__(db, clock)
        self.files = store.PhotoFiles(data_dir)

    # --- adding -----------------------------------------------------------------------------

    def add(
        self,
        visit_id: str,
        path: str | Path,
        caption: object = None,
        sent_by: object = None,
        name: str | None = None,
    ) -> AddResult:
        """Check, keep and record one photo file. Raises ``PhotoRefused`` (naming the file)."""
        p = Path(path)
        shown = name or p.name
        text = domain_rules.text("caption", caption, max_len=rules.MAX_CAPTION)
        who = domain_rules.text("sent_by", sent_by, max_len=100)
        with self.read() as s:
            if not store.visit_exists(s, visit_id):
                raise NotFound("visit_id", "找不到该活动", f"no such visit: {visit_id}")
        try:
            size = p.stat().st_size
        except OSError:
            raise PhotoRefused(shown, "文件无法读取", "the file cannot be read") from None
        check_size(shown, size)
        sha = _sha_of(p)
        pid = rules.photo_id(visit_id, sha)
        with self.read() as s:
            existing = store.photo(s, pid)
            removed = store.removal_reason(s, pid)
        if removed is not None:
            raise PhotoRefused(
                shown,
                f"这张照片已从该活动删除（原因：{removed}），不再重复添加",
                f"this photo was removed from the visit ({removed})",
            )
        if existing is not None:
            return AddResult(shown, _row(existing), new=False)
        done = process(shown, p)
        taken = None
        if done.taken_at is not None:
            # Taken-at is corrected by the laptop's measured offset to the hub, like its own times.
            taken = (done.taken_at + dt.timedelta(milliseconds=self.db.clock.offset_ms)).replace(microsecond=0)
        made: list[str] = []
        try:
            if not self.files.has(sha):
                self.files.put_file(p)
                made.append(sha)
            display_sha = hashlib.sha256(done.display).hexdigest()
            if not self.files.has(display_sha):
                self.files.put_bytes(done.display)
                made.append(display_sha)
            self._write_thumb(sha, done.thumb)
            with self.unit() as u:
                u.get("visit", visit_id, field="visit_id")
                u.insert(
                    "photo",
                    {
                        "visit_id": visit_id,
                        "file_hash": sha,
                        "display_hash": display_sha,
                        "size": size,
                        "width": done.width,
                        "height": done.height,
                        "taken_at": taken.isoformat() if taken else None,
                        "sent_by": who,
                        "caption": text,
                        "public": False,
                        "chosen": False,
                        "gps": done.gps,
                        "at": self.clock.timestamp(),
                    },
                    record_id=pid,
                )
        except BaseException:
            for f in made:  # nothing half-kept: files this call wrote go with the failed record
                self.files.remove(f)
            raise
        return AddResult(shown, self.get(pid), new=True)

    def add_many(
        self, visit_id: str, paths: Iterable[str | Path], caption: object = None, sent_by: object = None
    ) -> list[AddResult]:
        """Each file on its own: a refused one is reported and the others are still kept."""
        out = []
        for p in paths:
            try:
                out.append(self.add(visit_id, p, caption=caption, sent_by=sent_by))
            except DomainError as e:
                out.append(AddResult(Path(p).name, error=e))
        return out

    def add_stream(
        self, visit_id: str, name: str, chunks: Iterator[bytes], caption: object = None, sent_by: object = None
    ) -> AddResult:
        """A photo arriving over the network, written to a temporary file under the size limit
        first (a cut upload leaves nothing), then added like a file."""
        tmp_dir = self.files.root / "incoming"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=tmp_dir, prefix=".upload-", delete=False) as f:
            tmp = Path(f.name)
            try:
                n = 0
                for c in chunks:
                    n += len(c)
                    if n > rules.MAX_BYTES:
                        check_size(name, n)
                    f.write(c)
            except BaseException:
                f.close()
                tmp.unlink(missing_ok=True)
                raise
        try:
            return self.add(visit_id, tmp, caption=caption, sent_by=sent_by, name=name)
        finally:
            tmp.unlink(missing_ok=True)

    def _write_thumb(self, sha: str, data: bytes) -> Path:
        t = self.files.thumb_path(sha)
        if not t.is_file():
            t.parent.mkdir(parents=True, exist_ok=True)
            tmp = t.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(t)
        return t

    # --- the crew's upload link --------------------------------------------------------------

    def crew_token(self, visit_id: str) -> str:
        """The crew-only upload link's token for a visit: an HMAC of the visit id under a key
        that never leaves this laptop (local meta), so it is unguessable, differs from the
        public sign-in token, and needs no record of its own."""
        import hmac
        import secrets

        key = self.db.get_meta("photo_upload_key")
        if not key:
            key = secrets.token_hex(32)
            self.db.set_meta("photo_upload_key", key)
        mac = hmac.new(bytes.fromhex(key), visit_id.encode(), "sha256").digest()
        import base64

        return base64.b32encode(mac[:15]).decode().lower()

    def crew_visit(self, token: str) -> CrewVisit:
        """The visit a crew link names, while the link is valid: the visit is planned or in
        progress and its day has not passed (the link expires with the visit)."""
        import hmac

        from ..storage.photo_files import open_visits

        t = (token or "").strip().lower()
        today = self.clock.today().isoformat()
        with self.read() as s:
            rows = open_visits(s, today)
        for vid, site, date in rows:
            if hmac.compare_digest(self.crew_token(vid), t):
                return CrewVisit(vid, site, date)
        raise ValidationError(
            "token",
            "这个上传链接无效或已过期（活动结束后链接失效），请在电脑的签到页面重新扫码",
            "this upload link is not valid or has expired with its visit",
        )

    # --- settings ---------------------------------------------------------------------------

    def transfer_settings(self) -> TransferSettings:
        return TransferSettings(
            self.db.get_meta("photo_originals") == "1", self.db.get_meta("photo_pull_others") == "1"
        )

    def configure(self, originals: bool | None = None, pull_others: bool | None = None) -> TransferSettings:
        if originals is not None:
            self.db.set_meta("photo_originals", "1" if originals else "0")
        if pull_others is not None:
            self.db.set_meta("photo_pull_others", "1" if pull_others else "0")
        return self.transfer_settings()

    # --- reading ----------------------------------------------------------------------------

    def get(self, photo_id: str) -> PhotoRecord:
        with self.read() as s:
            r = store.photo(s, photo_id)
            if r is None or store.removal_reason(s, photo_id) is not None:
                raise NotFound("photo", "找不到该照片（或已删除）", f"no such photo: {photo_id}")
        return _row(r)

    def of_visit(self, visit_id: str) -> list[PhotoRecord]:
        """The visit's photos, in the order they were taken."""
        with self.read() as s:
            rows = store.photos_of(s, visit_id)
        return [_row(r) for r in rows]

    def page_of(self, visit_id: str, offset: int = 0, limit: int = 60) -> PhotoPage:
        """One page of the visit's photos (in ``of_visit``'s order) with the visit's totals, so
        a strip can show the first photos of a visit with hundreds without reading them all."""
        with self.read() as s:
            rows = store.photos_of(s, visit_id, limit=limit, offset=offset)
            total, chosen = store.photo_counts(s, visit_id)
        return PhotoPage([_row(r) for r in rows], offset, total, chosen)

    def count(self, visit_id: str) -> int:
        with self.read() as s:
            return store.photo_counts(s, visit_id)[0]

    def chosen(self, visit_id: str, public_only: bool = False) -> list[PhotoRecord]:
        return [p for p in self.of_visit(visit_id) if p.chosen and (p.public or not public_only)]

    def resolve(self, ref: str) -> str:
        """A photo id, or a unique prefix of one or of its original's hash (what the CLI lists)."""
        ref = ref.strip().lower()
        with self.read() as s:
            refs = store.photo_refs(s)
        hits = {i for i, _h in refs if i == ref} or {
            i for i, h in refs if len(ref) >= 6 and (i.startswith(ref) or h.startswith(ref))
        }
        if len(hits) != 1:
            raise NotFound(
                "photo",
                "找不到该照片" if not hits else "照片编号不唯一，请多写几位",
                f"no such photo: {ref}" if not hits else f"ambiguous photo: {ref}",
            )
        return hits.pop()

    def path(self, photo: PhotoRecord, kind: str = "display") -> Path | None:
        """The file of the display copy or the original, if it is on this laptop."""
        p = self.files.path(photo.display_hash if kind == "display" else photo.file_hash)
        return p if p.is_file() else None

    def public_path(self, photo: PhotoRecord) -> Path | None:
        """The display copy as it may be published (a report, a pack, an export): with no EXIF,
        XMP or IPTC, so no GPS. A display copy made here is that already; one another laptop
        made (pulled from the hub or a peer: trusted by its hash only) is cleaned once into
        ``public/`` beside the files."""
        d = self.path(photo, "display")
        if d is None:
            return None
        data = d.read_bytes()
        clean = without_metadata(data)
        if clean == data:
            return d
        out = self.files.root / "public" / f"{photo.display_hash}.jpg"
        if not out.is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            part = out.with_name(out.name + ".part")
            part.write_bytes(clean)
            part.replace(out)
        return out

    def thumbnail(self, photo: PhotoRecord) -> Path | None:
        """The thumbnail's file, made from the display copy when missing (a pulled photo)."""
        t = self.files.thumb_path(photo.file_hash)
        if t.is_file():
            return t
        d = self.path(photo, "display")
        if d is None:
            return None
        return self._write_thumb(photo.file_hash, thumbnail_of(d.read_bytes()))

    # --- editing ----------------------------------------------------------------------------

    def set_caption(self, photo_id: str, caption: object) -> PhotoRecord:
        text = domain_rules.text("caption", caption, max_len=rules.MAX_CAPTION)
        self.get(photo_id)
        with self.unit() as u:
            u.update("photo", photo_id, {"caption": text})
        return self.get(photo_id)

    def set_public(self, photo_id: str, public: bool) -> PhotoRecord:
        self.get(photo_id)
        with self.unit() as u:
            u.update("photo", photo_id, {"public": bool(public)})
        return self.get(photo_id)

    def set_chosen(self, photo_id: str, chosen: bool) -> PhotoRecord:
        """Mark 精选; refused past ``MAX_CHOSEN`` per visit."""
        photo = self.get(photo_id)
        with self.unit() as u:
            if chosen and not photo.chosen:
                if store.photo_counts(u.session, photo.visit_id)[1] >= rules.MAX_CHOSEN:
                    raise RuleError(
                        "chosen",
                        f"每场活动最多选 {rules.MAX_CHOSEN} 张精选照片：请先取消一张",
                        f"at most {rules.MAX_CHOSEN} chosen photos per visit: unmark one first",
                    )
            u.update("photo", photo_id, {"chosen": bool(chosen)})
        return self.get(photo_id)

    def remove(self, photo_id: str, reason: object) -> PhotoRecord:
        """Take a photo out of its visit (a synced fact with the reason); its files go when no
        other photo names them."""
        why = domain_rules.text("reason", reason, max_len=400)
        if not why:
            raise ValidationError("reason", "请填写删除照片的原因", "give the reason for removing the photo")
        photo = self.get(photo_id)
        with self.unit() as u:
            u.insert(
                "photo_removal",
                {"photo_id": photo_id, "visit_id": photo.visit_id, "reason": why, "at": self.clock.timestamp()},
                record_id=rules.removal_id(photo_id),
            )
        self.drop_unused_files()
        return photo

    def retention_days(self) -> int | None:
        """Days after its visit a photo is kept (None: no limit, the default)."""
        v = self.db.get_meta("photo_retention_days")
        return int(v) if v and v.isdigit() else None

    def set_retention_days(self, days: int | None) -> int | None:
        if days is not None and not 0 <= days <= 36_500:
            raise ValidationError("days", "保存天数应在 0 到 36500 之间", "days must be 0 to 36,500")
        self.db.set_meta("photo_retention_days", "" if days is None else str(days))
        return self.retention_days()

    def purge(self, days: int | None = None, caravan_id: str | None = None) -> list[PhotoRecord]:
        """Remove the photos of visits more than ``days`` (default: the setting) days ago, each
        by a synced removal fact ("保存期限已到"), so every laptop and the hub drop them too. The
        visits' figures, their reports' verification codes and printed papers are untouched:
        photos are never part of what a paper certifies."""
        keep = self.retention_days() if days is None else days
        if keep is None:
            return []
        from ..storage.photo_files import visits_before

        cutoff = (self.clock.today() - dt.timedelta(days=keep)).isoformat()
        with self.read() as s:
            old = visits_before(s, cutoff, caravan_id)
        gone = []
        for vid in old:
            for p in self.of_visit(vid):
                gone.append(self.remove(p.id, f"保存期限已到（活动后 {keep} 天）"))
        return gone

    def auto_purge(self) -> int:
        """The purge run by itself at every sync when a retention is set: this laptop's van's
        visits (the laptop without a van, the office's, purges every visit), so each removal is
        one the hub accepts; other vans' photos go when their own purge reaches this laptop."""
        if self.retention_days() is None:
            return 0
        with self.read() as s:
            van = store.device_van(s, self.db.device_id)
        return len(self.purge(caravan_id=van))

    def drop_unused_files(self) -> int:
        """Delete files no photo names any more (removed photos, a failed add's leftovers)."""
        with self.read() as s:
            keep = store.shas_in_use(s)
        n = 0
        root = self.files.root
        if not root.is_dir():
            return 0
        for sub in root.iterdir():
            if len(sub.name) != 2 or not sub.is_dir():
                continue
            for f in sub.iterdir():
                if len(f.name) == 64 and f.name not in keep and self.files.remove(f.name):
                    n += 1
        for t in (root / "thumbs").glob("*.jpg") if (root / "thumbs").is_dir() else ():
            if t.stem not in keep:
                t.unlink(missing_ok=True)
        return n

    # --- export -----------------------------------------------------------------------------

    def export(self, visit_id: str, dest: str | Path, originals: bool = False, public_only: bool = False) -> list[Path]:
        """Copy the visit's photos into ``dest`` as ``NN_caption.jpg``. Display copies carry no
        EXIF (no GPS, ``public_path``); ``originals`` copies the files as sent (they may hold the
        phone's GPS) unless ``public_only`` (for publication: their metadata is dropped)."""
        out_dir = Path(dest)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for i, ph in enumerate(self.of_visit(visit_id), start=1):
            if public_only and not ph.public:
                continue
            src = self.path(ph, "original") if originals else self.public_path(ph)
            if src is None:
                continue
            stem = f"{i:02d}_{_safe(ph.caption)}" if ph.caption else f"{i:02d}_{ph.file_hash[:8]}"
            target = out_dir / f"{stem}.jpg"
            part = target.with_name(target.name + ".part")
            if originals and public_only:
                part.write_bytes(without_metadata(src.read_bytes()))
            else:
                shutil.copyfile(src, part)
            part.replace(target)
            written.append(target)
        return written


def _safe(text: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_（）()" else "_" for c in text)
    return keep[:40].strip("_") or "photo"


@dataclass(frozen=True)
class HighlightActivity:
    """One activity of a highlights pack: its folder, summary paragraph and photo files."""

    visit_id: str
    folder: Path
    summary: str
    photos: tuple[Path, ...]


def summary_paragraph(date: str, van: str, site: str, theme: str, people: int, books: str) -> str:
    """The sentence a clerk pastes beside the photos (全国科普日 / work report style)."""
    y, m, d = date[:4], int(date[5:7]), int(date[8:10])
    what = f"“{theme}”科普活动" if theme else "科普活动"
    tail = f"，发放科普资料{books}" if books and books != "0" else ""
    return f"{y}年{m}月{d}日，{van}走进{site}，开展{what}，服务群众{people}人次{tail}。"


@dataclass(frozen=True)
class HighlightPlan:
    """What one activity's folder of a highlights pack holds (written to disk or into a ZIP)."""

    visit_id: str
    folder: str  # NN_date_site
    summary: str
    files: tuple[tuple[str, Path], ...]  # (name in the folder, display copy)
    text: str  # 简介.txt


def plan_highlights(
    photos: PhotoService,
    visits: list[Any],
    locate: Callable[[PhotoRecord], Path | None] | None = None,
    per_activity: int = rules.MAX_CHOSEN,
) -> tuple[list[HighlightPlan], str]:
    """Per activity ≤ 5 chosen *public* photos (display copies: no EXIF, no GPS) and its
    summary; and the index 活动汇总.txt. ``locate`` finds a display copy (default: this
    laptop's; the hub's console passes its own folder)."""
    from ..domain.figures import units_text

    find = locate or photos.public_path
    plans: list[HighlightPlan] = []
    index: list[str] = []
    for v in visits:
        chosen = photos.chosen(v.visit_id, public_only=True)[:per_activity]
        files = [(p, f) for p in chosen if (f := find(p)) is not None]
        if not files:
            continue
        n = len(plans) + 1
        summary = summary_paragraph(v.date, v.caravan, v.site_name, v.theme, v.people, units_text(v.books))
        names = tuple(
            (f"{i}_{_safe(p.caption) if p.caption else p.file_hash[:8]}.jpg", src)
            for i, (p, src) in enumerate(files, start=1)
        )
        lines = [summary, ""] + [f"图{i}：{p.caption}" for i, (p, _f) in enumerate(files, start=1) if p.caption]
        plans.append(
            HighlightPlan(v.visit_id, f"{n:02d}_{v.date}_{_safe(v.site_name)}", summary, names, "\n".join(lines) + "\n")
        )
        index.append(f"{n:02d}  {summary}")
    return plans, "\n".join(index) + ("\n" if index else "")


def write_highlights(
    photos: PhotoService, visits: list[Any], out: str | Path, per_activity: int = rules.MAX_CHOSEN
) -> list[HighlightActivity]:
    """A pack to upload (``plan_highlights``): per activity a folder with its photos and
    简介.txt, and 活动汇总.txt. Written into ``out`` through ``.part`` names so a half-written
    pack never looks whole."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    plans, index = plan_highlights(photos, visits, per_activity=per_activity)
    done: list[HighlightActivity] = []
    for plan in plans:
        folder = root / plan.folder
        folder.mkdir(exist_ok=True)
        written = []
        for name, src in plan.files:
            target = folder / name
            part = target.with_name(target.name + ".part")
            shutil.copyfile(src, part)
            part.replace(target)
            written.append(target)
        _write_text(folder / "简介.txt", plan.text)
        done.append(HighlightActivity(plan.visit_id, folder, plan.summary, tuple(written)))
    _write_text(root / "活动汇总.txt", index)
    return done


def _write_text(path: Path, text: str) -> None:
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8-sig")  # Notepad on an old Windows reads it as UTF-8
    part.replace(path)
