"""How the organisation's earlier years are drawn on a Grid chart: each earlier position
as a hollow circle, palest for the oldest, joined in order by a line that ends in an
arrowhead at this year's position (the diamond).

Hollow circles, so that an earlier year never reads as a practice (filled, coloured) or
as a position (the diamond); the shade says the order and the period label says the
year, so the path still reads in greyscale and without colour. Every shade meets 3:1
against white (WCAG 1.4.11). Both the SVG and the plotly figure take their sizes,
colours and coordinates from here. Pure Python, no Django.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from .colours import FAINT_OUTLINE, OUTLINE, WHITE, mix
from .geometry import GridGeometry
from .points import PositionMarker, TrendMarker

TREND_HOVER = "Position in {period}"


@dataclass(frozen=True)
class TrendDot:
    cx: float
    cy: float
    r: float
    stroke: str
    stroke_width: float
    period: str
    x: float  # the Grid position, for plotly and the text alternative
    y: float
    fill: str = WHITE


@dataclass(frozen=True)
class TrendSegment:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    width: float


@dataclass(frozen=True)
class TrendArrow:
    """The arrowhead's three corners, tip first, in SVG units."""

    points: tuple[tuple[float, float], ...]
    colour: str


@dataclass(frozen=True)
class TrendDrawing:
    dots: tuple[TrendDot, ...]
    segments: tuple[TrendSegment, ...]
    arrow: TrendArrow | None


def step_shade(index: int, count: int) -> str:
    """The oldest of ``count`` earlier years is the palest shade that still meets 3:1;
    later ones darken towards the position's own colour."""
    if count <= 1:
        return mix(FAINT_OUTLINE, OUTLINE, 0.5)
    return mix(FAINT_OUTLINE, OUTLINE, 0.75 * index / (count - 1))


def dot_radius(geometry: GridGeometry) -> float:
    return geometry.marker_radius * 0.85


def line_width(geometry: GridGeometry) -> float:
    return 2.0 if geometry.name == "full" else 1.5


def _arrow_size(geometry: GridGeometry) -> tuple[float, float]:
    """The arrowhead's length and width."""
    return (10.0, 9.0) if geometry.name == "full" else (7.0, 6.0)


def _shortened(
    x1: float, y1: float, x2: float, y2: float, start_gap: float, end_gap: float
) -> tuple[float, float, float, float] | None:
    """The segment between two centres, pulled back from each end by its gap; None when
    the two marks are too close for any line to show between them."""
    length = math.hypot(x2 - x1, y2 - y1)
    if length <= start_gap + end_gap + 1:
        return None
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    return (x1 + ux * start_gap, y1 + uy * start_gap, x2 - ux * end_gap, y2 - uy * end_gap)


def trend_drawing(
    geometry: GridGeometry,
    trend: TrendMarker,
    position: PositionMarker | None,
    position_half: float,
) -> TrendDrawing:
    """The dots, the segments between them and the arrowhead at ``position``.

    ``position_half`` is half the diagonal of the position's diamond, which the arrow's
    tip stops short of, so that the arrow points at the diamond without hiding it."""
    count = len(trend.steps)
    radius = dot_radius(geometry)
    width = line_width(geometry)
    dots = []
    for index, step in enumerate(trend.steps):
        cx, cy = geometry.to_svg(step.x, step.y)
        dots.append(
            TrendDot(cx, cy, radius, step_shade(index, count), width, step.period, step.x, step.y)
        )
    segments = []
    for first, second in itertools.pairwise(dots):
        line = _shortened(first.cx, first.cy, second.cx, second.cy, radius, radius)
        if line is not None:
            segments.append(TrendSegment(*line, colour=second.stroke, width=width))
    arrow = None
    if dots and position is not None:
        last = dots[-1]
        px, py = geometry.to_svg(position.x, position.y)
        length, spread = _arrow_size(geometry)
        tip_gap = position_half + 2
        line = _shortened(last.cx, last.cy, px, py, radius, tip_gap + length)
        if line is not None:
            segments.append(TrendSegment(*line, colour=OUTLINE, width=width))
            x1, y1 = line[0], line[1]
            distance = math.hypot(px - x1, py - y1)
            ux, uy = (px - x1) / distance, (py - y1) / distance
            tip = (px - ux * tip_gap, py - uy * tip_gap)
            base = (tip[0] - ux * length, tip[1] - uy * length)
            side = (-uy * spread / 2, ux * spread / 2)
            arrow = TrendArrow(
                (
                    tip,
                    (base[0] + side[0], base[1] + side[1]),
                    (base[0] - side[0], base[1] - side[1]),
                ),
                OUTLINE,
            )
    return TrendDrawing(tuple(dots), tuple(segments), arrow)
