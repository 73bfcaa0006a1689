"""The involvement cost profile, in Chromium, JavaScript on and off: a lead with a submitted
assessment follows "Cost your involvement" from the results page, costs three practices
(a bad value first, to see the error and that nothing typed is lost), changes a staff rate
on the rates page, sees both scenarios and the chart with the new totals, and downloads the
PDF, whose costs section is there. Every page is checked (axe and the checks axe cannot
make) at desktop width and 320 px."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from assessments.costs.models import CostProfile
from assessments.costs.summary import cost_summary
from assessments.costs.templatetags.costs import pounds
from tests import factories

from .conftest import NARROW

pytestmark = pytest.mark.browser

BAND_7 = "Agenda for Change Band 7"


@pytest.fixture
def submitted(organisation, lead):
    assessment = factories.make_assessment(organisation, lead, period="2026/27")
    factories.answer_all(assessment, lead)
    return factories.submit(assessment, lead)


def fill_staff(page, row: int, role: str, people: int, minutes: tuple[int, int, int]) -> None:
    group = page.get_by_role("group", name=re.compile(f"^Staff {row}"))
    group.get_by_label("Role").select_option(role)
    group.get_by_label("People").fill(str(people))
    for label, value in zip(
        ("Minutes preparing", "Minutes at the session", "Minutes following up"),
        minutes,
        strict=True,
    ):
        group.get_by_label(label).fill(str(value))


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_a_lead_costs_three_practices_changes_a_rate_and_downloads_the_report(
    js, signed_in, organisation, lead, submitted, page_checks, shot
):
    page = signed_in(lead, js=js)

    def check(label: str) -> None:
        page_checks.check(page, label)
        shot(page, label)
        page.set_viewport_size(NARROW)
        page_checks.check(page, f"{label} at 320 px")
        shot(page, f"{label} 320px")
        page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"/assessments/{submitted.pk}/results/")
    page.get_by_role("link", name="Cost your involvement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement costs")
    check("the costs page before any costs")

    # The first practice: a bad value first. The error names the row and the box, and
    # everything typed comes back.
    page.get_by_role("link", name=re.compile("^Change now: ")).first.click()
    page.get_by_label("Times a year").fill("4")
    fill_staff(page, 1, "afc-band-7", 1, (90, 120, 60))
    page.get_by_role("group", name=re.compile("^Staff 1")).get_by_label(
        "Minutes at the session"
    ).fill("-5")
    fill_staff(page, 2, "afc-band-3", 2, (30, 0, 15))
    expert = page.get_by_role("group", name="People with lived experience 1")
    expert.get_by_label("Payment rate").select_option("involvement-payment-half-day")
    expert.get_by_label("People").fill("6")
    expert.get_by_label("Minutes each").fill("120")
    expert.get_by_label("Paid for their time").check()
    expert.get_by_label("Travel paid").check()
    other = page.get_by_role("group", name="Other cost 1")
    other.get_by_label("Cost", exact=True).select_option("venue-half-day")
    other.get_by_label("How many units").fill("1")
    page.get_by_role("button", name="Save and recalculate").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Minutes at the session for staff 1 must be 0 or more")
    assert page.title().startswith("Error: ")
    session = page.get_by_role("group", name=re.compile("^Staff 1")).get_by_label(
        "Minutes at the session"
    )
    expect(session).to_have_value("-5")
    expect(page.get_by_label("Times a year")).to_have_value("4")
    expect(expert.get_by_label("People")).to_have_value("6")
    expect(expert.get_by_label("Travel paid")).to_be_checked()
    expect(other.get_by_label("How many units")).to_have_value("1")
    check("a practice's costs with an error")
    assert not CostProfile.objects.filter(assessment=submitted).exists()

    session.fill("120")
    page.get_by_role("button", name="Save and recalculate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement costs")

    # Two more practices, one with text where a number goes.
    page.get_by_role("link", name=re.compile("^Change now: ")).nth(1).click()
    page.get_by_label("Times a year").fill("twice")
    fill_staff(page, 1, "afc-band-8a", 1, (60, 180, 60))
    page.get_by_role("button", name="Save and recalculate").click()
    expect(page.get_by_role("alert")).to_contain_text("Times a year must be a whole number")
    expect(page.get_by_label("Times a year")).to_have_value("twice")
    page.get_by_label("Times a year").fill("2")
    expert = page.get_by_role("group", name="People with lived experience 1")
    expert.get_by_label("Payment rate").select_option("involvement-payment-hour")
    expert.get_by_label("People").fill("4")
    expert.get_by_label("Minutes each").fill("180")
    page.get_by_role("button", name="Save and recalculate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement costs")

    page.get_by_role("link", name=re.compile("^Change now: ")).nth(2).click()
    page.get_by_label("Times a year").fill("12")
    fill_staff(page, 1, "afc-band-6", 1, (30, 90, 30))
    other = page.get_by_role("group", name="Other cost 1")
    other.get_by_label("Cost", exact=True).select_option("refreshments")
    other.get_by_label("How many units").fill("8")
    page.get_by_role("button", name="Save and recalculate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Involvement costs")

    profile = CostProfile.objects.get(assessment=submitted)
    assert profile.version == 3
    before = cost_summary(submitted, with_impact=False)
    assert before.now.total > 0

    # A lead's own figure for band 7: every total that uses it changes.
    page.goto(f"/organisations/{organisation.pk}/costs/rates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rates for involvement costs")
    check("the rates page")
    band_7 = page.get_by_role("group", name=re.compile("^" + re.escape(BAND_7)))
    band_7.get_by_label("Cost of an hour").fill("60.00")
    page.get_by_role("button", name="Save rates").click()
    expect(page.locator("main")).to_contain_text("Rates saved (1 changed)")
    band_7 = page.get_by_role("group", name=re.compile("^" + re.escape(BAND_7)))
    expect(band_7).to_contain_text("Your own figure")
    expect(band_7.get_by_label("Cost of an hour")).to_have_value("60.00")

    after = cost_summary(submitted, with_impact=False)
    assert after.now.total > before.now.total
    page.goto(f"/assessments/{submitted.pk}/costs/")
    main = page.locator("main")
    expect(main).to_contain_text(pounds(after.now.total))
    expect(main).to_contain_text(pounds(after.planned.total))
    table = page.locator("table").filter(has_text="Planned")
    expect(table.first).to_be_visible()
    chart = page.locator("figure.costs-chart svg[role=img]")
    expect(chart).to_have_attribute(
        "aria-label",
        f"Now {pounds(after.now.total)} a year; planned {pounds(after.planned.total)} a year",
    )
    expect(chart.locator("rect.costs-chart__staff").first).to_be_attached()
    check("the costs page with both scenarios")

    # The results page shows the profile and the PDF has its section.
    page.goto(f"/assessments/{submitted.pk}/results/")
    section = page.locator("section[aria-labelledby=costs-heading]")
    expect(section).to_contain_text(f"Now {pounds(after.now.total)} a year")
    expect(section.get_by_role("link", name="See and change the costs")).to_be_visible()
    check("the results page with the costs")
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("link", name="Download the action report (PDF)").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "What involvement costs" in text
