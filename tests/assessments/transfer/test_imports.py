"""Importing answers from a CSV file: the parser, the service and the upload page."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer, SectionState
from assessments.questionnaire.services import AnswerData, AssessmentLocked
from assessments.transfer import imports
from assessments.transfer.imports import Catalogue, ImportInvalid, Problem
from coprod_grid.models import Activity
from tests.factories import (
    COMMISSIONER,
    LEAD,
    answer_all,
    category_sections,
    make_assessment,
    make_member,
    make_organisation,
    save_category,
    submit,
)

STAGES = (
    "strategic-planning",
    "specifying-outcomes",
    "pathway-design",
    "contracting",
    "monitoring",
)
CATALOGUE = Catalogue(
    active=frozenset(
        {
            "analysis-of-complaints",
            "surveys-and-questionnaires",
            "research-studies",
            "advisory-forums",
        }
    ),
    retired=frozenset({"old-activity"}),
    stages=STAGES,
)


def _problems(text: str) -> list[str]:
    with pytest.raises(ImportInvalid) as caught:
        imports.parse_answers(text, CATALOGUE)
    return caught.value.messages


def _file_problems(data: bytes) -> list[str]:
    with pytest.raises(ImportInvalid) as caught:
        imports.read_answers_file(data, CATALOGUE)
    return caught.value.messages


# The parser (no database) ---------------------------------------------------------------


def test_it_reads_columns_in_any_order_with_a_bom_and_spaces():
    data = (
        "\ufeffNotes, frequency ,activity,stages\r\n"
        "Board minutes,Routine, analysis-of-complaints , monitoring ;  strategic-planning ;\r\n"
        '"Two lines\nof notes",occasional,surveys-and-questionnaires,\r\n'
        ",none,research-studies,\r\n"
    ).encode()
    rows = imports.read_answers_file(data, CATALOGUE)
    assert rows == [
        imports.ParsedRow(
            2,
            "analysis-of-complaints",
            "routine",
            ("strategic-planning", "monitoring"),
            "Board minutes",
        ),
        imports.ParsedRow(3, "surveys-and-questionnaires", "occasional", (), "Two lines\nof notes"),
        imports.ParsedRow(4, "research-studies", "none", (), ""),
    ]


def test_stages_and_notes_columns_are_optional():
    rows = imports.parse_answers("activity,frequency\nadvisory-forums,routine\n", CATALOGUE)
    assert rows == [imports.ParsedRow(2, "advisory-forums", "routine")]


def test_it_skips_blank_rows_but_counts_them():
    rows = imports.parse_answers("activity,frequency\n\n,,\nadvisory-forums,routine\n\n", CATALOGUE)
    assert rows == [imports.ParsedRow(4, "advisory-forums", "routine")]


def test_it_lists_every_problem_with_spreadsheet_row_numbers():
    text = "\n".join(
        [
            "activity,frequency,stages,notes",
            "analysis-of-complaints,routine,monitoring,",
            "surveys,routine,,",
            "research-studies,sometimes,,",
            "advisory-forums,routine,planning,",
            "surveys-and-questionnaires,none,monitoring,",
            "analysis-of-complaints,none,,",
            '"research-studies",routine,,"' + "x" * 2001 + '"',
            "old-activity,routine,,",
            ",routine,,",
        ]
    )
    assert _problems(text) == [
        "Row 3: there is no activity called 'surveys'",
        "Row 4: frequency must be none, occasional or routine",
        "Row 5: 'planning' is not a commissioning stage",
        "Row 6: stages can only be given for an activity done occasionally or routinely",
        "Row 7: 'analysis-of-complaints' is already on row 2",
        "Row 8: 'research-studies' is already on row 4",
        "Row 8: notes must be 2,000 characters or fewer",
        "Row 9: 'old-activity' has been retired from the Grid",
        "Row 10: enter the activity",
    ]


def test_a_row_can_have_several_problems():
    text = "activity,frequency,stages\nsurveys,often,planning;contracting;later\n"
    assert _problems(text) == [
        "Row 2: there is no activity called 'surveys'",
        "Row 2: frequency must be none, occasional or routine",
        "Row 2: 'planning' is not a commissioning stage",
        "Row 2: 'later' is not a commissioning stage",
    ]


def test_notes_of_exactly_2000_characters_are_allowed():
    text = "activity,frequency,notes\nadvisory-forums,routine," + "x" * 2000 + "\n"
    assert imports.parse_answers(text, CATALOGUE)[0].notes == "x" * 2000


def test_a_neutralised_formula_is_read_back_as_written():
    text = "activity,frequency,notes\nadvisory-forums,routine,'=1+1\n"
    assert imports.parse_answers(text, CATALOGUE)[0].notes == "=1+1"


def test_it_refuses_unknown_and_repeated_columns():
    assert _problems("activity,frequency,stages,rating,Frequency\n") == [
        "Row 1: 'rating' is not a column. The columns are activity, frequency, stages and notes",
        "Row 1: the column 'frequency' appears more than once",
    ]


def test_it_needs_the_activity_and_frequency_columns():
    assert _problems("activity,notes\nadvisory-forums,x\n") == [
        "Row 1: the header row must include the column 'frequency'"
    ]


def test_it_needs_a_header_row():
    assert _problems("advisory-forums,routine,monitoring,\n") == [
        "Row 1: the first row must be a header row naming the columns: "
        "activity,frequency,stages,notes"
    ]


def test_it_refuses_a_row_longer_than_the_header():
    assert _problems("activity,frequency\nadvisory-forums,routine,monitoring\n") == [
        "Row 2: the row has more cells than the header row"
    ]


def test_it_refuses_a_file_that_is_not_utf8():
    assert _file_problems(
        "activity,frequency,notes\nadvisory-forums,routine,café\n".encode("cp1252")
    ) == [imports.NOT_UTF8]


def test_it_refuses_a_file_over_1_mb():
    data = b"activity,frequency,notes\n" + b"x" * imports.MAX_BYTES
    assert _file_problems(data) == ["The file must be smaller than 1 MB"]


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"  \r\n\r\n"])
def test_it_refuses_an_empty_file(data):
    assert _file_problems(data) == [imports.EMPTY]


def test_it_refuses_a_file_with_only_a_header():
    assert _problems("activity,frequency,stages,notes\r\n") == [imports.NO_ROWS]


def test_it_refuses_more_than_500_rows():
    text = "activity,frequency\n" + "advisory-forums,routine\n" * 501
    assert _problems(text) == [imports.TOO_MANY_ROWS]


def test_it_refuses_a_file_that_is_not_csv():
    assert _problems('activity,frequency\n"advisory-forums"x,routine\n') == [imports.NOT_CSV]


def test_a_problem_reads_like_a_sentence():
    assert str(Problem("notes must be 2,000 characters or fewer", 7)) == (
        "Row 7: notes must be 2,000 characters or fewer"
    )
    assert str(Problem(imports.EMPTY)) == imports.EMPTY


# The service ------------------------------------------------------------------------------


@pytest.fixture
def organisation(db):
    return make_organisation()


@pytest.fixture
def draft(organisation, lead):
    return make_assessment(organisation, lead)


def _section(key: str):
    return next(section for section in category_sections() if section.key == key)


def _answers(assessment) -> dict[str, tuple]:
    return {
        answer.activity.slug: (answer.frequency, tuple(answer.stages), answer.notes)
        for answer in Answer.objects.filter(assessment=assessment).select_related("activity")
    }


def test_it_merges_with_existing_answers(draft, lead):
    info = _section("information-based-activities")
    save_category(
        draft,
        lead,
        info,
        {
            "analysis-of-complaints": AnswerData("routine", ("monitoring",), "kept"),
            "surveys-and-questionnaires": AnswerData("occasional", ("monitoring",), "old"),
        },
    )
    save_category(
        draft, lead, _section("co-design"), default=AnswerData("occasional", ("pathway-design",))
    )
    data = (
        b"activity,frequency,stages,notes\n"
        b"surveys-and-questionnaires,routine,strategic-planning;monitoring,new\n"
        b"member-of-decision-making-forums,routine,contracting,\n"
    )
    summary = imports.answers_import_file(assessment=draft, user=lead, data=data)

    answers = _answers(draft)
    assert summary.rows == 2
    assert summary.frequencies == {"none": 0, "occasional": 0, "routine": 2}
    assert summary.message == "Imported 2 answers"
    assert answers["analysis-of-complaints"] == ("routine", ("monitoring",), "kept")
    assert answers["surveys-and-questionnaires"] == (
        "routine",
        ("strategic-planning", "monitoring"),
        "new",
    )
    assert answers["member-of-decision-making-forums"] == ("routine", ("contracting",), "")
    assert answers["co-design-with-methodology"] == ("occasional", ("pathway-design",), "")
    states = dict(SectionState.objects.filter(assessment=draft).values_list("key", "version"))
    assert states["information-based-activities"] == 2
    assert states["involving-service-users-as-equals"] == 1
    assert states["co-design"] == 1


def test_importing_every_activity_completes_the_sections(draft, lead):
    slugs = Activity.objects.active().values_list("slug", flat=True)
    data = ("activity,frequency\n" + "".join(f"{s},none\n" for s in slugs)).encode()
    summary = imports.answers_import_file(assessment=draft, user=lead, data=data)
    assert summary.rows == 29
    assert summary.frequencies["none"] == 29
    assert set(SectionState.objects.filter(assessment=draft).values_list("status", flat=True)) == {
        "completed"
    }


def test_it_writes_nothing_when_any_row_is_wrong(draft, lead):
    answer_all(draft, lead)
    before = _answers(draft)
    data = b"activity,frequency\nanalysis-of-complaints,none\nsurveys,routine\n"
    with pytest.raises(ImportInvalid):
        imports.answers_import_file(assessment=draft, user=lead, data=data)
    assert _answers(draft) == before


def test_it_checks_retired_activities_against_the_catalogue(draft, lead):
    Activity.objects.filter(slug="research-studies").update(is_active=False)
    with pytest.raises(ImportInvalid) as caught:
        imports.answers_import_file(
            assessment=draft, user=lead, data=b"activity,frequency\nresearch-studies,routine\n"
        )
    assert caught.value.messages == ["Row 2: 'research-studies' has been retired from the Grid"]


def test_it_refuses_a_submitted_assessment(organisation, lead):
    assessment = answer_all(make_assessment(organisation, lead), lead)
    submit(assessment, lead)
    before = _answers(assessment)
    rows = imports.read_answers_file(b"activity,frequency\nresearch-studies,none\n")
    with pytest.raises(AssessmentLocked):
        imports.answers_import(assessment=assessment, user=lead, rows=rows)
    assert _answers(assessment) == before


# The upload page --------------------------------------------------------------------------


def _url(assessment) -> str:
    return reverse("assessments:import", args=[assessment.pk])


def _upload(client, assessment, data: bytes, name: str = "answers.csv"):
    return client.post(_url(assessment), {"csv_file": SimpleUploadedFile(name, data, "text/csv")})


def test_the_page_works(client, draft, lead, django_assert_max_num_queries):
    client.force_login(lead)
    # Session and user (3 with the session's save), membership, assessment, stages,
    # activities: none of them per activity.
    with django_assert_max_num_queries(9):
        response = client.get(_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Upload a CSV file" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html
    assert reverse("assessments:export-csv", args=[draft.pk]) in html
    assert "analysis-of-complaints" in html


def test_it_imports_a_file_and_says_how_many(client, draft, lead):
    client.force_login(lead)
    data = (
        "\ufeffstages,activity,notes,frequency\r\n"
        " strategic-planning ; contracting ,member-of-decision-making-forums,Board,routine\r\n"
        ",analysis-of-complaints,,none\r\n"
    ).encode()
    response = _upload(client, draft, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:task-list", args=[draft.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Imported 2 answers"]
    assert _answers(draft) == {
        "member-of-decision-making-forums": (
            "routine",
            ("strategic-planning", "contracting"),
            "Board",
        ),
        "analysis-of-complaints": ("none", (), ""),
    }


def test_a_commissioner_can_import(client, organisation, draft):
    commissioner = make_member(organisation, COMMISSIONER)
    client.force_login(commissioner)
    response = _upload(client, draft, b"activity,frequency\nadvisory-forums,routine\n")
    assert response.status_code == 302
    assert Answer.objects.get(assessment=draft).updated_by == commissioner


def test_it_lists_every_problem_and_writes_nothing(client, draft, lead):
    answer_all(draft, lead)
    count = Answer.objects.count()
    before = _answers(draft)
    client.force_login(lead)
    data = (
        b"activity,frequency,stages,notes\n"
        b"analysis-of-complaints,routine,monitoring,\n"
        b"surveys,routine,,\n"
        b"advisory-forums,often,,\n"
        b"research-studies,routine,planning,\n"
    )
    response = _upload(client, draft, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "nhsuk-error-summary" in html
    for message in [
        "Row 3: there is no activity called &#x27;surveys&#x27;",
        "Row 4: frequency must be none, occasional or routine",
        "Row 5: &#x27;planning&#x27; is not a commissioning stage",
    ]:
        assert message in html
    assert html.count('href="#id_csv_file"') == 3
    assert Answer.objects.count() == count
    assert _answers(draft) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "activity,frequency,notes\nadvisory-forums,routine,café\n".encode("cp1252"),
            imports.NOT_UTF8,
        ),
        (b"activity,frequency\n" + b"x" * imports.MAX_BYTES, imports.TOO_BIG),
        (b"", imports.EMPTY),
    ],
    ids=["not-utf8", "too-big", "empty"],
)
def test_it_explains_a_file_it_cannot_read(client, draft, lead, data, message):
    client.force_login(lead)
    response = _upload(client, draft, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Answer.objects.filter(assessment=draft).exists()


def test_it_asks_for_a_file(client, draft, lead):
    client.force_login(lead)
    response = client.post(_url(draft), {})
    assert response.status_code == 200
    assert "Select a CSV file to upload" in response.content.decode()


def test_a_submitted_assessment_shows_why_it_cannot_import(client, organisation, lead):
    assessment = answer_all(make_assessment(organisation, lead), lead)
    submit(assessment, lead)
    client.force_login(lead)
    response = client.get(_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "You cannot import answers into this assessment" in html
    assert 'type="file"' not in html


def test_a_crafted_post_to_a_submitted_assessment_is_refused(client, organisation, lead):
    assessment = answer_all(make_assessment(organisation, lead), lead)
    submit(assessment, lead)
    before = _answers(assessment)
    client.force_login(lead)
    response = _upload(client, assessment, b"activity,frequency\nadvisory-forums,none\n")
    assert response.status_code == 403
    assert _answers(assessment) == before


def test_it_answers_404_for_another_organisation(client, draft):
    stranger = make_member(make_organisation(), LEAD)
    client.force_login(stranger)
    assert client.get(_url(draft)).status_code == 404
    response = _upload(client, draft, b"activity,frequency\nadvisory-forums,routine\n")
    assert response.status_code == 404
    assert not Answer.objects.filter(assessment=draft).exists()


def test_it_answers_404_for_a_bad_id(client, lead):
    client.force_login(lead)
    assert client.get(reverse("assessments:import", args=[999999])).status_code == 404


def test_it_needs_a_sign_in(client, draft):
    response = client.get(_url(draft))
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


def test_the_task_list_links_to_the_import(client, draft, lead):
    client.force_login(lead)
    response = client.get(reverse("assessments:task-list", args=[draft.pk]))
    assert _url(draft) in response.content.decode()
