"""The Grid drawing as an image for print (coprod_grid/grid/print_image.py): the very SVG
the pages show, its alternative text the drawing's title and description, escaped."""

import base64

from coprod_grid.grid.chart import build_chart
from coprod_grid.grid.points import GridPoint, PositionMarker
from coprod_grid.grid.print_image import print_image
from tests.html import parse

POINTS = [
    GridPoint("a", 1, "Advisory forums", "governance", "Governance", "#005eb8", 0.44, 0.82),
    GridPoint("b", 2, "Surveys", "information", "Information", "#ffb81c", 0.08, 0.16),
]
PREFIX = "data:image/svg+xml;base64,"


def test_the_image_is_the_charts_own_svg_with_its_title_and_description_as_alt():
    chart = build_chart(POINTS, position=PositionMarker(0.6, 0.55), title="Leeds on the Grid")

    image = parse(print_image(chart)).find("img")

    assert image.attrs["src"].startswith(PREFIX)
    assert base64.b64decode(image.attrs["src"].removeprefix(PREFIX)).decode() == str(chart.svg_html)
    assert image.attrs["alt"] == f"Leeds on the Grid. {chart.description}"
    assert "2 activities are plotted" in image.attrs["alt"]


def test_an_organisations_name_in_the_alt_text_is_escaped():
    chart = build_chart(POINTS, title='"><script>alert(1)</script> on the Grid')

    html = str(print_image(chart))

    assert "<script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html
    assert parse(html).find("img").attrs["alt"].startswith('"><script>alert(1)</script>')


def test_a_chart_without_a_description_has_its_title_alone():
    chart = build_chart(POINTS, title="The Co-production Grid", description="")

    assert parse(print_image(chart)).find("img").attrs["alt"] == "The Co-production Grid"
