"""The promises of docs/scoring.md, checked over random assessments of the real catalogue.

"Doing more never lowers your standing" and "one tick does not make a gold standard",
plus bounds, determinism and the next-step promises. Hypothesis runs derandomised and
without an example database, so the suite is the same on every run and in CI.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain, combinations, pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.results.scoring import (
    AnswerInput,
    Score,
    next_steps,
    score_assessment,
)
from tests.catalogue_positions import load_positions, load_stages

CATALOGUE = load_positions()
STAGES = load_stages()
SLUGS = sorted(CATALOGUE)

# The promises hold exactly; published results are floats, so allow float error only.
TOLERANCE = 1e-9

modest = settings(max_examples=200, derandomize=True, database=None, deadline=None)

stage_sets = st.frozensets(st.sampled_from(STAGES))


@st.composite
def assessments(draw: st.DrawFn) -> dict[str, AnswerInput]:
    """Answers for a random selection of catalogue activities, some of them ``none``."""
    slugs = draw(st.lists(st.sampled_from(SLUGS), unique=True, max_size=len(SLUGS)))
    answers: dict[str, AnswerInput] = {}
    for slug in slugs:
        frequency = draw(st.sampled_from(["none", "occasional", "routine"]))
        stages = frozenset() if frequency == "none" else draw(stage_sets)
        answers[slug] = AnswerInput(slug, frequency, stages)
    return answers


def score(answers: dict[str, AnswerInput]) -> Score:
    return score_assessment(answers.values(), CATALOGUE, stages=STAGES)


def standing(result: Score) -> tuple[float, float]:
    """(A + F, C), with nothing practised counting as 0."""
    if not result.has_position:
        return 0.0, 0.0
    assert result.activeness is not None
    assert result.frontier_embeddedness is not None
    assert result.stage_coverage is not None
    return result.activeness + result.frontier_embeddedness, result.stage_coverage


def assert_not_lower(before: dict[str, AnswerInput], after: dict[str, AnswerInput]) -> None:
    strength_before, coverage_before = standing(score(before))
    strength_after, coverage_after = standing(score(after))
    assert strength_after >= strength_before - TOLERANCE
    assert coverage_after >= coverage_before - TOLERANCE


# --- Doing more never lowers your standing -----------------------------------------------


@modest
@given(
    assessments(), st.sampled_from(SLUGS), st.sampled_from(["occasional", "routine"]), stage_sets
)
def test_practising_another_activity_never_lowers_the_standing(answers, slug, frequency, stages):
    if slug in answers and answers[slug].frequency != "none":
        return  # already practised: covered by the upgrade and stage properties
    more = {**answers, slug: AnswerInput(slug, frequency, stages)}

    assert_not_lower(answers, more)


@modest
@given(assessments(), st.data())
def test_doing_an_activity_routinely_never_lowers_the_standing(answers, data):
    occasional = sorted(slug for slug, a in answers.items() if a.frequency == "occasional")
    if not occasional:
        return
    slug = data.draw(st.sampled_from(occasional))
    more = {**answers, slug: AnswerInput(slug, "routine", answers[slug].stages)}

    assert_not_lower(answers, more)


@modest
@given(assessments(), st.data())
def test_involving_people_at_another_stage_never_lowers_the_standing(answers, data):
    practised = sorted(slug for slug, a in answers.items() if a.frequency != "none")
    if not practised:
        return
    slug = data.draw(st.sampled_from(practised))
    stage = data.draw(st.sampled_from(STAGES))
    old = answers[slug]
    more = {**answers, slug: AnswerInput(slug, old.frequency, old.stages | {stage})}

    assert_not_lower(answers, more)


# --- One tick does not make a gold standard ----------------------------------------------

ALL_STAGE_SETS = [
    frozenset(stages)
    for stages in chain.from_iterable(combinations(STAGES, n) for n in range(len(STAGES) + 1))
]


@pytest.mark.parametrize("slug", SLUGS)
def test_one_practice_alone_is_never_active_and_embedded(slug):
    # Every frequency and every set of stages, for every activity in the catalogue.
    for frequency in ("occasional", "routine"):
        for stages in ALL_STAGE_SETS:
            result = score_assessment(
                [AnswerInput(slug, frequency, stages)], CATALOGUE, stages=STAGES
            )

            assert result.quadrant != "active-embedded", (slug, frequency, sorted(stages))
            assert result.quadrant in {"passive-embedded", "passive-isolated"}


# --- Bounds and determinism --------------------------------------------------------------


@modest
@given(assessments())
def test_scores_lie_between_0_and_1(answers):
    result = score(answers)

    if not result.has_position:
        assert not any(a.frequency != "none" for a in answers.values())
        assert set(result.stage_levels.values()) == {"none"}
        return
    values = (
        result.activeness,
        result.frontier_embeddedness,
        result.stage_coverage,
        result.embeddedness,
    )
    for value in values:
        assert value is not None
        assert 0 <= value <= 1
    assert 0 <= (result.activeness_percent or 0) <= 100
    assert 0 <= (result.embeddedness_percent or 0) <= 100
    for place in result.frontier:
        assert 0 <= place.x <= 1
        assert 0 <= place.y <= 1


@modest
@given(assessments(), st.randoms(use_true_random=False))
def test_the_order_of_answers_does_not_matter(answers, random):
    shuffled = list(answers.values())
    random.shuffle(shuffled)

    assert score_assessment(shuffled, CATALOGUE, stages=STAGES) == score(answers)


@modest
@given(assessments())
def test_the_frontier_is_the_strongest_practices_in_order(answers):
    result = score(answers)
    places = [(p.x + p.y, p.x) for p in result.frontier]
    practised = [(p.x + p.y, p.x) for p in result.practices]

    assert result.frontier_activities == tuple(p.activity for p in result.practices[:3])
    for earlier, later in pairwise(places):
        assert earlier[0] >= later[0] - TOLERANCE
    for strength, _ in practised[3:]:
        assert strength <= places[2][0] + TOLERANCE


# --- Next steps --------------------------------------------------------------------------


@modest
@given(assessments())
def test_next_steps_keep_their_promises(answers):
    result = score(answers)
    steps = next_steps(result, CATALOGUE, stages=STAGES)
    routine = {slug for slug, a in answers.items() if a.frequency == "routine"}

    assert len(steps) <= 5
    assert max(Counter(step.category for step in steps).values(), default=0) <= 2
    for step in steps:
        assert step.activity not in routine
        assert step.raises_frontier or step.stages
        position = CATALOGUE[step.activity]
        current = answers.get(step.activity)
        stages = frozenset(position.typical_stages) | (current.stages if current else frozenset())
        done_routinely = {**answers, step.activity: AnswerInput(step.activity, "routine", stages)}
        strength_before, coverage_before = standing(result)
        strength_after, coverage_after = standing(score(done_routinely))
        if step.raises_frontier:
            assert strength_after > strength_before + TOLERANCE
            assert strength_after - strength_before == pytest.approx(step.frontier_gain)
        if step.stages:
            assert coverage_after > coverage_before + TOLERANCE
    if not result.has_position:
        for step in steps:
            position = CATALOGUE[step.activity]
            assert position.activeness < 0.5 <= position.embeddedness
