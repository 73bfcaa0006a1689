"""The panel's lens in words: the gap between the two views, the chart's text
alternative, and the caching of charts that show a panel."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from coprod_grid.caching import content_key
from coprod_grid.grid import chart as charts
from coprod_grid.grid.points import PanelMarker, PositionMarker, gap_words

from .test_chart import SVG, parse_svg, results_points
from .test_panel_lens import MEMBERS, PANEL, POSITION, panel_chart

# --- the gap in words -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("panel_at", "words"),
    [
        ((0.44, 0.51), "The panel places you 18 points less active and 3 points more embedded."),
        ((0.80, 0.30), "The panel places you 18 points more active and 18 points less embedded."),
        ((0.62, 0.48), "The panel places you at the same activeness and embeddedness."),
        ((0.63, 0.47), "The panel places you 1 point more active and 1 point less embedded."),
        ((0.61, 0.48), "The panel places you 1 point less active and at the same embeddedness."),
        ((0.62, 0.50), "The panel places you at the same activeness and 2 points more embedded."),
    ],
)
def test_gap_words_say_how_far_and_which_way(panel_at, words):
    assert gap_words(POSITION, PanelMarker(*panel_at)) == words


def test_gap_words_subtract_the_rounded_percents_that_are_shown():
    # 0.624 shows as 62 and 0.615 as 62 (half up): the same, though 0.009 apart.
    assert "at the same activeness" in gap_words(
        PositionMarker(0.624, 0.5), PanelMarker(0.615, 0.5)
    )
    # 0.625 shows as 63 and 0.624 as 62: 1 point, though 0.001 apart.
    assert "1 point less active" in gap_words(PositionMarker(0.625, 0.5), PanelMarker(0.624, 0.5))


def test_a_panel_holds_floats_in_tuples_so_equal_panels_have_one_cache_key():
    from_database = PanelMarker(
        Decimal("0.44"), Decimal("0.51"), members=[[Decimal("0.3"), Decimal("0.62")]]
    )
    assert from_database == PanelMarker(0.44, 0.51, members=((0.3, 0.62),))
    assert hash(from_database)
    key = content_key("chart", (), {"panel": from_database})
    assert key == content_key("chart", (), {"panel": PanelMarker(0.44, 0.51, ((0.3, 0.62),))})
    assert key != content_key("chart", (), {"panel": PanelMarker(0.44, 0.51, ((0.3, 0.63),))})


def test_cached_chart_takes_the_panel_and_keys_on_it():
    cache.clear()
    first = charts.cached_chart(results_points(), position=POSITION, panel=PANEL)
    again = charts.cached_chart(results_points(), position=POSITION, panel=PANEL)
    assert again.svg_html == first.svg_html and "grid-panel" in first.svg_html
    moved = PanelMarker(0.2, 0.2, members=MEMBERS)
    other = charts.cached_chart(results_points(), position=POSITION, panel=moved)
    assert other.svg_html != first.svg_html
    without = charts.cached_chart(results_points(), position=POSITION)
    assert "grid-panel" not in without.svg_html


# --- the text alternative ---------------------------------------------------------------


def test_the_description_says_where_the_panel_puts_you_and_the_gap():
    chart = panel_chart()
    assert (
        "Your position: activeness 62, embeddedness 48 out of 100, in active and isolated. "
        "Panel's position: activeness 44, embeddedness 51 out of 100, in passive and embedded. "
        "6 panel members' positions are shown as small unnamed squares. "
        "The panel places you 18 points less active and 3 points more embedded."
    ) in chart.description
    assert parse_svg(chart).find(f"{SVG}desc").text == chart.description


def test_the_description_of_one_member_and_of_no_position():
    one = charts.describe([], None, PanelMarker(0.44, 0.51, members=((0.4, 0.5),)))
    assert "1 panel member's position is shown as a small unnamed square." in one
    assert "Panel's position: activeness 44, embeddedness 51 out of 100" in one
    assert "places you" not in one
    none = charts.describe([], POSITION, PanelMarker(0.62, 0.48))
    assert none.endswith("The panel places you at the same activeness and embeddedness.")
    assert "panel member" not in none
