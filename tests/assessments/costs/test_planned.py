"""The planned scenario: a copy of now with the action plan applied, and the Grid
position the plan would give."""

import pytest
from django.urls import reverse

from assessments.costs.planned import START_TIMES, Origin
from assessments.costs.profile import OCCASIONAL_TIMES, ROUTINE_TIMES
from assessments.costs.summary import cost_summary
from assessments.models import Action
from assessments.results import scoring
from assessments.results.results import results_catalogue, score_of
from tests.assessments.costs.test_views import PROFILE_PAGE

pytestmark = pytest.mark.django_db


def act(assessment, activity, status="not-started"):
    return Action.objects.create(
        assessment=assessment,
        description=f"Work on {activity.name}",
        activity=activity,
        status=status,
    )


def test_without_a_plan_planned_is_now(assessment, section):
    summary = cost_summary(assessment)
    first, second, _ = section.activities[:3]
    assert [item.slug for item in summary.scenarios.now] == [first.slug, second.slug]
    assert [item.lines.times_a_year for item in summary.scenarios.now] == [
        ROUTINE_TIMES,
        OCCASIONAL_TIMES,
    ]
    assert [item.origin for item in summary.scenarios.planned] == [Origin.COPIED, Origin.COPIED]
    assert summary.scenarios.planned_score == summary.scenarios.now_score
    # The now position is the results page's own.
    assert summary.scenarios.now_score == score_of(assessment)


def test_the_plan_makes_routine_starts_and_leaves_alone(client, lead, assessment, section):
    first, second, third = section.activities[:3]
    client.force_login(lead)
    client.post(
        reverse("assessments:costs-activity", args=[assessment.pk, "now", second.slug]),
        {
            "version": "0",
            "times_a_year": "3",
            "staff-0-role": "afc-band-5",
            "staff-0-people": "1",
            "staff-0-session": "60",
        },
    )
    for activity in (first, second, second, third):  # two actions on one count once
        act(assessment, activity)
    summary = cost_summary(assessment)
    planned = {item.slug: item for item in summary.scenarios.planned}
    assert planned[first.slug].origin == Origin.COPIED
    assert planned[second.slug].origin == Origin.MADE_ROUTINE
    assert planned[second.slug].frequency == "routine"
    assert planned[second.slug].lines.times_a_year == 6  # twice 3, at least 4
    assert planned[third.slug].origin == Origin.STARTED
    assert planned[third.slug].lines.times_a_year == START_TIMES
    assert planned[third.slug].lines.staff and planned[third.slug].lines.experts
    assert third.slug not in summary.now.by_activity
    # £27.12 an hour, one hour, 3 → 6 times a year.
    assert summary.now.by_activity[second.slug] == 3 * 2712
    assert summary.planned.by_activity[second.slug] == 6 * 2712
    assert summary.difference.by_activity[third.slug] == summary.planned.by_activity[third.slug] > 0
    assert summary.difference.total == summary.planned.total - summary.now.total

    # The Grid: the scoring function on the planned answers.
    catalogue = results_catalogue()
    typical = catalogue.positions[third.slug].typical_stages
    expected = scoring.score_assessment(
        [
            scoring.AnswerInput(
                first.slug, "routine", frozenset({"strategic-planning", "contracting"})
            ),
            scoring.AnswerInput(second.slug, "routine", frozenset({"pathway-design"})),
            scoring.AnswerInput(third.slug, "occasional", frozenset(typical)),
        ],
        {slug: catalogue.positions[slug] for slug in (first.slug, second.slug, third.slug)},
        stages=catalogue.stage_slugs,
    )
    assert summary.scenarios.planned_score == expected
    assert summary.scenarios.planned_score != summary.scenarios.now_score


def test_a_changed_planned_activity_keeps_its_change_until_reset(client, lead, assessment, section):
    second = section.activities[1]
    act(assessment, second)
    client.force_login(lead)
    url = reverse("assessments:costs-activity", args=[assessment.pk, "planned", second.slug])
    response = client.post(
        url,
        {
            "version": "0",
            "times_a_year": "12",
            "other-0-unit": "easy-read-page",
            "other-0-quantity": "2.5",
        },
    )
    assert response.status_code == 302
    summary = cost_summary(assessment)
    item = summary.scenarios.find("planned", second.slug)
    assert item.origin == Origin.CHANGED
    assert item.frequency == "routine"  # still the plan's step for the Grid
    assert summary.planned.by_activity[second.slug] == 12 * 15000  # 2.5 pages of £60
    assert summary.planned.by_kind["other"] == 12 * 15000
    response = client.get(url)
    assert "Use the plan's estimate again" in response.content.decode()
    assert client.post(url, {"version": "1", "reset": "yes"}).status_code == 302
    item = cost_summary(assessment).scenarios.find("planned", second.slug)
    assert item.origin == Origin.MADE_ROUTINE


def test_the_page_shows_both_positions_and_the_started_activity(
    client, lead, assessment, section, django_assert_max_num_queries
):
    third = section.activities[2]
    act(assessment, third)
    client.force_login(lead)
    with django_assert_max_num_queries(PROFILE_PAGE):
        response = client.get(reverse("assessments:costs", args=[assessment.pk]))
    body = response.content.decode()
    assert "Started by the plan" in body
    assert "If the plan is done" in body
    assert (
        reverse("assessments:costs-activity", args=[assessment.pk, "planned", third.slug]) in body
    )


def test_the_demo_profile_has_both_scenarios_and_is_not_written_twice(assessment, lead, section):
    from assessments.costs.demo import demo_cost_profile

    profile = demo_cost_profile(assessment=assessment, user=lead)
    assert profile.version == 3  # two practices now, one planned change
    summary = cost_summary(assessment)
    assert summary.now.total > 0
    assert summary.planned.total != summary.now.total
    assert demo_cost_profile(assessment=assessment, user=lead).version == 3


def test_the_plan_reads_the_actions_in_their_own_order(assessment, section):
    import datetime

    from assessments.costs.summary import _acted_on

    first, second, third = section.activities[:3]
    for activity, due in (
        (first, None),
        (second, datetime.date(2027, 3, 1)),
        (third, datetime.date(2026, 9, 1)),
        (first, datetime.date(2027, 1, 1)),
    ):
        Action.objects.create(
            assessment=assessment, description="Act", activity=activity, due_date=due
        )
    Action.objects.create(assessment=assessment, description="About no activity")
    expected = list(
        Action.objects.filter(assessment=assessment, activity__isnull=False).values_list(
            "activity__slug", flat=True
        )
    )
    assert expected == [third.slug, first.slug, second.slug, first.slug]
    assert _acted_on(assessment) == expected
