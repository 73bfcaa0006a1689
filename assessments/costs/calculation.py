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

- Arithmetic is exact: a minute of an hourly rate is a 60th of it, not a rounded
  figure. Each line's cost is ``times a year × people × minutes × hourly rate / 60`` and
  so on, summed exactly; the year's total is rounded to the penny once, half up. The sums
  are whole numbers of a fraction of a penny small enough for every line (a 60th, and
  whatever the quantities' decimals need), which is exact and much quicker than
  ``fractions.Fraction``.
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
        return _divide_half_up(self.by_kind["lived_experience"] * 100, self.total)


def _divide_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up, for a positive denominator:
    ``floor(n / d + 1/2)`` is ``floor((2n + d) / 2d)``, in whole numbers."""
    return (2 * numerator + denominator) // (2 * denominator)


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


def _allocate_units(parts: Mapping[str, int], unit: int, total: int) -> dict[str, int]:
    """``allocate`` for parts counted in whole ``1/unit`` pence: the same pence, the same
    ties (every part has the same denominator, so remainders compare as whole numbers)."""
    floors = {key: value // unit for key, value in parts.items()}
    missing = total - sum(floors.values())
    order = sorted(parts, key=lambda key: (floors[key] * unit - parts[key], key))
    if not 0 <= missing <= len(order):
        exact = Fraction(sum(parts.values()), unit)
        raise ValueError(f"Cannot allocate {total} over parts summing to {exact}")
    for key in order[:missing]:
        floors[key] += 1
    return floors


def _ratio(quantity: Decimal | int) -> tuple[int, int]:
    """A quantity as an exact numerator and denominator (``Decimal("2.50")`` → 5, 2)."""
    return quantity.as_integer_ratio()


def _unit_of(activities: Iterable[ActivityInput]) -> int:
    """The fraction of a penny (``1/unit``) that every line of the activities costs a
    whole number of: a 60th for a minute of an hourly rate, finer when a quantity has
    decimals."""
    unit = 60
    for activity in activities:
        for line in activity.others:
            unit = math.lcm(unit, _ratio(line.quantity)[1])
    return unit


def _each_time(activity: ActivityInput, rates: Rates, unit: int) -> tuple[int, int, int]:
    """One time of the activity, by kind (``KINDS``), in whole ``1/unit`` pence; ``unit``
    from ``_unit_of``. Raises ``KeyError`` for a rate not in ``rates``."""
    staff = 0
    for line in activity.staff:
        minutes = line.preparation_minutes + line.session_minutes + line.follow_up_minutes
        staff += rates.staff[line.role].hourly_pence * minutes * line.people
    lived = 0  # in 60ths of a penny, as staff
    for line in activity.experts:
        rate = rates.experts[line.rate]
        each = 0
        if line.paid:
            if rate.unit == "hour":
                each += rate.amount_pence * line.minutes
            else:
                each += rate.amount_pence * 60
        if line.travel:
            each += rate.travel_pence * 60
        if line.carer:
            each += rate.carer_pence * 60
        if line.support:
            each += rate.support_pence * 60
        lived += each * line.people
    other = 0
    for line in activity.others:
        numerator, denominator = _ratio(line.quantity)
        other += rates.units[line.unit].amount_pence * numerator * (unit // denominator)
    per_minute = unit // 60
    return staff * per_minute, lived * per_minute, other


def activity_cost_by_kind(activity: ActivityInput, rates: Rates) -> dict[str, Fraction]:
    """One activity's exact cost in a year, by kind, in pence (fractions of a penny kept).
    Raises ``KeyError`` for a rate not in ``rates``."""
    unit = _unit_of([activity])
    each = _each_time(activity, rates, unit)
    return {
        kind: Fraction(cost * activity.times_a_year, unit)
        for kind, cost in zip(KINDS, each, strict=True)
    }


def per_time_pence(activity: ActivityInput, rates: Rates) -> int:
    """What one time of the activity costs, rounded to the penny (for display only): the
    year's cost over the times a year, which is one time's cost exactly."""
    unit = _unit_of([activity])
    return _divide_half_up(sum(_each_time(activity, rates, unit)), unit)


def scenario_totals(activities: Sequence[ActivityInput], rates: Rates) -> Totals:
    stages_of = [tuple(dict.fromkeys(activity.stages)) or (NO_STAGE,) for activity in activities]
    # Every figure below is in whole 1/unit pence: fine enough for each line, and then
    # for each activity's cost shared equally over its stages.
    line_unit = _unit_of(activities)
    shares = math.lcm(*{len(stages) for stages in stages_of})
    unit = line_unit * shares
    kinds = dict.fromkeys(KINDS, 0)
    by_activity: dict[str, int] = {}
    by_category: dict[str, int] = {}
    by_stage: dict[str, int] = {}
    unpaid = 0
    for activity, stages in zip(activities, stages_of, strict=True):
        if activity.activity in by_activity:
            raise ValueError(f"{activity.activity} is in the scenario twice")
        times = activity.times_a_year
        cost = [part * times * shares for part in _each_time(activity, rates, line_unit)]
        year = sum(cost)
        for kind, part in zip(KINDS, cost, strict=True):
            kinds[kind] += part
        by_activity[activity.activity] = year
        by_category[activity.category] = by_category.get(activity.category, 0) + year
        share = year // len(stages)  # exact: shares is a multiple of len(stages)
        for stage in stages:
            by_stage[stage] = by_stage.get(stage, 0) + share
        unpaid += times * sum(
            line.people * line.minutes for line in activity.experts if not line.paid
        )
    total = _divide_half_up(sum(kinds.values()), unit)
    return Totals(
        total=total,
        by_kind=_allocate_units(kinds, unit, total),
        by_activity=_allocate_units(by_activity, unit, total),
        by_category=_allocate_units(by_category, unit, total),
        by_stage=_allocate_units(
            {k: v for k, v in by_stage.items() if v or k != NO_STAGE}, unit, total
        ),
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
