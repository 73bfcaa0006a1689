"""The Co-production Grid chart: one description, drawn twice.

``build_chart`` turns plain inputs (``GridPoint``s, an optional ``PositionMarker`` and an
optional ``PanelMarker``) into a ``Chart`` holding

- ``svg_context``: everything ``templates/coprod_grid/_grid_svg.html`` needs to draw a
  static, printable inline SVG (the web page without JavaScript, and the PDF report), and
- ``plotly``: the interactive plotly figure as a plain dict (``data``, ``layout``,
  ``config``), which ``static/js/grid-chart.js`` draws when plotly.js has loaded, and
- ``svg_html`` and ``html``: those templates already rendered (the SVG alone for the
  PDF; the SVG with the plotly data for web pages). A chart is cached whole, so a page
  showing it pastes a string instead of running a template over hundreds of elements.

Both take every coordinate from ``geometry`` and every colour and marker from the
``Mark``s laid out by ``chart_layout``, so the two cannot disagree; ``svg_context`` and
``plotly_figure`` draw them. This module puts those steps together and writes the
chart's text alternative and the table that goes with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from django.template.loader import render_to_string

from coprod_grid.caching import cached_by_content

from .chart_layout import STYLE_LABELS, Chart, build_key, mark_for, place_point_labels
from .geometry import geometry_for
from .grid_terms import QUADRANT_NAMES, QUADRANTS, quadrant_slug_at
from .plotly_figure import plotly_figure
from .points import (
    GridPoint,
    PanelMarker,
    PeerCloud,
    PositionMarker,
    TrendMarker,
    gap_words,
    percent,
)
from .svg_context import svg_context

SVG_TEMPLATE = "coprod_grid/_grid_svg.html"
CHART_TEMPLATE = "coprod_grid/_grid_chart.html"

Size = Literal["full", "small", "narrow"]


def build_chart(
    points: Sequence[GridPoint],
    *,
    position: PositionMarker | None = None,
    panel: PanelMarker | None = None,
    trend: TrendMarker | None = None,
    peers: PeerCloud | None = None,
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
    by default it is written from the points. ``panel`` adds the panel's median, each
    member's position (unnamed, unlabelled) and, with a ``position``, the line between
    the two views. ``trend`` adds the earlier years' positions, joined by a path that ends
    in an arrow at ``position``; ``peers``, other organisations' positions as shaded
    cells under everything else.
    """
    geometry = geometry_for(size)
    show_labels = (size != "small") if labels is None else labels
    show_key = (size != "small") if key is None else key
    # Faint points first, so that practised ones are drawn over them.
    marks = sorted((mark_for(p, geometry) for p in points), key=lambda m: m.point.style != "faint")
    key_items = build_key(
        points, position, geometry, {**STYLE_LABELS, **(style_labels or {})}, panel, trend, peers
    )
    placements = place_point_labels(marks, position, geometry, panel, trend) if show_labels else {}
    chart = Chart(
        chart_id=chart_id,
        title=title,
        description=description
        if description is not None
        else describe(points, position, panel, trend, peers),
        size=size,
        geometry=geometry,
        points=list(points),
        position=position,
        marks=marks,
        key=key_items if show_key else [],
        labels=placements,
        panel=panel,
        trend=trend,
        peers=peers,
    )
    chart.svg_context = svg_context(chart)
    chart.svg_html = render_to_string(SVG_TEMPLATE, {"svg": chart.svg_context})
    if size == "full":
        # The same chart drawn for a narrow screen, which pages show instead below a
        # tablet's width: the full one scaled to a phone would have unreadable text.
        chart.narrow = build_chart(
            points,
            position=position,
            panel=panel,
            trend=trend,
            peers=peers,
            size="narrow",
            title=title,
            description=chart.description,
            chart_id=f"{chart_id}-narrow",
            labels=show_labels,
            key=show_key,
            style_labels=style_labels,
        )
    # Built for every size so that the two drawings can be held to each other; pages
    # send it only for an interactive chart.
    chart.plotly = plotly_figure(chart)
    if size != "narrow":
        chart.html = render_to_string(CHART_TEMPLATE, {"chart": chart})
    return chart


#: ``build_chart`` cached by its arguments (coprod_grid/caching.py), for pages whose
#: chart is the costly part and is not inside a cache of its own: the same points and
#: options always make the same chart, and laying one out costs several milliseconds.
cached_chart = cached_by_content("chart")(build_chart)


def describe(
    points: Sequence[GridPoint],
    position: PositionMarker | None = None,
    panel: PanelMarker | None = None,
    trend: TrendMarker | None = None,
    peers: PeerCloud | None = None,
) -> str:
    """A text alternative for the chart, written from its points."""
    counts = {slug: 0 for slug, *_ in QUADRANTS}
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
        "numbered points, each category in its own colour and shape: "
        + "; ".join(f"{counts[slug]} in {name.lower()}" for slug, name, *_ in QUADRANTS)
        + ".",
    ]
    faint = len(points) - plotted
    if faint:
        parts.append(f"{faint} more are shown faint.")
    if position is not None:
        parts.append(_where(position.label, position.x, position.y))
    if panel is not None:
        parts.append(_where(panel.label, panel.x, panel.y))
        members = len(panel.members)
        if members:
            parts.append(
                "1 panel member's position is shown as a small unnamed square."
                if members == 1
                else f"{members} panel members' positions are shown as small unnamed squares."
            )
        if position is not None:
            parts.append(gap_words(position, panel))
    if trend is not None and trend.steps:
        earlier = "; ".join(
            f"{step.period} at activeness {percent(step.x)}, embeddedness {percent(step.y)}"
            for step in trend.steps
        )
        parts.append(
            f"Earlier years, oldest first, shown as hollow circles: {earlier}."
            + (" An arrow leads from the latest of them to this position." if position else "")
        )
    if peers is not None and peers.cells:
        parts.append(
            f"Shaded squares show where the {peers.organisations} organisations sharing their "
            "results are placed, darker where there are more of them."
        )
    return " ".join(parts)


def _where(label: str, x: float, y: float) -> str:
    quadrant = QUADRANT_NAMES[quadrant_slug_at(x, y)]
    return (
        f"{label}: activeness {percent(x)}, embeddedness {percent(y)} out of 100, "
        f"in {quadrant.lower()}."
    )


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
