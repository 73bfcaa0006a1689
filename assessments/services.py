"""Writes. Each function is one thing a person does to an assessment, named
``<entity>_<action>``; views call these and never write models themselves.

Saves are guarded twice: a submitted assessment refuses every change whatever the
request says, and each questionnaire section carries a version so that a save made from
a stale page is refused rather than silently overwriting a colleague's answers.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from coprod_grid.models import Activity, Barrier, ServiceArea

from .models import Answer, Assessment, Frequency, Membership, Organisation, SectionState


class AssessmentLocked(PermissionDenied):
    """The assessment is submitted: reopen it before changing anything."""


class SectionConflict(Exception):
    """Someone saved the section after this person opened it."""

    def __init__(self, state: SectionState):
        super().__init__(f"Section {state.key} is at version {state.version}")
        self.state = state


@dataclass(frozen=True)
class AnswerData:
    frequency: str
    stages: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class AboutData:
    title: str
    period: str
    participants: tuple[str, ...] = ()
    experts_by_experience_count: int | None = None


@dataclass(frozen=True)
class ServicesData:
    service_areas: tuple[ServiceArea, ...] = ()
    other: str = ""
    none_yet: bool = False


@dataclass(frozen=True)
class CommitmentData:
    commitment: str
    barriers: tuple[Barrier, ...] = ()
    other: str = ""


@dataclass
class SaveResult:
    state: SectionState
    changed: list[str] = field(default_factory=list)


def assessment_create(
    *, organisation: Organisation, user: AbstractBaseUser | None, title: str, period: str
) -> Assessment:
    return Assessment.objects.create(
        organisation=organisation, title=title, period=period, created_by=user, updated_by=user
    )


def _locked_draft(assessment_id: int) -> Assessment:
    """Re-read the assessment under a row lock, refusing a submitted one."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    if not assessment.is_draft:
        raise AssessmentLocked("This assessment has been submitted and cannot be changed")
    return assessment


def _claim_section(
    *,
    assessment: Assessment,
    key: str,
    expected_version: int,
    user: AbstractBaseUser,
    complete: bool,
) -> SectionState:
    state, _ = SectionState.objects.select_for_update().get_or_create(
        assessment=assessment,
        key=key,
        defaults={"status": SectionState.Status.IN_PROGRESS, "version": 0},
    )
    if state.version != expected_version:
        raise SectionConflict(state)
    state.version += 1
    state.status = SectionState.Status.COMPLETED if complete else SectionState.Status.IN_PROGRESS
    state.updated_by = user
    state.save()
    return state


def _touch(assessment: Assessment, user: AbstractBaseUser, fields: Iterable[str] = ()) -> None:
    assessment.updated_by = user
    assessment.updated_at = timezone.now()
    fields = list(fields)
    if fields:
        assessment._history_user = user
        assessment.save(update_fields=["updated_by", "updated_at", *fields])
    else:
        # Only "last changed" moved: the change itself is in the answers' history, so an
        # assessment history row for every answer save would be noise.
        assessment.save_without_historical_record(update_fields=["updated_by", "updated_at"])


def _set_quietly(assessment: Assessment, name: str, values: Iterable) -> None:
    """Set a many-to-many field without a history row for each add and remove: the
    ``_touch`` that follows records the assessment once, with the new set."""
    assessment.skip_history_when_saving = True
    try:
        getattr(assessment, name).set(values)
    finally:
        del assessment.skip_history_when_saving


@transaction.atomic
def section_save_about(
    *, assessment: Assessment, user: AbstractBaseUser, expected_version: int, data: AboutData
) -> SectionState:
    from .questionnaire import ABOUT, about_is_complete

    locked = _locked_draft(assessment.pk)
    locked.title = data.title
    locked.period = data.period
    locked.participants = list(data.participants)
    locked.experts_by_experience_count = data.experts_by_experience_count
    state = _claim_section(
        assessment=locked,
        key=ABOUT,
        expected_version=expected_version,
        user=user,
        complete=about_is_complete(locked),
    )
    _touch(locked, user, ["title", "period", "participants", "experts_by_experience_count"])
    return state


@transaction.atomic
def section_save_answers(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    key: str,
    expected_version: int,
    activities: Iterable[Activity],
    answers: Mapping[str, AnswerData | None],
) -> SectionState:
    """Save one category's answers. ``answers`` maps activity slug to its answer, or to
    None when the person left it unanswered (saving to come back later)."""
    locked = _locked_draft(assessment.pk)
    activities = list(activities)
    existing = {
        answer.activity_id: answer
        for answer in Answer.objects.filter(
            assessment=locked, activity__in=[activity.pk for activity in activities]
        )
    }
    to_create, to_update, to_delete = [], [], []
    for activity in activities:
        data = answers.get(activity.slug)
        answer = existing.get(activity.pk)
        if data is None:
            if answer is not None:
                to_delete.append(answer)
            continue
        stages = list(data.stages) if data.frequency != Frequency.NONE else []
        if answer is None:
            to_create.append(
                Answer(
                    assessment=locked,
                    activity=activity,
                    frequency=data.frequency,
                    stages=stages,
                    notes=data.notes,
                    updated_by=user,
                )
            )
        elif (answer.frequency, answer.stages, answer.notes) != (
            data.frequency,
            stages,
            data.notes,
        ):
            answer.frequency, answer.stages, answer.notes = data.frequency, stages, data.notes
            answer.updated_by = user
            to_update.append(answer)
    complete = all(answers.get(activity.slug) is not None for activity in activities)
    state = _claim_section(
        assessment=locked,
        key=key,
        expected_version=expected_version,
        user=user,
        complete=complete,
    )
    # Saved and deleted one by one, not in bulk, so each change goes through save() or
    # delete() and its history, which records ``user`` as the person who made it.
    for answer in to_delete:
        answer._history_user = user
        answer.delete()
    for answer in [*to_create, *to_update]:
        answer._history_user = user
        answer.save()
    _touch(locked, user)
    return state


@transaction.atomic
def section_save_services(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    expected_version: int,
    data: ServicesData,
) -> SectionState:
    from .questionnaire import SERVICES

    locked = _locked_draft(assessment.pk)
    locked.service_areas_other = data.other
    state = _claim_section(
        assessment=locked,
        key=SERVICES,
        expected_version=expected_version,
        user=user,
        complete=bool(data.service_areas or data.other or data.none_yet),
    )
    _set_quietly(locked, "service_areas", data.service_areas)
    _touch(locked, user, ["service_areas_other"])
    return state


@transaction.atomic
def section_save_commitment(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    expected_version: int,
    data: CommitmentData,
) -> SectionState:
    from .questionnaire import COMMITMENT

    locked = _locked_draft(assessment.pk)
    locked.commitment = data.commitment
    locked.barriers_other = data.other
    state = _claim_section(
        assessment=locked,
        key=COMMITMENT,
        expected_version=expected_version,
        user=user,
        complete=bool(data.commitment),
    )
    _set_quietly(locked, "barriers", data.barriers)
    _touch(locked, user, ["commitment", "barriers_other"])
    return state


SNAPSHOT_FIELDS = [
    "snapshot_name",
    "snapshot_category",
    "snapshot_category_name",
    "snapshot_activeness",
    "snapshot_embeddedness",
]


def require_lead(*, membership: Membership) -> None:
    if not membership.is_lead:
        raise PermissionDenied("Only an involvement lead can do this")


@transaction.atomic
def assessment_submit(
    *,
    assessment: Assessment,
    membership: Membership,
    user: AbstractBaseUser,
    sections_complete: bool,
) -> Assessment:
    """Lock the assessment and save with each answer the catalogue values it is scored
    with, so later catalogue edits never change a submitted result."""
    require_lead(membership=membership)
    locked = _locked_draft(assessment.pk)
    if not sections_complete:
        raise PermissionDenied("Complete every section before submitting")
    answers = list(Answer.objects.filter(assessment=locked).select_related("activity__category"))
    for answer in answers:
        activity = answer.activity
        answer.snapshot_name = activity.name
        answer.snapshot_category = activity.category.slug
        answer.snapshot_category_name = activity.category.name
        answer.snapshot_activeness = activity.activeness
        answer.snapshot_embeddedness = activity.embeddedness
    # With history: the snapshot is what the submitted result is scored with, so the
    # answers' history must show it arriving (and leaving on reopen) like any change.
    bulk_update_with_history(answers, Answer, SNAPSHOT_FIELDS, default_user=user)
    now = timezone.now()
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_by = user
    locked.submitted_at = now
    locked.updated_by = user
    locked.updated_at = now
    locked.save(
        update_fields=["status", "submitted_by", "submitted_at", "updated_by", "updated_at"]
    )
    return locked


@transaction.atomic
def assessment_reopen(
    *, assessment: Assessment, membership: Membership, user: AbstractBaseUser
) -> Assessment:
    """Back to draft: it scores with the live catalogue again until resubmitted."""
    require_lead(membership=membership)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_draft:
        return locked
    answers = list(Answer.objects.filter(assessment=locked))
    for answer in answers:
        answer.snapshot_name = answer.snapshot_category = answer.snapshot_category_name = ""
        answer.snapshot_activeness = answer.snapshot_embeddedness = None
    bulk_update_with_history(answers, Answer, SNAPSHOT_FIELDS, default_user=user)
    locked.status = Assessment.Status.DRAFT
    locked.submitted_at = None
    locked.submitted_by = None
    _touch(locked, user, ["status", "submitted_at", "submitted_by"])
    return locked


def membership_add(
    *, organisation: Organisation, by: Membership, user: AbstractBaseUser, role: str
) -> Membership:
    require_lead(membership=by)
    return Membership.objects.create(organisation=organisation, user=user, role=role)


def membership_remove(*, membership: Membership, by: Membership) -> None:
    """Leads remove members; the last lead stays, so the organisation is never orphaned."""
    require_lead(membership=by)
    with transaction.atomic():
        leads = Membership.objects.select_for_update().filter(
            organisation_id=membership.organisation_id, role=Membership.Role.LEAD
        )
        if membership.is_lead and leads.count() <= 1:
            raise PermissionDenied("An organisation must keep at least one involvement lead")
        membership.delete()


class ActionConflict(Exception):
    """Someone changed the action after this person opened it."""

    def __init__(self, action):
        super().__init__(f"Action {action.pk} is at version {action.version}")
        self.action = action


@dataclass(frozen=True)
class ActionData:
    description: str
    owner: str = ""
    due_date: object = None
    status: str = "not-started"
    category: object = None
    discussion_point: object = None
    activity: object = None


ACTION_FIELDS = [
    "description",
    "owner",
    "due_date",
    "status",
    "category",
    "discussion_point",
    "activity",
]


def action_create(*, assessment: Assessment, user: AbstractBaseUser, data: ActionData):
    from .models import Action

    return Action.objects.create(
        assessment=assessment,
        created_by=user,
        updated_by=user,
        **{name: getattr(data, name) for name in ACTION_FIELDS},
    )


@transaction.atomic
def action_update(*, action, user: AbstractBaseUser, expected_version: int, data: ActionData):
    """Actions stay editable after submission: the plan lives on."""
    from .models import Action

    locked = Action.objects.select_for_update().get(pk=action.pk)
    if locked.version != expected_version:
        raise ActionConflict(locked)
    for name in ACTION_FIELDS:
        setattr(locked, name, getattr(data, name))
    locked.version += 1
    locked.updated_by = user
    locked.save()
    return locked


def action_delete(*, action, membership: Membership) -> None:
    require_lead(membership=membership)
    action._history_user = membership.user
    action.delete()


# History, restore and soft delete ----------------------------------------------------------


class HistoryNotFound(Exception):
    """No such historical answer in this assessment."""


@transaction.atomic
def answer_restore(
    *, assessment: Assessment, membership: Membership, history_id: int, user: AbstractBaseUser
) -> Answer:
    """Put an answer back as it was in one of its historical versions (its frequency,
    stages and notes). A deleted answer comes back. The section's version moves on, so a
    colleague with the section open gets the "someone saved this" conflict instead of
    overwriting the restore."""
    require_lead(membership=membership)
    locked = _locked_draft(assessment.pk)
    record = (
        Answer.history.filter(history_id=history_id, assessment_id=locked.pk)
        .select_related("activity__category")
        .first()
    )
    if record is None:
        raise HistoryNotFound(history_id)
    state, _ = SectionState.objects.select_for_update().get_or_create(
        assessment=locked,
        key=record.activity.category.slug,
        defaults={"status": SectionState.Status.IN_PROGRESS, "version": 0},
    )
    state.version += 1
    state.updated_by = user
    state.save()
    answer = Answer.objects.filter(assessment=locked, activity_id=record.activity_id).first()
    if answer is None:
        answer = Answer(assessment=locked, activity_id=record.activity_id)
    answer.frequency = record.frequency
    answer.stages = list(record.stages) if record.frequency != Frequency.NONE else []
    answer.notes = record.notes
    answer.updated_by = user
    answer._history_user = user
    answer._change_reason = f"Restored from the version of {record.history_date.isoformat()}"
    answer.save()
    _touch(locked, user)
    return answer


@transaction.atomic
def assessment_delete(
    *, assessment: Assessment, membership: Membership, user: AbstractBaseUser
) -> Assessment:
    """Mark the assessment deleted: every page hides it, its rows and history stay."""
    require_lead(membership=membership)
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    locked.deleted_at = timezone.now()
    locked.deleted_by = user
    locked._history_user = user
    locked.save(update_fields=["deleted_at", "deleted_by"])
    return locked


def organisation_delete(*, organisation: Organisation, user: AbstractBaseUser) -> Organisation:
    """Staff only (Django admin): mark the organisation deleted. Its members no longer see
    it, its assessments and all history stay in the database."""
    if not getattr(user, "is_staff", False):
        raise PermissionDenied("Only staff can delete an organisation")
    organisation.deleted_at = timezone.now()
    organisation.deleted_by = user
    organisation._history_user = user
    organisation.save(update_fields=["deleted_at", "deleted_by"])
    return organisation


def organisation_undelete(*, organisation: Organisation, user: AbstractBaseUser) -> Organisation:
    """Staff only: bring back an organisation deleted by mistake."""
    if not getattr(user, "is_staff", False):
        raise PermissionDenied("Only staff can reinstate an organisation")
    organisation.deleted_at = None
    organisation.deleted_by = None
    organisation._history_user = user
    organisation.save(update_fields=["deleted_at", "deleted_by"])
    return organisation
