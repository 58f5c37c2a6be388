"""Charts drawn with reportlab's own graphics (no image files, vector output, same bytes every time).

Labels are drawn as strings, not parsed as markup, so user text needs no escaping here.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from enforcement.reports import Chart

BAR = colors.HexColor("#3B6EA5")
GRID = colors.HexColor("#D0D0D0")
SLICES = (
    colors.HexColor("#3B8A4F"),  # on time
    colors.HexColor("#E0A030"),  # late
    colors.HexColor("#C03030"),  # missing
    colors.HexColor("#9AA5B1"),  # pending
    colors.HexColor("#3B6EA5"),
    colors.HexColor("#7A5BA5"),
)
LABEL_SIZE = 8.5


def _step(top: int) -> int:
    """A round axis step giving about five gridlines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000):
        if top / step <= 6:
            return step
    return max(1, top // 5)


def _value_axis(chart: VerticalBarChart | HorizontalBarChart, values: tuple[int, ...]) -> None:
    top = max(values, default=0) or 1
    step = _step(top)
    axis = chart.valueAxis
    axis.valueMin = 0
    axis.valueStep = step
    axis.valueMax = ((top + step - 1) // step) * step + (step if top % step == 0 else 0)
    axis.labels.fontSize = LABEL_SIZE
    axis.visibleGrid = True
    axis.gridStrokeColor = GRID
    axis.gridStrokeWidth = 0.4


def _empty(chart: Chart, font: str, width: float) -> Drawing:
    drawing = Drawing(width, 40)
    drawing.add(String(width / 2, 16, chart.empty, fontName=font, fontSize=11, textAnchor="middle"))
    return drawing


def bar_chart(chart: Chart, font: str, width: float) -> Drawing:
    """Vertical bars, one per label, each with its value above it."""
    height = 170.0
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y = 34, 24
    bars.width, bars.height = round(width - 44), round(height - 40)
    bars.data = [list(chart.values)]
    bars.bars[0].fillColor = BAR
    bars.bars[0].strokeColor = None
    bars.barSpacing = 2
    bars.categoryAxis.categoryNames = list(chart.labels)
    bars.categoryAxis.labels.fontName = font
    bars.categoryAxis.labels.fontSize = LABEL_SIZE
    bars.categoryAxis.labels.dy = -3
    _value_axis(bars, chart.values)
    bars.valueAxis.labels.fontName = font
    bars.barLabelFormat = "%d"
    bars.barLabels.fontName = font
    bars.barLabels.fontSize = LABEL_SIZE - 0.5
    bars.barLabels.nudge = 6
    drawing.add(bars)
    return drawing


def hbar_chart(chart: Chart, font: str, width: float) -> Drawing:
    """Horizontal bars, the labels on the left, each with its value at its end."""
    if not chart.values:
        return _empty(chart, font, width)
    label_width = max(stringWidth(label, font, LABEL_SIZE) for label in chart.labels) + 10
    n = len(chart.values)
    height = 22.0 * n + 34
    drawing = Drawing(width, height)
    bars = HorizontalBarChart()
    bars.x, bars.y = round(label_width), 20
    bars.width, bars.height = round(width - label_width - 30), round(height - 28)
    # reportlab draws the first category at the bottom; reverse so the list reads top-down.
    bars.data = [list(reversed(chart.values))]
    bars.categoryAxis.categoryNames = list(reversed(chart.labels))
    bars.bars[0].fillColor = BAR
    bars.bars[0].strokeColor = None
    bars.categoryAxis.labels.fontName = font
    bars.categoryAxis.labels.fontSize = LABEL_SIZE
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.labels.dx = -4
    _value_axis(bars, chart.values)
    bars.valueAxis.labels.fontName = font
    bars.barLabelFormat = "%d"
    bars.barLabels.fontName = font
    bars.barLabels.fontSize = LABEL_SIZE - 0.5
    bars.barLabels.nudge = 8
    drawing.add(bars)
    return drawing


def pie_chart(chart: Chart, font: str, width: float) -> Drawing:
    """A pie of the non-zero values, with a legend listing every label (zeros too)."""
    if not any(chart.values):
        return _empty(chart, font, width)
    height = 150.0
    drawing = Drawing(width, height)
    pie = Pie()
    pie.x, pie.y = 20, 10
    pie.width = pie.height = round(height - 20)
    shown = [i for i, v in enumerate(chart.values) if v]
    pie.data = [chart.values[i] for i in shown]
    pie.labels = None
    pie.sameRadii = True
    pie.startAngle = 90
    pie.direction = "clockwise"
    for slot, i in enumerate(shown):
        pie.slices[slot].fillColor = SLICES[i % len(SLICES)]
        pie.slices[slot].strokeColor = colors.white
        pie.slices[slot].strokeWidth = 1
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = round(height + 20), round(height - 30)
    legend.fontName = font
    legend.fontSize = 10
    legend.dy = 10
    legend.dx = 10
    legend.deltay = 18
    legend.alignment = "right"
    legend.columnMaximum = len(chart.labels)
    legend.colorNamePairs = [
        (SLICES[i % len(SLICES)], label) for i, label in enumerate(chart.labels)
    ]
    drawing.add(legend)
    return drawing


def draw_chart(chart: Chart, font: str, width: float) -> Drawing:
    """The drawing of ``chart`` (a flowable), ``width`` points wide."""
    if chart.kind == "bar":
        return bar_chart(chart, font, width)
    if chart.kind == "hbar":
        return hbar_chart(chart, font, width)
    return pie_chart(chart, font, width)
