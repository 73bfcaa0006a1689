"""The geometry of the Co-production Grid chart: the one source of truth for its layout.

The server-rendered SVG (web page and PDF) and the interactive plotly figure both take
every coordinate, range, rectangle and label position from here, so they cannot drift
apart. Pure Python, no Django.

Two coordinate systems:

- **Grid positions** ``(x, y)`` in [0, 1]: ``x`` is activeness (0 passive, on the left,
  to 1 active, on the right); ``y`` is embeddedness (0 isolated episodes, at the bottom,
  to 1 normal practice, at the top). The boundaries between the halves are at 0.5.
- **SVG user units**: origin top left, ``y`` growing downwards.

Layout, from the outside in: the *frame* is the bordered box that the four quadrant
rectangles tile. Inside it, the *plot* box is where Grid positions [0, 1] × [0, 1] land.
Between the two are padding bands: at the left and right, so that a point at 0 or 1 is
not cut by the frame; at the top and bottom, tall enough to hold the quadrant names, so
that no point (all of which lie in [0, 1]) can ever cover a quadrant's name. Below the
frame sit the tick labels and the axis labels; to its left the same, turned; below those
the key.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BOUNDARY = 0.5
TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)

# The axes, in the Grid's terms (catalogue.yaml ``axes``).
X_AXIS_TITLE = "Activeness"
X_LOW_LABEL = "Passive"
X_HIGH_LABEL = "Active"
Y_AXIS_TITLE = "Embeddedness"
Y_LOW_LABEL = "Isolated episodes"
Y_HIGH_LABEL = "Normal practice"
X_AXIS_MEANING = (
    "Whether experts-by-experience are fully engaged in commissioning decisions (active) "
    "or are a source of information and feedback for decisions others make (passive)."
)
Y_AXIS_MEANING = (
    "Whether involvement is central to every element of the commissioning cycle "
    "(embedded, normal practice) or happens in one-off, isolated episodes."
)

# (slug, name, active, embedded): the four quadrants as the Grid names them.
QUADRANTS = (
    ("passive-embedded", "Passive and embedded", False, True),
    ("active-embedded", "Active and embedded", True, True),
    ("passive-isolated", "Passive and isolated", False, False),
    ("active-isolated", "Active and isolated", True, False),
)


def quadrant_slug_at(x: float, y: float) -> str:
    """The quadrant a Grid position falls in: on the boundary counts as active/embedded.

    Values are compared rounded to 4 decimal places, as the scoring rules do, so that
    0.49999999 from arithmetic does not fall on the wrong side of 0.5.
    """
    active = round(float(x), 4) >= BOUNDARY
    embedded = round(float(y), 4) >= BOUNDARY
    return f"{'active' if active else 'passive'}-{'embedded' if embedded else 'isolated'}"


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
    ``rotate`` is in degrees about the anchor point (-90 reads bottom to top).
    """

    text: str
    x: float
    y: float
    anchor: str = "middle"
    size: float = 13
    bold: bool = False
    rotate: float = 0


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
    gap: float = 2.0,
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
        for ring in range(4):
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


@dataclass(frozen=True)
class GridGeometry:
    """The layout of one size of Grid chart, in SVG user units.

    At full size one unit is about one CSS pixel at 720 pixels wide, and plotly's pixel
    offsets use the same numbers.
    """

    name: str
    width: float
    margin_left: float
    margin_top: float
    margin_right: float
    frame_height: float
    pad_x: float  # frame edge to Grid 0 / 1, left and right
    band: float  # frame edge to Grid 0 / 1, top and bottom: holds the quadrant names
    font_size: float  # axis and quadrant labels
    tick_font_size: float
    label_font_size: float  # point labels
    marker_radius: float
    tick_labels: bool
    axis_titles: bool  # "Activeness", "Embeddedness": the small chart has room for ends only
    tick_offset: float  # frame edge to the tick labels' baseline (or middle, for y)
    axis_offset: float  # frame edge to the axis labels' baseline
    key_columns: int
    key_row_height: float
    key_gap: float  # axis labels to the key
    bottom_pad: float

    # --- boxes -------------------------------------------------------------------------

    @property
    def frame(self) -> Box:
        return Box(
            self.margin_left,
            self.margin_top,
            self.width - self.margin_left - self.margin_right,
            self.frame_height,
        )

    @property
    def plot(self) -> Box:
        """Where Grid positions [0, 1] × [0, 1] land."""
        frame = self.frame
        return Box(
            frame.x + self.pad_x,
            frame.y + self.band,
            frame.width - 2 * self.pad_x,
            frame.height - 2 * self.band,
        )

    # --- mapping -----------------------------------------------------------------------

    def to_svg(self, x: float, y: float) -> tuple[float, float]:
        plot = self.plot
        return (plot.x + float(x) * plot.width, plot.bottom - float(y) * plot.height)

    def from_svg(self, sx: float, sy: float) -> tuple[float, float]:
        plot = self.plot
        return ((sx - plot.x) / plot.width, (plot.bottom - sy) / plot.height)

    @property
    def x_range(self) -> tuple[float, float]:
        """The frame's left and right edges in Grid units: plotly's x-axis range."""
        frame = self.frame
        return (self.from_svg(frame.x, 0)[0], self.from_svg(frame.right, 0)[0])

    @property
    def y_range(self) -> tuple[float, float]:
        """The frame's bottom and top edges in Grid units: plotly's y-axis range."""
        frame = self.frame
        return (self.from_svg(0, frame.bottom)[1], self.from_svg(0, frame.y)[1])

    # --- the Grid's furniture ----------------------------------------------------------

    def boundary_lines(self) -> tuple[Line, Line]:
        """The vertical line at activeness 0.5 and the horizontal one at embeddedness 0.5."""
        frame = self.frame
        bx, by = self.to_svg(BOUNDARY, BOUNDARY)
        return (Line(bx, frame.y, bx, frame.bottom), Line(frame.x, by, frame.right, by))

    def grid_lines(self) -> list[Line]:
        """Faint lines at the ticks other than the frame and the boundaries."""
        frame = self.frame
        lines = []
        for value in TICKS:
            if value in (0.0, BOUNDARY, 1.0):
                continue
            sx, sy = self.to_svg(value, value)
            lines.append(Line(sx, frame.y, sx, frame.bottom))
            lines.append(Line(frame.x, sy, frame.right, sy))
        return lines

    def quadrants(self) -> list[QuadrantArea]:
        frame = self.frame
        bx, by = self.to_svg(BOUNDARY, BOUNDARY)
        areas = []
        for slug, name, active, embedded in QUADRANTS:
            left, right = (bx, frame.right) if active else (frame.x, bx)
            top, bottom = (frame.y, by) if embedded else (by, frame.bottom)
            box = Box(left, top, right - left, bottom - top)
            label_x = (left + right) / 2
            # The middle of the band at the quadrant's outer edge.
            label_mid = frame.y + self.band / 2 if embedded else frame.bottom - self.band / 2
            label = TextLabel(
                name,
                label_x,
                label_mid + self.font_size * 0.36,
                anchor="middle",
                size=self.font_size,
                bold=True,
            )
            x0, y1 = self.from_svg(left, top)
            x1, y0 = self.from_svg(right, bottom)
            areas.append(
                QuadrantArea(
                    slug=slug,
                    name=name,
                    active=active,
                    embedded=embedded,
                    box=box,
                    x_range=(x0, x1),
                    y_range=(y0, y1),
                    label=label,
                    label_position=self.from_svg(label_x, label_mid),
                )
            )
        return areas

    def quadrant_label_boxes(self) -> list[Box]:
        boxes = []
        for area in self.quadrants():
            label = area.label
            width = text_width(label.text, label.size, bold=True)
            height = label.size * 1.2
            boxes.append(
                Box(label.x - width / 2, label.y - label.size * 0.36 - height / 2, width, height)
            )
        return boxes

    def x_ticks(self) -> list[Tick]:
        return [Tick(v, f"{round(v * 100)}", self.to_svg(v, 0)[0]) for v in TICKS]

    def y_ticks(self) -> list[Tick]:
        return [Tick(v, f"{round(v * 100)}", self.to_svg(0, v)[1]) for v in TICKS]

    def x_axis_labels(self) -> list[AxisLabel]:
        labels = self._x_axis_labels()
        return labels if self.axis_titles else [a for a in labels if a.role != "title"]

    def y_axis_labels(self) -> list[AxisLabel]:
        """Turned to read bottom to top, to the left of the tick labels."""
        labels = self._y_axis_labels()
        return labels if self.axis_titles else [a for a in labels if a.role != "title"]

    def _x_axis_labels(self) -> list[AxisLabel]:
        frame = self.frame
        baseline = frame.bottom + self.axis_offset
        x_low, x_high = self.x_range
        size = self.font_size
        return [
            AxisLabel(
                "low",
                f"← {X_LOW_LABEL}",
                x_low,
                self.axis_offset,
                "start",
                TextLabel(f"← {X_LOW_LABEL}", frame.x, baseline, "start", size),
            ),
            AxisLabel(
                "title",
                X_AXIS_TITLE,
                BOUNDARY,
                self.axis_offset,
                "middle",
                TextLabel(
                    X_AXIS_TITLE, self.to_svg(BOUNDARY, 0)[0], baseline, "middle", size, True
                ),
            ),
            AxisLabel(
                "high",
                f"{X_HIGH_LABEL} →",
                x_high,
                self.axis_offset,
                "end",
                TextLabel(f"{X_HIGH_LABEL} →", frame.right, baseline, "end", size),
            ),
        ]

    def _y_axis_labels(self) -> list[AxisLabel]:
        frame = self.frame
        # Turned text sits to the left of its baseline: keep it clear of the tick labels.
        baseline_x = frame.x - self.axis_offset + 0.6 * self.font_size
        y_low, y_high = self.y_range
        size = self.font_size
        mid = self.to_svg(0, BOUNDARY)[1]
        return [
            AxisLabel(
                "low",
                f"← {Y_LOW_LABEL}",
                y_low,
                self.axis_offset,
                "start",
                TextLabel(f"← {Y_LOW_LABEL}", baseline_x, frame.bottom, "start", size, rotate=-90),
            ),
            AxisLabel(
                "title",
                Y_AXIS_TITLE,
                BOUNDARY,
                self.axis_offset,
                "middle",
                TextLabel(Y_AXIS_TITLE, baseline_x, mid, "middle", size, True, rotate=-90),
            ),
            AxisLabel(
                "high",
                f"{Y_HIGH_LABEL} →",
                y_high,
                self.axis_offset,
                "end",
                TextLabel(f"{Y_HIGH_LABEL} →", baseline_x, frame.y, "end", size, rotate=-90),
            ),
        ]

    # --- the key and the overall height ------------------------------------------------

    @property
    def key_top(self) -> float:
        return self.frame.bottom + self.axis_offset + self.key_gap

    def key_rows(self, items: int) -> int:
        return math.ceil(items / self.key_columns) if items else 0

    def key_positions(self, items: int) -> list[tuple[float, float]]:
        """The middle of each key item's swatch, filling rows left to right."""
        frame = self.frame
        column_width = frame.width / self.key_columns
        return [
            (
                frame.x + (i % self.key_columns) * column_width + self.marker_radius + 2,
                self.key_top + (i // self.key_columns + 0.5) * self.key_row_height,
            )
            for i in range(items)
        ]

    def height(self, key_items: int = 0) -> float:
        if key_items:
            return self.key_top + self.key_rows(key_items) * self.key_row_height + self.bottom_pad
        return self.frame.bottom + self.axis_offset + self.bottom_pad

    # --- point labels ------------------------------------------------------------------

    def place_labels(
        self, requests: Sequence[LabelRequest], obstacles: Iterable[Box] = ()
    ) -> list[LabelPlacement]:
        """Place point labels inside the frame, clear of each other, of every marker in
        ``requests`` and of the quadrant names, and off the boundary lines if possible."""
        return place_labels(
            requests,
            font_size=self.label_font_size,
            bounds=self.frame,
            obstacles=[*self.quadrant_label_boxes(), *obstacles],
            soft_obstacles=[
                Box(
                    min(line.x1, line.x2) - 1,
                    min(line.y1, line.y2) - 1,
                    abs(line.x2 - line.x1) + 2,
                    abs(line.y2 - line.y1) + 2,
                )
                for line in self.boundary_lines()
            ],
        )


FULL = GridGeometry(
    name="full",
    width=720,
    margin_left=76,
    margin_top=12,
    margin_right=16,
    frame_height=560,
    pad_x=18,
    band=34,
    font_size=14,
    tick_font_size=12,
    label_font_size=12,
    marker_radius=7,
    tick_labels=True,
    axis_titles=True,
    tick_offset=17,
    axis_offset=40,
    key_columns=2,
    key_row_height=24,
    key_gap=16,
    bottom_pad=8,
)

SMALL = GridGeometry(
    name="small",
    width=320,
    margin_left=24,
    margin_top=6,
    margin_right=6,
    frame_height=250,
    pad_x=8,
    band=22,
    font_size=10,
    tick_font_size=9,
    label_font_size=9,
    marker_radius=4,
    tick_labels=False,
    axis_titles=False,
    tick_offset=0,
    axis_offset=14,
    key_columns=1,
    key_row_height=15,
    key_gap=8,
    bottom_pad=4,
)

SIZES = {"full": FULL, "small": SMALL}


def geometry_for(size: str) -> GridGeometry:
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"Unknown chart size {size!r}: use one of {sorted(SIZES)}") from None
