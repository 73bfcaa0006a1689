"""An assessment's progress, as the results page, the PDF, the dashboard and the export
show it: its earlier years (``trend``), the path they draw, the table by period and
what changed since the latest of them (``change``), with names to show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coprod_grid.grid.points import TrendMarker

from ..results.results import AssessmentResult
from .change import Change, change_between, movement_words
from .trend import EarlierResult, TrendRow, earlier_results, trend_marker, trend_rows


@dataclass(frozen=True)
class NamedChange:
    """One list of the change summary, in words: "Started" and the activities' names."""

    label: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    earlier: tuple[EarlierResult, ...]
    rows: tuple[TrendRow, ...]
    marker: TrendMarker | None
    change: Change | None
    movement: str = ""
    lists: tuple[NamedChange, ...] = field(default_factory=tuple)

    @property
    def previous(self) -> EarlierResult | None:
        return self.earlier[-1] if self.earlier else None

    @property
    def has_trend(self) -> bool:
        return bool(self.earlier)


def _activity_order(result: AssessmentResult) -> list[str]:
    return [
        activity.slug
        for category in result.categories
        for activity in category.category.active_activities
    ]


def progress_of(result: AssessmentResult, earlier: Sequence[EarlierResult]) -> Progress:
    """Pure: the result in hand and its earlier years (``trend.earlier_results``)."""
    score = result.score
    names = {q.slug: q.name for q in result.quadrants}
    rows = trend_rows(
        earlier, result.assessment, score.activeness, score.embeddedness, score.quadrant, names
    )
    previous = earlier[-1] if earlier else None
    if previous is None:
        return Progress((), tuple(rows), None, None)
    stage_order = [row.slug for row in result.stage_rows]
    change = change_between(
        previous_period=previous.period,
        previous=previous.frequencies,
        current={practice.activity: practice.frequency for practice in score.practices},
        previous_stages=previous.stage_levels,
        current_stages=dict(score.stage_levels),
        previous_position=(previous.activeness, previous.embeddedness),
        current_position=(score.activeness, score.embeddedness),
        activity_order=_activity_order(result),
        stage_order=stage_order,
    )
    activity_names = previous.names | {answer.activity: answer.name for answer in result.answers}
    stage_names = {row.slug: row.name for row in result.stage_rows}

    def named(label: str, slugs: Sequence[str], lookup: dict[str, str]) -> NamedChange:
        return NamedChange(label, tuple(lookup.get(slug, slug) for slug in slugs))

    lists = (
        named("Started", change.started, activity_names),
        named("Stopped", change.stopped, activity_names),
        named("Made routine", change.made_routine, activity_names),
        named("No longer routine", change.no_longer_routine, activity_names),
        named("Stages gained", change.stages_gained, stage_names),
        named("Stages lost", change.stages_lost, stage_names),
    )
    return Progress(
        tuple(earlier),
        tuple(rows),
        trend_marker(earlier),
        change,
        movement_words(change),
        lists,
    )


def assessment_progress(result: AssessmentResult) -> Progress:
    """``progress_of`` the result, reading its earlier years (one query)."""
    return progress_of(result, earlier_results(result.assessment))


# --- the export's ``previous`` and ``change`` keys (issue 16's contract) -----------------


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def previous_export(progress: Progress) -> dict[str, Any] | None:
    """The latest earlier submitted assessment's ``period`` and ``scores``, in the shape
    of the export's own ``scores``; null when there is none."""
    previous = progress.previous
    if previous is None:
        return None
    return {
        "period": previous.period,
        "scores": {
            "activeness": _round(previous.activeness),
            "embeddedness": _round(previous.embeddedness),
            "frontier_embeddedness": _round(previous.frontier_embeddedness),
            "stage_coverage": _round(previous.stage_coverage),
            "quadrant": previous.quadrant or None,
            "frontier": list(previous.frontier),
        },
    }


def change_export(progress: Progress) -> dict[str, Any] | None:
    """This assessment minus the previous one; null when there is no previous one."""
    change = progress.change
    if change is None:
        return None
    return {
        "activeness": _round(change.activeness),
        "embeddedness": _round(change.embeddedness),
        "started": list(change.started),
        "stopped": list(change.stopped),
        "made_routine": list(change.made_routine),
    }
