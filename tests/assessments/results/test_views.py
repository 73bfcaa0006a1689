"""The results page: the quadrant with the Grid's description and a plain explanation
naming the three frontier practices; the plotted Grid and its data table; stage coverage
beside the 2017 figures; categories; next steps; how you compare. For drafts (marked
draft) and submitted assessments alike."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.questionnaire.services import AnswerData
from coprod_grid.models import Activity, CommissioningStage, Quadrant
from tests.factories import (
    LEAD,
    answer_all,
    clear_caches,
    make_assessment,
    make_member,
    make_organisation,
    submit,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

NONE = AnswerData("none")
# Worked example 2 of docs/scoring.md: active and embedded, A 72, E 69.
EXAMPLE_2 = {
    "member-of-decision-making-forums": AnswerData(
        "routine", ("strategic-planning", "contracting")
    ),
    "co-produce-mental-health-strategy": AnswerData("occasional", ("strategic-planning",)),
    "surveys-and-questionnaires": AnswerData("routine", ("strategic-planning", "monitoring")),
    "quality-visits-to-services": AnswerData("routine", ("monitoring",)),
    "co-design-with-methodology": AnswerData("occasional", ("pathway-design",)),
}


@pytest.fixture
def organisation():
    return make_organisation(name="NHS Results ICB")


@pytest.fixture
def example(organisation, lead):
    assessment = make_assessment(organisation, lead, title="Example two")
    return answer_all(assessment, lead, answers=EXAMPLE_2, default=NONE)


def results_url(assessment) -> str:
    return reverse("assessments:results", args=[assessment.pk])


def section_text(page, section_id: str) -> str:
    """The text from the <h2 id=section_id> to the next <h2 class="nhsuk-heading-m">."""
    html = page
    start = html.index(f'id="{section_id}"')
    end = html.find('<h2 class="nhsuk-heading-m"', start)
    return parse(html[start : end if end != -1 else None]).text


def test_it_works_for_a_submitted_assessment(client, lead, commissioner, example):
    submit(example, lead)
    client.force_login(commissioner)
    response = client.get(results_url(example))
    assert response.status_code == 200
    html = response.content.decode()
    page = parse(html)
    assert page.find("h1").text == "Results"
    assert "These results are from a draft" not in html

    position = section_text(html, "position")
    quadrant = Quadrant.objects.get(slug="active-embedded")
    assert quadrant.name in position
    assert quadrant.description[:60] in position
    assert "Activeness 72 out of 100" in position
    assert "Embeddedness 69 out of 100" in position
    # The explanation names the three frontier practices, strongest first.
    frontier = [li.text for li in page.find_all("ol", cls="nhsuk-list--number")[0].find_all("li")]
    assert frontier == [
        Activity.objects.get(slug=slug).name
        for slug in (
            "member-of-decision-making-forums",
            "quality-visits-to-services",
            "co-produce-mental-health-strategy",
        )
    ]
    assert "How the score works" in section_text(html, "score")


def test_the_grid_is_plotted_with_its_data_table(client, lead, example):
    client.force_login(lead)
    html = client.get(results_url(example)).content.decode()
    grid = section_text(html, "grid")
    page = parse(html)
    assert page.find("title", id=f"assessment-{example.pk}-full-title")
    table = page.find("table", cls="app-results-table")
    rows = table.find("tbody").find_all("tr")
    assert len(rows) == Activity.objects.active().count()
    first = rows[0].text
    assert Activity.objects.get(slug="member-of-decision-making-forums").name in first
    assert "Strongest three" in first and "Routinely" in first
    assert grid.count("Strongest three") == 3
    assert grid.count("Not practised") == Activity.objects.active().count() - len(EXAMPLE_2)


def test_stage_coverage_is_beside_the_national_figures(client, lead, example):
    client.force_login(lead)
    html = client.get(results_url(example)).content.decode()
    stages = parse(html).find("table", cls="nhsuk-table")
    rows = {tr.find("th").text: tr.text for tr in stages.find("tbody").find_all("tr")}
    for stage in CommissioningStage.objects.all():
        row = next(text for name, text in rows.items() if name.startswith(stage.name))
        assert f"{stage.national_2017_pct}%" in row
    levels = {
        stage.slug: next(t for n, t in rows.items() if n.startswith(stage.name))
        for stage in CommissioningStage.objects.all()
    }
    assert "Routinely" in levels["strategic-planning"]
    assert "Occasionally" in levels["pathway-design"]
    assert "Not covered" in levels["specifying-outcomes"]


def test_categories_next_steps_and_comparison_are_shown(client, lead, example):
    client.force_login(lead)
    html = client.get(results_url(example)).content.decode()
    categories = section_text(html, "categories")
    assert "Governance arrangements" in categories
    assert "Questions to discuss" in categories
    next_steps = section_text(html, "next-steps")
    assert next_steps.count("Add as an action") == 3
    assert "See the action plan" in section_text(html, "report")
    compare = section_text(html, "compare")
    assert "15%" in compare and "Crisis services" in compare
    downloads = section_text(html, "downloads")
    assert "data file" in downloads and "CSV" in downloads
    assert "JSON" not in parse(html).find("main").text


def test_a_draft_is_marked_as_draft(client, commissioner, example):
    client.force_login(commissioner)
    html = client.get(results_url(example)).content.decode()
    assert parse(html).find("h1").text == "Draft results"
    assert parse(html).find("title").text.startswith("Draft results – Example two")
    assert "These results are from a draft" in html
    assert "Active and embedded" in html


def test_nothing_practised_has_no_position_and_suggests_first_steps(client, organisation, lead):
    assessment = answer_all(make_assessment(organisation, lead), lead, default=NONE)
    client.force_login(lead)
    response = client.get(results_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "No involvement recorded" in html
    assert "Your position rests on" not in html
    assert "a promising first step towards meaningful co-production" in html


def test_an_empty_draft_says_what_to_do_first(client, organisation, commissioner):
    assessment = make_assessment(organisation, commissioner)
    client.force_login(commissioner)
    response = client.get(results_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    page = parse(html)
    assert "You have not answered any questions yet" in html
    first = reverse("assessments:section", args=[assessment.pk, "about"])
    assert page.find("a", href=first).text == "Start the first section"
    assert page.find("a", href=reverse("assessments:task-list", args=[assessment.pk]))
    # No empty Grid, no table of activities, no next steps.
    assert f'id="assessment-{assessment.pk}-full-title"' not in html
    assert not page.find_all("table")
    assert "Not at the moment" not in html and "No involvement recorded" not in html


def test_another_organisations_results_answer_404(client, example):
    other = make_organisation()
    client.force_login(make_member(other, LEAD))
    assert client.get(results_url(example)).status_code == 404


def test_it_handles_a_bad_id(client, lead):
    client.force_login(lead)
    assert client.get(reverse("assessments:results", args=[31337])).status_code == 404


def test_signed_out_people_cannot_see_results(client, example):
    response = client.get(results_url(example))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_queries_do_not_grow_with_the_answers(client, organisation, lead):
    empty = make_assessment(organisation, lead, title="Empty")
    full = answer_all(make_assessment(organisation, lead, title="Full"), lead)
    submitted = submit(answer_all(make_assessment(organisation, lead, title="Sub"), lead), lead)
    client.force_login(lead)
    # The catalogue read once, as any first request to a process does, and nothing
    # else cached (an earlier test's empty assessment may have had the same id).
    clear_caches()
    client.get(results_url(make_assessment(organisation, lead, title="First")))
    counts = []
    for assessment in (empty, full, submitted):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(results_url(assessment)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2], counts
    assert counts[0] <= 25


def test_the_exports_take_the_same_queries_empty_or_full(client, organisation, lead):
    empty = make_assessment(organisation, lead, title="Empty")
    full = answer_all(make_assessment(organisation, lead, title="Full"), lead)
    client.force_login(lead)
    # The catalogue read once, as any first request to a process does, and nothing
    # else cached (an earlier test's empty assessment may have had the same id).
    clear_caches()
    client.get(results_url(make_assessment(organisation, lead, title="First")))
    for name in ("assessments:export-json", "assessments:export-csv"):
        counts = []
        for assessment in (empty, full):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name, args=[assessment.pk])).status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1], (name, counts)
