"""Mentions over time as a bar chart: geometry computed here, drawn as inline SVG by a template."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from index.base import Bucket, Interval
from index.buckets import bucket_start
from index.buckets import fill_gaps as index_fill_gaps

WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 30
MAX_BARS = 160  # a longer series shows its latest buckets
MAX_X_LABELS = 8
MAX_BAR_WIDTH = 44.0
VALUE_LABELS_UP_TO = 36  # bars; more would crowd the numbers above them


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    date: str
    label: str
    documents: int
    mentions: int


@dataclass
class Frame:
    """The drawing area every chart of the UI shares: its size and the plot's edges."""

    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    bottom: float = HEIGHT - BOTTOM
    right: float = WIDTH - RIGHT


@dataclass
class Chart(Frame):
    bars: list[Bar] = field(default_factory=list)
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    truncated: bool = False
    value_labels: bool = False

    @property
    def empty(self) -> bool:
        return not any(b.documents for b in self.bars)


def fill_gaps(buckets: list[Bucket], interval: Interval) -> list[Bucket]:
    """Every bucket from the first to the last, empty ones included (at most MAX_BARS, latest)."""
    if not buckets:
        return []
    by_date = {b.date: b for b in buckets}
    first = bucket_start(date.fromisoformat(min(by_date)), interval).isoformat()
    ordered = [by_date.get(first, Bucket(first, 0, 0))] + [by_date[k] for k in sorted(by_date)
                                                          if k != first]
    return index_fill_gaps(ordered, interval)[-MAX_BARS:]


def nice_ceiling(n: int) -> int:
    """The smallest of 1, 2, 5 × 10^k at or above ``n`` (at least 1)."""
    if n <= 1:
        return 1
    power = int(10 ** math.floor(math.log10(n)))
    for step in (1, 2, 5, 10):
        if step * power >= n:
            return step * power
    return 10 * power


def build_chart(buckets: list[Bucket], interval: Interval,
                label: Callable[[str], str]) -> Chart:
    """Bars of documents per bucket; ``label`` turns a bucket's ISO date into axis text."""
    filled = fill_gaps(buckets, interval)
    chart = Chart(truncated=len(buckets) > 0 and len(filled) == MAX_BARS)
    if not filled:
        return chart
    top = nice_ceiling(max(b.documents for b in filled))
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top
    slot = plot_w / len(filled)
    width = max(min(slot * 0.8, MAX_BAR_WIDTH), 1.0)
    for i, b in enumerate(filled):
        h = plot_h * b.documents / top
        x = chart.left + i * slot + (slot - width) / 2
        chart.bars.append(Bar(round(x, 2), round(chart.bottom - h, 2), round(width, 2),
                              round(h, 2), b.date, label(b.date), b.documents, b.mentions))
    chart.value_labels = len(filled) <= VALUE_LABELS_UP_TO
    ticks = 5 if top % 5 == 0 else top  # top is 1, 2 or a multiple of 5
    chart.y_ticks = [(round(chart.bottom - plot_h * k / ticks, 2), top * k // ticks)
                     for k in range(ticks + 1)]
    every = max(1, math.ceil(len(filled) / MAX_X_LABELS))
    chart.x_labels = [(round(bar.x + bar.w / 2, 2), bar.label)
                      for i, bar in enumerate(chart.bars) if i % every == 0]
    return chart
