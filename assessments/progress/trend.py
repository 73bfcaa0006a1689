"""An organisation's progress over the years: the stored results of its earlier
submitted assessments, the path they draw on the Grid up to the assessment in hand, and
what changed since the latest of them (``change.py``).

Earlier means an earlier period: one assessment a period, the one submitted last, so an
assessment redone within a year is counted once. Everything is read from the stored
results (``SubmittedResult``) in one query, whatever the number of years.

That query reads every earlier submission, for the rule, but a page keeps at most
``EARLIER_SHOWN`` of them and, once cached, needs only which they are
(``trend_token``). So each stored result's JSON columns (its practices are most of the
cost of reading it) come as text and are decoded only when read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from django.db.models import TextField
from django.db.models.functions import Cast

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
    #: The stored ``frontier``, ``stage_levels`` and ``practices``, as JSON text.
    stored_json: tuple[str, str, str] = field(repr=False)

    def _decoded(self, index: int) -> Any:
        return json.loads(self.stored_json[index])

    @cached_property
    def frontier(self) -> tuple[str, ...]:
        return tuple(self._decoded(0))

    @cached_property
    def stage_levels(self) -> dict[str, str]:
        return dict(self._decoded(1))

    @cached_property
    def practices(self) -> tuple[dict, ...]:
        return tuple(self._decoded(2))

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


JSON_COLUMNS = ("frontier", "stage_levels", "practices")
COLUMNS = (
    "assessment_id",
    "assessment__period",
    "assessment__title",
    "assessment__submitted_at",
    "activeness",
    "embeddedness",
    "frontier_embeddedness",
    "stage_coverage",
    "quadrant",
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
        .order_by("assessment__period", "assessment__submitted_at", "assessment_id")
        # As text: the database's JSON, undecoded (json.loads of it is what the field does).
        .annotate(**{f"{name}_json": Cast(name, TextField()) for name in JSON_COLUMNS})
        .values_list(*COLUMNS, *(f"{name}_json" for name in JSON_COLUMNS))
    )
    years = (
        EarlierResult(
            assessment_id=pk,
            period=period,
            title=title,
            submitted_at_iso=submitted_at.isoformat() if submitted_at else "",
            activeness=activeness,
            embeddedness=embeddedness,
            frontier_embeddedness=frontier_embeddedness,
            stage_coverage=stage_coverage,
            quadrant=quadrant,
            stored_json=tuple(stored),
        )
        for (
            pk,
            period,
            title,
            submitted_at,
            activeness,
            embeddedness,
            frontier_embeddedness,
            stage_coverage,
            quadrant,
            *stored,
        ) in rows
    )
    return one_a_period(years, lambda year: year.period)


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
