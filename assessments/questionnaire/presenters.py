"""What the questionnaire's pages show ("Check your answers", a save's conflict),
made from models so that templates stay dumb."""

from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.urls import reverse

from coprod_grid.models import CommissioningStage

from ..models import Answer, Assessment, SectionState
from .kinds import SummaryRow, kind_of
from .sections import Questionnaire, Section, SectionProgress


@dataclass
class SectionSummary:
    section: Section
    progress: SectionProgress | None
    rows: list[SummaryRow]
    change_url: str


def section_summaries(
    current: Questionnaire, assessment: Assessment, stages: Sequence[CommissioningStage]
) -> list[SectionSummary]:
    stage_names = {stage.slug: stage.name for stage in stages}
    return [
        SectionSummary(
            section=item.section,
            progress=item,
            rows=kind_of(item.section).summary_rows(
                item.section, assessment, current.answers, stage_names
            ),
            change_url=reverse("assessments:section", args=[assessment.pk, item.section.key]),
        )
        for item in current.progress
    ]


@dataclass
class Conflict:
    changed_by: str
    changed_at: object
    rows: list[SummaryRow]


def conflict_context(
    state: SectionState,
    *,
    section: Section,
    assessment: Assessment,
    stages: Sequence[CommissioningStage],
) -> Conflict:
    """What the section holds now, after someone else's save, to show beside the
    person's own (kept) input."""
    fresh = Assessment.objects.get(pk=assessment.pk)
    answers = {
        answer.activity_id: answer
        for answer in Answer.objects.filter(
            assessment=fresh, activity__in=[a.pk for a in section.activities]
        )
    }
    state = SectionState.objects.select_related("updated_by").get(pk=state.pk)
    who = state.updated_by
    return Conflict(
        changed_by=(who.get_full_name() or who.email or who.username) if who else "someone",
        changed_at=state.updated_at,
        rows=kind_of(section).summary_rows(
            section, fresh, answers, {s.slug: s.name for s in stages}
        ),
    )


def rebind_with_version(form: forms.Form, version: int) -> forms.Form:
    """Keep everything the person typed, but let their next save apply over the newer
    version they have now been shown."""
    data = form.data.copy()
    data["version"] = str(version)
    form.data = data
    return form
