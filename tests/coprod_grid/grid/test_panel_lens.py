"""The panel's lens on a Grid chart: the panel's median, its members' positions (unnamed)
and the gap to the commissioners' position, the same in the SVG and in plotly. The gap
in words and the text alternative are in test_panel_words."""

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from coprod_grid.grid import chart as charts
from coprod_grid.grid import geometry as g
from coprod_grid.grid.chart_layout import Chart, position_size
from coprod_grid.grid.colours import WHITE, contrast_ratio
from coprod_grid.grid.panel_layout import GAP_LABEL, PANEL_MEMBERS_LABEL, median_square
from coprod_grid.grid.points import PanelMarker, PositionMarker
from coprod_grid.grid.shapes import Box

from .test_chart import SVG, parse_svg, results_points

POSITION = PositionMarker(0.62, 0.48)
MEMBERS = ((0.30, 0.62), (0.41, 0.45), (0.52, 0.58), (0.62, 0.40), (0.35, 0.33), (0.48, 0.70))
PANEL = PanelMarker(0.44, 0.51, members=MEMBERS)


def panel_chart(size="full", position=POSITION, panel=PANEL, **options) -> Chart:
    return charts.build_chart(
        results_points(),
        position=position,
        panel=panel,
        size=size,
        chart_id=f"panel-{size}",
        **options,
    )


def trace(chart: Chart, role: str) -> dict:
    (found,) = [t for t in chart.plotly["data"] if t["meta"]["role"] == role]
    return found


def roles(chart: Chart) -> list[str]:
    return [t["meta"]["role"] for t in chart.plotly["data"]]


def panel_square(root: ET.Element) -> ET.Element:
    (square,) = root.findall(f".//{SVG}rect[@class='grid-panel']")
    return square


def member_squares(root: ET.Element) -> list[ET.Element]:
    groups = root.findall(f".//{SVG}g[@class='grid-panel-members']")
    assert len(groups) <= 1
    return list(groups[0]) if groups else []


def gap_lines(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{SVG}line[@class='grid-gap']")


def centre(element: ET.Element) -> tuple[float, float]:
    """A rect's middle from its geometry (not from its data attributes)."""
    return (
        float(element.get("x")) + float(element.get("width")) / 2,
        float(element.get("y")) + float(element.get("height")) / 2,
    )


def key_texts(root: ET.Element) -> list[tuple[str, str]]:
    return [
        (k.get("data-key"), k.find(f"{SVG}text").text)
        for k in root.iter(f"{SVG}g")
        if k.get("data-key")
    ]


# --- the median -----------------------------------------------------------------------


@pytest.mark.parametrize("size", ["full", "small"])
def test_the_svg_and_plotly_put_the_median_at_the_panels_position(size):
    chart = panel_chart(size)
    geo = g.geometry_for(size)
    square = panel_square(parse_svg(chart))
    assert centre(square) == pytest.approx(geo.to_svg(PANEL.x, PANEL.y), abs=0.01)
    assert float(square.get("width")) == float(square.get("height"))
    median = trace(chart, "panel")
    assert (median["x"], median["y"]) == ([PANEL.x], [PANEL.y])
    assert median["marker"]["symbol"] == "square"
    assert median["marker"]["size"] == pytest.approx(float(square.get("width")))
    assert median["name"] == "Panel's position"
    assert median["hovertext"] == [
        "Panel's position<br>Activeness 44, embeddedness 51<br>"
        "The panel places you 18 points less active and 3 points more embedded."
    ]


def test_the_median_is_told_from_the_position_and_the_activities_by_shape():
    chart = panel_chart()
    root = parse_svg(chart)
    assert root.find(f".//{SVG}polygon[@class='grid-position']") is not None
    assert panel_square(root).tag == f"{SVG}rect"
    symbols = {
        role: trace(chart, role)["marker"]["symbol"]
        for role in ("position", "panel", "panel-members")
    }
    assert symbols == {"position": "diamond", "panel": "square", "panel-members": "square-open"}
    categories = [t for t in chart.plotly["data"] if t["meta"]["role"] == "category"]
    shapes = {symbol for t in categories for symbol in t["marker"]["symbol"]}
    assert shapes and not shapes & {"diamond", "square", "square-open"}


def test_the_panels_marks_meet_3_to_1_contrast_against_white():
    chart = panel_chart()
    root = parse_svg(chart)
    assert contrast_ratio(panel_square(root).get("fill")) >= 3
    for member in member_squares(root):
        assert member.get("fill") == "none"
        assert contrast_ratio(member.get("stroke")) >= 3
        assert float(member.get("stroke-width")) >= 1
    (line,) = gap_lines(root)
    assert contrast_ratio(line.get("stroke")) >= 3
    assert contrast_ratio(trace(chart, "panel")["marker"]["color"]) >= 3
    assert contrast_ratio(trace(chart, "panel-members")["marker"]["line"]["color"]) >= 3
    assert contrast_ratio(trace(chart, "gap")["line"]["color"]) >= 3
    assert trace(chart, "panel")["marker"]["line"]["color"] == WHITE


def test_the_medians_label_is_placed_with_the_others_and_drawn_like_the_positions():
    chart = panel_chart()
    placement = chart.labels["panel"]
    assert placement.text == "Panel's position" and placement.bold
    others = [p.box for key, p in chart.labels.items() if key != "panel"]
    assert not any(placement.box.overlaps(box) for box in others)
    root = parse_svg(chart)
    (text,) = [t for t in root.iter(f"{SVG}text") if t.get("data-label-for") == "panel"]
    (position_text,) = [t for t in root.iter(f"{SVG}text") if t.get("data-label-for") == "position"]
    assert text.text == "Panel's position"
    assert text.get("font-weight") == position_text.get("font-weight") == "bold"
    assert text.get("fill") == position_text.get("fill")
    labels = {t["legendgroup"]: t for t in chart.plotly["data"] if t["meta"]["role"] == "label"}
    assert labels["panel"]["text"] == ["Panel's position"]
    assert labels["panel"]["textfont"] == labels["position"]["textfont"]
    assert labels["panel"]["textfont"]["weight"] == "bold"
    # Written where the SVG writes it, and hidden with the median from the legend.
    assert (labels["panel"]["x"][0], labels["panel"]["y"][0]) == pytest.approx(
        chart.geometry.from_svg(*placement.box.centre)
    )
    assert trace(chart, "panel")["legendgroup"] == "panel"


def test_a_panel_label_of_its_own_is_escaped_in_plotly():
    chart = panel_chart(panel=PanelMarker(0.44, 0.51, label="<img src=x> panel"))
    median = trace(chart, "panel")
    (label,) = [t for t in chart.plotly["data"] if t["meta"] == {"role": "label", "group": "panel"}]
    assert "<img" not in label["text"][0] and "<img" not in median["hovertext"][0]
    assert "<img" not in chart.svg_html


# --- the members ----------------------------------------------------------------------


@pytest.mark.parametrize("size", ["full", "small"])
def test_the_svg_and_plotly_put_each_member_at_their_position(size):
    chart = panel_chart(size)
    geo = g.geometry_for(size)
    squares = member_squares(parse_svg(chart))
    svg_places = Counter((round(x, 2), round(y, 2)) for x, y in map(centre, squares))
    expected = Counter(
        (round(x, 2), round(y, 2)) for x, y in (geo.to_svg(mx, my) for mx, my in MEMBERS)
    )
    assert svg_places == expected
    members = trace(chart, "panel-members")
    assert Counter(zip(members["x"], members["y"], strict=True)) == Counter(MEMBERS)
    assert members["marker"]["size"] == pytest.approx(float(squares[0].get("width")))


def test_members_are_drawn_smaller_than_the_median_and_the_activities():
    chart = panel_chart()
    root = parse_svg(chart)
    median_side = float(panel_square(root).get("width"))
    activity_diameter = 2 * g.FULL.marker_radius
    for member in member_squares(root):
        assert float(member.get("width")) < min(median_side, activity_diameter)


def test_members_carry_no_names_numbers_labels_or_order():
    chart = panel_chart()
    root = parse_svg(chart)
    for member in member_squares(root):
        assert member.tag == f"{SVG}rect" and len(member) == 0 and not member.text
        assert set(member.attrib) == {
            "x",
            "y",
            "width",
            "height",
            "fill",
            "stroke",
            "stroke-width",
            "data-cx",
            "data-cy",
        }
    # Labels only for activities, the position and the median.
    activity_slugs = {p.slug for p in chart.points}
    assert set(chart.labels) == activity_slugs | {"position", "panel"}
    members = trace(chart, "panel-members")
    assert members["mode"] == "markers"
    for attribute in ("text", "customdata", "ids", "texttemplate", "hovertemplate_fallback"):
        assert attribute not in members
    assert members["meta"] == {"role": "panel-members"}
    for hover in members["hovertext"]:
        assert re.fullmatch(r"A panel member's position: activeness \d+, embeddedness \d+", hover)
    # The order drawn is the order of places, whatever order the ratings came in.
    shuffled = PanelMarker(PANEL.x, PANEL.y, members=tuple(reversed(MEMBERS)))
    again = panel_chart(panel=shuffled)
    assert again.svg_html == chart.svg_html and again.plotly == chart.plotly


def test_no_label_covers_a_member():
    chart = panel_chart()
    for member in member_squares(parse_svg(chart)):
        x, y = float(member.get("x")), float(member.get("y"))
        side = float(member.get("width"))
        box = Box(x, y, side, side)
        assert not [p.key for p in chart.labels.values() if p.box.overlaps(box)]


# --- the gap line and the drawing order -------------------------------------------------


@pytest.mark.parametrize("size", ["full", "small"])
def test_the_gap_line_joins_the_two_positions(size):
    chart = panel_chart(size)
    geo = g.geometry_for(size)
    (line,) = gap_lines(parse_svg(chart))
    start = (float(line.get("x1")), float(line.get("y1")))
    end = (float(line.get("x2")), float(line.get("y2")))
    assert start == pytest.approx(geo.to_svg(POSITION.x, POSITION.y), abs=0.01)
    assert end == pytest.approx(geo.to_svg(PANEL.x, PANEL.y), abs=0.01)
    dash, space = (float(n) for n in line.get("stroke-dasharray").split())
    gap = trace(chart, "gap")
    assert (gap["x"], gap["y"]) == ([POSITION.x, PANEL.x], [POSITION.y, PANEL.y])
    assert gap["mode"] == "lines" and gap["hoverinfo"] == "skip"
    assert gap["line"]["dash"] == f"{dash:g}px,{space:g}px"
    assert gap["line"]["width"] == float(line.get("stroke-width"))
    assert gap["line"]["color"] == line.get("stroke")


def test_members_then_the_line_then_both_positions_are_drawn_in_that_order():
    chart = panel_chart()
    root = parse_svg(chart)
    order = [
        el.get("class")
        for el in root
        if el.get("class")
        in ("grid-points", "grid-panel-members", "grid-gap", "grid-position", "grid-panel")
    ]
    assert order == ["grid-points", "grid-panel-members", "grid-gap", "grid-position", "grid-panel"]
    drawn = roles(chart)
    last_category = max(i for i, role in enumerate(drawn) if role == "category")
    assert (
        last_category
        < drawn.index("panel-members")
        < drawn.index("gap")
        < drawn.index("position")
        < drawn.index("panel")
    )


# --- the key and the legend -------------------------------------------------------------


def test_the_key_explains_the_panels_marks_after_the_position():
    chart = panel_chart()
    keys = key_texts(parse_svg(chart))
    assert keys[-4:] == [
        ("position", "Your position"),
        ("panel", "Panel's position"),
        ("panel-members", PANEL_MEMBERS_LABEL),
        ("gap", GAP_LABEL),
    ]
    layout = chart.plotly["layout"]
    assert layout["showlegend"] is True
    legend = [t for t in chart.plotly["data"] if t.get("showlegend", True)]
    assert len(legend) == len(chart.key)
    ranked = sorted(legend, key=lambda t: t.get("legendrank", 1000))  # plotly's sort is stable
    assert [t["name"] for t in ranked][-4:] == [label for _, label in keys[-4:]]


def test_the_key_shows_only_what_the_chart_draws():
    no_members = key_texts(parse_svg(panel_chart(panel=PanelMarker(0.44, 0.51))))
    assert ("panel", "Panel's position") in no_members
    assert [k for k, _ in no_members if k in ("panel-members",)] == []
    assert ("gap", GAP_LABEL) in no_members
    no_position = key_texts(parse_svg(panel_chart(position=None)))
    assert [k for k, _ in no_position if k in ("position", "gap")] == []
    assert ("panel-members", PANEL_MEMBERS_LABEL) in no_position


def test_a_small_chart_draws_the_panel_without_labels_or_key():
    chart = panel_chart("small")
    root = parse_svg(chart)
    assert chart.key == [] and chart.labels == {}
    assert key_texts(root) == []
    assert not [t for t in root.iter(f"{SVG}text") if t.get("data-label-for")]
    assert len(member_squares(root)) == len(MEMBERS) and len(gap_lines(root)) == 1
    assert chart.plotly["layout"]["showlegend"] is False
    assert trace(chart, "panel")["mode"] == "markers"
    with_key = key_texts(parse_svg(panel_chart("small", key=True)))
    assert ("panel", "Panel's position") in with_key and ("gap", GAP_LABEL) in with_key


def test_key_swatches_draw_the_same_marks_as_the_chart():
    root = parse_svg(panel_chart())
    swatches = {k.get("data-key"): k for k in root.iter(f"{SVG}g") if k.get("data-key")}
    (median_swatch,) = swatches["panel"].findall(f"{SVG}rect")
    assert median_swatch.get("width") == panel_square(root).get("width")
    assert median_swatch.get("fill") == panel_square(root).get("fill")
    (member_swatch,) = swatches["panel-members"].findall(f"{SVG}rect")
    member = member_squares(root)[0]
    for attribute in ("width", "fill", "stroke", "stroke-width"):
        assert member_swatch.get(attribute) == member.get(attribute)
    (line_swatch,) = swatches["gap"].findall(f"{SVG}line")
    (line,) = gap_lines(root)
    for attribute in ("stroke", "stroke-width", "stroke-dasharray"):
        assert line_swatch.get(attribute) == line.get(attribute)


# --- without a commissioners' position, and without a panel -----------------------------


def test_a_panel_without_a_position_draws_median_and_members_but_no_line():
    chart = panel_chart(position=None)
    root = parse_svg(chart)
    assert root.find(f".//{SVG}polygon[@class='grid-position']") is None
    assert centre(panel_square(root)) == pytest.approx(g.FULL.to_svg(PANEL.x, PANEL.y), abs=0.01)
    assert len(member_squares(root)) == len(MEMBERS)
    assert gap_lines(root) == []
    assert "position" not in roles(chart) and "gap" not in roles(chart)
    assert {"panel", "panel-members"} <= set(roles(chart))
    assert "places you" not in chart.description
    assert "places you" not in trace(chart, "panel")["hovertext"][0]


@pytest.mark.parametrize("size", ["full", "small"])
def test_no_panel_draws_nothing_of_the_panel(size):
    chart = panel_chart(size, panel=None)
    assert chart.panel is None and chart.svg_context["panel"] is None
    for text in ("grid-panel", "grid-gap", "Panel", "panel member"):
        assert text not in chart.html
    assert not {"panel", "panel-members", "gap"} & set(roles(chart))
    assert charts.describe(chart.points, POSITION) == chart.description


@pytest.mark.parametrize("size", ["full", "narrow"])
def test_no_label_sits_on_a_point_or_either_view(size):
    """ "Commissioners' position" was once drawn over an activity's point."""
    chart = panel_chart(size)
    geo = chart.geometry
    assert chart.labels
    marks = [Box(m.cx - m.radius, m.cy - m.radius, 2 * m.radius, 2 * m.radius) for m in chart.marks]
    px, py = geo.to_svg(POSITION.x, POSITION.y)
    half = position_size(geo)
    marks.append(Box(px - half, py - half, 2 * half, 2 * half))
    square = median_square(geo, *geo.to_svg(PANEL.x, PANEL.y))
    side = 2 * square.outer_half
    marks.append(Box(square.cx - square.outer_half, square.cy - square.outer_half, side, side))
    for placement in chart.labels.values():
        assert geo.frame.contains(placement.box), placement.text
        for box in marks:
            assert not placement.box.overlaps(box), (placement.text, box)
