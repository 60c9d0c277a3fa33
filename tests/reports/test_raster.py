"""Preview and print images: PDFium renders every page, poppler is a working fallback, and the
printed image is sharp enough that the verification QR still scans."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image
from pyzbar.pyzbar import decode

from caravan_app.reports import raster
from caravan_app.services.app import App

from . import pdfcheck


def test_pages_rasterise_with_pdfium_and_with_pdftoppm(app: App, day: dict[str, Any], tmp_path: Path) -> None:
    pdf = app.reports.visit_pdf(day["visit"], tmp_path / "v.pdf")
    n = pdfcheck.page_count(pdf)
    assert raster.page_count(pdf) == n
    pdfium = raster.page_pngs(pdf, 60)
    poppler = raster._pdftoppm(pdf, 60, 1, None)
    assert len(pdfium) == len(poppler) == n
    for png in pdfium + poppler:
        img = Image.open(io.BytesIO(png))
        assert abs(img.size[0] - 496) <= 1  # A4 width at 60 dpi
        assert img.convert("L").getextrema()[0] < 100
    (page1,) = raster.page_pngs(pdf, 200, 1, 1)  # what the printer gets
    codes = [d.data.decode() for d in decode(Image.open(io.BytesIO(page1)))]
    assert codes == [app.reports.figures(day["visit"]).payload()]
