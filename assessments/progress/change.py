"""What changed between two years' assessments: a pure function of each year's practices
(activity slug: how often) and stage levels (stage slug: none / occasional / routine)
and positions. No Django.

- *started*: practised now, not practised then (including activities new to the Grid);
- *stopped*: practised then, not now (including activities retired since);
- *made routine*: occasional then, routine now;
- *no longer routine*: routine then, occasional now;
- *stages gained* and *lost*: a stage with no involvement one year and some the other.

The differences in position are this year's minus last year's. In words they are taken
between the rounded percents shown for each year, so that they agree with the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..results.scoring import as_percent

ROUTINE, OCCASIONAL, NONE = "routine", "occasional", "none"


@dataclass(frozen=True)
class Change:
    previous_period: str
    activeness: float | None
    embeddedness: float | None
    activeness_points: int | None
    embeddedness_points: int | None
    started: tuple[str, ...]
    stopped: tuple[str, ...]
    made_routine: tuple[str, ...]
    no_longer_routine: tuple[str, ...]
    stages_gained: tuple[str, ...]
    stages_lost: tuple[str, ...]

    @property
    def practices_changed(self) -> bool:
        return bool(self.started or self.stopped or self.made_routine or self.no_longer_routine)

    @property
    def anything(self) -> bool:
        moved = bool(self.activeness_points or self.embeddedness_points)
        return moved or self.practices_changed or bool(self.stages_gained or self.stages_lost)


def _ordered(slugs: Iterable[str], order: Sequence[str]) -> tuple[str, ...]:
    rank = {slug: index for index, slug in enumerate(order)}
    return tuple(sorted(set(slugs), key=lambda slug: (rank.get(slug, len(rank)), slug)))


def _difference(now: float | None, then: float | None) -> float | None:
    return None if now is None or then is None else now - then


def _points(now: float | None, then: float | None) -> int | None:
    return None if now is None or then is None else as_percent(now) - as_percent(then)


def change_between(
    *,
    previous_period: str,
    previous: Mapping[str, str],
    current: Mapping[str, str],
    previous_stages: Mapping[str, str],
    current_stages: Mapping[str, str],
    previous_position: tuple[float | None, float | None],
    current_position: tuple[float | None, float | None],
    activity_order: Sequence[str] = (),
    stage_order: Sequence[str] = (),
) -> Change:
    """``previous`` and ``current``: each year's practised activities (slug: "routine" or
    "occasional"; an activity not done is absent or "none"). Slugs come back in
    ``activity_order`` (the Grid's), then alphabetically; stages in ``stage_order``."""
    then = {slug: how for slug, how in previous.items() if how != NONE}
    now = {slug: how for slug, how in current.items() if how != NONE}

    def reached(levels: Mapping[str, str]) -> set[str]:
        return {stage for stage, level in levels.items() if level != NONE}

    stages_then, stages_now = reached(previous_stages), reached(current_stages)
    (a_then, e_then), (a_now, e_now) = previous_position, current_position
    return Change(
        previous_period=previous_period,
        activeness=_difference(a_now, a_then),
        embeddedness=_difference(e_now, e_then),
        activeness_points=_points(a_now, a_then),
        embeddedness_points=_points(e_now, e_then),
        started=_ordered(now.keys() - then.keys(), activity_order),
        stopped=_ordered(then.keys() - now.keys(), activity_order),
        made_routine=_ordered(
            (s for s in now.keys() & then.keys() if then[s] == OCCASIONAL and now[s] == ROUTINE),
            activity_order,
        ),
        no_longer_routine=_ordered(
            (s for s in now.keys() & then.keys() if then[s] == ROUTINE and now[s] == OCCASIONAL),
            activity_order,
        ),
        stages_gained=_ordered(stages_now - stages_then, stage_order),
        stages_lost=_ordered(stages_then - stages_now, stage_order),
    )


def movement_words(change: Change) -> str:
    """ "Since 2025/26 you have moved 8 points more active and 3 points less embedded." """
    return movement_since(
        change.previous_period, change.activeness_points, change.embeddedness_points
    )


def movement_since(period: str, across: int | None, up: int | None) -> str:
    """``across`` and ``up``: the differences in rounded percents since ``period``."""
    if across is None or up is None:
        return ""
    if across == 0 and up == 0:
        return f"Your position is the same as in {period}."

    def along(points: int, more: str, less: str, axis: str) -> str:
        if points == 0:
            return f"at the same {axis}"
        amount = "1 point" if abs(points) == 1 else f"{abs(points)} points"
        return f"{amount} {more if points > 0 else less}"

    return (
        f"Since {period} you have moved "
        f"{along(across, 'more active', 'less active', 'activeness')} and "
        f"{along(up, 'more embedded', 'less embedded', 'embeddedness')}."
    )
