"""The interactive plotly figure of a laid-out ``Chart`` as a plain dict (``data``,
``layout``, ``config``), which ``static/js/grid-chart.js`` draws when plotly.js has
loaded: the traces, and a layout whose ranges, shapes and annotations come from the
chart's geometry, as the SVG's do.
"""

from __future__ import annotations

import html
import json
from typing import Any

import plotly.graph_objects as go

from .chart_layout import Chart
from .colours import FONT_FAMILY, FRAME, GRID_LINE, OUTLINE, TEXT, WHITE
from .geometry import GridGeometry
from .grid_terms import TICKS
from .label_placer import wrap_to_width
from .panel_traces import panel_median_traces, panel_underlay_traces
from .peer_traces import peer_shapes, peer_traces
from .plotly_traces import category_traces, key_traces, position_traces
from .shapes import AxisLabel
from .trend_traces import trend_traces

_ANCHORS = {"start": "left", "middle": "center", "end": "right"}


def _axis_font(geo: GridGeometry, axis_label: AxisLabel) -> dict[str, Any]:
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
    # Over the white quadrants and under the Grid's lines, as in the SVG.
    shapes += peer_shapes(chart)
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
            "text": "<br>".join(html.escape(line, quote=False) for line in q.label.lines)
            or html.escape(q.name, quote=False),
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
    entries = _legend_entries(chart)
    legend_rows = sum(len(lines) for lines in entries)
    legend_height = legend_rows * (geo.font_size + 8) + 12 if legend_rows else 0
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
        "tickvals": list(TICKS),
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
            # Under the frame's left edge, or the key's own left edge if it has one.
            "x": 0
            if geo.key_left is None
            else (geo.key_left - geo.margin_left)
            / (geo.width - geo.margin_left - geo.margin_right),
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


def _legend_entries(chart: Chart) -> list[tuple[str, ...]]:
    """Each legend entry's lines: plotly does not wrap legend text, so an entry too wide
    for a narrow chart is broken where it would be."""
    geo = chart.geometry
    return [wrap_to_width(item.label, geo.font_size, _legend_room(geo)) for item in chart.key]


def _legend_room(geo: GridGeometry) -> float:
    # plotly's swatch and its gaps take about 48 pixels before the text.
    return geo.width - (geo.key_left if geo.key_left is not None else geo.margin_left) - 48


def plotly_figure(chart: Chart) -> dict[str, Any]:
    # In drawing order: the peers' hover targets under everything, the earlier years'
    # path under the positions it leads to, the panel's members and gap line under both.
    traces = [
        *peer_traces(chart),
        *category_traces(chart),
        *key_traces(chart),
        *trend_traces(chart),
        *panel_underlay_traces(chart),
        *position_traces(chart),
        *panel_median_traces(chart),
    ]
    figure = go.Figure(data=traces, layout=_plotly_layout(chart))
    data = figure.to_plotly_json()
    data["layout"].pop("template", None)
    data["config"] = {"responsive": True, "displayModeBar": False}
    room = _legend_room(chart.geometry)
    for trace in data["data"]:
        if trace.get("showlegend", True):
            lines = wrap_to_width(trace["name"], chart.geometry.font_size, room)
            trace["name"] = "<br>".join(lines)
    # Round-trip through JSON so the figure is plain lists, dicts, strings and numbers.
    return json.loads(json.dumps(data))
