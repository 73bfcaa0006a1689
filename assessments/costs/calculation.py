"""What a scenario of a cost profile costs in a year: a pure function of its lines and the
rates in force. No Django, no database.

``scenario_totals(activities, rates) -> Totals``
    The year's cost of one scenario, in whole pence: the total, and the same total broken
    down by kind of cost, by activity, by category and by commissioning stage, with the
    share that reaches people with lived experience.

``difference(now, planned) -> Totals``
    Planned minus now, part by part.

The rules
---------

- Arithmetic is exact (``fractions.Fraction``): a minute of an hourly rate is a 60th of
  it, not a rounded figure. Each line's cost is ``times a year × people × minutes ×
  hourly rate / 60`` and so on, summed exactly; the year's total is rounded to the
  penny once, half up.
- Every breakdown adds up to that total exactly. Each part is first rounded down to the
  penny; the pennies still missing go one each to the parts that lost most in rounding
  down (largest remainder), ties to the part whose key sorts first. So the figures shown
  for the parts always sum to the figure shown for the total.
- Kinds: ``staff`` (staff time), ``lived_experience`` (what is spent on people with lived
  experience taking part: payments to them, their travel, carers' costs and the support
  they need) and ``other`` (venues, interpreters, Easy Read and the like).
- Stages: an activity's cost is shared equally over the stages it is answered at; an
  activity answered at no stage puts its cost under ``NO_STAGE``, so that the stages
  still add up to the total.
- An unpaid expert line costs only the travel, carers' and support costs ticked for it;
  its time is counted in ``unpaid_minutes`` so that it is seen, not priced.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

KINDS = ("staff", "lived_experience", "other")
NO_STAGE = "no-stage"


@dataclass(frozen=True)
class StaffRate:
    slug: str
    hourly_pence: int


@dataclass(frozen=True)
class ExpertRateValue:
    slug: str
    unit: str  # "hour" or "session"
    amount_pence: int
    travel_pence: int = 0
    carer_pence: int = 0
    support_pence: int = 0


@dataclass(frozen=True)
class UnitRate:
    slug: str
    amount_pence: int


@dataclass(frozen=True)
class Rates:
    """The rates in force for one organisation, by slug."""

    staff: Mapping[str, StaffRate]
    experts: Mapping[str, ExpertRateValue]
    units: Mapping[str, UnitRate]


@dataclass(frozen=True)
class StaffInput:
    role: str
    people: int = 1
    preparation_minutes: int = 0
    session_minutes: int = 0
    follow_up_minutes: int = 0


@dataclass(frozen=True)
class ExpertInput:
    rate: str
    people: int = 1
    minutes: int = 0
    paid: bool = True
    travel: bool = False
    carer: bool = False
    support: bool = False


@dataclass(frozen=True)
class OtherInput:
    unit: str
    quantity: Decimal | int


@dataclass(frozen=True)
class ActivityInput:
    """One activity of a scenario: how many times a year, where, and each time's lines."""

    activity: str
    category: str
    times_a_year: int
    stages: tuple[str, ...] = ()
    staff: tuple[StaffInput, ...] = ()
    experts: tuple[ExpertInput, ...] = ()
    others: tuple[OtherInput, ...] = ()


@dataclass(frozen=True)
class Totals:
    """A year's costs in whole pence. Every ``by_*`` mapping sums to ``total``."""

    total: int
    by_kind: dict[str, int]
    by_activity: dict[str, int]
    by_category: dict[str, int] = field(default_factory=dict)
    by_stage: dict[str, int] = field(default_factory=dict)
    unpaid_minutes: int = 0

    @property
    def lived_experience_share(self) -> int | None:
        """The percentage of the total spent on people with lived experience, rounded
        half up; None when nothing is costed."""
        if self.total <= 0:
            return None
        return _round_half_up(Fraction(self.by_kind["lived_experience"] * 100, self.total))


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def allocate(parts: Mapping[str, Fraction], total: int) -> dict[str, int]:
    """Whole pence for each part that sum to ``total`` (the parts' exact sum rounded):
    each part rounded down, the missing pennies to the largest remainders, ties by key."""
    floors = {key: math.floor(value) for key, value in parts.items()}
    missing = total - sum(floors.values())
    order = sorted(parts, key=lambda key: (-(parts[key] - floors[key]), key))
    if not 0 <= missing <= len(order):
        raise ValueError(f"Cannot allocate {total} over parts summing to {sum(parts.values())}")
    for key in order[:missing]:
        floors[key] += 1
    return floors


def _quantity(value: Decimal | int) -> Fraction:
    return Fraction(str(value)) if isinstance(value, Decimal) else Fraction(value)


def activity_cost_by_kind(activity: ActivityInput, rates: Rates) -> dict[str, Fraction]:
    """One activity's exact cost in a year, by kind, in pence (fractions of a penny kept).
    Raises ``KeyError`` for a rate not in ``rates``."""
    staff = Fraction(0)
    for line in activity.staff:
        minutes = line.preparation_minutes + line.session_minutes + line.follow_up_minutes
        staff += Fraction(rates.staff[line.role].hourly_pence * minutes * line.people, 60)
    lived = Fraction(0)
    for line in activity.experts:
        rate = rates.experts[line.rate]
        each = Fraction(0)
        if line.paid:
            if rate.unit == "hour":
                each += Fraction(rate.amount_pence * line.minutes, 60)
            else:
                each += rate.amount_pence
        if line.travel:
            each += rate.travel_pence
        if line.carer:
            each += rate.carer_pence
        if line.support:
            each += rate.support_pence
        lived += each * line.people
    other = Fraction(0)
    for line in activity.others:
        other += rates.units[line.unit].amount_pence * _quantity(line.quantity)
    times = activity.times_a_year
    return {"staff": staff * times, "lived_experience": lived * times, "other": other * times}


def per_time_pence(activity: ActivityInput, rates: Rates) -> int:
    """What one time of the activity costs, rounded to the penny (for display only)."""
    if activity.times_a_year == 0:
        return _round_half_up(sum(activity_cost_by_kind(_once(activity), rates).values()))
    year = sum(activity_cost_by_kind(activity, rates).values())
    return _round_half_up(year / activity.times_a_year)


def _once(activity: ActivityInput) -> ActivityInput:
    return ActivityInput(
        activity=activity.activity,
        category=activity.category,
        times_a_year=1,
        stages=activity.stages,
        staff=activity.staff,
        experts=activity.experts,
        others=activity.others,
    )


def scenario_totals(activities: Sequence[ActivityInput], rates: Rates) -> Totals:
    kinds = dict.fromkeys(KINDS, Fraction(0))
    by_activity: dict[str, Fraction] = {}
    by_category: dict[str, Fraction] = {}
    by_stage: dict[str, Fraction] = {}
    unpaid = 0
    for activity in activities:
        if activity.activity in by_activity:
            raise ValueError(f"{activity.activity} is in the scenario twice")
        cost = activity_cost_by_kind(activity, rates)
        year = sum(cost.values(), Fraction(0))
        for kind in KINDS:
            kinds[kind] += cost[kind]
        by_activity[activity.activity] = year
        by_category[activity.category] = by_category.get(activity.category, Fraction(0)) + year
        stages = tuple(dict.fromkeys(activity.stages)) or (NO_STAGE,)
        for stage in stages:
            by_stage[stage] = by_stage.get(stage, Fraction(0)) + year / len(stages)
        unpaid += activity.times_a_year * sum(
            line.people * line.minutes for line in activity.experts if not line.paid
        )
    total = _round_half_up(sum(kinds.values(), Fraction(0)))
    return Totals(
        total=total,
        by_kind=allocate(kinds, total),
        by_activity=allocate(by_activity, total),
        by_category=allocate(by_category, total),
        by_stage=allocate({k: v for k, v in by_stage.items() if v or k != NO_STAGE}, total),
        unpaid_minutes=unpaid,
    )


def _minus(planned: Mapping[str, int], now: Mapping[str, int]) -> dict[str, int]:
    keys: Iterable[str] = dict.fromkeys([*now, *planned])
    return {key: planned.get(key, 0) - now.get(key, 0) for key in keys}


def difference(now: Totals, planned: Totals) -> Totals:
    """Planned minus now. Made from the rounded figures, so it too adds up exactly."""
    return Totals(
        total=planned.total - now.total,
        by_kind=_minus(planned.by_kind, now.by_kind),
        by_activity=_minus(planned.by_activity, now.by_activity),
        by_category=_minus(planned.by_category, now.by_category),
        by_stage=_minus(planned.by_stage, now.by_stage),
        unpaid_minutes=planned.unpaid_minutes - now.unpaid_minutes,
    )


def pounds(pence: int) -> str:
    """Whole pence as pounds with two decimals: ``123450`` → ``"1234.50"``,
    ``-5`` → ``"-0.05"``."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"
