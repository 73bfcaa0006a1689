"""The co-design services: the six phases in order with their dates, finishing a
project feeding the ledger and the co-design answer, the optimistic lock, and who may
delete."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assessments.codesign import services
from assessments.codesign.models import CoDesignProject, ProjectPhase
from assessments.ledger.models import LedgerEntry
from assessments.models import Answer, Frequency
from assessments.questionnaire import services as questionnaire
from assessments.questionnaire.sections import questionnaire_categories
from tests.factories import answer_all, make_assessment, save_category, sections, submit, version_of

from .helpers import DATES, make_project, membership, record, record_up_to

pytestmark = pytest.mark.django_db

D = datetime.date
CO_DESIGN = "co-design"


@pytest.fixture
def project(organisation, commissioner):
    return make_project(commissioner, organisation)


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


def test_the_six_phases_are_recorded_in_order(project, commissioner):
    record_up_to(commissioner, project, "celebration-review")
    assert list(
        ProjectPhase.objects.filter(project=project).values_list("phase", "started_on")
    ) == [(slug, dates[0]) for slug, dates in DATES.items()]


def test_a_phase_is_refused_before_the_one_before_it_has_started(project, commissioner):
    record(commissioner, project, "set-up")
    with pytest.raises(ValidationError) as caught:
        record(commissioner, project, "patient-carer-experiences")
    assert messages_of(caught.value) == {
        "__all__": ["Record 'Gathering staff experiences' before this phase"]
    }
    assert not ProjectPhase.objects.filter(phase="patient-carer-experiences").exists()


def test_the_first_phase_needs_nothing_before_it(project, commissioner):
    with pytest.raises(ValidationError) as caught:
        record(commissioner, project, "staff-experiences")
    assert "Record 'Setting up the project' before this phase" in str(caught.value)
    assert record(commissioner, project, "set-up").phase == "set-up"


def test_a_phase_may_not_start_before_the_one_before_it(project, commissioner):
    record(commissioner, project, "set-up", started=D(2026, 4, 6))
    with pytest.raises(ValidationError) as caught:
        record(commissioner, project, "staff-experiences", started=D(2026, 4, 5))
    assert messages_of(caught.value) == {
        "started_on": [
            "The start date must be the same as or after the start of "
            "'Setting up the project' (6 April 2026)"
        ]
    }
    # The same day is fine: phases overlap in practice.
    assert record(commissioner, project, "staff-experiences", started=D(2026, 4, 6))


def test_a_phase_may_not_end_before_it_starts(project, commissioner):
    with pytest.raises(ValidationError) as caught:
        record(commissioner, project, "set-up", started=D(2026, 4, 6), ended=D(2026, 4, 5))
    assert messages_of(caught.value) == {
        "ended_on": ["The end date must be the same as or after the start date"]
    }
    assert record(commissioner, project, "set-up", started=D(2026, 4, 6), ended=D(2026, 4, 6))


def test_editing_a_phase_keeps_the_later_phases_in_order(project, commissioner):
    record_up_to(commissioner, project, "patient-carer-experiences")
    # Staff experiences may not move past the start of patient and carer experiences.
    with pytest.raises(ValidationError) as caught:
        record(commissioner, project, "staff-experiences", started=D(2026, 5, 19))
    assert messages_of(caught.value) == {
        "started_on": [
            "The start date must be the same as or before the start of "
            "'Gathering patient and carer experiences' (18 May 2026)"
        ]
    }
    edited = record(commissioner, project, "staff-experiences", started=D(2026, 5, 18))
    assert edited.started_on == D(2026, 5, 18)
    assert ProjectPhase.objects.filter(project=project).count() == 3


def test_an_unknown_phase_is_refused(project, commissioner):
    with pytest.raises(ValidationError):
        services.phase_record(
            membership=membership(commissioner, project.organisation),
            project=project,
            phase_slug="seven",
            started_on=D(2026, 4, 6),
            ended_on=None,
        )


def test_a_stale_update_is_refused_and_the_newer_one_kept(
    project, organisation, commissioner, lead
):
    data = services.ProjectData(title="Renamed by the lead")
    services.project_update(
        project=project, membership=membership(lead, organisation), expected_version=0, data=data
    )
    with pytest.raises(services.ProjectConflict) as caught:
        services.project_update(
            project=project,
            membership=membership(commissioner, organisation),
            expected_version=0,
            data=services.ProjectData(title="Renamed from a stale page"),
        )
    assert caught.value.project.version == 1
    project.refresh_from_db()
    assert project.title == "Renamed by the lead"


def test_only_a_lead_deletes_and_the_project_stays_in_the_database(
    project, organisation, commissioner, lead
):
    with pytest.raises(PermissionDenied):
        services.project_delete(project=project, membership=membership(commissioner, organisation))
    services.project_delete(project=project, membership=membership(lead, organisation))
    assert not CoDesignProject.objects.filter(pk=project.pk).exists()
    assert CoDesignProject.all_objects.get(pk=project.pk).deleted_by == lead


def finish(user, project, lines=(), mark=False):
    return services.project_finish(
        membership=membership(user, project.organisation),
        project=project,
        changes_to_ledger=list(lines),
        mark_answer=mark,
    )


def test_a_project_cannot_finish_before_its_first_phase(project, commissioner):
    with pytest.raises(services.FinishRefused) as caught:
        finish(commissioner, project)
    assert caught.value.message == "Record 'Setting up the project' before you finish the project"
    project.refresh_from_db()
    assert not project.is_finished


def test_finishing_adds_the_chosen_changes_to_the_ledger(project, commissioner):
    record_up_to(commissioner, project, "joint-event", joint_event="Somewhere to go at night")
    finished = finish(commissioner, project, lines=["Peer workers on every shift"])
    project.refresh_from_db()
    assert project.finished_by == commissioner and project.finished_at is not None
    entry = LedgerEntry.objects.get(project=project)
    assert finished.entries == [entry]
    assert entry.said == "Somewhere to go at night"
    assert entry.did == "Peer workers on every shift"
    assert (entry.status, entry.outcome) == ("acted-on", "service-changed")
    assert entry.heard_on == DATES["joint-event"][0]
    assert entry.people_count == 9 + 4
    assert entry.organisation_id == project.organisation_id


def test_without_a_joint_event_the_ledger_says_what_the_project_was(organisation, commissioner):
    project = make_project(commissioner, organisation, title="Evening support")
    record(commissioner, project, "set-up")
    finish(commissioner, project, lines=["A crisis café opened", "Peer workers on every shift"])
    entries = LedgerEntry.objects.filter(project=project).order_by("pk")
    assert [entry.did for entry in entries] == [
        "A crisis café opened",
        "Peer workers on every shift",
    ]
    assert {entry.said for entry in entries} == {
        "Priorities raised in the co-design project Evening support"
    }
    assert {entry.heard_on for entry in entries} == {DATES["set-up"][0]}


def test_a_change_not_in_the_project_is_refused_and_nothing_changes(project, commissioner):
    record(commissioner, project, "set-up")
    with pytest.raises(services.FinishRefused):
        finish(commissioner, project, lines=["Something nobody wrote"])
    project.refresh_from_db()
    assert not project.is_finished and not LedgerEntry.objects.exists()


def test_a_project_finishes_once(project, commissioner):
    record(commissioner, project, "set-up")
    finish(commissioner, project)
    with pytest.raises(services.FinishRefused, match="already finished"):
        finish(commissioner, project)


def codesign_section():
    return next(section for section in sections() if section.key == CO_DESIGN)


def answer_of(assessment, slug):
    return Answer.objects.filter(assessment=assessment, activity__slug=slug).first()


def test_finishing_marks_the_co_design_answer_of_the_newest_draft(organisation, commissioner, lead):
    make_assessment(organisation, lead, title="Older draft", period="2025/26")
    draft = make_assessment(organisation, lead, title="This year's draft")
    project = make_project(
        commissioner, organisation, commissioning_stages=("monitoring", "pathway-design")
    )
    record(commissioner, project, "set-up")
    before = version_of(draft, CO_DESIGN)
    finished = finish(commissioner, project, mark=True)
    assert finished.assessment == draft
    answer = answer_of(draft, services.WITH_METHODOLOGY)
    assert answer.frequency == Frequency.OCCASIONAL
    # In the catalogue's order of stages.
    assert answer.stages == ["pathway-design", "monitoring"]
    assert version_of(draft, CO_DESIGN) == before + 1
    assert answer.history.latest().history_user == commissioner


def test_a_routine_answer_stays_routine_and_keeps_its_stages(organisation, commissioner, lead):
    draft = make_assessment(organisation, lead)
    save_category(
        draft,
        lead,
        codesign_section(),
        {
            services.WITHOUT_METHODOLOGY: questionnaire.AnswerData(
                Frequency.ROUTINE, ("strategic-planning",), "Our evidence"
            )
        },
    )
    others = {
        answer.activity_id: (answer.frequency, answer.stages)
        for answer in draft.answers.exclude(activity__slug=services.WITHOUT_METHODOLOGY)
    }
    project = make_project(
        commissioner,
        organisation,
        recognised_methodology=False,
        commissioning_stages=("contracting",),
    )
    record(commissioner, project, "set-up")
    finish(commissioner, project, mark=True)
    answer = answer_of(draft, services.WITHOUT_METHODOLOGY)
    assert answer.frequency == Frequency.ROUTINE
    assert answer.stages == ["strategic-planning", "contracting"]
    assert answer.notes == "Our evidence"
    assert answer_of(draft, services.WITH_METHODOLOGY) is None
    # The rest of the section is as it was.
    assert {
        answer.activity_id: (answer.frequency, answer.stages)
        for answer in draft.answers.exclude(activity__slug=services.WITHOUT_METHODOLOGY)
    } == others


def test_an_answer_of_not_at_the_moment_becomes_occasional(organisation, commissioner, lead):
    draft = make_assessment(organisation, lead)
    save_category(
        draft,
        lead,
        codesign_section(),
        {services.WITH_METHODOLOGY: questionnaire.AnswerData(Frequency.NONE)},
    )
    project = make_project(commissioner, organisation)
    record(commissioner, project, "set-up")
    finish(commissioner, project, mark=True)
    answer = answer_of(draft, services.WITH_METHODOLOGY)
    assert (answer.frequency, answer.stages) == (Frequency.OCCASIONAL, ["pathway-design"])


def test_a_colleague_with_the_section_open_is_told_after_the_answer_is_marked(
    organisation, commissioner, lead
):
    draft = make_assessment(organisation, lead)
    section = codesign_section()
    opened_at = version_of(draft, CO_DESIGN)
    project = make_project(commissioner, organisation)
    record(commissioner, project, "set-up")
    finish(commissioner, project, mark=True)
    with pytest.raises(questionnaire.SectionConflict):
        questionnaire.section_save_answers(
            assessment=draft,
            user=lead,
            key=CO_DESIGN,
            expected_version=opened_at,
            activities=section.activities,
            answers={activity.slug: None for activity in section.activities},
        )
    assert answer_of(draft, services.WITH_METHODOLOGY).frequency == Frequency.OCCASIONAL


def test_with_no_draft_marking_is_refused_and_nothing_changes(organisation, commissioner, lead):
    submit_me = make_assessment(organisation, lead)
    project = make_project(commissioner, organisation)
    record(commissioner, project, "set-up")
    answer_all(submit_me, lead)
    submit(submit_me, lead)
    assert services.current_draft(organisation.pk) is None
    with pytest.raises(services.FinishRefused) as caught:
        finish(commissioner, project, lines=["A crisis café opened"], mark=True)
    assert "There is no draft assessment" in caught.value.message
    project.refresh_from_db()
    assert not project.is_finished and not LedgerEntry.objects.exists()


def test_the_catalogue_has_the_two_co_design_activities():
    slugs = {
        activity.slug
        for category in questionnaire_categories()
        if category.slug == CO_DESIGN
        for activity in category.all_activities
    }
    assert {services.WITH_METHODOLOGY, services.WITHOUT_METHODOLOGY} <= slugs


def test_change_lines_drop_marks_blanks_and_repeats(organisation, commissioner):
    project = make_project(
        commissioner, organisation, changes="- One\n\n* Two\n• Three\nOne\n   \n"
    )
    assert services.change_lines(project) == ["One", "Two", "Three"]
