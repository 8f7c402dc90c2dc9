"""Text rectangles of a PDF page to lines in reading order: header and footer bands, columns,
lines, and paragraph breaks (a blank line) where the vertical gap or the type size says so.

Coordinates are PDF points with the origin at the bottom left (y grows upwards).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from statistics import median

EDGE_BAND = 0.06  # top and bottom share of the page read as header and footer lines
PARA_LEADING = 1.3  # a baseline step this much above the column's usual leading: new paragraph
SIZE_JUMP = 1.15  # a line this much larger or smaller than the one before starts a paragraph
SMALL_EDGE = 0.95  # header and footer lines in smaller type than the body are running heads
CELL_GAP = 1.8  # a horizontal gap (in line heights) between two runs of a line: table cells
MIN_COLUMN_RECTS = 3  # each side of a column gutter needs this many narrow runs
NARROW = 0.62  # runs narrower than this share of the page width may belong to a column


@dataclass(frozen=True)
class Run:
    """One text run as PDFium reports it (a rectangle and its text)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float = 0.0  # font size in points (0: unknown, the box height stands in)
    base: float | None = None  # the baseline's y (None: unknown, the box bottom stands in)

    @property
    def height(self) -> float:
        return self.size if self.size > 0 else max(self.y1 - self.y0, 0.1)

    @property
    def baseline(self) -> float:
        return self.y0 if self.base is None else self.base


@dataclass
class Line:
    runs: list[Run]

    @property
    def top(self) -> float:
        return max(r.y1 for r in self.runs)

    @property
    def bottom(self) -> float:
        return min(r.y0 for r in self.runs)

    @property
    def height(self) -> float:
        return max(r.height for r in self.runs)

    @property
    def baseline(self) -> float:
        return median(r.baseline for r in self.runs)

    def text(self) -> str:
        runs = sorted(self.runs, key=lambda r: r.x0)
        out = runs[0].text
        for prev, run in itertools.pairwise(runs):
            gap = run.x0 - prev.x1
            sep = "\t" if gap > CELL_GAP * self.height else (" " if gap > 0.1 * self.height else "")
            if sep == " " and (out.endswith(" ") or run.text.startswith(" ")):
                sep = ""
            out += sep + run.text
        return out


def _lines(runs: list[Run]) -> list[Line]:
    """Runs on (nearly) one baseline form one line; top to bottom."""
    lines: list[Line] = []
    for run in sorted(runs, key=lambda r: (-r.baseline, r.x0)):
        if lines:
            last = lines[-1]
            if abs(last.baseline - run.baseline) <= 0.35 * max(last.height, run.height):
                last.runs.append(run)
                continue
        lines.append(Line([run]))
    return lines


def _leading(lines: list[Line]) -> dict[int, float]:
    """The usual baseline step between consecutive lines, per type size (a title's lines are
    further apart than the body's)."""
    steps: dict[int, list[float]] = {}
    for a, b in itertools.pairwise(lines):
        if abs(a.height - b.height) < 0.05 * a.height and a.baseline > b.baseline:
            steps.setdefault(round(a.height), []).append(a.baseline - b.baseline)
    return {size: median(values) for size, values in steps.items()}


def _paragraphs(lines: list[Line]) -> list[str]:
    """Line texts with "" where a paragraph ends."""
    out: list[str] = []
    leading = _leading(lines)
    prev: Line | None = None
    for line in lines:
        if prev is not None:
            step = prev.baseline - line.baseline
            usual = leading.get(round(line.height), 1.25 * line.height)
            ratio = max(prev.height, line.height) / min(prev.height, line.height)
            if step > PARA_LEADING * max(usual, line.height) or ratio > SIZE_JUMP:
                out.append("")
        out.append(line.text())
        prev = line
    return out


def _gutter(runs: list[Run], width: float) -> float | None:
    """The x of the widest empty vertical strip in the middle of the page (between 30 and 70 %
    of its width) between two columns of narrow runs, if there is one."""
    narrow = [r for r in runs if r.x1 - r.x0 < NARROW * width]
    if len(narrow) < 2 * MIN_COLUMN_RECTS or len(narrow) < 0.6 * len(runs):
        return None  # a one-column page (a table's cells are narrow, its lines are not)
    lo, hi = 0.3 * width, 0.7 * width
    best: tuple[float, float] | None = None  # (free width, middle)
    free_from = lo
    for x0, x1 in sorted((r.x0, r.x1) for r in narrow if r.x1 > lo and r.x0 < hi):
        if x0 > free_from and (best is None or x0 - free_from > best[0]):
            best = (x0 - free_from, (free_from + x0) / 2)
        free_from = max(free_from, x1)
    if free_from < hi and (best is None or hi - free_from > best[0]):
        best = (hi - free_from, (free_from + hi) / 2)
    if best is None:
        return None
    x = best[1]
    left = sum(r.x1 <= x for r in narrow)
    right = sum(r.x0 >= x for r in narrow)
    return x if left >= MIN_COLUMN_RECTS and right >= MIN_COLUMN_RECTS else None


def _body_order(runs: list[Run], width: float) -> list[list[Run]]:
    """Groups of runs to read one after the other: full-width stretches, then, between them,
    the left column before the right one."""
    gutter = _gutter(runs, width)
    if gutter is None:
        return [runs]
    groups: list[list[Run]] = []
    left: list[Run] = []
    right: list[Run] = []
    for run in sorted(runs, key=lambda r: -r.y1):
        if run.x0 < gutter < run.x1:  # spans the gutter: ends the column stretch above it
            groups.extend(g for g in (left, right) if g)
            left, right = [], []
            if groups and groups[-1] and groups[-1][0].x0 < gutter < groups[-1][0].x1:
                groups[-1].append(run)
            else:
                groups.append([run])
        elif run.x1 <= gutter:
            left.append(run)
        else:
            right.append(run)
    groups.extend(g for g in (left, right) if g)
    return groups


def page_lines(runs: list[Run], width: float, height: float) -> list[str]:
    """The page's lines in reading order, "" between paragraphs and between regions."""
    runs = [r for r in runs if r.text.strip()]
    top_edge, bottom_edge = height * (1 - EDGE_BAND), height * EDGE_BAND
    head = [r for r in runs if r.y0 >= top_edge]
    foot = [r for r in runs if r.y1 <= bottom_edge]
    body = [r for r in runs if r.y0 < top_edge and r.y1 > bottom_edge]
    if body:  # running heads in small type go even on a one-page document
        typical = median(r.height for r in body)
        head = [r for r in head if r.height >= SMALL_EDGE * typical]
        foot = [r for r in foot if r.height >= SMALL_EDGE * typical]
    out: list[str] = []
    for group in ([head], _body_order(body, width), [foot]):
        for runs_ in group:
            if not runs_:
                continue
            if out:
                out.append("")
            out.extend(_paragraphs(_lines(runs_)))
    return out


def largest_line(runs: list[Run], height: float) -> str | None:
    """The text set in the largest type in the upper half of a page, when it stands out
    (consecutive lines of that size: a title may take two or three)."""
    runs = [r for r in runs if r.text.strip() and r.y0 > height / 2]
    if len(runs) < 2:
        return None
    typical = median(r.height for r in runs)
    big = max(r.height for r in runs)
    if big < 1.25 * typical:
        return None
    lines = _lines([r for r in runs if r.height >= 0.9 * big])
    kept = lines[:1]
    for line in lines[1:3]:
        if kept[-1].baseline - line.baseline > 1.8 * big:
            break
        kept.append(line)
    return " ".join(line.text().strip() for line in kept) or None
