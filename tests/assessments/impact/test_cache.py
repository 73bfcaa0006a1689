"""The cached evidence of impact and costs: a hit in two queries, and never stale."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments.actions.services import ActionData, action_create
from assessments.costs.demo import DEMO_LINES
from assessments.costs.models import StaffRole
from assessments.costs.services import activity_cost_save
from assessments.costs.summary import cost_summary
from assessments.impact.cache import cached_live_evidence, freshness
from assessments.ledger import services as ledger
from assessments.models import Assessment
from tests.assessments.codesign.helpers import make_project, record
from tests.assessments.ledger.conftest import IN_2026, add_entry, membership_of
from tests.factories import LEAD, make_member, make_organisation, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def submitted(organisation, lead) -> Assessment:
    assessment = submitted_assessment(organisation, lead)
    assessment.period = "2026/27"
    assessment.save(update_fields=["period"])
    return Assessment.objects.select_related("organisation").get(pk=assessment.pk)


def said(assessment: Assessment) -> list[str]:
    evidence, _costs = cached_live_evidence(assessment)
    return [entry.said for entry in evidence.entries]


def test_a_hit_reads_only_the_freshness_and_the_catalogue_token(
    submitted, lead, django_assert_num_queries
):
    add_entry(lead, submitted.organisation, said="Nobody rang back")
    said(submitted)
    with django_assert_num_queries(2):
        assert said(submitted) == ["Nobody rang back"]


def test_nothing_saved_keeps_the_key(submitted):
    assert freshness(submitted) == freshness(submitted)


def test_an_entry_added_edited_or_deleted_shows_at_once(submitted, lead):
    organisation = submitted.organisation
    assert said(submitted) == []
    entry = add_entry(lead, organisation, said="Nobody rang back")
    assert said(submitted) == ["Nobody rang back"]
    membership = membership_of(lead, organisation)
    entry = ledger.entry_update(membership, entry, entry.version, said="Nobody rang us back")
    assert said(submitted) == ["Nobody rang us back"]
    ledger.entry_delete(membership, entry)
    assert said(submitted) == []


def test_an_entry_moved_out_of_the_period_leaves_it(submitted, lead):
    entry = add_entry(lead, submitted.organisation, said="Nobody rang back")
    assert said(submitted) == ["Nobody rang back"]
    membership = membership_of(lead, submitted.organisation)
    ledger.entry_update(
        membership, entry, entry.version, heard_on=IN_2026 - datetime.timedelta(days=365)
    )
    assert said(submitted) == []


def test_another_organisations_entries_change_nothing(submitted):
    before = freshness(submitted)
    elsewhere = make_organisation(name="NHS Elsewhere ICB")
    add_entry(make_member(elsewhere, LEAD), elsewhere)
    assert freshness(submitted) == before


def test_a_project_and_each_phase_change_the_key(submitted, lead):
    before = freshness(submitted)
    project = make_project(lead, submitted.organisation)
    with_project = freshness(submitted)
    assert with_project != before
    record(lead, project, "set-up")
    assert freshness(submitted) != with_project
    evidence, _costs = cached_live_evidence(submitted)
    assert [p.title for p in evidence.projects] == ["Crisis café"]


def cost_first_practice(assessment: Assessment, lead) -> None:
    """The first practice costed with the demo's first lines, as a member would save it."""
    practice = cost_summary(assessment).scenarios.now[0]
    activity_cost_save(
        assessment=assessment,
        user=lead,
        scenario="now",
        activity=practice.activity,
        expected_version=0,
        lines=DEMO_LINES[0],
    )


def test_a_cost_line_saved_shows_at_once(submitted, lead):
    assert cached_live_evidence(submitted)[1] is None
    cost_first_practice(submitted, lead)
    costs = cached_live_evidence(submitted)[1]
    assert costs is not None and costs.now.total == cost_summary(submitted).now.total > 0


def test_a_rate_edited_in_admin_or_overridden_shows_at_once(submitted, lead, organisation):
    cost_first_practice(submitted, lead)
    first = cached_live_evidence(submitted)[1].now.total
    role_slug = DEMO_LINES[0].staff[0].role
    default = StaffRole.objects.get(slug=role_slug, organisation__isnull=True)
    default.hourly_pence += 1000
    default.save()
    raised = cached_live_evidence(submitted)[1].now.total
    assert raised > first
    StaffRole.objects.create(
        slug=role_slug,
        name=default.name,
        hourly_pence=default.hourly_pence + 1000,
        organisation=organisation,
        source="Ours",
        year="2026/27",
    )
    assert cached_live_evidence(submitted)[1].now.total > raised


def test_an_action_changes_the_key(submitted, lead):
    before = freshness(submitted)
    action_create(assessment=submitted, user=lead, data=ActionData(description="Pay people"))
    assert freshness(submitted) != before


def test_the_results_page_shows_an_entry_added_since_it_was_last_seen(client, submitted, lead):
    client.force_login(lead)
    url = reverse("assessments:results", args=[submitted.pk])
    empty = "Your impact ledger has no entries for 2026/27 yet"
    assert empty in client.get(url).content.decode()
    add_entry(lead, submitted.organisation, said="Nobody rang back")
    page = client.get(url).content.decode()
    assert empty not in page
    assert "See the impact ledger" in page
