"""照片 on the console, over a real hub process two van laptops synced their photos to: the office
sees a visit's thumbnails, captions and marks and downloads a streamed ZIP whose photos are the
laptop's display copies byte for byte (no GPS); a county liaison sees only photos marked public
and gets 404 outside their county; a captain only their van's; every view and download is in
the audit log. A headless Chromium opens the page from the visit's page
(``CARAVAN_CONSOLE_SCREENSHOTS=docs/screenshots`` saves the picture docs/photos.md shows)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from PIL import Image
from sqlalchemy import text

from caravan_app.console import auth
from caravan_app.console.app import create_app
from caravan_app.console.audit import entries
from caravan_app.console.projection import forget
from caravan_app.services.app import App
from caravan_app.services.photos import PhotoRecord
from tests import photofiles
from tests.conftest import fresh_data_dir
from tests.helpers.console_browser import log_in
from tests.sync.conftest import hub_process  # noqa: F401 - the sync suite's real hub process
from tests.sync.hubproc import HubProcess

from .conftest import CONSOLE_TABLES, PASSWORD, Browser
from .test_browser import chromium  # noqa: F401 - the headless Chromium fixture

pytestmark = pytest.mark.server


@dataclass
class Field:
    hub: HubProcess
    app: FastAPI
    visit_a: str
    visit_b: str
    photos: dict[str, PhotoRecord]  # caption -> record (visit a)
    leaky: PhotoRecord  # visit b's photo whose display copy an older laptop made with the phone's GPS
    leaky_bytes: bytes


def _visit(app: App, van: str, county: str, site: str) -> str:
    c = app.catalog.add_caravan(van, f"鲁H{abs(hash(van)) % 100000:05d}", county)
    app.catalog.set_this_device(f"{van}笔记本", c)
    s = app.sites.add(name=site, county=county, kind="小学", town="城关镇")
    v = app.visits.add(s, c, dt.date.today(), theme="科技进校园")
    app.visits.arrive(v)
    app.attendance.tally(v, "primary", 40)
    return v


@pytest.fixture(scope="module")
def field(hub_process: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Field]:  # noqa: F811
    hub = hub_process
    hub.reset()
    root = tmp_path_factory.mktemp("photos")
    made: list[App] = []
    for name, van in (("a", "1号车"), ("b", "2号车")):
        lap = App.open(fresh_data_dir(root / name))
        made.append(lap)
        lap.sync.enroll(hub.url, hub.code(van, "van"))
    a, b = made
    va = _visit(a, "1号车", "曲阜市", "曲阜市实验小学")
    vb = _visit(b, "2号车", "金乡县", "金乡县第一中学")
    photos: dict[str, PhotoRecord] = {}
    for i, (caption, public, chosen) in enumerate(
        (
            ("学生动手做实验", True, True),
            ("科普展板", True, False),
            ("<b>班级合影</b>", False, True),
            ("", False, False),
        )
    ):
        f = photofiles.write(
            root / f"a{i}.jpg",
            photofiles.jpeg(1800, 1200, seed=40 + i, taken=f"2026:05:01 09:3{i}:00", gps=(35.6, 116.9)),
        )
        p = a.photos.add(va, f, caption=caption).photo
        assert p is not None
        a.photos.set_public(p.id, public)
        if chosen:
            a.photos.set_chosen(p.id, True)
        photos[caption or "无说明"] = a.photos.get(p.id)
    a.visits.complete(va)
    fb = photofiles.write(root / "b0.jpg", photofiles.jpeg(800, 600, seed=90))
    b.photos.add(vb, fb, caption="金乡的照片")
    # A laptop of an older build kept the phone's EXIF (with GPS) in a display copy: the hub
    # holds those bytes as sent (their hash), and must not show them with it.
    fg = photofiles.write(root / "b1.jpg", photofiles.jpeg(800, 600, seed=91))
    g = b.photos.add(vb, fg, caption="旧版本做的副本").photo
    assert g is not None
    leaky_bytes = photofiles.jpeg(1600, 1200, seed=7, gps=(35.414, 116.587))
    with b.photos.unit() as u:
        u.update("photo", g.id, {"display_hash": b.photos.files.put_bytes(leaky_bytes)})
    leaky = b.photos.get(g.id)
    for lap, n in ((a, 4), (b, 2)):
        res = lap.sync.sync_now()
        assert res.photos_error is None and res.photos_uploaded == n
    with hub.hdb.write() as s, s.begin():
        for t in CONSOLE_TABLES:
            s.execute(text(f"DELETE FROM {t}"))
    for name, role, county, van in (
        ("olga", "office", None, None),
        ("cai", "county", "曲阜市", None),
        ("cao", "captain", None, "2号车"),
    ):
        auth.add_user(hub.hdb, name, role, PASSWORD, county=county, caravan=van)
    where = root / "hubdata"
    served = create_app(hub.db_url, data_dir=where, photos_dir=hub.data_dir / "photos")
    yield Field(hub, served, va, vb, photos, leaky, leaky_bytes)
    forget(where)
    served.state.hdb.close()
    for lap in made:
        lap.close()


@pytest.fixture
def as_user(field: Field) -> Iterator[object]:
    made: list[Browser] = []

    def login(name: str) -> Browser:
        br = Browser(field.app)
        made.append(br)
        assert br.login(name).status_code == 303
        return br

    yield login
    for br in made:
        br.close()


def _zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        return {n: z.read(n) for n in z.namelist()}


def _actions(field: Field, user: str) -> list[tuple[str, str]]:
    return [(e.action, e.subject) for e in entries(field.hub.hdb, user)[0]]


def test_the_office_sees_the_photos_and_downloads_them_as_one_streamed_zip(field: Field, as_user) -> None:  # noqa: ANN001
    br = as_user("olga")
    r = br.get(f"/visits/{field.visit_a}")
    assert f'href="/visits/{field.visit_a}/photos"' in r.text  # reached from the visit's page
    r = br.get(f"/visits/{field.visit_a}/photos")
    assert r.status_code == 200
    assert "学生动手做实验" in r.text and "科普展板" in r.text
    assert "&lt;b&gt;班级合影&lt;/b&gt;" in r.text  # a caption is text, never markup
    assert r.text.count("/thumb.jpg") == 4 and "金乡的照片" not in r.text
    assert r.text.count("★") == 2 and r.text.count("🌐") == 2
    p = field.photos["学生动手做实验"]
    t = br.get(f"/visits/{field.visit_a}/photos/{p.id}/thumb.jpg")
    assert t.status_code == 200 and t.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(t.content)) as img:
        assert max(img.size) <= 240
    full = br.get(f"/visits/{field.visit_a}/photos/{p.id}/photo.jpg")
    assert hashlib.sha256(full.content).hexdigest() == p.display_hash
    z = br.get(f"/visits/{field.visit_a}/photos.zip")
    assert z.status_code == 200 and z.headers["content-type"] == "application/zip"
    assert "content-length" not in z.headers  # streamed, not built whole first
    files = _zip(z.content)
    jpgs = {n: b for n, b in files.items() if n.endswith(".jpg")}
    assert len(jpgs) == 4 and "01_学生动手做实验.jpg" in jpgs
    assert {hashlib.sha256(b).hexdigest() for b in jpgs.values()} == {x.display_hash for x in field.photos.values()}
    for b in jpgs.values():
        with Image.open(io.BytesIO(b)) as img:
            assert not img.getexif().get_ifd(0x8825)  # no GPS in what leaves the hub
    listing = files["照片说明.txt"].decode("utf-8-sig")
    assert "学生动手做实验" in listing and "精选" in listing
    public = _zip(br.get(f"/visits/{field.visit_a}/photos.zip?public=1").content)
    assert sorted(n for n in public if n.endswith(".jpg")) == ["01_学生动手做实验.jpg", "02_科普展板.jpg"]
    done = _actions(field, "olga")
    assert ("view_photos", f"visit {field.visit_a}") in done
    assert ("export_zip", f"photos of visit {field.visit_a}") in done
    assert ("view_photos", f"visit {field.visit_a} photo {p.id}") in done


def test_the_highlights_pack_holds_the_chosen_public_photos_and_the_summary(field: Field, as_user) -> None:  # noqa: ANN001
    br = as_user("olga")
    year = dt.date.today().year
    files = _zip(br.get(f"/photos/highlights.zip?year={year}").content)
    jpgs = [n for n in files if n.endswith(".jpg")]
    assert len(jpgs) == 1 and jpgs[0].endswith("/1_学生动手做实验.jpg")  # chosen and public only
    folder = jpgs[0].split("/")[0]
    assert "曲阜市实验小学" in files[f"{folder}/简介.txt"].decode("utf-8-sig")
    assert "服务群众40人次" in files["活动汇总.txt"].decode("utf-8-sig")
    assert hashlib.sha256(files[jpgs[0]]).hexdigest() == field.photos["学生动手做实验"].display_hash
    assert br.get("/photos/highlights.zip?year=abc").status_code == 404


def test_a_county_liaison_sees_only_public_photos_of_their_county(field: Field, as_user) -> None:  # noqa: ANN001
    br = as_user("cai")
    r = br.get(f"/visits/{field.visit_a}/photos")
    assert r.status_code == 200
    assert "学生动手做实验" in r.text and "科普展板" in r.text and "班级合影" not in r.text
    assert r.text.count("/thumb.jpg") == 2
    private = field.photos["<b>班级合影</b>"]
    assert br.get(f"/visits/{field.visit_a}/photos/{private.id}/thumb.jpg").status_code == 404
    assert br.get(f"/visits/{field.visit_a}/photos/{private.id}/photo.jpg").status_code == 404
    files = _zip(br.get(f"/visits/{field.visit_a}/photos.zip").content)
    assert len([n for n in files if n.endswith(".jpg")]) == 2
    for path in (f"/visits/{field.visit_b}/photos", f"/visits/{field.visit_b}/photos.zip"):
        assert br.get(path).status_code == 404  # another county: as if it did not exist
    assert ("export_zip", f"photos of visit {field.visit_a}") in _actions(field, "cai")


def test_a_captain_sees_only_their_vans_photos(field: Field, as_user) -> None:  # noqa: ANN001
    br = as_user("cao")
    assert br.get(f"/visits/{field.visit_a}/photos").status_code == 404
    r = br.get(f"/visits/{field.visit_b}/photos")
    assert r.status_code == 200 and "金乡的照片" in r.text
    year = dt.date.today().year
    files = _zip(br.get(f"/photos/highlights.zip?year={year}").content)
    assert [n for n in files if n.endswith(".jpg")] == []  # 1号车's highlights are not the captain's


def _gps_of(data: bytes) -> dict:
    with Image.open(io.BytesIO(data)) as img:
        return dict(img.getexif().get_ifd(0x8825))


def _pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as img:
        return img.convert("RGB").tobytes()


def test_the_single_photo_view_serves_a_display_copy_without_its_gps(field: Field, as_user) -> None:  # noqa: ANN001
    """A display copy the hub holds with the phone's GPS in it (an older laptop made it) is
    shown without EXIF, XMP or IPTC, the picture itself unchanged; the hub's file keeps its hash."""
    p = field.leaky
    held = field.hub.data_dir / "photos" / p.display_hash[:2] / p.display_hash
    assert held.read_bytes() == field.leaky_bytes and _gps_of(field.leaky_bytes)
    br = as_user("olga")
    r = br.get(f"/visits/{field.visit_b}/photos/{p.id}/photo.jpg")
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    assert not _gps_of(r.content)
    with Image.open(io.BytesIO(r.content)) as img:
        assert "exif" not in img.info and "xmp" not in img.info and img.size == (1600, 1200)
    assert _pixels(r.content) == _pixels(field.leaky_bytes)  # lossless: the same picture
    assert hashlib.sha256(held.read_bytes()).hexdigest() == p.display_hash
    t = br.get(f"/visits/{field.visit_b}/photos/{p.id}/thumb.jpg")
    assert t.status_code == 200 and not _gps_of(t.content)
    z = _zip(br.get(f"/visits/{field.visit_b}/photos.zip").content)
    assert [n for n, b in z.items() if n.endswith(".jpg") and _gps_of(b)] == []


@pytest.mark.browser
def test_in_chromium_the_photos_open_from_the_visit_page(field: Field, chromium, tmp_path: Path) -> None:  # noqa: ANN001, F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    hub = field.hub
    d = chromium
    log_in(d, hub.url, "olga", PASSWORD)
    d.get(f"{hub.url}/visits/{field.visit_a}")
    d.find_element(By.ID, "visit-photos").click()
    WebDriverWait(d, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".photo-grid")))
    imgs = d.find_elements(By.CSS_SELECTOR, ".photo-grid img")
    assert len(imgs) == 4
    assert all(d.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", i) for i in imgs)
    body = d.find_element(By.TAG_NAME, "body").text
    assert "学生动手做实验" in body and "精选" in body
    shots = os.environ.get("CARAVAN_CONSOLE_SCREENSHOTS")
    if shots:
        d.save_screenshot(str(Path(shots) / "console-photos-zh.png"))
