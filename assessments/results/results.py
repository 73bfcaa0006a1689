"""One result for an assessment, computed once, that the results page, its chart, the
PDF report and the JSON export all present. Nothing here is computed twice elsewhere."""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch

from coprod_grid import catalogue
from coprod_grid.catalogue import memoised_by_catalogue
from coprod_grid.models import (
    Activity,
    CaseStudy,
    Category,
    CommissioningStage,
    DiscussionPoint,
    NationalFinding,
    Quadrant,
    ServiceArea,
)

from ..models import Answer, Assessment, Frequency
from . import numbers, scoring, what_if

LEVEL_LABELS = {
    "routine": "Routinely",
    "occasional": "Occasionally",
    "none": "Not covered",
}


@dataclass(frozen=True)
class AnswerView:
    """An answer with the catalogue values it is scored with (the snapshot once
    submitted) and, when practised, its place on the Grid."""

    activity: str
    name: str
    category: str
    category_name: str
    colour: str
    frequency: str
    frequency_label: str
    stages: tuple[str, ...]
    stage_names: tuple[str, ...]
    notes: str
    activeness: float
    embeddedness: float
    position: tuple[float, float] | None
    frontier_rank: int | None = None

    @property
    def practised(self) -> bool:
        return self.position is not None


@dataclass(frozen=True)
class StageRow:
    slug: str
    name: str
    examples: str
    level: str
    level_label: str
    national_pct: int


@dataclass
class NextStepView:
    activity: str
    name: str
    category: Category
    currently: str
    raises_frontier: bool
    stage_names: tuple[str, ...]
    frontier_gain: float
    discussion_points: list[DiscussionPoint]
    change: numbers.Change | None = None  # in the words the page and the PDF show


@dataclass
class CategoryResult:
    category: Category
    practices: list[AnswerView]
    discussion_points: list[DiscussionPoint]
    case_studies: list[CaseStudy]


@dataclass
class AssessmentResult:
    assessment: Assessment
    score: scoring.Score
    quadrant: Quadrant | None
    quadrants: list[Quadrant]
    answers: list[AnswerView]
    unpractised: list[AnswerView]
    stage_rows: list[StageRow]
    categories: list[CategoryResult]
    next_steps: list[NextStepView]
    findings: list[NationalFinding]
    service_areas: list[tuple[ServiceArea, bool]]
    frontier: list[AnswerView] = field(default_factory=list)

    @property
    def practices(self) -> list[AnswerView]:
        return [answer for answer in self.answers if answer.practised]

    @property
    def routine_count(self) -> int:
        return sum(answer.frequency == Frequency.ROUTINE for answer in self.answers)

    @property
    def occasional_count(self) -> int:
        return sum(answer.frequency == Frequency.OCCASIONAL for answer in self.answers)

    @property
    def stages_reached(self) -> int:
        return sum(row.level != "none" for row in self.stage_rows)


# --- the spine: an assessment's answers, the positions they are scored at, its score ---


def answers_of(assessment: Assessment) -> list[Answer]:
    """Every answer of the assessment, retired activities' too (the rule is in
    ``questionnaire/sections.py``): what a draft counts is what its submission keeps."""
    return list(Answer.objects.filter(assessment=assessment).select_related("activity__category"))


class AnswersWhenNeeded(Sequence[Answer]):
    """``answers_of``, read the first time something looks at them. For a page whose
    caches each need the answers only on a miss: two misses read them once between
    them, two hits not at all."""

    def __init__(self, assessment: Assessment):
        self._assessment = assessment
        self._answers: list[Answer] | None = None

    def _read(self) -> list[Answer]:
        if self._answers is None:
            self._answers = answers_of(self._assessment)
        return self._answers

    def __getitem__(self, index):
        return self._read()[index]

    def __len__(self) -> int:
        return len(self._read())

    def __iter__(self):
        return iter(self._read())


def chosen_service_areas(assessment: Assessment) -> set[int]:
    return set(assessment.service_areas.values_list("pk", flat=True))


def position_of(assessment: Assessment, answer: Answer) -> scoring.ActivityPosition:
    """Where an answer's activity is scored: at the values saved with it once the
    assessment is submitted, else at the live catalogue's."""
    activity = answer.activity
    if assessment.is_submitted and answer.snapshot_activeness is not None:
        return scoring.ActivityPosition(
            slug=activity.slug,
            category=answer.snapshot_category,
            activeness=float(answer.snapshot_activeness),
            embeddedness=float(answer.snapshot_embeddedness),
        )
    return scoring.ActivityPosition(
        slug=activity.slug,
        category=activity.category.slug,
        activeness=float(activity.activeness),
        embeddedness=float(activity.embeddedness),
    )


def scoring_inputs(
    assessment: Assessment, answers: Sequence[Answer]
) -> tuple[list[scoring.AnswerInput], dict[str, scoring.ActivityPosition]]:
    inputs, positions = [], {}
    for answer in answers:
        positions[answer.activity.slug] = position_of(assessment, answer)
        inputs.append(
            scoring.AnswerInput(
                activity=answer.activity.slug,
                frequency=answer.frequency,
                stages=frozenset(answer.stages),
            )
        )
    return inputs, positions


def stage_slugs() -> list[str]:
    """The catalogue's commissioning stages, in the order of the cycle."""
    return [stage.slug for stage in catalogue.commissioning_stages()]


def score_of(
    assessment: Assessment,
    answers: Sequence[Answer] | None = None,
    *,
    stages: Sequence[str] | None = None,
) -> scoring.Score:
    """The assessment's place on the Grid: the one way every page, the report, the export
    and the stored result get it. ``answers`` (``answers_of``) and ``stages`` (the
    catalogue's, ``stage_slugs``) are read unless given, by a caller scoring several."""
    if answers is None:
        answers = answers_of(assessment)
    inputs, positions = scoring_inputs(assessment, answers)
    return scoring.score_assessment(
        inputs, positions, stages=stage_slugs() if stages is None else stages
    )


@dataclass(frozen=True)
class ResultsCatalogue:
    """What of the catalogue a result needs, read once per catalogue version
    (coprod_grid/catalogue.py). Shared between requests: read-only."""

    stages: tuple[CommissioningStage, ...]
    categories: tuple[Category, ...]
    quadrants: tuple[Quadrant, ...]
    findings: tuple[NationalFinding, ...]
    service_areas: tuple[ServiceArea, ...]
    positions: dict[str, scoring.ActivityPosition]
    activity_by_slug: dict[str, Activity]

    @property
    def stage_slugs(self) -> list[str]:
        return [stage.slug for stage in self.stages]

    @property
    def category_by_slug(self) -> dict[str, Category]:
        return {category.slug: category for category in self.categories}


@memoised_by_catalogue
def results_catalogue() -> ResultsCatalogue:
    categories = tuple(
        Category.objects.prefetch_related(
            "discussion_points",
            "case_studies",
            Prefetch(
                "activities",
                queryset=Activity.objects.active().prefetch_related("typical_stages"),
                to_attr="active_activities",
            ),
        )
    )
    return ResultsCatalogue(
        stages=tuple(CommissioningStage.objects.all()),
        categories=categories,
        quadrants=tuple(Quadrant.objects.all()),
        findings=tuple(NationalFinding.objects.all()),
        service_areas=tuple(ServiceArea.objects.all()),
        positions={
            activity.slug: scoring.ActivityPosition(
                slug=activity.slug,
                category=category.slug,
                activeness=float(activity.activeness),
                embeddedness=float(activity.embeddedness),
                typical_stages=tuple(stage.slug for stage in activity.typical_stages.all()),
            )
            for category in categories
            for activity in category.active_activities
        },
        activity_by_slug={
            activity.slug: activity
            for category in categories
            for activity in category.active_activities
        },
    )


def assessment_result(
    assessment: Assessment,
    *,
    answers: Sequence[Answer] | None = None,
    chosen_areas: set[int] | None = None,
) -> AssessmentResult:
    """Everything the results page, the report and the export show, in a fixed number of
    queries whatever the number of answers. ``answers`` (``answers_of``) and
    ``chosen_areas`` (the ids of its service areas) are read here unless given."""
    catalogue = results_catalogue()
    stages = catalogue.stages
    stage_names = {stage.slug: stage.name for stage in stages}
    if answers is None:
        answers = answers_of(assessment)
    inputs, positions = scoring_inputs(assessment, answers)
    score = score_of(assessment, answers, stages=catalogue.stage_slugs)

    categories = catalogue.categories
    category_by_slug = catalogue.category_by_slug
    practice_by_slug = {practice.activity: practice for practice in score.practices}
    frontier_rank = {slug: rank for rank, slug in enumerate(score.frontier_activities, start=1)}

    views = []
    for answer in answers:
        slug = answer.activity.slug
        position = positions[slug]
        category = category_by_slug.get(position.category)
        practice = practice_by_slug.get(slug)
        snapshot = assessment.is_submitted and answer.snapshot_name
        views.append(
            AnswerView(
                activity=slug,
                name=answer.snapshot_name if snapshot else answer.activity.name,
                category=position.category,
                category_name=(
                    answer.snapshot_category_name if snapshot else answer.activity.category.name
                ),
                colour=category.colour if category else "#425563",
                frequency=answer.frequency,
                frequency_label=Frequency(answer.frequency).label,
                stages=tuple(answer.stages),
                stage_names=tuple(stage_names.get(s, s) for s in answer.stages),
                notes=answer.notes,
                activeness=position.activeness,
                embeddedness=position.embeddedness,
                position=(practice.x, practice.y) if practice else None,
                frontier_rank=frontier_rank.get(slug),
            )
        )

    catalogue_positions = dict(catalogue.positions)
    # Suggestions for a submitted assessment weigh its own practices at the positions it
    # was scored with, so a catalogue edit does not reorder what it already does.
    for slug, position in positions.items():
        if slug in catalogue_positions and assessment.is_submitted:
            catalogue_positions[slug] = dataclasses.replace(
                position, typical_stages=catalogue_positions[slug].typical_stages
            )
    activity_by_slug = catalogue.activity_by_slug
    steps = scoring.next_steps(score, catalogue_positions, stages=catalogue.stage_slugs)
    quadrants = list(catalogue.quadrants)
    answered = {view.activity for view in views}
    if chosen_areas is None:
        chosen_areas = chosen_service_areas(assessment)
    return AssessmentResult(
        assessment=assessment,
        score=score,
        quadrant=next((q for q in quadrants if q.slug == score.quadrant), None),
        quadrants=quadrants,
        answers=views,
        # What the assessment answered "not at the moment" (at the place it was scored
        # at), and for a draft the activities it has not answered yet.
        unpractised=[view for view in views if not view.practised]
        + (
            []
            if assessment.is_submitted
            else [
                _unanswered(activity)
                for slug, activity in activity_by_slug.items()
                if slug not in answered
            ]
        ),
        stage_rows=[
            StageRow(
                slug=stage.slug,
                name=stage.name,
                examples=stage.examples,
                level=score.stage_levels.get(stage.slug, "none"),
                level_label=LEVEL_LABELS[score.stage_levels.get(stage.slug, "none")],
                national_pct=stage.national_2017_pct,
            )
            for stage in stages
        ],
        categories=[
            CategoryResult(
                category=category,
                practices=[v for v in views if v.category == category.slug and v.practised],
                discussion_points=list(category.discussion_points.all()),
                case_studies=list(category.case_studies.all()),
            )
            for category in categories
        ],
        next_steps=[
            NextStepView(
                activity=step.activity,
                name=activity_by_slug[step.activity].name,
                category=category_by_slug[step.category],
                currently=Frequency(step.frequency).label,
                raises_frontier=step.raises_frontier,
                stage_names=tuple(stage_names[s] for s in step.stages),
                frontier_gain=step.frontier_gain,
                discussion_points=list(category_by_slug[step.category].discussion_points.all()),
                change=what_if.routine_change(
                    score,
                    inputs,
                    positions,
                    catalogue_positions[step.activity],
                    stages=catalogue.stage_slugs,
                    quadrant_names={quadrant.slug: quadrant.name for quadrant in quadrants},
                ),
            )
            for step in steps
        ],
        findings=list(catalogue.findings),
        service_areas=[(area, area.pk in chosen_areas) for area in catalogue.service_areas],
        frontier=sorted((v for v in views if v.frontier_rank), key=lambda v: v.frontier_rank or 0),
    )


def _unanswered(activity: Activity) -> AnswerView:
    category = activity.category
    return AnswerView(
        activity=activity.slug,
        name=activity.name,
        category=category.slug,
        category_name=category.name,
        colour=category.colour,
        frequency="",
        frequency_label="Not answered yet",
        stages=(),
        stage_names=(),
        notes="",
        activeness=float(activity.activeness),
        embeddedness=float(activity.embeddedness),
        position=None,
    )
