"""What changed between two years, on worked examples: started, stopped, made routine,
no longer routine, stages gained and lost, and the movement in words, which agrees with
the rounded numbers each year shows."""

from assessments.progress.change import change_between, movement_since, movement_words

STAGES = ["strategic-planning", "specifying-outcomes", "pathway-design", "contracting"]


def _change(**overrides):
    arguments = {
        "previous_period": "2025/26",
        "previous": {
            "surveys-and-questionnaires": "routine",
            "advisory-forums": "occasional",
            "quality-visits-to-services": "occasional",
            "analysis-of-complaints": "routine",
            "retired-activity": "routine",
        },
        "current": {
            "surveys-and-questionnaires": "routine",
            "advisory-forums": "routine",
            "quality-visits-to-services": "none",
            "analysis-of-complaints": "occasional",
            "co-design-with-methodology": "occasional",
            "new-activity": "routine",
        },
        "previous_stages": {
            "strategic-planning": "routine",
            "specifying-outcomes": "occasional",
            "pathway-design": "none",
            "contracting": "none",
        },
        "current_stages": {
            "strategic-planning": "routine",
            "specifying-outcomes": "none",
            "pathway-design": "occasional",
            "contracting": "routine",
        },
        "previous_position": (0.415, 0.30),
        "current_position": (0.5, 0.295),
        "activity_order": [
            "advisory-forums",
            "quality-visits-to-services",
            "new-activity",
            "surveys-and-questionnaires",
            "analysis-of-complaints",
            "co-design-with-methodology",
        ],
        "stage_order": STAGES,
    }
    return change_between(**(arguments | overrides))


def test_each_kind_of_change_is_found_in_the_grids_order():
    change = _change()
    assert change.started == ("new-activity", "co-design-with-methodology")
    # A practice stopped or retired since is stopped; an activity not in the order
    # (retired from the Grid) comes after the ones that are.
    assert change.stopped == ("quality-visits-to-services", "retired-activity")
    assert change.made_routine == ("advisory-forums",)
    assert change.no_longer_routine == ("analysis-of-complaints",)
    assert change.stages_gained == ("pathway-design", "contracting")
    assert change.stages_lost == ("specifying-outcomes",)
    assert change.anything and change.practices_changed


def test_the_movement_is_this_year_minus_last_and_in_words_agrees_with_the_percents():
    change = _change()
    assert round(change.activeness, 6) == 0.085
    assert round(change.embeddedness, 6) == -0.005
    # 0.415 shows as 42 and 0.5 as 50; 0.30 as 30 and 0.295 as 30 (half up).
    assert (change.activeness_points, change.embeddedness_points) == (8, 0)
    assert movement_words(change) == (
        "Since 2025/26 you have moved 8 points more active and at the same embeddedness."
    )


def test_the_same_answers_change_nothing():
    same = {"advisory-forums": "routine"}
    stages = {"strategic-planning": "routine"}
    change = _change(
        previous=same,
        current=same,
        previous_stages=stages,
        current_stages=stages,
        previous_position=(0.44, 0.8),
        current_position=(0.44, 0.8),
    )
    assert not change.anything
    assert movement_words(change) == "Your position is the same as in 2025/26."


def test_no_position_in_either_year_gives_no_movement():
    change = _change(previous_position=(None, None))
    assert change.activeness is None and change.activeness_points is None
    assert movement_words(change) == ""


def test_movement_words_count_one_point_and_less():
    assert movement_since("2024/25", -1, -12) == (
        "Since 2024/25 you have moved 1 point less active and 12 points less embedded."
    )
