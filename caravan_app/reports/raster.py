"""PDF pages as images, for the 报告 page's preview and for printing through the system.

QtPdf is not part of PySide6-Essentials, so pages are rasterised with PDFium (``pypdfium2``,
wheels for Windows/macOS/Linux); poppler's ``pdftoppm`` is the fallback where it is installed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path


class RasterUnavailable(RuntimeError):
    """Neither PDFium nor pdftoppm is available: the PDF can still be saved and opened."""


def page_count(pdf: Path) -> int:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        from pypdf import PdfReader

        return len(PdfReader(str(pdf)).pages)
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def page_pngs(pdf: Path, dpi: float = 72, first: int = 1, last: int | None = None) -> list[bytes]:
    """PNG bytes of pages ``first``..``last`` (1-based, inclusive) at ``dpi``."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return _pdftoppm(pdf, dpi, first, last)
    doc = pdfium.PdfDocument(str(pdf))
    try:
        end = min(last or len(doc), len(doc))
        out = []
        for i in range(first - 1, end):
            page = doc[i]
            img = page.render(scale=dpi / 72).to_pil()
            buf = io.BytesIO()
            img.save(buf, "PNG", optimize=False, compress_level=1)
            out.append(buf.getvalue())
            page.close()
        return out
    finally:
        doc.close()


def _pdftoppm(pdf: Path, dpi: float, first: int, last: int | None) -> list[bytes]:
    tool = shutil.which("pdftoppm")
    if not tool:
        raise RasterUnavailable("no PDF renderer: install pypdfium2 or poppler-utils")
    with tempfile.TemporaryDirectory() as d:
        cmd = [tool, "-png", "-r", str(int(dpi)), "-f", str(first)]
        if last:
            cmd += ["-l", str(last)]
        subprocess.run([*cmd, str(pdf), str(Path(d) / "p")], check=True, capture_output=True, timeout=300)
        return [p.read_bytes() for p in sorted(Path(d).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))]
