"""Photo files over a real hub process: metadata with the facts, bytes after them in resumable
pieces, display copies first and originals only when asked; through the fault proxy and a
SIGKILLed ``caravan sync``, every photo arrives at the hub and at a second laptop intact
(SHA-256) exactly once, and a failure of photos never fails the figures' sync."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlalchemy import text

from caravan_app.services.app import App
from caravan_app.services.photo_zip import ZipEntry, zip_stream
from tests import photofiles
from tests.waiting import wait_until

pytestmark = pytest.mark.server


def _van(
    laptops: Callable[..., App], tmp_path: Path, n: int = 3, size: tuple[int, int] = (1800, 1200)
) -> tuple[App, str, list]:
    a = laptops("a", caravan="1号车", role="van")
    van = a.catalog.add_caravan("1号车")
    a.catalog.set_this_device("一号车笔记本", van)
    site = a.sites.add(name="鱼台县第一中学", county="鱼台县")
    visit = a.visits.add(site, van, a.clock.today(), theme="科技进校园")
    a.visits.arrive(visit)
    a.attendance.tally(visit, "teacher", 3)
    photos = []
    for i in range(n):
        f = photofiles.write(tmp_path / f"p{i}.jpg", photofiles.jpeg(*size, seed=10 + i))
        r = a.photos.add(visit, f, caption=f"第{i + 1}张")
        assert r.photo is not None
        photos.append(r.photo)
    return a, visit, photos


def _hub_files(hub) -> dict[str, str]:  # noqa: ANN001
    """The hub's photo files: hash in its table -> SHA-256 of the bytes on its disk."""
    with hub.hdb.engine.connect() as c:
        rows = c.execute(text("SELECT file_hash, kind FROM hub_photo_files")).all()
    folder = hub.data_dir / "photos"
    return {h: hashlib.sha256((folder / h[:2] / h).read_bytes()).hexdigest() for h, _k in rows}


def _no_parts(folder: Path) -> bool:
    inc = folder / "incoming"
    return not inc.exists() or not any(inc.iterdir())


def _office(laptops: Callable[..., App]) -> App:
    o = laptops("office", caravan="", role="office")
    o.db.set_meta("photo_pull_others", "1")
    return o


def test_display_copies_reach_the_hub_and_the_office_intact_and_originals_only_when_asked(
    hub,
    laptops,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    a, visit, photos = _van(laptops, tmp_path)
    res = a.sync.sync_now()
    assert res.pending == 0 and res.photos_error is None
    assert res.photos_uploaded == 3 and res.photos_waiting == 0
    held = _hub_files(hub)
    assert held == {p.display_hash: p.display_hash for p in photos}  # display copies only, each intact
    office = _office(laptops)
    got = office.sync.sync_now()
    assert got.photos_downloaded == 3
    listed = office.photos.of_visit(visit)
    assert sorted(p.caption for p in listed) == ["第1张", "第2张", "第3张"]
    for p in listed:
        d = office.photos.path(p, "display")
        assert d is not None and hashlib.sha256(d.read_bytes()).hexdigest() == p.display_hash
        assert office.photos.path(p, "original") is None
        assert office.photos.thumbnail(p) is not None  # made from the display copy
    # Office Wi-Fi: the van's laptop is told to send originals too.
    a.db.set_meta("photo_originals", "1")
    again = a.sync.sync_now()
    assert again.photos_uploaded == 3
    assert set(_hub_files(hub)) == {p.display_hash for p in photos} | {p.file_hash for p in photos}
    assert all(k == v for k, v in _hub_files(hub).items())
    assert a.sync.sync_now().photos_uploaded == 0  # nothing sent twice
    # Removed on the van's laptop: the office's copy goes at its next sync, the figures stay.
    a.photos.remove(photos[0].id, "家长要求删除")
    a.sync.sync_now()
    office.sync.sync_now()
    assert len(office.photos.of_visit(visit)) == 2
    assert not (office.data_dir / "photos" / photos[0].display_hash[:2] / photos[0].display_hash).exists()
    assert office.attendance.totals(visit)["teacher"] == 3


def test_through_cut_links_and_a_broken_gateway_every_photo_arrives_once_and_whole(
    hub,
    laptops,
    proxy,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    import caravan_app.services.photo_sync as ps

    a, visit, photos = _van(laptops, tmp_path, n=4, size=(3000, 2000))
    a.db.set_meta("photo_originals", "1")
    a.db.set_meta("sync_server", proxy.url)
    old = ps.PIECE
    ps.PIECE = 64 * 1024  # many pieces per file, so cuts land mid-file
    try:
        proxy.chooser = lambda n: ("pass", "cut", "pass", "pass", "lose", "pass", "500", "pass")[n % 8]
        for _ in range(60):
            try:
                r = a.sync.sync_now()
            except Exception:  # noqa: BLE001 - the figures' own sync hit a fault: try again
                continue
            if r.pending == 0 and r.photos_waiting == 0 and r.photos_error is None:
                break
        else:
            pytest.fail("photos never all arrived")
    finally:
        ps.PIECE = old
        proxy.chooser = None
    want = {p.display_hash for p in photos} | {p.file_hash for p in photos}
    held = _hub_files(hub)
    assert set(held) == want and all(k == v for k, v in held.items())
    with hub.hdb.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM hub_photo_files")).scalar() == len(want)
    assert _no_parts(hub.data_dir / "photos")
    office = _office(laptops)
    office.db.set_meta("photo_originals", "1")
    office.sync.sync_now()
    for p in office.photos.of_visit(visit):
        for kind, h in (("display", p.display_hash), ("original", p.file_hash)):
            f = office.photos.path(p, kind)
            assert f is not None and hashlib.sha256(f.read_bytes()).hexdigest() == h
    assert len(office.photos.of_visit(visit)) == 4


def test_a_failure_of_photos_never_fails_the_figures(hub, laptops, proxy, tmp_path: Path) -> None:  # noqa: ANN001
    a, visit, photos = _van(laptops, tmp_path, n=2)
    a.db.set_meta("sync_server", proxy.url)
    proxy.chooser = lambda n: "pass" if n == 0 else "500"  # the push goes through, every photo request fails
    res = a.sync.sync_now()
    proxy.chooser = None
    assert res.pending == 0  # the figures are on the hub
    assert res.photos_error is not None and "数据已同步" in res.photos_error
    office = laptops("office", caravan="", role="office")
    office.sync.sync_now()
    assert office.attendance.totals(visit)["teacher"] == 3
    assert len(office.photos.of_visit(visit)) == 2  # the metadata came with the facts
    assert _hub_files(hub) == {}
    assert a.sync.sync_now().photos_uploaded == 2  # the link is fine again: they follow


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_sigkill_of_caravan_sync_mid_upload_then_sync_again(hub, laptops, tmp_path: Path) -> None:  # noqa: ANN001
    from tests.sync.faultproxy import FaultProxy

    a, visit, photos = _van(laptops, tmp_path, n=2, size=(4000, 3000))
    a.db.set_meta("photo_originals", "1")
    a.sync.sync_now  # noqa: B018 - the service exists; the first sync runs in the child below
    slow = FaultProxy(hub.port, rate_bps=400_000)  # ~3 Mbit/s: an original takes a few seconds
    try:
        p = subprocess.Popen(
            [sys.executable, "-m", "caravan_app.cli.main", "--data-dir", str(a.data_dir), "sync", "--server", slow.url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        inc = hub.data_dir / "photos" / "incoming"
        wait_until(lambda: inc.exists() and any(f.stat().st_size > 0 for f in inc.iterdir()), 120, "a half-sent file")
        p.send_signal(signal.SIGKILL)
        p.wait(10)
        assert p.returncode == -signal.SIGKILL
    finally:
        slow.close()
    res = a.sync.sync_now()
    assert res.photos_error is None and res.photos_waiting == 0
    want = {ph.display_hash for ph in photos} | {ph.file_hash for ph in photos}
    held = _hub_files(hub)
    assert set(held) == want and all(k == v for k, v in held.items())
    assert _no_parts(hub.data_dir / "photos")
    office = _office(laptops)
    office.db.set_meta("photo_originals", "1")
    office.sync.sync_now()
    for ph in office.photos.of_visit(visit):
        f = office.photos.path(ph, "original")
        assert f is not None and hashlib.sha256(f.read_bytes()).hexdigest() == ph.file_hash


def test_the_hub_keeps_only_the_bytes_the_record_names_and_only_from_the_photos_van(
    hub,  # noqa: ANN001
    laptops,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    a, _visit, photos = _van(laptops, tmp_path, n=1)
    p = photos[0]
    b = laptops("b", caravan="2号车", role="van")
    b.catalog.set_this_device("二号车笔记本", b.catalog.add_caravan("2号车"))
    b.sync.sync_now()
    a.db.set_meta("photo_originals", "0")
    assert a.sync.sync_now().photos_uploaded == 1  # the display copy
    ha = {"Authorization": f"Bearer {a.sync.tokens.get(a.db.device_id)}", "X-Device-Id": a.db.device_id}
    # Bytes that are not the original the record names: refused whole, nothing kept.
    url = f"{hub.url}/photos/{p.id}/original"
    r = httpx.put(url, params={"offset": 0, "total": p.size}, content=b"x" * p.size, headers=ha)
    assert r.status_code == 422 and r.json()["error"]["code"] == "hash_mismatch"
    assert p.file_hash not in _hub_files(hub) and _no_parts(hub.data_dir / "photos")
    r = httpx.put(url, params={"offset": 0, "total": p.size + 1}, content=b"x", headers=ha)
    assert r.status_code == 422 and r.json()["error"]["code"] == "bad_size"
    # Another van's laptop may neither send nor fetch the photo while it is not public.
    hb = {"Authorization": f"Bearer {b.sync.tokens.get(b.db.device_id)}", "X-Device-Id": b.db.device_id}
    r = httpx.put(f"{hub.url}/photos/{p.id}/display", params={"offset": 0, "total": 10}, content=b"0" * 10, headers=hb)
    assert r.status_code == 403 and r.json()["error"]["code"] == "not_your_van"
    assert httpx.get(f"{hub.url}/photos/{p.id}/display", params={"offset": 0}, headers=hb).status_code == 403
    b.db.set_meta("photo_pull_others", "1")
    assert b.sync.sync_now().photos_downloaded == 0
    a.photos.set_public(p.id, True)
    a.sync.sync_now()
    assert b.sync.sync_now().photos_downloaded == 1  # public, and this laptop asked for other vans'
    [got] = b.photos.of_visit(p.visit_id)
    f = b.photos.path(got, "display")
    assert f is not None and hashlib.sha256(f.read_bytes()).hexdigest() == p.display_hash
    # The other van cannot change the photo's record either (a refused mutation).
    b.photos.set_caption(p.id, "改一下")
    assert b.sync.sync_now().rejected == 1


def test_the_retention_purge_runs_at_sync_and_the_hub_deletes_the_files_too(
    hub,
    laptops,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    import datetime as dt

    a, recent, kept = _van(laptops, tmp_path, n=1)
    van = a.catalog.this_device().caravan_id
    site = a.sites.add(name="鱼台县实验小学", county="鱼台县")
    old = a.visits.add(site, van, a.clock.today() - dt.timedelta(days=400), theme="科技进校园")
    a.visits.arrive(old)
    a.attendance.tally(old, "primary", 55)
    a.visits.complete(old)
    code = a.reports.figures(old).payload()
    f = photofiles.write(tmp_path / "old.jpg", photofiles.jpeg(1600, 1200, seed=77))
    gone = a.photos.add(old, f, caption="去年的合影").photo
    assert gone is not None
    a.db.set_meta("photo_originals", "1")
    assert a.sync.sync_now().photos_uploaded == 4  # both photos, display copies and originals
    office = _office(laptops)
    office.sync.sync_now()
    assert office.photos.path(gone, "display") is not None
    assert {gone.file_hash, gone.display_hash} <= set(_hub_files(hub))
    # The van's laptop is told to keep photos a year: its next sync purges by itself.
    a.photos.set_retention_days(365)
    res = a.sync.sync_now()
    assert res.pending == 0
    assert [p.id for p in a.photos.of_visit(old)] == [] and len(a.photos.of_visit(recent)) == 1
    assert not (a.data_dir / "photos" / gone.file_hash[:2] / gone.file_hash).exists()
    # The hub deleted the files and forgot holding them; the recent photo's are still there.
    held = _hub_files(hub)
    assert gone.file_hash not in held and gone.display_hash not in held
    assert {kept[0].file_hash, kept[0].display_hash} <= set(held)
    for h in (gone.file_hash, gone.display_hash):
        assert not (hub.data_dir / "photos" / h[:2] / h).exists()
    # The office's laptop drops its copy at its next sync; figures and the paper's code stand.
    office.sync.sync_now()
    assert office.photos.of_visit(old) == [] and office.photos.path(gone, "display") is None
    assert office.attendance.totals(old)["primary"] == 55
    assert a.reports.verify(code).ok and office.reports.verify(code).ok
    assert a.sync.sync_now().photos_uploaded == 0  # nothing is sent again


def _gps_of(data: bytes) -> dict:
    """The GPS IFD Pillow reads back from JPEG bytes (empty: none)."""
    with Image.open(io.BytesIO(data)) as img:
        return dict(img.getexif().get_ifd(0x8825))


def test_a_display_copy_another_laptop_made_with_gps_leaves_the_office_without_it(
    hub,
    laptops,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    a, visit, photos = _van(laptops, tmp_path, n=1)
    # a van laptop of an older build kept the phone's EXIF in its display copy: the hub and the
    # laptops that pull it trust those bytes by their hash only
    leaky = photofiles.jpeg(1600, 1200, seed=7, gps=(35.414, 116.587))
    assert _gps_of(leaky)
    sha = a.photos.files.put_bytes(leaky)
    with a.photos.unit() as u:
        u.update("photo", photos[0].id, {"display_hash": sha})
    a.photos.set_chosen(photos[0].id, True)
    a.photos.set_public(photos[0].id, True)
    assert a.sync.sync_now().photos_error is None

    office = _office(laptops)  # pulls other vans' photos
    assert office.sync.sync_now().photos_downloaded == 1
    p = office.photos.get(photos[0].id)
    held = office.photos.path(p)
    assert held is not None and _gps_of(held.read_bytes())  # kept as the hub holds it (its hash)

    published = [
        *office.photos.export(visit, tmp_path / "export", public_only=True),  # photo export
        *office.photos.export(visit, tmp_path / "export_orig", originals=False),
        Path(office.reports.photo_lines(visit, 4)[0].path),  # the visit report's photo page
    ]
    for f in published:
        data = f.read_bytes()
        assert not _gps_of(data), f
        with Image.open(f) as img:
            assert img.size == (1600, 1200)  # the picture itself, untouched
    zipped = b"".join(zip_stream([ZipEntry("1.jpg", held)]))  # the console's ZIP downloads
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        assert not _gps_of(z.read("1.jpg"))
    assert hashlib.sha256(held.read_bytes()).hexdigest() == p.display_hash  # the held file unchanged
