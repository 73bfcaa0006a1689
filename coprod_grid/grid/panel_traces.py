"""The plotly traces of the panel on a laid-out ``Chart``: its members' positions, the gap
line from the commissioners' position and the panel's median, drawn as ``panel_layout``
says, as the SVG draws them.

plotly draws traces in order, so ``plotly_figure`` puts the members and the gap line
before the position diamond and the median after it; ``legendrank`` keeps the legend in
the key's order all the same. Members carry no text, names or ids: only their place.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from .chart_layout import PANEL_LABEL_KEY, Chart
from .colours import TEXT
from .panel_layout import (
    GAP_COLOUR,
    GAP_LABEL,
    MEMBER_HOVER,
    PANEL_MEMBERS_LABEL,
    gap_dash,
    gap_line_width,
    median_square,
    member_positions,
    member_square,
)
from .plotly_traces import label_traces
from .points import gap_words, percent

# After the position (plotly's default rank, 1000), in the key's order.
_LEGEND_RANKS = {"panel": 1001, "panel-members": 1002, "gap": 1003}


def panel_underlay_traces(chart: Chart) -> list[go.Scatter]:
    """The members' positions and the gap line: drawn under both positions."""
    panel, geo = chart.panel, chart.geometry
    if panel is None:
        return []
    traces = []
    members = member_positions(panel)
    if members:
        square = member_square(geo, 0, 0)
        traces.append(
            go.Scatter(
                x=[x for x, _ in members],
                y=[y for _, y in members],
                mode="markers",
                name=PANEL_MEMBERS_LABEL,
                hovertext=[
                    f"{MEMBER_HOVER}: activeness {percent(x)}, embeddedness {percent(y)}"
                    for x, y in members
                ],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={
                    "symbol": "square-open",
                    "size": 2 * square.half,
                    "color": square.stroke,
                    "line": {"color": square.stroke, "width": square.stroke_width},
                },
                cliponaxis=False,
                legendrank=_LEGEND_RANKS["panel-members"],
                meta={"role": "panel-members"},
            )
        )
    if chart.position is not None:
        dash, space = gap_dash(geo)
        traces.append(
            go.Scatter(
                x=[chart.position.x, panel.x],
                y=[chart.position.y, panel.y],
                mode="lines",
                name=GAP_LABEL,
                hoverinfo="skip",
                line={
                    "color": GAP_COLOUR,
                    "width": gap_line_width(geo),
                    "dash": f"{dash:g}px,{space:g}px",
                },
                cliponaxis=False,
                legendrank=_LEGEND_RANKS["gap"],
                meta={"role": "gap"},
            )
        )
    return traces


def panel_median_traces(chart: Chart) -> list[go.Scatter]:
    """The panel's median, labelled as the position is: drawn over everything else."""
    panel, geo = chart.panel, chart.geometry
    if panel is None:
        return []
    placement = chart.labels.get(PANEL_LABEL_KEY)
    square = median_square(geo, 0, 0)
    label = html.escape(panel.label, quote=False)
    hover = f"{label}<br>Activeness {percent(panel.x)}, embeddedness {percent(panel.y)}"
    if chart.position is not None:
        hover += "<br>" + gap_words(chart.position, panel)
    median = [
        go.Scatter(
            x=[panel.x],
            y=[panel.y],
            mode="markers",
            name=panel.label,
            legendgroup=PANEL_LABEL_KEY,
            hovertext=[hover],
            hovertemplate="%{hovertext}<extra></extra>",
            marker={
                "symbol": "square",
                "size": 2 * square.half,
                "color": square.fill,
                "line": {"color": square.stroke, "width": square.stroke_width},
            },
            cliponaxis=False,
            legendrank=_LEGEND_RANKS["panel"],
            meta={"role": "panel"},
        )
    ]
    if placement is None:
        return median
    return median + label_traces(
        chart, [placement], name=panel.label, group=PANEL_LABEL_KEY, colours=[TEXT], bold=True
    )
