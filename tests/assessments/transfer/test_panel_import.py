"""Importing one panel member's paper rating from a CSV file: the service and the
upload page's panel choice."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Answer, Membership
from assessments.panel.comparison import lenses_of
from assessments.panel.models import Panel, PanelAnswer, PanelMember
from assessments.transfer import panel_import
from assessments.transfer.imports import ImportInvalid
from coprod_grid.models import Activity
from tests.factories import (
    COMMISSIONER,
    LEAD,
    answer_all,
    make_assessment,
    make_member,
    make_organisation,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db

HEADER = "activity,frequency,stages,notes\n"


def _slugs() -> list[str]:
    return list(Activity.objects.active().values_list("slug", flat=True))


def _rating(overrides: dict[str, str] | None = None, leave_out=()) -> bytes:
    """A complete rating, every activity "none" unless ``overrides`` gives its row's
    cells after the slug; ``leave_out`` names activities with no row."""
    overrides = overrides or {}
    rows = [
        f"{slug},{overrides.get(slug, 'none,,')}\n" for slug in _slugs() if slug not in leave_out
    ]
    return (HEADER + "".join(rows)).encode()


def _membership(user, assessment) -> Membership:
    return Membership.objects.get(user=user, organisation=assessment.organisation)


def _import(assessment, user, data: bytes):
    return panel_import.panel_rating_import_file(
        assessment=assessment, by=_membership(user, assessment), data=data
    )


def _problems(assessment, user, data: bytes) -> list[str]:
    with pytest.raises(ImportInvalid) as caught:
        _import(assessment, user, data)
    return caught.value.messages


def _nothing_written(assessment) -> bool:
    return not PanelMember.objects.filter(panel__assessment=assessment).exists() and (
        not PanelAnswer.objects.exists()
    )


@pytest.fixture
def draft(organisation, lead):
    return make_assessment(organisation, lead)


@pytest.fixture
def submitted(organisation, lead):
    return submitted_assessment(organisation, lead)


# The service ------------------------------------------------------------------------------


def test_a_file_becomes_one_unnamed_submitted_member(submitted, lead):
    data = _rating(
        {
            "analysis-of-complaints": "Routine, monitoring ; strategic-planning ,They listen",
            "advisory-forums": 'occasional,,"Only once,\nlast year"',
        }
    )
    summary = _import(submitted, lead, data)

    member = PanelMember.objects.get(panel__assessment=submitted)
    assert summary.member == member
    assert summary.message == (
        "A panel member's rating was imported from the file. It counts as one anonymous member"
    )
    assert summary.rows == len(_slugs())
    assert summary.frequencies == {"none": len(_slugs()) - 2, "occasional": 1, "routine": 1}
    assert member.user is None and member.is_paper
    assert member.invitation is None
    assert member.has_submitted
    assert member.joined_at == member.submitted_at
    answers = {a.activity.slug: (a.frequency, a.stages, a.comment) for a in member.answers.all()}
    assert set(answers) == set(_slugs())
    assert answers["analysis-of-complaints"] == (
        "routine",
        ["strategic-planning", "monitoring"],
        "They listen",
    )
    assert answers["advisory-forums"] == ("occasional", [], "Only once,\nlast year")
    assert answers["research-studies"] == ("none", [], "")
    assert Panel.objects.get(assessment=submitted).updated_by == lead


def test_the_member_is_scored_into_the_panel(submitted, lead):
    _import(submitted, lead, _rating())
    _import(submitted, lead, _rating())
    assert lenses_of(submitted).panel.raters == 2
    assert PanelMember.objects.filter(panel__assessment=submitted).count() == 2
    assert Panel.objects.filter(assessment=submitted).count() == 1


def test_it_joins_an_existing_panel_and_leaves_the_commissioners_answers(draft, lead):
    answer_all(draft, lead)
    before = list(Answer.objects.filter(assessment=draft).values_list("activity", "frequency"))
    panel = Panel.objects.create(assessment=draft)
    _import(draft, lead, _rating())
    assert PanelMember.objects.get().panel == panel
    after = list(Answer.objects.filter(assessment=draft).values_list("activity", "frequency"))
    assert after == before


def test_invalid_rows_are_reported_by_row_and_nothing_is_written(submitted, lead):
    data = _rating(
        {
            "analysis-of-complaints": "often,,",
            "advisory-forums": "none,monitoring,",
            "research-studies": "routine,planning,",
        }
    )
    rows = {slug: number for number, slug in enumerate(_slugs(), start=2)}
    expected = {
        rows["analysis-of-complaints"]: "frequency must be none, occasional or routine",
        rows["advisory-forums"]: "stages can only be given for an activity done "
        "occasionally or routinely",
        rows["research-studies"]: "'planning' is not a commissioning stage",
    }
    assert _problems(submitted, lead, data) == [
        f"Row {row}: {message}" for row, message in sorted(expected.items())
    ]
    assert _nothing_written(submitted)
    assert not Panel.objects.filter(assessment=submitted).exists()


def test_an_incomplete_file_is_refused_naming_what_it_leaves_out(submitted, lead):
    names = dict(Activity.objects.values_list("slug", "name"))
    problems = _problems(
        submitted, lead, _rating(leave_out=("analysis-of-complaints", "advisory-forums"))
    )
    assert len(problems) == 1
    assert problems[0].startswith("The file has no rating for 2 activities: ")
    assert names["analysis-of-complaints"] in problems[0]
    assert names["advisory-forums"] in problems[0]
    assert "counts only when it rates every activity" in problems[0]
    assert _nothing_written(submitted)


def test_row_problems_and_missing_activities_are_listed_together(submitted, lead):
    name = Activity.objects.get(slug="advisory-forums").name
    data = _rating({"research-studies": "often,,"}, leave_out=("advisory-forums",))
    problems = _problems(submitted, lead, data)
    assert len(problems) == 2
    assert problems[0].endswith("frequency must be none, occasional or routine")
    assert problems[1].startswith(f"The file has no rating for 1 activity: {name}.")


def test_an_activity_added_after_reading_the_file_is_still_required(submitted, lead):
    rows = panel_import.read_rating_file(_rating())
    Activity.objects.filter(slug="research-studies").update(is_active=False)
    newly = Activity.objects.get(slug="research-studies")
    rows = [row for row in rows if row.activity != "research-studies"]
    Activity.objects.filter(pk=newly.pk).update(is_active=True)
    with pytest.raises(ImportInvalid) as caught:
        panel_import.panel_rating_import(
            assessment=submitted, by=_membership(lead, submitted), rows=rows
        )
    assert newly.name in caught.value.messages[0]
    assert _nothing_written(submitted)


def test_a_commissioner_cannot_import_a_rating(organisation, submitted):
    commissioner = make_member(organisation, COMMISSIONER)
    with pytest.raises(PermissionDenied):
        _import(submitted, commissioner, _rating())
    assert _nothing_written(submitted)


def test_a_lead_of_another_organisation_cannot_import_a_rating(submitted):
    stranger = make_member(make_organisation(), LEAD)
    membership = Membership.objects.get(user=stranger)
    with pytest.raises(PermissionDenied):
        panel_import.panel_rating_import_file(assessment=submitted, by=membership, data=_rating())
    assert _nothing_written(submitted)


# The upload page --------------------------------------------------------------------------


def _url(assessment) -> str:
    return reverse("assessments:import", args=[assessment.pk])


def _upload(client, assessment, data: bytes, **fields):
    return client.post(
        _url(assessment), {"csv_file": SimpleUploadedFile("rating.csv", data, "text/csv"), **fields}
    )


def test_a_lead_is_asked_whose_answers_are_in_the_file(client, draft, lead):
    client.force_login(lead)
    html = client.get(_url(draft)).content.decode()
    assert "Whose answers are in this file?" in html
    assert "Our answers (the commissioners&#x27;)" in html
    assert "One panel member&#x27;s rating, from a paper workshop" in html
    assert 'value="commissioners"' in html and 'value="panel"' in html


def test_a_commissioner_sees_the_page_as_before(client, organisation, draft):
    client.force_login(make_member(organisation, COMMISSIONER))
    html = client.get(_url(draft)).content.decode()
    assert "Whose answers are in this file?" not in html
    assert "panel member" not in html
    assert 'type="file"' in html


def test_a_lead_imports_a_rating_into_a_draft(client, draft, lead, django_assert_max_num_queries):
    client.force_login(lead)
    data = _rating()
    # Session, user and device, membership, assessment, the file's catalogue (activities,
    # stages, token, names), then the import in savepoints (activities, the lead, the
    # panel made with its history, the member, every answer in one insert): none of
    # them per activity.
    with django_assert_max_num_queries(19):
        response = _upload(client, draft, data, source="panel")
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:panel", args=[draft.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [panel_import.IMPORTED]
    member = PanelMember.objects.get(panel__assessment=draft)
    assert member.user is None
    assert member.answers.count() == len(_slugs())
    assert not Answer.objects.filter(assessment=draft).exists()


def test_the_page_lists_a_ratings_problems_and_writes_nothing(client, draft, lead):
    client.force_login(lead)
    data = _rating({"advisory-forums": "often,,"}, leave_out=("research-studies",))
    response = _upload(client, draft, data, source="panel")
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert "frequency must be none, occasional or routine" in html
    assert "The file has no rating for 1 activity: " in html
    assert html.count('href="#id_csv_file"') == 2
    assert _nothing_written(draft)


def test_a_commissioner_cannot_import_a_rating_from_the_page(client, organisation, draft):
    client.force_login(make_member(organisation, COMMISSIONER))
    assert client.get(_url(draft), {"source": "panel"}).status_code == 403
    response = _upload(client, draft, _rating(), source="panel")
    assert response.status_code == 403
    assert _nothing_written(draft)
    assert not Answer.objects.filter(assessment=draft).exists()


def test_a_submitted_assessment_offers_only_the_panels_rating(
    client, submitted, lead, django_assert_max_num_queries
):
    client.force_login(lead)
    locked = client.get(_url(submitted)).content.decode()
    assert "You cannot import answers into this assessment" in locked
    assert f"{_url(submitted)}?source=panel" in locked

    with django_assert_max_num_queries(9):
        response = client.get(_url(submitted), {"source": "panel"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Import a panel member's rating from a spreadsheet" in html
    assert "the commissioners' answers are locked" in html
    assert 'type="file"' in html
    assert 'type="radio"' not in html
    assert '<input type="hidden" name="source" value="panel"' in html


def test_a_submitted_assessment_takes_a_rating_but_not_the_commissioners_answers(
    client, submitted, lead
):
    before = list(Answer.objects.filter(assessment=submitted).values_list("pk", "frequency"))
    client.force_login(lead)
    assert _upload(client, submitted, _rating()).status_code == 403
    assert _upload(client, submitted, _rating(), source="commissioners").status_code == 403
    assert _nothing_written(submitted)

    response = _upload(client, submitted, _rating(), source="panel")
    assert response.status_code == 302
    assert PanelMember.objects.get(panel__assessment=submitted).user is None
    after = list(Answer.objects.filter(assessment=submitted).values_list("pk", "frequency"))
    assert after == before


def test_a_commissioner_sees_a_submitted_assessment_locked(client, organisation, submitted):
    client.force_login(make_member(organisation, COMMISSIONER))
    html = client.get(_url(submitted)).content.decode()
    assert "You cannot import answers into this assessment" in html
    assert "?source=panel" not in html
