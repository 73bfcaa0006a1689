"""The Co-production Grid chart: one description, drawn twice.

``build_chart`` turns plain inputs (``GridPoint``s and an optional ``PositionMarker``)
into a ``Chart`` holding

- ``svg_context``: everything ``templates/coprod_grid/_grid_svg.html`` needs to draw a
  static, printable inline SVG (the web page without JavaScript, and the PDF report), and
- ``plotly``: the interactive plotly figure as a plain dict (``data``, ``layout``,
  ``config``), which ``static/js/grid-chart.js`` draws when plotly.js has loaded, and
- ``svg_html`` and ``html``: those templates already rendered (the SVG alone for the
  PDF; the SVG with the plotly data for web pages). A chart is cached whole, so a page
  showing it pastes a string instead of running a template over hundreds of elements.

Both take every coordinate from ``coprod_grid.grid.geometry`` and every colour and marker
from the ``Mark`` computed here, so the two cannot disagree.

Every point has an outline with at least 3:1 contrast against white (WCAG 1.4.11),
whatever its category colour: dark for filled points, a dark edge around the coloured
ring of outlined points, a mid grey for faint ones.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import plotly.graph_objects as go
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from coprod_grid.caching import cached_by_content

from . import geometry as g
from .plotly_js import PLOTLY_JS_PATH

SVG_TEMPLATE = "coprod_grid/_grid_svg.html"
CHART_TEMPLATE = "coprod_grid/_grid_chart.html"

Style = Literal["catalogue", "faint", "routine", "occasional"]
Size = Literal["full", "small"]

STYLES: tuple[str, ...] = ("catalogue", "faint", "routine", "occasional")

WHITE = "#ffffff"
OUTLINE = "#212b32"  # NHS.UK text colour: 14.7:1 against white
FAINT_OUTLINE = "#768692"  # NHS.UK mid grey: 3.7:1 against white
TEXT = "#212b32"
SECONDARY_TEXT = "#4c6272"  # NHS.UK secondary text: 6.4:1 against white
FRAME = "#4c6272"
GRID_LINE = "#d8dde0"
NEUTRAL = "#aeb7bd"  # the key's swatches for styles, which are not a category
FONT_FAMILY = "Arial, 'Liberation Sans', sans-serif"

STYLE_LABELS: dict[str, str] = {
    "routine": "Done routinely (filled)",
    "occasional": "Done occasionally (outlined)",
    "faint": "Not done (faint)",
}
FRONTIER_LABEL = "Three strongest practices (ringed)"
STYLE_HOVER = {
    "routine": "Done routinely",
    "occasional": "Done occasionally",
    "faint": "Not done",
    "catalogue": "",
}
QUADRANT_NAMES = {slug: name for slug, name, _, _ in g.QUADRANTS}

# Where plotly puts a trace's text, for each of the label placer's directions.
_PLOTLY_TEXT_POSITIONS = {
    "right": "middle right",
    "left": "middle left",
    "top": "top center",
    "bottom": "bottom center",
    "top-right": "top right",
    "bottom-right": "bottom right",
    "top-left": "top left",
    "bottom-left": "bottom left",
}


# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GridPoint:
    """One activity on the Grid.

    ``x`` is activeness and ``y`` embeddedness, both in [0, 1]. ``number`` is the label
    drawn beside the point and should match the row of the table shown with the chart.
    """

    slug: str
    number: int
    name: str
    category_slug: str
    category_name: str
    colour: str  # "#RRGGBB", the category's colour
    x: float
    y: float
    style: Style = "catalogue"
    frontier: bool = False
    href: str = ""

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"Unknown point style {self.style!r}: use one of {STYLES}")

    @property
    def label(self) -> str:
        return str(self.number)

    @property
    def quadrant_slug(self) -> str:
        return g.quadrant_slug_at(self.x, self.y)


@dataclass(frozen=True)
class PositionMarker:
    """The organisation's position, drawn as a dark diamond."""

    x: float
    y: float
    label: str = "Your position"


def point_from_activity(
    activity: Any,
    number: int,
    *,
    style: Style = "catalogue",
    x: float | None = None,
    y: float | None = None,
    frontier: bool = False,
    href: str = "",
) -> GridPoint:
    """A point for a catalogue ``Activity`` (with its ``category`` loaded), at its
    catalogue position unless ``x``/``y`` say otherwise (an organisation's practice)."""
    category = activity.category
    return GridPoint(
        slug=activity.slug,
        number=number,
        name=activity.name,
        category_slug=category.slug,
        category_name=category.name,
        colour=category.colour,
        x=float(activity.activeness if x is None else x),
        y=float(activity.embeddedness if y is None else y),
        style=style,
        frontier=frontier,
        href=href,
    )


def catalogue_points(activities: Iterable[Any], *, style: Style = "catalogue") -> list[GridPoint]:
    """The public Grid: each activity at its catalogue place, numbered from 1 in order."""
    return [point_from_activity(a, n, style=style) for n, a in enumerate(activities, start=1)]


def highlight_category(points: Iterable[GridPoint], category_slug: str) -> list[GridPoint]:
    """Keep one category's points as they are and make the others faint."""
    return [p if p.category_slug == category_slug else replace(p, style="faint") for p in points]


# --- colour ---------------------------------------------------------------------------


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a "#RRGGBB" colour."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, gr, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * gr + 0.0722 * b


def contrast_ratio(first: str, second: str = WHITE) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` 1 is the colour, 0 is white."""
    return "#" + "".join(f"{round(255 - (255 - c) * amount):02x}" for c in _rgb(colour))


def percent(value: float) -> int:
    """A position in [0, 1] as a whole number from 0 to 100, rounding half up."""
    return int((Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- how each point is drawn ----------------------------------------------------------


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

    @property
    def radius(self) -> float:
        """The radius that other labels must keep clear of."""
        outer = max(c.outer_radius for c in self.circles)
        if self.frontier_ring:
            outer = max(outer, self.frontier_ring.outer_radius)
        return outer

    @property
    def outline_colour(self) -> str:
        first = self.circles[0]
        return first.stroke if first.stroke_width else first.fill


def mark_for(point: GridPoint, geometry: g.GridGeometry) -> Mark:
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
    return Mark(point, cx, cy, circles, ring, colour)


# --- the chart ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyItem:
    kind: str  # "category", "style", "frontier" or "position"
    label: str
    swatch: Mark | None = None  # drawn at the key's place; None for the position diamond


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    size: str
    geometry: g.GridGeometry
    points: list[GridPoint]
    position: PositionMarker | None
    marks: list[Mark]
    key: list[KeyItem]
    labels: dict[str, g.LabelPlacement]
    svg_context: dict[str, Any] = field(default_factory=dict)
    plotly: dict[str, Any] = field(default_factory=dict)
    svg_html: SafeString = field(default_factory=SafeString)
    html: SafeString = field(default_factory=SafeString)

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


def build_chart(
    points: Sequence[GridPoint],
    *,
    position: PositionMarker | None = None,
    size: Size = "full",
    title: str = "The Co-production Grid",
    description: str | None = None,
    chart_id: str = "grid",
    labels: bool | None = None,
    key: bool | None = None,
    style_labels: Mapping[str, str] | None = None,
) -> Chart:
    """Lay out and describe a Grid chart.

    ``labels`` (point numbers) and ``key`` default to on at full size and off at small
    size. ``style_labels`` overrides what the key calls each point style (for example
    ``{"faint": "Other categories"}``). ``description`` is the SVG's text alternative;
    by default it is written from the points.
    """
    geometry = g.geometry_for(size)
    show_labels = (size == "full") if labels is None else labels
    show_key = (size == "full") if key is None else key
    # Faint points first, so that practised ones are drawn over them.
    marks = sorted((mark_for(p, geometry) for p in points), key=lambda m: m.point.style != "faint")
    key_items = _key_items(points, position, geometry, {**STYLE_LABELS, **(style_labels or {})})
    placements = _place_labels(marks, position, geometry) if show_labels else {}
    chart = Chart(
        chart_id=chart_id,
        title=title,
        description=description if description is not None else describe(points, position),
        size=size,
        geometry=geometry,
        points=list(points),
        position=position,
        marks=marks,
        key=key_items if show_key else [],
        labels=placements,
    )
    chart.svg_context = _svg_context(chart)
    chart.plotly = _plotly_figure(chart)
    chart.svg_html = render_to_string(SVG_TEMPLATE, {"svg": chart.svg_context})
    chart.html = render_to_string(CHART_TEMPLATE, {"chart": chart})
    return chart


#: ``build_chart`` cached by its arguments (coprod_grid/caching.py), for pages whose
#: chart is the costly part and is not inside a cache of its own: the same points and
#: options always make the same chart, and laying one out costs several milliseconds.
cached_chart = cached_by_content("chart")(build_chart)


def describe(points: Sequence[GridPoint], position: PositionMarker | None = None) -> str:
    """A text alternative for the chart, written from its points."""
    counts = {slug: 0 for slug, *_ in g.QUADRANTS}
    for point in points:
        if point.style != "faint":
            counts[point.quadrant_slug] += 1
    plotted = sum(counts.values())
    parts = [
        "The Co-production Grid. Across, activeness: from passive on the left to active on "
        "the right. Up, embeddedness: from isolated episodes at the bottom to normal "
        "practice at the top. Lines at the middle of each axis divide it into four "
        "quadrants.",
        f"{plotted} {'activity is' if plotted == 1 else 'activities are'} plotted as "
        "numbered points coloured by category: "
        + "; ".join(f"{counts[slug]} in {name.lower()}" for slug, name, *_ in g.QUADRANTS)
        + ".",
    ]
    faint = len(points) - plotted
    if faint:
        parts.append(f"{faint} more are shown faint.")
    if position is not None:
        quadrant = QUADRANT_NAMES[g.quadrant_slug_at(position.x, position.y)]
        parts.append(
            f"{position.label}: activeness {percent(position.x)}, embeddedness "
            f"{percent(position.y)} out of 100, in {quadrant.lower()}."
        )
    return " ".join(parts)


def _key_items(
    points: Sequence[GridPoint],
    position: PositionMarker | None,
    geometry: g.GridGeometry,
    style_labels: Mapping[str, str],
) -> list[KeyItem]:
    items: list[KeyItem] = []
    seen: set[str] = set()
    for point in points:
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
    return items


def _position_size(geometry: g.GridGeometry) -> float:
    """Half the diagonal of the position diamond."""
    return geometry.marker_radius * 1.4 + 1


def _place_labels(
    marks: Sequence[Mark], position: PositionMarker | None, geometry: g.GridGeometry
) -> dict[str, g.LabelPlacement]:
    requests = [
        g.LabelRequest(m.point.slug, m.cx, m.cy, m.point.label, m.radius)
        for m in sorted(marks, key=lambda m: m.point.number)
    ]
    if position is not None:
        px, py = geometry.to_svg(position.x, position.y)
        requests.append(
            g.LabelRequest("position", px, py, position.label, _position_size(geometry), True)
        )
    return {p.key: p for p in geometry.place_labels(requests)}


# --- SVG ------------------------------------------------------------------------------


def _n(value: float) -> str:
    """A number for an SVG attribute: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(label: g.TextLabel) -> dict[str, str]:
    return {
        "text": label.text,
        "x": _n(label.x),
        "y": _n(label.y),
        "anchor": label.anchor,
        "size": _n(label.size),
        "weight": "bold" if label.bold else "normal",
        "transform": f"rotate({_n(label.rotate)} {_n(label.x)} {_n(label.y)})"
        if label.rotate
        else "",
    }


def _circle(circle: Circle, cx: float, cy: float) -> dict[str, str]:
    return {
        "cx": _n(cx),
        "cy": _n(cy),
        "r": _n(circle.r),
        "fill": circle.fill,
        "stroke": circle.stroke or "none",
        "stroke_width": _n(circle.stroke_width),
    }


def _mark_svg(mark: Mark, cx: float | None = None, cy: float | None = None) -> dict[str, Any]:
    cx = mark.cx if cx is None else cx
    cy = mark.cy if cy is None else cy
    point = mark.point
    return {
        "slug": point.slug,
        "number": point.number,
        "name": point.name,
        "category": point.category_slug,
        "style": point.style,
        "frontier": point.frontier,
        "x": point.x,
        "y": point.y,
        "circles": [_circle(c, cx, cy) for c in mark.circles],
        "ring": _circle(mark.frontier_ring, cx, cy) if mark.frontier_ring else None,
    }


def _diamond(cx: float, cy: float, half: float) -> str:
    return " ".join(
        f"{_n(x)},{_n(y)}"
        for x, y in ((cx, cy - half), (cx + half, cy), (cx, cy + half), (cx - half, cy))
    )


def _svg_context(chart: Chart) -> dict[str, Any]:
    geo = chart.geometry
    frame = geo.frame
    height = geo.height(len(chart.key))
    tick_len = 4
    x_ticks = [
        {
            "x": _n(t.svg),
            "y1": _n(frame.bottom),
            "y2": _n(frame.bottom + tick_len),
            "label_y": _n(frame.bottom + geo.tick_offset),
            "text": t.text,
        }
        for t in geo.x_ticks()
    ]
    y_ticks = [
        {
            "y": _n(t.svg),
            "x1": _n(frame.x - tick_len),
            "x2": _n(frame.x),
            "label_x": _n(frame.x - tick_len - 3),
            "label_y": _n(t.svg + geo.tick_font_size * 0.36),
            "text": t.text,
        }
        for t in geo.y_ticks()
    ]
    labels = []
    for placement in chart.labels.values():
        mark = next((m for m in chart.marks if m.point.slug == placement.key), None)
        labels.append(
            {
                "key": placement.key,
                "text": placement.text,
                "x": _n(placement.text_x),
                "y": _n(placement.text_y),
                "box": {k: _n(getattr(placement.box, k)) for k in ("x", "y", "width", "height")},
                "leader": {k: _n(getattr(placement.leader, k)) for k in ("x1", "y1", "x2", "y2")}
                if placement.leader
                else None,
                "colour": mark.label_colour if mark else TEXT,
                "weight": "bold" if placement.bold else "normal",
            }
        )
    key = []
    for item, (kx, ky) in zip(chart.key, geo.key_positions(len(chart.key)), strict=True):
        key.append(
            {
                "kind": item.kind,
                "label": item.label,
                "text_x": _n(kx + geo.marker_radius + 10),
                "text_y": _n(ky + geo.font_size * 0.36),
                "mark": _mark_svg(item.swatch, kx, ky) if item.swatch else None,
                "diamond": _diamond(kx, ky, _position_size(geo)) if item.swatch is None else "",
            }
        )
    position = None
    if chart.position is not None:
        px, py = geo.to_svg(chart.position.x, chart.position.y)
        position = {
            "label": chart.position.label,
            "x": chart.position.x,
            "y": chart.position.y,
            "cx": _n(px),
            "cy": _n(py),
            "diamond": _diamond(px, py, _position_size(geo)),
        }
    return {
        "id": chart.chart_id,
        "title": chart.title,
        "description": chart.description,
        "title_id": f"{chart.chart_id}-title",
        "desc_id": f"{chart.chart_id}-desc",
        "size": chart.size,
        "width": _n(geo.width),
        "height": _n(height),
        "view_box": f"0 0 {_n(geo.width)} {_n(height)}",
        "font_family": FONT_FAMILY,
        "font_size": _n(geo.font_size),
        "tick_font_size": _n(geo.tick_font_size),
        "label_font_size": _n(geo.label_font_size),
        "colours": {
            "text": TEXT,
            "secondary": SECONDARY_TEXT,
            "frame": FRAME,
            "grid": GRID_LINE,
            "outline": OUTLINE,
            "white": WHITE,
        },
        "frame": {k: _n(getattr(frame, k)) for k in ("x", "y", "width", "height")},
        "quadrants": [
            {
                "slug": q.slug,
                "name": q.name,
                "x": _n(q.box.x),
                "y": _n(q.box.y),
                "width": _n(q.box.width),
                "height": _n(q.box.height),
                "label": _text(q.label),
            }
            for q in geo.quadrants()
        ],
        "grid_lines": [_line(line) for line in geo.grid_lines()],
        "boundaries": [_line(line) for line in geo.boundary_lines()],
        "x_ticks": x_ticks,
        "y_ticks": y_ticks,
        "tick_labels": geo.tick_labels,
        "axis_labels": [_text(a.svg) for a in (*geo.x_axis_labels(), *geo.y_axis_labels())],
        "marks": [_mark_svg(m) for m in chart.marks],
        "position": position,
        "labels": labels,
        "key": key,
    }


def _line(line: g.Line) -> dict[str, str]:
    return {"x1": _n(line.x1), "y1": _n(line.y1), "x2": _n(line.x2), "y2": _n(line.y2)}


# --- plotly ---------------------------------------------------------------------------


def _hover(point: GridPoint) -> str:
    lines = [
        f"{point.number}. {html.escape(point.name, quote=False)}",
        html.escape(point.category_name, quote=False),
        f"Activeness {percent(point.x)}, embeddedness {percent(point.y)} "
        f"({QUADRANT_NAMES[point.quadrant_slug].lower()})",
    ]
    if STYLE_HOVER[point.style]:
        lines.append(
            STYLE_HOVER[point.style] + (", one of the three strongest" if point.frontier else "")
        )
    return "<br>".join(lines)


def _plotly_label(mark: Mark, placement: g.LabelPlacement | None) -> str:
    """The point's number; beside a frontier ring, spaced off the ring (plotly offsets
    text from the marker, not from the ring around it)."""
    if not mark.frontier_ring or placement is None:
        return mark.point.label
    if placement.direction.endswith("right"):
        return "\u00a0\u00a0" + mark.point.label
    if placement.direction.endswith("left"):
        return mark.point.label + "\u00a0\u00a0"
    return mark.point.label


def _category_traces(chart: Chart) -> list[go.Scatter]:
    """One legend entry per category (so the legend toggles categories), with the dark
    edge of outlined points as a second, legend-less trace in the same legend group."""
    geo = chart.geometry
    by_category: dict[str, list[Mark]] = {}
    for mark in chart.marks:
        by_category.setdefault(mark.point.category_slug, []).append(mark)
    traces = []
    for slug, marks in by_category.items():
        # Filled points first: plotly draws the legend swatch from the first point.
        marks = sorted(
            marks, key=lambda m: (m.point.style not in ("catalogue", "routine"), m.point.number)
        )
        edged = [m for m in marks if len(m.circles) > 1]
        if edged:
            traces.append(
                go.Scatter(
                    x=[m.point.x for m in edged],
                    y=[m.point.y for m in edged],
                    mode="markers",
                    name=marks[0].point.category_name,
                    legendgroup=slug,
                    showlegend=False,
                    hoverinfo="skip",
                    marker={
                        "symbol": "circle",
                        "opacity": 1,
                        "size": [2 * m.circles[0].outer_radius for m in edged],
                        "color": [m.circles[0].fill for m in edged],
                        "line": {"width": 0},
                    },
                    cliponaxis=False,
                    meta={"role": "outline", "category": slug},
                )
            )
        visible = [m.circles[-1] for m in marks]
        placements = [chart.labels.get(m.point.slug) for m in marks]
        traces.append(
            go.Scatter(
                x=[m.point.x for m in marks],
                y=[m.point.y for m in marks],
                mode="markers+text" if chart.labels else "markers",
                name=marks[0].point.category_name,
                legendgroup=slug,
                text=[_plotly_label(m, p) for m, p in zip(marks, placements, strict=True)]
                if chart.labels
                else None,
                textposition=[
                    _PLOTLY_TEXT_POSITIONS[p.direction] if p else "middle right" for p in placements
                ]
                if chart.labels
                else None,
                textfont={"size": geo.label_font_size, "color": [m.label_colour for m in marks]}
                if chart.labels
                else None,
                hovertext=[_hover(m.point) for m in marks],
                hovertemplate="%{hovertext}<extra></extra>",
                customdata=[m.point.slug for m in marks],
                marker={
                    "symbol": "circle",
                    "opacity": 1,  # plotly fades markers with per-point sizes ("bubbles")
                    "size": [2 * c.r for c in visible],
                    "color": [c.fill for c in visible],
                    "line": {
                        "color": [c.stroke or c.fill for c in visible],
                        "width": [c.stroke_width for c in visible],
                    },
                },
                cliponaxis=False,
                meta={"role": "category", "category": slug},
            )
        )
    return traces


def _key_traces(chart: Chart) -> list[go.Scatter]:
    """Legend entries for the point styles, the frontier rings and the position."""
    traces = []
    # Legend-only entries explaining the styles, when the chart has a key.
    for item in chart.key:
        if item.kind != "style" or item.swatch is None:
            continue
        visible = item.swatch.circles[-1]
        traces.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=item.label,
                hoverinfo="skip",
                marker={
                    "size": 2 * visible.r,
                    "color": visible.fill,
                    "line": {
                        "color": item.swatch.outline_colour,
                        "width": max(visible.stroke_width, 1.5),
                    },
                },
                meta={"role": "style"},
            )
        )
    frontier = [m for m in chart.marks if m.frontier_ring]
    if frontier:
        ring = frontier[0].frontier_ring
        assert ring is not None
        traces.append(
            go.Scatter(
                x=[m.point.x for m in frontier],
                y=[m.point.y for m in frontier],
                mode="markers",
                name=FRONTIER_LABEL,
                hoverinfo="skip",
                marker={
                    "symbol": "circle-open",
                    "size": 2 * ring.r,
                    "color": OUTLINE,
                    "line": {"color": OUTLINE, "width": ring.stroke_width},
                },
                cliponaxis=False,
                meta={"role": "frontier"},
            )
        )
    if chart.position is not None:
        position = chart.position
        placement = chart.labels.get("position")
        half = _position_size(chart.geometry)
        traces.append(
            go.Scatter(
                x=[position.x],
                y=[position.y],
                mode="markers+text" if placement else "markers",
                name=position.label,
                text=[html.escape(position.label, quote=False)] if placement else None,
                textposition=_PLOTLY_TEXT_POSITIONS[placement.direction] if placement else None,
                textfont={"size": chart.geometry.label_font_size, "color": TEXT, "weight": "bold"},
                hovertext=[
                    f"{html.escape(position.label, quote=False)}<br>Activeness "
                    f"{percent(position.x)}, embeddedness {percent(position.y)}"
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "symbol": "diamond",
                    "size": 2 * half,
                    "color": OUTLINE,
                    "line": {"color": WHITE, "width": 1.5},
                },
                cliponaxis=False,
                meta={"role": "position"},
            )
        )
    return traces


_ANCHORS = {"start": "left", "middle": "center", "end": "right"}


def _axis_font(geo: g.GridGeometry, axis_label: g.AxisLabel) -> dict[str, Any]:
    # Bold through the font's weight: plotly draws <b> with a style attribute, which the
    # CSP blocks.
    weight = "bold" if axis_label.svg.bold else "normal"
    return {"size": geo.font_size, "color": TEXT, "weight": weight}


def _plotly_layout(chart: Chart) -> dict[str, Any]:
    geo = chart.geometry
    frame = geo.frame
    x_range, y_range = geo.x_range, geo.y_range
    shapes: list[dict[str, Any]] = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": q.x_range[0],
            "x1": q.x_range[1],
            "y0": q.y_range[0],
            "y1": q.y_range[1],
            "fillcolor": WHITE,
            "line": {"width": 0},
            "layer": "below",
            "name": f"quadrant-{q.slug}",
        }
        for q in geo.quadrants()
    ]
    for line in geo.grid_lines():
        (x0, y0), (x1, y1) = geo.from_svg(line.x1, line.y1), geo.from_svg(line.x2, line.y2)
        shapes.append(
            {
                "type": "line",
                "x0": x0,
                "y0": y0,
                "x1": x1,
                "y1": y1,
                "line": {"color": GRID_LINE, "width": 1},
                "layer": "below",
                "name": "grid-line",
            }
        )
    for line in geo.boundary_lines():
        (x0, y0), (x1, y1) = geo.from_svg(line.x1, line.y1), geo.from_svg(line.x2, line.y2)
        shapes.append(
            {
                "type": "line",
                "x0": x0,
                "y0": y0,
                "x1": x1,
                "y1": y1,
                "line": {"color": FRAME, "width": 1.5},
                "layer": "below",
                "name": "boundary",
            }
        )
    shapes.append(
        {
            "type": "rect",
            "x0": x_range[0],
            "x1": x_range[1],
            "y0": y_range[0],
            "y1": y_range[1],
            "line": {"color": FRAME, "width": 1},
            "fillcolor": "rgba(0,0,0,0)",
            "layer": "below",
            "name": "frame",
        }
    )
    annotations: list[dict[str, Any]] = [
        {
            "text": html.escape(q.name, quote=False),
            "x": q.label_position[0],
            "y": q.label_position[1],
            "xref": "x",
            "yref": "y",
            "showarrow": False,
            "xanchor": "center",
            "yanchor": "middle",
            "font": {"size": geo.font_size, "color": TEXT, "weight": "bold"},
            "name": f"quadrant-{q.slug}",
        }
        for q in geo.quadrants()
    ]
    for axis_label in geo.x_axis_labels():
        annotations.append(
            {
                "text": axis_label.text,
                "x": axis_label.position,
                "xref": "x",
                "y": 0,
                "yref": "paper",
                "yshift": -(axis_label.offset - 0.35 * geo.font_size),
                "xanchor": _ANCHORS[axis_label.anchor],
                "yanchor": "middle",
                "showarrow": False,
                "font": _axis_font(geo, axis_label),
                "name": f"x-axis-{axis_label.role}",
            }
        )
    for axis_label in geo.y_axis_labels():
        annotations.append(
            {
                "text": axis_label.text,
                "x": 0,
                "xref": "paper",
                "xshift": -(axis_label.offset - 0.25 * geo.font_size),
                "y": axis_label.position,
                "yref": "y",
                "textangle": -90,
                "xanchor": "center",
                "yanchor": {"start": "bottom", "middle": "middle", "end": "top"}[axis_label.anchor],
                "showarrow": False,
                "font": _axis_font(geo, axis_label),
                "name": f"y-axis-{axis_label.role}",
            }
        )
    legend_rows = sum(1 for t in _legend_entries(chart))
    legend_height = legend_rows * 22 + 12 if legend_rows else 0
    bottom = geo.axis_offset + 12 + legend_height
    axis = {
        "showgrid": False,
        "zeroline": False,
        "showline": False,
        "fixedrange": True,
        "ticks": "outside" if geo.tick_labels else "",
        "ticklen": 4,
        "tickcolor": FRAME,
        "showticklabels": geo.tick_labels,
        "tickvals": list(g.TICKS),
        "ticktext": [t.text for t in geo.x_ticks()],
        "tickfont": {"size": geo.tick_font_size, "color": TEXT},
    }
    return {
        "template": "none",
        "font": {"family": FONT_FAMILY, "size": geo.font_size, "color": TEXT},
        "paper_bgcolor": WHITE,
        "plot_bgcolor": WHITE,
        "height": frame.height + geo.margin_top + bottom,
        "margin": {
            "l": geo.margin_left,
            "r": geo.margin_right,
            "t": geo.margin_top,
            "b": bottom,
            "autoexpand": False,
        },
        "xaxis": {**axis, "range": list(x_range)},
        "yaxis": {**axis, "range": list(y_range)},
        "shapes": shapes,
        "annotations": annotations,
        "showlegend": bool(legend_rows),
        "legend": {
            "orientation": "v",
            "x": 0,
            "xanchor": "left",
            "y": -(geo.axis_offset + 14) / frame.height,
            "yanchor": "top",
            "font": {"size": geo.font_size, "color": TEXT},
            "itemclick": "toggle",
            "itemdoubleclick": "toggleothers",
            "tracegroupgap": 0,
        },
        "hovermode": "closest",
        "dragmode": False,
        "hoverlabel": {
            "bgcolor": WHITE,
            "bordercolor": OUTLINE,
            "font": {"family": FONT_FAMILY, "size": 14, "color": TEXT},
            "align": "left",
        },
    }


def _legend_entries(chart: Chart) -> list[str]:
    return [item.label for item in chart.key]


def _plotly_figure(chart: Chart) -> dict[str, Any]:
    traces = [*_category_traces(chart), *_key_traces(chart)]
    figure = go.Figure(data=traces, layout=_plotly_layout(chart))
    data = figure.to_plotly_json()
    data["layout"].pop("template", None)
    data["config"] = {"responsive": True, "displayModeBar": False}
    # Round-trip through JSON so the figure is plain lists, dicts, strings and numbers.
    return json.loads(json.dumps(data))


# --- a table to go with the chart -----------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    number: int
    slug: str
    name: str
    category_slug: str
    category_name: str
    category_href: str
    activeness: int  # 0 to 100
    embeddedness: int
    quadrant_slug: str
    quadrant_name: str
    style: str


def table_rows(
    points: Iterable[GridPoint],
    *,
    quadrant_names: Mapping[str, str] | None = None,
    category_href: Callable[[str], str] | None = None,
) -> list[TableRow]:
    """The rows of the accessible table that goes with a chart, in number order."""
    names = {**QUADRANT_NAMES, **(quadrant_names or {})}
    return [
        TableRow(
            number=p.number,
            slug=p.slug,
            name=p.name,
            category_slug=p.category_slug,
            category_name=p.category_name,
            category_href=category_href(p.category_slug) if category_href else "",
            activeness=percent(p.x),
            embeddedness=percent(p.y),
            quadrant_slug=p.quadrant_slug,
            quadrant_name=names[p.quadrant_slug],
            style=p.style,
        )
        for p in sorted(points, key=lambda p: p.number)
    ]
