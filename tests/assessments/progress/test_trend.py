"""An organisation's earlier years: which count (one a period, submitted, its own, not
later), the path and table they give, the export's ``previous`` and ``change``, and the
trend on the results page, the PDF and the dashboard, kept fresh when a year is reopened."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from assessments.progress.progress import assessment_progress
from assessments.progress.trend import earlier_results
from assessments.questionnaire import lifecycle
from assessments.questionnaire.services import AnswerData
from assessments.reports.context import report_context
from assessments.results.results import assessment_result
from tests.factories import (
    answer_all,
    make_assessment,
    make_member,
    make_organisation,
    submit,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

NONE = AnswerData("none")
EARLIER = {
    "surveys-and-questionnaires": AnswerData("routine", ("strategic-planning",)),
    "advisory-forums": AnswerData("occasional", ("strategic-planning",)),
    "quality-visits-to-services": AnswerData("occasional", ("monitoring",)),
}
LATER = {
    "surveys-and-questionnaires": AnswerData("routine", ("strategic-planning",)),
    "advisory-forums": AnswerData("routine", ("strategic-planning",)),
    "co-design-with-methodology": AnswerData("occasional", ("pathway-design",)),
}


def year(organisation, lead, period, answers, *, submitted=True) -> Assessment:
    assessment = make_assessment(organisation, lead, period=period)
    answer_all(assessment, lead, answers=answers, default=NONE)
    return submit(assessment, lead) if submitted else assessment


@pytest.fixture
def years(organisation, lead):
    return {
        "2024/25": year(organisation, lead, "2024/25", EARLIER),
        "2025/26": year(organisation, lead, "2025/26", LATER),
    }


def test_earlier_years_are_the_organisations_own_submitted_ones_of_earlier_periods(
    organisation, lead, years
):
    later = year(organisation, lead, "2026/27", LATER, submitted=False)
    year(organisation, lead, "2023/24", EARLIER, submitted=False)  # a draft: not counted
    other = make_organisation()
    year(other, make_member(other, "lead"), "2022/23", EARLIER)  # another organisation's
    assert [e.period for e in earlier_results(later)] == ["2024/25", "2025/26"]
    assert [e.period for e in earlier_results(years["2025/26"])] == ["2024/25"]
    assert earlier_results(years["2024/25"]) == []


def test_a_period_redone_counts_once_by_its_last_submission(organisation, lead, years):
    redone = year(organisation, lead, "2024/25", LATER)
    earlier = earlier_results(years["2025/26"])
    assert [e.assessment_id for e in earlier] == [redone.pk]


def test_the_progress_table_and_change_on_a_worked_example(years):
    progress = assessment_progress(assessment_result(years["2025/26"]))
    assert [(row.period, row.is_current) for row in progress.rows] == [
        ("2024/25", False),
        ("2025/26", True),
    ]
    change = progress.change
    assert change.started == ("co-design-with-methodology",)
    assert change.stopped == ("quality-visits-to-services",)
    assert change.made_routine == ("advisory-forums",)
    assert change.stages_gained == ("pathway-design",)
    assert change.stages_lost == ("monitoring",)
    lists = {item.label: item.names for item in progress.lists}
    assert lists["Stopped"] == (
        "Service users included on visits to services to assess and evaluate quality",
    )
    assert [step.period for step in progress.marker.steps] == ["2024/25"]


def test_the_export_gives_previous_and_change_exactly(client, lead, years):
    client.force_login(lead)
    later = years["2025/26"]
    data = client.get(reverse("assessments:export-json", args=[later.pk])).json()
    earlier = client.get(reverse("assessments:export-json", args=[years["2024/25"].pk])).json()
    assert data["previous"] == {"period": "2024/25", "scores": earlier["scores"]}
    assert set(data["change"]) == {
        "activeness",
        "embeddedness",
        "started",
        "stopped",
        "made_routine",
    }
    assert data["change"]["activeness"] == pytest.approx(
        data["scores"]["activeness"] - earlier["scores"]["activeness"], abs=1e-3
    )
    assert data["change"]["started"] == ["co-design-with-methodology"]
    assert data["change"]["stopped"] == ["quality-visits-to-services"]
    assert data["change"]["made_routine"] == ["advisory-forums"]
    assert earlier["previous"] is None and earlier["change"] is None


def movement(page) -> str:
    return next(p for p in page.find_all("p") if "data-movement" in p.attrs).text


def test_the_results_page_shows_the_path_the_table_and_the_change(client, lead, years):
    client.force_login(lead)
    response = client.get(reverse("assessments:results", args=[years["2025/26"].pk]))
    page = parse(response.content.decode())
    rows = page.find("table", "app-trend-table").find("tbody").find_all("tr")
    assert [row.find("td").text for row in rows] == [
        "Year 2024/25",
        "Year 2025/26 (this assessment)",
    ]
    svg = page.find("svg", "grid-chart__svg")
    assert svg.find("g", "grid-trend").find_all("circle", data_period="2024/25")
    assert svg.find_all("polygon", "grid-trend-arrow")
    assert "Since 2024/25 you have moved" in movement(page)
    assert page.find_all("a", href="#progress")
    changes = page.find("dl", "app-change-list").text
    assert "Started Co-design work through experience-based" in changes


def test_a_year_reopened_leaves_the_trend_at_once(client, lead, organisation, years):
    client.force_login(lead)
    url = reverse("assessments:results", args=[years["2025/26"].pk])
    assert parse(client.get(url).content.decode()).find_all("table", "app-trend-table")
    membership = lead.memberships.get(organisation=organisation)
    lifecycle.assessment_reopen(assessment=years["2024/25"], membership=membership, user=lead)
    page = parse(client.get(url).content.decode())
    assert not page.find_all("table", "app-trend-table")
    assert not page.find_all("g", "grid-trend")


def test_without_an_earlier_year_nothing_of_the_trend_shows(client, lead, years):
    client.force_login(lead)
    response = client.get(reverse("assessments:results", args=[years["2024/25"].pk]))
    page = parse(response.content.decode())
    assert not page.find_all(id="progress") and not page.find_all("g", "grid-trend")


def test_the_report_has_the_progress_section_after_the_grid(years):
    context = report_context(years["2025/26"])
    keys = list(context["headings"])
    assert keys.index("progress") == keys.index("grid") + 1
    assert context["chart"].trend is not None
    assert "progress" not in report_context(years["2024/25"])["headings"]


def test_the_dashboard_draws_the_path_to_the_latest_year(client, lead, years):
    client.force_login(lead)
    page = parse(client.get(reverse("assessments:dashboard")).content.decode())
    assert "Since 2024/25 you have moved" in movement(page)
    assert page.find("g", "grid-trend").find_all("circle", data_period="2024/25")
