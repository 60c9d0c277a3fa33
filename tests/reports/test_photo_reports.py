"""Photos on paper: the visit report's photo page after the signatures, the period report's
活动剪影, and the highlights pack — images read back from the PDF bytes (pypdf, pdfimages)."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path
from typing import Any

from PIL import Image
from pypdf import PdfReader

from caravan_app.cli.main import main
from caravan_app.services.app import App
from tests import photofiles
from tests.reports import pdfcheck


def _photos(app: App, visit: str, tmp_path: Path, n: int, chosen: int, public: int = 0) -> list:
    out = []
    for i in range(n):
        f = photofiles.write(tmp_path / f"ph{i}.jpg", photofiles.jpeg(2400, 1800, seed=40 + i, gps=(35.4, 116.6)))
        r = app.photos.add(visit, f, caption=f"同学们在观察第{i + 1}件展品")
        assert r.photo is not None
        if i < chosen:
            app.photos.set_chosen(r.photo.id, True)
        if i < public:
            app.photos.set_public(r.photo.id, True)
        out.append(app.photos.get(r.photo.id))
    return out


def _images(pdf: Path) -> list[tuple[int, str]]:
    """(page number from 1, SHA-256 of the embedded JPEG bytes) of every image."""
    out = []
    for no, page in enumerate(PdfReader(str(pdf)).pages, start=1):
        for xname, obj in (page["/Resources"].get("/XObject") or {}).items():
            x = obj.get_object()
            if x.get("/Subtype") == "/Image":
                filters = x.get("/Filter")
                last = filters[-1] if isinstance(filters, list) else filters
                assert last == "/DCTDecode", xname  # the JPEG as it is, not re-encoded
                out.append((no, hashlib.sha256(x.get_data()).hexdigest()))
    return out


def test_the_visit_report_prints_the_chosen_photos_after_the_signatures(
    app: App, day: dict[str, Any], tmp_path: Path
) -> None:
    before = app.reports.figures(day["visit"])
    photos = _photos(app, day["visit"], tmp_path, n=5, chosen=3)
    pdf = tmp_path / "visit.pdf"
    app.reports.visit_pdf(day["visit"], pdf)
    images = _images(pdf)
    assert sorted(h for _p, h in images) == sorted(p.display_hash for p in photos[:3])  # chosen only
    pages = {p for p, _h in images}
    assert len(pages) == 1
    [page] = pages
    reader = PdfReader(str(pdf))
    signature_page = next(i for i, pg in enumerate(reader.pages, 1) if "负责人签字" in (pg.extract_text() or ""))
    assert page == signature_page + 1  # the page after the signatures
    text = reader.pages[page - 1].extract_text() or ""
    assert "活动照片" in text and "同学们在观察第1件展品" in text.replace("\n", "")
    assert app.reports.figures(day["visit"]) == before  # photos never change what the paper certifies
    # pdfimages (poppler) sees the same three JPEGs.
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert sum(1 for ln in listed.splitlines()[2:] if " jpeg " in ln) == 3


def test_a_visit_without_chosen_photos_has_no_photo_page(app: App, day: dict[str, Any], tmp_path: Path) -> None:
    _photos(app, day["visit"], tmp_path, n=2, chosen=0)
    pdf = tmp_path / "visit.pdf"
    app.reports.visit_pdf(day["visit"], pdf)
    assert _images(pdf) == [] and "活动照片" not in pdfcheck.text(pdf)


def test_the_period_report_has_an_activity_highlights_section(app: App, day: dict[str, Any], tmp_path: Path) -> None:
    _photos(app, day["visit"], tmp_path, n=2, chosen=2)
    year = day["date"][:4]
    pdf = tmp_path / "period.pdf"
    data = app.reports.period_data(f"{year}-01-01", f"{year}-12-31")
    assert len(data.highlights) == 1  # one photo per activity
    from caravan_app.reports.period_pdf import render_period

    render_period(data, pdf)
    assert "活动剪影" in pdfcheck.text(pdf)
    [(_page, h)] = _images(pdf)
    assert h == app.photos.chosen(day["visit"])[0].display_hash  # the first in the visit's order


def test_the_highlights_pack_holds_only_chosen_public_photos_without_gps_and_a_summary(
    app: App, day: dict[str, Any], tmp_path: Path
) -> None:
    photos = _photos(app, day["visit"], tmp_path, n=7, chosen=5, public=4)  # 5 chosen, 4 of them public
    year = day["date"][:4]
    out = tmp_path / "pack"
    d = str(app.data_dir)
    app.close()
    assert main(["--data-dir", d, "report", "highlights", "--year", year, "--out", str(out)]) == 0
    [folder] = [p for p in out.iterdir() if p.is_dir()]
    jpgs = sorted(folder.glob("*.jpg"))
    assert len(jpgs) == 4
    assert {hashlib.sha256(p.read_bytes()).hexdigest() for p in jpgs} == {p.display_hash for p in photos[:4]}
    for p in jpgs:
        with Image.open(p) as img:
            assert not img.getexif()  # no GPS, no EXIF at all
    summary = (folder / "简介.txt").read_text(encoding="utf-8-sig")
    date = dt.date.fromisoformat(day["date"])
    assert f"{date.year}年{date.month}月{date.day}日" in summary and "任城区实验小学" in summary
    assert "服务群众378人次" in summary and "科技进校园" in summary
    assert (out / "活动汇总.txt").read_text(encoding="utf-8-sig").startswith("01")
    assert not list(out.rglob("*.part"))
