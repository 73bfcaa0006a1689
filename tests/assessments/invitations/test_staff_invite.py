"""Staff invite an organisation's first involvement lead from admin; the email's link
makes them a lead. Non-staff cannot reach the page; a bad address is refused."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Invitation, Membership
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def invite_url(organisation) -> str:
    return reverse("admin:assessments_invite_lead", args=[organisation.pk])


@pytest.fixture
def staff(client):
    user = make_user(is_staff=True, is_superuser=True, first_name="Sam", last_name="Staff")
    client.force_login(user)
    return user


def test_staff_invite_the_first_lead_who_joins_as_lead(
    client, staff, django_assert_max_num_queries
):
    organisation = make_organisation()
    change = client.get(reverse("admin:assessments_organisation_change", args=[organisation.pk]))
    assert invite_url(organisation) in change.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(invite_url(organisation)).status_code == 200
    response = client.post(invite_url(organisation), {"email": "first.lead@example.nhs.uk"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.invited_by) == (Membership.Role.LEAD, staff)
    assert invitation.history.get().history_user == staff
    [message] = mail.outbox
    assert message.to == ["first.lead@example.nhs.uk"]
    assert "Sam Staff" in message.body and "involvement lead" in message.body
    link = re.search(r"http://testserver(/invitations/\S+/)", message.body)[1]
    client.logout()
    accepted = client.post(
        link,
        {
            "first_name": "Fran",
            "last_name": "First",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
    )
    assert accepted.status_code == 302
    membership = Membership.objects.get(organisation=organisation)
    assert membership.role == Membership.Role.LEAD
    assert membership.user.email == "first.lead@example.nhs.uk"


def test_a_bad_address_is_refused_and_kept(client, staff):
    organisation = make_organisation()
    response = client.post(invite_url(organisation), {"email": "not an address"})
    assert response.status_code == 200
    assert "not an address" in response.content.decode()
    assert "valid email" in response.content.decode()
    assert not Invitation.objects.exists() and mail.outbox == []


def test_an_address_already_waiting_is_refused(client, staff):
    organisation = make_organisation()
    client.post(invite_url(organisation), {"email": "first.lead@example.nhs.uk"})
    again = client.post(invite_url(organisation), {"email": "First.Lead@example.nhs.uk"})
    assert again.status_code == 200
    assert "already has an invitation waiting" in again.content.decode()
    assert Invitation.objects.count() == 1


def test_people_who_are_not_staff_cannot_invite_from_admin(client):
    organisation = make_organisation()
    client.force_login(make_user())
    response = client.post(invite_url(organisation), {"email": "first.lead@example.nhs.uk"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Invitation.objects.exists()
