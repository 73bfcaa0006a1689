"""The scoring method of docs/scoring.md: worked examples, quadrant edges, ties, next steps.

Plain pytest against the real catalogue positions (fixtures/catalogue.json); no database.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from assessments.results.scoring import (
    ActivityPosition,
    AnswerInput,
    Frequency,
    NextStep,
    Score,
    as_percent,
    next_steps,
    quadrant_of,
    score_assessment,
)
from tests.catalogue_positions import load_positions, load_stages

CATALOGUE = load_positions()
STAGES = load_stages()


def answer(activity: str, frequency: Frequency, *stages: str) -> AnswerInput:
    return AnswerInput(activity=activity, frequency=frequency, stages=frozenset(stages))


def four_places(value: float | None) -> float:
    assert value is not None
    return round(value, 4)


def score(*answers: AnswerInput) -> Score:
    return score_assessment(answers, CATALOGUE, stages=STAGES)


# --- The worked examples of docs/scoring.md ----------------------------------------------


def test_the_helper_reads_the_catalogue_fixture():
    assert load_stages() == STAGES
    assert len(CATALOGUE) == 29
    member = CATALOGUE["member-of-decision-making-forums"]
    assert (member.category, member.activeness, member.embeddedness) == (
        "involving-service-users-as-equals",
        0.62,
        0.9,
    )
    assert set(member.typical_stages) == {"strategic-planning", "contracting"}


def test_worked_example_1():
    result = score(
        answer("surveys-and-questionnaires", "occasional", "monitoring"),
        answer("analysis-of-complaints", "routine", "monitoring"),
    )

    assert [(p.activity, p.x, p.y) for p in result.frontier] == [
        ("analysis-of-complaints", 0.04, 0.54),
        ("surveys-and-questionnaires", 0.08, 0.08),
        (None, 0.0, 0.0),
    ]
    assert four_places(result.activeness) == 0.04
    assert four_places(result.frontier_embeddedness) == 0.2067
    assert four_places(result.stage_coverage) == 0.2
    assert four_places(result.embeddedness) == 0.2033
    assert result.quadrant == "passive-isolated"
    assert (result.activeness_percent, result.embeddedness_percent) == (4, 20)
    assert result.frontier_activities == ("analysis-of-complaints", "surveys-and-questionnaires")


def test_worked_example_2():
    result = score(
        answer("member-of-decision-making-forums", "routine", "strategic-planning", "contracting"),
        answer("co-produce-mental-health-strategy", "occasional", "strategic-planning"),
        answer("surveys-and-questionnaires", "routine", "strategic-planning", "monitoring"),
        answer("quality-visits-to-services", "routine", "monitoring"),
        answer("co-design-with-methodology", "occasional", "pathway-design"),
    )

    assert [(p.activity, p.x, p.y) for p in result.frontier] == [
        ("member-of-decision-making-forums", 0.62, 0.95),
        ("quality-visits-to-services", 0.58, 0.82),
        ("co-produce-mental-health-strategy", 0.95, 0.27),
    ]
    assert four_places(result.activeness) == 0.7167
    assert four_places(result.frontier_embeddedness) == 0.68
    assert four_places(result.stage_coverage) == 0.7
    assert four_places(result.embeddedness) == 0.69
    assert result.quadrant == "active-embedded"
    assert (result.activeness_percent, result.embeddedness_percent) == (72, 69)
    assert result.stage_levels == {
        "strategic-planning": "routine",
        "specifying-outcomes": "none",
        "pathway-design": "occasional",
        "contracting": "routine",
        "monitoring": "routine",
    }
    # Every practice is listed, strongest first.
    assert [p.activity for p in result.practices] == [
        "member-of-decision-making-forums",
        "quality-visits-to-services",
        "co-produce-mental-health-strategy",
        "co-design-with-methodology",
        "surveys-and-questionnaires",
    ]


def test_worked_example_3():
    result = score(
        answer("co-design-with-methodology", "occasional", "pathway-design"),
        answer("co-design-without-methodology", "occasional", "pathway-design"),
        answer("interviews-with-service-users", "occasional", "pathway-design"),
    )

    assert result.frontier_activities == (
        "co-design-with-methodology",
        "co-design-without-methodology",
        "interviews-with-service-users",
    )
    assert four_places(result.activeness) == 0.67
    assert four_places(result.frontier_embeddedness) == 0.1767
    assert four_places(result.stage_coverage) == 0.1
    assert four_places(result.embeddedness) == 0.1383
    assert result.quadrant == "active-isolated"
    assert (result.activeness_percent, result.embeddedness_percent) == (67, 14)


def test_worked_example_3_without_co_design_without_methodology():
    result = score(
        answer("co-design-with-methodology", "occasional", "pathway-design"),
        answer("interviews-with-service-users", "occasional", "pathway-design"),
    )

    assert result.frontier[2].activity is None
    assert four_places(result.activeness) == 0.4433
    assert four_places(result.embeddedness) == 0.1083
    assert result.quadrant == "passive-isolated"
    assert (result.activeness_percent, result.embeddedness_percent) == (44, 11)


def test_worked_example_4_nothing_practised_has_no_position():
    result = score()

    assert not result.has_position
    assert result.practices == ()
    assert result.activeness is None
    assert result.frontier_embeddedness is None
    assert result.stage_coverage is None
    assert result.embeddedness is None
    assert result.quadrant is None
    assert result.activeness_percent is None
    assert result.embeddedness_percent is None
    assert result.frontier_activities == ()
    assert all(place.activity is None for place in result.frontier)
    assert result.stage_levels == dict.fromkeys(STAGES, "none")


def test_every_answer_of_none_scores_like_no_answers():
    result = score_assessment(
        [answer(slug, "none") for slug in CATALOGUE], CATALOGUE, stages=STAGES
    )

    assert not result.has_position
    assert result.stage_levels == dict.fromkeys(STAGES, "none")


# --- Quadrant edges ----------------------------------------------------------------------


def three_alike(activeness: float, embeddedness: float, frequency: Frequency = "routine") -> Score:
    """Three practices at one position, one of them at one stage (C = 0.2 or 0.1).

    A = activeness; F = (embeddedness + r) / 2.
    """
    positions = {
        slug: ActivityPosition(slug, f"category-{slug}", activeness, embeddedness)
        for slug in ("p1", "p2", "p3")
    }
    answers = [
        AnswerInput("p1", frequency, frozenset({"monitoring"})),
        AnswerInput("p2", frequency),
        AnswerInput("p3", frequency),
    ]
    return score_assessment(answers, positions, stages=STAGES)


@pytest.mark.parametrize(
    ("activeness", "active"),
    [
        (0.4999, False),
        (0.49994, False),
        (0.49995, True),  # rounds to 0.5000 at 4 places, half up
        (0.5, True),
        (0.5001, True),
    ],
)
def test_the_activeness_edge(activeness: float, active: bool):
    embedded = three_alike(activeness, 1.0)  # F = 1, C = 0.2: E = 0.6
    isolated = three_alike(activeness, 0.0, "occasional")  # F = 0, C = 0.1: E = 0.05

    assert embedded.activeness == activeness
    assert embedded.quadrant == ("active-embedded" if active else "passive-embedded")
    assert isolated.quadrant == ("active-isolated" if active else "passive-isolated")


@pytest.mark.parametrize(
    ("catalogue_embeddedness", "embeddedness", "embedded"),
    [
        # routine, C = 0.2: E = ((e + 1) / 2 + 0.2) / 2
        (0.5996, 0.4999, False),
        (0.59976, 0.49994, False),
        (0.5998, 0.49995, True),  # rounds to 0.5000 at 4 places, half up
        (0.6, 0.5, True),
        (0.6004, 0.5001, True),
    ],
)
def test_the_embeddedness_edge(catalogue_embeddedness: float, embeddedness: float, embedded: bool):
    active = three_alike(0.9, catalogue_embeddedness)
    passive = three_alike(0.1, catalogue_embeddedness)

    assert active.embeddedness == embeddedness
    assert active.quadrant == ("active-embedded" if embedded else "active-isolated")
    assert passive.quadrant == ("passive-embedded" if embedded else "passive-isolated")


@pytest.mark.parametrize(
    ("activeness", "embeddedness", "quadrant"),
    [
        (0.4999, 0.4999, "passive-isolated"),
        (0.5, 0.4999, "active-isolated"),
        (0.4999, 0.5, "passive-embedded"),
        (0.5, 0.5, "active-embedded"),
        (0.49995, 0.49995, "active-embedded"),
        (0.49994, 0.49994, "passive-isolated"),
        (0.0, 0.0, "passive-isolated"),
        (1.0, 1.0, "active-embedded"),
    ],
)
def test_quadrant_of_a_point(activeness: float, embeddedness: float, quadrant: str):
    assert quadrant_of(activeness, embeddedness) == quadrant


# --- Fewer than three practices, ties ----------------------------------------------------


def test_one_practice_leaves_two_empty_places():
    result = score(answer("co-produce-service-outcomes", "routine", *STAGES))

    assert result.frontier_activities == ("co-produce-service-outcomes",)
    assert [(p.activity, p.x, p.y) for p in result.frontier[1:]] == [(None, 0, 0), (None, 0, 0)]
    assert four_places(result.activeness) == round(0.92 / 3, 4)
    assert four_places(result.frontier_embeddedness) == 0.3
    assert result.stage_coverage == 1.0
    assert four_places(result.embeddedness) == 0.65
    # The most active activity, done routinely at every stage, is still not active.
    assert result.quadrant == "passive-embedded"


def test_two_practices_leave_one_empty_place():
    result = score(
        answer("co-produce-service-outcomes", "routine", "specifying-outcomes"),
        answer("co-produce-mental-health-strategy", "routine", "strategic-planning"),
    )

    assert result.frontier_activities == (
        "co-produce-service-outcomes",
        "co-produce-mental-health-strategy",
    )
    assert result.frontier[2].activity is None
    assert four_places(result.activeness) == round((0.92 + 0.95) / 3, 4)
    assert four_places(result.frontier_embeddedness) == round((0.9 + 0.77) / 3, 4)
    assert four_places(result.stage_coverage) == 0.4


def tie_positions(*positions: tuple[str, float, float]) -> dict[str, ActivityPosition]:
    return {
        slug: ActivityPosition(slug, f"category-{slug}", activeness, embeddedness)
        for slug, activeness, embeddedness in positions
    }


def test_a_tie_in_x_plus_y_goes_to_the_higher_x():
    # Both sum to 1.2 when routine, though 0.4 + 0.8 is 1.2000000000000002 in floats.
    positions = tie_positions(
        ("strong-1", 0.9, 0.9),
        ("strong-2", 0.9, 0.8),
        ("less-active", 0.4, 0.6),
        ("more-active", 0.6, 0.2),
    )
    answers = [AnswerInput(slug, "routine") for slug in positions]

    result = score_assessment(answers, positions, stages=STAGES)

    assert result.frontier_activities == ("strong-1", "strong-2", "more-active")
    assert [p.activity for p in result.practices][-1] == "less-active"


def test_a_tie_in_x_plus_y_and_x_goes_to_the_first_slug():
    positions = tie_positions(
        ("strong-1", 0.9, 0.9), ("strong-2", 0.9, 0.8), ("beta", 0.5, 0.5), ("alpha", 0.5, 0.5)
    )
    answers = [AnswerInput(slug, "occasional") for slug in positions]

    result = score_assessment(answers, positions, stages=STAGES)

    assert result.frontier_activities == ("strong-1", "strong-2", "alpha")


def test_the_frontier_is_the_three_strongest_not_the_most_active():
    result = score(
        answer("co-produce-mental-health-strategy", "occasional"),  # 0.95 + 0.27 = 1.22
        answer("co-design-with-methodology", "occasional"),  # 0.78 + 0.23 = 1.01
        answer("service-user-carer-charter", "routine"),  # 0.20 + 0.96 = 1.16
        answer("attend-decision-making-forums", "routine"),  # 0.30 + 0.94 = 1.24
    )

    assert result.frontier_activities == (
        "attend-decision-making-forums",
        "co-produce-mental-health-strategy",
        "service-user-carer-charter",
    )


# --- Stage coverage ----------------------------------------------------------------------


def test_a_routine_practice_covers_a_stage_over_an_occasional_one():
    result = score(
        answer("surveys-and-questionnaires", "occasional", "monitoring", "strategic-planning"),
        answer("analysis-of-complaints", "routine", "monitoring"),
    )

    assert result.stage_levels["monitoring"] == "routine"
    assert result.stage_levels["strategic-planning"] == "occasional"
    assert four_places(result.stage_coverage) == 0.3


def test_callers_may_pass_their_own_stages():
    result = score_assessment(
        [answer("analysis-of-complaints", "routine", "monitoring")],
        CATALOGUE,
        stages=("monitoring", "contracting"),
    )

    assert list(result.stage_levels) == ["monitoring", "contracting"]
    assert result.stage_coverage == 0.5


# --- Invalid input -----------------------------------------------------------------------


def test_stages_on_an_answer_of_none_raise():
    with pytest.raises(ValueError, match="cannot have stages"):
        score(answer("analysis-of-complaints", "none", "monitoring"))


def test_an_unknown_activity_raises():
    with pytest.raises(ValueError, match="Unknown activity 'no-such-activity'"):
        score(answer("no-such-activity", "routine"))


def test_an_unknown_activity_raises_even_when_answered_none():
    with pytest.raises(ValueError, match="Unknown activity"):
        score(answer("no-such-activity", "none"))


def test_an_unknown_stage_raises():
    with pytest.raises(ValueError, match="unknown stages"):
        score(answer("analysis-of-complaints", "routine", "tendering"))


def test_an_unknown_frequency_raises():
    with pytest.raises(ValueError, match="unknown frequency"):
        score(AnswerInput("analysis-of-complaints", "sometimes"))  # type: ignore[arg-type]


def test_two_answers_for_one_activity_raise():
    with pytest.raises(ValueError, match="more than once"):
        score(answer("analysis-of-complaints", "routine"), answer("analysis-of-complaints", "none"))


def test_a_position_outside_0_1_raises():
    with pytest.raises(ValueError, match="between 0 and 1"):
        ActivityPosition("bad", "category", 1.2, 0.5)


def test_a_position_accepts_decimals_from_the_database():
    position = ActivityPosition("d", "c", Decimal("0.620"), Decimal("0.900"))  # type: ignore[arg-type]

    assert (position.activeness, position.embeddedness) == (0.62, 0.9)


# --- Display numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "percent"),
    [
        (0.0, 0),
        (1.0, 100),
        (0.125, 13),  # round() would give 12
        (0.345, 35),  # 0.345 is 0.34499999999999997 in binary
        (0.285, 29),  # 0.285 * 100 is 28.499999999999996 in binary
        (0.005, 1),
        (0.7166666666666667, 72),
        (0.1383333333333333, 14),
        (0.4449, 44),
    ],
)
def test_display_numbers_round_half_up(value: float, percent: int):
    assert as_percent(value) == percent


def test_a_score_of_an_eighth_shows_13():
    result = three_alike(0.125, 0.0, "occasional")

    assert result.activeness == 0.125
    assert result.activeness_percent == 13


def test_a_score_that_floats_would_round_down_shows_the_half_up_number():
    result = three_alike(0.345, 0.0, "occasional")

    assert result.activeness_percent == 35


# --- Next steps --------------------------------------------------------------------------


def assert_next_step_promises(result: Score, steps: list[NextStep], limit: int = 5) -> None:
    routine = {p.activity for p in result.practices if p.frequency == "routine"}
    assert len(steps) <= limit
    assert max(Counter(step.category for step in steps).values(), default=0) <= 2
    assert not {step.activity for step in steps} & routine
    assert len({step.activity for step in steps}) == len(steps)
    for step in steps:
        assert step.raises_frontier or step.stages
        assert all(result.stage_levels[stage] == "none" for stage in step.stages)


def test_first_steps_with_no_position_are_passive_and_embedded():
    result = score()

    steps = next_steps(result, CATALOGUE, stages=STAGES)

    assert [step.activity for step in steps] == [
        "service-user-carer-charter",  # 0.92
        "attend-decision-making-forums",  # 0.88
        # advisory-forums (0.82) is a third from governance arrangements
        "substantive-involvement-post",  # 0.78
        "local-user-and-voluntary-groups",  # 0.74
        "regular-engagement-event",  # 0.70
    ]
    for step in steps:
        position = CATALOGUE[step.activity]
        assert position.activeness < 0.5 <= position.embeddedness
        assert step.frequency == "none"
    assert_next_step_promises(result, steps)


def test_next_steps_for_worked_example_2():
    result = score(
        answer("member-of-decision-making-forums", "routine", "strategic-planning", "contracting"),
        answer("co-produce-mental-health-strategy", "occasional", "strategic-planning"),
        answer("surveys-and-questionnaires", "routine", "strategic-planning", "monitoring"),
        answer("quality-visits-to-services", "routine", "monitoring"),
        answer("co-design-with-methodology", "occasional", "pathway-design"),
    )

    steps = next_steps(result, CATALOGUE, stages=STAGES)

    assert [step.activity for step in steps] == [
        "co-produce-service-outcomes",  # 0.92 + 0.90 = 1.82
        "co-production-standard-adopted",  # 1.74
        "co-produce-model-of-care",  # 1.73
        # co-produce-mental-health-strategy (1.72) would be a third co-production step
        "co-design-with-methodology",  # 1.51, done occasionally now
        "training-and-support-for-service-users",  # 1.48
    ]
    first = steps[0]
    assert first.raises_frontier
    assert first.stages == ("specifying-outcomes",)
    # 1.82 replaces the weakest place (1.22) in a frontier of three: A + F rises by 0.2.
    assert round(first.frontier_gain, 4) == 0.2
    assert steps[3].frequency == "occasional"
    assert_next_step_promises(result, steps)


def test_next_steps_include_doing_an_occasional_practice_routinely():
    result = score(
        answer("co-produce-service-outcomes", "routine", "specifying-outcomes"),
        answer("co-production-standard-adopted", "routine", "specifying-outcomes"),
        answer("co-produce-mental-health-strategy", "occasional", "strategic-planning"),
    )

    steps = next_steps(result, CATALOGUE, stages=STAGES)

    # The weakest place is the strategy, done occasionally: 0.95 + 0.27 = 1.22.
    assert [(step.activity, step.frequency, step.stages) for step in steps] == [
        ("co-produce-model-of-care", "none", ("pathway-design",)),  # 1.73
        ("co-produce-mental-health-strategy", "occasional", ()),  # 1.72
        # co-produce-service-specification (1.65) would be a third co-production step
        ("member-of-decision-making-forums", "none", ("contracting",)),  # 1.57
        ("co-design-with-methodology", "none", ("pathway-design",)),  # 1.51
        ("training-and-support-for-service-users", "none", ()),  # 1.48
    ]
    assert all(step.raises_frontier for step in steps)
    # Doing the strategy routinely lifts its own place by 0.5: A + F rises by 0.5 / 3.
    assert round(steps[1].frontier_gain, 4) == round(0.5 / 3, 4)
    assert_next_step_promises(result, steps)


def test_next_steps_that_raise_the_frontier_come_before_those_that_only_reach_stages():
    result = score(
        answer("co-produce-service-outcomes", "routine", "specifying-outcomes"),
        answer("co-production-standard-adopted", "routine", "specifying-outcomes"),
        answer("member-of-decision-making-forums", "routine", "strategic-planning"),
    )

    steps = next_steps(result, CATALOGUE, limit=29, stages=STAGES)

    # The weakest place is 0.62 + 0.95 = 1.57.
    flags = [step.raises_frontier for step in steps]
    assert flags == sorted(flags, reverse=True)
    assert True in flags and False in flags
    for step in steps:
        position = CATALOGUE[step.activity]
        routine_strength = position.activeness + (position.embeddedness + 1) / 2
        assert step.raises_frontier == (routine_strength > 1.57 + 1e-9)
        if not step.raises_frontier:
            assert step.stages and step.frontier_gain == 0
    assert_next_step_promises(result, steps, limit=29)


def test_an_activity_that_neither_raises_nor_reaches_is_not_suggested():
    result = score(
        answer("co-produce-service-outcomes", "routine", *STAGES[:4]),
        answer("co-production-standard-adopted", "routine"),
        answer("co-produce-model-of-care", "routine"),
    )

    steps = next_steps(result, CATALOGUE, limit=29, stages=STAGES)

    # Weakest place: 0.88 + 0.85 = 1.73. Nothing else is stronger; only monitoring is open.
    assert steps
    assert all(not step.raises_frontier and step.stages == ("monitoring",) for step in steps)
    assert [step.activity for step in steps] == [
        "quality-visits-to-services",  # 1.40
        "real-time-feedback",  # 1.22, information-based
        "mental-health-user-group",  # 1.09
        "feedback-via-provider",  # 0.88, information-based
    ]
    assert_next_step_promises(result, steps)


def test_next_steps_never_suggest_what_is_done_routinely():
    everything = score(*(answer(slug, "routine", *STAGES) for slug in CATALOGUE))

    assert next_steps(everything, CATALOGUE, stages=STAGES) == []


def test_next_steps_respect_the_limit():
    assert len(next_steps(score(), CATALOGUE, limit=2, stages=STAGES)) == 2
    assert next_steps(score(), CATALOGUE, limit=0, stages=STAGES) == []


def test_next_steps_suggest_only_from_the_positions_given():
    active_catalogue = {
        slug: position
        for slug, position in CATALOGUE.items()
        if slug != "service-user-carer-charter"
    }

    steps = next_steps(score(), active_catalogue, stages=STAGES)

    assert "service-user-carer-charter" not in {step.activity for step in steps}
    assert steps[0].activity == "attend-decision-making-forums"
