"""Invitations end to end: a lead invites by email, the person opens the link from the
email, sets a password (the validators apply) and is signed in with the membership;
links expire, work once, die when withdrawn or resent; an existing account accepts by
signing in; the members page does not tell whether an address has an account; a lead
can send only so many; and another organisation's lead gets 404."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.invitations import services
from assessments.models import Invitation, Membership
from tests.factories import COMMISSIONER, LEAD, make_member, make_organisation, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


def members_url(organisation) -> str:
    return reverse("assessments:members", args=[organisation.pk])


def invite(client, organisation, email="ira.invitee@example.nhs.uk", role=COMMISSIONER):
    return client.post(members_url(organisation), {"email": email, "role": role})


def link_in(message) -> str:
    """The path of the invitation link in an email's text."""
    return re.search(r"http://testserver(/invitations/\S+/)", message.body)[1]


def accept(client, link, password=PASSWORD, again=None):
    data = {"first_name": "Ira", "last_name": "Invitee", "password1": password}
    return client.post(link, {**data, "password2": again or password})


def summary(response) -> list[str]:
    found = parse(response.content.decode()).find(cls="nhsuk-error-summary")
    return [li.text.strip() for li in found.find_all("li")]


def test_invite_email_link_password_and_signed_in(client, organisation, lead):
    client.force_login(lead)
    assert invite(client, organisation).status_code == 302
    [message] = mail.outbox
    assert message.to == ["ira.invitee@example.nhs.uk"]
    assert organisation.name in message.subject
    assert lead.get_full_name() in message.body
    assert "7 days" in message.body
    assert "co-production" in message.body.lower() or "commissioning" in message.body
    assert message.alternatives  # an HTML part too
    link = link_in(message)
    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Join " + organisation.name in page.content.decode()
    weak = accept(client, link, password="password")
    assert weak.status_code == 200
    assert "This password is too common" in summary(weak)
    assert "<title>Error: " in weak.content.decode()
    response = accept(client, link)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:dashboard")
    dashboard = client.get(response["Location"])
    assert dashboard.context["user"].email == "ira.invitee@example.nhs.uk"
    membership = Membership.objects.get(user__email="ira.invitee@example.nhs.uk")
    assert membership.organisation == organisation and membership.role == COMMISSIONER
    # The history says who invited and who accepted, and when.
    reasons = list(
        Invitation.history.order_by("history_date").values_list(
            "history_change_reason", "history_user__email"
        )
    )
    assert reasons == [("Invited", lead.email), ("Accepted", "ira.invitee@example.nhs.uk")]
    # Used once: the link now says so, and never a 500.
    client.logout()
    used = client.get(link)
    assert used.status_code == 410
    assert "already been accepted" in used.content.decode()
    assert accept(client, link).status_code == 410


def test_an_expired_link_says_what_to_do(client, organisation, lead):
    client.force_login(lead)
    invite(client, organisation)
    link = link_in(mail.outbox[0])
    now = timezone.now()  # as if sent eight days ago
    Invitation.objects.update(
        created_at=now - timedelta(days=8), expires_at=now - timedelta(days=1)
    )
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    html = response.content.decode()
    assert "This invitation has expired" in html
    assert "ask the involvement lead who invited you" in html
    assert accept(client, link).status_code == 410
    assert not Membership.objects.filter(user__email="ira.invitee@example.nhs.uk").exists()


def test_a_withdrawn_invitation_stops_working(client, organisation, lead):
    client.force_login(lead)
    invite(client, organisation)
    link = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    url = reverse("assessments:invitation-withdraw", args=[organisation.pk, invitation.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.withdrawn_by == lead
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_resend_issues_a_new_link_and_kills_the_old_one(client, organisation, lead):
    client.force_login(lead)
    invite(client, organisation)
    old = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    resend = reverse("assessments:invitation-resend", args=[organisation.pk, invitation.pk])
    assert client.post(resend).status_code == 302
    new = link_in(mail.outbox[1])
    assert new != old
    client.logout()
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200
    assert Invitation.history.filter(history_change_reason="Resent", history_user=lead).exists()


def test_an_existing_account_accepts_by_signing_in(client, organisation, lead):
    person = make_user("sam.existing")
    client.force_login(lead)
    invite(client, organisation, email="SAM.EXISTING@example.nhs.uk")
    message = mail.outbox[0]
    assert "You already have an account" in message.body
    link = link_in(message)
    assert not Membership.objects.filter(user=person, organisation=organisation).exists()
    client.logout()
    page = client.get(link).content.decode()
    assert "Sign in to accept" in page
    assert accept(client, link).status_code == 200  # no account made, nothing joined
    assert not Membership.objects.filter(user=person, organisation=organisation).exists()
    client.force_login(person)
    response = client.post(link)
    assert response.status_code == 302
    assert Membership.objects.get(user=person, organisation=organisation).role == COMMISSIONER


def test_the_members_page_does_not_tell_whether_an_address_has_an_account(
    client, organisation, lead
):
    make_user("known.person")
    client.force_login(lead)
    answers = []
    for email in ("known.person@example.nhs.uk", "unknown.person@example.nhs.uk"):
        response = invite(client, organisation, email=email)
        page = client.get(response["Location"]).content.decode()
        answers.append((response.status_code, page.count("An invitation has been sent to")))
    assert answers[0] == answers[1] == (302, 1)
    assert len(mail.outbox) == 2


def test_a_lead_can_send_only_so_many_an_hour(client, organisation, lead):
    client.force_login(lead)
    for number in range(services.HOURLY_LIMIT):
        assert invite(client, organisation, email=f"p{number}@example.nhs.uk").status_code == 302
    response = invite(client, organisation, email="one.more@example.nhs.uk")
    assert response.status_code == 200
    assert summary(response) == [services.TOO_MANY]
    assert not Invitation.objects.filter(email="one.more@example.nhs.uk").exists()


def test_another_organisations_lead_gets_404(client, organisation, lead):
    client.force_login(lead)
    invite(client, organisation)
    invitation = Invitation.objects.get()
    other = make_organisation()
    stranger = make_member(other, LEAD)
    client.force_login(stranger)
    for name in ("assessments:invitation-resend", "assessments:invitation-withdraw"):
        assert client.post(reverse(name, args=[other.pk, invitation.pk])).status_code == 404
        assert client.post(reverse(name, args=[organisation.pk, invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is None
    assert len(mail.outbox) == 1


def test_the_members_page_takes_a_bounded_number_of_queries(
    client, organisation, lead, django_assert_max_num_queries
):
    for number in range(8):
        make_member(organisation, COMMISSIONER)
        services.invitation_issue(
            organisation=organisation, user=lead, email=f"w{number}@example.nhs.uk", role=LEAD
        )
    client.force_login(lead)
    with django_assert_max_num_queries(9):
        response = client.get(members_url(organisation))
    assert response.content.decode().count("Withdraw<span") == 8
