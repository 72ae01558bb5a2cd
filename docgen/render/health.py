"""The figures of the Health page: a hotspot scatter, a complexity histogram, and the tables under them.

The charts are static SVG drawn when the site is built (no script, no CDN). This module computes
their geometry in the SVG's own units; the template writes the elements. Colours are left to
the stylesheet (Material's colour variables), so the charts follow the light and dark palettes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from docgen.model import FileHealth, FunctionComplexity, Health, Ownership

MAX_ROWS = 50
"""At most this many rows per table on the Health page."""

MAX_POINTS = 500
"""At most this many files (the hottest) are drawn in the scatter chart."""

WIDTH, HEIGHT = 640, 320
"""The charts' size in SVG units (they scale to the page's width)."""

LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 44
"""Margins around the plot area, room for the axis labels."""

BANDS: tuple[tuple[str, int, int], ...] = (
    ("1", 1, 1),
    ("2", 2, 2),
    ("3", 3, 3),
    ("4", 4, 4),
    ("5", 5, 5),
    ("6-10", 6, 10),
    ("11-20", 11, 20),
    ("21-50", 21, 50),
    ("51+", 51, 2**31),
)
"""The histogram's bars: label, lowest and highest complexity counted. Above 10 McCabe advised
splitting a function; the bands follow the usual reading (up to 10 simple, 11-20 complex, 21-50
very complex, more untestable)."""


@dataclass(frozen=True, slots=True)
class Tick:
    """One labelled tick of an axis: ``position`` in SVG units along it."""

    position: float
    label: str


@dataclass(frozen=True, slots=True)
class Point:
    """One file in the hotspot scatter chart, at (``x``, ``y``) in SVG units."""

    x: float
    y: float
    file: FileHealth


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of the complexity histogram: its box in SVG units, the band's label and the count."""

    x: float
    y: float
    width: float
    height: float
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart's plot area and axes.

    Attributes:
        width: The SVG's width.
        height: The SVG's height.
        left: The plot area's left edge (the y axis).
        right: Its right edge.
        top: Its top edge.
        bottom: Its bottom edge (the x axis).
        x_ticks: Ticks along the x axis.
        y_ticks: Ticks along the y axis.
    """

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


@dataclass(frozen=True, slots=True)
class HealthReport:
    """Everything the Health page shows, capped.

    Attributes:
        health: The catalog's health records.
        scatter: The hotspot chart's axes (commits across, complexity up), None without files to draw.
        points: The files drawn in it, hottest last (drawn on top).
        histogram: The complexity histogram's axes, None when no function was measured.
        bars: Its bars, one per band of :data:`BANDS`.
        hotspots: The hottest files.
        functions: The most complex functions.
        ownership: Modules with the fewest authors holding most commits.
        more_hotspots: Hotspot rows left out.
        more_functions: Function rows left out.
        more_ownership: Ownership rows left out.
    """

    health: Health
    scatter: Chart | None
    points: tuple[Point, ...]
    histogram: Chart | None
    bars: tuple[Bar, ...]
    hotspots: tuple[FileHealth, ...]
    functions: tuple[FunctionComplexity, ...]
    ownership: tuple[Ownership, ...]
    more_hotspots: int
    more_functions: int
    more_ownership: int


def health_report(health: Health) -> HealthReport:
    """Lay out the charts and cut the tables of ``health``."""
    drawn = [f for f in health.files if f.complexity or f.commits][:MAX_POINTS]
    scatter, points = _scatter(drawn) if drawn and health.history and health.complexity_ran else (None, ())
    histogram, bars = _histogram(health.functions) if health.functions else (None, ())
    hotspots = [f for f in health.files if f.hotspot] if health.history else list(health.files)
    functions = sorted(health.functions, key=lambda f: (-f.complexity, f.location.path, f.location.line))
    return HealthReport(
        health=health,
        scatter=scatter,
        points=points,
        histogram=histogram,
        bars=bars,
        hotspots=tuple(hotspots[:MAX_ROWS]),
        functions=tuple(functions[:MAX_ROWS]),
        ownership=health.ownership[:MAX_ROWS],
        more_hotspots=max(0, len(hotspots) - MAX_ROWS),
        more_functions=max(0, len(functions) - MAX_ROWS),
        more_ownership=max(0, len(health.ownership) - MAX_ROWS),
    )


def nice_ceiling(value: float) -> tuple[int, int]:
    """An axis maximum of at least ``value`` and its tick step: a step of 1, 2 or 5 times a power of ten, 2-5 steps."""
    if value <= 1:
        return 1, 1
    magnitude = 10 ** math.floor(math.log10(value))
    for multiple in (0.1, 0.2, 0.5, 1, 2, 5):
        step = max(1, round(multiple * magnitude))
        if math.ceil(value / step) <= 5:
            return step * math.ceil(value / step), step
    return 10 * magnitude, 10 * magnitude  # value < 10 * magnitude: one step


def _frame(x_max: int, x_step: int, y_max: int, y_step: int, x_labels: Sequence[str] | None = None) -> Chart:
    """The plot area of a :data:`WIDTH` x :data:`HEIGHT` chart, with numeric ticks (or ``x_labels``)."""
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    if x_labels is None:
        x_ticks = tuple(Tick(round(left + (right - left) * v / x_max, 1), str(v)) for v in range(0, x_max + 1, x_step))
    else:
        slot = (right - left) / len(x_labels)
        x_ticks = tuple(Tick(round(left + slot * (i + 0.5), 1), label) for i, label in enumerate(x_labels))
    y_ticks = tuple(Tick(round(bottom - (bottom - top) * v / y_max, 1), str(v)) for v in range(0, y_max + 1, y_step))
    return Chart(WIDTH, HEIGHT, left, right, top, bottom, x_ticks, y_ticks)


def _scatter(files: Sequence[FileHealth]) -> tuple[Chart, tuple[Point, ...]]:
    """Commits across, complexity up; the hottest file is drawn last, on top of the others."""
    x_max, x_step = nice_ceiling(max(f.commits for f in files))
    y_max, y_step = nice_ceiling(max(f.complexity for f in files))
    chart = _frame(x_max, x_step, y_max, y_step)
    width, height = chart.right - chart.left, chart.bottom - chart.top
    points = tuple(
        Point(
            round(chart.left + width * f.commits / x_max, 1),
            round(chart.bottom - height * f.complexity / y_max, 1),
            f,
        )
        for f in reversed(files)
    )
    return chart, points


def _histogram(functions: Sequence[FunctionComplexity]) -> tuple[Chart, tuple[Bar, ...]]:
    """How many functions fall in each band of :data:`BANDS`."""
    counts = [sum(1 for f in functions if low <= f.complexity <= high) for _, low, high in BANDS]
    y_max, y_step = nice_ceiling(max(counts))
    chart = _frame(1, 1, y_max, y_step, [label for label, _, _ in BANDS])
    slot = (chart.right - chart.left) / len(BANDS)
    height = chart.bottom - chart.top
    bars = []
    for index, ((label, _, _), count) in enumerate(zip(BANDS, counts, strict=True)):
        top = chart.bottom - height * count / y_max
        x = chart.left + slot * (index + 0.1)
        bars.append(Bar(round(x, 1), round(top, 1), round(slot * 0.8, 1), round(chart.bottom - top, 1), label, count))
    return chart, tuple(bars)
