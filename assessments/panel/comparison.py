"""An assessment's two lenses, read from the database: the commissioners' result, each
panel member's rating scored with the same ``results/scoring.py``, the panel's median
and spread, the gap, the differences activity by activity and the agreed result.

Every rating is scored at the positions the commissioners' answers are scored at (the
snapshot once the assessment is submitted), so the two views are measured with one
ruler; an activity the commissioners did not answer is placed where the live catalogue
puts it. Nothing here names a member: ratings are read as anonymous lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q

from coprod_grid import catalogue

from ..models import Answer, Assessment
from ..results import results, scoring
from . import lenses
from .models import AgreedAnswer, Panel, PanelAnswer, PanelMember


@dataclass(frozen=True)
class Lenses:
    """The three results of an assessment with a panel, and how they differ."""

    panel_row: Panel
    commissioners: scoring.Score
    panel: lenses.PanelLens
    agreed: scoring.Score | None
    gap: lenses.Gap | None
    disagreements: list[lenses.Disagreement]
    agreed_answers: dict[str, AgreedAnswer] = field(default_factory=dict)
    comments: dict[str, list[str]] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        """Which result the headline shows: the agreed one only when the lead chose it
        and something has been agreed."""
        if self.panel_row.headline == Panel.Headline.AGREED and self.agreed is not None:
            return Panel.Headline.AGREED
        return Panel.Headline.COMMISSIONERS

    @property
    def headline_score(self) -> scoring.Score:
        return self.agreed if self.headline == Panel.Headline.AGREED else self.commissioners

    @property
    def discuss_count(self) -> int:
        return sum(1 for d in self.disagreements if d.discuss)


def panel_of(assessment: Assessment) -> Panel | None:
    """The assessment's panel: no query when it was read with the assessment
    (``select_related("panel")``, as ``access.assessment_for_user`` does)."""
    try:
        return assessment.panel
    except Panel.DoesNotExist:
        return None


def submitted_members(panel: Panel) -> list[PanelMember]:
    """The members who have submitted, with their answers, in an order that says
    nothing about who they are."""
    answers = PanelAnswer.objects.select_related("activity__category")
    return list(
        PanelMember.objects.filter(panel=panel, submitted_at__isnull=False)
        .order_by("pk")
        .prefetch_related(Prefetch("answers", queryset=answers))
    )


def positions_for(
    assessment: Assessment, answers: Sequence[Answer], activities: Sequence
) -> dict[str, scoring.ActivityPosition]:
    """Where each activity is scored: at the commissioners' answer's position, else at
    the live catalogue's."""
    _, positions = results.scoring_inputs(assessment, answers)
    for activity in activities:
        if activity.slug not in positions:
            positions[activity.slug] = scoring.ActivityPosition(
                slug=activity.slug,
                category=activity.category.slug,
                activeness=float(activity.activeness),
                embeddedness=float(activity.embeddedness),
            )
    return positions


def rating_inputs(rows: Sequence, stages: Sequence[str]) -> list[scoring.AnswerInput]:
    """Scoring inputs from panel answers or agreed answers; a stage an admin has since
    removed from the catalogue is dropped, as it no longer counts for anyone."""
    known = set(stages)
    return [
        scoring.AnswerInput(
            activity=row.activity.slug,
            frequency=row.frequency,
            stages=frozenset(s for s in row.stages if s in known),
        )
        for row in rows
    ]


def member_score(
    member: PanelMember, assessment: Assessment, answers: Sequence[Answer] | None = None
) -> scoring.Score:
    """One member's rating on the Grid (their own results page)."""
    answers = results.answers_of(assessment) if answers is None else answers
    stages = results.stage_slugs()
    rows = list(member.answers.select_related("activity__category"))
    positions = positions_for(assessment, answers, [row.activity for row in rows])
    return scoring.score_assessment(rating_inputs(rows, stages), positions, stages=stages)


def lenses_of(
    assessment: Assessment,
    *,
    answers: Sequence[Answer] | None = None,
    panel: Panel | None = None,
) -> Lenses | None:
    """The assessment's lenses, or None if it has no panel. ``answers`` (the
    commissioners', ``results.answers_of``) are read unless given."""
    panel = panel_of(assessment) if panel is None else panel
    if panel is None:
        return None
    answers = results.answers_of(assessment) if answers is None else answers
    stages = results.stage_slugs()
    members = submitted_members(panel)
    agreed_rows = {
        row.activity.slug: row
        for row in AgreedAnswer.objects.filter(panel=panel).select_related("activity__category")
    }
    activities = [row.activity for m in members for row in m.answers.all()]
    activities += [row.activity for row in agreed_rows.values()]
    positions = positions_for(assessment, answers, activities)

    commissioner_inputs, _ = results.scoring_inputs(assessment, answers)
    commissioners = scoring.score_assessment(commissioner_inputs, positions, stages=stages)
    member_scores = [
        scoring.score_assessment(rating_inputs(m.answers.all(), stages), positions, stages=stages)
        for m in members
    ]
    panel_lens = lenses.panel_lens(member_scores)
    agreed = None
    if agreed_rows:
        rows = list(agreed_rows.values())
        agreed_inputs = dict(zip(agreed_rows, rating_inputs(rows, stages), strict=True))
        agreed = scoring.score_assessment(
            lenses.agreed_inputs(commissioner_inputs, agreed_inputs), positions, stages=stages
        )
    ratings = [{row.activity.slug: row.frequency for row in m.answers.all()} for m in members]
    comments: dict[str, list[str]] = {}
    if panel_lens.shown:
        for member in members:
            for row in member.answers.all():
                if row.comment.strip():
                    comments.setdefault(row.activity.slug, []).append(row.comment.strip())
        for texts in comments.values():
            texts.sort(key=str.casefold)  # an order that says nothing of who wrote which
    order = [a.slug for a in catalogue.active_activities()]
    order += sorted({slug for rating in ratings for slug in rating} - set(order))
    return Lenses(
        panel_row=panel,
        commissioners=commissioners,
        panel=panel_lens,
        agreed=agreed,
        gap=lenses.lens_gap(commissioners, panel_lens),
        disagreements=lenses.disagreements(
            {a.activity.slug: a.frequency for a in answers}, ratings, order
        ),
        agreed_answers=agreed_rows,
        comments=comments,
    )


def panel_lenses_for(
    assessments: Sequence[Assessment], stages: Sequence[str]
) -> dict[int, lenses.PanelLens]:
    """The panel's view of each of several assessments (the dashboard's latest ones, read
    with their panels), in three queries however many there are, none if none has a
    panel: their submitted members with their answers, and the commissioners' answers
    whose positions the ratings are scored at. ``stages``: the catalogue's, as the
    caller already has them."""
    by_pk = {assessment.pk: assessment for assessment in assessments if panel_of(assessment)}
    if not by_pk:
        return {}
    answers = PanelAnswer.objects.select_related("activity__category")
    members = list(
        PanelMember.objects.filter(panel__assessment__in=list(by_pk), submitted_at__isnull=False)
        .order_by("pk")
        .prefetch_related(Prefetch("answers", queryset=answers))
    )
    if not members:
        return {}
    commissioners: dict[int, list[Answer]] = {member.panel_id: [] for member in members}
    rows = Answer.objects.filter(assessment_id__in=list(commissioners))
    for answer in rows.select_related("activity__category"):
        commissioners[answer.assessment_id].append(answer)
    scores: dict[int, list[scoring.Score]] = {pk: [] for pk in commissioners}
    for member in members:
        assessment = by_pk[member.panel_id]
        ratings = member.answers.all()
        positions = positions_for(
            assessment, commissioners[member.panel_id], [row.activity for row in ratings]
        )
        inputs = rating_inputs(ratings, stages)
        scores[member.panel_id].append(scoring.score_assessment(inputs, positions, stages=stages))
    return {pk: lenses.panel_lens(found) for pk, found in scores.items()}


def panels_with_state():
    """Panels with what of them the pages show, for their cache keys (``panel_token``):
    how many ratings are sent and the last, how many answers are agreed and the last."""
    return Panel.objects.annotate(
        rated=Count("members", filter=Q(members__submitted_at__isnull=False), distinct=True),
        last_rated=Max("members__submitted_at"),
        agreed_count=Count("agreed", distinct=True),
        last_agreed=Max("agreed__updated_at"),
    )


def panel_with_state(assessment: Assessment) -> Panel | None:
    """The assessment's panel with its state (``panels_with_state``), in one query; None
    without a panel (no query when the assessment was read with its panel)."""
    if panel_of(assessment) is None:
        return None
    # Sliced without an ORDER BY (first() would add one): matching it against the
    # selected columns costs more than the query.
    found = panels_with_state().filter(assessment=assessment).order_by()[:1]
    return next(iter(found), None)


def panel_token(panel: Panel | None) -> tuple[str, ...] | None:
    """A cache key's part that changes whenever a member submits or withdraws, something
    is agreed or removed, or the lead changes the headline or opens the comparison."""
    if panel is None:
        return None
    state = ("updated_at", "headline", "opened_at", "rated", "last_rated")
    return tuple(str(getattr(panel, name)) for name in (*state, "agreed_count", "last_agreed"))
