"""What a suggested next step would do to the score: a pure leaf beside ``scoring``,
which it asks again with the step done, so the page never guesses at the method."""

from collections.abc import Mapping, Sequence

from . import numbers, scoring


def if_routine(
    inputs: Sequence[scoring.AnswerInput],
    positions: Mapping[str, scoring.ActivityPosition],
    step: scoring.ActivityPosition,
    *,
    stages: Sequence[str],
) -> scoring.Score:
    """The score with ``step`` done routinely, at the stages it usually involves and any
    it is answered at already."""
    current = next((answer for answer in inputs if answer.activity == step.slug), None)
    reached = frozenset(step.typical_stages) | (current.stages if current else frozenset())
    changed = [answer for answer in inputs if answer.activity != step.slug]
    changed.append(scoring.AnswerInput(activity=step.slug, frequency="routine", stages=reached))
    return scoring.score_assessment(changed, {**positions, step.slug: step}, stages=stages)


def routine_change(
    score: scoring.Score,
    inputs: Sequence[scoring.AnswerInput],
    positions: Mapping[str, scoring.ActivityPosition],
    step: scoring.ActivityPosition,
    *,
    stages: Sequence[str],
    quadrant_names: Mapping[str, str],
) -> numbers.Change:
    """``score`` before and after ``step`` done routinely, in words for people."""
    after = if_routine(inputs, positions, step, stages=stages)
    before = (score.activeness, score.embeddedness) if score.has_position else None
    return numbers.change_of(
        before=before,
        after=(after.activeness, after.embeddedness),
        quadrant_before=quadrant_names.get(score.quadrant, score.quadrant)
        if score.quadrant
        else None,
        quadrant_after=quadrant_names.get(after.quadrant, after.quadrant),
    )
