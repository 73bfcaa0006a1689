"""Writes of the questionnaire: one function per kind of section, named
``section_save_<kind>``; views call these and never write models themselves.

Saves are guarded twice: a submitted assessment refuses every change whatever the
request says, and each questionnaire section carries a version so that a save made from
a stale page is refused rather than silently overwriting a colleague's answers. Every
row is validated against its model's rules (``clean_fields``) before it is written, so
the limits hold for every caller, not only for forms.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from coprod_grid.models import Activity, Barrier, ServiceArea

from ..models import Answer, Assessment, Frequency, SectionState
from .sections import ABOUT, COMMITMENT, SERVICES, about_is_complete


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


def locked_draft(assessment_id: int) -> Assessment:
    """Re-read the assessment under a row lock, refusing a submitted one."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    if not assessment.is_draft:
        raise AssessmentLocked("This assessment has been submitted and cannot be changed")
    return assessment


def validated(instance: models.Model, *fields: str) -> None:
    """Check ``fields`` of ``instance`` against the model's own rules (lengths, choices,
    validators); raises ``ValidationError``. Relations and database constraints are the
    database's to check."""
    names = {field.name for field in instance._meta.concrete_fields}
    instance.clean_fields(exclude=names - set(fields))


def claim_section(
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
    # Saving the page is the person checking it: copied answers are theirs now.
    state.carried_from = ""
    state.updated_by = user
    state.save()
    return state


def bump_section(*, assessment: Assessment, key: str, user: AbstractBaseUser) -> SectionState:
    """Move a section's version on without a save from its page (a restore, an import),
    so that a colleague with the section open is told instead of overwriting it."""
    state, _ = SectionState.objects.select_for_update().get_or_create(
        assessment=assessment,
        key=key,
        defaults={"status": SectionState.Status.IN_PROGRESS, "version": 0},
    )
    state.version += 1
    state.updated_by = user
    state.save()
    return state


def touch(assessment: Assessment, user: AbstractBaseUser, fields: Iterable[str] = ()) -> None:
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


def set_quietly(assessment: Assessment, name: str, values: Iterable) -> None:
    """Set a many-to-many field without a history row for each add and remove: the
    ``touch`` that follows records the assessment once, with the new set."""
    assessment.skip_history_when_saving = True
    try:
        getattr(assessment, name).set(values)
    finally:
        del assessment.skip_history_when_saving


@transaction.atomic
def section_save_about(
    *, assessment: Assessment, user: AbstractBaseUser, expected_version: int, data: AboutData
) -> SectionState:
    locked = locked_draft(assessment.pk)
    locked.title = data.title
    locked.period = data.period
    locked.participants = list(data.participants)
    locked.experts_by_experience_count = data.experts_by_experience_count
    validated(locked, "title", "period", "experts_by_experience_count")
    state = claim_section(
        assessment=locked,
        key=ABOUT,
        expected_version=expected_version,
        user=user,
        complete=about_is_complete(locked),
    )
    touch(locked, user, ["title", "period", "participants", "experts_by_experience_count"])
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
    locked = locked_draft(assessment.pk)
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
    for answer in [*to_create, *to_update]:
        validated(answer, "frequency", "notes")
    complete = all(answers.get(activity.slug) is not None for activity in activities)
    state = claim_section(
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
    touch(locked, user)
    return state


@transaction.atomic
def section_save_services(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    expected_version: int,
    data: ServicesData,
) -> SectionState:
    locked = locked_draft(assessment.pk)
    locked.service_areas_other = data.other
    validated(locked, "service_areas_other")
    state = claim_section(
        assessment=locked,
        key=SERVICES,
        expected_version=expected_version,
        user=user,
        complete=bool(data.service_areas or data.other or data.none_yet),
    )
    set_quietly(locked, "service_areas", data.service_areas)
    touch(locked, user, ["service_areas_other"])
    return state


@transaction.atomic
def section_save_commitment(
    *,
    assessment: Assessment,
    user: AbstractBaseUser,
    expected_version: int,
    data: CommitmentData,
) -> SectionState:
    locked = locked_draft(assessment.pk)
    locked.commitment = data.commitment
    locked.barriers_other = data.other
    validated(locked, "commitment", "barriers_other")
    state = claim_section(
        assessment=locked,
        key=COMMITMENT,
        expected_version=expected_version,
        user=user,
        complete=bool(data.commitment),
    )
    set_quietly(locked, "barriers", data.barriers)
    touch(locked, user, ["commitment", "barriers_other"])
    return state
