"""Printed QR codes scan back: PDFs rendered with pdftoppm and decoded with zbar."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pyzbar.pyzbar import decode

from caravan_app.domain import badge
from caravan_app.reports import printables, qr
from caravan_app.services.app import App

URL = "http://192.168.137.1:8765/s/e0F565AXv73BfY1W"
INFO = printables.VisitInfo("鱼台县第一中学", "2026-05-12", "科技进校园", URL)


def scan_pdf(pdf: Path, dpi: int = 100) -> list[list[str]]:
    """Decoded QR payloads per page, from the PDF rendered like a printer would."""
    out = pdf.parent / (pdf.stem + "-png")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out)], check=True)
    pages = sorted(pdf.parent.glob(out.name + "-*.png"))
    return [sorted(d.data.decode("ascii") for d in decode(Image.open(p))) for p in pages]


def embedded_fonts(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            f = font.get_object()
            for desc in (
                f.get("/FontDescriptor"),
                *[d.get_object().get("/FontDescriptor") for d in f.get("/DescendantFonts", [])],
            ):
                if desc is not None and "/FontFile2" in desc.get_object():
                    names.add(str(f["/BaseFont"]))
            if "/FontDescriptor" not in f and "/DescendantFonts" not in f and f.get("/Subtype") != "/Type3":
                names.add("NOT-EMBEDDED:" + str(f["/BaseFont"]))
    return names


def test_png_qr_decodes_to_its_payload() -> None:
    for payload in (URL, badge.encode("7naris9o")):
        img = Image.open(io.BytesIO(qr.png_bytes(payload, scale=4)))
        assert [d.data.decode() for d in decode(img)] == [payload]


def test_qr_refuses_non_ascii() -> None:
    with pytest.raises(ValueError):
        qr.matrix("签到")


def test_poster_has_scannable_qr_address_and_chinese(tmp_path: Path) -> None:
    pdf = printables.poster(tmp_path / "poster.pdf", INFO, wifi="科普大篷车-1号车")
    assert scan_pdf(pdf) == [[URL]]
    text = PdfReader(pdf).pages[0].extract_text()
    for s in ("扫码签到", "鱼台县第一中学", "科技进校园", URL, "科普大篷车-1号车"):
        assert s in text.replace("\n", "")
    fonts = embedded_fonts(pdf)
    assert fonts and not any(f.startswith("NOT-EMBEDDED") for f in fonts)
    assert not list(tmp_path.glob("*.part"))


def test_sheet_has_the_qr_on_every_page_and_numbered_rows(tmp_path: Path) -> None:
    pdf = printables.sheet(tmp_path / "sheet.pdf", INFO, rows=50)
    pages = scan_pdf(pdf)
    assert len(pages) == 3 and all(p == [URL] for p in pages)
    texts = [p.extract_text() for p in PdfReader(pdf).pages]
    assert "签 到 表" in texts[0] and "学校班级 / 单位" in texts[0] and "第 1 / 3 页" in texts[0]
    numbers = [int(t) for page in texts for t in page.split() if t.isdigit() and len(t) <= 2]
    assert set(range(1, 51)) <= set(numbers)


def test_badges_scan_back_to_the_people_who_wear_them(app: App, field: dict[str, str], tmp_path: Path) -> None:
    ids = [field["person"]] + [
        app.catalog.add_person(name=f"志愿者{i}", role="crew", team="农业科普服务队") for i in range(11)
    ]
    people = [app.catalog.person(i) for i in ids]
    pdf = printables.badge_sheets(tmp_path / "badges.pdf", [p.to_dict() for p in people if p])
    pages = scan_pdf(pdf, dpi=150)
    assert [len(p) for p in pages] == [10, 2]
    scanned = [payload for page in pages for payload in page]
    found = {app.catalog.person_by_badge(badge.decode(s).code).id for s in scanned}  # type: ignore[union-attr]
    assert found == set(ids)
    text = PdfReader(pdf).pages[0].extract_text()
    assert "王志愿" in text and "青少年科普服务队" in text and "SD2026001" in text
