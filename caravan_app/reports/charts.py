"""Bar charts drawn with reportlab graphics shapes (vector; CJK font for the labels).

Built from plain Rect/String/Line shapes rather than reportlab's VerticalBarChart widget: the
widget validates every attribute of every label and costs ~20 ms per chart, a fifth of a year
report's layout time; these few shapes cost well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from .layout import ACCENT, FRAME_WIDTH, styles

BAR = colors.HexColor("#4F81BD")
GRID = colors.HexColor("#E3E7EC")
AXIS = colors.HexColor("#7F8C99")


def nice_max(v: int) -> int:
    """A round axis top at or above ``v`` that divides into 5 whole steps."""
    if v <= 5:
        return 5
    step = 10 ** (len(str(v)) - 1)
    for k in (1, 2, 2.5, 5, 10):
        top = int(k * step)
        if top >= v and top % 5 == 0:
            return top
    return v + (5 - v % 5) % 5


def _label_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """A category label on one line, or two when it is wider than its slot."""
    if stringWidth(text, font, size) <= width or len(text) < 4:
        return [text]
    half = (len(text) + 1) // 2
    return [text[:half], text[half:]]


def bar_chart(title: str, labels: Sequence[str], values: Sequence[int], height: float = 170) -> Drawing:
    """A titled vertical bar chart with each bar's value printed above it."""
    font = styles()["body"].fontName
    d = Drawing(FRAME_WIDTH, height, initialFontName=font)
    d.add(
        String(FRAME_WIDTH / 2, height - 12, title, fontName=font, fontSize=10.5, textAnchor="middle", fillColor=ACCENT)
    )
    if not values or max(values) <= 0:
        d.add(String(FRAME_WIDTH / 2, height / 2, "本期无数据", fontName=font, fontSize=10, textAnchor="middle"))
        return d
    n = len(values)
    # A few categories get narrow bars, centred, instead of bars as wide as the page.
    plot_w = min(FRAME_WIDTH - 55, max(90, 62 * n))
    left, bottom = 40 + (FRAME_WIDTH - 55 - plot_w) / 2, 30
    plot_h = height - 30 - bottom
    top = nice_max(max(values))
    for i in range(6):
        y = bottom + plot_h * i / 5
        d.add(Line(left, y, left + plot_w, y, strokeColor=GRID if i else AXIS, strokeWidth=0.5))
        d.add(String(left - 4, y - 2.5, f"{top * i // 5:,}", fontName=font, fontSize=8, textAnchor="end"))
    slot = plot_w / n
    bar_w = min(slot * 0.6, 36)
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        cx = left + slot * (i + 0.5)
        h = plot_h * v / top
        if v:
            d.add(Rect(cx - bar_w / 2, bottom, bar_w, h, fillColor=BAR, strokeColor=None))
            d.add(String(cx, bottom + h + 3, f"{v:,}", fontName=font, fontSize=8, textAnchor="middle"))
        for k, line in enumerate(_label_lines(label, font, 8, slot - 2)):
            d.add(String(cx, bottom - 10 - 9 * k, line, fontName=font, fontSize=8, textAnchor="middle"))
    return d
