"""Reading a cost profile: the stored rows, and each activity's lines as the calculation
takes them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import Assessment
from . import calculation
from .models import ActivityCost, CostProfile, ExpertLine, OtherLine, StaffLine

OCCASIONAL_TIMES = 1
"""How many times a year a practice answered "occasionally" is pre-filled with."""
ROUTINE_TIMES = 4
"""How many times a year a practice answered "routinely" is pre-filled with: at least
once a quarter is the least that makes something normal practice."""


@dataclass(frozen=True)
class Lines:
    """One activity's stored lines in one scenario: how many times, and each time's."""

    times_a_year: int
    staff: tuple[calculation.StaffInput, ...] = ()
    experts: tuple[calculation.ExpertInput, ...] = ()
    others: tuple[calculation.OtherInput, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.staff or self.experts or self.others)


def stored_profile(assessment: Assessment) -> CostProfile | None:
    """The assessment's profile with every row and line: five queries, whatever its size."""
    activities = ActivityCost.objects.select_related("activity__category").prefetch_related(
        Prefetch("staff_lines", StaffLine.objects.select_related("role")),
        Prefetch("expert_lines", ExpertLine.objects.select_related("rate")),
        Prefetch("other_lines", OtherLine.objects.select_related("unit_cost")),
    )
    return (
        CostProfile.objects.filter(assessment=assessment)
        .prefetch_related(Prefetch("activities", activities))
        .first()
    )


def lines_of(row: ActivityCost) -> Lines:
    return Lines(
        times_a_year=row.times_a_year,
        staff=tuple(
            calculation.StaffInput(
                role=line.role.slug,
                people=line.people,
                preparation_minutes=line.preparation_minutes,
                session_minutes=line.session_minutes,
                follow_up_minutes=line.follow_up_minutes,
            )
            for line in row.staff_lines.all()
        ),
        experts=tuple(
            calculation.ExpertInput(
                rate=line.rate.slug,
                people=line.people,
                minutes=line.minutes,
                paid=line.paid,
                travel=line.travel,
                carer=line.carer,
                support=line.support,
            )
            for line in row.expert_lines.all()
        ),
        others=tuple(
            calculation.OtherInput(unit=line.unit_cost.slug, quantity=line.quantity)
            for line in row.other_lines.all()
        ),
    )


def stored_rows(profile: CostProfile | None) -> dict[tuple[str, str], ActivityCost]:
    """(scenario, activity slug) → the stored row."""
    if profile is None:
        return {}
    return {(row.scenario, row.activity.slug): row for row in profile.activities.all()}
