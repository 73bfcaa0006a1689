"""The plotly traces of the earlier years on a laid-out ``Chart``: the path, its
arrowhead and the hollow circles with their period labels, drawn as ``trend_layout``
says, as the SVG draws them. All in one legend group, so that hiding the trend hides
every part of it.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from .chart_layout import Chart, position_size, trend_label_key
from .colours import WHITE
from .plotly_traces import label_traces
from .points import percent
from .trend_layout import TREND_HOVER, trend_drawing

TREND_GROUP = "trend"
_LEGEND_RANK = 1004  # after the position and the panel's entries, as in the key


def trend_traces(chart: Chart) -> list[go.Scatter]:
    trend, geo = chart.trend, chart.geometry
    if trend is None or not trend.steps:
        return []
    drawing = trend_drawing(geo, trend, chart.position, position_size(geo))
    traces = []
    for segment in drawing.segments:
        (x1, y1), (x2, y2) = (
            geo.from_svg(segment.x1, segment.y1),
            geo.from_svg(segment.x2, segment.y2),
        )
        traces.append(
            go.Scatter(
                x=[x1, x2],
                y=[y1, y2],
                mode="lines",
                name=trend.label,
                legendgroup=TREND_GROUP,
                showlegend=False,
                hoverinfo="skip",
                line={"color": segment.colour, "width": segment.width},
                cliponaxis=False,
                meta={"role": "trend-path"},
            )
        )
    if drawing.arrow is not None:
        corners = [geo.from_svg(x, y) for x, y in drawing.arrow.points]
        corners.append(corners[0])
        traces.append(
            go.Scatter(
                x=[x for x, _ in corners],
                y=[y for _, y in corners],
                mode="lines",
                fill="toself",
                fillcolor=drawing.arrow.colour,
                name=trend.label,
                legendgroup=TREND_GROUP,
                showlegend=False,
                hoverinfo="skip",
                line={"color": drawing.arrow.colour, "width": 0},
                cliponaxis=False,
                meta={"role": "trend-arrow"},
            )
        )
    dots = drawing.dots
    traces.append(
        go.Scatter(
            x=[dot.x for dot in dots],
            y=[dot.y for dot in dots],
            mode="markers",
            name=trend.label,
            legendgroup=TREND_GROUP,
            hovertext=[
                f"{html.escape(TREND_HOVER.format(period=dot.period), quote=False)}<br>"
                f"Activeness {percent(dot.x)}, embeddedness {percent(dot.y)}"
                for dot in dots
            ],
            hovertemplate="%{hovertext}<extra></extra>",
            marker={
                "symbol": "circle",
                "size": 2 * dots[0].r,
                "color": WHITE,
                "line": {"color": [dot.stroke for dot in dots], "width": dots[0].stroke_width},
            },
            cliponaxis=False,
            legendrank=_LEGEND_RANK,
            meta={"role": "trend"},
        )
    )
    placements = [
        chart.labels[key]
        for key in (trend_label_key(i) for i in range(len(dots)))
        if key in chart.labels
    ]
    traces += label_traces(
        chart,
        placements,
        name=trend.label,
        group=TREND_GROUP,
        colours=[dots[int(p.key.rsplit("-", 1)[1])].stroke for p in placements],
    )
    return traces
