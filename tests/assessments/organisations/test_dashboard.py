"""The dashboard after sign-in: the person's organisations, their assessments with status
and last change, the latest position, and "Start a new assessment"."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Membership
from assessments.questionnaire.services import AnswerData
from tests.factories import (
    COMMISSIONER,
    LEAD,
    answer_all,
    make_assessment,
    make_member,
    make_organisation,
    make_user,
    submit,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

DASHBOARD = "assessments:dashboard"


@pytest.fixture
def organisation():
    return make_organisation(name="NHS North ICB", ods_code="QNO")


def test_sign_in_lands_on_the_dashboard(settings):
    assert settings.LOGIN_REDIRECT_URL == DASHBOARD


def test_it_works(client, organisation, lead):
    draft = make_assessment(organisation, lead, title="Our first go")
    client.force_login(lead)
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert page.find("h1").text == "Your dashboard"
    assert page.find("h2", id=f"organisation-{organisation.pk}").text == "NHS North ICB"
    row = page.find("tbody").find("tr")
    cells = [td.text for td in row.find_all("td")]
    assert cells[0] == "Assessment Our first go"
    assert cells[1] == "Period 2026/27"
    assert cells[2] == "Status Draft"
    assert f"by {lead.get_full_name()}" in cells[3]
    assert row.find("a").attrs["href"] == reverse("assessments:task-list", args=[draft.pk])
    start = [a for a in page.find_all("a") if a.text.startswith("Start a new assessment")]
    assert start[0].attrs["href"] == reverse("assessments:new", args=[organisation.pk])
    assert "Your role: involvement lead" in page.text
    assert "manage members" in page.text


def test_it_shows_the_latest_submitted_position(client, organisation, lead):
    example = {
        "surveys-and-questionnaires": AnswerData("occasional", ("monitoring",)),
        "analysis-of-complaints": AnswerData("routine", ("monitoring",)),
    }
    submitted = answer_all(
        make_assessment(organisation, lead, title="Last year", period="2025/26"),
        lead,
        answers=example,
        default=AnswerData("none"),
    )
    submit(submitted, lead)
    make_assessment(organisation, lead, title="This year")
    client.force_login(lead)
    page = parse(client.get(reverse(DASHBOARD)).content.decode())
    card = page.find(cls="nhsuk-card")
    assert "Latest position: Last year (2025/26)" in card.text
    assert "Passive and isolated" in card.text
    assert "Activeness 4 out of 100, embeddedness 20 out of 100" in card.text
    assert card.find("svg")
    statuses = [td.text for td in page.find("tbody").find_all("td") if "Status" in td.text]
    assert sorted(statuses) == ["Status Draft", "Status Submitted"]


def test_a_draft_with_nothing_practised_has_no_position(client, organisation, lead):
    answer_all(make_assessment(organisation, lead), lead, default=AnswerData("none"))
    client.force_login(lead)
    page = parse(client.get(reverse(DASHBOARD)).content.decode())
    card = page.find(cls="nhsuk-card")
    assert ", draft" in card.text
    assert "No involvement recorded yet" in card.text


def test_a_new_organisation_invites_a_first_assessment(client, organisation, lead):
    client.force_login(lead)
    page = client.get(reverse(DASHBOARD)).content.decode()
    assert "NHS North ICB has no assessments yet" in page
    assert "Start a new assessment" in page


def test_someone_in_no_organisation_is_told_what_to_do(client):
    client.force_login(make_user())
    page = client.get(reverse(DASHBOARD)).content.decode()
    assert "You are not a member of any organisation yet" in page
    assert "Start a new assessment" not in page


def test_a_person_in_several_organisations_sees_each(client, organisation, lead):
    other = make_organisation(name="NHS South ICB")
    Membership.objects.create(user=lead, organisation=other, role=COMMISSIONER)
    make_assessment(other, make_member(other, LEAD), title="Southern assessment")
    client.force_login(lead)
    page = parse(client.get(reverse(DASHBOARD)).content.decode())
    assert [h.text for h in page.find_all("h2") if h.attrs.get("id", "").startswith("org")] == [
        "NHS North ICB",
        "NHS South ICB",
    ]
    assert "Southern assessment" in page.text
    assert "see members" in page.text  # a commissioner there


def test_another_organisations_assessments_are_not_listed(client, organisation, lead):
    other = make_organisation(name="NHS Hidden ICB")
    make_assessment(other, make_member(other, LEAD), title="Hidden assessment")
    client.force_login(lead)
    page = client.get(reverse(DASHBOARD)).content.decode()
    assert "Hidden assessment" not in page and "NHS Hidden ICB" not in page


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_queries_do_not_grow_with_assessments_answers_or_organisations(client):
    user = make_user()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(DASHBOARD)).status_code == 200
        return len(queries)

    # The smallest dashboard showing both kinds of position: one draft, one submitted
    # (a draft is scored from its answers, a submitted assessment read from its result).
    first = make_organisation()
    Membership.objects.create(user=user, organisation=first, role=LEAD)
    make_assessment(first, user)
    other = make_organisation()
    Membership.objects.create(user=user, organisation=other, role=LEAD)
    submit(answer_all(make_assessment(other, user), user), user)
    client.force_login(user)  # a lead now: the client gives them an app and its code
    count()  # the first page of a process also reads the catalogue into its memo
    small = count()
    # More organisations, more assessments, every one fully answered, one submitted.
    for _ in range(2):
        organisation = make_organisation()
        Membership.objects.create(user=user, organisation=organisation, role=LEAD)
        for _ in range(3):
            answer_all(make_assessment(organisation, user), user)
        submit(Assessment.objects.filter(organisation=organisation).first(), user)
    answer_all(make_assessment(first, user), user)
    large = count()
    assert large == small, (small, large)
    assert large <= 15


def test_it_offers_to_continue_the_draft_changed_last(client, organisation, lead):
    older = make_assessment(organisation, lead, title="Older draft", period="2025/26")
    newer = make_assessment(organisation, lead, title="Newer draft", period="2026/27")
    submitted = make_assessment(organisation, lead, title="Sent", period="2024/25")
    submit(answer_all(submitted, lead), lead)
    # Fixed, before the newer draft's date: "three days ago" passed it on 3 December 2026.
    Assessment.objects.filter(pk=older.pk).update(
        updated_at=datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    )
    Assessment.objects.filter(pk=newer.pk).update(
        updated_at=datetime(2026, 11, 30, 20, 21, tzinfo=UTC)
    )
    Assessment.objects.filter(pk=submitted.pk).update(updated_at=timezone.now())
    client.force_login(lead)
    page = parse(client.get(reverse(DASHBOARD)).content.decode())
    draft = page.find(id=f"draft-{organisation.pk}")
    assert "Newer draft (2026/27)" in draft.text
    assert f"Last changed 30 November 2026 by {lead.get_full_name()}" in draft.text
    button = draft.find("a", "nhsuk-button")
    assert button.text == "Continue your draft for Newer draft (2026/27)"
    assert button.attrs["href"] == reverse("assessments:task-list", args=[newer.pk])
    # Carrying on is the main thing to do; starting another is there, but secondary.
    start = next(a for a in page.find_all("a") if a.text.startswith("Start a new assessment"))
    assert "nhsuk-button--secondary" in start.classes


def test_no_draft_means_no_continue_button(client, organisation, lead):
    submit(answer_all(make_assessment(organisation, lead), lead), lead)
    client.force_login(lead)
    page = parse(client.get(reverse(DASHBOARD)).content.decode())
    assert "Continue your draft" not in page.text
    start = next(a for a in page.find_all("a") if a.text.startswith("Start a new assessment"))
    assert "nhsuk-button--secondary" not in start.classes
