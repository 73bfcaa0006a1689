"""The rules the services hold themselves, whoever calls them: completeness on
submission, the models' own limits on every row, and pages that work for an assessment
nobody started (an import made by a command)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from assessments.actions import services as action_services
from assessments.actions.forms import ActionForm
from assessments.models import (
    ACTION_TEXT_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Answer,
    Assessment,
    Membership,
)
from assessments.questionnaire import lifecycle, services
from assessments.questionnaire.category_form import CategorySectionForm
from assessments.questionnaire.forms import CommitmentForm, ServicesForm
from assessments.transfer.imports import CSV_COLUMNS
from tests.factories import (
    answer_all,
    category_sections,
    make_assessment,
    save_category,
    version_of,
)

pytestmark = pytest.mark.django_db


def _membership(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def test_submission_works_out_completeness_itself(organisation, lead):
    draft = make_assessment(organisation, lead)
    save_category(draft, lead, category_sections()[0], default=services.AnswerData("none"))

    with pytest.raises(lifecycle.AssessmentIncomplete):
        lifecycle.assessment_submit(
            assessment=draft, membership=_membership(lead, organisation), user=lead
        )
    with pytest.raises(TypeError):
        lifecycle.assessment_submit(  # the caller's word is no longer asked for
            assessment=draft,
            membership=_membership(lead, organisation),
            user=lead,
            sections_complete=True,
        )
    assert Assessment.objects.get(pk=draft.pk).is_draft


def test_submission_judges_what_is_saved_not_what_the_caller_saw(organisation, lead):
    draft = answer_all(make_assessment(organisation, lead), lead)
    section = category_sections()[0]
    # A colleague clears an answer after the lead's page said "complete".
    save_category(draft, lead, section, default=None)

    with pytest.raises(lifecycle.AssessmentIncomplete):
        lifecycle.assessment_submit(
            assessment=draft, membership=_membership(lead, organisation), user=lead
        )


def test_a_save_refuses_evidence_over_the_limit_whoever_calls_it(organisation, lead):
    draft = make_assessment(organisation, lead)
    section = category_sections()[0]
    too_long = services.AnswerData("routine", (), "x" * (TEXT_MAX_LENGTH + 1))

    with pytest.raises(ValidationError):
        services.section_save_answers(
            assessment=draft,
            user=lead,
            key=section.key,
            expected_version=version_of(draft, section.key),
            activities=section.activities,
            answers={section.activities[0].slug: too_long},
        )
    assert not Answer.objects.filter(assessment=draft).exists()
    assert version_of(draft, section.key) == 0


def test_other_services_and_barriers_over_the_limit_are_refused(organisation, lead):
    draft = make_assessment(organisation, lead)
    with pytest.raises(ValidationError):
        services.section_save_services(
            assessment=draft,
            user=lead,
            expected_version=0,
            data=services.ServicesData(other="x" * (TEXT_MAX_LENGTH + 1)),
        )
    with pytest.raises(ValidationError):
        services.section_save_commitment(
            assessment=draft,
            user=lead,
            expected_version=0,
            data=services.CommitmentData(commitment="no-such-commitment"),
        )


def test_an_action_over_the_limit_is_refused(organisation, lead):
    draft = make_assessment(organisation, lead)
    with pytest.raises(ValidationError):
        action_services.action_create(
            assessment=draft,
            user=lead,
            data=action_services.ActionData(description="x" * (ACTION_TEXT_MAX_LENGTH + 1)),
        )
    assert not draft.actions.exists()


def test_a_new_assessment_with_a_bad_period_is_refused(organisation, lead):
    with pytest.raises(ValidationError):
        lifecycle.assessment_create(organisation=organisation, user=lead, title="T", period="26")


def test_the_forms_take_their_limits_from_the_models():
    section = category_sections()[0]
    activity = section.activities[0]
    category = CategorySectionForm(activities=[activity], stages=[])
    assert category.fields[CategorySectionForm.notes_name(activity)].max_length == TEXT_MAX_LENGTH
    assert ServicesForm().fields["other"].max_length == TEXT_MAX_LENGTH
    assert CommitmentForm().fields["other"].max_length == TEXT_MAX_LENGTH
    form = ActionForm(categories=[], is_new=True)
    assert form.fields["description"].max_length == ACTION_TEXT_MAX_LENGTH


def test_the_pages_of_an_assessment_nobody_started_work(client, organisation, lead, tmp_path):
    """The defect: an assessment made by ``import_answers --organisation`` has no creator,
    and its task list answered 500 (and so did a web upload into it)."""
    csv = tmp_path / "answers.csv"
    csv.write_text(
        ",".join(CSV_COLUMNS) + "\r\nanalysis-of-complaints,routine,monitoring,Minutes\r\n"
    )
    call_command(
        "import_answers",
        str(csv),
        organisation=organisation.ods_code,
        title="Workshop",
        period="2026/27",
        stdout=io.StringIO(),
    )
    assessment = Assessment.objects.get(organisation=organisation, title="Workshop")
    assert assessment.created_by is None
    client.force_login(lead)

    task_list = client.get(reverse("assessments:task-list", args=[assessment.pk]))
    upload = client.post(
        reverse("assessments:import", args=[assessment.pk]),
        {"csv_file": SimpleUploadedFile("answers.csv", csv.read_bytes(), "text/csv")},
        follow=True,
    )

    assert task_list.status_code == 200
    assert "Not recorded" in task_list.content.decode()
    assert upload.status_code == 200
    assert upload.redirect_chain[-1][0] == reverse("assessments:task-list", args=[assessment.pk])
