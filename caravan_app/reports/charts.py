"""Bar charts drawn with reportlab graphics (vector, the CJK font for labels)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from .layout import ACCENT, FRAME_WIDTH, styles


def _nice_max(v: int) -> int:
    if v <= 5:
        return 5
    step = 10 ** (len(str(v)) - 1)
    for k in (1, 2, 2.5, 5, 10):
        top = int(k * step)
        if top >= v:
            return top
    return v


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
    c = VerticalBarChart()
    # A few categories get narrow bars, centred, instead of one bar as wide as the page.
    c.width = min(FRAME_WIDTH - 55, max(90, 62 * len(labels)))
    c.x, c.y = 40 + (FRAME_WIDTH - 55 - c.width) / 2, 38
    c.height = height - 62
    c.data = [list(values)]
    c.categoryAxis.categoryNames = list(labels)
    c.categoryAxis.labels.fontName = font
    c.categoryAxis.labels.fontSize = 7.5 if len(labels) <= 12 else 6.5
    if len(labels) > 8 and max(len(x) for x in labels) > 3:
        c.categoryAxis.labels.angle = 35
        c.categoryAxis.labels.boxAnchor = "ne"
        c.categoryAxis.labels.dx, c.categoryAxis.labels.dy = 4, -2
    c.valueAxis.valueMin = 0
    c.valueAxis.valueMax = _nice_max(max(values))
    c.valueAxis.valueStep = c.valueAxis.valueMax / 5
    c.valueAxis.labels.fontName = font
    c.valueAxis.labels.fontSize = 7.5
    c.valueAxis.labelTextFormat = lambda v: f"{int(v):,}"
    c.valueAxis.gridStrokeColor = colors.HexColor("#E3E7EC")
    c.valueAxis.visibleGrid = True
    c.bars[0].fillColor = colors.HexColor("#4F81BD")
    c.bars[0].strokeColor = None
    c.barLabelFormat = lambda v: f"{int(v):,}" if v else ""
    c.barLabels.fontName = font
    c.barLabels.fontSize = 7
    c.barLabels.nudge = 6
    d.add(c)
    return d
