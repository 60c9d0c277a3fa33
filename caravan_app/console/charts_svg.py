"""Bar charts as inline SVG for the console's pages: drawn on the server, no script, no font
files (Chinese labels use the reader's system fonts), the same bars as the period PDF's charts
(``reports/charts.py``) and the same round axis top."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from ..reports.charts import nice_max

FONTS = (
    "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei','WenQuanYi Micro Hei',"
    "'Hiragino Sans GB',sans-serif"
)
BAR = "#4F81BD"
GRID = "#E3E7EC"
AXIS = "#7F8C99"
NORM = "#C0504D"


def _num(v: int) -> str:
    return f"{v:,}"


def _width(text: str, size: float = 11) -> float:
    """Rough drawn width: a CJK character a full em, anything else about 0.6 em."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text)


def _clip(text: str, width: float, size: float = 11) -> str:
    if _width(text, size) <= width:
        return text
    while text and _width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _label(text: str, slot: float, size: float = 11) -> list[str]:
    """The category label under its bar: one line, or two when wider than the slot (split at
    a bracket, 科普大篷车1号 / （鲁H12345）, else in half), each clipped to fit; the whole
    label stays in the bar's ``<title>``."""
    if _width(text, size) <= slot:
        return [text]
    cut = text.find("（")
    half = cut if cut > 0 else (len(text) + 1) // 2
    return [_clip(text[:half], slot, size), _clip(text[half:], slot, size)]


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    norm: int | None = None,
    norm_label: str = "",
    width: int = 640,
    height: int = 240,
    empty: str = "本期无数据",
) -> str:
    """A titled vertical bar chart, one ``<g class="bar">`` per category with its value printed
    above the bar; ``norm`` draws a dashed line at that value (a van's ≥ 120 days)."""
    if len(labels) != len(values):
        raise ValueError("labels and values differ in length")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" font-family={quoteattr(FONTS)} font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="{width / 2:.0f}" y="16" text-anchor="middle" font-size="14" fill="#1F3864">{escape(title)}</text>',
    ]
    if not values or (max(values) <= 0 and not norm):
        out.append(f'<text x="{width / 2:.0f}" y="{height / 2:.0f}" text-anchor="middle">{escape(empty)}</text>')
        out.append("</svg>")
        return "".join(out)
    left, right, top_pad, bottom = 56, 12, 30, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top = nice_max(max([*values, norm or 0]))
    base = top_pad + plot_h
    for i in range(6):
        y = base - plot_h * i / 5
        colour = GRID if i else AXIS
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{colour}"/>')
        out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10">{_num(top * i // 5)}</text>')
    n = len(values)
    slot = plot_w / n
    bar_w = min(slot * 0.6, 48)
    size = 11 if slot >= 80 else 10  # eight vans' names fit a 640 px chart at 10 px
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        cx = left + slot * (i + 0.5)
        h = plot_h * max(v, 0) / top
        out.append(f'<g class="bar" data-label={quoteattr(label)} data-value="{int(v)}">')
        out.append(f"<title>{escape(label)}：{_num(v)}</title>")
        out.append(
            f'<rect x="{cx - bar_w / 2:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR}"/>'
        )
        out.append(f'<text class="value" x="{cx:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">{_num(v)}</text>')
        for k, line in enumerate(_label(label, slot - 2, size)):
            out.append(
                f'<text x="{cx:.1f}" y="{base + 14 + 13 * k:.1f}" text-anchor="middle" font-size="{size}">{escape(line)}</text>'
            )
        out.append("</g>")
    if norm:
        y = base - plot_h * norm / top
        out.append(
            f'<line class="norm" x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{NORM}" '
            'stroke-dasharray="6 4" stroke-width="1.5"/>'
        )
        text = norm_label or f"≥ {_num(norm)}"
        out.append(f'<text x="{left + plot_w}" y="{y - 4:.1f}" text-anchor="end" fill="{NORM}">{escape(text)}</text>')
    out.append("</svg>")
    return "".join(out)
