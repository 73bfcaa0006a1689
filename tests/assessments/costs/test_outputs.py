"""The cost section of the results page and the PDF, the default rates, and admin."""

import pytest
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.costs.models import ExpertRate, StaffRole, UnitCost
from assessments.costs.references import EBCD_REFERENCES
from assessments.costs.summary import cost_summary, summary_if_profiled
from tests.factories import make_user

from .test_views import activity_url, lines

pytestmark = pytest.mark.django_db


def test_every_database_has_labelled_default_rates():
    bands = StaffRole.objects.filter(organisation__isnull=True)
    assert bands.filter(slug="afc-band-7", hourly_pence=4039).exists()
    assert bands.count() == 11
    for model in (StaffRole, ExpertRate, UnitCost):
        for row in model.objects.filter(organisation__isnull=True):
            assert row.source.startswith("Estimate to replace with local figures"), row
            assert row.year == "2025/26"
    assert ExpertRate.objects.get(slug="involvement-payment-day").amount_pence == 15000


def test_one_override_per_organisation_and_rate(organisation):
    default = StaffRole.objects.get(slug="afc-band-7", organisation__isnull=True)
    StaffRole.objects.create(
        slug=default.slug,
        name=default.name,
        hourly_pence=5000,
        organisation=organisation,
        source="Ours",
        year="2026/27",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffRole.objects.create(
            slug=default.slug,
            name=default.name,
            hourly_pence=5100,
            organisation=organisation,
            source="Ours again",
            year="2026/27",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffRole.objects.create(
            slug=default.slug, name="A second default", hourly_pence=1, source="x", year="x"
        )


def test_no_profile_no_section(assessment):
    assert summary_if_profiled(assessment) is None
    assert (
        render_to_string("reports/_costs.html", {"costs": None, "assessment": assessment}).strip()
        == ""
    )
    assert render_to_string("costs/_results_summary.html", {"costs": None}).strip() == ""


def test_the_pdf_section_and_the_results_summary_show_both_scenarios(
    client, lead, assessment, section
):
    client.force_login(lead)
    client.post(activity_url(assessment, "now", section.activities[0].slug), lines())
    summary = summary_if_profiled(assessment)
    pdf = render_to_string("reports/_costs.html", {"costs": summary, "assessment": assessment})
    assert "£2,780.92" in pdf
    assert "<svg" in pdf and "Now £2,780.92 a year; planned £2,780.92 a year" in pdf
    assert section.activities[0].name in pdf
    results = render_to_string("costs/_results_summary.html", {"costs": summary})
    assert "£2,780.92" in results
    assert reverse("assessments:costs", args=[assessment.pk]) in results
    # The bars: each kind's width is its share of the larger total.
    now_bar = summary.bars[0]
    assert sum(width for *_, width, _x in now_bar.segments) == pytest.approx(100, abs=0.05)


def test_co_design_activities_get_the_ebcd_reference_costs(client, lead, organisation):
    from assessments.models import Frequency
    from assessments.questionnaire import services as answers
    from tests.factories import category_sections, make_assessment, save_category

    co_design = next(s for s in category_sections() if s.category.slug == "co-design")
    draft = make_assessment(organisation, lead)
    save_category(draft, lead, co_design, default=answers.AnswerData(Frequency.OCCASIONAL, (), ""))
    summary = cost_summary(draft)
    assert summary.ebcd == EBCD_REFERENCES
    client.force_login(lead)
    body = client.get(reverse("assessments:costs", args=[draft.pk])).content.decode()
    assert "£28,565.00" in body and "£20,000.00" in body
    assert "half the cost of a full experience-based co-design project" in body


def test_no_co_design_no_reference_costs(assessment):
    assert cost_summary(assessment).ebcd == ()


def test_staff_see_rates_and_their_history_in_admin(client, organisation):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    role = StaffRole.objects.get(slug="afc-band-7", organisation__isnull=True)
    assert client.get(reverse("admin:costs_staffrole_changelist")).status_code == 200
    assert client.get(reverse("admin:costs_staffrole_history", args=[role.pk])).status_code == 200
    assert client.get(reverse("admin:costs_costprofile_changelist")).status_code == 200


def test_decisions_changed_sit_beside_the_money_never_as_a_saving(
    client, lead, organisation, assessment, section
):
    import datetime

    from assessments.ledger.models import LedgerEntry

    LedgerEntry.objects.create(
        organisation=organisation,
        said="The crisis line closes too early",
        heard_on=datetime.date(2026, 6, 1),
        status="acted-on",
        outcome="decision-changed",
        did="Opening hours extended",
    )
    client.force_login(lead)
    client.post(activity_url(assessment, "now", section.activities[0].slug), lines())
    body = client.get(reverse("assessments:costs", args=[assessment.pk])).content.decode()
    assert "1 decision and 0 services changed" in body
    assert "They are not a saving" in body
    assert "saved" not in body.lower().replace("costs saved for", "")


def test_staff_can_read_a_profile_in_admin_but_not_change_it(client, lead, assessment, section):
    from assessments.costs.models import CostProfile

    client.force_login(lead)
    client.post(activity_url(assessment, "now", section.activities[0].slug), lines())
    profile = CostProfile.objects.get(assessment=assessment)
    client.force_login(make_user(is_staff=True, is_superuser=True))
    url = reverse("admin:costs_costprofile_change", args=[profile.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
