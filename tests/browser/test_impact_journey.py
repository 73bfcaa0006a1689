"""Evidence of impact, in Chromium, JavaScript on and off: a lead records two things people
said in the impact ledger (one acted on and fed back, one not acted on with its reason),
runs a co-design project through the six phases of experience-based co-design and
finishes it into the ledger and the assessment's co-design answer, reads the evidence for
each principle, and downloads the draft of the annual report's section as a Word file.
Every page is checked (axe and the checks axe cannot make) at desktop width and 320 px."""

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from assessments.codesign.phases import PHASES
from assessments.ledger.models import LedgerEntry
from assessments.models import Answer
from tests import factories

from .conftest import NARROW

pytestmark = pytest.mark.browser

PERIOD = "2026/27"


@pytest.fixture
def submitted(organisation, lead):
    assessment = factories.make_assessment(organisation, lead, period=PERIOD)
    factories.answer_all(assessment, lead)
    return factories.submit(assessment, lead)


@pytest.fixture
def draft(organisation, lead):
    return factories.make_assessment(organisation, lead, title="Next year", period="2027/28")


def fill_date(page, legend: str, day: int, month: int, year: int) -> None:
    group = page.get_by_role("group", name=re.compile("^" + re.escape(legend)))
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_a_lead_records_what_people_said_runs_a_project_and_drafts_the_annual_report(
    js, signed_in, organisation, lead, submitted, draft, page_checks, shot
):
    page = signed_in(lead, js=js)

    def check(label: str) -> None:
        page_checks.check(page, label)
        shot(page, label)
        page.set_viewport_size(NARROW)
        page_checks.check(page, f"{label} at 320 px")
        page.set_viewport_size({"width": 1280, "height": 900})

    # Two ledger entries: the form's errors first, and nothing typed is lost.
    page.goto(f"/organisations/{organisation.pk}/ledger/new/")
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter what people said")
    check("a ledger entry with errors")
    page.get_by_label("What did people say?").fill(
        "Nobody answers the crisis line after midnight <script>alert(1)</script>"
    )
    fill_date(page, "When was it said?", 12, 5, 2026)
    page.get_by_label("How many people said it? (optional)").fill("14")
    page.get_by_label("Fed back", exact=True).check()
    page.get_by_label("A service changed").check()
    page.get_by_label("What did you do? (optional)").fill("The line is now staffed all night.")
    fill_date(page, "When was it fed back?", 20, 9, 2026)
    check("a ledger entry filled in")
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("heading", name="Impact ledger")).to_be_visible()

    page.goto(f"/organisations/{organisation.pk}/ledger/new/")
    page.get_by_label("What did people say?").fill("We want the café open at weekends.")
    fill_date(page, "When was it said?", 3, 6, 2026)
    page.get_by_label("Not acted on", exact=True).check()
    page.get_by_label("Why was it not acted on? (if it was not)").fill(
        "There is no budget for weekend staff this year."
    )
    page.get_by_role("button", name="Save entry").click()
    ledger = page.locator("main")
    expect(ledger).to_contain_text("Nobody answers the crisis line after midnight <script>")
    expect(ledger).to_contain_text("There is no budget for weekend staff this year.")
    check("the impact ledger")
    assert LedgerEntry.objects.filter(organisation=organisation).count() == 2

    # A co-design project through the six phases, in order, with dates.
    page.goto(f"/organisations/{organisation.pk}/projects/new/")
    page.get_by_label("Project title").fill("Crisis café")
    page.get_by_label("Staff", exact=True).fill("6")
    page.get_by_label("People who use services", exact=True).fill("8")
    page.get_by_label("Carers", exact=True).fill("3")
    page.get_by_label("What changed? (optional)").fill(
        "A crisis café opened in the town centre\nThe crisis line is staffed all night"
    )
    page.get_by_role("button", name="Add project").click()
    for number, phase in enumerate(PHASES, start=1):
        page.get_by_role("link", name=re.compile(f"record phase {number}", re.IGNORECASE)).click()
        fill_date(page, "When did this phase start?", number, 4 + number, 2026)
        if number == 1:
            check("recording the first phase")
        page.get_by_role("button", name="Save phase").click()
        expect(page.locator(f'[data-phase="{phase.slug}"]')).to_contain_text(f"From {number} ")
    check("a project through the six phases")
    page.get_by_role("button", name="Finish the project").or_(
        page.get_by_role("link", name="Finish the project")
    ).click()
    page.get_by_label("A crisis café opened in the town centre").check()
    page.get_by_role("radio", name="Yes").check()
    check("finishing the project")
    page.get_by_role("button", name="Finish project").click()
    assert LedgerEntry.objects.filter(organisation=organisation, project__isnull=False).count() == 1
    marked = Answer.objects.get(assessment=draft, activity__slug="co-design-with-methodology")
    assert marked.frequency in ("occasional", "routine")

    # The results page and the principles: evidence found, never a verdict.
    page.goto(f"/assessments/{submitted.pk}/results/")
    impact = page.locator("#impact")
    expect(impact).to_contain_text("2")  # two entries in 2026/27
    expect(page.locator("[data-codesign-summary]")).to_contain_text("Crisis café")
    page.get_by_role("link", name="See the evidence for each principle").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("principles")
    expect(page.locator("main")).to_contain_text("not a verdict")
    check("the evidence for each principle")

    # The annual report's draft, on the page and as a Word document.
    page.goto(f"/assessments/{submitted.pk}/annual-report/")
    expect(page.get_by_role("heading", name="How we involved people")).to_be_visible()
    check("the annual report draft")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download as a Word document")).or_(
            page.get_by_role("button", name=re.compile("Download as a Word document"))
        ).click()
    document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("How we involved people", "What we heard", "What we did"):
        assert heading in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert "This is a draft" in text
