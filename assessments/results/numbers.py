"""How the results show numbers to people: whole numbers from 0 to 100, one rule.

The rule, said on the results page (``ROUNDING_RULE``): activeness and embeddedness are
rounded to the nearest whole number, a half rounding up (``scoring.as_percent``, as in
docs/scoring.md, so the dashboard and the report show the same numbers). Embeddedness is
the average of two parts; rounding each part on its own could show 87 and 0 beside an
embeddedness of 43, so the parts are rounded down, and one of them up only where that is
needed for their average, rounded the same way, to be the embeddedness shown.

A pure leaf like ``scoring``: no Django, so ``results`` can build its next steps' words
here and the page and the PDF read the same sentences.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from . import scoring

ROUNDING_RULE = (
    "Every number here is out of 100 and rounded to a whole number, a half rounding up. "
    "The two parts of embeddedness are rounded so that their average, rounded the same "
    "way, is the embeddedness shown. The line between the halves of the Grid is at 50 "
    "before rounding, so a 50 rounded up from just under 50 is still below the line."
)


def whole(value: float) -> int:
    """A value from 0 to 1 as people see it: a whole number from 0 to 100."""
    return scoring.as_percent(value)


def _hundredths(value: float) -> Fraction:
    # Read as the decimal it prints as, like scoring: 0.29 is 29 hundredths exactly.
    return Fraction(repr(float(value))) * 100


def _half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def parts_of_average(first: float, second: float, average: float) -> tuple[int, int]:
    """``first`` and ``second`` as whole numbers whose average, rounded half up, is
    ``whole(average)`` (``average`` is their mean, as the score computed it)."""
    target = whole(average)
    exact = (_hundredths(first), _hundredths(second))
    low = tuple(math.floor(value) for value in exact)
    remainders = [value - floor for value, floor in zip(exact, low, strict=True)]
    # Rounded down first; then the part nearer its next whole number goes up, then the other.
    order = sorted(range(2), key=lambda index: -remainders[index])
    candidates = [low]
    for index in order:
        if remainders[index]:
            bumped = list(low)
            bumped[index] += 1
            candidates.append(tuple(bumped))
    for shown in candidates:
        if _half_up(Fraction(shown[0] + shown[1], 2)) == target:
            return shown[0], shown[1]
    # Unreachable for a mean of the two, kept so a wrong call still shows numbers.
    return whole(first), whole(second)


@dataclass(frozen=True)
class Change:
    """What one next step would do to the two numbers, in words for people."""

    numbers: str
    quadrant: str


def _moves(name: str, before: int | None, after: int) -> str:
    if before is None:
        return f"{name} {after}"
    if before == after:
        return f"{name} unchanged at {after}"
    return f"{name} {before} to {after}"


def change_of(
    *,
    before: tuple[float, float] | None,
    after: tuple[float, float],
    quadrant_before: str | None,
    quadrant_after: str,
) -> Change:
    """The two numbers before and after a step (``before`` None: no position yet), and
    the quadrant it leads to, by name."""
    activeness_before = embeddedness_before = None
    if before is not None:
        activeness_before, embeddedness_before = whole(before[0]), whole(before[1])
    activeness = _moves("Activeness", activeness_before, whole(after[0]))
    embeddedness = _moves("embeddedness", embeddedness_before, whole(after[1]))
    if quadrant_before is None:
        quadrant = f"It would give you a place on the Grid: {quadrant_after}."
    elif quadrant_before == quadrant_after:
        quadrant = f"It would keep you in {quadrant_after}."
    else:
        quadrant = f"It would move you from {quadrant_before} to {quadrant_after}."
    return Change(numbers=f"{activeness}, {embeddedness}", quadrant=quadrant)
