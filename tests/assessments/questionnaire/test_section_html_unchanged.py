"""Every questionnaire section's page renders exactly the markup it rendered when these
snapshots were taken: empty, answered, and refused with errors.

The NHS.UK form pack renders every field of the app; a change meant to make it faster
must not change one attribute. The snapshots in ``section_snapshots/`` are the ``<main>``
of each page with only what differs between runs taken out (the CSRF token, database ids
in links) and whitespace between tags collapsed to one newline.

To write them again after a change that is meant to change the markup::

    UPDATE_SECTION_SNAPSHOTS=1 python3 -m uv run pytest \
        tests/assessments/questionnaire/test_section_html_unchanged.py -p no:cacheprovider
"""

import datetime
import difflib
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from assessments.ledger import services as ledger
from assessments.models import Frequency, Membership
from assessments.questionnaire.services import AnswerData
from coprod_grid.models import Activity
from tests.factories import answer_all, category_sections, make_assessment, sections

pytestmark = pytest.mark.django_db

SNAPSHOTS = Path(__file__).parent / "section_snapshots"
UPDATE = os.environ.get("UPDATE_SECTION_SNAPSHOTS") == "1"
CASES = ("empty", "answered", "errors")

# Text that must come out escaped wherever people's words are shown.
AWKWARD = 'Minutes <b>signed</b> & "agreed" by the board'


def normalised_main(html: str) -> str:
    main = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    assert main, "the page has no <main>"
    text = main.group(0)
    text = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r'\1CSRF"', text)

    def without_ids(match: re.Match) -> str:
        # Database ids: a path's segment (/assessments/12/) or a query's value (?a=12).
        return re.sub(r"(?<=/)\d+(?=/)|(?<==)\d+\b", "N", match.group(0))

    text = re.sub(r'(?:href|action)="[^"]*"', without_ids, text)
    return re.sub(r">\s+<", ">\n<", text.strip())


def draft_with_answers(organisation, lead):
    """A draft with every section saved: a mix of frequencies, stages and notes, with
    awkward characters, and a ledger entry beside one activity."""
    draft = make_assessment(organisation, lead, title="Our <assessment>", period="2026/27")
    answers = {}
    for section in category_sections():
        first, second = section.activities[:2]
        answers[first.slug] = AnswerData(Frequency.NONE, (), "")
        answers[second.slug] = AnswerData(Frequency.OCCASIONAL, ("monitoring",), AWKWARD)
    answer_all(draft, lead, answers=answers)
    membership = Membership.objects.get(user=lead, organisation=organisation)
    activity = Activity.objects.get(slug=category_sections()[0].activities[1].slug)
    ledger.entry_create(
        membership, said=AWKWARD, heard_on=datetime.date(2026, 6, 15), activity=activity
    )
    return draft


def refused_post(section) -> dict:
    """A post each section refuses. A category: stages for an activity not done (a
    contradiction), stages with no frequency and evidence too long, the rest unanswered."""
    data = {"version": "0", "save": ""}
    if section.is_category:
        first, second = section.activities[:2]
        data[f"{first.slug}-frequency"] = Frequency.NONE
        data[f"{first.slug}-stages"] = ["strategic-planning", "contracting"]
        data[f"{first.slug}-notes"] = AWKWARD
        data[f"{second.slug}-stages"] = ["monitoring"]
        data[f"{second.slug}-notes"] = "x" * 2001
    elif section.key == "about":
        data.update(title="", period="2026/28", participants=["experts-by-experience"])
    elif section.key == "services-co-produced":
        data.update(service_areas=["crisis"], none_yet="on", other=AWKWARD)
    else:
        data.update(other=AWKWARD)
    return data


def rendered(client, draft, case: str) -> dict[str, str]:
    pages = {}
    for section in sections():
        url = reverse("assessments:section", args=[draft.pk, section.key])
        refused = case == "errors"
        response = client.post(url, refused_post(section)) if refused else client.get(url)
        assert response.status_code == 200, (section.key, response.status_code)
        html = response.content.decode()
        if refused:
            assert "nhsuk-error-summary" in html, f"{section.key} accepted the post"
        pages[f"{case}-{section.key}.html"] = normalised_main(html) + "\n"
    return pages


@pytest.mark.parametrize("case", CASES)
def test_every_section_renders_the_markup_of_its_snapshot(client, organisation, lead, case):
    if case == "answered":
        draft = draft_with_answers(organisation, lead)
    else:
        draft = make_assessment(organisation, lead, title="Our <assessment>", period="2026/27")
    client.force_login(lead)
    pages = rendered(client, draft, case)
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        for stale in SNAPSHOTS.glob(f"{case}-*.html"):
            stale.unlink()
        for name, html in pages.items():
            (SNAPSHOTS / name).write_text(html)
        return
    stored = {path.name for path in SNAPSHOTS.glob(f"{case}-*.html")}
    assert stored == set(pages), "sections without a snapshot, or snapshots of no section"
    changed = []
    for name, html in pages.items():
        expected = (SNAPSHOTS / name).read_text()
        if html != expected:
            diff = difflib.unified_diff(
                expected.splitlines(), html.splitlines(), "snapshot", "now", lineterm="", n=2
            )
            changed.append(f"{name}:\n" + "\n".join(list(diff)[:40]))
    assert not changed, "\n\n".join(changed)


def test_the_normalisation_keeps_a_changed_attribute():
    """Only ids, the token and whitespace between tags are taken out: a changed class is
    still a difference."""
    page = '<main id="m"><a href="/a/12/">x</a>\n  <input class="nhsuk-input"></main>'
    changed = page.replace("nhsuk-input", "nhsuk-input nhsuk-input--error")
    assert (
        normalised_main(page)
        == '<main id="m"><a href="/a/N/">x</a>\n<input class="nhsuk-input"></main>'
    )
    assert normalised_main(page) != normalised_main(changed)
