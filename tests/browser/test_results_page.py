"""The results page in a real browser: results first (the quadrant, the two numbers,
three things to do next, each with "Add as an action", and the report), every number a
whole number out of 100, the report link saying it takes a moment, and an empty draft
saying what to do first. axe-core finds nothing, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories

from ..assessments.results.test_views import EXAMPLE_2, NONE
from .conftest import NARROW

pytestmark = pytest.mark.browser


@pytest.fixture
def submitted(organisation, lead):
    """Worked example 2 of docs/scoring.md, submitted: active and embedded, with things
    left to do."""
    assessment = factories.make_assessment(organisation, lead)
    factories.answer_all(assessment, lead, answers=EXAMPLE_2, default=NONE)
    return factories.submit(assessment, lead)


def results_of(assessment) -> str:
    return f"/assessments/{assessment.pk}/results/"


def readable_text(page) -> str:
    """What a person reads on the page: the main content's text, without the chart's
    data for its script."""
    return page.locator("main").evaluate(
        "main => { const copy = main.cloneNode(true);"
        " copy.querySelectorAll('script').forEach(s => s.remove());"
        " return copy.innerText; }"
    )


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_results_come_first(signed_in, lead, submitted, axe_check, shot, js):
    page = signed_in(lead, js=js)
    page.goto(results_of(submitted))
    shot(page, "results")

    # The top of the page, before the detail (the Grid) starts.
    grid_top = page.locator("#grid").bounding_box()["y"]
    quadrant = page.locator("[data-headline=commissioners]")
    expect(quadrant).to_contain_text(re.compile(r"Activeness \d+ out of 100"))
    expect(quadrant).to_contain_text(re.compile(r"Embeddedness \d+ out of 100"))
    steps = page.locator("ol.app-next-steps").first.locator("> li")
    expect(steps).to_have_count(3)
    for index in range(3):
        step = steps.nth(index)
        expect(step).to_contain_text(re.compile(r"Activeness (\d+ to \d+|unchanged at \d+)"))
        expect(step.get_by_role("link", name=re.compile("^Add as an action"))).to_be_visible()
    report = page.get_by_role("link", name="Download the action report (PDF)")
    expect(report).to_have_accessible_description(re.compile("can take up to 30 seconds"))
    for element in (quadrant, steps.nth(2), report):
        assert element.bounding_box()["y"] < grid_top

    # People read whole numbers out of 100, never "0.62".
    text = readable_text(page)
    assert not re.search(r"\b0\.\d", text), re.findall(r".{40}\b0\.\d.{20}", text)
    axe_check(page, f"results ({'js' if js else 'nojs'})")


def test_add_as_an_action_fills_in_the_action(signed_in, lead, submitted):
    page = signed_in(lead)
    page.goto(results_of(submitted))
    first = page.locator("ol.app-next-steps").first.locator("> li").first
    name = first.locator("h3").inner_text().split(". ", 1)[1]
    first.get_by_role("link", name=re.compile("^Add as an action")).click()
    expect(page.locator("h1")).to_have_text("Add an action")
    expect(page.get_by_label("What will be done?")).to_have_value(re.compile(re.escape(name)))


def test_the_report_link_says_it_is_being_prepared(signed_in, lead, submitted):
    page = signed_in(lead)
    page.goto(results_of(submitted))
    status = page.locator("#report-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the action report (PDF)").click()
        expect(status).to_contain_text("Preparing your report")
    assert download.value.suggested_filename.endswith(".pdf")


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_an_empty_draft_says_what_to_do_first(signed_in, organisation, lead, axe_check, shot, js):
    empty = factories.make_assessment(organisation, lead, title="Empty draft")
    page = signed_in(lead, js=js)
    for viewport in ((1280, 800), (NARROW["width"], NARROW["height"])):
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        page.goto(results_of(empty))
        shot(page, f"empty-{viewport[0]}")
        expect(
            page.get_by_role("heading", name="You have not answered any questions yet")
        ).to_be_visible()
        expect(page.locator(".app-results-table")).to_have_count(0)
        expect(page.locator("text=Not at the moment")).to_have_count(0)
        axe_check(page, f"empty draft results ({viewport[0]} px)")
    page.get_by_role("link", name="Start the first section").click()
    expect(page.locator("h1")).to_contain_text("About this assessment")
