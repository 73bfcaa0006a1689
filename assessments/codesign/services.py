"""Writes of co-design projects: the project itself, its EBCD phases, and finishing it.

Any member creates, updates and records phases; only a lead deletes. A project carries
a version, as actions do, so two people editing one project never silently overwrite
each other. The phases keep their order: one is recorded only once the phase before it
has started, and starts no earlier than it, and an edit keeps that true for the phases
after it too.

Finishing a project can feed the impact ledger (one entry per line of "what changed")
and the organisation's draft answer to the Grid's co-design activity. The answer is
saved through the questionnaire's own helpers: the assessment's row is locked, the
submitted check holds, and the section's version moves on, so a colleague with the
co-design section open is told their page is out of date instead of overwriting it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coprod_grid.catalogue import commissioning_stages
from coprod_grid.models import Activity, ServiceArea

from ..access import require_lead
from ..ledger.models import LedgerEntry, Outcome, Status
from ..ledger.services import entry_create
from ..models import SHORT_TEXT_MAX_LENGTH, Answer, Assessment, Frequency, Membership
from ..questionnaire.services import (
    AssessmentLocked,
    bump_section,
    locked_draft,
    touch,
    validated,
)
from .models import CoDesignProject, ProjectPhase
from .phases import BY_SLUG, PHASES

WITH_METHODOLOGY = "co-design-with-methodology"
WITHOUT_METHODOLOGY = "co-design-without-methodology"
JOINT_EVENT = "joint-event"

PROJECT_FIELDS = [
    "title",
    "aim",
    "service_area",
    "recognised_methodology",
    "commissioning_stages",
    "staff_count",
    "service_user_count",
    "carer_count",
    "other_count",
    "changes",
]


class ProjectConflict(Exception):
    """Someone changed the project after this person opened it."""

    def __init__(self, project: CoDesignProject):
        super().__init__(f"Project {project.pk} is at version {project.version}")
        self.project = project


class FinishRefused(Exception):
    """The project cannot be finished as asked; ``message`` says why in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ProjectData:
    title: str
    aim: str = ""
    service_area: ServiceArea | None = None
    recognised_methodology: bool = True
    commissioning_stages: tuple[str, ...] = ()
    staff_count: int = 0
    service_user_count: int = 0
    carer_count: int = 0
    other_count: int = 0
    changes: str = ""


def _apply(project: CoDesignProject, data: ProjectData) -> None:
    for name in PROJECT_FIELDS:
        value = getattr(data, name)
        setattr(project, name, list(value) if name == "commissioning_stages" else value)
    validated(project, "title", "aim", "changes")


@transaction.atomic
def project_create(*, membership: Membership, data: ProjectData) -> CoDesignProject:
    user = membership.user
    project = CoDesignProject(
        organisation_id=membership.organisation_id, created_by=user, updated_by=user
    )
    _apply(project, data)
    project._history_user = user
    project.save()
    return project


@transaction.atomic
def project_update(
    *,
    project: CoDesignProject,
    membership: Membership,
    expected_version: int,
    data: ProjectData,
) -> CoDesignProject:
    locked = CoDesignProject.objects.select_for_update().get(pk=project.pk)
    if locked.version != expected_version:
        raise ProjectConflict(locked)
    _apply(locked, data)
    locked.version += 1
    locked.updated_by = membership.user
    locked._history_user = membership.user
    locked.save()
    return locked


@transaction.atomic
def project_delete(*, project: CoDesignProject, membership: Membership) -> CoDesignProject:
    """Mark the project deleted: every page hides it, its rows and history stay, and
    ledger entries made from it keep their words."""
    require_lead(membership=membership)
    locked = CoDesignProject.objects.select_for_update().get(pk=project.pk)
    locked.deleted_at = timezone.now()
    locked.deleted_by = membership.user
    locked._history_user = membership.user
    locked.save(update_fields=["deleted_at", "deleted_by"])
    return locked


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _order_errors(
    phases: dict[str, ProjectPhase], slug: str, started_on: datetime.date
) -> dict[str, str]:
    """What recording ``slug`` from ``started_on`` would break, given the phases already
    recorded (``phases``, by slug): the phase before must have started, no later than
    this one; the phase after, if recorded, must not start before this one."""
    number = BY_SLUG[slug].number
    if number > 1:
        before = PHASES[number - 2]
        previous = phases.get(before.slug)
        if previous is None:
            return {"__all__": f"Record '{before.name}' before this phase"}
        if started_on < previous.started_on:
            return {
                "started_on": "The start date must be the same as or after the start of "
                f"'{before.name}' ({_long_date(previous.started_on)})"
            }
    if number < len(PHASES):
        after = PHASES[number]
        following = phases.get(after.slug)
        if following is not None and started_on > following.started_on:
            return {
                "started_on": "The start date must be the same as or before the start of "
                f"'{after.name}' ({_long_date(following.started_on)})"
            }
    return {}


@transaction.atomic
def phase_record(
    *,
    membership: Membership,
    project: CoDesignProject,
    phase_slug: str,
    started_on: datetime.date,
    ended_on: datetime.date | None,
    notes: str = "",
) -> ProjectPhase:
    """Record one phase of the project, or change the one recorded. Raises
    ``ValidationError`` (by field: ``started_on``, ``ended_on``, or the whole form) when
    the phases would fall out of order."""
    if phase_slug not in BY_SLUG:
        raise ValidationError("Choose one of the six phases")
    # The project's row is the lock: two people recording phases of one project at once
    # each see the other's phases, so the order rules hold for both.
    CoDesignProject.objects.select_for_update().filter(pk=project.pk).values_list("pk").first()
    phases = {phase.phase: phase for phase in ProjectPhase.objects.filter(project=project)}
    errors = _order_errors(phases, phase_slug, started_on)
    if ended_on is not None and ended_on < started_on:
        errors.setdefault("ended_on", "The end date must be the same as or after the start date")
    if errors:
        raise ValidationError(errors)
    phase = phases.get(phase_slug) or ProjectPhase(project=project, phase=phase_slug)
    phase.started_on = started_on
    phase.ended_on = ended_on
    phase.notes = notes
    phase.updated_by = membership.user
    phase._history_user = membership.user
    validated(phase, "notes")
    phase.save()
    return phase


def change_lines(project: CoDesignProject) -> list[str]:
    """Each line of "what changed", without list marks or blank lines: one change each."""
    lines = []
    for line in project.changes.splitlines():
        text = line.strip().lstrip("-*•").strip()
        if text and text not in lines:
            lines.append(text)
    return lines


def current_draft(organisation_id: int) -> Assessment | None:
    """The assessment finishing a project would change: the newest live draft."""
    return (
        Assessment.objects.filter(organisation_id=organisation_id, status=Assessment.Status.DRAFT)
        .order_by("-created_at", "-pk")
        .first()
    )


def codesign_activity_slug(project: CoDesignProject) -> str:
    return WITH_METHODOLOGY if project.recognised_methodology else WITHOUT_METHODOLOGY


def _said(project: CoDesignProject, joint: ProjectPhase | None) -> str:
    if joint is not None and joint.notes.strip():
        return joint.notes.strip()
    return f"Priorities raised in the co-design project {project.title}"


def _ledger_entries(
    *,
    project: CoDesignProject,
    phases: dict[str, ProjectPhase],
    lines: Sequence[str],
    membership: Membership,
) -> list[LedgerEntry]:
    """One "acted on" entry per chosen change: what people raised is the joint event's
    notes (where the priorities are agreed), heard when it was held."""
    joint = phases.get(JOINT_EVENT)
    heard_on = joint.started_on if joint else phases["set-up"].started_on
    return [
        entry_create(
            membership,
            said=_said(project, joint),
            source=f"Co-design project: {project.title}"[:SHORT_TEXT_MAX_LENGTH],
            heard_on=heard_on,
            people_count=project.service_user_count + project.carer_count,
            service_area=project.service_area,
            status=Status.ACTED_ON,
            outcome=Outcome.SERVICE_CHANGED,
            did=line,
            project=project,
        )
        for line in lines
    ]


def _mark_answer(*, assessment: Assessment, project: CoDesignProject, user) -> Answer:
    """At least "occasional" (a routine answer stays routine), at the stages already
    answered and those the project informed, in the catalogue's order."""
    locked = locked_draft(assessment.pk)
    activity = Activity.objects.select_related("category").get(slug=codesign_activity_slug(project))
    bump_section(assessment=locked, key=activity.category.slug, user=user)
    answer = Answer.objects.filter(assessment=locked, activity=activity).first()
    if answer is None:
        answer = Answer(assessment=locked, activity=activity, stages=[])
    was = set(answer.stages) if answer.frequency != Frequency.NONE else set()
    wanted = was | set(project.commissioning_stages)
    answer.frequency = (
        Frequency.ROUTINE if answer.frequency == Frequency.ROUTINE else Frequency.OCCASIONAL
    )
    answer.stages = [stage.slug for stage in commissioning_stages() if stage.slug in wanted]
    answer.updated_by = user
    answer._history_user = user
    answer._change_reason = "Marked when a co-design project was finished"
    validated(answer, "frequency", "notes")
    answer.save()
    touch(locked, user)
    return answer


@dataclass(frozen=True)
class Finished:
    project: CoDesignProject
    entries: list[LedgerEntry]
    answer: Answer | None
    assessment: Assessment | None


@transaction.atomic
def project_finish(
    *,
    membership: Membership,
    project: CoDesignProject,
    changes_to_ledger: Sequence[str],
    mark_answer: bool,
) -> Finished:
    """Finish the project; add the chosen lines of "what changed" to the ledger; and, if
    asked, mark the co-design answer of the organisation's current draft. All or
    nothing: raises ``FinishRefused`` and changes nothing when any part cannot be done."""
    user = membership.user
    locked = CoDesignProject.objects.select_for_update().get(pk=project.pk)
    if locked.is_finished:
        raise FinishRefused("This project is already finished")
    phases = {phase.phase: phase for phase in ProjectPhase.objects.filter(project=locked)}
    if "set-up" not in phases:
        raise FinishRefused(f"Record '{PHASES[0].name}' before you finish the project")
    lines = change_lines(locked)
    unknown = [line for line in changes_to_ledger if line not in lines]
    if unknown:
        raise FinishRefused("Choose changes from the project's list of what changed")
    assessment = answer = None
    if mark_answer:
        assessment = current_draft(locked.organisation_id)
        if assessment is None:
            raise FinishRefused(
                "There is no draft assessment to mark. Start one, or choose not to mark it"
            )
        try:
            answer = _mark_answer(assessment=assessment, project=locked, user=user)
        except AssessmentLocked:
            # Submitted since the finish page was opened.
            raise FinishRefused(
                "The draft assessment has just been submitted. Reopen it, or choose not to mark it"
            ) from None
    entries = _ledger_entries(
        project=locked, phases=phases, lines=changes_to_ledger, membership=membership
    )
    locked.finished_at = timezone.now()
    locked.finished_by = user
    locked.updated_by = user
    locked.version += 1
    locked._history_user = user
    locked.save()
    return Finished(project=locked, entries=entries, answer=answer, assessment=assessment)
