"""The JSON export (/assessments/<id>/export.json) and the answers CSV (answers.csv)."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer
from assessments.questionnaire.services import AnswerData
from assessments.transfer import imports
from coprod_grid.models import Activity
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
)

pytestmark = pytest.mark.django_db

NONE = AnswerData("none")
# Worked example 2 of docs/scoring.md.
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
    return make_organisation(name="NHS Example Integrated Care Board", ods_code="QXY")


@pytest.fixture
def example(organisation, lead):
    assessment = make_assessment(organisation, lead, title="Workshop", period="2026/27")
    return answer_all(assessment, lead, answers=EXAMPLE_2, default=NONE)


def _json(client, assessment) -> dict:
    response = client.get(reverse("assessments:export-json", args=[assessment.pk]))
    assert response.status_code == 200
    return json.loads(response.content)


def _csv(client, assessment) -> str:
    response = client.get(reverse("assessments:export-csv", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content.decode("utf-8")


# JSON ---------------------------------------------------------------------------------


def test_it_scores_worked_example_2(client, lead, example):
    client.force_login(lead)
    scores = _json(client, example)["scores"]
    assert scores == {
        "activeness": 0.7167,
        "embeddedness": 0.69,
        "frontier_embeddedness": 0.68,
        "stage_coverage": 0.7,
        "quadrant": "active-embedded",
        "frontier": [
            "member-of-decision-making-forums",
            "quality-visits-to-services",
            "co-produce-mental-health-strategy",
        ],
    }


def test_it_follows_the_schema(client, lead, example):
    client.force_login(lead)
    data = _json(client, example)
    assert data["organisation"] == {"name": "NHS Example Integrated Care Board", "ods_code": "QXY"}
    assert (data["title"], data["period"], data["status"]) == ("Workshop", "2026/27", "draft")
    assert set(data["scores"]) == {
        "activeness",
        "embeddedness",
        "frontier_embeddedness",
        "stage_coverage",
        "quadrant",
        "frontier",
    }
    assert data["stages"] == [
        {"stage": "strategic-planning", "level": "routine"},
        {"stage": "specifying-outcomes", "level": "none"},
        {"stage": "pathway-design", "level": "occasional"},
        {"stage": "contracting", "level": "routine"},
        {"stage": "monitoring", "level": "routine"},
    ]
    assert len(data["answers"]) == Activity.objects.active().count()
    for answer in data["answers"]:
        assert set(answer) == {
            "activity",
            "category",
            "frequency",
            "stages",
            "activeness",
            "embeddedness",
            "position",
            "notes",
        }
    by_slug = {answer["activity"]: answer for answer in data["answers"]}
    member = by_slug["member-of-decision-making-forums"]
    assert member == {
        "activity": "member-of-decision-making-forums",
        "category": "involving-service-users-as-equals",
        "frequency": "routine",
        "stages": ["strategic-planning", "contracting"],
        "activeness": 0.62,
        "embeddedness": member["embeddedness"],
        "position": [0.62, 0.95],
        "notes": "",
    }
    assert by_slug["analysis-of-complaints"]["position"] is None
    assert by_slug["analysis-of-complaints"]["frequency"] == "none"


def test_it_has_no_position_when_nothing_is_practised(client, organisation, lead):
    assessment = answer_all(make_assessment(organisation, lead), lead, default=NONE)
    client.force_login(lead)
    scores = _json(client, assessment)["scores"]
    assert scores["quadrant"] is None
    assert scores["frontier"] == []
    assert scores["activeness"] is None


def test_a_submitted_export_keeps_the_positions_it_was_scored_with(client, lead, example):
    submit(example, lead)
    client.force_login(lead)
    before = _json(client, example)
    Activity.objects.filter(slug="member-of-decision-making-forums").update(
        activeness="0.100", embeddedness="0.100"
    )
    after = _json(client, example)
    assert after == before
    assert after["status"] == "submitted"


def test_a_draft_export_follows_the_live_catalogue(client, lead, example):
    client.force_login(lead)
    before = _json(client, example)
    Activity.objects.filter(slug="member-of-decision-making-forums").update(
        activeness="0.100", embeddedness="0.100"
    )
    after = _json(client, example)
    assert after["scores"] != before["scores"]
    member = next(
        a for a in after["answers"] if a["activity"] == "member-of-decision-making-forums"
    )
    assert member["activeness"] == 0.1


def test_json_answers_404_for_another_organisation(client, example):
    stranger = make_member(make_organisation(), LEAD)
    client.force_login(stranger)
    response = client.get(reverse("assessments:export-json", args=[example.pk]))
    assert response.status_code == 404


def test_json_answers_404_for_a_bad_id(client, lead):
    client.force_login(lead)
    response = client.get(reverse("assessments:export-json", args=[999999]))
    assert response.status_code == 404


# CSV ----------------------------------------------------------------------------------


def test_csv_has_the_import_header_and_one_row_per_answer(client, lead, example):
    client.force_login(lead)
    rows = list(csv.reader(io.StringIO(_csv(client, example))))
    assert rows[0] == ["activity", "frequency", "stages", "notes"]
    assert len(rows) == 1 + Activity.objects.active().count()
    assert [
        "member-of-decision-making-forums",
        "routine",
        "strategic-planning;contracting",
        "",
    ] in (rows)


def test_csv_is_an_attachment_named_after_the_organisation(client, lead, example):
    client.force_login(lead)
    response = client.get(reverse("assessments:export-csv", args=[example.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="QXY-2026-27-answers.csv"'


@pytest.mark.parametrize("note", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)"])
def test_csv_neutralises_formulas(client, organisation, lead, note):
    assessment = make_assessment(organisation, lead)
    section = next(s for s in category_sections() if s.key == "information-based-activities")
    save_category(
        assessment, lead, section, {"analysis-of-complaints": AnswerData("routine", (), note)}
    )
    client.force_login(lead)
    rows = list(csv.reader(io.StringIO(_csv(client, assessment))))
    assert rows[1] == ["analysis-of-complaints", "routine", "", "'" + note]


def test_csv_round_trips_through_the_import(client, organisation, lead):
    source = make_assessment(organisation, lead)
    notes = {
        "member-of-decision-making-forums": '=Board minutes, "March"\nand April',
        "quality-visits-to-services": "Visits with peer reviewers; quarterly",
        "analysis-of-complaints": "-",
    }
    answers = {
        **EXAMPLE_2,
        "member-of-decision-making-forums": AnswerData(
            "routine",
            ("strategic-planning", "contracting"),
            notes["member-of-decision-making-forums"],
        ),
        "quality-visits-to-services": AnswerData(
            "routine", ("monitoring",), notes["quality-visits-to-services"]
        ),
        "analysis-of-complaints": AnswerData("none", (), notes["analysis-of-complaints"]),
    }
    answer_all(source, lead, answers=answers, default=NONE)
    client.force_login(lead)
    body = _csv(client, source)

    target = make_assessment(organisation, lead, title="Copy")
    summary = imports.answers_import_file(assessment=target, user=lead, data=body.encode())

    def saved(assessment):
        return {
            (a.activity.slug, a.frequency, tuple(a.stages), a.notes)
            for a in Answer.objects.filter(assessment=assessment).select_related("activity")
        }

    assert summary.rows == Activity.objects.active().count()
    assert saved(target) == saved(source)
    assert _csv(client, target) == body


def test_csv_answers_404_for_another_organisation(client, example):
    stranger = make_member(make_organisation())
    client.force_login(stranger)
    response = client.get(reverse("assessments:export-csv", args=[example.pk]))
    assert response.status_code == 404


# Query counts -------------------------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["assessments:export-json", "assessments:export-csv"])
def test_exports_take_a_fixed_number_of_queries(client, organisation, lead, name):
    few = make_assessment(organisation, lead)
    section = next(s for s in category_sections() if s.key == "information-based-activities")
    save_category(
        few,
        lead,
        section,
        {
            "analysis-of-complaints": AnswerData("routine", ("monitoring",)),
            "surveys-and-questionnaires": AnswerData("occasional", ("monitoring",)),
            "research-studies": NONE,
        },
    )
    many = answer_all(make_assessment(organisation, lead), lead)
    assert few.answers.count() == 3
    assert many.answers.count() == 29
    client.force_login(lead)
    # The session and the catalogue read once, warm, as any first request to a process
    # does: on another assessment, so that both measured are first views.
    clear_caches()
    client.get(reverse(name, args=[make_assessment(organisation, lead).pk]))
    small = _queries(client, reverse(name, args=[few.pk]))
    large = _queries(client, reverse(name, args=[many.pk]))
    assert small == large
    assert large <= 20
