"""The plotly traces of a laid-out ``Chart``: one per category (so the legend toggles
categories), the dark edges of outlined points, the key's legend-only entries, the
frontier rings and the position diamond, with their hover text. The panel's traces are
in ``panel_traces``.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from .chart_layout import FRONTIER_LABEL, Chart, Mark, position_size
from .colours import OUTLINE, TEXT, WHITE
from .grid_terms import QUADRANT_NAMES
from .label_placer import LabelPlacement
from .points import GridPoint, percent

STYLE_HOVER = {
    "routine": "Done routinely",
    "occasional": "Done occasionally",
    "faint": "Not done",
    "catalogue": "",
}

# Where plotly puts a trace's text, for each of the label placer's directions.
PLOTLY_TEXT_POSITIONS = {
    "right": "middle right",
    "left": "middle left",
    "top": "top center",
    "bottom": "bottom center",
    "top-right": "top right",
    "bottom-right": "bottom right",
    "top-left": "top left",
    "bottom-left": "bottom left",
}


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


def _plotly_label(mark: Mark, placement: LabelPlacement | None) -> str:
    """The point's number; beside a frontier ring, spaced off the ring (plotly offsets
    text from the marker, not from the ring around it)."""
    if not mark.frontier_ring or placement is None:
        return mark.point.label
    if placement.direction.endswith("right"):
        return "\u00a0\u00a0" + mark.point.label
    if placement.direction.endswith("left"):
        return mark.point.label + "\u00a0\u00a0"
    return mark.point.label


def category_traces(chart: Chart) -> list[go.Scatter]:
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
                    PLOTLY_TEXT_POSITIONS[p.direction] if p else "middle right" for p in placements
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


def key_traces(chart: Chart) -> list[go.Scatter]:
    """Legend entries for the point styles, and the frontier rings."""
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
    return traces


def position_traces(chart: Chart) -> list[go.Scatter]:
    """The position diamond, if the chart has a position."""
    traces = []
    if chart.position is not None:
        position = chart.position
        placement = chart.labels.get("position")
        half = position_size(chart.geometry)
        traces.append(
            go.Scatter(
                x=[position.x],
                y=[position.y],
                mode="markers+text" if placement else "markers",
                name=position.label,
                text=[html.escape(position.label, quote=False)] if placement else None,
                textposition=PLOTLY_TEXT_POSITIONS[placement.direction] if placement else None,
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
