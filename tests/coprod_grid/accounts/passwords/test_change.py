"""Changing a password while signed in: the current password first, then the new one
twice. This session stays signed in, every other one ends; the change is recorded and
the person is emailed."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from coprod_grid.accounts.models import AccountEvent, EventKind
from tests.factories import PASSWORD, make_user

from .steps import (
    NEW_PASSWORD,
    changed_emails,
    h1,
    html_part,
    is_signed_in,
    sign_in,
    summary,
    title,
)

pytestmark = pytest.mark.django_db

SERVICE = "Co-production Grid self-assessment"
URL = "/account/password/"
EMPTY_AGAIN = "Enter the new password again"


@pytest.fixture
def person():
    return make_user("chris.change", email="chris.change@example.nhs.uk")


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


def change(client, current=PASSWORD, new=NEW_PASSWORD, again=None, url=URL):
    again = new if again is None else again
    data = {"old_password": current, "new_password1": new, "new_password2": again}
    return client.post(url, data)


def test_the_urls_are_named():
    assert reverse("password-change") == URL
    assert reverse("password-change-done") == "/account/password/changed/"


def test_it_needs_a_signed_in_person(client):
    for url in (URL, reverse("password-change-done")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
    assert change(client).status_code == 302


def test_the_page_is_nhs_styled(signed_in, django_assert_max_num_queries):
    # The session, the account and the two-factor middleware's look at the account.
    with django_assert_max_num_queries(4):
        response = signed_in.get(URL)
    assert response.status_code == 200
    assert title(response) == f"Change your password – {SERVICE} – NHS"
    assert h1(response) == ["Change your password"]
    html = response.content.decode()
    assert 'autocomplete="current-password"' in html
    assert html.count('autocomplete="new-password"') == 2
    assert "autofocus" not in html
    assert f'href="{reverse("password-reset")}"' in html
    assert 'class="nhsuk-back-link"' in html


def test_it_changes_the_password_and_keeps_this_session_only(
    signed_in, person, django_assert_max_num_queries
):
    elsewhere = Client()
    elsewhere.force_login(person)
    response = change(signed_in)
    assert response.status_code == 302
    assert response["Location"] == reverse("password-change-done")
    with django_assert_max_num_queries(4):
        done = signed_in.get(response["Location"])
    assert done.status_code == 200
    assert h1(done) == ["Your password has been changed"]
    assert is_signed_in(signed_in)
    assert not is_signed_in(elsewhere)
    fresh = Client()
    assert sign_in(fresh, "chris.change", PASSWORD).status_code == 200
    assert sign_in(fresh, "chris.change", NEW_PASSWORD).status_code == 302


def test_a_change_is_recorded_and_emailed(signed_in, person):
    change(signed_in)
    [event] = AccountEvent.objects.all()
    assert (event.user, event.kind, event.actor) == (person, EventKind.PASSWORD_CHANGED, person)
    [notice] = changed_emails()
    assert notice.to == ["chris.change@example.nhs.uk"]
    assert "was changed at " in notice.body
    assert "reset using a link" not in notice.body
    assert "Your username is: chris.change" in notice.body
    assert "If this was not you, reset your password now" in notice.body
    assert "reset your password now</a>" in html_part(notice)
    assert len(mail.outbox) == 1


def test_without_an_address_it_changes_and_records_but_emails_nobody(client):
    person = make_user("no.address", email="")
    client.force_login(person)
    assert change(client).status_code == 302
    assert AccountEvent.objects.filter(user=person, kind=EventKind.PASSWORD_CHANGED).exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("current", "new", "again", "errors"),
    [
        ("", "", "", ["Enter your current password", "Create a new password", EMPTY_AGAIN]),
        ("not my password", NEW_PASSWORD, None, ["Enter your current password correctly"]),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", ["Enter the same password in both boxes"]),
        (PASSWORD, "12345678901234", None, ["This password is entirely numeric"]),
    ],
    ids=["empty", "wrong-current", "mismatch", "numeric"],
)
def test_it_says_what_is_wrong(signed_in, person, current, new, again, errors):
    response = change(signed_in, current, new, again)
    assert response.status_code == 200
    assert summary(response) == errors
    assert title(response).startswith("Error: ")
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert not AccountEvent.objects.exists() and mail.outbox == []


def test_it_does_not_follow_a_next_parameter_off_the_site(signed_in):
    response = change(signed_in, url=URL + "?next=https://evil.example/")
    assert response["Location"] == reverse("password-change-done")
