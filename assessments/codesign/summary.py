"""Co-design projects as the results page, the PDF and the JSON export show them: the
projects of a period (``projects_in_period``), the export's ``projects`` list
(``projects_export``) and one row per project for the results and PDF includes
(``project_rows``). Everything here reads the phases the query prefetched: no query
per project."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from ..periods import period_bounds
from .models import CoDesignProject, ProjectPhase
from .phases import BY_SLUG, Phase

PARTICIPANT_KINDS: tuple[tuple[str, str], ...] = (
    ("staff_count", "Staff"),
    ("service_user_count", "People who use services"),
    ("carer_count", "Carers"),
    ("other_count", "Others"),
)


def projects_in_period(organisation_id: int, period: str) -> list[CoDesignProject]:
    """The organisation's live projects with a phase in the period (a phase with no end
    date counts its start day), or unfinished and started by the period's end. Two
    queries: the projects with their service areas, and their phases. An organisation
    has a handful of projects, so they are all read and chosen here: the two EXISTS
    subqueries cost more to build than the rows do to read."""
    start, end = period_bounds(period)

    def in_period(project: CoDesignProject) -> bool:
        phases = [phase for phase in project.phases.all() if phase.started_on <= end]
        overlapping = any(
            phase.ended_on >= start if phase.ended_on else phase.started_on >= start
            for phase in phases
        )
        return overlapping or (project.finished_at is None and bool(phases))

    projects = (
        CoDesignProject.objects.filter(organisation_id=organisation_id)
        .select_related("service_area")
        .prefetch_related(
            Prefetch("phases", queryset=ProjectPhase.objects.order_by("started_on", "pk"))
        )
    )
    return [project for project in projects if in_period(project)]


def phase_reached(project: CoDesignProject) -> Phase | None:
    """The furthest of the six phases recorded, from the prefetched phases."""
    recorded = [BY_SLUG[phase.phase] for phase in project.phases.all() if phase.phase in BY_SLUG]
    return max(recorded, key=lambda phase: phase.number, default=None)


def projects_export(projects: Iterable[CoDesignProject]) -> list[dict]:
    """The export's ``projects``: exactly ``title``, ``stage_reached`` (the furthest
    phase's slug, or None) and ``changes`` (the "what changed" text) for each."""
    result = []
    for project in projects:
        reached = phase_reached(project)
        result.append(
            {
                "title": project.title,
                "stage_reached": reached.slug if reached else None,
                "changes": project.changes,
            }
        )
    return result


@dataclass(frozen=True)
class Participants:
    label: str
    count: int


@dataclass(frozen=True)
class ProjectRow:
    pk: int
    title: str
    service_area: str
    phase_number: int | None
    phase_name: str
    participants: tuple[Participants, ...]
    participant_count: int
    is_finished: bool


def participants_of(project: CoDesignProject) -> tuple[Participants, ...]:
    return tuple(Participants(label, getattr(project, field)) for field, label in PARTICIPANT_KINDS)


def project_row(project: CoDesignProject) -> ProjectRow:
    reached = phase_reached(project)
    return ProjectRow(
        pk=project.pk,
        title=project.title,
        service_area=project.service_area.name if project.service_area_id else "",
        phase_number=reached.number if reached else None,
        phase_name=reached.name if reached else "",
        participants=participants_of(project),
        participant_count=project.participant_count,
        is_finished=project.is_finished,
    )


def project_rows(projects: Iterable[CoDesignProject]) -> list[ProjectRow]:
    """What the results page's and the PDF's co-design sections show, one per project."""
    return [project_row(project) for project in projects]
