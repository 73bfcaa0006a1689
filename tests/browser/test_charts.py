"""The Grid chart in a real browser: whole and legible on a 320 px screen, with JavaScript
on and off; numbered the same on the public Grid, the results page and the report; and
plotly.js only on pages where interacting with the chart adds something."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.reports import context as reports
from tests import factories

from .conftest import DESKTOP, NARROW

pytestmark = pytest.mark.browser

# Where each drawing's boxes are, in page pixels.
BOXES = """selector => [...document.querySelectorAll(selector)]
  .filter(e => e.getBoundingClientRect().width > 0)
  .map(e => { const r = e.getBoundingClientRect();
              return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                      text: e.textContent.trim()}; })"""


@pytest.fixture
def submitted(organisation, lead):
    return factories.submitted_assessment(organisation, lead)


def _open(page, url: str, js: bool) -> None:
    page.goto(url)
    if js:
        page.locator(".grid-chart--enhanced").first.wait_for()


def _overlap(a: dict, b: dict) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
    )


def _assert_fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator(".grid-chart").first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def _assert_whole_at_320(page, js: bool, label: str) -> None:
    _assert_fits(page, NARROW["width"])
    svg_key = page.evaluate(BOXES, ".grid-chart__narrow .grid-key [data-key]")
    if js:
        entries = page.evaluate(BOXES, ".grid-chart__interactive .legend .traces")
        # Every entry of the key the static chart has, in the legend, all of it on screen.
        expected = page.locator(".grid-chart__narrow .grid-key [data-key]").count()
        assert len(entries) == expected > 0, label
    else:
        entries = svg_key
        assert entries, label
    for entry in entries:
        assert entry["left"] >= 0 and entry["right"] <= NARROW["width"], (label, entry)
    # The quadrants' names fit their quadrants: none runs into another.
    names = (
        page.evaluate(BOXES, ".grid-chart__interactive .annotation-text")
        if js
        else page.evaluate(BOXES, ".grid-chart__narrow [data-quadrant-label]")
    )
    names = [n for n in names if n["text"].startswith(("Passive and", "Active and"))]
    assert len(names) == 4, (label, names)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert not _overlap(first, second), (label, first, second)


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_public_grid_is_whole_at_320px(new_context, js, axe_check, shot):
    page = new_context(js=js).new_page()
    page.set_viewport_size(NARROW)
    _open(page, reverse("grid"), js)
    _assert_whole_at_320(page, js, "public Grid")
    shot(page, f"public Grid at 320 px{'' if js else ', no JavaScript'}")
    axe_check(page, "public Grid at 320 px")


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_results_chart_is_whole_at_320px(signed_in, lead, submitted, js, axe_check, shot):
    page = signed_in(lead, js=js)
    page.set_viewport_size(NARROW)
    _open(page, reverse("assessments:results", args=[submitted.pk]), js)
    _assert_whole_at_320(page, js, "results")
    shot(page, f"results at 320 px{'' if js else ', no JavaScript'}")
    axe_check(page, "results at 320 px")


def test_a_wide_window_gets_the_wide_drawing_and_its_labels_sit_off_the_points(
    signed_in, lead, submitted
):
    page = signed_in(lead, js=False)
    page.set_viewport_size(DESKTOP)
    page.goto(reverse("assessments:results", args=[submitted.pk]))
    expect(page.locator(".grid-chart__wide svg")).to_be_visible()
    expect(page.locator(".grid-chart__narrow svg")).to_be_hidden()
    labels = page.evaluate(BOXES, ".grid-chart__wide [data-label-for]")
    points = page.evaluate(BOXES, ".grid-chart__wide .grid-point > :first-child")
    points += page.evaluate(BOXES, ".grid-chart__wide .grid-position")
    assert labels and points
    for label in labels:
        for point in points:
            assert not _overlap(label, point), (label, point)


def _numbers(page, drawing: str = ".grid-chart__wide") -> dict[str, int]:
    return {
        slug: int(number)
        for slug, number in page.evaluate(
            """selector => [...document.querySelectorAll(selector)]
                 .map(g => [g.dataset.slug, g.dataset.number])""",
            f"{drawing} .grid-point",
        )
    }


def _table_numbers(page, table_name: str) -> dict[str, int]:
    """Activity name to number, from the table that goes with a chart."""
    table = page.get_by_role("table", name=table_name, exact=False)
    return dict(
        table.locator("tbody tr").evaluate_all(
            """rows => rows.map(row => {
                 const cell = i => row.cells[i].cloneNode(true);
                 const plain = i => { const c = cell(i);
                   c.querySelectorAll(".nhsuk-table-responsive__heading, .nhsuk-tag")
                    .forEach(e => e.remove());
                   return c.textContent.trim(); };
                 return [plain(1), Number(plain(0))]; })"""
        )
    )


def test_a_number_means_one_activity_on_every_chart_and_in_the_report(
    new_page, signed_in, lead, submitted
):
    public = new_page(js=False)
    public.goto(reverse("grid"))
    grid = _numbers(public)
    assert sorted(grid.values()) == list(range(1, len(grid) + 1))
    assert _numbers(public, ".grid-chart__narrow") == grid
    grid_names = _table_numbers(public, "Activities on the Co-production Grid")

    page = signed_in(lead, js=False)
    page.goto(reverse("assessments:results", args=[submitted.pk]))
    assert _numbers(page) == grid
    assert _numbers(page, ".grid-chart__narrow") == grid
    assert _table_numbers(page, "The chart's data") == grid_names

    # The report's key (the PDF's words) numbers every activity as the public Grid does.
    context = reports.report_context(submitted)
    assert {row.name: row.number for row in context["key_rows"]} == grid_names


def test_the_dashboard_draws_its_small_grid_without_plotly(signed_in, lead, submitted, shot):
    for js in (True, False):
        page = signed_in(lead, js=js)
        page.goto(reverse("assessments:dashboard"))
        chart = page.locator(".grid-chart--small svg")
        expect(chart).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert page.locator("script[src*='plotly']").count() == 0
        assert page.locator(".grid-chart__interactive").count() == 0
        if js:
            assert page.evaluate("typeof window.Plotly") == "undefined"
        # Its points are told apart by shape as well as colour.
        shapes = {
            g.get_attribute("data-symbol")
            for g in page.locator(".grid-chart--small .grid-point").all()
        }
        assert len(shapes) > 1
        page.set_viewport_size(NARROW)
        _assert_fits(page, NARROW["width"])
        shot(page, f"dashboard at 320 px{'' if js else ', no JavaScript'}")


def test_plotly_is_fetched_only_after_the_page_has_loaded(new_page):
    page = new_page(js=True)
    response = page.goto(reverse("grid"))
    assert response is not None
    html = response.text()
    assert "grid-chart.js" in html
    assert not re.search(r'<script[^>]*\ssrc="[^"]*plotly', html)
    page.locator(".grid-chart--enhanced").wait_for()
    loaded, fetched = page.evaluate(
        """() => [performance.getEntriesByType("navigation")[0].loadEventStart,
                  performance.getEntriesByType("resource")
                    .filter(e => e.name.includes("plotly")).map(e => e.startTime)]"""
    )
    assert len(fetched) == 1 and fetched[0] >= loaded
