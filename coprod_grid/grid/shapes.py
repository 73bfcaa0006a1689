"""The shapes the Grid's geometry hands out, in SVG user units (origin top left, ``y``
growing downwards): boxes, lines and placed text, and the quadrant areas, ticks and axis
labels built from them. Plain frozen dataclasses with no layout of their own, so that the
label placer and the geometry can share them. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in SVG units (``y`` downwards)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)

    def overlap_area(self, other: Box) -> float:
        dx = min(self.right, other.right) - max(self.x, other.x)
        dy = min(self.bottom, other.bottom) - max(self.y, other.y)
        return dx * dy if dx > 0 and dy > 0 else 0.0

    def overlaps(self, other: Box) -> bool:
        return self.overlap_area(other) > 0

    def contains(self, other: Box) -> bool:
        return (
            other.x >= self.x
            and other.y >= self.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )

    def area_outside(self, other: Box) -> float:
        """How much of ``other`` lies outside this box."""
        return other.width * other.height - self.overlap_area(other)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class TextLabel:
    """A piece of text placed in SVG units.

    ``x, y`` is the anchor point on the baseline; ``anchor`` is SVG's text-anchor;
    ``rotate`` is in degrees about the anchor point (-90 reads bottom to top). ``lines``
    is the text broken to fit (``x, y`` then the first line's baseline); empty for text
    on one line.
    """

    text: str
    x: float
    y: float
    anchor: str = "middle"
    size: float = 13
    bold: bool = False
    rotate: float = 0
    lines: tuple[str, ...] = ()

    @property
    def line_height(self) -> float:
        return self.size * 1.2


@dataclass(frozen=True)
class QuadrantArea:
    slug: str
    name: str
    active: bool
    embedded: bool
    box: Box  # SVG units
    x_range: tuple[float, float]  # Grid units, for plotly shapes
    y_range: tuple[float, float]
    label: TextLabel  # SVG units
    label_position: tuple[float, float]  # Grid units, the middle of the label


@dataclass(frozen=True)
class Tick:
    value: float
    text: str
    svg: float  # the SVG x (x-axis ticks) or y (y-axis ticks) of the tick


@dataclass(frozen=True)
class AxisLabel:
    """An axis title or end label, for the SVG and, via ``offset``, for plotly.

    ``position`` is in Grid units along its axis (the frame's edge for end labels);
    ``offset`` is the distance in SVG units (≈ pixels in plotly) from the frame's edge.
    """

    role: str  # "low", "title" or "high"
    text: str
    position: float
    offset: float
    anchor: str  # "start", "middle" or "end" along the reading direction
    svg: TextLabel
