"""QR codes for posters, sheets, badges and the screen: one matrix, drawn three ways.

ASCII payloads only (scanners and decoders garble other charsets). Uppercase payloads such as
badge codes fit QR's alphanumeric mode and stay small.
"""

from __future__ import annotations

import io
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET = 4  # modules of white border the QR standard asks for


def matrix(data: str, error_correction: int = ERROR_CORRECT_M) -> list[list[bool]]:
    """Dark modules, row by row, without the quiet zone."""
    if not data.isascii():
        raise ValueError("QR payloads must be ASCII")
    q = qrcode.QRCode(error_correction=error_correction, border=0)
    q.add_data(data, optimize=0)
    q.make(fit=True)
    return [list(row) for row in q.get_matrix()]


def png_bytes(data: str, scale: int = 10, border: int = QUIET) -> bytes:
    """A PNG of the code (black on white), ``scale`` pixels per module."""
    from PIL import Image

    m = matrix(data)
    n = len(m)
    size = (n + 2 * border) * scale
    img = Image.new("1", (size, size), 1)
    px = img.load()
    assert px is not None
    for y, row in enumerate(m):
        for x, dark in enumerate(row):
            if dark:
                x0, y0 = (x + border) * scale, (y + border) * scale
                for yy in range(y0, y0 + scale):
                    for xx in range(x0, x0 + scale):
                        px[xx, yy] = 0
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def draw(canvas: Any, data: str, x: float, y: float, size: float) -> None:
    """Draw the code on a reportlab canvas with its lower-left corner at (x, y).

    ``size`` includes the quiet zone; runs of dark modules become one rectangle each, so a
    page of badges stays small.
    """
    m = matrix(data)
    n = len(m)
    unit = size / (n + 2 * QUIET)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(m):
        top = y + size - (r + QUIET + 1) * unit
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                canvas.rect(x + (start + QUIET) * unit, top, (c - start) * unit, unit, stroke=0, fill=1)
            else:
                c += 1
    canvas.restoreState()
