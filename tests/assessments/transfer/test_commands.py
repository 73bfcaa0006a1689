"""The management commands import_answers and export_assessment."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.models import Answer, Assessment
from assessments.questionnaire import services
from assessments.questionnaire.services import AnswerData
from tests.factories import (
    answer_all,
    make_assessment,
    make_organisation,
    submit,
)

pytestmark = pytest.mark.django_db

GOOD = (
    "activity,frequency,stages,notes\n"
    "member-of-decision-making-forums,routine,strategic-planning;contracting,Board\n"
    "quality-visits-to-services,routine,monitoring,\n"
    "analysis-of-complaints,none,,\n"
)
BAD = (
    "activity,frequency,stages,notes\n"
    "member-of-decision-making-forums,routine,strategic-planning,\n"
    "surveys,routine,,\n"
    "analysis-of-complaints,sometimes,,\n"
)


@pytest.fixture
def organisation():
    return make_organisation(ods_code="QWE")


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(GOOD, encoding="utf-8-sig")
    return path


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    return path


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# import_answers -------------------------------------------------------------------------


def test_it_imports_into_an_existing_draft(organisation, lead, good_file):
    draft = make_assessment(organisation, lead)
    out, _ = _run("import_answers", str(good_file), "--assessment", str(draft.pk))
    lines = out.splitlines()
    assert lines[0] == f"Imported 3 answers into assessment {draft.pk}"
    assert lines[-1] == str(draft.pk)
    answer = Answer.objects.get(assessment=draft, activity__slug="member-of-decision-making-forums")
    assert (answer.frequency, answer.stages, answer.notes) == (
        "routine",
        ["strategic-planning", "contracting"],
        "Board",
    )
    assert answer.updated_by is None


def test_it_creates_a_draft_and_imports(organisation, good_file):
    out, _ = _run(
        "import_answers",
        str(good_file),
        "--organisation",
        "qwe",
        "--title",
        "Paper workshop",
        "--period",
        "2026-27",
    )
    assessment = Assessment.objects.get(organisation=organisation)
    assert out.splitlines()[-1] == str(assessment.pk)
    assert (assessment.title, assessment.period, assessment.status) == (
        "Paper workshop",
        "2026/27",
        "draft",
    )
    assert assessment.created_by is None
    assert assessment.answers.count() == 3


def test_a_bad_file_prints_every_problem_and_creates_nothing(organisation, bad_file):
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"2 problems\. Nothing was imported"):
        call_command(
            "import_answers",
            str(bad_file),
            "--organisation",
            "QWE",
            "--title",
            "Paper workshop",
            "--period",
            "2026/27",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert err.getvalue().splitlines() == [
        "Row 3: there is no activity called 'surveys'",
        "Row 4: frequency must be none, occasional or routine",
    ]
    assert not Assessment.objects.exists()
    assert not Answer.objects.exists()


def test_a_bad_file_changes_nothing_in_an_existing_draft(organisation, lead, bad_file):
    draft = answer_all(make_assessment(organisation, lead), lead)
    before = list(draft.answers.values_list("activity_id", "frequency", "stages", "notes"))
    with pytest.raises(CommandError):
        _run("import_answers", str(bad_file), "--assessment", str(draft.pk))
    assert list(draft.answers.values_list("activity_id", "frequency", "stages", "notes")) == before


def test_a_failed_import_does_not_leave_a_new_assessment_behind(
    organisation, good_file, monkeypatch
):
    from assessments.transfer import imports

    def conflict(**kwargs):
        raise services.SectionConflict(type("State", (), {"key": "x", "version": 9})())

    monkeypatch.setattr(imports.services, "section_save_answers", conflict)
    with pytest.raises(CommandError, match="nothing was imported"):
        _run(
            "import_answers",
            str(good_file),
            "--organisation",
            "QWE",
            "--title",
            "Paper workshop",
            "--period",
            "2026/27",
        )
    assert not Assessment.objects.exists()


def test_it_refuses_a_submitted_assessment(organisation, lead, good_file):
    assessment = answer_all(
        make_assessment(organisation, lead), lead, default=AnswerData("occasional", ("monitoring",))
    )
    submit(assessment, lead)
    with pytest.raises(CommandError, match="submitted"):
        _run("import_answers", str(good_file), "--assessment", str(assessment.pk))
    assert not assessment.answers.filter(frequency="routine").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--assessment", "999999"], "There is no assessment 999999"),
        (
            ["--organisation", "NOPE", "--title", "T", "--period", "2026/27"],
            "There is no organisation with the ODS code NOPE",
        ),
        (["--organisation", "QWE", "--title", "T"], "needs --title and --period"),
        (["--organisation", "QWE", "--title", "T", "--period", "2026"], "financial year"),
    ],
)
def test_it_explains_a_bad_target(organisation, good_file, args, message):
    with pytest.raises(CommandError, match=message):
        _run("import_answers", str(good_file), *args)
    assert not Assessment.objects.exists()


def test_it_explains_a_missing_file(organisation, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        _run("import_answers", str(tmp_path / "nope.csv"), "--organisation", "QWE")


# export_assessment -----------------------------------------------------------------------


def test_export_prints_the_same_json_as_the_view(client, organisation, lead):
    assessment = answer_all(
        make_assessment(organisation, lead),
        lead,
        answers={"co-produce-mental-health-strategy": AnswerData("routine", ("contracting",), "Ä")},
    )
    out, _ = _run("export_assessment", str(assessment.pk))
    client.force_login(lead)
    response = client.get(reverse("assessments:export-json", args=[assessment.pk]))
    assert json.loads(out) == json.loads(response.content)
    assert "Ä" in out  # not escaped


def test_export_of_a_submitted_assessment(organisation, lead):
    assessment = submit(answer_all(make_assessment(organisation, lead), lead), lead)
    data = json.loads(_run("export_assessment", str(assessment.pk))[0])
    assert data["status"] == "submitted"
    assert len(data["answers"]) == 29


def test_export_of_an_unknown_assessment_fails():
    with pytest.raises(CommandError, match="There is no assessment 999999"):
        _run("export_assessment", "999999")
