"""Placing labels beside points so that no two overlap, in SVG user units.

Knows nothing of the Grid: ``GridGeometry.place_labels`` hands it the frame, the
quadrant names and the boundary lines to keep clear of. ``text_width`` estimates how
wide a label is, for the placer and for the geometry's own text. Pure Python.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .shapes import Box, Line


@dataclass(frozen=True)
class LabelRequest:
    """A point that wants a label: its centre and marker radius in SVG units."""

    key: str
    x: float
    y: float
    text: str
    radius: float
    bold: bool = False


@dataclass(frozen=True)
class LabelPlacement:
    key: str
    text: str
    box: Box
    text_x: float  # middle of the text
    text_y: float  # baseline
    direction: str  # "right", "top-left", … where the label sits from its point
    leader: Line | None  # a line from the point to a label placed further away
    bold: bool = False


_CHAR_WIDTHS = {" ": 0.278, ".": 0.278, ",": 0.278, "(": 0.333, ")": 0.333, "-": 0.333}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An estimate of the width of ``text`` in Arial/Liberation Sans (a touch generous)."""
    width = 0.0
    for char in text:
        if char in _CHAR_WIDTHS:
            width += _CHAR_WIDTHS[char]
        elif char in "iljtfI!|:;'":
            width += 0.3
        elif char in "mwMW":
            width += 0.86
        elif char.isupper():
            width += 0.7
        else:
            width += 0.57
    return width * size * (1.07 if bold else 1.0)


def wrap_to_width(text: str, size: float, width: float) -> tuple[str, ...]:
    """``text`` as one line if it fits ``width`` in bold, else on two: as many words on
    the first as fit ("Passive and" / "isolated"), the rest on the second."""
    if text_width(text, size, bold=True) <= width or " " not in text:
        return (text,)
    words = text.split(" ")
    count = 1
    while count < len(words) - 1 and (
        text_width(" ".join(words[: count + 1]), size, bold=True) <= width
    ):
        count += 1
    return (" ".join(words[:count]), " ".join(words[count:]))


# How many rings of places around a point to try: the outer ones, drawn with a leader, are
# for long labels in crowded places (a position's name among a panel's members on a
# narrow chart), which must still not sit on a point.
RINGS = 7

# Where a label may sit around its point, in order of preference (unit vectors, SVG y down).
_DIRECTIONS = (
    ("right", 1, 0),
    ("left", -1, 0),
    ("top", 0, -1),
    ("bottom", 0, 1),
    ("top-right", 1, -1),
    ("bottom-right", 1, 1),
    ("top-left", -1, -1),
    ("bottom-left", -1, 1),
)


def place_labels(
    requests: Sequence[LabelRequest],
    *,
    font_size: float,
    bounds: Box,
    obstacles: Iterable[Box] = (),
    soft_obstacles: Iterable[Box] = (),
    gap: float = 3.0,
) -> list[LabelPlacement]:
    """Place one label beside each point so that no two labels overlap.

    Greedy with collision avoidance: the most crowded points choose first; each tries
    the eight places around its marker, then the same eight further out (drawn with a
    leader line), and takes the first place that overlaps no label already placed, no
    marker and no obstacle, and stays inside ``bounds``; among those, it avoids
    ``soft_obstacles`` (such as lines) if it can. If every place collides (only when
    points are packed far more densely than the Grid's), it takes the least bad one.
    Returns the placements in the order of ``requests``.
    """
    height = font_size * 1.15
    markers = [Box(r.x - r.radius, r.y - r.radius, 2 * r.radius, 2 * r.radius) for r in requests]
    fixed = [*markers, *obstacles]
    soft = list(soft_obstacles)

    def crowding(index: int) -> int:
        here = requests[index]
        return sum(
            1
            for other in requests
            if other is not here
            and math.hypot(other.x - here.x, other.y - here.y) < 4 * (here.radius + font_size)
        )

    order = sorted(range(len(requests)), key=lambda i: (-crowding(i), i))
    placed: dict[int, LabelPlacement] = {}
    for index in order:
        request = requests[index]
        width = text_width(request.text, font_size, request.bold) + 4
        best: tuple[float, LabelPlacement] | None = None
        for ring in range(RINGS):
            distance = request.radius + gap + ring * (font_size * 1.2)
            for name, dx, dy in _DIRECTIONS:
                centre_x = request.x + dx * (distance + width / 2)
                centre_y = request.y + dy * (distance + height / 2)
                if dx and dy:  # diagonal: pull in a little, towards the corner of the marker
                    centre_x -= dx * request.radius * 0.3
                    centre_y -= dy * request.radius * 0.3
                box = Box(centre_x - width / 2, centre_y - height / 2, width, height)
                cost = 1000 * bounds.area_outside(box)
                cost += 100 * sum(box.overlap_area(p.box) for p in placed.values())
                cost += 10 * sum(box.overlap_area(f) for f in fixed)
                cost += ring * 0.5  # prefer near places among equally bad ones
                cost += 0.01 * sum(box.overlap_area(f) for f in soft)
                leader = None
                if ring:
                    leader = Line(request.x, request.y, *_nearest_point(box, request.x, request.y))
                placement = LabelPlacement(
                    key=request.key,
                    text=request.text,
                    box=box,
                    text_x=centre_x,
                    text_y=centre_y + font_size * 0.36,
                    direction=name,
                    leader=leader,
                    bold=request.bold,
                )
                if best is None or cost < best[0]:
                    best = (cost, placement)
            if best is not None and best[0] < ring * 0.5 + 1:
                break
        assert best is not None
        placed[index] = best[1]
    return [placed[i] for i in range(len(requests))]


def _nearest_point(box: Box, x: float, y: float) -> tuple[float, float]:
    return (min(max(x, box.x), box.right), min(max(y, box.y), box.bottom))
