"""The pages people act on: the dashboard leads to the draft in hand ("Continue your
draft"), and the history reads by day and by person, newest first, one page at a time.
Both pass axe, at 1280 and 320 px, and no word breaks in the middle in a heading, a
table's header or a button at 320 px."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.history.presenters import PER_PAGE
from assessments.models import Answer, Assessment, Frequency
from assessments.questionnaire.services import AnswerData
from tests import factories

from .conftest import DESKTOP, NARROW

pytestmark = pytest.mark.browser

# For each visible element that holds words a person reads as a unit (headings, table
# headers, the column names a responsive table shows at 320 px, buttons, tags, summary
# list keys), the words whose letters sit on more than one line: a word broken inside.
# A break after a hyphen ("co-/production") is how words wrap, so hyphens split words.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const el of document.querySelectorAll(selector)) {
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      for (const match of text.matchAll(/[^\\s\\-‐–—]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()]
          .filter(r => r.width > 0 && r.height > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(`${el.tagName.toLowerCase()}: "${match[0]}"`);
      }
    }
  }
  return broken;
}"""
WORD_UNITS = (
    "h1, h2, h3, h4, th, .nhsuk-table-responsive__heading, .nhsuk-button, .nhsuk-tag,"
    " .nhsuk-summary-list__key, .nhsuk-pagination__link, .nhsuk-caption-l"
)
# A header cell whose text is wider than the cell: a word that does not fit.
OVERFULL_HEADERS = """() => [...document.querySelectorAll("th")]
  .filter(th => th.getBoundingClientRect().width > 1 && th.scrollWidth > th.clientWidth + 1)
  .map(th => th.textContent.trim())"""


def no_broken_words(page) -> None:
    assert page.evaluate(BROKEN_WORDS, WORD_UNITS) == []
    assert page.evaluate(OVERFULL_HEADERS) == []


def at_both_widths(page, axe_check, shot, label: str) -> None:
    for viewport, width in ((DESKTOP, "1280"), (NARROW, "320")):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(100)
        shot(page, f"{label}-{width}")
        axe_check(page, f"{label} at {width} px")
        if viewport is NARROW:
            no_broken_words(page)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def drafts(organisation, lead, commissioner):
    """A submitted assessment, an older draft, and the draft in hand (changed last): two
    days of changes to it, by the lead and a commissioner, more than one page of them."""
    submitted = factories.submitted_assessment(organisation, lead)
    older = factories.make_assessment(organisation, lead, title="Last spring's try")
    draft = factories.make_assessment(organisation, lead, title="This year's self-assessment")
    sections = factories.category_sections()
    for number in range(3):
        note = AnswerData(Frequency.OCCASIONAL, (), f"Minutes of meeting {number}")
        factories.save_category(draft, commissioner, sections[1], default=note)
    day_before = timezone.now() - timedelta(days=1)
    Answer.history.filter(assessment_id=draft.pk).update(history_date=day_before)
    Assessment.history.filter(id=draft.pk).update(history_date=day_before - timedelta(hours=1))
    for number in range(3):
        note = AnswerData(Frequency.ROUTINE, ("monitoring",), f"Board paper {number}")
        factories.save_category(draft, lead, sections[0], default=note)
    factories.save_category(
        draft, commissioner, sections[0], default=AnswerData(Frequency.NONE, (), "Not yet")
    )
    now = timezone.now()
    Assessment.objects.filter(pk=older.pk).update(updated_at=now - timedelta(days=30))
    Assessment.objects.filter(pk=submitted.pk).update(updated_at=now - timedelta(days=20))
    Assessment.objects.filter(pk=draft.pk).update(updated_at=now)
    assert Answer.history.filter(assessment_id=draft.pk).count() > PER_PAGE
    return {"draft": draft, "older": older, "submitted": submitted}


def test_the_dashboard_leads_to_the_draft_in_hand(signed_in, lead, drafts, axe_check, shot):
    page = signed_in(lead)
    page.goto("/dashboard/")
    at_both_widths(page, axe_check, shot, "dashboard")
    draft = drafts["draft"]
    button = page.get_by_role("button", name=re.compile(r"^Continue your draft"))
    expect(button).to_have_count(1)
    expect(button).to_be_visible()
    expected = rf"^Continue your draft\s+for {re.escape(f'{draft.title} ({draft.period})')}$"
    expect(button).to_have_accessible_name(re.compile(expected))
    # It is the one primary button: starting another assessment is secondary to it.
    start = page.get_by_role("button", name=re.compile(r"^Start a new assessment"))
    expect(start).to_have_class(re.compile(r"nhsuk-button--secondary"))
    button.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/assessments/{draft.pk}/")
    expect(page.locator("h1")).to_contain_text(draft.title)


def test_the_history_reads_by_day_and_person_newest_first(
    signed_in, lead, commissioner, drafts, axe_check, shot
):
    draft = drafts["draft"]
    page = signed_in(lead)
    page.goto(f"/assessments/{draft.pk}/history/")
    at_both_widths(page, axe_check, shot, "history")
    today = timezone.localdate()
    days = page.locator("[data-history-day] > h2")
    expect(days.first).to_have_text(f"{today.day} {today:%B %Y}")
    first_day = page.locator("[data-history-day]").first
    people = first_day.locator("[data-history-person] > h3").all_inner_texts()
    # The commissioner changed something last today; the lead before that; each once.
    assert people == [
        f"Changes by {commissioner.get_full_name()}",
        f"Changes by {lead.get_full_name()}",
    ]
    first_page = page.locator("[data-history-change] time").evaluate_all(
        "times => times.map(t => t.getAttribute('datetime'))"
    )
    assert len(first_page) == PER_PAGE
    assert first_page == sorted(first_page, reverse=True)
    assert all(re.fullmatch(r"\d{1,2}(:\d\d)?(am|pm)|midday|midnight", t) for t in (
        page.locator("[data-history-change] time").all_inner_texts()
    ))  # fmt: skip

    pages = page.get_by_role("navigation", name="Pages of changes")
    expect(pages.get_by_role("link", name="Page 1")).to_have_attribute("aria-current", "page")
    pages.get_by_role("link", name="Older changes").click()
    page.wait_for_load_state()
    assert page.url.endswith("?page=2")
    expect(page).to_have_title(re.compile(r"\(page 2 of \d+\)"))
    at_both_widths(page, axe_check, shot, "history-page-2")
    second_page = page.locator("[data-history-change] time").evaluate_all(
        "times => times.map(t => t.getAttribute('datetime'))"
    )
    assert second_page and max(second_page) <= min(first_page)
    yesterday = today - timedelta(days=1)
    expect(page.locator("[data-history-day] > h2").last).to_have_text(
        f"{yesterday.day} {yesterday:%B %Y}"
    )

    # One person's changes only.
    page.get_by_label("Show changes by").select_option(label=commissioner.get_full_name())
    page.get_by_role("button", name="Show changes").click()
    page.wait_for_load_state()
    expect(
        page.get_by_text(f"Showing changes by {commissioner.get_full_name()} only")
    ).to_be_visible()
    people = set(page.locator("[data-history-person] > h3").all_inner_texts())
    assert people == {f"Changes by {commissioner.get_full_name()}"}
    at_both_widths(page, axe_check, shot, "history-one-person")
    page.get_by_role("link", name="Show everyone's changes").click()
    page.wait_for_load_state()

    # Putting an answer back still works from the grouped page: the lead's newest version.
    leads = page.locator("[data-history-day]").first.locator("[data-history-person]").nth(1)
    change = leads.locator("[data-history-change]").first
    activity = change.locator("h4").inner_text()
    expect(change).to_contain_text("Board paper 2")
    change.get_by_role("button", name=re.compile(r"^Put this answer back")).click()
    page.wait_for_load_state()
    expect(page.get_by_text(f"The answer to “{activity}” has been put back")).to_be_visible()
    assert "/history/" in page.url
    answer = Answer.objects.get(assessment=draft, activity__name=activity)
    assert (answer.frequency, answer.notes) == (Frequency.ROUTINE, "Board paper 2")
    axe_check(page, "history after putting an answer back")


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_both_pages_pass_the_page_checks(js, signed_in, lead, drafts, page_checks, shot):
    """axe, one h1 and a matching title, the skip link, visible focus, no keyboard trap and
    no sideways scrolling at 320 px, with JavaScript on and off."""
    page = signed_in(lead, js=js)
    draft = drafts["draft"]
    for path, label in (
        ("/dashboard/", "dashboard"),
        (f"/assessments/{draft.pk}/history/", "history"),
        (f"/assessments/{draft.pk}/history/?page=2", "history, page 2"),
        (f"/assessments/{drafts['submitted'].pk}/history/", "history (submitted)"),
    ):
        page.goto(path)
        page_checks.check(page, label)
        shot(page, label)
    page_checks.assert_ok()
