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


# --- where the words are (for the paper tests) --------------------------------------------------


_WORDS: dict[tuple[str, int, int, int], list[dict[str, object]]] = {}


def words(pdf: Path) -> list[dict[str, object]]:
    """Every word box of every page from poppler's ``pdftotext -bbox`` (points, origin top
    left): {"page", "x0", "y0", "x1", "y1", "text", "pw", "ph", "size"}. The box height of the
    embedded CJK font is its size (measured: 1.005 × pt). A file read again unchanged (same
    inode, size and modification time) is not run through pdftotext twice: a paper test and
    ``layout_problems`` often ask for the same file's words."""
    st = pdf.stat()
    key = (str(pdf.resolve()), st.st_ino, st.st_size, st.st_mtime_ns)
    if key not in _WORDS:
        if len(_WORDS) >= 8:
            _WORDS.pop(next(iter(_WORDS)))
        _WORDS[key] = _read_words(pdf)
    return [dict(w) for w in _WORDS[key]]


def _read_words(pdf: Path) -> list[dict[str, object]]:
    import html
    import xml.etree.ElementTree as ET

    proc = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    # poppler writes a character beyond the BMP (𠮷 U+20BB7) as two UTF-8-encoded surrogates
    stdout = proc.stdout.decode("utf-8", "surrogatepass").encode("utf-16", "surrogatepass").decode("utf-16")
    body = stdout[stdout.index("<body>") : stdout.index("</body>") + 7]
    root = ET.fromstring(body.replace("&nbsp;", " "))
    out: list[dict[str, object]] = []
    for n, page in enumerate(root.iter("page"), 1):
        pw, ph = float(page.get("width", 0)), float(page.get("height", 0))
        for w in page.iter("word"):
            x0, y0, x1, y1 = (float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
            out.append(
                {
                    "page": n,
                    "x0": x0,
                    "y0": y0,
                    "x1": x1,
                    "y1": y1,
                    "text": html.unescape(w.text or ""),
                    "pw": pw,
                    "ph": ph,
                    "size": (y1 - y0) / 1.005,
                }
            )
    return out


def qr_rects(
    pdf: Path, out_dir: Path, dpi: int = 150, last: int | None = None
) -> dict[int, list[tuple[float, float, float, float]]]:
    """Per page (up to ``last``), the rectangles (points, origin top left) of every QR code zbar finds."""
    from PIL import Image
    from pyzbar.pyzbar import decode

    rects: dict[int, list[tuple[float, float, float, float]]] = {}
    k = 72 / dpi
    for i, png in enumerate(render(pdf, out_dir, dpi=dpi, first=1 if last else None, last=last), 1):
        for d in decode(Image.open(png)):
            if d.type == "QRCODE":
                r = d.rect
                rects.setdefault(i, []).append((r.left * k, r.top * k, (r.left + r.width) * k, (r.top + r.height) * k))
    return rects


def layout_problems(
    pdf: Path,
    out_dir: Path,
    *,
    min_size: float,
    margin: float,
    vmargin: float | None = None,
    qr_expected: int | None = None,
    qr_last: int | None = None,
    qr: bool = True,
) -> list[str]:
    """What a typesetter would mark: a word smaller than ``min_size`` pt, a word past the
    ``margin`` (points from each edge), a word over a QR code. Empty when the paper is fine.
    ``qr=False`` leaves out the QR codes (finding them renders every page: most of the cost)."""
    rects = qr_rects(pdf, out_dir, last=qr_last) if qr else {}
    vm = margin if vmargin is None else vmargin
    problems: list[str] = []
    if qr_expected is not None:
        pages = qr_last or page_count(pdf)
        missing = [p for p in range(1, pages + 1) if len(rects.get(p, [])) < qr_expected]
        if missing:
            problems.append(f"pages without {qr_expected} readable QR code(s): {missing[:10]}")
    for w in words(pdf):
        t, p = w["text"], w["page"]
        x0, y0, x1, y1 = (float(w[k]) for k in ("x0", "y0", "x1", "y1"))  # type: ignore[arg-type]
        pw, ph = float(w["pw"]), float(w["ph"])  # type: ignore[arg-type]
        if float(w["size"]) < min_size - 0.15:  # type: ignore[arg-type]
            problems.append(f"p{p} {t!r} is {float(w['size']):.1f} pt")  # type: ignore[arg-type]
        if x0 < margin - 0.5 or x1 > pw - margin + 0.5 or y0 < vm - 0.5 or y1 > ph - vm + 0.5:
            problems.append(f"p{p} {t!r} crosses the margin at ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f})")
        for qx0, qy0, qx1, qy1 in rects.get(p, []):  # type: ignore[call-overload]
            if x0 < qx1 and x1 > qx0 and y0 < qy1 and y1 > qy0:
                problems.append(f"p{p} {t!r} is over a QR code")
    return problems
