"""The context ``templates/coprod_grid/_grid_svg.html`` draws a laid-out ``Chart`` from:
a static, printable inline SVG for the web page without JavaScript and for the PDF
report. Every number is already an SVG attribute string, so the template only pastes.
"""

from __future__ import annotations

from typing import Any

from .chart_layout import Chart, Circle, Mark, position_size
from .colours import FONT_FAMILY, FRAME, GRID_LINE, OUTLINE, SECONDARY_TEXT, TEXT, WHITE
from .geometry import GridGeometry
from .panel_layout import (
    GAP_COLOUR,
    Square,
    gap_dash,
    gap_line_width,
    median_square,
    member_positions,
    member_square,
)
from .peer_layout import PEER_KEY_SHARE, peer_rects, peer_shade
from .shapes import Line, TextLabel
from .symbols import CIRCLE, svg_path
from .trend_layout import dot_radius, line_width, step_shade, trend_drawing


def _n(value: float) -> str:
    """A number for an SVG attribute: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(label: TextLabel) -> dict[str, str]:
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
        "lines": [
            {"text": line, "x": _n(label.x), "dy": "0" if i == 0 else _n(label.line_height)}
            for i, line in enumerate(label.lines)
        ],
    }


def _circle(circle: Circle, cx: float, cy: float, symbol: str = CIRCLE) -> dict[str, str]:
    return {
        "path": svg_path(symbol, cx, cy, circle.r),
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
        "symbol": mark.symbol,
        "cx": _n(cx),
        "cy": _n(cy),
        "circles": [_circle(c, cx, cy, mark.symbol) for c in mark.circles],
        "ring": _circle(mark.frontier_ring, cx, cy) if mark.frontier_ring else None,
    }


def _diamond(cx: float, cy: float, half: float) -> str:
    return " ".join(
        f"{_n(x)},{_n(y)}"
        for x, y in ((cx, cy - half), (cx + half, cy), (cx, cy + half), (cx - half, cy))
    )


def _square(square: Square) -> dict[str, str]:
    return {
        "x": _n(square.cx - square.half),
        "y": _n(square.cy - square.half),
        "side": _n(2 * square.half),
        "cx": _n(square.cx),
        "cy": _n(square.cy),
        "fill": square.fill,
        "stroke": square.stroke,
        "stroke_width": _n(square.stroke_width),
    }


def _gap_line(geo: GridGeometry, line: Line) -> dict[str, str]:
    dash, space = gap_dash(geo)
    return {
        **_line(line),
        "colour": GAP_COLOUR,
        "width": _n(gap_line_width(geo)),
        "dasharray": f"{_n(dash)} {_n(space)}",
    }


def _panel(chart: Chart) -> dict[str, Any] | None:
    """The panel's median, its members (positions only: no names, numbers or order that
    could say who is who) and the gap line, which needs the commissioners' position."""
    panel, geo = chart.panel, chart.geometry
    if panel is None:
        return None
    median = median_square(geo, *geo.to_svg(panel.x, panel.y))
    gap = None
    if chart.position is not None:
        px, py = geo.to_svg(chart.position.x, chart.position.y)
        gap = _gap_line(geo, Line(px, py, median.cx, median.cy))
    return {
        "label": panel.label,
        "median": _square(median),
        "members": [
            _square(member_square(geo, *geo.to_svg(x, y))) for x, y in member_positions(panel)
        ],
        "gap": gap,
    }


def _trend(chart: Chart) -> dict[str, Any] | None:
    """The earlier years' hollow circles, the path between them and the arrowhead."""
    if chart.trend is None or not chart.trend.steps:
        return None
    geo = chart.geometry
    drawing = trend_drawing(geo, chart.trend, chart.position, position_size(geo))
    return {
        "label": chart.trend.label,
        "dots": [
            {
                "cx": _n(dot.cx),
                "cy": _n(dot.cy),
                "r": _n(dot.r),
                "fill": dot.fill,
                "stroke": dot.stroke,
                "stroke_width": _n(dot.stroke_width),
                "period": dot.period,
            }
            for dot in drawing.dots
        ],
        "segments": [
            {
                **_line(Line(seg.x1, seg.y1, seg.x2, seg.y2)),
                "colour": seg.colour,
                "width": _n(seg.width),
            }
            for seg in drawing.segments
        ],
        "arrow": {
            "points": " ".join(f"{_n(x)},{_n(y)}" for x, y in drawing.arrow.points),
            "colour": drawing.arrow.colour,
        }
        if drawing.arrow
        else None,
    }


def _peers(chart: Chart) -> list[dict[str, str]]:
    if chart.peers is None:
        return []
    return [
        {
            "x": _n(rect.x),
            "y": _n(rect.y),
            "width": _n(rect.width),
            "height": _n(rect.height),
            "fill": rect.fill,
            "count": str(rect.count),
        }
        for rect in peer_rects(chart.geometry, chart.peers)
    ]


def _key_swatch(geo: GridGeometry, kind: str, kx: float, ky: float) -> dict[str, Any]:
    """What a key entry that is not a point draws at its place."""
    if kind == "trend":
        r = dot_radius(geo)
        return {
            "dot": {
                "cx": _n(kx),
                "cy": _n(ky),
                "r": _n(r),
                "stroke": step_shade(0, 2),
                "stroke_width": _n(line_width(geo)),
            }
        }
    if kind == "peers":
        half = geo.marker_radius + 1
        side = _n(2 * half)
        return {
            "cell": {
                "x": _n(kx - half),
                "y": _n(ky - half),
                "side": side,
                "fill": peer_shade(PEER_KEY_SHARE),
            }
        }
    if kind == "panel":
        return {"square": _square(median_square(geo, kx, ky))}
    if kind == "panel-members":
        return {"square": _square(member_square(geo, kx, ky))}
    if kind == "gap":
        reach = geo.marker_radius + 2
        return {"line": _gap_line(geo, Line(kx - reach, ky, kx + reach, ky))}
    return {"diamond": _diamond(kx, ky, position_size(geo))}


def svg_context(chart: Chart) -> dict[str, Any]:
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
                "diamond": "",
                **(_key_swatch(geo, item.kind, kx, ky) if item.swatch is None else {}),
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
            "diamond": _diamond(px, py, position_size(geo)),
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
        "panel": _panel(chart),
        "trend": _trend(chart),
        "peers": _peers(chart),
        "labels": labels,
        "key": key,
    }


def _line(line: Line) -> dict[str, str]:
    return {"x1": _n(line.x1), "y1": _n(line.y1), "x2": _n(line.x2), "y2": _n(line.y2)}
