"""The results page as people read it: results first (quadrant, the two numbers, three
things to do next, the report), then the detail; every number a whole number out of 100;
an unanswered activity says so; the PDF's next steps in the page's words."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from assessments.questionnaire.services import AnswerData
from assessments.results.results import assessment_result
from tests.factories import (
    answer_all,
    category_sections,
    make_assessment,
    save_category,
    submit,
)
from tests.html import parse

from .test_views import EXAMPLE_2, NONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def example(organisation, lead):
    assessment = make_assessment(organisation, lead, title="Example two")
    return answer_all(assessment, lead, answers=EXAMPLE_2, default=NONE)


def page_of(client, user, assessment) -> str:
    client.force_login(user)
    response = client.get(reverse("assessments:results", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_results_come_first_then_the_detail(client, lead, example):
    html = page_of(client, lead, example)
    order = [
        html.index('id="position"'),
        html.index("Activeness 72 out of 100"),
        html.index('id="next-steps"'),
        html.index("Add as an action"),
        html.index(reverse("assessments:report-pdf", args=[example.pk])),
        html.index('id="grid"'),
        html.index('id="categories"'),
        html.index('id="downloads"'),
    ]
    assert order == sorted(order)
    top = html[: html.index('id="grid"')]
    steps = parse(top).find_all("a", cls="nhsuk-button--secondary")
    assert len(steps) == 3 and all(a.text.startswith("Add as an action") for a in steps)
    assert all("?activity=" in a.attrs["href"] for a in steps)


def test_the_report_link_says_it_takes_a_moment(client, lead, example):
    page = parse(page_of(client, lead, example))
    link = page.find("a", href=reverse("assessments:report-pdf", args=[example.pk]))
    assert "download" in link.attrs
    note = page.find(id=link.attrs["aria-describedby"])
    assert "can take up to 30 seconds" in note.text
    status = page.find(id="report-status")
    assert status.attrs["aria-live"] == "polite"


def test_people_read_whole_numbers_only(client, lead, example):
    html = page_of(client, lead, example)
    # The chart's data for the script is for machines; what the page says is not.
    readable = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    main = parse(readable).find("main").text
    assert not re.search(r"\b0\.\d", main), re.findall(r".{30}\b0\.\d.{30}", main)
    rows = parse(html).find("table", cls="app-results-table").find_all("tr")
    first = rows[1].text
    # Membership of decision-making forums (activeness 0.62, embeddedness 0.9), done
    # routinely: 62 across, (90 + 100) / 2 = 95 up, where it once read "0.62, 0.95".
    assert "Service user membership of decision-making forums" in first
    assert "62 across, 95 up" in first


def test_next_steps_say_what_they_would_do_to_the_two_numbers(client, lead, example):
    top = page_of(client, lead, example)
    steps = parse(top[top.index('id="next-steps"') :]).find("ol", cls="app-next-steps")
    for card in steps.find_all("li", cls="nhsuk-card"):
        text = card.text
        assert re.search(r"Activeness (\d+ to \d+|unchanged at \d+), embeddedness", text), text
        assert "It would keep you in" in text or "It would move you from" in text


def test_an_unanswered_activity_is_not_an_answer(client, organisation, lead):
    draft = make_assessment(organisation, lead)
    section = category_sections()[0]
    first, second = section.activities[:2]
    answers = {first.slug: AnswerData("routine"), second.slug: NONE}
    save_category(draft, lead, section, answers, default=None)
    table = parse(page_of(client, lead, draft)).find("table", cls="app-results-table")
    how_often = [row.find_all("td")[3].text for row in table.find("tbody").find_all("tr")]
    assert how_often[0] == "How often Routinely"
    assert how_often[1:].count("How often Not at the moment") == 1
    assert set(how_often[1:]) == {"How often Not at the moment", "How often Not answered yet"}


def test_the_pdf_says_next_steps_in_the_same_words(lead, example):
    submit(example, lead)
    result = assessment_result(example)
    html = render_to_string(
        "reports/_next_steps.html",
        {"result": result, "headings": {"next_steps": "Next steps", "categories": "Categories"}},
    )
    for step in result.next_steps:
        assert f"If you did it routinely: {step.change.numbers}. {step.change.quadrant}" in html
    assert not re.search(r"\b0\.\d", parse(html).text)
