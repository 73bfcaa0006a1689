"""The journeys people make, in Chromium, found the way assistive technology finds them:
by role and accessible name (labels, legends, headings, buttons). Every step is checked
with axe and screenshotted (test-output/screenshots/<test>/).

The plotly chart's inner parts (points, legend items) have no roles or names of their
own, so those two steps use plotly's classes; the chart itself is found by its role.
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from tests import factories

from .conftest import enter_code, sign_in

pytestmark = pytest.mark.browser

# Each answer as an activity done again and again words it, or as one set up once (a
# charter, a standard: "is it in place?") does; both score the same.
ROUTINE = re.compile(
    r"^(Routinely \(normal practice\)|Yes, and it is part of how we normally work)$"
)
OCCASIONAL = re.compile(
    r"^(Occasionally \(one-off or isolated episodes\)|Yes, but it is not yet part of how we work)$"
)
NOT_NOW = re.compile(r"^(Not at the moment|No, not yet)$")


# True when every plotly trace of a category has the given visibility ("legendonly" when
# hidden from the legend, true or unset when shown).
TRACES_ARE = """([name, visible]) => {
  const gd = document.querySelector(".grid-chart__interactive");
  const traces = (gd && gd.data || []).filter(t => t.name === name);
  return traces.length > 0 && traces.every(t => (t.visible === undefined ? true : t.visible)
                                                === visible);
}"""


def focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, limit: int = 60) -> None:
    """Press Tab (only Tab) until ``locator`` has the keyboard focus."""
    for _ in range(limit):
        if focused(locator):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{limit} presses of Tab never reached {locator}")


def activity_groups(page):
    """Each activity's fieldset: its legend is "<number>. <activity>"."""
    return page.get_by_role("group", name=re.compile(r"^\d+\. "))


def answer_section_by_keyboard(page, *, leave_last: bool = False) -> None:
    """Every activity in a category section, with the keyboard alone. A radio group is one
    Tab stop (its first radio while none is chosen); Space chooses the focused radio and
    the arrow keys move and choose. Then Tab to the first stage, Space, and type a note.
    The last activity is "Occasionally", the others "Routinely"."""
    groups = activity_groups(page)
    count = groups.count()
    for index in range(count):
        group = groups.nth(index)
        last = index == count - 1
        if leave_last and last:
            break
        tab_to(page, group.get_by_role("radio", name=NOT_NOW))
        page.keyboard.press("Space")
        expect(group.get_by_role("radio", name=NOT_NOW)).to_be_checked()
        page.keyboard.press("ArrowDown")
        if not last:
            page.keyboard.press("ArrowDown")
        expect(group.get_by_role("radio", name=OCCASIONAL if last else ROUTINE)).to_be_checked()
        stages = group.get_by_role("group", name=re.compile("commissioning stages"))
        first_stage = stages.get_by_role("checkbox").first
        expect(first_stage).to_be_visible()  # revealed once the activity is practised
        tab_to(page, first_stage)
        page.keyboard.press("Space")
        expect(first_stage).to_be_checked()
        tab_to(page, group.get_by_label("Evidence or an example (optional)"))
        page.keyboard.type("Minutes of the partnership board.")


def answer_section_quickly(page) -> None:
    for group in activity_groups(page).all():
        group.get_by_role("radio", name=ROUTINE).check()
        group.get_by_role("group", name=re.compile("commissioning stages")).get_by_role(
            "checkbox"
        ).first.check()


def expect_summary_focused(page) -> None:
    """NHS.UK's JavaScript moves focus to the error summary (the box around the alert)."""
    expect(page.locator(".nhsuk-error-summary")).to_be_focused()


def press_button(page, name: str) -> None:
    """Tab to a button and press Enter."""
    tab_to(page, page.get_by_role("button", name=name), limit=200)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_lead_answers_submits_and_plans_by_keyboard(
    new_page, organisation, lead, axe_check, page_checks, shot
):
    page = new_page(js=True)

    def step(name: str) -> None:
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        page_checks.check(page, name, full=False)
        shot(page, name)

    # Sign in.
    page.goto("/")
    step("start page")
    page.get_by_role("link", name="Sign in").first.click()
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    step("sign in")
    page.get_by_label("Username").fill(lead.username)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("heading", name=re.compile("authenticator app"), level=1)
    ).to_be_visible()
    step("two-factor code")
    enter_code(page, lead.username)
    expect(page.get_by_role("heading", name="Your dashboard", level=1)).to_be_visible()
    step("dashboard, no assessments")

    # Start an assessment; see a validation error and fix it.
    page.get_by_role("button", name=re.compile("^Start a new assessment")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("assessment"))
    step("new assessment")
    page.get_by_label("Title").fill("Mental health co-production 2026")
    page.get_by_label("Period").fill("2026/28")
    page.get_by_role("button", name="Start the assessment").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible()
    expect_summary_focused(page)
    assert page.title().startswith("Error: ")
    expect(page.get_by_text("two years in a row, like 2026/27").first).to_be_visible()
    step("new assessment, period error")
    summary.get_by_role("link", name=re.compile("two years in a row")).click()
    expect(page.get_by_label("Period")).to_be_focused()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("2026/27")
    press_button(page, "Start the assessment")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mental health co-production 2026 (2026/27)"
    )
    step("task list, nothing started")
    assessment = Assessment.objects.get(organisation=organisation)

    # About this assessment, by keyboard alone.
    tab_to(page, page.get_by_role("link", name="About this assessment"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="About this assessment", level=1)).to_be_visible()
    step("about, empty")
    who = page.get_by_role("group", name=re.compile("Who took part"))
    tab_to(page, who.get_by_role("checkbox", name="Commissioners"))
    page.keyboard.press("Space")
    tab_to(page, who.get_by_role("checkbox", name="Experts-by-experience"))
    page.keyboard.press("Space")
    how_many = page.get_by_label("How many experts-by-experience took part?")
    expect(how_many).to_be_visible()  # revealed by the checkbox
    tab_to(page, how_many)
    page.keyboard.type("3")
    tab_to(page, who.get_by_role("checkbox", name="Carers"))
    page.keyboard.press("Space")
    step("about, answered")
    press_button(page, "Save and continue")

    # The first category, by keyboard alone, with an error on the way.
    heading = page.get_by_role("heading", level=1)
    first_category = heading.inner_text()
    step(f"{first_category}, empty")
    answer_section_by_keyboard(page, leave_last=True)
    press_button(page, "Save and continue")
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect_summary_focused(page)
    step(f"{first_category}, one activity unanswered")
    # From the error summary to the question, then answer it, by keyboard.
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    last = activity_groups(page).last
    expect(last.get_by_role("radio", name=NOT_NOW)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(last.get_by_role("radio", name=OCCASIONAL)).to_be_checked()
    step(f"{first_category}, error being fixed")
    press_button(page, "Save and continue")

    # The second category: half done, then "Save and come back later".
    second_category = page.get_by_role("heading", level=1).inner_text()
    assert second_category != first_category
    first = activity_groups(page).first
    tab_to(page, first.get_by_role("radio", name=NOT_NOW))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(first.get_by_role("radio", name=ROUTINE)).to_be_checked()
    step(f"{second_category}, half done")
    press_button(page, "Save and come back later")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"\(2026/27\)$"))
    step("task list, in progress")

    # Leave (sign out) and come back: the answers and statuses are kept.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    step("signed out")
    sign_in(page, lead.username)
    page.get_by_role("link", name="Mental health co-production 2026", exact=True).click()
    items = page.locator(".nhsuk-task-list__item")
    expect(items.filter(has_text="About this assessment")).to_contain_text("Completed")
    expect(items.filter(has_text=first_category)).to_contain_text("Completed")
    expect(items.filter(has_text=second_category)).to_contain_text("In progress")
    step("task list, back again")
    page.get_by_role("link", name=second_category).click()
    expect(activity_groups(page).first.get_by_role("radio", name=ROUTINE)).to_be_checked()

    # The rest of the sections, with the mouse.
    while True:
        title = page.get_by_role("heading", level=1).inner_text()
        if title == "Services co-produced":
            break
        answer_section_quickly(page)
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text(title)
        step(f"{page.get_by_role('heading', level=1).inner_text()}, empty")
    page.get_by_role("group", name=re.compile("services or pathways")).get_by_role(
        "checkbox"
    ).first.check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Commitment and barriers", level=1)).to_be_visible()
    step("commitment, empty")
    page.get_by_role("radio", name="Plans to do more co-production").check()
    page.get_by_role("group", name=re.compile("barriers to involvement")).get_by_role(
        "checkbox"
    ).first.check()
    page.get_by_role("button", name="Save and continue").click()
    # The last section leads to "Check your answers"; every section is complete.
    expect(page.get_by_role("heading", name="Check your answers", level=1)).to_be_visible()
    step("check answers")
    page.get_by_role("navigation", name="Back").get_by_role(
        "link", name="Back to the assessment"
    ).click()
    expect(page.locator(".nhsuk-task-list__item").filter(has_text="Completed")).to_have_count(
        len(factories.sections())
    )
    step("task list, all complete")

    # Check answers, then submit as the lead.
    page.get_by_role("button", name="Check your answers").click()
    expect(page.get_by_role("heading", name="Check your answers", level=1)).to_be_visible()
    page.get_by_role("button", name="Submit assessment").click()
    expect(page.get_by_role("heading", name="Results", level=1)).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Assessment submitted")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.is_submitted

    # Results with the interactive chart: hover an activity, toggle a category.
    figure = page.get_by_role("figure", name=re.compile("on the Co-production Grid"))
    expect(figure).to_be_visible()
    expect(page.locator(".grid-chart--enhanced")).to_have_count(1)
    step("results")
    point = figure.locator(".scatterlayer .trace .points path").first
    point.scroll_into_view_if_needed()
    point.hover(force=True)
    hover = figure.locator(".hoverlayer .hovertext")
    expect(hover).to_have_count(1)
    assert (hover.text_content() or "").strip()
    shot(page, "results, hovering an activity")
    legend_item = figure.locator(".legend .traces").filter(has_text=first_category).first
    # plotly waits out its double-click delay before it toggles a trace.
    legend_item.locator(".legendtoggle").click(force=True)
    page.wait_for_function(TRACES_ARE, arg=[first_category, "legendonly"])
    shot(page, f"results, {first_category} hidden")
    legend_item.locator(".legendtoggle").click(force=True)
    page.wait_for_function(TRACES_ARE, arg=[first_category, True])
    # The table of the chart's data is there too.
    table = page.get_by_role("table", name=re.compile("The chart's data"))
    expect(table.get_by_role("row")).to_have_count(1 + 29)

    # Add an action, with an error on the way.
    page.get_by_role("link", name="See the action plan").click()
    expect(page.get_by_role("heading", name="Action plan", level=1)).to_be_visible()
    step("action plan, empty")
    page.get_by_role("button", name="Add an action").click()
    step("add an action")
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_visible()
    step("add an action, no description")
    page.get_by_label("What will be done?").fill("Pay experts-by-experience for their time")
    page.get_by_label("Who owns it? (optional)").fill("Head of Engagement")
    due = page.get_by_role("group", name="When is it due? (optional)")
    due.get_by_label("Day").fill("31")
    due.get_by_label("Month").fill("3")
    due.get_by_label("Year").fill("2099")
    page.get_by_role("radio", name="In progress").check()
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("heading", name="Action plan", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Pay experts-by-experience"))).to_be_visible()
    step("action plan, one action")

    page_checks.assert_ok()


def test_results_without_javascript_show_the_svg_chart_and_the_table(
    signed_in, organisation, lead, page_checks, shot
):
    assessment = factories.submitted_assessment(organisation, lead)
    page = signed_in(lead, js=False)
    page.get_by_role("link", name=re.compile("^See the results")).first.click()
    expect(page.get_by_role("heading", name="Results", level=1)).to_be_visible()
    # The static chart is an image with a title and a long description.
    chart = page.get_by_role("img", name=re.compile("on the Co-production Grid"))
    expect(chart).to_be_visible()
    description = chart.locator("desc").text_content()
    assert description and len(description) > 40
    # The interactive chart stays hidden; the table carries the data.
    expect(page.locator(".grid-chart__interactive")).to_be_hidden()
    table = page.get_by_role("table", name=re.compile("The chart's data"))
    expect(table.get_by_role("row")).to_have_count(1 + 29)
    page_checks.check(page, "results without JavaScript")
    shot(page, "results without JavaScript")

    # The expanders are native <details>: they open without JavaScript.
    page.get_by_text(re.compile(r"^Governance arrangements: \d+ practice")).click()
    expect(page.get_by_role("heading", name="Questions to discuss").first).to_be_visible()
    shot(page, "a category opened")

    # Add an action from a discussion point, without JavaScript.
    page.get_by_role("link", name=re.compile("^Add as an action")).first.click()
    expect(page.get_by_role("heading", name="Add an action", level=1)).to_be_visible()
    expect(page.get_by_label("What will be done?")).not_to_be_empty()
    page_checks.check(page, "add an action from a discussion point")
    shot(page, "add an action from a discussion point")
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_role("heading", name="Action plan", level=1)).to_be_visible()
    assert assessment.actions.count() == 1
    page_checks.check(page, "action plan without JavaScript")
    shot(page, "action plan without JavaScript")
    page_checks.assert_ok()


def test_the_lead_downloads_the_pdf_report(signed_in, organisation, lead, shot):
    """The PDF is being built alongside; this runs once the results page links to it."""
    from django.urls import NoReverseMatch, reverse

    assessment = factories.submitted_assessment(organisation, lead)
    try:
        reverse("assessments:report-pdf", args=[assessment.pk])
    except NoReverseMatch:
        pytest.skip("the PDF report (assessments:report-pdf) is not in the URLconf yet")
    page = signed_in(lead, js=True)
    page.goto(f"/assessments/{assessment.pk}/results/")
    link = page.get_by_role("link", name="Download the action report (PDF)")
    if not link.count():
        pytest.skip("the results page has no 'Download the action report (PDF)' link yet")
    shot(page, "results with the PDF link")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
