"""The public pages: the Grid, its categories and how the score works. No sign-in."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from coprod_grid.grid import geometry as g
from coprod_grid.grid import grid_terms
from coprod_grid.models import Activity, CaseStudy, Category

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
MAX_QUERIES = 8  # a fixed bound: the pages do not query per activity


def svg_of(html: str) -> ET.Element:
    match = re.search(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="grid-chart__svg".*?</svg>', html, re.S
    )
    assert match, "no chart SVG on the page"
    return ET.fromstring(match.group(0))


def svg_points(html: str) -> dict[str, ET.Element]:
    return {
        group.get("data-slug"): group
        for group in svg_of(html).iter(f"{SVG}g")
        if group.get("class") == "grid-point"
    }


def table_slugs(html: str) -> list[str]:
    return re.findall(r'<tr class="nhsuk-table__row" data-slug="([^"]+)"', html)


def assert_scripts_are_safe(html: str) -> None:
    """Every script is external, a JSON data block, or carries the CSP nonce."""
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag or "nonce=" in tag, tag


@pytest.mark.parametrize("name", ["home", "grid", "how-the-score-works"])
def test_it_works_without_signing_in(client, name, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse(name))
    assert response.status_code == 200
    assert_scripts_are_safe(response.content.decode())


def test_the_grid_page_shows_every_active_activity_in_the_chart_and_table(client):
    response = client.get(reverse("grid"))
    html = response.content.decode()
    activities = list(Activity.objects.active().select_related("category"))
    assert len(activities) == 29
    assert set(svg_points(html)) == {a.slug for a in activities}
    assert table_slugs(html) == [a.slug for a in activities]
    assert "<title>The Co-production Grid" in html


def test_each_point_is_drawn_at_its_catalogue_position(client):
    html = client.get(reverse("grid")).content.decode()
    points = svg_points(html)
    for activity in Activity.objects.active():
        cx, cy = g.FULL.to_svg(float(activity.activeness), float(activity.embeddedness))
        # A point is a circle or another shape (its category's): its centre is on the group.
        point = points[activity.slug]
        assert float(point.get("data-cx")) == pytest.approx(cx, abs=0.01), activity.slug
        assert float(point.get("data-cy")) == pytest.approx(cy, abs=0.01), activity.slug


def test_the_table_numbers_match_the_chart(client):
    html = client.get(reverse("grid")).content.decode()
    numbers = {slug: el.get("data-number") for slug, el in svg_points(html).items()}
    for number, slug in enumerate(table_slugs(html), start=1):
        assert numbers[slug] == str(number)


def test_the_table_is_accessible(client):
    html = client.get(reverse("grid")).content.decode()
    assert '<caption class="nhsuk-table__caption">' in html
    headers = re.findall(r"<th\b[^>]*>", html)
    assert headers and all("scope=" in th for th in headers)
    # Position as numbers and the quadrant, and the category linking to its page.
    assert ">44</td>" in html and ">82</td>" in html
    assert f'href="{reverse("grid-category", args=["governance-arrangements"])}"' in html


def test_the_grid_page_explains_the_axes_and_quotes_the_quadrants(client):
    html = client.get(reverse("grid")).content.decode()
    assert grid_terms.X_AXIS_MEANING in html and grid_terms.Y_AXIS_MEANING in html
    assert "Active and embedded co-production is the gold standard" in html
    # Every quotation carries the attribution.
    assert html.count("<blockquote") == html.count("Rethink Mental Illness (2017)</cite>") == 4


def test_the_grid_page_carries_the_interactive_chart(client):
    html = client.get(reverse("grid")).content.decode()
    assert '<script id="grid-chart-data-grid" type="application/json">' in html
    assert re.search(r'data-plotly-src="[^"]*/vendor/plotly-[\d.]+/plotly\.min\.js"', html)
    assert re.search(r'<script src="[^"]*/js/grid-chart\.js"', html)
    assert re.search(r'<link rel="stylesheet" href="[^"]*/css/grid\.css"', html)
    assert 'role="figure"' in html
    svg = svg_of(html)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None


def test_plotly_js_is_served_from_the_plotly_package(client):
    from django.contrib.staticfiles import finders

    from coprod_grid.grid.plotly_js import PLOTLY_JS_PATH

    assert finders.find(PLOTLY_JS_PATH).endswith("plotly/package_data/plotly.min.js")
    assert finders.find("vendor/plotly.min.js") is None


def test_a_retired_activity_is_not_shown(client):
    Activity.objects.filter(slug="analysis-of-complaints").update(is_active=False)
    html = client.get(reverse("grid")).content.decode()
    assert "analysis-of-complaints" not in svg_points(html)
    assert "analysis-of-complaints" not in table_slugs(html)
    assert "Analysis of complaints" not in html
    assert len(svg_points(html)) == 28


def test_the_category_page_shows_its_introduction_discussion_points_and_activities(
    client, django_assert_max_num_queries
):
    category = Category.objects.get(slug="governance-arrangements")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("grid-category", args=[category.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert category.introduction in html
    for point in category.discussion_points.all():
        assert point.text.replace("'", "&#x27;") in html
    assert table_slugs(html) == list(
        category.activities.filter(is_active=True).values_list("slug", flat=True)
    )
    assert html.count("<blockquote") == html.count("Rethink Mental Illness (2017)</cite>")
    # The chart keeps every activity, this category's in colour and the others faint.
    styles = {slug: el.get("data-style") for slug, el in svg_points(html).items()}
    assert styles["advisory-forums"] == "catalogue"
    assert styles["analysis-of-complaints"] == "faint"
    assert_scripts_are_safe(html)


def test_the_category_page_shows_its_case_study_attributed(client):
    study = CaseStudy.objects.get(slug="devon-alan-question")
    html = client.get(reverse("grid-category", args=[study.category.slug])).content.decode()
    assert study.title.replace("'", "&#x27;") in html
    assert "Northern, Eastern and Western Devon CCG (2016), quoted in " in html
    assert "Rethink Mental Illness (2017)</cite>" in html
    assert "developed an innovative approach to" in html


def test_a_category_without_discussion_points_or_case_studies_still_works(client):
    html = client.get(reverse("grid-category", args=["co-production"])).content.decode()
    assert "Points to discuss" not in html
    assert "Case stud" not in html


def test_an_unknown_category_is_not_found(client):
    response = client.get(reverse("grid-category", args=["no-such-category"]))
    assert response.status_code == 404


def test_how_the_score_works_copies_worked_example_2(client):
    html = client.get(reverse("how-the-score-works")).content.decode()
    for text in ("0.7167", "0.68", "0.69", "0.7", "activeness 72, embeddedness 69"):
        assert text in html
    assert "Doing more never lowers your standing" in html
    assert "One tick does not make a gold standard" in html
    assert "Routinely (normal practice)" in html


def test_the_start_page_links_to_sign_in_and_the_grid(client):
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("login")}"' in html
    assert f'href="{reverse("grid")}"' in html


def test_the_grid_page_quotes_the_quadrants_with_the_slip_mended(client):
    page = " ".join(client.get(reverse("grid")).content.decode().split())
    assert "the creation [of] better services" in page
    assert "the creation better services" not in page
