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

The Grid's own terms (the axes' names, the quadrants, the boundary at 0.5) are in
``grid_terms``; the boxes, lines and text handed out are the dataclasses of ``shapes``;
point labels are placed by ``label_placer``, which this module feeds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .grid_terms import (
    BOUNDARY,
    QUADRANTS,
    TICKS,
    X_AXIS_TITLE,
    X_HIGH_LABEL,
    X_LOW_LABEL,
    Y_AXIS_TITLE,
    Y_HIGH_LABEL,
    Y_LOW_LABEL,
)
from .label_placer import LabelPlacement, LabelRequest, place_labels, text_width, wrap_to_width
from .shapes import AxisLabel, Box, Line, QuadrantArea, TextLabel, Tick


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
    key_left: float | None = None  # where the key starts, if not under the frame's left edge

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
            lines = wrap_to_width(name, self.font_size, (right - left) * 0.8)
            # Lines 1.2 font sizes apart, centred on the band's middle.
            baseline = label_mid + self.font_size * (0.36 - (len(lines) - 1) * 0.6)
            multi = lines if len(lines) > 1 else ()
            label = TextLabel(name, label_x, baseline, "middle", self.font_size, True, lines=multi)
            (x0, y1), (x1, y0) = self.from_svg(left, top), self.from_svg(right, bottom)
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
            lines = label.lines or (label.text,)
            width = max(text_width(line, label.size, bold=True) for line in lines)
            height = len(lines) * label.line_height
            mid_x, mid_y = self.to_svg(*area.label_position)
            boxes.append(Box(mid_x - width / 2, mid_y - height / 2, width, height))
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
        left = frame.x if self.key_left is None else self.key_left
        column_width = (frame.right - left) / self.key_columns
        return [
            (
                left + (i % self.key_columns) * column_width + self.marker_radius + 2,
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

#: The full chart redrawn for a phone, so that its text stays legible: the key in one
#: column, quadrant names on two lines, no axis titles (the ends and the text say them).
NARROW = GridGeometry(
    name="narrow",
    width=300,
    margin_left=52,
    margin_top=6,
    margin_right=8,
    frame_height=330,
    pad_x=12,
    band=36,
    font_size=13,
    tick_font_size=11,
    label_font_size=12,
    marker_radius=6,
    tick_labels=True,
    axis_titles=False,
    tick_offset=15,
    axis_offset=38,
    key_columns=1,
    key_row_height=22,
    key_gap=10,
    bottom_pad=6,
    key_left=6,
)

SIZES = {"full": FULL, "small": SMALL, "narrow": NARROW}


def geometry_for(size: str) -> GridGeometry:
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"Unknown chart size {size!r}: use one of {sorted(SIZES)}") from None
