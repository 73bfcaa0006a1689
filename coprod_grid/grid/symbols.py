"""A marker shape for each category, so that no two categories differ by colour alone.

The palette (Okabe and Ito's) has two blues and two oranges that are hard to tell apart
side by side, and anyone who cannot see colour sees none of them: each category's colour
gets its own shape, and the SVG draws the same shape plotly does, from the same names and
the same outlines (plotly's ``symbol_defs``, with ``r`` half the marker's size). Squares
and diamonds are not among them: they are the panel's and the position's marks. Pure
Python.
"""

from __future__ import annotations

import math
import zlib

CIRCLE = "circle"

#: The category palette's colours and their shapes: the two blues and the two oranges
#: get shapes that point different ways or have different numbers of sides.
SYMBOLS_BY_COLOUR = {
    "#E69F00": "circle",
    "#56B4E9": "triangle-up",
    "#009E73": "cross",
    "#F0E442": "star",
    "#0072B2": "triangle-down",
    "#D55E00": "pentagon",
    "#CC79A7": "hexagon",
    "#000000": "x",
}
SYMBOLS = tuple(SYMBOLS_BY_COLOUR.values())


def symbol_for(colour: str, category_slug: str) -> str:
    """The shape of a category's points: by its colour for the palette's, otherwise
    chosen by its slug, so that it is the same on every chart."""
    known = SYMBOLS_BY_COLOUR.get(colour.upper())
    if known:
        return known
    if not category_slug:
        return CIRCLE
    return SYMBOLS[zlib.crc32(category_slug.encode()) % len(SYMBOLS)]


def _points(vertices: list[tuple[float, float]], cx: float, cy: float) -> str:
    return "M" + "L".join(f"{cx + x:.2f},{cy + y:.2f}" for x, y in vertices) + "Z"


def _vertices(symbol: str, r: float) -> list[tuple[float, float]]:
    if symbol == "triangle-up":
        rt, r2, rs = r * 2 / math.sqrt(3), r / 2, r * math.sqrt(2)
        return [(-rt, r2), (rt, r2), (0, -rs)]
    if symbol == "triangle-down":
        rt, r2, rs = r * 2 / math.sqrt(3), r / 2, r * math.sqrt(2)
        return [(-rt, -r2), (rt, -r2), (0, rs)]
    if symbol == "pentagon":
        x1, x2, y0, y1, y2 = r * 0.951, r * 0.588, -r, r * -0.309, r * 0.809
        return [(x1, y1), (x2, y2), (-x2, y2), (-x1, y1), (0, y0)]
    if symbol == "hexagon":
        y1, x = r / 2, r * math.sqrt(3) / 2
        return [(x, -y1), (x, y1), (0, r), (-x, y1), (-x, -y1), (0, -r)]
    if symbol == "star":
        rs = r * 1.4
        x1, x2, x3, x4 = rs * 0.225, rs * 0.951, rs * 0.363, rs * 0.588
        y0, y1, y3, y4, y5 = -rs, rs * -0.309, rs * 0.118, rs * 0.809, rs * 0.382
        return [
            (x1, y1),
            (x2, y1),
            (x3, y3),
            (x4, y4),
            (0, y5),
            (-x4, y4),
            (-x3, y3),
            (-x2, y1),
            (-x1, y1),
            (0, y0),
        ]
    if symbol == "cross":
        a, b = r * 0.4, r * 1.2
        corner = [(b, a), (a, a), (a, b), (-a, b), (-a, a), (-b, a)]
        return [*corner, *((-x, -y) for x, y in corner)]
    if symbol == "x":
        # plotly's "x": a cross turned 45 degrees, its arms r * 0.8 / sqrt(2) wide.
        rx = r * 0.8 / math.sqrt(2)
        arm = 2 * rx
        return [
            (0, rx),
            (rx, arm),
            (arm, rx),
            (rx, 0),
            (arm, -rx),
            (rx, -arm),
            (0, -rx),
            (-rx, -arm),
            (-arm, -rx),
            (-rx, 0),
            (-arm, rx),
            (-rx, arm),
        ]
    raise ValueError(f"Unknown symbol {symbol!r}")


def svg_path(symbol: str, cx: float, cy: float, r: float) -> str:
    """The outline of ``symbol`` of half-size ``r`` centred on ``cx, cy``, as an SVG path;
    empty for a circle, which the SVG draws as a circle."""
    if symbol == CIRCLE:
        return ""
    return _points(_vertices(symbol, r), cx, cy)


def extent(symbol: str, r: float) -> float:
    """How far the shape reaches from its centre: what labels must keep clear of."""
    if symbol == CIRCLE:
        return r
    return max(math.hypot(x, y) for x, y in _vertices(symbol, r))
