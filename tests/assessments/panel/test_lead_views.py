"""The lead's panel pages: the panel page, where the two views differ (nothing per
activity below the threshold, nobody named) and agreed answers. Changes are the lead's
(403 for a commissioner); all answer 404 to another organisation's lead and to a panel
member; each page makes as few queries with 8 members as with 3."""

import pytest
from django.core import mail
from django.urls import reverse

from assessments.invitations import services as invitations
from assessments.models import Invitation
from assessments.panel import services
from assessments.panel.models import AgreedAnswer, Panel, PanelMember
from coprod_grid.models import Activity
from tests.factories import LEAD, make_assessment, make_member, make_organisation, make_user
from tests.html import parse

from .test_lead_services import (
    NONE,
    OCCASIONAL,
    ROUTINE,
    activities,
    answered_assessment,
    panel_invitation,
    rate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(organisation, lead):
    return answered_assessment(organisation, lead)


def url(name: str, assessment, *extra) -> str:
    return reverse(f"assessments:{name}", args=[assessment.pk, *extra])


def page_of(response):
    assert response.status_code == 200, response.status_code
    return parse(response.content.decode())


def marked_all(element, attribute: str) -> list:
    """Elements carrying a data attribute the tests find them by."""
    return [found for found in element.find_all() if attribute in found.attrs]


def marked(element, attribute: str):
    return marked_all(element, attribute)[0]


def error_summary(response) -> list[str]:
    found = page_of(response).find(cls="nhsuk-error-summary")
    return [li.text for li in found.find_all("li")]


def panel_of_three(assessment, *, users=False, people=None):
    """Three members who rated (with ``people``'s accounts, or new ones if ``users``):
    the first activity is where most of the panel differs (discuss), the second where
    one member does; comments on the first."""
    first, second = activities()[0].slug, activities()[1].slug
    users = users or people is not None
    people = people or [make_user(f"rater.{n}", first_name=f"Raterfirst{n}") for n in range(3)]
    ratings = [{first: NONE, second: NONE}, {first: OCCASIONAL}, {first: OCCASIONAL}]
    for number, rating in enumerate(ratings):
        comments = {first: "I have never been asked"} if number == 0 else {}
        rate(assessment, rating, comments=comments, user=people[number] if users else None)
    return people


# --- the panel page ----------------------------------------------------------------------


def test_the_lead_sees_counts_invitations_and_controls(client, assessment, lead):
    waiting = panel_invitation(assessment, lead, "waiting.person@example.org")
    joiner = make_user("joining.person", email="joining.person@example.org")
    invitations.invitation_accept(
        invitation=panel_invitation(assessment, lead, joiner.email), user=joiner
    )
    client.force_login(lead)
    page = page_of(client.get(url("panel", assessment)))
    assert page.find("h1").text == "Lived-experience panel"
    assert marked(page, "data-counts").text == "2 invited, 1 joined, 0 have rated"
    assert "shown once at least 3 members have rated (so nobody can be identified)" in page.text
    assert "about 20 minutes" in page.text and "anonymous" in page.text
    rows = [tr.text for tr in page.find("tbody").find_all("tr")]
    assert rows[0].startswith("Email waiting.person@example.org Status Invited")
    assert "joining.person@example.org Status Joined" in rows[1]
    forms = {form.attrs.get("action") for form in page.find_all("form")}
    org = assessment.organisation.pk
    assert reverse("assessments:invitation-resend", args=[org, waiting.pk]) in forms
    assert reverse("assessments:invitation-withdraw", args=[org, waiting.pk]) in forms
    assert {url("panel-open", assessment), url("panel-headline", assessment)} <= forms
    assert page.find("input", id="id_email")
    assert not [a for a in page.find_all("a") if "differs" in a.text]


def test_a_commissioner_sees_the_counts_but_no_addresses_or_controls(
    client, assessment, lead, commissioner
):
    panel_invitation(assessment, lead, "waiting.person@example.org")
    for _ in range(3):
        rate(assessment)
    client.force_login(commissioner)
    response = client.get(url("panel", assessment))
    page = page_of(response)
    assert marked(page, "data-counts").text == "1 invited, 3 joined, 3 have rated"
    assert "waiting.person@example.org" not in response.content.decode()
    actions = [form.attrs.get("action", "") for form in page.find_all("form")]
    assert not [action for action in actions if "/panel/" in action or "invitation" in action]
    link = [a for a in page.find_all("a") if "differs" in a.text]
    assert link[0].attrs["href"] == url("panel-differences", assessment)


def test_inviting_from_the_page_sends_the_email(client, assessment, lead):
    client.force_login(lead)
    response = client.post(url("panel", assessment), {"email": "pat.panel@example.org"})
    assert response.status_code == 302 and response["Location"] == url("panel", assessment)
    [message] = mail.outbox
    assert message.to == ["pat.panel@example.org"]
    page = client.get(response["Location"]).content.decode()
    assert "An invitation to the panel has been sent to pat.panel@example.org" in page
    assert Invitation.objects.filter(assessment=assessment, role="panel").count() == 1


def test_inviting_a_member_of_the_organisation_is_refused_with_the_text_kept(
    client, assessment, lead, commissioner
):
    client.force_login(lead)
    response = client.post(url("panel", assessment), {"email": commissioner.email})
    assert error_summary(response) == [invitations.MEMBER_NOT_PANEL]
    assert "<title>Error: " in response.content.decode()
    assert page_of(response).find("input", id="id_email").attrs["value"] == commissioner.email
    assert not Invitation.objects.exists() and mail.outbox == []


def test_open_close_and_headline(client, assessment, lead):
    rate(assessment)
    client.force_login(lead)
    assert client.post(url("panel-open", assessment), {"open": "yes"}).status_code == 302
    assert Panel.objects.get().is_open
    assert "Stop showing the comparison" in client.get(url("panel", assessment)).content.decode()
    client.post(url("panel-open", assessment), {"open": "no"})
    assert not Panel.objects.get().is_open

    assert client.post(url("panel-headline", assessment), {"headline": "agreed"}).status_code == 302
    assert Panel.objects.get().headline == "agreed"
    wrong = client.post(url("panel-headline", assessment), {"headline": "loudest"})
    assert error_summary(wrong) == ["Select which result the headline shows"]
    assert Panel.objects.get().headline == "agreed"


# --- who may do what ----------------------------------------------------------------------


def every_request(assessment):
    slug = activities()[0].slug
    return [
        ("GET", url("panel", assessment), {}),
        ("POST", url("panel", assessment), {"email": "new.person@example.org"}),
        ("POST", url("panel-open", assessment), {"open": "yes"}),
        ("POST", url("panel-headline", assessment), {"headline": "agreed"}),
        ("GET", url("panel-differences", assessment), {}),
        ("GET", url("panel-agreed", assessment, slug), {}),
        ("POST", url("panel-agreed", assessment, slug), {"frequency": ROUTINE, "note": "x"}),
        ("POST", url("panel-agreed-remove", assessment, slug), {}),
    ]


def send(client, method, path, data):
    return client.get(path) if method == "GET" else client.post(path, data)


def test_outsiders_and_panel_members_get_404_everywhere(client, assessment, lead):
    people = panel_of_three(assessment, users=True)
    other = make_organisation()
    for person in (make_member(other, LEAD), people[0]):
        client.force_login(person)
        for method, path, data in every_request(assessment):
            assert send(client, method, path, data).status_code == 404, (person, method, path)
    panel = Panel.objects.get()
    assert panel.opened_at is None and panel.headline == "commissioners"
    assert not AgreedAnswer.objects.exists() and not Invitation.objects.exists()


def test_a_commissioner_reads_but_every_change_is_403(client, assessment, commissioner):
    panel_of_three(assessment)
    client.force_login(commissioner)
    for method, path, data in every_request(assessment):
        expected = 200 if method == "GET" and "agreed" not in path else 403
        assert send(client, method, path, data).status_code == expected, (method, path)
    assert not AgreedAnswer.objects.exists() and not Invitation.objects.exists()
    html = client.get(url("panel-differences", assessment)).content.decode()
    assert "Turn into an action" in html and "Record an agreed answer" not in html


# --- where the two views differ -----------------------------------------------------------


def test_below_the_threshold_nothing_is_shown_per_activity(client, assessment, lead):
    first = activities()[0].slug
    for _ in range(2):
        rate(assessment, {first: NONE}, comments={first: "A comment nobody may see yet"})
    client.force_login(lead)
    response = client.get(url("panel-differences", assessment))
    html = response.content.decode()
    page = page_of(response)
    assert marked(page, "data-waiting").text.startswith("Information: 2 members have rated so far")
    assert not marked_all(page, "data-differences")
    assert "Not at the moment 2" not in html and "A comment nobody may see" not in html
    assert "Record an agreed answer" not in html


def test_the_differences_largest_first_with_tags_comments_and_links(client, assessment, lead):
    panel_of_three(assessment)
    first, second = activities()[0], activities()[1]
    client.force_login(lead)
    page = page_of(client.get(url("panel-differences", assessment)))
    rows = marked(page, "data-differences").find("tbody").find_all("tr")
    assert [row.attrs["data-activity"] for row in rows] == [first.slug, second.slug]
    top = rows[0]
    assert first.name in top.text and "Discuss" in top.text
    assert "Discuss" not in rows[1].find("td").text
    assert marked(top, "data-counts").text.endswith(
        "Not at the moment 1 · Occasionally 2 · Routinely 0"
    )
    assert "Commissioners Routinely" in top.text
    assert "I have never been asked" in top.text
    links = {a.text.replace(" :", ":"): a.attrs["href"] for a in top.find_all("a")}
    assert links[f"Record an agreed answer for {first.name}"] == url(
        "panel-agreed", assessment, first.slug
    )
    new_action = reverse("assessments:action-new", args=[assessment.pk])
    assert links[f"Turn into an action: {first.name}"] == f"{new_action}?activity={first.slug}"
    summary = marked(page, "data-lenses").text
    assert "Commissioners' view" in summary and "Panel's view" in summary
    assert "The headline shows the commissioners' view" in page.text


def test_nobody_is_named_but_in_the_lead_s_list_of_the_addresses_they_typed(
    client, assessment, lead, commissioner
):
    people = [make_user(f"rater.{n}", first_name=f"Raterfirst{n}") for n in range(3)]
    for person in people:
        invitation = panel_invitation(assessment, lead, person.email)
        invitations.invitation_accept(invitation=invitation, user=person)
    PanelMember.objects.all().delete()  # seated again, with ratings, below
    panel_of_three(assessment, people=people)
    client.force_login(lead)
    html = client.get(url("panel", assessment)).content.decode()
    assert all(person.email in html and person.first_name not in html for person in people)
    for viewer, path in (
        (lead, url("panel-differences", assessment)),
        (lead, url("panel-agreed", assessment, activities()[0].slug)),
        (commissioner, url("panel", assessment)),
    ):
        client.force_login(viewer)
        html = client.get(path).content.decode()
        for person in people:
            for text in (person.username, person.first_name, person.last_name, person.email):
                assert text not in html, (path, text)


# --- agreeing -----------------------------------------------------------------------------


def test_record_change_and_remove_an_agreed_answer(client, assessment, lead):
    panel_of_three(assessment)
    activity = activities()[0]
    agreed_url = url("panel-agreed", assessment, activity.slug)
    client.force_login(lead)
    page = page_of(client.get(agreed_url))
    assert page.find("h1").text == f"Agreed answer: {activity.name}"
    assert "Not at the moment 1 · Occasionally 2 · Routinely 0" in page.text
    # Prefilled with the commissioners' answer, where the discussion starts.
    assert "checked" in page.find("input", id="id_frequency_2").attrs
    assert page.find("label", for_="id_note").text == "Why was this agreed?"

    data = {"frequency": OCCASIONAL, "stages": ["monitoring"], "note": "Met on 3 March"}
    response = client.post(agreed_url, data)
    differences = url("panel-differences", assessment)
    assert response["Location"] == f"{differences}#activity-{activity.slug}"
    assert f"Agreed answer saved: {activity.name}" in client.get(differences).content.decode()
    agreed = AgreedAnswer.objects.get()
    assert (agreed.frequency, agreed.stages, agreed.updated_by.pk) == (
        OCCASIONAL,
        ["monitoring"],
        lead.pk,
    )
    again = page_of(client.get(agreed_url))
    assert again.find("textarea", id="id_note").text == "Met on 3 March"
    client.post(agreed_url, {**data, "frequency": NONE, "stages": [], "note": "Changed"})
    assert AgreedAnswer.objects.get().frequency == NONE

    remove = url("panel-agreed-remove", assessment, activity.slug)
    assert client.get(remove).status_code == 405
    assert client.post(remove)["Location"] == f"{differences}#activity-{activity.slug}"
    assert not AgreedAnswer.objects.exists()
    history = AgreedAnswer.history.order_by("history_date")
    assert list(history.values_list("history_type", "history_user")) == [
        ("+", lead.pk),
        ("~", lead.pk),
        ("-", lead.pk),
    ]


def test_agreement_errors_keep_what_was_typed(client, assessment, lead):
    panel_of_three(assessment)
    agreed_url = url("panel-agreed", assessment, activities()[0].slug)
    client.force_login(lead)
    response = client.post(agreed_url, {"frequency": NONE, "stages": ["monitoring"], "note": ""})
    assert error_summary(response) == [services.STAGES_WHEN_NONE, "Enter why this was agreed"]
    long = "x" * 5001
    response = client.post(agreed_url, {"frequency": ROUTINE, "note": long})
    assert "characters or fewer" in error_summary(response)[0]
    assert page_of(response).find("textarea", id="id_note").text == long
    assert not AgreedAnswer.objects.exists()


def test_no_agreement_before_both_have_rated(client, organisation, lead):
    unanswered = make_assessment(organisation, lead)
    rate(unanswered)
    agreed_url = url("panel-agreed", unanswered, activities()[0].slug)
    client.force_login(lead)
    page = page_of(client.get(agreed_url))
    assert services.BEFORE_BOTH_RATED in marked(page, "data-before-both-rated").text
    assert not page.find_all("textarea")
    response = client.post(agreed_url, {"frequency": ROUTINE, "note": "Agreed"})
    assert error_summary(response) == [services.BEFORE_BOTH_RATED]
    assert not AgreedAnswer.objects.exists()


def test_an_unknown_or_retired_activity_is_not_found(client, assessment, lead):
    panel_of_three(assessment)
    retired = activities()[0]
    client.force_login(lead)
    assert client.get(url("panel-agreed", assessment, "no-such-activity")).status_code == 404
    Activity.objects.filter(pk=retired.pk).update(is_active=False)
    assert client.get(url("panel-agreed", assessment, retired.slug)).status_code == 404
    post = client.post(url("panel-agreed", assessment, retired.slug), {"frequency": ROUTINE})
    assert post.status_code == 404
    assert not AgreedAnswer.objects.exists()


def test_an_assessment_nobody_was_invited_to_rate(client, assessment, lead):
    client.force_login(lead)
    html = client.get(url("panel-differences", assessment)).content.decode()
    assert "Nobody has been invited to rate this assessment yet" in html
    page = page_of(client.get(url("panel", assessment)))
    assert marked(page, "data-counts").text == "0 invited, 0 joined, 0 have rated"
    assert client.get(url("panel-agreed", assessment, activities()[0].slug)).status_code == 404
    assert not Panel.objects.exists()  # reading the pages makes no panel


# --- queries ------------------------------------------------------------------------------

# The most queries each page may make, with 3 members or 8: 3 for the session, the user
# and the authenticator app, 2 for the membership and the assessment, then the page's own
# (the catalogue is warm: one query asks whether it changed, each time it is read).
PAGES = {  # name: (who, URL name, the most queries)
    "panel (lead)": ("lead", "panel", 7),  # the panel with its counts, the invitations
    "panel (commissioner)": ("commissioner", "panel", 7),
    # the panel, answers, ratings and their answers, agreed answers; 3 catalogue checks
    "differences": ("lead", "panel-differences", 13),  # a draft: its lenses computed each time
    # the panel, the activity, the answer, the counts, the agreement; 1 catalogue check
    "agreed answer": ("lead", "panel-agreed", 11),
}


@pytest.mark.parametrize("members", [3, 8])
@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_makes_a_few_queries_however_many_members(
    client, assessment, lead, commissioner, django_assert_max_num_queries, members, name
):
    first = activities()[0].slug
    for number in range(members):
        person = make_user(f"member{number}", email=f"member{number}@example.org")
        invitation = panel_invitation(assessment, lead, person.email)
        invitations.invitation_accept(invitation=invitation, user=person)
        panel_invitation(assessment, lead, f"waiting{number}@example.org")
        PanelMember.objects.filter(user=person).delete()
        rate(assessment, {first: NONE if number % 2 else OCCASIONAL}, user=person)
    services.agreed_answer_save(
        panel=Panel.objects.get(),
        by=lead.memberships.get(),
        activity=activities()[0],
        frequency=OCCASIONAL,
        stages=[],
        note="Agreed",
    )
    who, url_name, most = PAGES[name]
    extra = [first] if url_name == "panel-agreed" else []
    path = url(url_name, assessment, *extra)
    client.force_login(lead if who == "lead" else commissioner)
    client.get(path)  # the catalogue read once, as in a running process
    with django_assert_max_num_queries(most):
        assert client.get(path).status_code == 200
