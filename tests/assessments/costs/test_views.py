"""The cost pages: the profile, one activity's lines, the CSV and the rates."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.costs import calculation
from assessments.costs.export import costs_csv, costs_export
from assessments.costs.models import ActivityCost, CostProfile, StaffRole
from assessments.costs.summary import cost_summary, summary_if_profiled
from assessments.models import Frequency
from assessments.questionnaire import services as answers
from tests.factories import save_category

pytestmark = pytest.mark.django_db

# The most queries each page makes, with the catalogue read cold (as after an admin edit):
# the profile page reads the session, user and authenticator (3), the membership and the
# assessment (2), the catalogue, the profile (1), its activities and all their lines (2),
# the three kinds of rate (1), the answers, the actions and the impact ledger's figures;
# the edit page and the CSV do not read the ledger. The rates page reads the rates in one.
PROFILE_PAGE = 23
OTHER_PAGE = 21
RATES_PAGE = 5


def activity_url(assessment, scenario, slug):
    return reverse("assessments:costs-activity", args=[assessment.pk, scenario, slug])


def lines(version=0, **changes):
    data = {
        "version": str(version),
        "times_a_year": "4",
        "staff-0-role": "afc-band-7",
        "staff-0-people": "2",
        "staff-0-preparation": "60",
        "staff-0-session": "120",
        "staff-0-follow_up": "30",
        "expert-0-rate": "involvement-payment-hour",
        "expert-0-people": "5",
        "expert-0-minutes": "120",
        "expert-0-paid": "on",
        "expert-0-travel": "on",
        "other-0-unit": "venue-half-day",
        "other-0-quantity": "1",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Band 7 £40.39 an hour × 2 people × 210 minutes = £282.73; 5 × (2 h × £18.75 + £15 travel)
# = £262.50; a venue £150: £695.23 each time, £2,780.92 in four.
EACH_TIME = 28273 + 26250 + 15000


def test_the_profile_page_lists_each_practice(
    client, lead, assessment, section, django_assert_max_num_queries
):
    client.force_login(lead)
    with django_assert_max_num_queries(PROFILE_PAGE):
        response = client.get(reverse("assessments:costs", args=[assessment.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    first, second, third = section.activities[:3]
    assert first.name in body and second.name in body
    assert activity_url(assessment, "now", first.slug) in body
    assert activity_url(assessment, "now", third.slug) not in body  # not practised
    assert "No costs entered yet" in body


def test_saving_an_activity_costs_it_in_both_scenarios(
    client, lead, assessment, section, django_assert_max_num_queries
):
    client.force_login(lead)
    first = section.activities[0]
    with django_assert_max_num_queries(60):
        response = client.post(activity_url(assessment, "now", first.slug), lines())
    assert response.status_code == 302
    profile = CostProfile.objects.get(assessment=assessment)
    assert profile.version == 1
    summary = cost_summary(assessment)
    assert summary.now.by_activity[first.slug] == 4 * EACH_TIME
    # Nothing in the plan touches it: planned is a copy.
    assert summary.planned.by_activity[first.slug] == 4 * EACH_TIME
    assert summary.now.total == sum(summary.now.by_kind.values())
    response = client.get(reverse("assessments:costs", args=[assessment.pk]))
    body = response.content.decode()
    assert "£2,780.92" in body
    assert "By part of the Grid" in body and section.category.name in body
    assert "By commissioning stage" in body and "£1,390.46" in body


def test_the_edit_page_works(
    client, commissioner, assessment, section, django_assert_max_num_queries
):
    client.force_login(commissioner)
    with django_assert_max_num_queries(OTHER_PAGE):
        response = client.get(activity_url(assessment, "now", section.activities[0].slug))
    assert response.status_code == 200
    assert "Save and recalculate" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("staff-0-session", "-5", "Minutes at the session for staff 1 must be 0 or more"),
        ("staff-0-people", "100000", "People for staff 1 must be 500 or fewer"),
        ("times_a_year", "lots", "Times a year must be a whole number, like 2"),
        ("times_a_year", "9999", "Times a year must be 365 or fewer"),
        ("other-0-quantity", "two", "How many units for other cost 1 must be a number, like 2"),
        ("staff-0-role", "", "Select a role for staff 1"),
    ],
)
def test_bad_input_gets_an_error_and_keeps_what_was_typed(
    client, lead, assessment, section, field, value, message
):
    client.force_login(lead)
    data = lines(**{field: value}, **{"staff-1-session": "45"})
    data["staff-1-role"] = "afc-band-3"
    response = client.post(activity_url(assessment, "now", section.activities[0].slug), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "<title>Error: " in body
    assert f'value="{value}"' in body or value == ""
    assert 'value="45"' in body  # another row, kept
    assert not CostProfile.objects.filter(assessment=assessment).exists()


def test_a_stale_version_is_refused_and_keeps_the_typing(
    client, lead, commissioner, assessment, section
):
    first = section.activities[0]
    client.force_login(commissioner)
    client.post(activity_url(assessment, "now", first.slug), lines())
    client.force_login(lead)
    response = client.post(
        activity_url(assessment, "now", first.slug), lines(0, **{"staff-0-session": "77"})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else changed these costs" in body
    assert 'value="77"' in body
    assert 'name="version" value="1"' in body
    assert CostProfile.objects.get(assessment=assessment).version == 1
    # Saving again now lands over theirs.
    response = client.post(
        activity_url(assessment, "now", first.slug), lines(1, **{"staff-0-session": "77"})
    )
    assert response.status_code == 302


def test_a_rate_override_applies_to_its_organisation_alone(
    client, organisation, lead, commissioner, assessment, section, outsider
):
    from assessments.models import Frequency
    from assessments.questionnaire import services as answers
    from tests.factories import make_assessment, save_category

    first = section.activities[0]
    theirs = make_assessment(outsider.memberships.get().organisation, outsider)
    save_category(
        theirs, outsider, section, {first.slug: answers.AnswerData(Frequency.ROUTINE, (), "")}
    )
    for who, which in ((lead, assessment), (outsider, theirs)):
        client.force_login(who)
        client.post(activity_url(which, "now", first.slug), lines())
    before = cost_summary(theirs).now.total
    assert cost_summary(assessment).now.total == before

    client.force_login(commissioner)
    url = reverse("assessments:costs-rates", args=[organisation.pk])
    assert client.post(url, {"staff-afc-band-7-hourly_pence": "50.00"}).status_code == 403

    client.force_login(lead)
    response = client.get(url)
    data = {name: field.initial for name, field in response.context["form"].fields.items()}
    data["staff-afc-band-7-hourly_pence"] = "50.00"
    response = client.post(url, data)
    assert response.status_code == 302
    own = StaffRole.objects.get(organisation=organisation, slug="afc-band-7")
    assert own.hourly_pence == 5000
    assert StaffRole.objects.filter(organisation=organisation).count() == 1
    # £50 × 2 × 210 minutes = £350 a time instead of £282.73, four times a year: both scenarios.
    summary = cost_summary(assessment)
    assert summary.now.total == before + 4 * (35000 - 28273)
    assert summary.planned.total == summary.now.total
    assert cost_summary(theirs).now.total == before
    # Emptying the box goes back to the default.
    data["staff-afc-band-7-hourly_pence"] = ""
    client.post(url, data)
    assert not StaffRole.objects.filter(organisation=organisation).exists()


def test_the_rates_page_for_a_commissioner_is_read_only(
    client, organisation, commissioner, django_assert_max_num_queries
):
    client.force_login(commissioner)
    with django_assert_max_num_queries(RATES_PAGE):
        response = client.get(reverse("assessments:costs-rates", args=[organisation.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Only an involvement lead can change them" in body
    assert "Save rates" not in body


def test_bad_rates_get_an_error(client, organisation, lead):
    client.force_login(lead)
    url = reverse("assessments:costs-rates", args=[organisation.pk])
    response = client.post(url, {"staff-afc-band-7-hourly_pence": "-3"})
    assert response.status_code == 200
    assert "Cost of an hour must be 0 or more" in response.content.decode()
    response = client.post(url, {"units-venue-half-day-amount_pence": "lots"})
    assert "Cost of one unit must be an amount of money, like 25.50" in response.content.decode()
    assert not StaffRole.objects.filter(organisation=organisation).exists()


def test_the_csv_adds_up(client, lead, assessment, section, django_assert_max_num_queries):
    client.force_login(lead)
    client.post(activity_url(assessment, "now", section.activities[0].slug), lines())
    with django_assert_max_num_queries(OTHER_PAGE):
        response = client.get(reverse("assessments:costs-csv", args=[assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    now = [row for row in rows if row["scenario"] == "now"]
    total = next(row for row in now if row["line"] == "total")
    kinds = [row for row in now if row["line"].startswith("total-")]
    assert total["year_total_gbp"] == "2780.92"
    assert sum(float(row["year_total_gbp"]) for row in kinds) == pytest.approx(2780.92)


def test_the_export_has_exactly_its_keys(lead, assessment, section, client):
    assert costs_export(summary_if_profiled(assessment)) is None
    client.force_login(lead)
    client.post(activity_url(assessment, "now", section.activities[0].slug), lines())
    data = costs_export(summary_if_profiled(assessment))
    assert set(data) == {"currency", "scenarios", "difference"}
    assert data["currency"] == "GBP"
    assert set(data["scenarios"]) == {"now", "planned"}
    for shape in (data["scenarios"]["now"], data["scenarios"]["planned"], data["difference"]):
        assert set(shape) == {"total", "by_kind", "by_activity", "by_stage"}
        assert set(shape["by_kind"]) == {"staff", "lived_experience", "other"}
    now = data["scenarios"]["now"]
    assert now["total"] == "2780.92"
    assert now["by_activity"][section.activities[0].slug] == "2780.92"
    # Shared equally over its two stages: 1390.46 each; the second practice is not costed.
    assert now["by_stage"] == {
        "strategic-planning": "1390.46",
        "contracting": "1390.46",
        "pathway-design": "0.00",
    }
    assert data["difference"]["total"] == "0.00"


@pytest.mark.parametrize("name", ["costs", "costs-csv"])
def test_other_organisations_get_404(client, assessment, outsider, name):
    client.force_login(outsider)
    assert client.get(reverse(f"assessments:{name}", args=[assessment.pk])).status_code == 404


def test_other_organisations_get_404_on_the_edit_page_and_the_rates(
    client, organisation, assessment, section, outsider
):
    client.force_login(outsider)
    url = activity_url(assessment, "now", section.activities[0].slug)
    assert client.get(url).status_code == 404
    assert client.post(url, lines()).status_code == 404
    rates = reverse("assessments:costs-rates", args=[organisation.pk])
    assert client.get(rates).status_code == 404
    assert client.post(rates, {}).status_code == 404
    assert not CostProfile.objects.exists()


def test_bad_ids_get_404(client, lead, assessment, section):
    client.force_login(lead)
    first = section.activities[0]
    assert client.get(reverse("assessments:costs", args=[987654321])).status_code == 404
    assert client.get(activity_url(assessment, "later", first.slug)).status_code == 404
    assert client.get(activity_url(assessment, "now", "no-such-activity")).status_code == 404
    third = section.activities[2]  # not practised, not in the plan
    assert client.get(activity_url(assessment, "now", third.slug)).status_code == 404
    assert client.get(reverse("assessments:costs-rates", args=[987654321])).status_code == 404


def test_signing_in_is_needed(client, assessment):
    response = client.get(reverse("assessments:costs", args=[assessment.pk]))
    assert response.status_code == 302


def test_user_text_is_escaped(client, organisation, lead, assessment):
    organisation.name = "<script>alert(1)</script> ICB"
    organisation.save()
    client.force_login(lead)
    body = client.get(reverse("assessments:costs", args=[assessment.pk])).content.decode()
    assert "<script>alert(1)" not in body


def test_queries_stay_flat_as_the_profile_grows(
    client, lead, assessment, section, django_assert_max_num_queries
):
    client.force_login(lead)
    for number, activity in enumerate(section.activities[:2]):
        client.post(activity_url(assessment, "now", activity.slug), lines(number))
    client.post(activity_url(assessment, "planned", section.activities[0].slug), lines(2))
    assert ActivityCost.objects.count() == 3
    with django_assert_max_num_queries(PROFILE_PAGE):
        assert client.get(reverse("assessments:costs", args=[assessment.pk])).status_code == 200


def test_a_full_profile_of_a_submitted_assessment_stays_within_budget(
    client, organisation, lead, django_assert_max_num_queries
):
    from assessments.costs.demo import DEMO_LINES
    from assessments.costs.services import activity_cost_save
    from tests.factories import submitted_assessment

    submitted = submitted_assessment(organisation, lead)
    practices = cost_summary(submitted).scenarios.now
    for version, item in enumerate(practices[:12]):
        activity_cost_save(
            assessment=submitted,
            user=lead,
            scenario="now",
            activity=item.activity,
            expected_version=version,
            lines=DEMO_LINES[version % len(DEMO_LINES)],
        )
    client.force_login(lead)
    for name in ("costs", "costs-csv"):
        with django_assert_max_num_queries(PROFILE_PAGE):
            response = client.get(reverse(f"assessments:{name}", args=[submitted.pk]))
        assert response.status_code == 200
    summary = cost_summary(submitted)
    assert sum(summary.now.by_activity.values()) == summary.now.total
    assert sum(summary.now.by_stage.values()) == summary.now.total
    assert sum(summary.now.by_category.values()) == summary.now.total


def test_a_commissioner_edits_the_profile_of_a_submitted_assessment(client, organisation, lead):
    from tests.factories import make_member, submitted_assessment

    submitted = submitted_assessment(organisation, lead)
    slug = cost_summary(submitted).scenarios.now[0].slug
    client.force_login(make_member(organisation))
    response = client.post(activity_url(submitted, "now", slug), lines())
    assert response.status_code == 302
    assert cost_summary(submitted).now.by_activity[slug] == 4 * EACH_TIME


def test_an_expert_rate_override_keeps_every_amount(
    client, organisation, lead, assessment, section
):
    client.force_login(lead)
    client.post(activity_url(assessment, "now", section.activities[0].slug), lines())
    url = reverse("assessments:costs-rates", args=[organisation.pk])
    form = client.get(url).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data["experts-involvement-payment-hour-amount_pence"] = "25.00"
    data["experts-involvement-payment-hour-travel_pence"] = "0"
    assert client.post(url, data).status_code == 302
    summary = cost_summary(assessment)
    # 5 people × 2 hours × £25, no travel: £250 instead of £262.50, four times a year.
    assert summary.now.by_kind["lived_experience"] == 4 * 25000
    body = client.get(url).content.decode()
    assert "Your own figure for 2025/26." in body


def test_a_quantity_keeps_its_two_decimals(client, lead, assessment, section):
    # SQLite gives 2.50 back as 2.5: the CSV and the form show what was saved.
    client.force_login(lead)
    first = section.activities[0]
    client.post(activity_url(assessment, "now", first.slug), lines(**{"other-0-quantity": "2.5"}))
    response = client.get(reverse("assessments:costs-csv", args=[assessment.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    others = [row for row in rows if row["line"] == "other"]
    assert [row["quantity"] for row in others] == ["2.50", "2.50"]  # now and planned
    # 4 × (£282.73 + £262.50 + 2.5 × £150) = £3,680.92
    assert cost_summary(assessment).now.by_activity[first.slug] == 4 * (EACH_TIME + 22500)
    page = client.get(activity_url(assessment, "now", first.slug)).content.decode()
    assert 'value="2.50"' in page


def test_an_activity_costed_then_retired_stays_in_the_profile(lead, organisation, assessment):
    from assessments.costs.profile import Lines
    from assessments.costs.services import activity_cost_save
    from assessments.results.results import results_catalogue
    from coprod_grid.models import Activity
    from tests.factories import category_sections

    answered = {answer.activity_id for answer in assessment.answers.all()}
    unanswered = next(
        activity
        for section in category_sections()
        for activity in section.activities
        if activity.pk not in answered
    )
    activity_cost_save(
        assessment=assessment,
        user=lead,
        scenario="now",
        activity=unanswered,
        expected_version=0,
        lines=Lines(2, others=(calculation.OtherInput("venue-half-day", 1),)),
    )
    retired = Activity.objects.get(pk=unanswered.pk)
    retired.is_active = False
    retired.save()
    assert unanswered.slug not in results_catalogue().activity_by_slug

    item = cost_summary(assessment).scenarios.find("now", unanswered.slug)
    assert item is not None and item.activity == unanswered
    assert item.activity.name == unanswered.name
    assert item.category == unanswered.category.slug
    assert item.lines.times_a_year == 2 and len(item.lines.others) == 1


def test_the_csv_is_kept_until_something_it_shows_changes(
    client, lead, assessment, section, organisation
):
    client.force_login(lead)
    first, second = section.activities[:2]
    client.post(activity_url(assessment, "now", first.slug), lines())
    url = reverse("assessments:costs-csv", args=[assessment.pk])
    with CaptureQueriesContext(connection) as cold:
        before = client.get(url).content
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).content == before
    assert len(warm) < len(cold)

    # A line saved, an answer changed and a rate of the organisation's own: each shows.
    client.post(activity_url(assessment, "now", first.slug), lines(1, times_a_year="6"))
    after_line = client.get(url).content
    assert after_line != before
    assert after_line == costs_csv(cost_summary(assessment, with_impact=False)).encode()
    save_category(
        assessment,
        lead,
        section,
        {second.slug: answers.AnswerData(Frequency.ROUTINE, ("pathway-design",), "")},
    )
    after_answer = client.get(url).content
    assert after_answer != after_line
    rates = reverse("assessments:costs-rates", args=[organisation.pk])
    assert client.post(rates, {"staff-afc-band-7-hourly_pence": "99.00"}).status_code == 302
    assert client.get(url).content != after_answer
    assert client.get(url).content == (
        costs_csv(cost_summary(assessment, with_impact=False)).encode()
    )
