"""Score a self-assessment onto the Co-production Grid, and suggest next steps.

This is the method of ``docs/scoring.md`` as a pure, typed module: no Django, no database,
no I/O. The results page, the PDF, the JSON export and the "How the score works" page
all read the same :class:`Score`, so the method lives here once.

Public API
----------

``score_assessment(answers, positions, *, stages) -> Score``
    Place one assessment on the Grid. ``answers`` holds one :class:`AnswerInput` per
    answered activity (unanswered activities may simply be left out: they count as
    ``none``). ``positions`` maps activity slug to :class:`ActivityPosition` and must
    hold every answered activity, retired ones included: for a draft, the live
    catalogue; for a submitted assessment, the values saved with its answers. ``stages``
    (no default: admins add stages) are the catalogue's, in the order of the cycle.

``next_steps(score, positions, *, stages, limit=5) -> list[NextStep]``
    Up to ``limit`` suggested activities for that score. ``positions`` here is the
    catalogue to suggest from, so pass the *active* (not retired) catalogue.

``quadrant_of(activeness, embeddedness) -> str``
    The quadrant slug for a point, by the rule the score uses (values rounded half up
    to 4 places, then compared with 0.5).

``as_percent(value) -> int``
    A value in [0, 1] as a whole number from 0 to 100, rounded half up.

The method in one paragraph: a *practice* is an activity answered ``occasional`` or
``routine``; it sits at x = activeness, y = (embeddedness + r) / 2 with r = 1 for
routine and 0 for occasional. The *frontier* is the three practices with the highest
x + y (ties: higher x, then slug), padded with empty places at (0, 0). A and F are the
mean x and y of the frontier; C is the mean over the stages of 1 (some routine practice
covers it), 0.5 (only occasional ones do) or 0; E = (F + C) / 2.

Decisions where ``docs/scoring.md`` leaves room
-----------------------------------------------

- Arithmetic is exact: every input number is read as the decimal it prints as (a float
  ``0.62`` is 31/50, not its binary approximation) and computed with
  :class:`fractions.Fraction`, so ties in x + y and the 0.5 boundaries are never
  decided by float error. Results are published as the nearest float.
- The 4-place rounding for the quadrant rounds half up, so 0.49995 counts as 0.5.
- With nothing practised there is no position: A, F, C, E and the quadrant are
  ``None`` while ``stage_levels`` still lists every stage, all ``"none"``.
- ``Score.practices`` lists every practice strongest first, in frontier order.
- Invalid input raises :class:`ValueError`: an activity missing from ``positions``, two
  answers for one activity, an unknown frequency, a stage not in ``stages``, or any
  stage on an answer of ``none`` (callers validate that first; here it is a bug).
- Next steps: "does not yet do routinely" includes activities done occasionally (the
  suggestion is then to make them routine). A suggestion *raises the frontier* when its
  x + y if done routinely is strictly greater than that of the weakest frontier place;
  it *reaches* the stages among its ``typical_stages`` whose level is ``"none"``. Order:
  raises the frontier first, then x + y if routine (descending), then slug; at most two
  per category. ``NextStep.frontier_gain`` is how much A + F would rise if it were done
  routinely. With no position, first steps are the passive, embedded activities (by
  :func:`quadrant_of`), ordered by embeddedness, then activeness (both descending), then
  slug, with the same category cap.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal, get_args

Frequency = Literal["none", "occasional", "routine"]
FREQUENCIES: tuple[Frequency, ...] = get_args(Frequency)

QUADRANTS: tuple[str, ...] = (
    "active-embedded",
    "active-isolated",
    "passive-embedded",
    "passive-isolated",
)

FRONTIER_SIZE = 3
MAX_PER_CATEGORY = 2

_HALF = Fraction(1, 2)
_STAGE_CREDIT: dict[Frequency, Fraction] = {
    "none": Fraction(0),
    "occasional": _HALF,
    "routine": Fraction(1),
}


@dataclass(frozen=True)
class ActivityPosition:
    """Where the Grid places one activity: catalogue values, or those saved at submission.

    ``activeness`` and ``embeddedness`` must lie in [0, 1]; a ``Decimal`` from the
    database is accepted and stored as a float.
    """

    slug: str
    category: str
    activeness: float
    embeddedness: float
    typical_stages: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("activeness", "embeddedness"):
            value = float(getattr(self, name))
            if not 0 <= value <= 1:
                raise ValueError(f"{self.slug}: {name} must be between 0 and 1, not {value}")
            object.__setattr__(self, name, value)
        object.__setattr__(self, "typical_stages", tuple(self.typical_stages))


@dataclass(frozen=True)
class AnswerInput:
    """One answer: how often the organisation does an activity, and at which stages."""

    activity: str
    frequency: Frequency
    stages: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "stages", frozenset(self.stages))


@dataclass(frozen=True)
class Practice:
    """An activity done occasionally or routinely, at its position in this organisation."""

    activity: str
    category: str
    frequency: Frequency
    x: float
    y: float
    stages: frozenset[str]


@dataclass(frozen=True)
class FrontierPlace:
    """One of the frontier's three places; ``activity`` is None for an empty place."""

    activity: str | None
    x: float
    y: float


@dataclass(frozen=True)
class Score:
    """Where one assessment sits on the Grid. See the module docstring for the method."""

    practices: tuple[Practice, ...]
    frontier: tuple[FrontierPlace, FrontierPlace, FrontierPlace]
    activeness: float | None
    frontier_embeddedness: float | None
    stage_coverage: float | None
    embeddedness: float | None
    quadrant: str | None
    stage_levels: dict[str, Frequency] = field(default_factory=dict)

    @property
    def has_position(self) -> bool:
        """False when nothing is practised: "No involvement recorded"."""
        return self.quadrant is not None

    @property
    def activeness_percent(self) -> int | None:
        return None if self.activeness is None else as_percent(self.activeness)

    @property
    def embeddedness_percent(self) -> int | None:
        return None if self.embeddedness is None else as_percent(self.embeddedness)

    @property
    def frontier_activities(self) -> tuple[str, ...]:
        """Slugs of the frontier's practices, strongest first, without empty places."""
        return tuple(place.activity for place in self.frontier if place.activity is not None)


@dataclass(frozen=True)
class NextStep:
    """A suggested activity and why it is suggested.

    ``frequency`` is what the organisation does now (``"none"`` or ``"occasional"``);
    ``stages`` are the uncovered stages it would reach, in stage order;
    ``frontier_gain`` is how much A + F would rise if it were done routinely.
    """

    activity: str
    category: str
    frequency: Frequency
    raises_frontier: bool
    stages: tuple[str, ...]
    frontier_gain: float


def as_percent(value: float) -> int:
    """``value`` in [0, 1] as a whole number 0..100, rounded half up (0.125 -> 13).

    The float is read as the decimal it prints as, so 0.285 gives 29 even though
    ``0.285 * 100`` is 28.499999999999996 in binary floating point.
    """
    hundredths = Decimal(repr(float(value))) * 100
    return int(hundredths.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def quadrant_of(activeness: float, embeddedness: float) -> str:
    """The quadrant slug for a point: active iff A >= 0.5, embedded iff E >= 0.5 (4 places)."""
    return _quadrant(_exact(activeness), _exact(embeddedness))


def score_assessment(
    answers: Iterable[AnswerInput],
    positions: Mapping[str, ActivityPosition],
    *,
    stages: Sequence[str],
) -> Score:
    """Place an assessment on the Grid. Raises ValueError on invalid answers."""
    stage_order = _checked_stages(stages)
    levels: dict[str, Frequency] = dict.fromkeys(stage_order, "none")
    ranked: list[tuple[tuple[Fraction, Fraction, str], Practice]] = []
    seen: set[str] = set()

    for answer in answers:
        position = _checked_answer(answer, positions, stage_order, seen)
        if answer.frequency == "none":
            continue
        x = _exact(position.activeness)
        y = (_exact(position.embeddedness) + (1 if answer.frequency == "routine" else 0)) / 2
        practice = Practice(
            activity=answer.activity,
            category=position.category,
            frequency=answer.frequency,
            x=float(x),
            y=float(y),
            stages=answer.stages,
        )
        ranked.append((_strength_key(x, y, answer.activity), practice))
        for stage in answer.stages:
            if _STAGE_CREDIT[answer.frequency] > _STAGE_CREDIT[levels[stage]]:
                levels[stage] = answer.frequency

    ranked.sort(key=lambda item: item[0])
    practices = tuple(practice for _, practice in ranked)
    top = practices[:FRONTIER_SIZE]
    places = [FrontierPlace(p.activity, p.x, p.y) for p in top]
    places += [FrontierPlace(None, 0.0, 0.0)] * (FRONTIER_SIZE - len(places))
    frontier = (places[0], places[1], places[2])

    if not practices:
        return Score(
            practices=(),
            frontier=frontier,
            activeness=None,
            frontier_embeddedness=None,
            stage_coverage=None,
            embeddedness=None,
            quadrant=None,
            stage_levels=levels,
        )

    a = sum((_exact(p.x) for p in top), Fraction(0)) / FRONTIER_SIZE
    f = sum((_exact(p.y) for p in top), Fraction(0)) / FRONTIER_SIZE
    c = sum((_STAGE_CREDIT[level] for level in levels.values()), Fraction(0)) / len(levels)
    e = (f + c) / 2
    return Score(
        practices=practices,
        frontier=frontier,
        activeness=float(a),
        frontier_embeddedness=float(f),
        stage_coverage=float(c),
        embeddedness=float(e),
        quadrant=_quadrant(a, e),
        stage_levels=levels,
    )


def next_steps(
    score: Score,
    positions: Mapping[str, ActivityPosition],
    *,
    stages: Sequence[str],
    limit: int = 5,
) -> list[NextStep]:
    """Suggest up to ``limit`` activities from ``positions`` (the active catalogue)."""
    stage_order = _checked_stages(stages)
    doing = {practice.activity: practice for practice in score.practices}
    strengths = {p.activity: _exact(p.x) + _exact(p.y) for p in score.practices}
    frontier_total = _top_total(strengths.values())
    weakest = _exact(score.frontier[-1].x) + _exact(score.frontier[-1].y)

    # Sort keys: (does not raise the frontier, then two descending values, then slug).
    candidates: list[tuple[tuple[bool, Fraction, Fraction, str], NextStep]] = []
    for slug, position in positions.items():
        practice = doing.get(slug)
        if practice is not None and practice.frequency == "routine":
            continue
        activeness = _exact(position.activeness)
        embeddedness = _exact(position.embeddedness)
        routine_strength = activeness + (embeddedness + 1) / 2
        gain = (_top_total({**strengths, slug: routine_strength}.values()) - frontier_total) / 3
        step = NextStep(
            activity=slug,
            category=position.category,
            frequency="none" if practice is None else practice.frequency,
            raises_frontier=routine_strength > weakest,
            stages=tuple(
                stage
                for stage in stage_order
                if stage in position.typical_stages
                and score.stage_levels.get(stage, "none") == "none"
            ),
            frontier_gain=float(gain),
        )
        if not score.has_position:
            if _quadrant(activeness, embeddedness) != "passive-embedded":
                continue
            order = (False, -embeddedness, -activeness, slug)
        else:
            if not (step.raises_frontier or step.stages):
                continue
            order = (not step.raises_frontier, -routine_strength, Fraction(0), slug)
        candidates.append((order, step))

    candidates.sort(key=lambda item: item[0])
    chosen: list[NextStep] = []
    per_category: dict[str, int] = {}
    for _, step in candidates:
        if len(chosen) >= limit:
            break
        if per_category.get(step.category, 0) >= MAX_PER_CATEGORY:
            continue
        per_category[step.category] = per_category.get(step.category, 0) + 1
        chosen.append(step)
    return chosen


def _exact(value: float | Decimal | Fraction) -> Fraction:
    """The exact value a number stands for: a float is read as the decimal it prints as."""
    if isinstance(value, Fraction | Decimal | int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def _round_half_up(value: Fraction, places: int) -> Fraction:
    scale = 10**places
    magnitude = Fraction(math.floor(abs(value) * scale + _HALF), scale)
    return magnitude if value >= 0 else -magnitude


def _quadrant(activeness: Fraction, embeddedness: Fraction) -> str:
    active = _round_half_up(activeness, 4) >= _HALF
    embedded = _round_half_up(embeddedness, 4) >= _HALF
    return f"{'active' if active else 'passive'}-{'embedded' if embedded else 'isolated'}"


def _strength_key(x: Fraction, y: Fraction, slug: str) -> tuple[Fraction, Fraction, str]:
    """Sort key for practices, strongest first: highest x + y, then highest x, then slug."""
    return (-(x + y), -x, slug)


def _top_total(strengths: Iterable[Fraction]) -> Fraction:
    """The sum of x + y over the frontier (empty places count 0)."""
    return sum(sorted(strengths, reverse=True)[:FRONTIER_SIZE], Fraction(0))


def _checked_stages(stages: Sequence[str]) -> tuple[str, ...]:
    stage_order = tuple(stages)
    if not stage_order:
        raise ValueError("At least one commissioning stage is needed to score stage coverage")
    if len(set(stage_order)) != len(stage_order):
        raise ValueError(f"Commissioning stages are repeated: {stage_order}")
    return stage_order


def _checked_answer(
    answer: AnswerInput,
    positions: Mapping[str, ActivityPosition],
    stage_order: tuple[str, ...],
    seen: set[str],
) -> ActivityPosition:
    if answer.activity in seen:
        raise ValueError(f"Activity {answer.activity!r} is answered more than once")
    seen.add(answer.activity)
    position = positions.get(answer.activity)
    if position is None:
        raise ValueError(
            f"Unknown activity {answer.activity!r}: it has no position to score it with"
        )
    if answer.frequency not in FREQUENCIES:
        raise ValueError(f"{answer.activity}: unknown frequency {answer.frequency!r}")
    if answer.frequency == "none" and answer.stages:
        raise ValueError(
            f"{answer.activity}: an activity answered 'none' cannot have stages "
            f"({', '.join(sorted(answer.stages))})"
        )
    unknown = answer.stages - set(stage_order)
    if unknown:
        raise ValueError(f"{answer.activity}: unknown stages {', '.join(sorted(unknown))}")
    return position
