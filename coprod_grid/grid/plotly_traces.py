"""The plotly traces of a laid-out ``Chart``: one per category (so the legend toggles
categories), the dark edges of outlined points, the key's legend-only entries, the
frontier rings and the position diamond, with their hover text. The panel's traces are
in ``panel_traces``.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from .chart_layout import FRONTIER_LABEL, Chart, Mark, position_size
from .colours import OUTLINE, SECONDARY_TEXT, TEXT, WHITE
from .grid_terms import QUADRANT_NAMES
from .label_placer import LabelPlacement
from .points import GridPoint, percent

STYLE_HOVER = {
    "routine": "Done routinely",
    "occasional": "Done occasionally",
    "faint": "Not done",
    "catalogue": "",
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


def label_position(chart: Chart, placement: LabelPlacement) -> tuple[float, float]:
    """The middle of a placed label in Grid units: plotly writes it where the SVG does."""
    return chart.geometry.from_svg(*placement.box.centre)


def label_traces(
    chart: Chart,
    placements: list[LabelPlacement],
    *,
    name: str,
    group: str,
    colours: list[str],
    bold: bool = False,
) -> list[go.Scatter]:
    """Labels as text at the places the label placer chose, so that they keep clear of
    every point as the SVG's do (plotly's own text positions sit against the marker and
    know nothing of the other points), with the leader lines of the ones set further
    out. In the legend group of what they label, so that they hide with it."""
    if not placements:
        return []
    geo = chart.geometry
    positions = [label_position(chart, p) for p in placements]
    traces = []
    leaders = [p.leader for p in placements if p.leader is not None]
    if leaders:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for leader in leaders:
            (x1, y1), (x2, y2) = (
                geo.from_svg(leader.x1, leader.y1),
                geo.from_svg(leader.x2, leader.y2),
            )
            xs += [x1, x2, None]
            ys += [y1, y2, None]
        traces.append(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=name,
                legendgroup=group,
                showlegend=False,
                hoverinfo="skip",
                line={"color": SECONDARY_TEXT, "width": 0.75},
                cliponaxis=False,
                meta={"role": "leader", "group": group},
            )
        )
    traces.append(
        go.Scatter(
            x=[x for x, _ in positions],
            y=[y for _, y in positions],
            mode="text",
            name=name,
            legendgroup=group,
            showlegend=False,
            hoverinfo="skip",
            text=[html.escape(p.text, quote=False) for p in placements],
            textposition="middle center",
            textfont={
                "size": geo.label_font_size,
                "color": colours,
                "weight": "bold" if bold else "normal",
            },
            cliponaxis=False,
            meta={"role": "label", "group": group},
        )
    )
    return traces


def _symbols(marks: list[Mark]) -> list[str]:
    return [m.symbol for m in marks]


def category_traces(chart: Chart) -> list[go.Scatter]:
    """Per category: a legend-only entry drawn as the key's swatch (filled, whatever the
    category's first point is), the dark edge of outlined points, the points and their
    numbers, all in one legend group so that the legend toggles the category."""
    by_category: dict[str, list[Mark]] = {}
    for mark in sorted(chart.marks, key=lambda m: m.point.number):
        by_category.setdefault(mark.point.category_slug, []).append(mark)
    swatches = {
        item.swatch.point.category_slug: item.swatch
        for item in chart.key
        if item.kind == "category" and item.swatch is not None
    }
    traces = []
    for slug, marks in by_category.items():
        marks = sorted(marks, key=lambda m: m.point.number)
        name = marks[0].point.category_name
        swatch = swatches.get(slug)
        if swatch is not None:
            circle = swatch.circles[-1]
            traces.append(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=name,
                    legendgroup=slug,
                    hoverinfo="skip",
                    marker={
                        "symbol": swatch.symbol,
                        "size": 2 * circle.r,
                        "color": circle.fill,
                        "line": {
                            "color": circle.stroke or circle.fill,
                            "width": circle.stroke_width,
                        },
                    },
                    meta={"role": "legend", "category": slug},
                )
            )
        edged = [m for m in marks if len(m.circles) > 1]
        if edged:
            traces.append(
                go.Scatter(
                    x=[m.point.x for m in edged],
                    y=[m.point.y for m in edged],
                    mode="markers",
                    name=name,
                    legendgroup=slug,
                    showlegend=False,
                    hoverinfo="skip",
                    marker={
                        "symbol": _symbols(edged),
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
        traces.append(
            go.Scatter(
                x=[m.point.x for m in marks],
                y=[m.point.y for m in marks],
                mode="markers",
                name=name,
                legendgroup=slug,
                showlegend=False,
                hovertext=[_hover(m.point) for m in marks],
                hovertemplate="%{hovertext}<extra></extra>",
                customdata=[m.point.slug for m in marks],
                marker={
                    "symbol": _symbols(marks),
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
        labelled = [m for m in marks if m.point.slug in chart.labels]
        traces += label_traces(
            chart,
            [chart.labels[m.point.slug] for m in labelled],
            name=name,
            group=slug,
            colours=[m.label_colour for m in labelled],
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
    """The position diamond and its label, if the chart has a position."""
    traces = []
    if chart.position is not None:
        position = chart.position
        placement = chart.labels.get("position")
        half = position_size(chart.geometry)
        traces.append(
            go.Scatter(
                x=[position.x],
                y=[position.y],
                mode="markers",
                name=position.label,
                legendgroup="position",
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
        if placement is not None:
            traces += label_traces(
                chart,
                [placement],
                name=position.label,
                group="position",
                colours=[TEXT],
                bold=True,
            )
    return traces
