"""Draft → submitted (locked) → reopened by a lead (draft again), through the views:
who may do it, what is recorded, and the scoring snapshot taken on submission."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Answer, Assessment
from assessments.questionnaire.services import AnswerData
from assessments.results.results import assessment_result
from coprod_grid.models import Activity
from tests.factories import (
    answer_all,
    category_sections,
    make_assessment,
    save_category,
    submit,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

NONE = AnswerData("none")


@pytest.fixture
def complete(organisation, commissioner):
    """A draft with every section complete, filled in by a commissioner."""
    return answer_all(make_assessment(organisation, commissioner), commissioner)


def submit_url(assessment: Assessment) -> str:
    return reverse("assessments:submit", args=[assessment.pk])


def reopen_url(assessment: Assessment) -> str:
    return reverse("assessments:reopen", args=[assessment.pk])


# --- submit -----------------------------------------------------------------------------


def test_a_lead_submits_a_complete_assessment(client, lead, complete):
    client.force_login(lead)
    response = client.post(submit_url(complete))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:results", args=[complete.pk])
    complete.refresh_from_db()
    assert complete.is_submitted
    assert complete.submitted_by == lead and complete.submitted_at is not None
    assert complete.updated_by == lead
    page = client.get(response["Location"]).content.decode()
    assert "Assessment submitted" in page
    assert "Draft results" not in page
    # The banner says what to do next, with the way to each.
    banner = parse(page).find(cls="nhsuk-notification-banner--success")
    assert banner.attrs["role"] == "alert"
    links = {a.text: a.attrs["href"] for a in banner.find_all("a")}
    assert links == {
        "your results": reverse("assessments:results", args=[complete.pk]),
        "make an action plan": reverse("assessments:actions", args=[complete.pk]),
        "download the report for your Board (PDF)": reverse(
            "assessments:board-report-pdf", args=[complete.pk]
        ),
    }


def test_submitting_records_who_and_when_on_the_task_list(client, lead, complete):
    client.force_login(lead)
    client.post(submit_url(complete))
    page = client.get(reverse("assessments:task-list", args=[complete.pk])).content.decode()
    assert "Submitted</strong>" in page
    assert f"by {lead.get_full_name()}" in page
    assert "Started by" in page


def test_a_commissioner_cannot_submit(client, commissioner, complete):
    client.force_login(commissioner)
    assert client.post(submit_url(complete)).status_code == 403
    complete.refresh_from_db()
    assert complete.is_draft and complete.submitted_at is None


def test_an_incomplete_assessment_cannot_be_submitted(client, organisation, lead):
    assessment = make_assessment(organisation, lead)
    answer_all(assessment, lead)
    # One category half answered again.
    section = category_sections()[0]
    save_category(assessment, lead, section, {section.activities[0].slug: NONE})
    client.force_login(lead)
    response = client.post(submit_url(assessment), follow=True)
    assert response.redirect_chain == [(reverse("assessments:check", args=[assessment.pk]), 302)]
    assessment.refresh_from_db()
    assert assessment.is_draft
    # The answers page it lands on says which section is still to do, with its link.
    callout = parse(response.content.decode()).find(cls="nhsuk-warning-callout")
    assert "Not ready to submit" in callout.text
    link = reverse("assessments:section", args=[assessment.pk, section.key])
    assert [(a.text, a.attrs["href"]) for a in callout.find_all("a")] == [(section.title, link)]


def test_submit_only_accepts_post(client, lead, complete):
    client.force_login(lead)
    assert client.get(submit_url(complete)).status_code == 405
    assert client.get(reverse("assessments:reopen", args=[complete.pk])).status_code == 405


def test_submitting_twice_is_refused(client, lead, complete):
    client.force_login(lead)
    client.post(submit_url(complete))
    submitted_at = Assessment.objects.get(pk=complete.pk).submitted_at
    assert client.post(submit_url(complete)).status_code == 403
    assert Assessment.objects.get(pk=complete.pk).submitted_at == submitted_at


def test_submit_handles_a_bad_id(client, lead):
    client.force_login(lead)
    assert client.post(reverse("assessments:submit", args=[987654])).status_code == 404


def test_submit_takes_a_bounded_number_of_queries(
    client, lead, complete, django_assert_max_num_queries
):
    client.force_login(lead)
    with django_assert_max_num_queries(25):
        assert client.post(submit_url(complete)).status_code == 302


# --- reopen -----------------------------------------------------------------------------


def test_a_lead_reopens_a_submitted_assessment(client, lead, complete):
    submit(complete, lead)
    client.force_login(lead)
    response = client.post(reopen_url(complete))
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:task-list", args=[complete.pk])
    complete.refresh_from_db()
    assert complete.is_draft
    assert complete.submitted_at is None and complete.submitted_by is None
    assert not complete.answers.exclude(snapshot_activeness=None).exists()
    assert "Assessment reopened" in client.get(response["Location"]).content.decode()
    # It can be changed again.
    page = client.get(
        reverse("assessments:section", args=[complete.pk, category_sections()[0].key])
    )
    assert page.status_code == 200


def test_a_commissioner_cannot_reopen(client, lead, commissioner, complete):
    submit(complete, lead)
    client.force_login(commissioner)
    assert client.post(reopen_url(complete)).status_code == 403
    complete.refresh_from_db()
    assert complete.is_submitted


def test_reopening_a_draft_changes_nothing(client, lead, complete):
    client.force_login(lead)
    before = Assessment.objects.get(pk=complete.pk).updated_at
    assert client.post(reopen_url(complete)).status_code == 302
    complete.refresh_from_db()
    assert complete.is_draft and complete.updated_at == before


def test_reopen_handles_a_bad_id(client, lead):
    client.force_login(lead)
    assert client.post(reverse("assessments:reopen", args=[987654])).status_code == 404


def test_reopen_takes_a_bounded_number_of_queries(
    client, lead, complete, django_assert_max_num_queries
):
    submit(complete, lead)
    client.force_login(lead)
    with django_assert_max_num_queries(25):
        assert client.post(reopen_url(complete)).status_code == 302


def test_a_reopened_assessment_can_be_submitted_again(client, lead, complete):
    submit(complete, lead)
    client.force_login(lead)
    client.post(reopen_url(complete))
    assert client.post(submit_url(complete)).status_code == 302
    assert Assessment.objects.get(pk=complete.pk).is_submitted


# --- the scoring snapshot ---------------------------------------------------------------


def only(slug: str, frequency: str = "routine", stages=("monitoring",)):
    return {slug: AnswerData(frequency, stages)}


def named(result, slug: str) -> str:
    return next(answer.name for answer in result.answers if answer.activity == slug)


def test_editing_the_catalogue_after_submission_leaves_the_results_alone(
    client, organisation, lead
):
    slug = "quality-visits-to-services"
    submitted = make_assessment(organisation, lead, title="Submitted")
    answer_all(submitted, lead, answers=only(slug), default=NONE)
    submit(submitted, lead)
    draft = make_assessment(organisation, lead, title="Draft")
    answer_all(draft, lead, answers=only(slug), default=NONE)

    before_submitted = assessment_result(submitted).score
    before_draft = assessment_result(draft).score
    assert before_submitted == before_draft

    activity = Activity.objects.get(slug=slug)
    snapshot = Answer.objects.get(assessment=submitted, activity=activity)
    assert snapshot.snapshot_activeness == activity.activeness
    assert snapshot.snapshot_name == activity.name
    Activity.objects.filter(pk=activity.pk).update(
        activeness=Decimal("0.990"), embeddedness=Decimal("0.100"), name="Renamed"
    )

    after_submitted = assessment_result(submitted)
    after_draft = assessment_result(draft)
    assert after_submitted.score == before_submitted
    assert named(after_submitted, slug) == snapshot.snapshot_name
    assert after_draft.score != before_draft
    assert after_draft.score.activeness == pytest.approx(0.99 / 3)
    assert named(after_draft, slug) == "Renamed"

    # The pages agree with the results.
    client.force_login(lead)
    page = client.get(reverse("assessments:results", args=[submitted.pk])).content.decode()
    assert "Renamed" not in page.split('id="categories"')[0].split('id="grid"')[1]
    data = client.get(reverse("assessments:export-json", args=[submitted.pk])).json()
    [exported] = [a for a in data["answers"] if a["activity"] == slug]
    assert exported["activeness"] == float(snapshot.snapshot_activeness)


def test_reopening_returns_to_the_live_catalogue(organisation, lead):
    slug = "quality-visits-to-services"
    assessment = make_assessment(organisation, lead)
    answer_all(assessment, lead, answers=only(slug), default=NONE)
    submit(assessment, lead)
    Activity.objects.filter(slug=slug).update(activeness=Decimal("0.990"))
    frozen = assessment_result(assessment).score.activeness
    from assessments.models import Membership
    from assessments.questionnaire import lifecycle

    lifecycle.assessment_reopen(
        assessment=assessment,
        membership=Membership.objects.get(user=lead, organisation=organisation),
        user=lead,
    )
    assessment.refresh_from_db()
    assert assessment_result(assessment).score.activeness == pytest.approx(0.99 / 3)
    assert frozen != pytest.approx(0.99 / 3)
