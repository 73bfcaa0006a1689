"""The peer cloud in the plotly figure: its cells as shapes under the Grid's lines, as
the SVG draws them (``peer_layout``), a hover target on each cell saying how many
organisations it holds, and the legend entry.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from .chart_layout import Chart
from .peer_layout import PEER_KEY_SHARE, peer_hover, peer_rects, peer_shade

_LEGEND_RANK = 1005


def peer_shapes(chart: Chart) -> list[dict[str, Any]]:
    if chart.peers is None:
        return []
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y",
            "x0": rect.x_range[0],
            "x1": rect.x_range[1],
            "y0": rect.y_range[0],
            "y1": rect.y_range[1],
            "fillcolor": rect.fill,
            "line": {"width": 0},
            "layer": "below",
            "name": "peer-cell",
        }
        for rect in peer_rects(chart.geometry, chart.peers)
    ]


def peer_traces(chart: Chart) -> list[go.Scatter]:
    """Invisible markers on the cells' centres, for hover, and the legend entry."""
    if chart.peers is None or not chart.peers.cells:
        return []
    rects = peer_rects(chart.geometry, chart.peers)
    side = min(rect.width for rect in rects) if rects else 0
    return [
        go.Scatter(
            x=[rect.centre[0] for rect in rects],
            y=[rect.centre[1] for rect in rects],
            mode="markers",
            name=chart.peers.label,
            hovertext=[peer_hover(rect.count) for rect in rects],
            hovertemplate="%{hovertext}<extra></extra>",
            marker={"symbol": "square", "size": side, "color": peer_shade(PEER_KEY_SHARE)},
            opacity=0,
            showlegend=False,
            cliponaxis=False,
            meta={"role": "peers-hover"},
        ),
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=chart.peers.label,
            hoverinfo="skip",
            marker={"symbol": "square", "size": 14, "color": peer_shade(PEER_KEY_SHARE)},
            legendrank=_LEGEND_RANK,
            meta={"role": "peers"},
        ),
    ]
