"""The results page's and the PDF's parts of the ledger, rendered from a summary."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.ledger.models import Outcome, Status
from assessments.ledger.summary import ImpactSummary, StageImpact, impact_summary
from coprod_grid.models import CommissioningStage

from .conftest import add_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary(lead, organisation) -> ImpactSummary:
    planning = CommissioningStage.objects.get(slug="strategic-planning")
    add_entry(
        lead,
        organisation,
        stage=planning,
        status=Status.FED_BACK,
        outcome=Outcome.DECISION_CHANGED,
        fed_back_on=datetime.date(2026, 9, 1),
    )
    add_entry(lead, organisation)
    add_entry(lead, organisation)
    return impact_summary(organisation.pk, "2026/27")


def test_the_results_part_shows_the_figures(summary, organisation):
    html = render_to_string(
        "ledger/_results_summary.html", {"impact": summary, "organisation": organisation}
    )
    assert 'data-impact="entries">3<' in html
    assert 'data-impact="fed-back">1 of 3 (33%)<' in html
    assert 'data-impact="decisions-changed">1<' in html
    assert 'data-impact-stage="strategic-planning"' in html
    assert "No stage given" in html
    ledger = reverse("assessments:ledger", args=[organisation.pk])
    assert f'href="{ledger}?period=2026/27"' in html


def test_the_results_part_with_no_entries_says_so(organisation):
    html = render_to_string(
        "ledger/_results_summary.html",
        {"impact": impact_summary(organisation.pk, "2026/27"), "organisation": organisation},
    )
    assert "has no entries for 2026/27 yet" in html
    assert reverse("assessments:ledger-new", args=[organisation.pk]) in html
    assert "data-impact-figures" not in html


def test_the_pdf_part_shows_the_figures(summary):
    html = render_to_string("reports/_impact.html", {"impact": summary})
    assert "records 3 things people with lived experience said" in html
    assert "1 was fed back" in html
    assert '<td class="num">1 (33%)</td>' in html
    assert "href=" not in html


def test_the_pdf_part_with_no_entries_says_so(organisation):
    html = render_to_string(
        "reports/_impact.html", {"impact": impact_summary(organisation.pk, "2026/27")}
    )
    assert "has no entries for 2026/27" in html
    assert "<table" not in html


def test_the_pdf_part_escapes_what_it_is_given(organisation):
    """Stage names are curated by staff, but nothing on the page is trusted."""
    hostile = StageImpact("x", "<script>alert(1)</script>", 1, 0, 0)
    summary = ImpactSummary(1, "2026/27", 1, 0, 0.0, 0, 0, 0, 1, (hostile,))
    html = render_to_string("reports/_impact.html", {"impact": summary})
    assert "<script>" not in html and "&lt;script&gt;" in html
    page = render_to_string(
        "ledger/_results_summary.html", {"impact": summary, "organisation": organisation}
    )
    assert "<script>" not in page and "&lt;script&gt;" in page
