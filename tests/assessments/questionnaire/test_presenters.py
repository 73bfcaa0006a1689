"""What the questionnaire's pages are given to show: a conflict's differences."""

from datetime import UTC, datetime

from assessments.questionnaire.kinds import SummaryRow
from assessments.questionnaire.presenters import BLANK, Conflict, differences


def test_only_the_answers_that_differ_are_set_side_by_side():
    theirs = [
        SummaryRow("Commitment", "We plan to do more"),
        SummaryRow("Barriers", lines=["Lack of resources", "Time"]),
        SummaryRow("Other barriers", "Parking"),
    ]
    yours = [
        SummaryRow("Commitment", "We plan to do more"),
        SummaryRow("Barriers", lines=["Time"]),
    ]
    found = differences(theirs, yours)
    assert [(d.key, d.theirs, d.yours) for d in found] == [
        ("Barriers", ["Lack of resources", "Time"], ["Time"]),
        ("Other barriers", ["Parking"], [BLANK]),
    ]
    conflict = Conflict("Alice", datetime(2026, 12, 1, tzinfo=UTC), theirs, found)
    assert conflict.same_count == 1


def test_a_row_only_you_gave_is_blank_on_their_side():
    found = differences([], [SummaryRow("Other services", "Crisis cafe")])
    assert [(d.theirs, d.yours) for d in found] == [([BLANK], ["Crisis cafe"])]
