"""Where a photo was taken (the record's ``gps``, and the original's EXIF) stays with the hub, the
office and the laptops of the van that took it: another van's laptop receives the photo's record
with ``gps`` null, through the hub's pull and through peers at one event, and never the original
file. Read back from each laptop's own database (and its bytes on disk)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import text

from caravan_app.services.app import App
from caravan_app.services.export import canonical_export
from caravan_app.services.peers import LocalLink
from tests import photofiles

from .hubproc import HubProcess

pytestmark = pytest.mark.server

WHERE = (35.414217, 116.587341)
DIGITS = b"35.414217"  # what the record holds ("35.414217,116.587341")


def _raw(app: App) -> bytes:
    """Every byte of the laptop's database (with its write-ahead log)."""
    p = Path(app.db.path)
    return b"".join(x.read_bytes() for x in (p, p.with_name(p.name + "-wal")) if x.exists())


def _gps_in_db(app: App, photo_id: str) -> str | None:
    with app.db.read() as s:
        return s.execute(text("SELECT gps FROM photos WHERE id = :i"), {"i": photo_id}).scalar_one()


def _exif_gps(path: Path) -> dict:
    with Image.open(io.BytesIO(path.read_bytes())) as img:
        return dict(img.getexif().get_ifd(0x8825))


def _visit_with_photo(a: App, tmp_path: Path) -> tuple[str, str]:
    c = a.catalog.add_caravan("1号车")
    a.catalog.set_this_device("一号车笔记本", c)
    s = a.sites.add(name="汶上县第一实验小学", county="汶上县", kind="小学")
    v = a.visits.add(s, c, dt.date.today())
    a.visits.arrive(v)
    f = photofiles.write(tmp_path / "phone.jpg", photofiles.jpeg(1600, 1200, seed=5, gps=WHERE))
    p = a.photos.add(v, f, caption="学生动手做实验").photo
    assert p is not None and p.gps == "35.414217,116.587341"
    a.photos.set_public(p.id, True)  # even a public photo: its place is not other vans' business
    return v, p.id


def test_the_hub_gives_gps_to_the_office_and_the_vans_own_laptops_only(
    hub: HubProcess, laptops: Callable[..., App], tmp_path: Path
) -> None:
    a = laptops("a", caravan="1号车", role="van")
    same = laptops("same", caravan="1号车", role="van")
    other = laptops("other", caravan="2号车", role="van")
    office = laptops("office")  # enrolled for the office
    v, pid = _visit_with_photo(a, tmp_path)
    a.photos.configure(originals=True)  # the van sends its originals too (office Wi-Fi)
    for x in (other, office):  # they fetch other vans' photos, originals too
        x.photos.configure(originals=True, pull_others=True)
    assert a.sync.sync_now().photos_error is None
    with hub.hdb.engine.connect() as c:
        held = json.loads(c.execute(text("SELECT data FROM records WHERE id = :i"), {"i": pid}).scalar_one())
    assert held["gps"] == "35.414217,116.587341"  # the hub keeps it
    for x in (same, other, office):
        res = x.sync.sync_now()
        assert res.photos_error is None
    assert _gps_in_db(same, pid) == "35.414217,116.587341"
    assert _gps_in_db(office, pid) == "35.414217,116.587341"
    assert _gps_in_db(other, pid) is None
    assert other.photos.get(pid).caption == "学生动手做实验"  # the photo itself is there
    assert DIGITS not in _raw(other)
    # The display copy (no EXIF) reaches the other van; the original, with the phone's GPS, does not.
    assert other.photos.path(other.photos.get(pid), "display") is not None
    assert other.photos.path(other.photos.get(pid), "original") is None
    assert other.sync.sync_now().photos_waiting == 0  # not asked for again and again
    orig = office.photos.path(office.photos.get(pid), "original")
    assert orig is not None and _exif_gps(orig)  # the office gets it as sent
    # An edit of the photo at its van (a caption) reaches the other van still without the place.
    a.photos.set_caption(pid, "科学实验")
    a.sync.sync_now()
    other.sync.sync_now()
    assert other.photos.get(pid).caption == "科学实验" and _gps_in_db(other, pid) is None
    assert DIGITS not in _raw(other)


def test_peers_at_one_event_give_gps_only_to_the_vans_own_laptops_and_the_office(
    laptops: Callable[..., App], tmp_path: Path
) -> None:
    a = laptops("a", caravan="1号车", role="van")
    same = laptops("same", caravan="1号车", role="van")
    other = laptops("other", caravan="2号车", role="van")
    pushed = laptops("pushed", caravan="2号车", role="van")
    late = laptops("late", caravan="1号车", role="van")  # meets only the other van first
    office = laptops("office")
    v, pid = _visit_with_photo(a, tmp_path)

    other.peers.exchange(LocalLink(a.peers))  # pulled from the van's laptop
    a.peers.exchange(LocalLink(pushed.peers))  # pushed by the van's laptop
    for x in (other, pushed):
        assert x.photos.get(pid).caption == "学生动手做实验" and _gps_in_db(x, pid) is None
        assert DIGITS not in _raw(x)
    same.peers.exchange(LocalLink(a.peers))
    office.peers.exchange(LocalLink(a.peers))
    assert _gps_in_db(same, pid) == "35.414217,116.587341"
    assert _gps_in_db(office, pid) == "35.414217,116.587341"

    # The other van holds the photo without its place: it does not relay that copy to a laptop
    # of the photo's van (which would keep it for good), which gets it whole from its author.
    late.peers.exchange(LocalLink(other.peers))
    assert late.photos.of_visit(v) == []
    late.peers.exchange(LocalLink(a.peers))
    assert _gps_in_db(late, pid) == "35.414217,116.587341"

    # The evening: each export is what the hub gives a laptop of its van.
    fresh = laptops("fresh", caravan="2号车", role="van")
    for _ in range(2):
        for x in (a, same, other, pushed, late, fresh):
            x.sync.sync_now()
    assert _gps_in_db(fresh, pid) is None and DIGITS not in _raw(fresh)
    assert canonical_export(other.db) == canonical_export(fresh.db)
    assert canonical_export(late.db) == canonical_export(a.db)
