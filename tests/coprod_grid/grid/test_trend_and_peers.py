"""The earlier years' path and the peer cloud on the Grid chart: both drawings take
them from the one geometry, every shade keeps its contrast, the text alternative says
what they show, and a chart without them draws none of it."""

import math

import pytest

from coprod_grid.grid.chart import build_chart
from coprod_grid.grid.chart_layout import position_size, trend_label_key
from coprod_grid.grid.colours import TEXT, contrast_ratio
from coprod_grid.grid.peer_layout import peer_shade
from coprod_grid.grid.points import (
    GridPoint,
    PeerCell,
    PeerCloud,
    PositionMarker,
    TrendMarker,
    TrendStep,
)
from coprod_grid.grid.trend_layout import step_shade
from tests.html import parse

POINTS = [
    GridPoint("a", 1, "Advisory forums", "governance", "Governance", "#005eb8", 0.44, 0.82),
    GridPoint("b", 2, "Surveys", "information", "Information", "#ffb81c", 0.08, 0.16),
]
TREND = TrendMarker(
    (
        TrendStep(0.2, 0.2, "2022/23"),
        TrendStep(0.3, 0.35, "2023/24"),
        TrendStep(0.4, 0.4, "2024/25"),
    )
)
POSITION = PositionMarker(0.6, 0.55)
PEERS = PeerCloud(
    (
        PeerCell(0.25, 0.35, 3),
        PeerCell(0.55, 0.65, 12),
        PeerCell(0.95, 0.05, 1),
        PeerCell(0.05, 0.95, 0),
    ),
    0.1,
    16,
)


@pytest.fixture(params=["full", "small"])
def chart(request):
    return build_chart(POINTS, position=POSITION, trend=TREND, peers=PEERS, size=request.param)


def _svg(chart):
    return parse(str(chart.svg_html))


def test_the_svg_draws_each_earlier_year_where_the_geometry_puts_it(chart):
    circles = _svg(chart).find("g", "grid-trend").find_all("circle")
    assert [c.attrs["data-period"] for c in circles] == ["2022/23", "2023/24", "2024/25"]
    for circle, step in zip(circles, TREND.steps, strict=True):
        cx, cy = chart.geometry.to_svg(step.x, step.y)
        assert float(circle.attrs["cx"]) == pytest.approx(cx, abs=0.01)
        assert float(circle.attrs["cy"]) == pytest.approx(cy, abs=0.01)


def test_plotly_draws_the_same_years_and_the_same_arrow(chart):
    traces = {t["meta"]["role"]: t for t in chart.plotly["data"]}
    assert traces["trend"]["x"] == [step.x for step in TREND.steps]
    assert traces["trend"]["y"] == [step.y for step in TREND.steps]
    arrow = _svg(chart).find("polygon", "grid-trend-arrow").attrs["points"].split()
    tip = [float(v) for v in arrow[0].split(",")]
    plotly_tip = chart.geometry.to_svg(traces["trend-arrow"]["x"][0], traces["trend-arrow"]["y"][0])
    assert plotly_tip == pytest.approx(tip, abs=0.02)
    # The arrow points at the position and stops short of its diamond.
    px, py = chart.geometry.to_svg(POSITION.x, POSITION.y)
    distance = math.hypot(px - tip[0], py - tip[1])
    assert distance == pytest.approx(position_size(chart.geometry) + 2, abs=0.02)


def test_the_oldest_year_is_palest_and_every_shade_meets_three_to_one():
    shades = [step_shade(i, 4) for i in range(4)]
    ratios = [contrast_ratio(shade) for shade in shades]
    assert ratios == sorted(ratios) and ratios[0] >= 3


def test_each_earlier_year_is_labelled_with_its_period_at_full_size():
    chart = build_chart(POINTS, position=POSITION, trend=TREND)
    assert [chart.labels[trend_label_key(i)].text for i in range(3)] == [
        "2022/23",
        "2023/24",
        "2024/25",
    ]


def test_peer_cells_are_drawn_in_both_drawings_and_empty_ones_not_at_all(chart):
    rects = _svg(chart).find("g", "grid-peers").find_all("rect")
    assert sorted(int(r.attrs["data-count"]) for r in rects) == [1, 3, 12]
    shapes = [s for s in chart.plotly["layout"]["shapes"] if s["name"] == "peer-cell"]
    assert len(shapes) == 3
    # Cells are clipped to the Grid, and plotly's cover the same ranges.
    assert all(0 <= s["x0"] < s["x1"] <= 1 and 0 <= s["y0"] < s["y1"] <= 1 for s in shapes)
    hover = next(t for t in chart.plotly["data"] if t["meta"]["role"] == "peers-hover")
    assert sorted(hover["hovertext"]) == sorted(
        [
            "1 organisation in this area",
            "3 organisations in this area",
            "12 organisations in this area",
        ]
    )


def test_the_darkest_peer_cell_keeps_text_and_marks_readable():
    assert contrast_ratio(TEXT, peer_shade(1.0)) >= 4.5


def test_the_text_alternative_and_the_key_say_what_the_path_and_cloud_show():
    chart = build_chart(POINTS, position=POSITION, trend=TREND, peers=PEERS)
    assert "2022/23 at activeness 20, embeddedness 20" in chart.description
    assert "An arrow leads from the latest of them to this position." in chart.description
    assert "the 16 organisations sharing their results" in chart.description
    kinds = [item.kind for item in chart.key]
    assert kinds[-2:] == ["trend", "peers"]


def test_a_chart_without_them_draws_none_of_them():
    plain = build_chart(POINTS, position=POSITION)
    svg = str(plain.svg_html)
    assert "grid-trend" not in svg and "grid-peers" not in svg
    roles = {t["meta"]["role"] for t in plain.plotly["data"]}
    assert not roles & {"trend", "trend-path", "trend-arrow", "peers", "peers-hover"}
    assert build_chart(POINTS, position=POSITION, trend=TrendMarker(())).svg_html == plain.svg_html
