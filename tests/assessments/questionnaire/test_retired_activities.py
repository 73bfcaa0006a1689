"""An activity retired after a draft answered it: the draft keeps counting and showing
the answer, tagged, so that people can change it and submitting changes nothing; a
submitted assessment shows everything it answered, wherever the catalogue has moved."""

import pytest
from django.urls import reverse

from assessments.questionnaire.category_form import RETIRED_HINT
from assessments.questionnaire.kinds import RETIRED_TAG
from assessments.questionnaire.sections import questionnaire
from assessments.questionnaire.services import AnswerData
from coprod_grid.models import Activity
from tests.factories import answer_all, category_sections, make_assessment, submit
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def retired_slug():
    return category_sections()[0].activities[0].slug


@pytest.fixture
def draft_with_a_retired_answer(organisation, lead, retired_slug):
    assessment = answer_all(make_assessment(organisation, lead), lead)
    Activity.objects.filter(slug=retired_slug).update(is_active=False)
    return assessment


def _row_keys(page) -> list[str]:
    return [key.text for key in page.find_all(cls="nhsuk-summary-list__key")]


def test_a_drafts_answered_retired_activity_stays_in_its_section(
    client, lead, draft_with_a_retired_answer, retired_slug
):
    key = category_sections()[0].key
    client.force_login(lead)

    page = parse(
        client.get(
            reverse("assessments:section", args=[draft_with_a_retired_answer.pk, key])
        ).content.decode()
    )

    assert page.find_all("input", name=f"{retired_slug}-frequency", value="routine")
    assert RETIRED_HINT.split(":")[0] in page.text


def test_check_your_answers_tags_the_retired_answer(
    client, lead, draft_with_a_retired_answer, retired_slug
):
    client.force_login(lead)
    name = Activity.objects.get(slug=retired_slug).name

    page = parse(
        client.get(
            reverse("assessments:check", args=[draft_with_a_retired_answer.pk])
        ).content.decode()
    )

    tagged = [key for key in _row_keys(page) if name in key]
    assert tagged and RETIRED_TAG in tagged[0]


def test_a_retired_answer_does_not_make_a_draft_incomplete_or_stop_submission(
    lead, draft_with_a_retired_answer
):
    assert questionnaire(draft_with_a_retired_answer).all_complete
    assert submit(draft_with_a_retired_answer, lead).is_submitted


def test_an_unanswered_retired_activity_is_not_asked(organisation, lead, retired_slug):
    draft = make_assessment(organisation, lead)
    Activity.objects.filter(slug=retired_slug).update(is_active=False)

    activities = {a.slug for s in questionnaire(draft).sections for a in s.activities}

    assert retired_slug not in activities


def test_a_submitted_assessment_shows_a_not_at_the_moment_answer_retired_since(
    client, organisation, lead, retired_slug
):
    """The defect: the answer vanished from the results table and check your answers,
    while the PDF's appendix still listed it."""
    assessment = answer_all(
        make_assessment(organisation, lead), lead, answers={retired_slug: AnswerData("none")}
    )
    submit(assessment, lead)
    activity = Activity.objects.get(slug=retired_slug)
    Activity.objects.filter(pk=activity.pk).update(is_active=False)
    client.force_login(lead)

    check = client.get(reverse("assessments:check", args=[assessment.pk])).content.decode()
    results = client.get(reverse("assessments:results", args=[assessment.pk])).content.decode()

    assert activity.name in check
    table = parse(results).find_all("table", cls="app-results-table")[0]
    assert activity.name in table.text


def test_a_submitted_assessment_does_not_ask_about_activities_added_since(organisation, lead):
    assessment = submit(answer_all(make_assessment(organisation, lead), lead), lead)
    category = category_sections()[0].category
    Activity.objects.create(
        slug="a-new-activity",
        name="A new activity",
        category=category,
        activeness="0.5",
        embeddedness="0.5",
    )

    current = questionnaire(assessment)

    assert current.all_complete
    assert "a-new-activity" not in {a.slug for s in current.sections for a in s.activities}
