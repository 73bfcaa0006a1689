"""The caches never serve anything stale: a submitted assessment's export until it is
reopened, charts and PDFs by their content, drafts never from an old key."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.actions.services import ActionData, action_create
from assessments.ledger.models import LedgerEntry
from assessments.models import Assessment, Membership
from assessments.panel import services as panel_services
from assessments.peers.services import peer_sharing_set
from assessments.questionnaire.lifecycle import assessment_reopen
from assessments.questionnaire.services import AnswerData
from assessments.reports import context as reports
from assessments.results import cache as result_cache
from coprod_grid.grid.chart import build_chart
from coprod_grid.grid.points import GridPoint
from coprod_grid.models import ServiceArea
from tests.factories import (
    LEAD,
    answer_all,
    category_sections,
    clear_caches,
    make_assessment,
    make_member,
    make_organisation,
    save_category,
    submit,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)  # in the assessments' period, 2026/27


@pytest.fixture(autouse=True)
def _empty_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def lead():
    return make_member(make_organisation(), LEAD)


def _export(client, assessment) -> dict:
    response = client.get(reverse("assessments:export-json", args=[assessment.pk]))
    assert response.status_code == 200
    return response.json()


def test_a_reopened_and_resubmitted_assessment_is_not_served_from_the_cache(client, lead):
    assessment = submitted_assessment(lead.organisations.first(), lead)
    client.force_login(lead)
    before = _export(client, assessment)
    assert _export(client, assessment) == before  # from the cache
    membership = Membership.objects.get(user=lead)
    assessment_reopen(assessment=assessment, membership=membership, user=lead)
    section = category_sections()[0]
    save_category(assessment, lead, section, default=AnswerData("none"))
    draft = _export(client, assessment)
    assert draft["status"] == "draft"
    changed = {a["activity"] for a in draft["answers"] if a["frequency"] == "none"}
    assert changed == {activity.slug for activity in section.activities}
    submit(assessment, lead)
    after = _export(client, assessment)
    assert after["status"] == "submitted"
    assert after["submitted_at"] != before["submitted_at"]
    assert after["answers"] == draft["answers"]


def test_a_draft_is_never_cached(lead):
    assessment = submitted_assessment(lead.organisations.first(), lead)
    assessment.status, assessment.submitted_at = "draft", None
    assert result_cache.submitted_key(assessment, "export") is None


def test_the_export_key_follows_the_organisation_name(client, lead):
    assessment = submitted_assessment(lead.organisations.first(), lead)
    client.force_login(lead)
    assert _export(client, assessment)["organisation"]["name"] != "Renamed ICB"
    organisation = assessment.organisation
    organisation.name = "Renamed ICB"
    organisation.save()
    assert _export(client, assessment)["organisation"]["name"] == "Renamed ICB"


def test_the_export_text_is_kept_until_something_it_shows_changes(client, lead):
    organisation = lead.organisations.first()
    assessment = submitted_assessment(organisation, lead)
    membership = Membership.objects.get(user=lead)
    client.force_login(lead)
    url = reverse("assessments:export-json", args=[assessment.pk])

    def body() -> bytes:
        response = client.get(url)
        assert response["Content-Type"] == "application/json"
        return response.content

    def as_built() -> bytes:
        """What the export is with nothing cached, written as JsonResponse writes it."""
        clear_caches()
        fresh = Assessment.objects.select_related("organisation").get(pk=assessment.pk)
        data = result_cache.assessment_export(fresh)
        return JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False}).content

    with CaptureQueriesContext(connection) as cold:
        first = body()
    with CaptureQueriesContext(connection) as warm:
        assert body() == first
    assert len(warm) < len(cold)
    assert first == as_built()

    # An earlier year submitted, then reopened: "previous" and "change" follow it.
    earlier = make_assessment(organisation, lead, period="2025/26")
    answer_all(earlier, lead, default=AnswerData("occasional", ("contracting",), ""))
    submit(earlier, lead)
    with_earlier = body()
    assert json.loads(with_earlier)["previous"]["period"] == "2025/26"
    assert with_earlier == as_built()
    assessment_reopen(assessment=earlier, membership=membership, user=lead)
    assert body() == first

    # Sharing with peers (too few to show), a ledger entry and the panel: each is read.
    peer_sharing_set(membership=membership, shared=True)
    assert body() == as_built()
    LedgerEntry.objects.create(organisation=organisation, said="Heard", heard_on=TODAY)
    with_entry = body()
    assert with_entry != first
    assert with_entry == as_built()
    panel = panel_services.panel_for_assessment(assessment, user=lead)
    assert body() == as_built()
    panel_services.panel_headline_set(panel=panel, by=membership, headline="agreed")
    assert body() == as_built()


def test_a_chart_is_cached_by_its_content():
    point = GridPoint("a", 1, "An activity", "cat", "Category", "#005EB8", 0.2, 0.7)
    first = build_chart([point], title="One")
    again = build_chart([point], title="One")
    assert again.svg_context == first.svg_context and again is not first
    moved = build_chart(
        [GridPoint("a", 1, "An activity", "cat", "Category", "#005EB8", 0.8, 0.7)], title="One"
    )
    assert moved.svg_context != first.svg_context


def test_the_pdf_is_rendered_again_when_the_report_changes(lead, monkeypatch):
    renders = []

    def fake_render(html, **options):
        renders.append(html)
        return b"%PDF-" + str(len(renders)).encode()

    monkeypatch.setattr(reports, "render_pdf", fake_render)
    assessment = submitted_assessment(lead.organisations.first(), lead)
    first = reports.render_report(assessment)
    assert reports.render_report(assessment) == first
    assert len(renders) == 1
    action_create(assessment=assessment, user=lead, data=ActionData(description="Pay experts"))
    assert reports.render_report(assessment) != first
    assert len(renders) == 2


def test_a_rendered_pdf_is_kept_in_the_database_for_every_process(lead, monkeypatch):
    monkeypatch.setattr(reports, "render_pdf", lambda html, **options: b"%PDF-shared")
    assessment = submitted_assessment(lead.organisations.first(), lead)
    reports.render_report(assessment)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {settings.REPORT_CACHE_TABLE}")
        assert cursor.fetchone()[0] == 2  # the PDF, and the day its content was first made
    # Another process has nothing in its memory, and finds the PDF all the same.
    caches["default"].clear()
    monkeypatch.setattr(reports, "render_pdf", lambda html, **options: b"%PDF-rendered-again")
    assert reports.render_report(assessment) == b"%PDF-shared"


def _results_page(client, assessment) -> str:
    """The results page, without the request's CSP nonce and CSRF token."""
    response = client.get(reverse("assessments:results", args=[assessment.pk]))
    assert response.status_code == 200
    html = re.sub(r'nonce="[^"]+"', "nonce", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "csrf", html)


def test_a_submitted_results_page_is_cached_and_shows_catalogue_edits_at_once(
    client, lead, django_assert_max_num_queries
):
    from coprod_grid.models import DiscussionPoint

    assessment = submitted_assessment(lead.organisations.first(), lead)
    client.force_login(lead)
    first = _results_page(client, assessment)
    # Besides the cached fragments, the evidence of impact and the costs are read live
    # (the answers, the ledger, the projects and their phases, the cost profile).
    with django_assert_max_num_queries(13):
        assert _results_page(client, assessment) == first
    point = DiscussionPoint.objects.first()
    point.text = "How do we pay experts-by-experience for their time?"
    point.save()
    assert "How do we pay experts-by-experience for their time?" in _results_page(
        client, assessment
    )


def test_a_cached_results_page_follows_the_organisation_name_and_the_action_count(client, lead):
    organisation = lead.organisations.first()
    assessment = submitted_assessment(organisation, lead)
    client.force_login(lead)
    assert "(0 actions)" in _results_page(client, assessment)
    organisation.name = "Renamed Integrated Care Board"
    organisation.save()
    action_create(assessment=assessment, user=lead, data=ActionData(description="Pay the panel"))
    html = _results_page(client, assessment)
    assert "Renamed Integrated Care Board on the Co-production Grid" in html
    assert "(1 action)" in html


def test_a_draft_results_page_is_rendered_again_after_every_change(client, lead, monkeypatch):
    organisation = lead.organisations.first()
    assessment = submitted_assessment(organisation, lead)
    membership = Membership.objects.get(user=lead)
    assessment_reopen(assessment=assessment, membership=membership, user=lead)
    renders = []
    render = result_cache.render_results_fragments
    monkeypatch.setattr(
        result_cache,
        "render_results_fragments",
        lambda *args, **kwargs: renders.append(1) or render(*args, **kwargs),
    )
    client.force_login(lead)
    before = _results_page(client, assessment)
    assert _results_page(client, assessment) == before
    assert len(renders) == 1  # the same draft, from the cache
    save_category(assessment, lead, category_sections()[0], default=AnswerData("none"))
    after = _results_page(client, assessment)
    assert after != before and len(renders) == 2
    assessment.service_areas.set(ServiceArea.objects.all()[:2])
    _results_page(client, assessment)
    assert len(renders) == 3, "service areas"
    assessment.refresh_from_db()
    assessment.service_areas_other = "Crisis cafés run by peers"
    assessment.save()
    html = _results_page(client, assessment)
    assert "Crisis cafés run by peers" in html
    assert len(renders) == 4
