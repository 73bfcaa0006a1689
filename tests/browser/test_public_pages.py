"""The public pages in a browser, JavaScript on and off: from the start page to the Grid,
a category and back, with the chart's text alternatives and table."""

import re

import pytest
from playwright.sync_api import expect

from coprod_grid.models import Activity

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_someone_reads_the_grid_without_signing_in(js, new_page, catalogue, page_checks, shot):
    page = new_page(js=js)
    active = Activity.objects.active().count()

    def step(name: str) -> None:
        page_checks.check(page, name, full=False)
        shot(page, name)

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("co-produce"))
    step("start page")

    page.get_by_role("main").get_by_role("link", name="the Co-production Grid").click()
    expect(page.get_by_role("heading", name="The Co-production Grid", level=1)).to_be_visible()
    # The chart's text alternative: the SVG is an image named by its title and
    # description; with JavaScript the interactive chart is a figure with the same name.
    image = page.get_by_role(
        "img", name=re.compile("every activity, coloured by category"), include_hidden=True
    )
    expect(image).to_have_count(2)  # drawn for wide and for narrow screens
    if js:
        figure = page.get_by_role("figure", name=re.compile("every activity"))
        expect(figure).to_be_visible()
        expect(page.locator(".grid-chart--enhanced")).to_have_count(1)
        for each in image.all():
            expect(each).to_be_hidden()  # replaced on screen, still describes the figure
        assert figure.get_attribute("aria-describedby")
    else:
        expect(image.first).to_be_visible()
    # The scrolling chart region is reachable by keyboard, to scroll it.
    region = page.get_by_role("region", name=re.compile("^Chart: "))
    expect(region).to_have_attribute("tabindex", "0")
    table = page.get_by_role("table", name=re.compile("Activities on the Co-production Grid"))
    expect(table.locator("tbody").get_by_role("row")).to_have_count(active)
    step("the Grid")

    table.get_by_role("link", name="Governance arrangements").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Governance arrangements")
    step("a category")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="The Co-production Grid"
    ).first.click()
    expect(page.get_by_role("heading", name="The Co-production Grid", level=1)).to_be_visible()

    footer = page.get_by_role("contentinfo")
    for name, heading in [
        ("How the score works", re.compile("score")),
        ("Accessibility statement", re.compile("Accessibility")),
        ("Privacy notice", re.compile("Privacy")),
    ]:
        footer.get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        step(name)
    page_checks.assert_ok()
