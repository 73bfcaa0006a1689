"""The panel's lens (assessments/panel/lenses.py): worked examples with hand-computed
numbers, each member scored by the real ``score_assessment``.

Plain pytest, no database, except the test that reads the worked example from the
rendered "How the score works" page.

Most tests use four made-up activities and two stages, chosen so one routine practice
gives round numbers. A single practice fills one of the frontier's three places (the
other two are empty, at (0, 0)), so A = x / 3 and F = y / 3 with y = (e + 1) / 2; with
two stages, C is 0, 0.5 or 1 as the practice covers none, one or both of them:

    slug  (a,    e)    x     y     A     F      E at no stage / one stage / both
    "a"   (0.9,  0.8)  0.9   0.9   0.3   0.3    0.15  / 0.4   / 0.65
    "b"   (0.6,  0.2)  0.6   0.6   0.2   0.2    0.1   / 0.35  / 0.6
    "c"   (0.3,  0.5)  0.3   0.75  0.1   0.25   0.125 / 0.375 / 0.625
    "d"   (0.93, 0.8)  0.93  0.9   0.31  0.3    0.15  / 0.4   / 0.65

(E = (F + C) / 2, e.g. "a" at one stage: (0.3 + 0.5) / 2 = 0.4.)
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import re
from collections.abc import Sequence

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.panel.lenses import (
    THRESHOLD,
    Disagreement,
    Gap,
    PanelLens,
    agreed_inputs,
    disagreements,
    lens_gap,
    panel_lens,
)
from assessments.results.scoring import (
    ActivityPosition,
    AnswerInput,
    Frequency,
    Score,
    as_percent,
    quadrant_of,
    score_assessment,
)
from tests.catalogue_positions import load_positions, load_stages

STAGES = ("plan", "review")
POSITIONS = {
    slug: ActivityPosition(slug, f"category-{slug}", activeness, embeddedness)
    for slug, activeness, embeddedness in (
        ("a", 0.9, 0.8),
        ("b", 0.6, 0.2),
        ("c", 0.3, 0.5),
        ("d", 0.93, 0.8),
    )
}


def routine(slug: str, *stages: str) -> AnswerInput:
    return AnswerInput(slug, "routine", frozenset(stages))


def rated(*answers: AnswerInput) -> Score:
    """One rating (a member's or the commissioners'), scored as the app scores it."""
    return score_assessment(answers, POSITIONS, stages=STAGES)


def point(score: Score) -> tuple[float | None, float | None]:
    return (score.activeness, score.embeddedness)


# Members from the table in the module docstring, checked once here.
A_ONE = rated(routine("a", "plan"))  # (0.3, 0.4)
A_BOTH = rated(routine("a", "plan", "review"))  # (0.3, 0.65)
B_BOTH = rated(routine("b", "plan", "review"))  # (0.2, 0.6)
B_NONE = rated(routine("b"))  # (0.2, 0.1)
C_NONE = rated(routine("c"))  # (0.1, 0.125)
C_ONE = rated(routine("c", "plan"))  # (0.1, 0.375)
D_ONE = rated(routine("d", "plan"))  # (0.31, 0.4)
# "a" and "b" routinely at one stage: A = (0.9 + 0.6) / 3 = 0.5, F = (0.9 + 0.6) / 3 = 0.5,
# C = 0.5, E = (0.5 + 0.5) / 2 = 0.5: exactly on both boundaries.
AB_ONE = rated(routine("a", "plan"), routine("b", "plan"))  # (0.5, 0.5)
# All three routinely at both stages: A = (0.9 + 0.6 + 0.3) / 3 = 0.6,
# F = (0.9 + 0.6 + 0.75) / 3 = 0.75, C = 1, E = (0.75 + 1) / 2 = 0.875.
ABC_BOTH = rated(*(routine(s, "plan", "review") for s in "abc"))  # (0.6, 0.875)
NOTHING = rated()  # no position: counts as (0, 0)


def test_the_made_up_members_score_as_the_docstring_says():
    assert point(A_ONE) == (0.3, 0.4)
    assert point(A_BOTH) == (0.3, 0.65)
    assert point(B_BOTH) == (0.2, 0.6)
    assert point(B_NONE) == (0.2, 0.1)
    assert point(C_NONE) == (0.1, 0.125)
    assert point(C_ONE) == (0.1, 0.375)
    assert point(D_ONE) == (0.31, 0.4)
    assert point(AB_ONE) == (0.5, 0.5)
    assert point(ABC_BOTH) == (0.6, 0.875)
    assert not NOTHING.has_position


# --- The panel's position --------------------------------------------------------------


def test_three_members_take_the_middle_of_each_separately():
    lens = panel_lens([A_ONE, B_BOTH, C_NONE])

    # A: 0.1, 0.2, 0.3 -> 0.2 (B_BOTH's); E: 0.125, 0.4, 0.6 -> 0.4 (A_ONE's).
    assert lens == PanelLens(
        raters=3,
        activeness=0.2,
        embeddedness=0.4,
        quadrant="passive-isolated",
        members=((0.1, 0.125), (0.2, 0.6), (0.3, 0.4)),
    )
    assert lens.shown


def test_five_members_take_the_third_value():
    lens = panel_lens([A_ONE, B_BOTH, C_NONE, A_BOTH, AB_ONE])

    # A: 0.1, 0.2, 0.3, 0.3, 0.5 -> 0.3; E: 0.125, 0.4, 0.5, 0.6, 0.65 -> 0.5.
    assert (lens.activeness, lens.embeddedness) == (0.3, 0.5)
    assert lens.quadrant == "passive-embedded"
    assert lens.raters == 5


def test_four_members_take_the_mean_of_the_two_middle_values():
    lens = panel_lens([A_ONE, B_BOTH, C_NONE, AB_ONE])

    # A: 0.1, 0.2, 0.3, 0.5 -> (0.2 + 0.3) / 2 = 0.25;
    # E: 0.125, 0.4, 0.5, 0.6 -> (0.4 + 0.5) / 2 = 0.45.
    assert (lens.activeness, lens.embeddedness) == (0.25, 0.45)
    assert lens.quadrant == "passive-isolated"


def test_an_even_median_is_exact_not_float_arithmetic():
    lens = panel_lens([C_NONE, B_NONE, C_ONE, A_ONE])

    # A: 0.1, 0.1, 0.2, 0.3 -> (0.1 + 0.2) / 2 = 0.15 exactly, where floats give
    # 0.15000000000000002. E: 0.1, 0.125, 0.375, 0.4 -> (0.125 + 0.375) / 2 = 0.25.
    assert (0.1 + 0.2) / 2 != 0.15
    assert (lens.activeness, lens.embeddedness) == (0.15, 0.25)


def test_a_member_with_nothing_practised_counts_as_0_0():
    lens = panel_lens([NOTHING, A_ONE, B_BOTH])

    # A: 0, 0.2, 0.3 -> 0.2; E: 0, 0.4, 0.6 -> 0.4. Leaving the member out would give
    # (0.25, 0.5) instead: the mean of the two that remain.
    assert (lens.activeness, lens.embeddedness) == (0.2, 0.4)
    assert lens.members == ((0.0, 0.0), (0.2, 0.6), (0.3, 0.4))


def test_answering_none_to_everything_also_counts_as_0_0():
    all_none = rated(*(AnswerInput(slug, "none") for slug in POSITIONS))
    assert panel_lens([all_none, NOTHING, NOTHING]).members == ((0.0, 0.0),) * 3
    assert panel_lens([all_none, A_ONE, B_BOTH]) == panel_lens([NOTHING, A_ONE, B_BOTH])


@pytest.mark.parametrize("raters", [0, 1, 2])
def test_below_the_threshold_nothing_is_shown(raters: int):
    lens = panel_lens([A_ONE, B_BOTH][:raters])

    assert lens == PanelLens(
        raters=raters, activeness=None, embeddedness=None, quadrant=None, members=()
    )
    assert not lens.shown


def test_the_threshold_is_three():
    assert THRESHOLD == 3
    assert not panel_lens([A_ONE, B_BOTH]).shown
    assert panel_lens([A_ONE, B_BOTH, C_NONE]).shown


def test_members_are_sorted_whatever_order_they_joined_in():
    one = panel_lens([A_ONE, C_NONE, B_BOTH, AB_ONE])
    other = panel_lens([AB_ONE, B_BOTH, C_NONE, A_ONE])

    assert one == other
    assert one.members == ((0.1, 0.125), (0.2, 0.6), (0.3, 0.4), (0.5, 0.5))


def test_a_median_on_the_boundary_is_active_and_embedded():
    lens = panel_lens([A_ONE, AB_ONE, ABC_BOTH])

    # A: 0.3, 0.5, 0.6 -> 0.5; E: 0.4, 0.5, 0.875 -> 0.5. 0.5 counts as the upper half.
    assert (lens.activeness, lens.embeddedness) == (0.5, 0.5)
    assert lens.quadrant == "active-embedded"


def test_medians_just_below_the_boundary_are_passive_and_isolated():
    lens = panel_lens([A_ONE, A_ONE, AB_ONE, ABC_BOTH])

    # A: 0.3, 0.3, 0.5, 0.6 -> (0.3 + 0.5) / 2 = 0.4; E: 0.4, 0.4, 0.5, 0.875 ->
    # (0.4 + 0.5) / 2 = 0.45. Two of the four members are active and embedded.
    assert (lens.activeness, lens.embeddedness) == (0.4, 0.45)
    assert lens.quadrant == "passive-isolated"


# --- The gap -------------------------------------------------------------------------------

PANEL = panel_lens([A_ONE, B_BOTH, C_NONE])  # (0.2, 0.4): 20 and 40 points


def test_a_panel_that_sees_less():
    gap = lens_gap(AB_ONE, PANEL)

    # (0.2 - 0.5, 0.4 - 0.5) = (-0.3, -0.1); points 20 - 50 = -30, 40 - 50 = -10.
    assert gap == Gap(
        activeness=-0.3, embeddedness=-0.1, activeness_points=-30, embeddedness_points=-10
    )
    assert gap.words == "The panel places you 30 points less active and 10 points less embedded."


def test_a_panel_that_sees_more_counts_the_points_people_see():
    gap = lens_gap(C_NONE, PANEL)

    # (0.2 - 0.1, 0.4 - 0.125) = (0.1, 0.275). The commissioners see 10 and 13 (0.125
    # rounds half up), the panel 20 and 40: 10 and 27 points, not round(27.5) = 28.
    assert gap is not None
    assert (gap.activeness, gap.embeddedness) == (0.1, 0.275)
    assert (gap.activeness_points, gap.embeddedness_points) == (10, 27)
    assert gap.words == "The panel places you 10 points more active and 27 points more embedded."


def test_the_same_activeness():
    gap = lens_gap(B_BOTH, PANEL)

    # (0.2 - 0.2, 0.4 - 0.6): 0 and -20 points.
    assert gap is not None
    assert (gap.activeness_points, gap.embeddedness_points) == (0, -20)
    assert gap.words == "The panel places you at the same activeness and 20 points less embedded."


def test_the_same_embeddedness_and_one_point():
    panel = panel_lens([A_ONE, A_ONE, B_BOTH])  # A 0.2, 0.3, 0.3 -> 0.3; E 0.4, 0.4, 0.6 -> 0.4
    gap = lens_gap(D_ONE, panel)

    # (0.3 - 0.31, 0.4 - 0.4): 30 - 31 = -1 point, 40 - 40 = 0.
    assert gap is not None
    assert gap.activeness == pytest.approx(-0.01)
    assert (gap.activeness_points, gap.embeddedness_points) == (-1, 0)
    assert gap.words == "The panel places you 1 point less active and at the same embeddedness."


def test_where_you_place_yourselves():
    gap = lens_gap(A_ONE, panel_lens([A_ONE, A_ONE, B_BOTH]))  # (0.3, 0.4) both

    assert gap == Gap(0.0, 0.0, 0, 0)
    assert gap.words == "The panel places you where you place yourselves."


@pytest.mark.parametrize(
    ("active", "embedded", "words"),
    [
        (-18, 3, "The panel places you 18 points less active and 3 points more embedded."),
        (4, 0, "The panel places you 4 points more active and at the same embeddedness."),
        (1, -1, "The panel places you 1 point more active and 1 point less embedded."),
        (0, 1, "The panel places you at the same activeness and 1 point more embedded."),
        (0, 0, "The panel places you where you place yourselves."),
    ],
)
def test_the_gap_in_words(active: int, embedded: int, words: str):
    assert Gap(active / 100, embedded / 100, active, embedded).words == words


def test_no_gap_when_the_panel_is_not_shown():
    assert lens_gap(A_ONE, panel_lens([A_ONE, B_BOTH])) is None


def test_no_gap_when_the_commissioners_have_no_position():
    assert lens_gap(NOTHING, PANEL) is None


# --- Disagreements -------------------------------------------------------------------------

COMMISSIONERS = {"a": "routine", "b": "occasional"}  # "c" and "d" missing: "none"
RATINGS = [
    {"a": "routine", "b": "none", "c": "occasional"},
    {"a": "occasional", "b": "routine"},
    {"a": "routine", "b": "none", "c": "routine", "z": "routine"},
]


def test_disagreements_count_measure_and_order():
    found = disagreements(COMMISSIONERS, RATINGS, ["a", "b", "c", "d"])

    # a: commissioners 2; members 2, 1, 2 -> size (0 + 1 + 0) / 3 = 1/3; median 2 = 2.
    # b: commissioners 1; members 0, 2, 0 -> size (1 + 1 + 1) / 3 = 1; median 0 != 1.
    # c: commissioners 0; members 1, 0, 2 -> size (1 + 0 + 2) / 3 = 1; median 1 != 0.
    # d: everyone "none" -> size 0, left out. "z" is not in the order, so not considered.
    assert found == [
        Disagreement("b", "occasional", {"none": 2, "occasional": 0, "routine": 1}, 1.0, True),
        Disagreement("c", "none", {"none": 1, "occasional": 1, "routine": 1}, 1.0, True),
        Disagreement("a", "routine", {"none": 0, "occasional": 1, "routine": 2}, 1 / 3, False),
    ]


def test_equal_sizes_keep_the_catalogue_order():
    found = disagreements(COMMISSIONERS, RATINGS, ["d", "c", "b", "a"])
    assert [d.activity for d in found] == ["c", "b", "a"]


def test_an_even_panel_discusses_when_the_mean_of_the_middle_two_differs():
    split = disagreements(
        {"a": "occasional"},
        [{"a": "none"}, {}, {"a": "routine"}, {"a": "routine"}],
        ["a"],
    )
    leaning = disagreements(
        {"a": "occasional"},
        [{"a": "none"}, {"a": "occasional"}, {"a": "routine"}, {"a": "routine"}],
        ["a"],
    )

    # Split: levels 0, 0, 2, 2 -> median (0 + 2) / 2 = 1 = occasional: nothing to discuss,
    # though every member differs: size (1 + 1 + 1 + 1) / 4 = 1.
    assert split == [
        Disagreement("a", "occasional", {"none": 2, "occasional": 0, "routine": 2}, 1.0, False)
    ]
    # Leaning: levels 0, 1, 2, 2 -> median (1 + 2) / 2 = 1.5 != 1; size (1 + 0 + 1 + 1) / 4.
    assert leaning == [
        Disagreement("a", "occasional", {"none": 1, "occasional": 1, "routine": 2}, 0.75, True)
    ]


def test_no_disagreements_are_shown_below_the_threshold():
    assert disagreements(COMMISSIONERS, RATINGS[:2], ["a", "b", "c"]) == []
    assert disagreements(COMMISSIONERS, [], ["a", "b", "c"]) == []


def test_no_disagreements_when_everyone_agrees():
    assert disagreements(COMMISSIONERS, [COMMISSIONERS] * 3, ["a", "b", "c"]) == []


def test_an_unknown_frequency_raises():
    with pytest.raises(ValueError, match="unknown frequency"):
        disagreements({"a": "often"}, RATINGS, ["a"])


# --- The agreed result ---------------------------------------------------------------------


def test_agreed_answers_replace_and_add():
    commissioners = [routine("a", "plan"), AnswerInput("b", "occasional"), AnswerInput("c", "none")]
    agreed = {"b": routine("b", "plan"), "d": AnswerInput("d", "occasional")}

    assert agreed_inputs(commissioners, agreed) == [
        routine("a", "plan"),
        routine("b", "plan"),
        AnswerInput("c", "none"),
        AnswerInput("d", "occasional"),
    ]


def test_the_agreed_result_is_scored_the_same_way():
    # The commissioners do "a" routinely at one stage: (0.3, 0.4). Agreeing that they do
    # "b" routinely at the same stage too gives the AB_ONE rating: (0.5, 0.5).
    commissioners = [routine("a", "plan"), AnswerInput("b", "none")]
    agreed = score_assessment(
        agreed_inputs(commissioners, {"b": routine("b", "plan")}), POSITIONS, stages=STAGES
    )
    assert point(agreed) == point(AB_ONE) == (0.5, 0.5)


def test_nothing_agreed_keeps_the_commissioners_answers():
    commissioners = [routine("a", "plan")]
    assert agreed_inputs(commissioners, {}) == commissioners


def test_an_agreed_answer_under_the_wrong_activity_raises():
    with pytest.raises(ValueError, match="is for 'a'"):
        agreed_inputs([], {"b": routine("a")})


# --- The worked example of "How the score works" ----------------------------------------

CATALOGUE = load_positions()
CATALOGUE_STAGES = load_stages()

# Worked example 2 of docs/scoring.md (the page's first example): the commissioners.
EXAMPLE_ORGANISATION: dict[str, tuple[Frequency, frozenset[str]]] = {
    "member-of-decision-making-forums": (
        "routine",
        frozenset({"strategic-planning", "contracting"}),
    ),
    "co-produce-mental-health-strategy": ("occasional", frozenset({"strategic-planning"})),
    "surveys-and-questionnaires": ("routine", frozenset({"strategic-planning", "monitoring"})),
    "quality-visits-to-services": ("routine", frozenset({"monitoring"})),
    "co-design-with-methodology": ("occasional", frozenset({"pathway-design"})),
}


def example_rating(**changes: Frequency) -> Score:
    """The example organisation's answers with some frequencies changed (same stages)."""
    answers = []
    for slug, (frequency, stages) in EXAMPLE_ORGANISATION.items():
        frequency = changes.get(slug.replace("-", "_"), frequency)
        answers.append(AnswerInput(slug, frequency, stages if frequency != "none" else frozenset()))
    return score_assessment(answers, CATALOGUE, stages=CATALOGUE_STAGES)


def four_places(value: float | None) -> str:
    """As the page writes a number: 4 places, without trailing zeros (0.66, 0.7167)."""
    assert value is not None
    return f"{value:.4f}".rstrip("0").rstrip(".")


def page_section(client) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """The example's members table rows and result list, as the page shows them."""
    page = client.get(reverse("how-the-score-works")).content.decode()
    table = re.search(
        r'<table class="nhsuk-table" id="panel-example-members">.*?</table>', page, re.S
    )
    result = re.search(
        r'<dl class="nhsuk-summary-list" id="panel-example-result">.*?</dl>', page, re.S
    )
    assert table and result, "the panel example is missing from the page"
    rows = re.findall(
        r'<th scope="row"[^>]*>([^<]*)</th><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>',
        table.group(0),
    )
    pairs = re.findall(r"<dt[^>]*>([^<]*)</dt>\s*<dd[^>]*>([^<]*)</dd>", result.group(0))
    return rows, {key: html_lib.unescape(value) for key, value in pairs}


@pytest.mark.django_db
def test_worked_example_on_the_how_the_score_works_page(client):
    commissioners = example_rating()
    # First member: forums occasional, so it sits at (0.62, 0.9 / 2 = 0.45). Frontier:
    # visits (0.58, 0.82), strategy (0.95, 0.27), forums (0.62, 0.45) (x + y 1.40, 1.22,
    # 1.07; co-design 1.01 and surveys 0.66 are weaker). A = (0.58 + 0.95 + 0.62) / 3
    # = 0.7167, F = (0.82 + 0.27 + 0.45) / 3 = 0.5133; C = (1 + 0 + 0.5 + 0.5 + 1) / 5
    # = 0.6 (contracting is now only occasional); E = (0.5133 + 0.6) / 2 = 0.5567.
    first = example_rating(member_of_decision_making_forums="occasional")
    # Second member: no strategy. Frontier: forums (0.62, 0.95), visits (0.58, 0.82),
    # co-design (0.78, 0.23). A = 1.98 / 3 = 0.66, F = 2.00 / 3 = 0.6667; C is still
    # 0.7 (strategic planning is covered routinely by forums and surveys);
    # E = (0.6667 + 0.7) / 2 = 0.6833.
    second = example_rating(co_produce_mental_health_strategy="none")
    # Third member: no strategy, no visits. Frontier: forums (0.62, 0.95), co-design
    # (0.78, 0.23), surveys (0.08, 0.58). A = 1.48 / 3 = 0.4933, F = 1.76 / 3 = 0.5867;
    # C = (1 + 0 + 0.5 + 1 + 1) / 5 = 0.7 (surveys still cover monitoring routinely);
    # E = (0.5867 + 0.7) / 2 = 0.6433.
    third = example_rating(
        co_produce_mental_health_strategy="none", quality_visits_to_services="none"
    )
    members = [first, second, third]
    lens = panel_lens(members)
    gap = lens_gap(commissioners, lens)

    # The numbers, by hand: A 0.4933, 0.66, 0.7167 -> 0.66 (66, the second member's);
    # E 0.5567, 0.6433, 0.6833 -> 0.6433 (64, the third member's). The commissioners
    # are at 72 and 69, so the gap is 66 - 72 = -6 and 64 - 69 = -5 points.
    assert [(four_places(m.activeness), four_places(m.embeddedness)) for m in members] == [
        ("0.7167", "0.5567"),
        ("0.66", "0.6833"),
        ("0.4933", "0.6433"),
    ]
    assert (lens.activeness, four_places(lens.embeddedness)) == (0.66, "0.6433")
    assert lens.quadrant == "active-embedded"
    assert (commissioners.activeness_percent, commissioners.embeddedness_percent) == (72, 69)
    assert gap is not None
    assert (gap.activeness_points, gap.embeddedness_points) == (-6, -5)
    assert gap.words == "The panel places you 6 points less active and 5 points less embedded."

    # The page shows those same numbers, computed here rather than copied.
    rows, result = page_section(client)
    assert rows == [
        (label, four_places(m.activeness), four_places(m.embeddedness))
        for label, m in zip(("First member", "Second member", "Third member"), members, strict=True)
    ]
    a, e = lens.activeness, lens.embeddedness
    assert a is not None and e is not None
    listed_a = ", ".join(four_places(x) for x, _ in sorted(lens.members))
    listed_e = ", ".join(four_places(y) for y in sorted(y for _, y in lens.members))
    listed_a = " and ".join(listed_a.rsplit(", ", 1))
    listed_e = " and ".join(listed_e.rsplit(", ", 1))
    assert result == {
        "Panel activeness": f"The middle of {listed_a} is {four_places(a)} ({as_percent(a)})",
        "Panel embeddedness": f"The middle of {listed_e} is {four_places(e)} ({as_percent(e)})",
        "Panel quadrant": "Active and embedded",
        "Your position": (
            f"Activeness {commissioners.activeness_percent}, "
            f"embeddedness {commissioners.embeddedness_percent}"
        ),
        "The gap": (
            f"Activeness {as_percent(a)} − {commissioners.activeness_percent} = "
            f"−{-gap.activeness_points}, embeddedness {as_percent(e)} − "
            f"{commissioners.embeddedness_percent} = −{-gap.embeddedness_points}: "
            f'"{gap.words}"'
        ),
    }


# --- Properties ----------------------------------------------------------------------------

SLUGS = sorted(CATALOGUE)
modest = settings(max_examples=150, derandomize=True, database=None, deadline=None)


@st.composite
def member_scores(draw: st.DrawFn) -> Score:
    """A random member's rating of the real catalogue, scored; some practise nothing."""
    slugs = draw(st.lists(st.sampled_from(SLUGS), unique=True, max_size=6))
    answers = []
    for slug in slugs:
        frequency: Frequency = draw(st.sampled_from(("none", "occasional", "routine")))
        stages = (
            frozenset()
            if frequency == "none"
            else draw(st.frozensets(st.sampled_from(CATALOGUE_STAGES)))
        )
        answers.append(AnswerInput(slug, frequency, stages))
    return score_assessment(answers, CATALOGUE, stages=CATALOGUE_STAGES)


panels = st.lists(member_scores(), min_size=THRESHOLD, max_size=9)


def spread(lens: PanelLens) -> tuple[Sequence[float], Sequence[float]]:
    return [a for a, _ in lens.members], [e for _, e in lens.members]


@modest
@given(panels)
def test_the_median_lies_between_the_members(scores: list[Score]):
    lens = panel_lens(scores)
    actives, embeddeds = spread(lens)
    assert lens.activeness is not None and lens.embeddedness is not None
    assert min(actives) <= lens.activeness <= max(actives)
    assert min(embeddeds) <= lens.embeddedness <= max(embeddeds)
    assert lens.quadrant == quadrant_of(lens.activeness, lens.embeddedness)
    assert len(lens.members) == lens.raters == len(scores)


@modest
@given(panels)
def test_a_member_at_the_median_does_not_move_it(scores: list[Score]):
    lens = panel_lens(scores)
    at_median = dataclasses.replace(
        scores[0],
        activeness=lens.activeness,
        embeddedness=lens.embeddedness,
        quadrant=lens.quadrant,
    )
    grown = panel_lens([*scores, at_median])
    assert (grown.activeness, grown.embeddedness) == (lens.activeness, lens.embeddedness)


@modest
@given(panels, st.randoms(use_true_random=False))
def test_the_order_members_joined_in_changes_nothing(scores: list[Score], random):
    shuffled = list(scores)
    random.shuffle(shuffled)
    assert panel_lens(shuffled) == panel_lens(scores)
