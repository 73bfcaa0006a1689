"""The Grid drawing as an image for print: the same SVG, in an ``<img>``.

WeasyPrint draws an ``<img>``'s SVG from ElementTree's parse of it, styled by its own
attributes; an inline ``<svg>`` goes through the HTML parser and the page's whole
cascade, 200-odd elements of it, for the same picture. And a tagged PDF's figure takes
its alternative text from an image's ``alt``, but from an inline SVG's ``<title>``
alone: as an image, the figure carries the drawing's description as well.
"""

from __future__ import annotations

import base64

from django.utils.html import format_html
from django.utils.safestring import SafeString

from .chart_layout import Chart


def print_image(chart: Chart) -> SafeString:
    """``<img>`` of the chart's SVG (``chart.svg_html``), its alternative text the
    chart's title and description."""
    svg = base64.b64encode(str(chart.svg_html).encode()).decode("ascii")
    alt = f"{chart.title}. {chart.description}" if chart.description else chart.title
    return format_html(
        '<img class="grid-chart__image" src="data:image/svg+xml;base64,{}" alt="{}">', svg, alt
    )
