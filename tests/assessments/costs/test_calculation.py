"""The calculation, on the Year of Care worked example (references.YEAR_OF_CARE_SOURCE):
costs per patient for diabetes, CHD and COPD reviewed separately (5 visits, 95 minutes of
contact) and then together in one care and support planning approach."""

from decimal import Decimal
from fractions import Fraction

import pytest

from assessments.costs.calculation import (
    NO_STAGE,
    ActivityInput,
    ExpertInput,
    ExpertRateValue,
    OtherInput,
    Rates,
    StaffInput,
    StaffRate,
    UnitRate,
    allocate,
    difference,
    pounds,
    scenario_totals,
)

# The table's own rates: 7 minutes of an administrator £1.33, 25 minutes of an HCA £5.00,
# 2 minutes of a nurse practitioner £0.90, 20 minutes of a practice nurse £6.20.
YOC_RATES = Rates(
    staff={
        "administrator": StaffRate("administrator", 1140),
        "hca": StaffRate("hca", 1200),
        "nurse-practitioner": StaffRate("nurse-practitioner", 2700),
        "practice-nurse": StaffRate("practice-nurse", 1860),
    },
    experts={
        "hourly": ExpertRateValue("hourly", "hour", 1875, 1500, 2000, 6000),
        "day": ExpertRateValue("day", "session", 15000, 1500),
    },
    units={"stamp": UnitRate("stamp", 85), "venue": UnitRate("venue", 15000)},
)


def admin(minutes):  # admin and recall, before the visit
    return StaffInput("administrator", 1, preparation_minutes=minutes)


def seen(role, minutes):  # time with the patient
    return StaffInput(role, 1, session_minutes=minutes)


def review(minutes):  # clinical review of the tests, after
    return StaffInput("nurse-practitioner", 1, follow_up_minutes=minutes)


BEFORE = [
    ActivityInput(
        "diabetes",
        "review",
        1,
        ("review",),
        staff=(admin(7), seen("hca", 25), review(2), seen("practice-nurse", 20)),
    ),
    ActivityInput(
        "chd",
        "review",
        1,
        ("review",),
        staff=(admin(7), seen("hca", 10), review(2), seen("practice-nurse", 15)),
    ),
    ActivityInput(
        "copd",
        "review",
        1,
        ("review",),
        staff=(admin(7), seen("practice-nurse", 10), seen("practice-nurse", 15)),
    ),
]
AFTER = [
    ActivityInput(
        "combined-pcsp",
        "pcsp",
        1,
        ("review", "planning"),
        staff=(
            admin(7),
            seen("hca", 30),
            review(2),
            StaffInput("administrator", 1, follow_up_minutes=1),  # the letter
            seen("practice-nurse", 30),
        ),
    ),
]


def test_it_reproduces_the_before_table_to_the_penny():
    totals = scenario_totals(BEFORE, YOC_RATES)
    assert totals.by_activity == {"diabetes": 1343, "chd": 888, "copd": 908}
    assert totals.total == 3139
    assert totals.by_kind == {"staff": 3139, "lived_experience": 0, "other": 0}
    contact = sum(line.session_minutes for a in BEFORE for line in a.staff)
    assert contact == 95


def test_it_reproduces_the_after_table_and_the_saving_of_13_67():
    after = scenario_totals(AFTER, YOC_RATES)
    assert after.total == 1772
    change = difference(scenario_totals(BEFORE, YOC_RATES), after)
    assert change.total == -1367
    assert pounds(change.total) == "-13.67"
    assert change.by_activity == {
        "diabetes": -1343,
        "chd": -888,
        "copd": -908,
        "combined-pcsp": 1772,
    }
    assert sum(change.by_activity.values()) == change.total


def test_the_stamp_is_another_cost():
    with_stamp = [
        ActivityInput(
            "combined-pcsp", "pcsp", 1, staff=AFTER[0].staff, others=(OtherInput("stamp", 1),)
        )
    ]
    totals = scenario_totals(with_stamp, YOC_RATES)
    assert totals.total == 1857  # "£18.57 with stamp"
    assert totals.by_kind == {"staff": 1772, "lived_experience": 0, "other": 85}


def test_a_cohort_multiplies_by_times_a_year_before_rounding():
    # 23 patients a month: 23 × 7 minutes of £11.40 an hour is £30.59 exactly.
    cohort = [ActivityInput("recall", "admin", 23, staff=(admin(7),))]
    assert scenario_totals(cohort, YOC_RATES).total == 3059


def test_it_rounds_once_and_the_parts_add_up():
    # Three activities of one minute of £11.41 an hour: 19.0166…p each, 57.05p in all.
    rates = Rates(staff={"r": StaffRate("r", 1141)}, experts={}, units={})
    activities = [
        ActivityInput(slug, "c", 1, ("a", "b", "c"), staff=(StaffInput("r", 1, 1),))
        for slug in ("x", "y", "z")
    ]
    totals = scenario_totals(activities, rates)
    assert totals.total == 57  # 57.05p, rounded once
    assert sum(totals.by_activity.values()) == totals.total
    assert sum(totals.by_stage.values()) == totals.total
    assert sorted(totals.by_activity.values()) == [19, 19, 19]


def test_rounding_once_differs_from_rounding_each_line():
    rates = Rates(staff={"r": StaffRate("r", 1150)}, experts={}, units={})
    # 1 minute of £11.50 an hour is 19.1666…p; six of them are 115p exactly.
    activities = [ActivityInput(str(i), "c", 1, staff=(StaffInput("r", 1, 1),)) for i in range(6)]
    totals = scenario_totals(activities, rates)
    assert totals.total == 115  # six lines rounded each would give 114
    assert sum(totals.by_activity.values()) == 115
    assert sorted(totals.by_activity.values()) == [19, 19, 19, 19, 19, 20]


def test_allocation_gives_missing_pennies_to_the_largest_remainders_then_by_key():
    parts = {"b": Fraction(1, 3), "a": Fraction(1, 3), "c": Fraction(1, 3)}
    assert allocate(parts, 1) == {"a": 1, "b": 0, "c": 0}
    assert allocate({"a": Fraction(5, 2), "b": Fraction(27, 10)}, 5) == {"a": 2, "b": 3}


def test_lived_experience_covers_payments_travel_carers_and_support():
    activity = ActivityInput(
        "panel",
        "c",
        2,
        ("a",),
        staff=(StaffInput("practice-nurse", 1, 60, 120, 60),),
        experts=(
            ExpertInput("hourly", 4, 120, paid=True, travel=True, carer=True, support=True),
            ExpertInput("day", 1, 0, paid=False, travel=True),
            ExpertInput("hourly", 2, 90, paid=False),
        ),
        others=(OtherInput("venue", Decimal("0.5")),),
    )
    totals = scenario_totals([activity], YOC_RATES)
    # Staff: 240 minutes of £18.60 = £74.40, twice.
    assert totals.by_kind["staff"] == 14880
    # Paid: 4 × (2 h × £18.75 + £15 + £20 + £60) = £530; unpaid: travel £15. Twice.
    assert totals.by_kind["lived_experience"] == 2 * (53000 + 1500)
    assert totals.by_kind["other"] == 2 * 7500
    assert totals.total == 14880 + 109000 + 15000
    assert totals.unpaid_minutes == 2 * 2 * 90
    assert totals.lived_experience_share == 78  # £1,090 of £1,388.80 is 78.5%: 78 as shown


def test_an_activity_at_no_stage_is_counted_under_no_stage():
    activities = [
        ActivityInput("a", "c", 1, (), staff=(StaffInput("hca", 1, 0, 60),)),
        ActivityInput("b", "c", 1, ("s1", "s2"), staff=(StaffInput("hca", 1, 0, 60),)),
    ]
    totals = scenario_totals(activities, YOC_RATES)
    assert totals.by_stage == {NO_STAGE: 1200, "s1": 600, "s2": 600}
    assert totals.by_category == {"c": 2400}


def test_nothing_costed_has_no_share():
    totals = scenario_totals([ActivityInput("a", "c", 1)], YOC_RATES)
    assert totals.total == 0
    assert totals.by_activity == {"a": 0}
    assert totals.by_stage == {}
    assert totals.lived_experience_share is None


def test_an_activity_twice_is_a_bug():
    with pytest.raises(ValueError):
        scenario_totals([ActivityInput("a", "c", 1), ActivityInput("a", "c", 1)], YOC_RATES)


@pytest.mark.parametrize(
    ("pence", "text"), [(0, "0.00"), (5, "0.05"), (123450, "1234.50"), (-1367, "-13.67")]
)
def test_pounds(pence, text):
    assert pounds(pence) == text
