"""The caches never serve anything stale: a submitted assessment's export until it is
reopened, charts and PDFs by their content, drafts never from an old key."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from assessments import reports, result_cache
from assessments.models import Membership
from assessments.services import ActionData, AnswerData, action_create, assessment_reopen
from coprod_grid.chart import GridPoint, build_chart
from tests.factories import (
    LEAD,
    category_sections,
    make_member,
    make_organisation,
    save_category,
    submit,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


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
