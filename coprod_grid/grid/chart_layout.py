"""A Grid chart laid out: how each point is drawn (its ``Mark``), the key, and where the
point labels go, held in the ``Chart`` that the SVG and the plotly figure both draw.

Both drawings take every colour and marker from the ``Mark`` computed here and every
coordinate from ``geometry``, so the two cannot disagree: dark outlines for filled
points, a dark edge around the coloured ring of outlined points, a mid grey for faint
ones. The panel's marks (``Chart.panel``) are sized in ``panel_layout``; here they get
their key entries and the median its label.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.safestring import SafeString

from .colours import FAINT_OUTLINE, NEUTRAL, OUTLINE, SECONDARY_TEXT, TEXT, WHITE, tint
from .geometry import GridGeometry
from .label_placer import LabelPlacement, LabelRequest
from .panel_layout import (
    GAP_LABEL,
    PANEL_MEMBERS_LABEL,
    median_square,
    member_positions,
    member_square,
)
from .plotly_js import PLOTLY_JS_PATH
from .points import GridPoint, PanelMarker, PeerCloud, PositionMarker, TrendMarker
from .shapes import Box
from .symbols import CIRCLE, extent, symbol_for
from .trend_layout import dot_radius

STYLE_LABELS: dict[str, str] = {
    "routine": "Done routinely (filled)",
    "occasional": "Done occasionally (outlined)",
    "faint": "Not done (faint)",
}
FRONTIER_LABEL = "Three strongest practices (ringed)"


@dataclass(frozen=True)
class Circle:
    r: float
    fill: str
    stroke: str = ""
    stroke_width: float = 0.0

    @property
    def outer_radius(self) -> float:
        return self.r + self.stroke_width / 2


@dataclass(frozen=True)
class Mark:
    """How one point is drawn, in SVG units; plotly draws the same circles.

    ``circles`` are drawn in order: the first is the outermost and gives the outline
    (its stroke if it has one, otherwise its fill); the last is the visible marker.
    """

    point: GridPoint
    cx: float
    cy: float
    circles: tuple[Circle, ...]
    frontier_ring: Circle | None
    label_colour: str
    symbol: str = CIRCLE  # each circle is drawn in this shape (``symbols``)

    @property
    def radius(self) -> float:
        """The radius that other labels must keep clear of."""
        outer = max(extent(self.symbol, c.outer_radius) for c in self.circles)
        if self.frontier_ring:
            outer = max(outer, self.frontier_ring.outer_radius)
        return outer

    @property
    def outline_colour(self) -> str:
        first = self.circles[0]
        return first.stroke if first.stroke_width else first.fill


def mark_for(point: GridPoint, geometry: GridGeometry) -> Mark:
    r = geometry.marker_radius
    if point.style in ("catalogue", "routine"):
        circles: tuple[Circle, ...] = (Circle(r, point.colour, OUTLINE, 1.5),)
    elif point.style == "occasional":
        # A ring of the category colour with a white middle, inside a thin dark edge: the
        # ring says which category, the edge gives contrast for light colours (yellow).
        ring = 3.0 if geometry.name == "full" else 2.0
        circles = (Circle(r + 1, OUTLINE), Circle(r - ring / 2, WHITE, point.colour, ring))
    else:  # faint
        circles = (Circle(r * 0.8, tint(point.colour, 0.35), FAINT_OUTLINE, 1.0),)
    ring = None
    if point.frontier:
        ring = Circle(r + (4.5 if geometry.name == "full" else 3), "none", OUTLINE, 2.0)
    cx, cy = geometry.to_svg(point.x, point.y)
    colour = SECONDARY_TEXT if point.style == "faint" else TEXT
    symbol = symbol_for(point.colour, point.category_slug)
    if ring is not None:
        # The ring is a circle: it must clear the shape's points, not only its middle.
        ring = replace(ring, r=max(ring.r, extent(symbol, circles[0].outer_radius) + 2.5))
    return Mark(point, cx, cy, circles, ring, colour, symbol)


# --- the chart ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyItem:
    # "category", "style", "frontier", "position", or the panel's: "panel" (the median),
    # "panel-members" and "gap" (the line between the two views)
    kind: str
    label: str
    swatch: Mark | None = None  # drawn at the key's place; None for the kinds not a point


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    size: str
    geometry: GridGeometry
    points: list[GridPoint]
    position: PositionMarker | None
    marks: list[Mark]
    key: list[KeyItem]
    labels: dict[str, LabelPlacement]
    panel: PanelMarker | None = None
    trend: TrendMarker | None = None
    peers: PeerCloud | None = None
    svg_context: dict[str, Any] = field(default_factory=dict)
    plotly: dict[str, Any] = field(default_factory=dict)
    svg_html: SafeString = field(default_factory=SafeString)
    html: SafeString = field(default_factory=SafeString)
    narrow: Chart | None = None  # a full chart's redrawing for narrow screens

    @property
    def interactive(self) -> bool:
        """Whether pages enhance the chart with plotly: a full chart, where hovering and
        toggling categories add something; a small one is a glance, an SVG alone."""
        return self.size == "full"

    @property
    def plotly_json(self) -> str:
        return json.dumps(self.plotly)

    @property
    def data_id(self) -> str:
        return f"grid-chart-data-{self.chart_id}"

    @property
    def plotly_js_path(self) -> str:
        """plotly.js's path under STATIC_URL: ``{% static chart.plotly_js_path %}``."""
        return PLOTLY_JS_PATH


def build_key(
    points: Sequence[GridPoint],
    position: PositionMarker | None,
    geometry: GridGeometry,
    style_labels: Mapping[str, str],
    panel: PanelMarker | None = None,
    trend: TrendMarker | None = None,
    peers: PeerCloud | None = None,
) -> list[KeyItem]:
    items: list[KeyItem] = []
    seen: set[str] = set()
    # In number order, which is the catalogue's: categories in the catalogue's order.
    for point in sorted(points, key=lambda p: p.number):
        if point.category_slug not in seen:
            seen.add(point.category_slug)
            swatch = replace(point, style="catalogue", frontier=False)
            items.append(KeyItem("category", point.category_name, mark_for(swatch, geometry)))
    present = {p.style for p in points}
    sample = GridPoint("key", 0, "", "", "", NEUTRAL, 0, 0)
    for style in ("routine", "occasional", "faint"):
        if style in present:
            mark = mark_for(replace(sample, style=style), geometry)
            items.append(KeyItem("style", style_labels[style], mark))
    if any(p.frontier for p in points):
        mark = mark_for(replace(sample, style="routine", frontier=True), geometry)
        items.append(KeyItem("frontier", FRONTIER_LABEL, mark))
    if position is not None:
        items.append(KeyItem("position", position.label))
    if panel is not None:
        items.append(KeyItem("panel", panel.label))
        if panel.members:
            items.append(KeyItem("panel-members", PANEL_MEMBERS_LABEL))
        if position is not None:
            items.append(KeyItem("gap", GAP_LABEL))
    if trend is not None and trend.steps:
        items.append(KeyItem("trend", trend.label))
    if peers is not None and peers.cells:
        items.append(KeyItem("peers", peers.label))
    return items


def position_size(geometry: GridGeometry) -> float:
    """Half the diagonal of the position diamond."""
    return geometry.marker_radius * 1.4 + 1


#: The label placer's key for the panel median's label (activities are keyed by slug).
PANEL_LABEL_KEY = "panel"


def trend_label_key(index: int) -> str:
    """The label placer's key for the period label of the ``index``th earlier year."""
    return f"trend-{index}"


def place_point_labels(
    marks: Sequence[Mark],
    position: PositionMarker | None,
    geometry: GridGeometry,
    panel: PanelMarker | None = None,
    trend: TrendMarker | None = None,
) -> dict[str, LabelPlacement]:
    """Labels for the points, the position, the panel's median and each earlier year,
    clear of each other and of every marker. Panel members get no label: they are
    unnamed on purpose."""
    requests = [
        LabelRequest(m.point.slug, m.cx, m.cy, m.point.label, m.radius)
        for m in sorted(marks, key=lambda m: m.point.number)
    ]
    if position is not None:
        px, py = geometry.to_svg(position.x, position.y)
        requests.append(
            LabelRequest("position", px, py, position.label, position_size(geometry), True)
        )
    obstacles: list[Box] = []
    if panel is not None:
        square = median_square(geometry, *geometry.to_svg(panel.x, panel.y))
        requests.append(
            LabelRequest(
                PANEL_LABEL_KEY, square.cx, square.cy, panel.label, square.outer_half, True
            )
        )
        for mx, my in member_positions(panel):
            member = member_square(geometry, *geometry.to_svg(mx, my))
            side = 2 * member.outer_half
            obstacles.append(
                Box(member.cx - member.outer_half, member.cy - member.outer_half, side, side)
            )
    if trend is not None:
        radius = dot_radius(geometry)
        for index, step in enumerate(trend.steps):
            cx, cy = geometry.to_svg(step.x, step.y)
            requests.append(LabelRequest(trend_label_key(index), cx, cy, step.period, radius))
    return {p.key: p for p in geometry.place_labels(requests, obstacles)}
