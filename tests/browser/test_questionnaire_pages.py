"""The questionnaire's pages people act on, in a real browser: two people saving the
same section (the second is told at once, with focus, sees what differs and chooses
whose answers to keep), and "Check your answers" for an empty draft (nothing passes
for an answer, and "Not ready to submit" links to each section to do). Every state is
checked with axe and the page checks, and screenshotted."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Answer
from tests import factories

from .conftest import DESKTOP, NARROW, sign_in

pytestmark = pytest.mark.browser

THEIRS = "Alice's evidence: the minutes of March"
YOURS = "Bob's evidence: the June workshop"


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def answer(page, activity, frequency: str, notes: str) -> None:
    page.locator(f'input[name="{activity.slug}-frequency"][value="{frequency}"]').check()
    page.locator(f'textarea[name="{activity.slug}-notes"]').fill(notes)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_two_people_save_the_same_section_and_choose_whose_answers_stay(
    new_page, organisation, lead, commissioner, page_checks, shot, js
):
    assessment = factories.make_assessment(organisation, lead, title="Shared draft")
    section = min(factories.category_sections(), key=lambda s: len(s.activities))
    first = section.activities[0]
    url = f"/assessments/{assessment.pk}/sections/{section.key}/"
    alice, bob = new_page(js=js), new_page(js=js)
    sign_in(alice, commissioner.username)
    sign_in(bob, lead.username)

    # Both open the section; Alice saves first, then Bob from his stale page.
    alice.goto(url)
    bob.goto(url)
    for activity in section.activities:
        answer(alice, activity, "routine", THEIRS)
    alice.get_by_role("button", name="Save and continue").click()
    expect(alice.get_by_role("heading", level=1)).not_to_have_text(section.title)
    for activity in section.activities:
        answer(bob, activity, "none", "")
    answer(bob, first, "occasional", YOURS)
    bob.get_by_role("button", name="Save and continue").click()

    panel = bob.locator("#conflict")
    expect(panel).to_be_visible()
    if js:
        # Focus is on the panel, as on the NHS error summary, so it is read first.
        assert focused_id(bob) == "conflict"
    expect(panel.get_by_role("alert")).to_contain_text("Someone else changed this section")
    expect(panel).to_contain_text(commissioner.get_full_name())
    expect(panel).to_contain_text(re.compile(r"\d{1,2}(:\d\d)?[ap]m on \d{1,2} \w+ \d{4}"))
    # What differs, theirs beside Bob's, for every activity.
    table = panel.get_by_role("table", name="What is different")
    expect(table.get_by_role("row")).to_have_count(1 + len(section.activities))
    first_row = table.get_by_role("row").filter(has_text=first.name)
    expect(first_row.get_by_role("cell").nth(0)).to_contain_text(THEIRS)
    expect(first_row.get_by_role("cell").nth(1)).to_contain_text(YOURS)
    keep = panel.get_by_role("button", name="Keep their answers")
    save_over = panel.get_by_role("button", name="Save my answers over theirs")
    expect(keep).to_be_visible()
    expect(save_over).to_be_visible()
    shot(bob, "conflict")
    bob.set_viewport_size(NARROW)
    shot(bob, "conflict, narrow")
    bob.set_viewport_size(DESKTOP)
    page_checks.check(bob, "conflict")

    # Keep theirs: Bob's answers go, the form shows Alice's, and nothing is saved.
    keep.click()
    expect(bob.locator("#conflict")).to_have_count(0)
    expect(bob.locator(f'textarea[name="{first.slug}-notes"]')).to_have_value(THEIRS)
    expect(bob.locator(f'input[name="{first.slug}-frequency"][value="routine"]')).to_be_checked()
    assert Answer.objects.get(assessment=assessment, activity=first).notes == THEIRS

    # Alice changes it again while Bob looks; this time Bob saves his over hers.
    alice.goto(url)
    answer(alice, first, "routine", THEIRS + ", again")
    alice.get_by_role("button", name="Save and continue").click()
    expect(alice.get_by_role("heading", level=1)).not_to_have_text(section.title)
    answer(bob, first, "occasional", YOURS)
    bob.get_by_role("button", name="Save and continue").click()
    expect(bob.locator("#conflict")).to_be_visible()
    expect(bob.locator(f'textarea[name="{first.slug}-notes"]')).to_have_value(YOURS)
    bob.locator("#conflict").get_by_role("button", name="Save my answers over theirs").click()
    expect(bob.locator("#conflict")).to_have_count(0)
    expect(bob.get_by_role("heading", level=1)).not_to_have_text(section.title)
    saved = Answer.objects.get(assessment=assessment, activity=first)
    assert (saved.frequency, saved.notes) == ("occasional", YOURS)
    page_checks.assert_ok()


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_check_your_answers_of_an_empty_draft(signed_in, organisation, lead, page_checks, shot, js):
    assessment = factories.make_assessment(organisation, lead, title="Empty draft")
    page = signed_in(lead, js=js)
    page.goto(f"/assessments/{assessment.pk}/check/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    values = page.locator(".nhsuk-summary-list__value")
    expect(values.filter(has_text="Not answered yet")).not_to_have_count(0)
    for value in values.all_inner_texts():
        assert value.strip() not in ("None yet", "None selected", "Not answered", "")
    expect(page.get_by_text("Services co-produced", exact=True).last).to_be_visible()

    callout = page.locator(".nhsuk-warning-callout").filter(has_text="Not ready to submit")
    titles = [section.title for section in factories.sections()]
    expect(callout.get_by_role("link")).to_have_text(titles)
    shot(page, "check your answers, empty draft")
    page_checks.check(page, "check your answers, empty draft")
    callout.get_by_role("link", name=titles[-1]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(titles[-1])
    page_checks.assert_ok()
