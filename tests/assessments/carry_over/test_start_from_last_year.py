"""Start from last year: a new draft copies the answers, stages and evidence of the
organisation's latest submitted assessment, marks each copied section until someone
saves it, leaves retired activities behind and tags the ones new since."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessments.carry_over.marks import latest_submitted
from assessments.carry_over.services import assessment_create_from
from assessments.models import Action, Answer, Assessment, SectionState, SubmittedResult
from assessments.questionnaire.sections import ABOUT, COMMITMENT, SERVICES, questionnaire
from assessments.questionnaire.services import AnswerData
from coprod_grid.models import Activity
from tests.factories import (
    LEAD,
    answer_all,
    category_sections,
    make_assessment,
    make_member,
    make_organisation,
    save_category,
    submit,
    submitted_assessment,
    version_of,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

NEW_URL = "assessments:new"


@pytest.fixture
def last_year(organisation, lead):
    """A submitted 2025/26 assessment with an action, answered with evidence."""
    assessment = make_assessment(organisation, lead, period="2025/26")
    answer_all(assessment, lead)
    submitted = submit(assessment, lead)
    Action.objects.create(assessment=submitted, description="Pay experts", created_by=lead,
                          updated_by=lead)  # fmt: skip
    return submitted


def new_url(organisation) -> str:
    return reverse(NEW_URL, args=[organisation.pk])


def start(client, organisation, choice: str | None = "previous", period: str = "2026/27"):
    data = {"title": "This year", "period": period}
    if choice:
        data["start_from"] = choice
    return client.post(new_url(organisation), data)


def created(organisation) -> Assessment:
    return Assessment.objects.filter(organisation=organisation, title="This year").get()


def copy(previous, lead) -> Assessment:
    return assessment_create_from(
        previous, organisation=previous.organisation, user=lead, title="This year",
        period="2026/27",
    )  # fmt: skip


# --- the choice -------------------------------------------------------------------------


def test_the_page_offers_last_years_answers(client, organisation, lead, last_year):
    client.force_login(lead)
    page = parse(client.get(new_url(organisation)).content.decode())
    labels = [label.text.strip() for label in page.find_all("label", cls="nhsuk-radios__label")]
    assert labels == ["Start from 2025/26's answers", "Start with a blank assessment"]


def test_no_choice_without_a_submitted_assessment(client, organisation, lead):
    make_assessment(organisation, lead, period="2025/26")  # a draft is never the source
    client.force_login(lead)
    page = client.get(new_url(organisation)).content.decode()
    assert "start_from" not in page
    assert start(client, organisation, choice=None).status_code == 302
    assert created(organisation).started_from is None


def test_the_choice_must_be_made(client, organisation, lead, last_year):
    client.force_login(lead)
    response = start(client, organisation, choice=None)
    assert response.status_code == 200
    assert (
        "Select whether to start from 2025/26's answers or with a blank assessment"
        in parse(response.content.decode()).text
    )


def test_only_the_same_organisations_submitted_assessments_are_candidates(organisation, lead):
    other = make_organisation()
    submitted_assessment(other)
    assert latest_submitted(organisation) is None
    mine = submitted_assessment(organisation, lead)
    make_assessment(organisation, lead, period="2027/28")  # a later draft
    assert latest_submitted(organisation) == mine


def test_a_draft_cannot_be_copied(organisation, lead):
    draft = answer_all(make_assessment(organisation, lead), lead)
    with pytest.raises(PermissionDenied):
        copy(draft, lead)


def test_another_organisations_new_page_is_404(client, lead):
    other = make_organisation()
    client.force_login(lead)
    assert client.get(new_url(other)).status_code == 404
    assert start(client, other).status_code == 404


# --- what is copied ---------------------------------------------------------------------


def test_starting_from_last_year_copies_answers_stages_and_notes(
    client, organisation, lead, last_year
):
    client.force_login(lead)
    response = start(client, organisation)
    draft = created(organisation)
    assert response["Location"] == draft.get_absolute_url()
    assert draft.is_draft and draft.submitted_at is None and draft.started_from == last_year
    assert not SubmittedResult.objects.filter(assessment=draft).exists()
    assert not draft.actions.exists()
    old = {a.activity_id: (a.frequency, a.stages, a.notes) for a in last_year.answers.all()}
    new = {a.activity_id: (a.frequency, a.stages, a.notes) for a in draft.answers.all()}
    assert new == old
    assert all(not a.snapshot_name for a in draft.answers.all())
    assert draft.participants == last_year.participants
    assert draft.commitment == last_year.commitment
    assert set(draft.service_areas.all()) == set(last_year.service_areas.all())
    assert set(draft.barriers.all()) == set(last_year.barriers.all())
    assert draft.title == "This year" and draft.period == "2026/27"
    carried = set(
        SectionState.objects.filter(assessment=draft, carried_from="2025/26").values_list(
            "key", flat=True
        )
    )
    assert carried == {ABOUT, SERVICES, COMMITMENT, *(s.key for s in category_sections())}
    assert questionnaire(draft).all_complete


def test_starting_blank_copies_nothing(client, organisation, lead, last_year):
    client.force_login(lead)
    start(client, organisation, choice="blank")
    draft = created(organisation)
    assert draft.started_from is None
    assert not draft.answers.exists()
    assert not SectionState.objects.filter(assessment=draft).exists()
    assert draft.participants == []


def test_a_retired_activity_is_not_copied(organisation, lead, last_year):
    retired = category_sections()[0].activities[0]
    Activity.objects.filter(pk=retired.pk).update(is_active=False)
    draft = copy(last_year, lead)
    assert not draft.answers.filter(activity=retired).exists()
    assert draft.answers.count() == last_year.answers.count() - 1


def test_an_activity_new_since_is_tagged_in_its_section(client, organisation, lead, last_year):
    section = category_sections()[0]
    new = section.activities[0]
    # Last year's assessment did not answer it: as if it joined the Grid since.
    Answer.objects.filter(assessment=last_year, activity=new).delete()
    draft = copy(last_year, lead)
    client.force_login(lead)
    page = parse(
        client.get(reverse("assessments:section", args=[draft.pk, section.key])).content.decode()
    )
    fieldset = page.find(id=f"activity-{new.slug}")
    assert fieldset.find(cls="nhsuk-tag").text == "New since 2025/26"
    tags = [tag.text for tag in page.find_all("strong", cls="nhsuk-tag")]
    assert tags.count("New since 2025/26") == 1
    assert "From 2025/26 – check this is still true" in page.text
    other = page.find(id=f"activity-{section.activities[1].slug}")
    assert "From 2025/26 – check this is still true." in other.find(cls="nhsuk-hint").text


# --- the mark ---------------------------------------------------------------------------


def test_saving_a_section_clears_its_mark_and_only_its_mark(client, organisation, lead, last_year):
    draft = copy(last_year, lead)
    first, second = category_sections()[:2]
    save_category(draft, lead, first, default=AnswerData("none"))
    states = dict(SectionState.objects.filter(assessment=draft).values_list("key", "carried_from"))
    assert states[first.key] == ""
    assert states[second.key] == "2025/26"
    assert states[ABOUT] == "2025/26"


def test_the_section_save_through_the_page_clears_the_mark(client, organisation, lead, last_year):
    draft = copy(last_year, lead)
    section = category_sections()[0]
    client.force_login(lead)
    url = reverse("assessments:section", args=[draft.pk, section.key])
    data = {"version": version_of(draft, section.key), "save-later": ""}
    for answer in draft.answers.filter(activity__in=section.activities):
        data[f"{answer.activity.slug}-frequency"] = answer.frequency
        data[f"{answer.activity.slug}-stages"] = answer.stages
        data[f"{answer.activity.slug}-notes"] = answer.notes
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "check this is still true" not in page
    # A stale version is still refused: the lock is untouched.
    assert client.post(url, {**data, "version": 1}).status_code == 200


def test_the_task_list_and_check_answers_show_unchecked_sections(
    client, organisation, lead, last_year
):
    draft = copy(last_year, lead)
    save_category(draft, lead, category_sections()[0], default=AnswerData("none"))
    total = len(questionnaire(draft).progress)
    client.force_login(lead)
    tasks = parse(client.get(draft.get_absolute_url()).content.decode())
    tags = [tag.text for tag in tasks.find(cls="nhsuk-task-list").find_all("strong")]
    assert tags.count("Check last year's answers") == total - 1
    check = parse(client.get(reverse("assessments:check", args=[draft.pk])).content.decode())
    warning = check.find(id="carried-warning")
    assert f"{total - 1} sections not checked" in warning.text
    assert "You can still submit" in warning.text
    assert "Submit assessment" in [button.text.strip() for button in check.find_all("button")]


def test_the_history_says_where_the_draft_started(organisation, lead, last_year):
    draft = copy(last_year, lead)
    first = draft.history.earliest()
    assert first.history_change_reason == "Started from 2025/26's answers"
    assert first.started_from_id == last_year.pk


# --- queries ----------------------------------------------------------------------------


def test_the_new_page_takes_a_bounded_number_of_queries(
    client, organisation, lead, last_year, django_assert_max_num_queries
):
    client.force_login(lead)
    client.get(new_url(organisation))  # warm the catalogue
    with django_assert_max_num_queries(8):
        assert client.get(new_url(organisation)).status_code == 200


def test_creating_from_last_year_is_flat_as_answers_grow(
    organisation, lead, django_assert_max_num_queries
):
    few = make_assessment(organisation, lead, period="2024/25")
    save_category_few = category_sections()[0]
    save_category(few, lead, save_category_few, default=AnswerData("none"))
    Assessment.objects.filter(pk=few.pk).update(
        status="submitted", submitted_at="2025-04-01T00:00Z"
    )
    few.refresh_from_db()
    many = submitted_assessment(organisation, lead)
    assert many.answers.count() > 3 * few.answers.count()
    copy(few, lead)  # warm the catalogue
    budget = 17
    with django_assert_max_num_queries(budget):
        copy(few, lead)
    with django_assert_max_num_queries(budget):
        copy(many, lead)


def test_another_organisations_member_cannot_see_the_copy(client, organisation, lead, last_year):
    draft = copy(last_year, lead)
    stranger = make_member(make_organisation(), LEAD)
    client.force_login(stranger)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_history_page_shows_the_start(client, organisation, lead, last_year):
    draft = copy(last_year, lead)
    client.force_login(lead)
    url = reverse("assessments:history", args=[draft.pk])
    # The draft's first row is its oldest change: on the last page, after the answers'.
    text = " ".join(
        parse(client.get(url, {"page": number}).content.decode()).text for number in (1, 2, 3)
    )
    assert "Started from 2025/26's answers" in text
