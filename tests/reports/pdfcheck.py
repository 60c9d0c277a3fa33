"""Reading report PDFs back the way a person would see them: text, fonts, rendered pages, QR."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from pypdf import PdfReader


def text(pdf: Path) -> str:
    """All pages' text, with whitespace runs folded to one space (cells, wrapped lines)."""
    raw = "\n".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages)
    return re.sub(r"\s+", " ", raw)


def flat(pdf: Path) -> str:
    """All text with every whitespace removed (a wrapped name reads as one string)."""
    return re.sub(r"\s+", "", text(pdf))


def page_count(pdf: Path) -> int:
    return len(PdfReader(str(pdf)).pages)


def fonts(pdf: Path) -> dict[str, bool]:
    """Every font the PDF uses -> whether its program is embedded (FontFile/FontFile2/FontFile3)."""
    out: dict[str, bool] = {}
    for page in PdfReader(str(pdf)).pages:
        res = page.get("/Resources")
        if res is None:
            continue
        res = res.get_object()
        for _name, ref in (res.get("/Font") or {}).items():
            f = ref.get_object()
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            out[str(f["/BaseFont"])] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


def render(pdf: Path, out_dir: Path, dpi: int = 40, first: int | None = None, last: int | None = None) -> list[Path]:
    """Render pages with poppler's pdftoppm (fails the test if any page does not render)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = ["pdftoppm", "-png", "-r", str(dpi)]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    proc = subprocess.run([*cmd, str(pdf), str(out_dir / "p")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Error" not in proc.stderr, proc.stderr
    return sorted(out_dir.glob("p-*.png"))


def qr_payloads(png: Path) -> list[str]:
    from PIL import Image
    from pyzbar.pyzbar import decode

    return [d.data.decode("ascii") for d in decode(Image.open(png)) if d.type == "QRCODE"]
