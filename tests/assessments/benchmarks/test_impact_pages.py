"""The benchmark's evidence-of-impact pages, on generated data: each is defined with its
target, is of the busiest organisation's fullest ledger page and furthest project, and
answers its lead."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.benchmarks.pages import (
    DOCX_TARGET,
    HTML_TARGET,
    impact_pages,
    signed_in,
)
from assessments.codesign.models import CoDesignProject
from assessments.ledger.models import LedgerEntry
from assessments.models import Assessment, Membership, Organisation
from assessments.periods import period_of

pytestmark = pytest.mark.django_db

IMPACT_PAGES = [
    "ledger",
    "ledger entry",
    "projects",
    "project",
    "principles",
    "annual report",
    "annual report docx",
]


@pytest.fixture
def busiest() -> tuple[Organisation, Assessment]:
    call_command(
        "generate_national_data",
        organisations=6,
        assessments=24,
        actions=10,
        busiest=5,
        password="a tiny test password",
    )
    organisation = Organisation.objects.get(ods_code="X00001")
    submitted = (
        organisation.assessments.filter(status=Assessment.Status.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    return organisation, submitted


def lead_client(organisation: Organisation):
    membership = Membership.objects.get(organisation=organisation, role=Membership.Role.LEAD)
    return signed_in(membership.user)


def test_the_impact_pages_are_defined_with_their_targets(busiest):
    organisation, submitted = busiest
    pages, subjects = impact_pages(submitted, lead_client(organisation))
    assert [page.name for page in pages] == IMPACT_PAGES
    targets = {page.name: page.target for page in pages}
    assert targets.pop("annual report docx") == DOCX_TARGET
    assert set(targets.values()) == {HTML_TARGET}
    assert subjects["ledger entries of the organisation"] == (
        LedgerEntry.objects.filter(organisation=organisation).count()
    )
    assert subjects["phases of the project"] == 6


def test_every_impact_page_answers_the_lead(busiest):
    organisation, submitted = busiest
    for page in impact_pages(submitted, lead_client(organisation))[0]:
        response = page.request()
        assert response.status_code == page.expect, page.name
    docx = reverse("assessments:annual-report-docx", args=[submitted.pk])
    response = lead_client(organisation).get(docx)
    assert response.content[:2] == b"PK"  # a Word document is a zip


def test_the_ledger_page_is_the_fullest_period_and_the_project_the_furthest(busiest):
    organisation, submitted = busiest
    pages = {page.name: page for page in impact_pages(submitted, lead_client(organisation))[0]}
    counts: dict[str, int] = {}
    for heard_on in LedgerEntry.objects.filter(organisation=organisation).values_list(
        "heard_on", flat=True
    ):
        counts[period_of(heard_on)] = counts.get(period_of(heard_on), 0) + 1
    fullest = max(counts.values())
    shown = pages["ledger"].url.split("?period=")[1]
    assert counts[shown] == fullest
    furthest = max(
        CoDesignProject.objects.filter(organisation=organisation),
        key=lambda project: project.phases.count(),
    )
    assert pages["project"].url == reverse(
        "assessments:project", args=[organisation.pk, furthest.pk]
    )


def test_an_organisation_without_a_ledger_or_projects_has_only_the_assessment_pages(busiest):
    organisation, submitted = busiest
    LedgerEntry.objects.filter(organisation=organisation).delete()
    CoDesignProject.objects.filter(organisation=organisation).delete()
    pages, _ = impact_pages(submitted, lead_client(organisation))
    assert [page.name for page in pages] == [
        "projects",
        "principles",
        "annual report",
        "annual report docx",
    ]
