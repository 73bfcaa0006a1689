"""The ledger's figures for a period, the export's ``impact`` key, and each activity's
evidence."""

import datetime

import pytest

from assessments.ledger.models import LedgerEntry, Outcome, Status
from assessments.ledger.summary import (
    entries_by_activity,
    impact_export,
    impact_summary,
    is_period,
)
from coprod_grid import catalogue
from coprod_grid.models import Activity, CommissioningStage

from .conftest import add_entry

pytestmark = pytest.mark.django_db

STAGES = [
    "strategic-planning",
    "specifying-outcomes",
    "pathway-design",
    "contracting",
    "monitoring",
]


def stage(slug: str) -> CommissioningStage:
    return CommissioningStage.objects.get(slug=slug)


@pytest.fixture
def example(lead, organisation):
    """Six entries in 2026/27 and two that do not count (2025/26, deleted):

    - strategic planning: fed back (a decision changed), acted on (a decision changed)
    - pathway design: fed back (a service changed), not acted on
    - no stage: open, open
    """
    planning, pathway = stage("strategic-planning"), stage("pathway-design")
    add = lambda **fields: add_entry(lead, organisation, **fields)  # noqa: E731
    fed_back = {"status": Status.FED_BACK, "fed_back_on": datetime.date(2026, 10, 1)}
    add(stage=planning, outcome=Outcome.DECISION_CHANGED, **fed_back)
    add(stage=planning, status=Status.ACTED_ON, outcome=Outcome.DECISION_CHANGED)
    add(stage=pathway, outcome=Outcome.SERVICE_CHANGED, **fed_back)
    add(stage=pathway, status=Status.NOT_ACTED_ON, outcome=Outcome.NOT_CHANGED, reason="No money")
    add(heard_on=datetime.date(2026, 4, 1))  # the period's first day
    add(heard_on=datetime.date(2027, 3, 31))  # and its last
    add(stage=planning, heard_on=datetime.date(2026, 3, 31))  # 2025/26
    deleted = add(stage=planning)
    deleted.deleted_at = deleted.created_at
    deleted.save()


def test_the_figures_of_the_example(example, organisation):
    summary = impact_summary(organisation.pk, "2026/27")
    assert summary.entries == 6
    assert summary.fed_back == 2
    assert summary.fed_back_share == pytest.approx(2 / 6)
    assert summary.fed_back_percent == 33
    assert summary.decisions_changed == 2
    assert summary.services_changed == 1
    assert summary.not_acted_on == 1
    assert summary.open == 2
    assert summary.without_stage == 2
    rows = {
        row.slug: (row.entries, row.fed_back, row.decisions_changed) for row in summary.by_stage
    }
    assert rows == {
        "strategic-planning": (2, 1, 2),
        "specifying-outcomes": (0, 0, 0),
        "pathway-design": (2, 1, 0),
        "contracting": (0, 0, 0),
        "monitoring": (0, 0, 0),
    }


def test_stages_are_in_catalogue_order(example, organisation):
    summary = impact_summary(organisation.pk, "2026/27")
    assert [row.slug for row in summary.by_stage] == STAGES


def test_the_previous_period_has_its_own(example, organisation):
    summary = impact_summary(organisation.pk, "2025/26")
    assert summary.entries == 1
    assert summary.fed_back_share == 0


def test_no_entries_has_no_share(organisation):
    summary = impact_summary(organisation.pk, "2026/27")
    assert summary.entries == 0
    assert summary.fed_back_share is None
    assert summary.fed_back_percent is None
    assert [row.entries for row in summary.by_stage] == [0] * 5


def test_another_organisations_entries_do_not_count(example, elsewhere):
    summary = impact_summary(elsewhere["organisation"].pk, "2026/27")
    assert summary.entries == 1


def test_the_summary_is_one_query(example, organisation, django_assert_num_queries):
    stages = catalogue.commissioning_stages()
    with django_assert_num_queries(1):
        impact_summary(organisation.pk, "2026/27", stages)


def test_the_export_has_exactly_its_keys(example, organisation):
    exported = impact_export(impact_summary(organisation.pk, "2026/27"))
    assert exported == {
        "entries": 6,
        "fed_back": 0.3333,
        "decisions_changed": 2,
        "by_stage": {
            "strategic-planning": {"entries": 2, "fed_back": 1, "decisions_changed": 2},
            "specifying-outcomes": {"entries": 0, "fed_back": 0, "decisions_changed": 0},
            "pathway-design": {"entries": 2, "fed_back": 1, "decisions_changed": 0},
            "contracting": {"entries": 0, "fed_back": 0, "decisions_changed": 0},
            "monitoring": {"entries": 0, "fed_back": 0, "decisions_changed": 0},
        },
    }
    assert list(exported) == ["entries", "fed_back", "decisions_changed", "by_stage"]
    assert list(exported["by_stage"]) == STAGES


def test_the_export_of_no_entries_has_a_null_share(organisation):
    exported = impact_export(impact_summary(organisation.pk, "2026/27"))
    assert exported["entries"] == 0
    assert exported["fed_back"] is None
    assert set(exported["by_stage"]) == set(STAGES)


def test_entries_by_activity(lead, organisation, django_assert_num_queries):
    first, second = Activity.objects.active()[:2]
    a = add_entry(lead, organisation, activity=first, said="A")
    b = add_entry(lead, organisation, activity=first, said="B", heard_on=datetime.date(2026, 7, 1))
    c = add_entry(lead, organisation, activity=second, said="C")
    add_entry(lead, organisation, said="No activity")
    add_entry(lead, organisation, activity=first, said="Old", heard_on=datetime.date(2025, 7, 1))
    with django_assert_num_queries(1):
        found = entries_by_activity(organisation.pk, "2026/27")
        assert found == {first.slug: [b, a], second.slug: [c]}
    assert LedgerEntry.objects.count() == 5


@pytest.mark.parametrize(
    "value,expected",
    [("2026/27", True), ("1999/00", True), ("2026/28", False), ("2026-27", False), ("", False)],
)
def test_is_period(value, expected):
    assert is_period(value) is expected
