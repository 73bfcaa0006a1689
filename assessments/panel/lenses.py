"""The panel's lens: experts-by-experience rate the same activities, and their view is
set beside the commissioners'.

Pure and typed, like ``results/scoring.py``: no Django, no database. Every member's
rating is scored with the same :func:`~assessments.results.scoring.score_assessment`
as the commissioners' answers, so both lenses are measured with one ruler; this module
only combines the members' scores and compares the two views.

Decisions
---------

- The panel's position is the *median* of the members' activeness and, separately, the
  median of their embeddedness (for an even count, the mean of the two middle values).
  A median is not pulled about by one member far from the rest, and it is the same
  whatever order the members joined in.
- A member who practises nothing (``Score.has_position`` is False) counts as (0, 0).
  That is what the method gives: the frontier's three places are then all empty places
  at (0, 0), so A = F = 0, and stage coverage is 0, so E = 0. Leaving them out would
  quietly move the panel towards the members who do see involvement.
- Nothing of the panel is shown until :data:`THRESHOLD` members have submitted: with
  one or two, a position or a count of answers could identify a person.
- Arithmetic follows scoring's conventions: a float is read as the decimal it prints as
  and computed with :class:`fractions.Fraction`; results are published as floats.
- The quadrant is ``quadrant_of`` of the published medians, so anyone checking the
  published numbers with the score's rule gets the same quadrant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from assessments.results.scoring import (
    FREQUENCIES,
    AnswerInput,
    Frequency,
    Score,
    _exact,
    as_percent,
    quadrant_of,
)

THRESHOLD = 3
"""Members who must have submitted before anything of the panel is shown."""

LEVELS: dict[str, int] = {"none": 0, "occasional": 1, "routine": 2}
"""How often an activity is done, as a number, to measure how far two answers differ."""


@dataclass(frozen=True)
class PanelLens:
    """The panel's position on the Grid, or only how many have rated when too few have.

    ``members`` is each member's (activeness, embeddedness), sorted, so its order never
    reveals who joined when; it is empty below the threshold.
    """

    raters: int
    activeness: float | None
    embeddedness: float | None
    quadrant: str | None
    members: tuple[tuple[float, float], ...] = ()

    @property
    def shown(self) -> bool:
        """True when enough members have submitted for the panel's view to be shown."""
        return self.raters >= THRESHOLD

    @property
    def activeness_percent(self) -> int | None:
        return None if self.activeness is None else as_percent(self.activeness)

    @property
    def embeddedness_percent(self) -> int | None:
        return None if self.embeddedness is None else as_percent(self.embeddedness)


@dataclass(frozen=True)
class Gap:
    """Where the panel places the organisation, relative to where it places itself.

    ``activeness`` and ``embeddedness`` are panel minus commissioners; the ``_points``
    are the difference of the whole numbers people see (``as_percent`` of each), so
    the words always match the numbers on the page.
    """

    activeness: float
    embeddedness: float
    activeness_points: int
    embeddedness_points: int

    @property
    def words(self) -> str:
        """The gap in one plain sentence, e.g. "The panel places you 18 points less
        active and 3 points more embedded." """
        if self.activeness_points == 0 and self.embeddedness_points == 0:
            return "The panel places you where you place yourselves."
        active = _difference(self.activeness_points, "active", "activeness")
        embedded = _difference(self.embeddedness_points, "embedded", "embeddedness")
        return f"The panel places you {active} and {embedded}."


@dataclass(frozen=True)
class Disagreement:
    """How the panel's answers for one activity differ from the commissioners'.

    ``panel`` counts the members' answers ("none", "occasional", "routine", always all
    three); ``size`` is the mean distance of the members' answers from the
    commissioners' (none 0, occasional 1, routine 2); ``discuss`` is True when the
    panel's median answer (for an even count, the mean of the middle two) is not the
    commissioners' answer: the panel as a whole sees it differently, not just one
    member.
    """

    activity: str
    commissioners: str
    panel: dict[str, int]
    size: float
    discuss: bool


def panel_lens(scores: Sequence[Score]) -> PanelLens:
    """The panel's position from one :class:`Score` per submitted member."""
    raters = len(scores)
    if raters < THRESHOLD:
        return PanelLens(raters=raters, activeness=None, embeddedness=None, quadrant=None)
    points = [_position(score) for score in scores]
    activeness = float(_median([a for a, _ in points]))
    embeddedness = float(_median([e for _, e in points]))
    return PanelLens(
        raters=raters,
        activeness=activeness,
        embeddedness=embeddedness,
        quadrant=quadrant_of(activeness, embeddedness),
        members=tuple(sorted((float(a), float(e)) for a, e in points)),
    )


def lens_gap(commissioners: Score, panel: PanelLens) -> Gap | None:
    """Panel minus commissioners, or None when there is nothing to compare: the panel
    is not shown, or the commissioners practise nothing (no position to measure from).
    """
    if (
        not panel.shown
        or panel.activeness is None
        or panel.embeddedness is None
        or commissioners.activeness is None
        or commissioners.embeddedness is None
    ):
        return None
    return Gap(
        activeness=float(_exact(panel.activeness) - _exact(commissioners.activeness)),
        embeddedness=float(_exact(panel.embeddedness) - _exact(commissioners.embeddedness)),
        activeness_points=as_percent(panel.activeness) - as_percent(commissioners.activeness),
        embeddedness_points=(
            as_percent(panel.embeddedness) - as_percent(commissioners.embeddedness)
        ),
    )


def disagreements(
    commissioners: Mapping[str, str],
    ratings: Sequence[Mapping[str, str]],
    order: Sequence[str],
) -> list[Disagreement]:
    """The activities in ``order`` where any member answers differently from the
    commissioners, largest difference first (ties in ``order``'s order).

    A missing answer counts as "none", on either side. Activities not in ``order`` are
    not considered. Below :data:`THRESHOLD` ratings the list is empty, because counts
    of one or two answers could identify a person. An unknown frequency raises
    ValueError, as it does in scoring.
    """
    if len(ratings) < THRESHOLD:
        return []
    found: list[tuple[Fraction, int, Disagreement]] = []
    for index, slug in enumerate(dict.fromkeys(order)):
        theirs = _frequency(commissioners, slug)
        answers = [_frequency(rating, slug) for rating in ratings]
        levels = [LEVELS[answer] for answer in answers]
        size = Fraction(sum(abs(level - LEVELS[theirs]) for level in levels), len(levels))
        if size == 0:
            continue
        disagreement = Disagreement(
            activity=slug,
            commissioners=theirs,
            panel={frequency: answers.count(frequency) for frequency in FREQUENCIES},
            size=float(size),
            discuss=_median([Fraction(level) for level in levels]) != LEVELS[theirs],
        )
        found.append((-size, index, disagreement))
    found.sort(key=lambda item: item[:2])
    return [disagreement for _, _, disagreement in found]


def agreed_inputs(
    commissioners: Sequence[AnswerInput], agreed: Mapping[str, AnswerInput]
) -> list[AnswerInput]:
    """The answers the agreed result is scored from: the commissioners' answers, with
    each agreed answer in place of theirs for its activity, and agreed answers for
    activities the commissioners did not answer added at the end.

    Score the result with the same ``score_assessment`` and positions as the two lenses.
    A key of ``agreed`` that is not its answer's activity raises ValueError.
    """
    for slug, answer in agreed.items():
        if answer.activity != slug:
            raise ValueError(f"Agreed answer for {slug!r} is for {answer.activity!r}")
    answered = {answer.activity for answer in commissioners}
    merged = [agreed.get(answer.activity, answer) for answer in commissioners]
    return merged + [answer for slug, answer in agreed.items() if slug not in answered]


def _position(score: Score) -> tuple[Fraction, Fraction]:
    """A member's exact (activeness, embeddedness); nothing practised is (0, 0)."""
    if score.activeness is None or score.embeddedness is None:
        return Fraction(0), Fraction(0)
    return _exact(score.activeness), _exact(score.embeddedness)


def _median(values: Sequence[Fraction]) -> Fraction:
    """The middle value; for an even count, the mean of the two middle values."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _frequency(answers: Mapping[str, str], slug: str) -> Frequency:
    frequency = answers.get(slug, "none")
    if frequency not in LEVELS:
        raise ValueError(f"{slug}: unknown frequency {frequency!r}")
    return cast(Frequency, frequency)


def _difference(points: int, adjective: str, noun: str) -> str:
    """e.g. "18 points less active", "1 point more embedded", "at the same activeness"."""
    if points == 0:
        return f"at the same {noun}"
    unit = "point" if abs(points) == 1 else "points"
    return f"{abs(points)} {unit} {'more' if points > 0 else 'less'} {adjective}"
