"""The write services on their own: the optimistic lock, the submitted lock, the lead-only
operations, and what each save leaves behind."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from assessments.models import Answer, Assessment, Membership, SectionState
from assessments.organisations import services as organisation_services
from assessments.questionnaire import lifecycle, services
from assessments.questionnaire.sections import ABOUT, COMMITMENT, SERVICES
from assessments.questionnaire.services import AnswerData, AssessmentLocked, SectionConflict
from tests.factories import (
    COMMISSIONER,
    LEAD,
    answer_all,
    category_sections,
    is_complete,
    make_assessment,
    make_member,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(organisation, lead):
    return make_assessment(organisation, lead)


def membership(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def save_answers(assessment, user, section, answers, version=0):
    return services.section_save_answers(
        assessment=assessment,
        user=user,
        key=section.key,
        expected_version=version,
        activities=section.activities,
        answers=answers,
    )


def test_assessment_create_records_who_started_it(organisation, lead):
    assessment = lifecycle.assessment_create(
        organisation=organisation, user=lead, title="T", period="2026/27"
    )
    assert assessment.is_draft
    assert assessment.created_by == assessment.updated_by == lead
    assert assessment.submitted_at is None


def test_a_section_save_bumps_its_version_and_refuses_a_stale_one(draft, lead, commissioner):
    section = category_sections()[0]
    answers = {a.slug: AnswerData("none") for a in section.activities}
    state = save_answers(draft, lead, section, answers)
    assert (state.version, state.status, state.updated_by) == (1, "completed", lead)
    with pytest.raises(SectionConflict) as conflict:
        save_answers(
            draft,
            commissioner,
            section,
            {a.slug: AnswerData("routine", ("monitoring",)) for a in section.activities},
            version=0,
        )
    assert conflict.value.state.version == 1
    assert set(draft.answers.values_list("frequency", flat=True)) == {"none"}
    assert save_answers(draft, commissioner, section, answers, version=1).version == 2


def test_sections_are_versioned_independently(draft, lead):
    first, second = category_sections()[:2]
    save_answers(draft, lead, first, {a.slug: AnswerData("none") for a in first.activities})
    state = save_answers(
        draft, lead, second, {a.slug: AnswerData("none") for a in second.activities}
    )
    assert state.version == 1


def test_a_conflict_leaves_the_about_section_untouched(draft, lead):
    data = services.AboutData(title="First", period="2026/27", participants=("carers",))
    services.section_save_about(assessment=draft, user=lead, expected_version=0, data=data)
    with pytest.raises(SectionConflict):
        services.section_save_about(
            assessment=draft,
            user=lead,
            expected_version=0,
            data=services.AboutData(title="Second", period="2027/28"),
        )
    draft.refresh_from_db()
    assert (draft.title, draft.period, draft.participants) == ("First", "2026/27", ["carers"])


def test_unanswered_activities_are_removed_and_leave_the_section_in_progress(draft, lead):
    section = category_sections()[0]
    save_answers(draft, lead, section, {a.slug: AnswerData("none") for a in section.activities})
    first = section.activities[0]
    state = save_answers(
        draft, lead, section, {a.slug: AnswerData("none") for a in section.activities[1:]}, 1
    )
    assert state.status == SectionState.Status.IN_PROGRESS
    assert not draft.answers.filter(activity=first).exists()


def test_the_database_refuses_stages_on_an_activity_not_done(draft):
    activity = category_sections()[0].activities[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            assessment=draft, activity=activity, frequency="none", stages=["monitoring"]
        )


@pytest.mark.parametrize("save", ["about", "answers", "services", "commitment"])
def test_every_save_refuses_a_submitted_assessment(organisation, lead, save):
    assessment = submit(answer_all(make_assessment(organisation, lead), lead), lead)
    section = category_sections()[0]
    calls = {
        "about": lambda: services.section_save_about(
            assessment=assessment,
            user=lead,
            expected_version=1,
            data=services.AboutData(title="X", period="2026/27"),
        ),
        "answers": lambda: save_answers(
            assessment, lead, section, {a.slug: AnswerData("none") for a in section.activities}, 1
        ),
        "services": lambda: services.section_save_services(
            assessment=assessment,
            user=lead,
            expected_version=1,
            data=services.ServicesData(none_yet=True),
        ),
        "commitment": lambda: services.section_save_commitment(
            assessment=assessment,
            user=lead,
            expected_version=1,
            data=services.CommitmentData(commitment="none"),
        ),
    }
    with pytest.raises(AssessmentLocked):
        calls[save]()
    assessment.refresh_from_db()
    assert assessment.title != "X"
    assert assessment.service_areas.exists()
    assert assessment.commitment == "plans-to-do-more"


def test_services_and_commitment_sections_complete(draft, lead):
    state = services.section_save_services(
        assessment=draft, user=lead, expected_version=0, data=services.ServicesData()
    )
    assert state.status == "in-progress"
    state = services.section_save_services(
        assessment=draft,
        user=lead,
        expected_version=1,
        data=services.ServicesData(none_yet=True),
    )
    assert state.status == "completed"
    state = services.section_save_commitment(
        assessment=draft,
        user=lead,
        expected_version=0,
        data=services.CommitmentData(commitment="standard-approach"),
    )
    assert (state.key, state.status) == (COMMITMENT, "completed")
    assert SectionState.objects.filter(assessment=draft, key=SERVICES).get().version == 2


def test_about_is_complete_only_with_the_count_of_experts(draft, lead):
    services.section_save_about(
        assessment=draft,
        user=lead,
        expected_version=0,
        data=services.AboutData(
            title="T", period="2026/27", participants=("experts-by-experience",)
        ),
    )
    assert SectionState.objects.get(assessment=draft, key=ABOUT).status == "in-progress"


def test_submit_saves_the_snapshot_and_only_a_lead_may(organisation, lead, commissioner):
    assessment = answer_all(make_assessment(organisation, commissioner), commissioner)
    assert is_complete(assessment)
    with pytest.raises(PermissionDenied):
        lifecycle.assessment_submit(
            assessment=assessment,
            membership=membership(commissioner, organisation),
            user=commissioner,
        )
    assert Assessment.objects.get(pk=assessment.pk).is_draft
    submitted = lifecycle.assessment_submit(
        assessment=assessment,
        membership=membership(lead, organisation),
        user=lead,
    )
    assert submitted.is_submitted and submitted.submitted_by == lead
    for answer in Answer.objects.filter(assessment=assessment).select_related("activity__category"):
        assert answer.snapshot_name == answer.activity.name
        assert answer.snapshot_category == answer.activity.category.slug
        assert answer.snapshot_category_name == answer.activity.category.name
        assert answer.snapshot_activeness == answer.activity.activeness
        assert answer.snapshot_embeddedness == answer.activity.embeddedness


def test_reopen_is_for_leads_and_clears_the_snapshot(organisation, lead, commissioner):
    assessment = submit(answer_all(make_assessment(organisation, lead), lead), lead)
    with pytest.raises(PermissionDenied):
        lifecycle.assessment_reopen(
            assessment=assessment,
            membership=membership(commissioner, organisation),
            user=commissioner,
        )
    reopened = lifecycle.assessment_reopen(
        assessment=assessment, membership=membership(lead, organisation), user=lead
    )
    assert reopened.is_draft and reopened.submitted_by is None
    assert not Answer.objects.filter(assessment=assessment).exclude(snapshot_name="").exists()


def test_membership_remove_keeps_the_last_lead(organisation, lead, commissioner):
    mine = membership(lead, organisation)
    with pytest.raises(PermissionDenied):
        organisation_services.membership_remove(
            membership=mine, by=membership(commissioner, organisation)
        )
    with pytest.raises(PermissionDenied, match="at least one involvement lead"):
        organisation_services.membership_remove(membership=mine, by=mine)
    second = make_member(organisation, LEAD)
    organisation_services.membership_remove(membership=mine, by=membership(second, organisation))
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_one_membership_per_person_and_organisation(organisation, lead):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=lead, organisation=organisation, role=COMMISSIONER)
