"""The Grid chart: the same points, colours and geometry in the SVG and in plotly."""

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from coprod_grid.grid import chart as charts
from coprod_grid.grid import geometry as g
from coprod_grid.grid.chart_layout import FRONTIER_LABEL, Chart
from coprod_grid.grid.colours import FAINT_OUTLINE, OUTLINE, WHITE, contrast_ratio
from coprod_grid.grid.grid_terms import TICKS
from coprod_grid.grid.points import GridPoint, PositionMarker, highlight_category, percent
from coprod_grid.grid.symbols import symbol_for

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "catalogue.json"
SVG = "{http://www.w3.org/2000/svg}"


def catalogue() -> tuple[list[dict], dict[str, dict]]:
    rows = json.loads(FIXTURE.read_text())
    categories = {
        r["fields"]["slug"]: r["fields"] for r in rows if r["model"] == "coprod_grid.category"
    }
    activities = [r["fields"] for r in rows if r["model"] == "coprod_grid.activity"]
    activities.sort(
        key=lambda a: (
            categories[a["category"][0]]["order"],
            -float(a["embeddedness"]),
            float(a["activeness"]),
            a["slug"],
        )
    )
    return activities, categories


def catalogue_points(**overrides) -> list[GridPoint]:
    activities, categories = catalogue()
    points = []
    for number, a in enumerate(activities, start=1):
        category = categories[a["category"][0]]
        fields = {
            "slug": a["slug"],
            "number": number,
            "name": a["name"],
            "category_slug": category["slug"],
            "category_name": category["name"],
            "colour": category["colour"],
            "x": float(a["activeness"]),
            "y": float(a["embeddedness"]),
        }
        points.append(GridPoint(**{**fields, **overrides.get(a["slug"], {})}))
    return points


PRACTICES = {
    # Worked example 2 of docs/scoring.md: frequency, frontier, practice position.
    "member-of-decision-making-forums": {"style": "routine", "frontier": True, "y": 0.95},
    "quality-visits-to-services": {"style": "routine", "frontier": True, "y": 0.82},
    "co-produce-mental-health-strategy": {"style": "occasional", "frontier": True, "y": 0.27},
    "surveys-and-questionnaires": {"style": "routine", "y": 0.58},
    "co-design-with-methodology": {"style": "occasional", "y": 0.23},
}


def results_points() -> list[GridPoint]:
    points = catalogue_points(**PRACTICES)
    return [p if p.slug in PRACTICES else replace(p, style="faint") for p in points]


def results_chart(size="full") -> Chart:
    return charts.build_chart(
        results_points(),
        position=PositionMarker(0.7167, 0.69),
        size=size,
        title="Your organisation on the Grid",
        chart_id=f"results-{size}",
    )


def category_traces(chart: Chart) -> list[dict]:
    return [t for t in chart.plotly["data"] if t["meta"]["role"] == "category"]


def parse_svg(chart: Chart) -> ET.Element:
    return ET.fromstring(render_to_string("coprod_grid/_grid_svg.html", {"svg": chart.svg_context}))


# --- colour ---------------------------------------------------------------------------


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#F0E442") < 3  # why outlines are needed
    assert contrast_ratio(OUTLINE) >= 3
    assert contrast_ratio(FAINT_OUTLINE) >= 3


def test_percent_rounds_half_up():
    assert percent(0.7167) == 72
    assert percent(0.685) == 69
    assert percent(0.125) == 13
    assert percent(1) == 100


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError, match="Unknown point style"):
        GridPoint("a", 1, "A", "c", "C", "#000000", 0, 0, style="bold")


# --- the public Grid --------------------------------------------------------------------


def test_there_is_one_legend_entry_per_category_in_its_colour_and_shape():
    chart = charts.build_chart(catalogue_points())
    _, categories = catalogue()
    entries = [t for t in chart.plotly["data"] if t["meta"]["role"] == "legend"]
    assert [t["name"] for t in entries] == [
        c["name"] for c in sorted(categories.values(), key=lambda c: c["order"])
    ]
    for entry in entries:
        colour = categories[entry["legendgroup"]]["colour"]
        # Filled, as in the SVG's key, whatever the category's first point is.
        assert entry["marker"]["color"] == colour
        assert entry["marker"]["symbol"] == symbol_for(colour, entry["legendgroup"])
        assert entry.get("showlegend", True)
    for trace in category_traces(chart):
        colour = categories[trace["legendgroup"]]["colour"]
        assert set(trace["marker"]["color"]) == {colour}
        assert set(trace["marker"]["symbol"]) == {symbol_for(colour, trace["legendgroup"])}
    # Nothing else claims a legend entry on the public Grid.
    assert [t for t in chart.plotly["data"] if t.get("showlegend", True)] == entries


def test_no_two_categories_share_a_shape_and_none_is_the_panels_or_the_positions():
    _, categories = catalogue()
    shapes = [symbol_for(c["colour"], slug) for slug, c in categories.items()]
    assert len(set(shapes)) == len(shapes)
    assert not {"square", "diamond"} & set(shapes)


def test_a_category_with_only_occasional_points_is_still_filled_in_the_legend():
    points = [replace(p, style="occasional") for p in catalogue_points()]
    chart = charts.build_chart(points)
    for entry in (t for t in chart.plotly["data"] if t["meta"]["role"] == "legend"):
        assert entry["marker"]["color"] != WHITE


def test_plotly_writes_each_label_where_the_svg_does_clear_of_every_point():
    chart = results_chart()
    geo = chart.geometry
    texts = [t for t in chart.plotly["data"] if t["meta"]["role"] == "label"]
    written = {
        text: (x, y) for t in texts for text, x, y in zip(t["text"], t["x"], t["y"], strict=True)
    }
    for placement in chart.labels.values():
        assert written[placement.text] == pytest.approx(geo.from_svg(*placement.box.centre))
        for mark in chart.marks:
            r = mark.radius
            box = g.Box(mark.cx - r, mark.cy - r, 2 * r, 2 * r)
            assert not placement.box.overlaps(box), (placement.text, mark.point.slug)


def test_every_point_is_in_the_plotly_figure_at_its_position():
    points = catalogue_points()
    chart = charts.build_chart(points)
    plotted = {}
    for trace in category_traces(chart):
        for slug, x, y in zip(trace["customdata"], trace["x"], trace["y"], strict=True):
            plotted[slug] = (x, y)
    assert plotted == {p.slug: (p.x, p.y) for p in points}


def test_hover_text_names_the_activity_its_category_and_position():
    chart = charts.build_chart(catalogue_points())
    trace = next(t for t in category_traces(chart) if t["legendgroup"] == "co-production")
    hover = trace["hovertext"][trace["customdata"].index("co-produce-mental-health-strategy")]
    assert "Co-production of CCG Mental Health Strategy" in hover
    assert "Co-production" in hover
    assert "Activeness 95, embeddedness 54" in hover
    assert trace["hovertemplate"] == "%{hovertext}<extra></extra>"


def test_hover_text_escapes_names():
    point = GridPoint("a", 1, "<img src=x> & co", "c", "C", "#000000", 0.2, 0.2)
    trace = category_traces(charts.build_chart([point]))[0]
    assert "<img" not in trace["hovertext"][0]
    assert "&lt;img src=x&gt; &amp; co" in trace["hovertext"][0]


def test_the_plotly_axes_and_shapes_come_from_the_geometry():
    chart = charts.build_chart(catalogue_points())
    layout = chart.plotly["layout"]
    geo = g.FULL
    assert layout["xaxis"]["range"] == pytest.approx(list(geo.x_range))
    assert layout["yaxis"]["range"] == pytest.approx(list(geo.y_range))
    assert layout["xaxis"]["tickvals"] == pytest.approx(list(TICKS))
    shapes = {s["name"]: s for s in layout["shapes"] if s["name"] != "grid-line"}
    for quadrant in geo.quadrants():
        shape = shapes[f"quadrant-{quadrant.slug}"]
        assert (shape["x0"], shape["x1"]) == pytest.approx(quadrant.x_range)
        assert (shape["y0"], shape["y1"]) == pytest.approx(quadrant.y_range)
    boundaries = [s for s in layout["shapes"] if s["name"] == "boundary"]
    vertical, horizontal = boundaries
    assert (vertical["x0"], vertical["x1"]) == pytest.approx((0.5, 0.5))
    assert (horizontal["y0"], horizontal["y1"]) == pytest.approx((0.5, 0.5))
    annotations = {a["name"]: a for a in layout["annotations"]}
    for quadrant in geo.quadrants():
        annotation = annotations[f"quadrant-{quadrant.slug}"]
        assert annotation["text"] == quadrant.name
        assert (annotation["x"], annotation["y"]) == pytest.approx(quadrant.label_position)
    assert annotations["x-axis-low"]["text"] == "← Passive"
    assert annotations["x-axis-high"]["text"] == "Active →"
    assert annotations["y-axis-low"]["text"] == "← Isolated episodes"
    assert annotations["y-axis-high"]["text"] == "Normal practice →"


def test_the_plotly_figure_is_plain_json_without_modebar_or_title():
    chart = charts.build_chart(catalogue_points())
    assert json.loads(chart.plotly_json) == chart.plotly
    assert chart.plotly["config"]["displayModeBar"] is False
    assert "title" not in chart.plotly["layout"]
    assert "template" not in chart.plotly["layout"]
    assert "<b>" not in chart.plotly_json  # plotly draws <b> with a style attribute: CSP


def _plotly_outlines(chart: Chart):
    """Yield (slug, outline colour) for every point of every category trace."""
    underlays = [t for t in chart.plotly["data"] if t["meta"]["role"] == "outline"]
    for trace in category_traces(chart):
        for i, slug in enumerate(trace["customdata"]):
            width = trace["marker"]["line"]["width"][i]
            colour = trace["marker"]["line"]["color"][i]
            if width >= 1 and contrast_ratio(colour) >= 3:
                yield slug, colour
                continue
            # Otherwise a darker, bigger disc drawn underneath gives the edge.
            x, y = trace["x"][i], trace["y"][i]
            size = trace["marker"]["size"][i] + width
            under = [
                u["marker"]["color"][j]
                for u in underlays
                if u["legendgroup"] == trace["legendgroup"]
                for j in range(len(u["x"]))
                if (u["x"][j], u["y"][j]) == (x, y) and u["marker"]["size"][j] > size
            ]
            yield slug, under[0] if under else colour


def _svg_outlines(root: ET.Element):
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "grid-point":
            continue
        first = next(e for e in group if e.tag in (f"{SVG}circle", f"{SVG}path"))
        stroked = first.get("stroke") != "none" and float(first.get("stroke-width")) >= 1
        yield group.get("data-slug"), first.get("stroke") if stroked else first.get("fill")


@pytest.mark.parametrize(
    "chart_factory", [lambda: charts.build_chart(catalogue_points()), results_chart]
)
def test_every_point_has_an_outline_with_3_to_1_contrast(chart_factory):
    chart = chart_factory()
    plotly = dict(_plotly_outlines(chart))
    svg = dict(_svg_outlines(parse_svg(chart)))
    assert set(plotly) == set(svg) == {p.slug for p in chart.points}
    for slug in plotly:
        assert contrast_ratio(plotly[slug]) >= 3, ("plotly", slug, plotly[slug])
        assert contrast_ratio(svg[slug]) >= 3, ("svg", slug, svg[slug])


# --- the SVG ----------------------------------------------------------------------------


def test_the_svg_is_an_accessible_scalable_image():
    chart = charts.build_chart(catalogue_points(), title="The Grid", chart_id="grid")
    root = parse_svg(chart)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "grid-title grid-desc"
    assert root.find(f"{SVG}title").text == "The Grid"
    assert "29 activities are plotted" in root.find(f"{SVG}desc").text
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 720 ")
    assert "Liberation Sans" in root.get("font-family")
    assert root.find(f".//{SVG}style") is None and root.find(f".//{SVG}script") is None
    assert not any(el.get("style") for el in root.iter())


def test_the_svg_draws_the_quadrants_boundaries_axes_and_key():
    chart = charts.build_chart(catalogue_points())
    root = parse_svg(chart)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for text in (
        "Active and embedded",
        "Active and isolated",
        "Passive and embedded",
        "Passive and isolated",
        "← Passive",
        "Active →",
        "← Isolated episodes",
        "Normal practice →",
        "Information-based activities",
        "Co-production",
    ):
        assert text in texts
    boundaries = [ln for ln in root.iter(f"{SVG}line") if ln.get("data-boundary")]
    bx, by = g.FULL.to_svg(0.5, 0.5)
    assert float(boundaries[0].get("x1")) == pytest.approx(bx, abs=0.01)
    assert float(boundaries[1].get("y1")) == pytest.approx(by, abs=0.01)
    keys = [k for k in root.iter(f"{SVG}g") if k.get("data-key") == "category"]
    assert len(keys) == 8


def test_each_svg_point_is_at_its_mapped_position_with_its_number():
    points = catalogue_points()
    root = parse_svg(charts.build_chart(points))
    by_slug = {p.slug: p for p in points}
    groups = [el for el in root.iter(f"{SVG}g") if el.get("class") == "grid-point"]
    assert len(groups) == 29
    for group in groups:
        point = by_slug[group.get("data-slug")]
        cx, cy = g.FULL.to_svg(point.x, point.y)
        for circle in group.iter(f"{SVG}circle"):
            assert float(circle.get("cx")) == pytest.approx(cx, abs=0.01)
            assert float(circle.get("cy")) == pytest.approx(cy, abs=0.01)
        label = next(t for t in root.iter(f"{SVG}text") if t.get("data-label-for") == point.slug)
        assert label.text == str(point.number)


# --- an organisation's results, and the dashboard's small chart -------------------------


def test_a_results_chart_draws_styles_frontier_and_position():
    chart = results_chart()
    root = parse_svg(chart)
    styles = {
        g.get("data-slug"): g.get("data-style")
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "grid-point"
    }
    assert styles["member-of-decision-making-forums"] == "routine"
    assert styles["co-design-with-methodology"] == "occasional"
    assert styles["analysis-of-complaints"] == "faint"
    rings = [c for c in root.iter(f"{SVG}circle") if c.get("data-ring") == "frontier"]
    assert len(rings) == 3
    position = root.find(f".//{SVG}polygon[@class='grid-position']")
    cx, cy = g.FULL.to_svg(0.7167, 0.69)
    assert float(position.get("data-cx")) == pytest.approx(cx, abs=0.01)
    assert float(position.get("data-cy")) == pytest.approx(cy, abs=0.01)
    key = [t.text for k in root.iter(f"{SVG}g") if k.get("data-key") for t in k.iter(f"{SVG}text")]
    assert "Done routinely (filled)" in key
    assert "Done occasionally (outlined)" in key
    assert "Not done (faint)" in key
    assert FRONTIER_LABEL in key
    assert "Your position" in key
    assert "Your position: activeness 72, embeddedness 69" in chart.description

    roles = [t["meta"]["role"] for t in chart.plotly["data"]]
    assert roles.count("frontier") == 1 and roles.count("position") == 1
    frontier = next(t for t in chart.plotly["data"] if t["meta"]["role"] == "frontier")
    assert len(frontier["x"]) == 3
    position_trace = next(t for t in chart.plotly["data"] if t["meta"]["role"] == "position")
    assert position_trace["marker"]["symbol"] == "diamond"
    assert (position_trace["x"], position_trace["y"]) == ([0.7167], [0.69])


def test_an_occasional_point_is_outlined_in_its_category_colour():
    chart = results_chart()
    mark = next(m for m in chart.marks if m.point.slug == "co-design-with-methodology")
    assert mark.circles[-1].fill == WHITE
    assert mark.circles[-1].stroke == "#CC79A7"
    assert mark.circles[0].fill == OUTLINE


def test_a_small_chart_has_no_labels_or_key_but_keeps_frontier_and_position():
    chart = results_chart(size="small")
    assert chart.geometry is g.SMALL
    assert chart.labels == {} and chart.key == []
    root = parse_svg(chart)
    assert root.get("viewBox").startswith("0 0 320 ")
    assert not [t for t in root.iter(f"{SVG}text") if t.get("data-label-for")]
    assert root.find(f".//{SVG}polygon[@class='grid-position']") is not None
    layout = chart.plotly["layout"]
    assert layout["showlegend"] is False
    assert layout["xaxis"]["range"] == pytest.approx(list(g.SMALL.x_range))
    roles = {t["meta"]["role"] for t in chart.plotly["data"]}
    assert {"frontier", "position"} <= roles


def test_highlight_category_makes_the_others_faint():
    points = highlight_category(catalogue_points(), "co-design")
    assert {p.style for p in points if p.category_slug == "co-design"} == {"catalogue"}
    assert {p.style for p in points if p.category_slug != "co-design"} == {"faint"}


def test_table_rows_show_positions_out_of_100_and_the_quadrant():
    rows = charts.table_rows(catalogue_points(), category_href=lambda slug: f"/c/{slug}/")
    row = next(r for r in rows if r.slug == "advisory-forums")
    assert (row.activeness, row.embeddedness) == (44, 82)
    assert row.quadrant_name == "Passive and embedded"
    assert row.category_href == "/c/governance-arrangements/"
    assert [r.number for r in rows] == list(range(1, 30))


def test_the_data_id_and_plotly_path():
    chart = charts.build_chart(catalogue_points(), chart_id="grid")
    assert chart.data_id == "grid-chart-data-grid"
    assert re.fullmatch(r"vendor/plotly-[\d.]+/plotly\.min\.js", chart.plotly_js_path)
