"""Presenters turn models into what a page shows, so templates stay dumb."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django import forms
from django.urls import reverse

from coprod_grid import catalogue
from coprod_grid.models import CommissioningStage

from .models import Answer, Assessment, Commitment, Frequency, Participant, SectionState
from .questionnaire import ABOUT, COMMITMENT, SERVICES, Section, SectionProgress

FREQUENCY_LABELS = dict(Frequency.choices)
PARTICIPANT_LABELS = dict(Participant.choices)
COMMITMENT_LABELS = dict(Commitment.choices)


@dataclass
class SummaryRow:
    key: str
    value: str = ""
    lines: list[str] = field(default_factory=list)
    anchor: str = ""


@dataclass
class SectionSummary:
    section: Section
    progress: SectionProgress | None
    rows: list[SummaryRow]
    change_url: str


def section_template(section: Section) -> str:
    if section.key == ABOUT:
        return "assessments/section_about.html"
    if section.key == SERVICES:
        return "assessments/section_services.html"
    if section.key == COMMITMENT:
        return "assessments/section_commitment.html"
    return "assessments/section_category.html"


def summary_rows(
    section: Section,
    assessment: Assessment,
    answers: dict[int, Answer],
    stage_names: dict[str, str],
) -> list[SummaryRow]:
    if section.key == ABOUT:
        participants = [PARTICIPANT_LABELS.get(p, p) for p in assessment.participants]
        rows = [
            SummaryRow("Title", assessment.title, anchor="id_title"),
            SummaryRow("Period", assessment.period, anchor="id_period"),
            SummaryRow(
                "Who took part", lines=participants or ["Not answered"], anchor="id_participants_0"
            ),
        ]
        if assessment.experts_by_experience_count is not None:
            rows.append(
                SummaryRow(
                    "Experts-by-experience taking part",
                    str(assessment.experts_by_experience_count),
                    anchor="id_experts_by_experience_count",
                )
            )
        return rows
    if section.key == SERVICES:
        areas = [area.name for area in assessment.service_areas.all()]
        rows = [
            SummaryRow(
                "Services co-produced", lines=areas or ["None yet"], anchor="id_service_areas_0"
            )
        ]
        if assessment.service_areas_other:
            rows.append(
                SummaryRow("Other services", assessment.service_areas_other, anchor="id_other")
            )
        return rows
    if section.key == COMMITMENT:
        barriers = [barrier.name for barrier in assessment.barriers.all()]
        rows = [
            SummaryRow(
                "Commitment",
                COMMITMENT_LABELS.get(assessment.commitment, "Not answered"),
                anchor="id_commitment_0",
            ),
            SummaryRow("Barriers", lines=barriers or ["None selected"], anchor="id_barriers_0"),
        ]
        if assessment.barriers_other:
            rows.append(SummaryRow("Other barriers", assessment.barriers_other, anchor="id_other"))
        return rows
    rows = []
    for activity in section.activities:
        answer = answers.get(activity.pk)
        anchor = f"id_{activity.slug}-frequency_0"
        if answer is None:
            rows.append(SummaryRow(activity.name, "Not answered", anchor=anchor))
            continue
        lines = [FREQUENCY_LABELS[answer.frequency]]
        if answer.stages:
            lines.append("Stages: " + ", ".join(stage_names.get(s, s) for s in answer.stages))
        if answer.notes:
            lines.append("Evidence: " + answer.notes)
        # A submitted assessment shows the names it was answered and scored with.
        name = answer.snapshot_name or activity.name
        rows.append(SummaryRow(name, lines=lines, anchor=anchor))
    return rows


def section_summaries(
    progress: Sequence[SectionProgress],
    assessment: Assessment,
    answers: dict[int, Answer],
    stages: Sequence[CommissioningStage],
) -> list[SectionSummary]:
    stage_names = {stage.slug: stage.name for stage in stages}
    return [
        SectionSummary(
            section=item.section,
            progress=item,
            rows=summary_rows(item.section, assessment, answers, stage_names),
            change_url=reverse("assessments:section", args=[assessment.pk, item.section.key]),
        )
        for item in progress
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
        rows=summary_rows(section, fresh, answers, {s.slug: s.name for s in stages}),
    )


def rebind_with_version(form: forms.Form, version: int) -> forms.Form:
    """Keep everything the person typed, but let their next save apply over the newer
    version they have now been shown."""
    data = form.data.copy()
    data["version"] = str(version)
    form.data = data
    return form


@dataclass
class OrganisationPanel:
    membership: object
    assessments: list[Assessment]
    latest: Assessment | None
    latest_score: object | None
    latest_quadrant: str = ""
    chart: object = None


def _small_chart(assessment: Assessment, answers: list[Answer], score) -> object:
    from coprod_grid.chart import GridPoint, PositionMarker, build_chart

    by_slug = {answer.activity.slug: answer for answer in answers}
    points = [
        GridPoint(
            slug=practice.activity,
            number=number,
            name=by_slug[practice.activity].activity.name,
            category_slug=practice.category,
            category_name=by_slug[practice.activity].activity.category.name,
            colour=by_slug[practice.activity].activity.category.colour,
            x=practice.x,
            y=practice.y,
            style=practice.frequency,
            frontier=practice.activity in score.frontier_activities,
        )
        for number, practice in enumerate(score.practices, start=1)
    ]
    return build_chart(
        points,
        position=PositionMarker(score.activeness, score.embeddedness),
        size="small",
        title=f"Latest position of {assessment.organisation.name}: {assessment.period}",
        chart_id=f"dashboard-{assessment.pk}",
    )


def dashboard_context(memberships: Sequence) -> dict:
    """Each organisation with its assessments and the position of its latest submitted
    (else latest) assessment, scored from one query for all their answers."""
    from . import scoring
    from .results import scoring_inputs

    panels = []
    for membership in memberships:
        assessments = list(membership.organisation.assessments.all())
        submitted = [a for a in assessments if a.is_submitted]
        latest = submitted[0] if submitted else (assessments[0] if assessments else None)
        panels.append(OrganisationPanel(membership, assessments, latest, None))
    quadrant_names = {q.slug: q.name for q in catalogue.quadrants()} if panels else {}
    latest_ids = [panel.latest.pk for panel in panels if panel.latest]
    by_assessment: dict[int, list[Answer]] = {pk: [] for pk in latest_ids}
    for answer in Answer.objects.filter(assessment_id__in=latest_ids).select_related(
        "activity__category"
    ):
        by_assessment[answer.assessment_id].append(answer)
    for panel in panels:
        if panel.latest:
            answers = by_assessment[panel.latest.pk]
            if panel.latest.is_draft:
                answers = [a for a in answers if a.activity.is_active]
            inputs, positions = scoring_inputs(panel.latest, answers)
            score = scoring.score_assessment(inputs, positions)
            panel.latest_score = score
            if score.has_position:
                panel.latest_quadrant = quadrant_names.get(score.quadrant, "")
                panel.chart = _small_chart(panel.latest, answers, score)
    return {"panels": panels, "chart": next((p.chart for p in panels if p.chart), None)}
