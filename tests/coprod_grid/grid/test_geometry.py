"""The Grid's geometry: one layout for the SVG and the plotly chart."""

import itertools
import json
from pathlib import Path

import pytest
from django.conf import settings

from coprod_grid.grid import geometry as g
from coprod_grid.grid import grid_terms, label_placer, shapes

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "catalogue.json"
SIZES = [g.FULL, g.SMALL]


def catalogue_positions() -> list[tuple[str, float, float]]:
    rows = json.loads(FIXTURE.read_text())
    return [
        (r["fields"]["slug"], float(r["fields"]["activeness"]), float(r["fields"]["embeddedness"]))
        for r in rows
        if r["model"] == "coprod_grid.activity"
    ]


@pytest.mark.parametrize("geo", SIZES, ids=lambda geo: geo.name)
def test_corners_map_to_the_plot_box_corners(geo):
    plot = geo.plot
    assert geo.to_svg(0, 0) == pytest.approx((plot.x, plot.bottom))
    assert geo.to_svg(1, 0) == pytest.approx((plot.right, plot.bottom))
    assert geo.to_svg(0, 1) == pytest.approx((plot.x, plot.y))
    assert geo.to_svg(1, 1) == pytest.approx((plot.right, plot.y))


@pytest.mark.parametrize("geo", SIZES, ids=lambda geo: geo.name)
def test_the_plot_sits_inside_the_frame_with_room_for_the_quadrant_names(geo):
    assert geo.frame.contains(geo.plot)
    assert geo.plot.y - geo.frame.y >= geo.font_size * 1.5
    assert geo.frame.bottom - geo.plot.bottom >= geo.font_size * 1.5


@pytest.mark.parametrize("geo", SIZES, ids=lambda geo: geo.name)
def test_half_maps_to_the_boundary_lines(geo):
    vertical, horizontal = geo.boundary_lines()
    bx, by = geo.to_svg(0.5, 0.5)
    assert vertical.x1 == vertical.x2 == pytest.approx(bx)
    assert (vertical.y1, vertical.y2) == pytest.approx((geo.frame.y, geo.frame.bottom))
    assert horizontal.y1 == horizontal.y2 == pytest.approx(by)
    assert (horizontal.x1, horizontal.x2) == pytest.approx((geo.frame.x, geo.frame.right))


@pytest.mark.parametrize("geo", SIZES, ids=lambda geo: geo.name)
@pytest.mark.parametrize("x", [0, 0.04, 0.3333, 0.5, 0.95, 1])
@pytest.mark.parametrize("y", [0, 0.08, 0.5, 0.6667, 1])
def test_positions_round_trip(geo, x, y):
    assert geo.from_svg(*geo.to_svg(x, y)) == pytest.approx((x, y))


@pytest.mark.parametrize("geo", SIZES, ids=lambda geo: geo.name)
def test_the_axis_ranges_are_the_frame_in_grid_units(geo):
    x0, x1 = geo.x_range
    y0, y1 = geo.y_range
    assert x0 < 0 < 1 < x1 and y0 < 0 < 1 < y1
    assert geo.to_svg(x0, y0) == pytest.approx((geo.frame.x, geo.frame.bottom))
    assert geo.to_svg(x1, y1) == pytest.approx((geo.frame.right, geo.frame.y))


@pytest.mark.parametrize("geo", SIZES, ids=lambda geo: geo.name)
def test_the_quadrant_rectangles_tile_the_frame(geo):
    quadrants = geo.quadrants()
    assert {q.slug for q in quadrants} == {
        "active-embedded",
        "active-isolated",
        "passive-embedded",
        "passive-isolated",
    }
    frame = geo.frame
    assert sum(q.box.width * q.box.height for q in quadrants) == pytest.approx(
        frame.width * frame.height
    )
    for q in quadrants:
        assert frame.contains(q.box)
    for a, b in itertools.combinations(quadrants, 2):
        assert a.box.overlap_area(b.box) == pytest.approx(0)


@pytest.mark.parametrize("geo", SIZES, ids=lambda geo: geo.name)
def test_each_quadrant_is_on_its_side_of_the_boundaries_with_its_label(geo):
    bx, by = geo.to_svg(0.5, 0.5)
    names = {
        "active-embedded": "Active and embedded",
        "active-isolated": "Active and isolated",
        "passive-embedded": "Passive and embedded",
        "passive-isolated": "Passive and isolated",
    }
    for q in geo.quadrants():
        assert q.label.text == names[q.slug]
        cx, cy = q.box.centre
        assert (cx > bx) == q.active  # active on the right
        assert (cy < by) == q.embedded  # embedded at the top
        assert q.box.x <= q.label.x <= q.box.right
        assert q.box.y <= q.label.y <= q.box.bottom
        # In Grid units the label sits outside [0, 1], so no point can cover it.
        assert not 0 <= q.label_position[1] <= 1
        assert grid_terms.quadrant_slug_at(*geo.from_svg(cx, cy)) == q.slug


@pytest.mark.parametrize(
    ("x", "y", "slug"),
    [
        (0.5, 0.5, "active-embedded"),
        (0.4999, 0.5, "passive-embedded"),
        (0.5, 0.4999, "active-isolated"),
        (0.49999, 0.49999, "active-embedded"),  # rounded to 4 places, as scoring does
        (0, 0, "passive-isolated"),
    ],
)
def test_quadrant_slug_at_the_boundaries(x, y, slug):
    assert grid_terms.quadrant_slug_at(x, y) == slug


@pytest.mark.parametrize("geo", SIZES, ids=lambda geo: geo.name)
def test_ticks_and_axis_labels(geo):
    assert [t.text for t in geo.x_ticks()] == ["0", "25", "50", "75", "100"]
    assert [t.svg for t in geo.x_ticks()] == pytest.approx(
        [geo.to_svg(v, 0)[0] for v in grid_terms.TICKS]
    )
    assert [t.svg for t in geo.y_ticks()] == pytest.approx(
        [geo.to_svg(0, v)[1] for v in grid_terms.TICKS]
    )
    x_texts = [a.text for a in geo.x_axis_labels()]
    y_texts = [a.text for a in geo.y_axis_labels()]
    assert x_texts[0] == "← Passive" and x_texts[-1] == "Active →"
    assert y_texts[0] == "← Isolated episodes" and y_texts[-1] == "Normal practice →"
    assert ("Activeness" in x_texts) == geo.axis_titles
    assert ("Embeddedness" in y_texts) == geo.axis_titles
    for label in geo.y_axis_labels():
        assert label.svg.rotate == -90
        assert label.svg.x < geo.frame.x


def _requests(geo: g.GridGeometry) -> list[label_placer.LabelRequest]:
    requests = []
    for number, (slug, x, y) in enumerate(catalogue_positions(), start=1):
        sx, sy = geo.to_svg(x, y)
        requests.append(label_placer.LabelRequest(slug, sx, sy, str(number), geo.marker_radius + 1))
    return requests


@pytest.mark.parametrize("geo", SIZES, ids=lambda geo: geo.name)
def test_labels_for_the_whole_catalogue_do_not_overlap(geo):
    requests = _requests(geo)
    assert len(requests) == 29
    placements = geo.place_labels(requests)
    assert [p.key for p in placements] == [r.key for r in requests]
    for a, b in itertools.combinations(placements, 2):
        assert not a.box.overlaps(b.box), (a.key, b.key)
    markers = [
        shapes.Box(r.x - r.radius, r.y - r.radius, 2 * r.radius, 2 * r.radius) for r in requests
    ]
    for placement in placements:
        assert geo.frame.contains(placement.box), placement.key
        assert not any(placement.box.overlaps(m) for m in markers), placement.key
        assert not any(placement.box.overlaps(b) for b in geo.quadrant_label_boxes())


def test_labels_sit_next_to_their_points():
    geo = g.FULL
    for request, placement in zip(_requests(geo), geo.place_labels(_requests(geo)), strict=True):
        cx, cy = placement.box.centre
        distance = ((cx - request.x) ** 2 + (cy - request.y) ** 2) ** 0.5
        assert distance < 40, request.key
        assert placement.leader is None or placement.leader.x1 == request.x


def test_crowded_points_still_get_separate_labels():
    geo = g.FULL
    # The Grid's closest neighbours, plus a practice drawn on top of its catalogue place.
    close = [(0.44, 0.82), (0.47, 0.78), (0.45, 0.66), (0.47, 0.8), (0.46, 0.79), (0.45, 0.81)]
    requests = [
        label_placer.LabelRequest(str(i), *geo.to_svg(x, y), str(i + 10), geo.marker_radius)
        for i, (x, y) in enumerate(close)
    ]
    placements = geo.place_labels(requests)
    for a, b in itertools.combinations(placements, 2):
        assert not a.box.overlaps(b.box), (a.key, b.key)


def test_the_key_grows_the_height_by_rows():
    geo = g.FULL
    assert geo.height(8) - geo.height(0) > 0
    assert geo.height(8) == pytest.approx(geo.key_top + 4 * geo.key_row_height + geo.bottom_pad)
    positions = geo.key_positions(3)
    assert positions[0][1] == positions[1][1] < positions[2][1]  # two columns


def test_unknown_size_is_refused():
    with pytest.raises(ValueError, match="Unknown chart size"):
        g.geometry_for("huge")


def test_text_width_estimates_grow_with_text():
    assert label_placer.text_width("100", 12) > label_placer.text_width("1", 12) > 0
    assert label_placer.text_width("Active", 12, bold=True) > label_placer.text_width("Active", 12)
