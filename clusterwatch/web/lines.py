"""Several series on one time axis (the compare page): geometry computed here, drawn as SVG by
a template. Series differ by colour, dash pattern and marker shape, so colour is never the only
cue; the page also shows every figure in a table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from clusterwatch.web.chart import Frame, nice_ceiling
from index.base import Bucket, Interval, Series
from index.buckets import fill_gaps

LEFT = 56
MAX_POINTS = 160
MAX_X_LABELS = 8
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "6 4", "2 3", "8 3 2 3")
PALETTE = 8  # CSS classes series-0 .. series-7


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    date: str
    label: str
    value: float
    text: str  # the value as shown


@dataclass
class Line:
    key: str  # member (and group)
    name: str
    points: list[Point]
    css: str
    dash: str
    marker: str

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass
class LineChart(Frame):
    left: int = LEFT  # wider than the bar chart's: percentages on the axis
    lines: list[Line] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(p.value for line in self.lines for p in line.points)


def value_of(b: Bucket, measure: str) -> float:
    if measure == "share":
        return float(b.share or 0.0)
    return float(b.mentions if measure == "mentions" else b.documents)


def build_lines(series: list[Series], interval: Interval, measure: str,
                label: Callable[[str], str], name: Callable[[Series], str]) -> LineChart:
    """One line per series over the union of their bucket dates (gaps are zeros)."""
    chart = LineChart()
    dates = _dates(series, interval)
    if not dates:
        return chart
    chart.dates = dates
    values = [{b.date: value_of(b, measure) for b in s.buckets} for s in series]
    peak = max((v for vs in values for v in vs.values()), default=0.0)
    top = 1.0 if measure == "share" else float(nice_ceiling(int(peak + 0.999)))
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top
    step = plot_w / max(len(dates) - 1, 1)
    for k, (s, vs) in enumerate(zip(series, values, strict=True)):
        points = []
        for i, d in enumerate(dates):
            v = vs.get(d, 0.0)
            x = chart.left + (i * step if len(dates) > 1 else plot_w / 2)
            points.append(Point(round(x, 2), round(chart.bottom - plot_h * v / top, 2), d,
                                label(d), v, _show(v, measure)))
        chart.lines.append(Line(f"{s.member}/{s.group or ''}", name(s), points,
                                f"series-{k % PALETTE}", DASHES[k % len(DASHES)],
                                MARKERS[k % len(MARKERS)]))
    chart.y_ticks = [(round(chart.bottom - plot_h * j / 4, 2), _show(top * j / 4, measure))
                     for j in range(5)]
    every = max(1, -(-len(dates) // MAX_X_LABELS))
    chart.x_labels = [(p.x, p.label) for i, p in enumerate(chart.lines[0].points)
                      if i % every == 0]
    return chart


def _dates(series: list[Series], interval: Interval) -> list[str]:
    every = sorted({b.date for s in series for b in s.buckets})
    if not every:
        return []
    filled = fill_gaps([Bucket(d, 0, 0) for d in every], interval)
    return [b.date for b in filled][-MAX_POINTS:]


def _show(value: float, measure: str) -> str:
    if measure == "share":
        return f"{value * 100:.0f} %" if value * 100 == int(value * 100) else f"{value * 100:.1f} %"
    return f"{value:g}"
