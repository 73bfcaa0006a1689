"""The national data's cost profile, run small: the busiest organisation's latest
submitted assessment is costed now and as planned, with a rate of the organisation's
own; ``--replace`` clears all of it; and the benchmark's cost pages are defined with
their targets and answer the lead."""

import pytest
from django.core.management import call_command

from assessments.benchmarks.national_costs import OWN_BAND_7_PENCE
from assessments.benchmarks.national_data import delete_generated
from assessments.benchmarks.pages import HTML_TARGET, JSON_TARGET, costs_pages, signed_in
from assessments.costs.demo import DEMO_LINES
from assessments.costs.models import (
    ActivityCost,
    CostProfile,
    ExpertLine,
    ExpertRate,
    OtherLine,
    StaffLine,
    StaffRole,
    UnitCost,
)
from assessments.costs.summary import cost_summary
from assessments.models import Assessment, Membership, Organisation

pytestmark = pytest.mark.django_db

COST_PAGES = ["costs", "costs activity", "costs csv", "costs rates"]


def generate(**options) -> None:
    call_command(
        "generate_national_data",
        organisations=6,
        assessments=24,
        actions=10,
        busiest=5,
        password="a tiny test password",
        **options,
    )


def latest_submitted(organisation: Organisation) -> Assessment:
    return (
        organisation.assessments.filter(status=Assessment.Status.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def lead_client(organisation: Organisation):
    membership = Membership.objects.get(organisation=organisation, role=Membership.Role.LEAD)
    return signed_in(membership.user)


def test_the_busiest_organisations_latest_submitted_assessment_is_costed():
    generate()
    organisation = Organisation.objects.get(ods_code="X00001")
    submitted = latest_submitted(organisation)
    profile = CostProfile.objects.get()
    assert profile.assessment == submitted
    now = ActivityCost.objects.filter(profile=profile, scenario="now")
    assert now.count() == len(DEMO_LINES)
    assert ActivityCost.objects.filter(profile=profile, scenario="planned").count() == 1
    own = StaffRole.objects.get(organisation=organisation)
    assert (own.slug, own.hourly_pence) == ("afc-band-7", OWN_BAND_7_PENCE)
    summary = cost_summary(submitted, with_impact=False)
    assert summary.now.total > 0
    assert summary.planned.total != summary.now.total


def test_replacing_generated_data_clears_cost_profiles_their_lines_and_own_rates():
    generate()
    assert StaffLine.objects.exists() and ExpertLine.objects.exists()
    assert OtherLine.objects.exists() and StaffLine.history.exists()
    delete_generated()
    for model in (CostProfile, ActivityCost, StaffLine, ExpertLine, OtherLine):
        assert not model.objects.exists(), model
        assert not model.history.exists(), model
    for rate in (StaffRole, ExpertRate, UnitCost):
        assert not rate.objects.filter(organisation__isnull=False).exists()
        assert rate.objects.filter(organisation__isnull=True).exists()  # the defaults stay
    assert not StaffRole.history.filter(organisation_id__isnull=False).exists()
    generate(replace=True)
    assert CostProfile.objects.count() == 1


def test_the_cost_pages_are_defined_with_their_targets_and_answer_the_lead():
    generate()
    organisation = Organisation.objects.get(ods_code="X00001")
    submitted = latest_submitted(organisation)
    pages, subjects = costs_pages(submitted, lead_client(organisation))
    assert [page.name for page in pages] == COST_PAGES
    targets = {page.name: page.target for page in pages}
    assert targets.pop("costs csv") == JSON_TARGET
    assert set(targets.values()) == {HTML_TARGET}
    assert subjects["costed practices of the submitted"] == len(DEMO_LINES) + 1
    for page in pages:
        response = page.request()
        assert response.status_code == page.expect, page.name
    csv = next(page for page in pages if page.name == "costs csv").request()
    assert csv["Content-Type"].startswith("text/csv")


def test_an_assessment_without_a_profile_has_no_costs_activity_page():
    generate()
    organisation = Organisation.objects.get(ods_code="X00001")
    CostProfile.objects.all().delete()
    pages, _ = costs_pages(latest_submitted(organisation), lead_client(organisation))
    assert [page.name for page in pages] == ["costs", "costs csv", "costs rates"]
