"""The one rule for the numbers people read (results/numbers.py), and what a next step
would do to them (results/what_if.py), worked by hand."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.results import numbers, scoring, what_if


def test_totals_round_half_up_like_the_rest_of_the_service():
    assert numbers.whole(0.125) == 13
    assert numbers.whole(0.285) == 29
    assert numbers.whole(0.4333) == 43


def test_the_reported_case_now_adds_up():
    # Three strongest practices 86.67 embedded, no stage covered: embeddedness 43.33.
    # Rounded on their own the parts were 87 and 0 beside 43; shown now as 86 and 0.
    frontier, coverage = Fraction(26, 30), Fraction(0)
    embeddedness = (frontier + coverage) / 2
    parts = numbers.parts_of_average(float(frontier), float(coverage), float(embeddedness))
    assert parts == (86, 0)
    assert numbers.whole(float(embeddedness)) == 43


def test_a_part_is_rounded_up_when_rounding_both_down_would_not_add_up():
    # 30.6 and 40.5 average 35.55, shown 36; rounded down they are 30 and 40 (35).
    assert numbers.parts_of_average(0.306, 0.405, 0.3555) == (31, 40)


def _half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2))


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(
    frontier=st.integers(min_value=0, max_value=600),
    stages=st.integers(min_value=1, max_value=12),
    data=st.data(),
)
def test_the_shown_parts_always_average_to_the_shown_embeddedness(frontier, stages, data):
    # The frontier's embeddedness is a mean of three halves of two-place values
    # (k / 600); stage coverage is a mean of 1, 0.5 and 0 over the stages.
    credit = data.draw(st.integers(min_value=0, max_value=2 * stages))
    f = float(Fraction(frontier, 600))
    c = float(Fraction(credit, 2 * stages))
    e = float((Fraction(frontier, 600) + Fraction(credit, 2 * stages)) / 2)
    first, second = numbers.parts_of_average(f, c, e)
    assert _half_up(Fraction(first + second, 2)) == numbers.whole(e)
    # Each part is its own value to within one whole number.
    assert abs(first - f * 100) < 1 and abs(second - c * 100) < 1


def test_a_change_says_what_happens_to_both_numbers_and_the_quadrant():
    change = numbers.change_of(
        before=(0.62, 0.43),
        after=(0.70, 0.434),
        quadrant_before="Active and isolated",
        quadrant_after="Active and isolated",
    )
    assert change.numbers == "Activeness 62 to 70, embeddedness unchanged at 43"
    assert change.quadrant == "It would keep you in Active and isolated."
    first = numbers.change_of(
        before=None, after=(0.2, 0.55), quadrant_before=None, quadrant_after="Passive and embedded"
    )
    assert first.numbers == "Activeness 20, embeddedness 55"
    assert first.quadrant == "It would give you a place on the Grid: Passive and embedded."


STAGES = ("first-stage", "second-stage")
POSITIONS = {
    "a": scoring.ActivityPosition("a", "one", 0.8, 0.6, typical_stages=("first-stage",)),
    "b": scoring.ActivityPosition("b", "two", 0.2, 0.9, typical_stages=("second-stage",)),
}
NAMES = {
    "passive-isolated": "Passive and isolated",
    "passive-embedded": "Passive and embedded",
    "active-isolated": "Active and isolated",
    "active-embedded": "Active and embedded",
}


def test_a_step_done_routinely_is_scored_again_by_hand():
    inputs = [scoring.AnswerInput("b", "routine", frozenset({"second-stage"}))]
    score = scoring.score_assessment(inputs, POSITIONS, stages=STAGES)
    # Before: b at (0.2, 0.95) and two empty places: A 6.67, F 31.67, C 50, E 40.83.
    after = what_if.if_routine(inputs, POSITIONS, POSITIONS["a"], stages=STAGES)
    # After: a at (0.8, 0.8) joins: A 33.33, F 58.33, C 100, E 79.17.
    assert numbers.whole(after.activeness) == 33
    assert numbers.whole(after.embeddedness) == 79
    change = what_if.routine_change(
        score, inputs, POSITIONS, POSITIONS["a"], stages=STAGES, quadrant_names=NAMES
    )
    assert change.numbers == "Activeness 7 to 33, embeddedness 41 to 79"
    assert change.quadrant == "It would move you from Passive and isolated to Passive and embedded."


def test_an_occasional_activity_made_routine_keeps_its_stages():
    inputs = [
        scoring.AnswerInput("a", "occasional", frozenset({"second-stage"})),
        scoring.AnswerInput("b", "routine", frozenset()),
    ]
    after = what_if.if_routine(inputs, POSITIONS, POSITIONS["a"], stages=STAGES)
    assert after.stage_levels == {"first-stage": "routine", "second-stage": "routine"}
    assert [p.frequency for p in after.practices if p.activity == "a"] == ["routine"]
