"""What the questionnaire's pages show ("Check your answers", a save's conflict),
made from models so that templates stay dumb."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from coprod_grid.models import CommissioningStage

from ..models import Answer, Assessment, SectionState
from .kinds import SummaryRow, kind_of
from .sections import Questionnaire, Section, SectionProgress

# How a table of differences shows an optional answer one side left empty.
BLANK = "Left blank"


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
                item.section, assessment, current.answers, stage_names, saved=item.version > 0
            ),
            change_url=reverse("assessments:section", args=[assessment.pk, item.section.key]),
        )
        for item in current.progress
    ]


@dataclass
class Difference:
    key: str
    theirs: list[str]
    yours: list[str]


@dataclass
class Conflict:
    changed_by: str
    changed_at: datetime
    rows: list[SummaryRow]
    differences: list[Difference]

    @property
    def same_count(self) -> int:
        return len({row.key for row in self.rows}) - len(self.differences)


def _lines(row: SummaryRow) -> list[str]:
    return row.lines or [row.value]


def differences(theirs: list[SummaryRow], yours: list[SummaryRow]) -> list[Difference]:
    """The answers that differ, in the section's order; a row only one side has (an
    optional "other" answer) counts as blank on the other."""
    their_lines = {row.key: _lines(row) for row in theirs}
    your_lines = {row.key: _lines(row) for row in yours}
    keys = list(dict.fromkeys([*their_lines, *your_lines]))
    return [
        Difference(key, their_lines.get(key, [BLANK]), your_lines.get(key, [BLANK]))
        for key in keys
        if their_lines.get(key) != your_lines.get(key)
    ]


def conflict_context(
    state: SectionState,
    *,
    section: Section,
    assessment: Assessment,
    stages: Sequence[CommissioningStage],
    form: forms.Form,
) -> Conflict:
    """What the section holds now, after someone else's save, and how it differs from
    what this person sent (which stays in their form)."""
    fresh = Assessment.objects.get(pk=assessment.pk)
    answers = {
        answer.activity_id: answer
        for answer in Answer.objects.filter(
            assessment=fresh, activity__in=[a.pk for a in section.activities]
        )
    }
    state = SectionState.objects.select_related("updated_by").get(pk=state.pk)
    who = state.updated_by
    stage_names = {s.slug: s.name for s in stages}
    theirs = kind_of(section).summary_rows(section, fresh, answers, stage_names)
    yours = kind_of(section).form_rows(section, form, stage_names)
    return Conflict(
        changed_by=(who.get_full_name() or who.email or who.username) if who else "Someone",
        changed_at=state.updated_at,
        rows=theirs,
        differences=differences(theirs, yours),
    )


def submitted_message(assessment: Assessment) -> str:
    """The banner after submitting: what to do next, with the way to each."""
    return format_html(
        '<p class="nhsuk-notification-banner__heading">Assessment submitted</p>'
        '<p class="nhsuk-body">Next, look at <a class="nhsuk-notification-banner__link" '
        'href="{}">your results</a>, <a class="nhsuk-notification-banner__link" href="{}">'
        'make an action plan</a> and <a class="nhsuk-notification-banner__link" href="{}">'
        "download the report for your Board (PDF)</a>.</p>",
        reverse("assessments:results", args=[assessment.pk]),
        reverse("assessments:actions", args=[assessment.pk]),
        reverse("assessments:board-report-pdf", args=[assessment.pk]),
    )


@dataclass
class SectionToDo:
    title: str
    url: str


def sections_to_do(current: Questionnaire, assessment: Assessment) -> list[SectionToDo]:
    return [
        SectionToDo(
            section.title, reverse("assessments:section", args=[assessment.pk, section.key])
        )
        for section in current.incomplete
    ]


def rebind_with_version(form: forms.Form, version: int) -> forms.Form:
    """Keep everything the person typed, but let their next save apply over the newer
    version they have now been shown."""
    data = form.data.copy()
    data["version"] = str(version)
    form.data = data
    return form
