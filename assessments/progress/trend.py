"""An organisation's progress over the years: the stored results of its earlier
submitted assessments, the path they draw on the Grid up to the assessment in hand, and
what changed since the latest of them (``change.py``).

Earlier means an earlier period: one assessment a period, the one submitted last, so an
assessment redone within a year is counted once. Everything is read from the stored
results (``SubmittedResult``) in one query, whatever the number of years.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from coprod_grid.grid.points import TrendMarker, TrendStep

from ..models import Assessment, SubmittedResult
from ..results.scoring import as_percent

EARLIER_SHOWN = 4  # years on the path before this one: enough to read a direction

Year = TypeVar("Year")


def one_a_period(years: Iterable[Year], period: Callable[[Year], str]) -> list[Year]:
    """``years`` in the order they were submitted (oldest period first, then by time):
    the last of each period, oldest first, at most ``EARLIER_SHOWN``. The one rule for
    which earlier years count, here and on the dashboard."""
    by_period: dict[str, Year] = {}
    for year in years:
        by_period[period(year)] = year  # the last submitted wins
    return list(by_period.values())[-EARLIER_SHOWN:]


@dataclass(frozen=True)
class EarlierResult:
    """One earlier year, from its stored result."""

    assessment_id: int
    period: str
    title: str
    submitted_at_iso: str
    activeness: float | None
    embeddedness: float | None
    frontier_embeddedness: float | None
    stage_coverage: float | None
    quadrant: str
    frontier: tuple[str, ...]
    stage_levels: dict[str, str]
    practices: tuple[dict, ...]

    @property
    def has_position(self) -> bool:
        return self.activeness is not None and self.embeddedness is not None

    @property
    def frequencies(self) -> dict[str, str]:
        """Each practised activity's slug: how often it was done that year."""
        return {practice["activity"]: practice["frequency"] for practice in self.practices}

    @property
    def names(self) -> dict[str, str]:
        return {practice["activity"]: practice["name"] for practice in self.practices}


def _earlier(row: SubmittedResult) -> EarlierResult:
    assessment = row.assessment
    return EarlierResult(
        assessment_id=assessment.pk,
        period=assessment.period,
        title=assessment.title,
        submitted_at_iso=assessment.submitted_at.isoformat() if assessment.submitted_at else "",
        activeness=row.activeness,
        embeddedness=row.embeddedness,
        frontier_embeddedness=row.frontier_embeddedness,
        stage_coverage=row.stage_coverage,
        quadrant=row.quadrant,
        frontier=tuple(row.frontier),
        stage_levels=dict(row.stage_levels),
        practices=tuple(row.practices),
    )


def earlier_results(assessment: Assessment) -> list[EarlierResult]:
    """The organisation's submitted assessments of earlier periods than ``assessment``'s,
    oldest first, one a period (the last submitted), at most ``EARLIER_SHOWN``."""
    rows = (
        SubmittedResult.objects.filter(
            assessment__organisation_id=assessment.organisation_id,
            assessment__status=Assessment.Status.SUBMITTED,
            assessment__deleted_at=None,
            assessment__period__lt=assessment.period,
        )
        .exclude(assessment_id=assessment.pk)
        .select_related("assessment")
        .order_by("assessment__period", "assessment__submitted_at", "assessment_id")
    )
    return one_a_period((_earlier(row) for row in rows), lambda year: year.period)


def trend_token(earlier: Sequence[EarlierResult]) -> tuple:
    """What a cached page showing the trend must be keyed by: a year submitted, reopened
    or resubmitted changes it."""
    return tuple((e.assessment_id, e.submitted_at_iso) for e in earlier)


def trend_marker(earlier: Sequence[EarlierResult]) -> TrendMarker | None:
    steps = tuple(
        TrendStep(e.activeness, e.embeddedness, e.period) for e in earlier if e.has_position
    )
    return TrendMarker(steps) if steps else None


@dataclass(frozen=True)
class TrendRow:
    """One line of the table that carries the trend without the chart."""

    period: str
    activeness: int | None
    embeddedness: int | None
    quadrant_name: str
    is_current: bool
    status: str = "Submitted"


def trend_rows(
    earlier: Sequence[EarlierResult],
    assessment: Assessment,
    current_activeness: float | None,
    current_embeddedness: float | None,
    current_quadrant: str | None,
    quadrant_names: dict[str, str],
) -> list[TrendRow]:
    def percent(value: float | None) -> int | None:
        return None if value is None else as_percent(value)

    rows = [
        TrendRow(
            e.period,
            percent(e.activeness),
            percent(e.embeddedness),
            quadrant_names.get(e.quadrant, ""),
            False,
        )
        for e in earlier
    ]
    rows.append(
        TrendRow(
            assessment.period,
            percent(current_activeness),
            percent(current_embeddedness),
            quadrant_names.get(current_quadrant or "", ""),
            True,
            "Submitted" if assessment.is_submitted else "Draft",
        )
    )
    return rows
