"""Password reset by email, end to end: ask, open the emailed link, set a new password,
sign in with it. Links expire, work once and refuse tampering; the answer never tells
whether an address has an account; the hourly limits hold; every other session ends."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks.signals import task_enqueued

from coprod_grid.accounts.models import AccountEvent, EventKind
from coprod_grid.accounts.passwords import services
from tests.factories import PASSWORD, make_user

from .steps import (
    NEW_PASSWORD,
    ask_for_reset,
    changed_emails,
    h1,
    html_part,
    is_signed_in,
    link_in,
    open_link_and_set,
    reset_emails,
    set_password,
    sign_in,
    summary,
    title,
)

pytestmark = pytest.mark.django_db

SERVICE = "Co-production Grid self-assessment"
INVALID = "This password reset link has expired or has been used"


@pytest.fixture
def person():
    return make_user("robin.reset", email="robin.reset@example.nhs.uk")


@pytest.fixture
def enqueued():
    """The names of the tasks enqueued while the test runs, in order."""
    names = []

    def note(sender, task_result, **kwargs):
        names.append(task_result.task.name)

    task_enqueued.connect(note)
    yield names
    task_enqueued.disconnect(note)


def without_nonce(html: bytes) -> str:
    return re.sub(r'nonce="[^"]*"', 'nonce=""', html.decode())


def test_the_reset_page_is_public_and_nhs_styled(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(reverse("password-reset"))
    assert response.status_code == 200
    assert title(response) == f"Reset your password – {SERVICE} – NHS"
    assert h1(response) == ["Reset your password"]
    html = response.content.decode()
    assert "The link works once, for 1 hour" in html
    assert 'class="nhsuk-back-link" href="/sign-in/"' in html
    assert 'autocomplete="email"' in html and 'type="email"' in html


def test_the_sign_in_page_links_to_it(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password-reset")}"' in html
    assert "ask an administrator in your organisation to reset it" not in html


def test_it_resets_a_password_end_to_end(client, person, django_assert_max_num_queries):
    response = ask_for_reset(client, "robin.reset@example.nhs.uk")
    assert response.status_code == 302
    assert response["Location"] == reverse("password-reset-sent")
    with django_assert_max_num_queries(0):
        sent = client.get(response["Location"])
    assert h1(sent) == ["Check your email"]
    assert "If an account uses that address, we have sent an email" in sent.content.decode()
    assert "The link works once, for 1 hour" in sent.content.decode()

    [message] = mail.outbox
    assert message.to == ["robin.reset@example.nhs.uk"]
    assert message.subject == f"Reset your password for the {SERVICE}"
    assert "Your username is: robin.reset" in message.body
    assert "works once, for 1 hour" in message.body
    assert "If you did not ask to reset your password, you can ignore this email" in message.body
    assert "sent by the Co-production Grid self-assessment service" in message.body
    assert person.first_name not in message.body  # the username, nothing more
    link = link_in(message)
    assert link in html_part(message)

    opened = client.get(link)
    assert opened.status_code == 302
    # The session and the account; the sliding session saves the new session once.
    with django_assert_max_num_queries(5):
        form = client.get(opened["Location"])
    assert form.status_code == 200
    assert h1(form) == ["Create a new password"]
    assert title(form) == f"Create a new password – {SERVICE} – NHS"
    assert "robin.reset" in form.content.decode()
    assert link.split("/")[-2] not in form.content.decode()  # the token is not on the page

    saved = set_password(client, opened["Location"])
    assert saved.status_code == 302
    assert saved["Location"] == reverse("password-reset-complete")
    with django_assert_max_num_queries(1):  # the session
        complete = client.get(saved["Location"])
    assert h1(complete) == ["Your password has been reset"]
    assert f'href="{reverse("login")}"' in complete.content.decode()
    assert "_auth_user_id" not in client.session  # not signed in: they sign in again

    assert sign_in(client, "robin.reset", PASSWORD).status_code == 200
    assert sign_in(client, "robin.reset", NEW_PASSWORD).status_code == 302


def test_a_completed_reset_is_recorded_and_emailed(client, person):
    ask_for_reset(client, person.email)
    open_link_and_set(client, link_in(mail.outbox[0]))
    [event] = AccountEvent.objects.all()
    assert (event.user, event.kind, event.actor) == (person, EventKind.PASSWORD_RESET, person)
    [notice] = changed_emails()
    assert notice.to == [person.email]
    assert "was reset using a link sent to this email address" in notice.body
    assert "If this was not you, reset your password now at http://testserver/password-reset/" in (
        notice.body
    )
    assert 'href="http://testserver/password-reset/"' in html_part(notice)


def test_a_reset_signs_out_every_session(client, person):
    elsewhere = Client()
    elsewhere.force_login(person)
    assert is_signed_in(elsewhere)
    ask_for_reset(client, person.email)
    open_link_and_set(client, link_in(mail.outbox[0]))
    assert not is_signed_in(elsewhere)


def test_a_link_works_once(client, person, django_assert_max_num_queries):
    ask_for_reset(client, person.email)
    link = link_in(mail.outbox[0])
    opened = client.get(link)
    set_password(client, opened["Location"])
    with django_assert_max_num_queries(2):  # the session and the account
        again = client.get(link)
    assert again.status_code == 200
    assert h1(again) == [INVALID]
    assert f'href="{reverse("password-reset")}"' in again.content.decode()
    assert "Get a new link" in again.content.decode()
    assert not again.context["validlink"]
    # Neither the link nor the page it led to take another password.
    assert set_password(client, link, "yet another long passphrase").status_code == 200
    assert set_password(client, opened["Location"], "yet another long passphrase").status_code == (
        200
    )
    assert sign_in(client, person.username, NEW_PASSWORD).status_code == 302


def test_a_link_expires(client, person, settings):
    settings.PASSWORD_RESET_TIMEOUT = 60
    ask_for_reset(client, person.email)
    link = link_in(mail.outbox[0])
    later = datetime.now() + timedelta(seconds=61)
    with mock.patch.object(default_token_generator, "_now", return_value=later):
        response = client.get(link)
    assert response.status_code == 200
    assert h1(response) == [INVALID]
    assert "Each link works once, for 1 minute" in response.content.decode()
    # Just in time it still works.
    almost = datetime.now() + timedelta(seconds=55)
    with mock.patch.object(default_token_generator, "_now", return_value=almost):
        assert client.get(link).status_code == 302


def test_a_link_opened_in_time_but_saved_too_late_changes_nothing(client, person, settings):
    settings.PASSWORD_RESET_TIMEOUT = 60
    ask_for_reset(client, person.email)
    opened = client.get(link_in(mail.outbox[0]))
    later = datetime.now() + timedelta(seconds=61)
    with mock.patch.object(default_token_generator, "_now", return_value=later):
        response = set_password(client, opened["Location"])
    assert h1(response) == [INVALID]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert not AccountEvent.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda uid, token, other: (uid, token[:-1] + ("0" if token[-1] != "0" else "1")),
        lambda uid, token, other: (uid, "abc-" + token.split("-")[1]),
        lambda uid, token, other: (other, token),
        lambda uid, token, other: ("MTIzNDU2Nzg", token),  # "12345678": nobody's id
        lambda uid, token, other: ("not-base64!", token),
        lambda uid, token, other: (uid, "set-password"),  # no token in this session
    ],
    ids=["token", "timestamp", "other-account", "unknown-id", "bad-id", "no-session"],
)
def test_a_tampered_link_is_refused(client, person, tamper):
    other = make_user("someone.else")
    ask_for_reset(client, person.email)
    _, _, uid, token, _ = link_in(mail.outbox[0]).split("/")
    uid, token = tamper(uid, token, urlsafe_base64_encode(force_bytes(other.pk)))
    url = reverse("password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    response = client.get(url)
    assert response.status_code == 200
    assert h1(response) == [INVALID]
    assert set_password(client, url).status_code == 200
    for account in (person, other):
        account.refresh_from_db()
        assert account.check_password(PASSWORD)


def test_the_answer_does_not_tell_whether_an_address_has_an_account(client, person, enqueued):
    ask_for_reset(client, "warm.up@example.nhs.uk", ip="192.0.2.1")  # first-request costs
    enqueued.clear()
    answers = []
    asked = [("robin.reset@example.nhs.uk", "192.0.2.2"), ("nobody@example.nhs.uk", "192.0.2.3")]
    for email, ip in asked:
        with CaptureQueriesContext(connection) as queries:
            response = ask_for_reset(client, email, ip=ip)
        page = client.get(response["Location"])
        answers.append(
            (
                response.status_code,
                response["Location"],
                response.content,
                page.status_code,
                without_nonce(page.content),
                len(queries),
            )
        )
    assert answers[0] == answers[1]
    assert enqueued == ["send_email", "send_nothing"]  # one task each
    assert [message.to for message in mail.outbox] == [["robin.reset@example.nhs.uk"]]


def test_an_address_with_no_account_renders_the_same_email_and_sends_nothing(client):
    with mock.patch.object(services, "pretend_to_send", wraps=services.pretend_to_send) as pretend:
        ask_for_reset(client, "nobody@example.nhs.uk")
    [call] = pretend.call_args_list
    assert call.kwargs["to"] == "nobody@example.nhs.uk"
    assert call.kwargs["template"] == "password_reset"
    assert call.kwargs["context"]["link"].startswith("http://testserver/password-reset/")
    assert mail.outbox == []


@pytest.mark.parametrize(
    "account",
    [{"is_active": False}, {"password": None}],
    ids=["inactive", "no-usable-password"],
)
def test_accounts_that_cannot_sign_in_with_a_password_get_nothing(client, account, enqueued):
    user = make_user("sam.switched.off")
    if "is_active" in account:
        user.is_active = False
    else:
        user.set_unusable_password()
    user.save()
    response = ask_for_reset(client, user.email)
    assert response["Location"] == reverse("password-reset-sent")
    assert mail.outbox == []
    assert enqueued == ["send_nothing"]


def test_the_address_is_matched_without_regard_to_case(client):
    casey = make_user("casey", email="Casey.Mixed@example.nhs.uk")
    ask_for_reset(client, "CASEY.MIXED@EXAMPLE.NHS.UK")
    [message] = mail.outbox
    assert message.to == [casey.email]  # the address on the account, as it is written there


def test_each_account_sharing_an_address_gets_its_own_email(client):
    first = make_user("shared.one", email="team@example.nhs.uk")
    second = make_user("shared.two", email="team@example.nhs.uk")
    ask_for_reset(client, "team@example.nhs.uk")
    messages = reset_emails()
    assert len(messages) == 2
    by_name = {
        re.search(r"Your username is: (\S+)", message.body)[1]: link_in(message)
        for message in messages
    }
    assert set(by_name) == {"shared.one", "shared.two"}
    open_link_and_set(client, by_name["shared.two"])
    first.refresh_from_db(), second.refresh_from_db()
    assert first.check_password(PASSWORD)
    assert second.check_password(NEW_PASSWORD)


def test_the_email_has_a_text_and_an_html_part_and_escapes_the_username(client):
    get_user_model().objects.create_user(
        username="<b>bold</b>", email="bold@example.nhs.uk", password=PASSWORD
    )
    ask_for_reset(client, "bold@example.nhs.uk")
    [message] = mail.outbox
    html = html_part(message)
    assert "<!DOCTYPE html>" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<b>bold</b>" not in html
    assert "Your username is: <b>bold</b>" in message.body  # plain text needs no escaping
    page = client.get(client.get(link_in(message))["Location"]).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page


def test_an_address_gets_only_so_many_an_hour(client, person):
    for number in range(services.PER_ADDRESS):
        response = ask_for_reset(client, person.email, ip=f"203.0.113.{number}")
        assert response.status_code == 302
    assert len(reset_emails()) == services.PER_ADDRESS
    # From yet another IP address, and in other letters, it is the same address.
    over = ask_for_reset(client, person.email.upper(), ip="203.0.113.99")
    assert over.status_code == 200
    assert summary(over) == [services.TOO_MANY]
    assert title(over).startswith("Error: ")
    assert len(reset_emails()) == services.PER_ADDRESS


def test_the_limit_answers_the_same_with_or_without_an_account(client, person):
    answers = []
    for email in (person.email, "nobody@example.nhs.uk"):
        for number in range(services.PER_ADDRESS):
            ask_for_reset(client, email, ip=f"203.0.113.{number}")
        over = ask_for_reset(client, email, ip="203.0.113.99")
        answers.append((over.status_code, summary(over), h1(over)))
    assert answers[0] == answers[1] == (200, [services.TOO_MANY], ["Reset your password"])


def test_an_ip_address_gets_only_so_many_an_hour(client, person, enqueued):
    for number in range(services.PER_CLIENT):
        response = ask_for_reset(client, f"nobody{number}@example.nhs.uk", ip="203.0.113.7")
        assert response.status_code == 302
    enqueued.clear()
    over = ask_for_reset(client, person.email, ip="203.0.113.7")
    assert over.status_code == 200
    assert summary(over) == [services.TOO_MANY]
    assert mail.outbox == [] and enqueued == []
    # Another IP address has its own allowance.
    assert ask_for_reset(client, person.email, ip="203.0.113.8").status_code == 302
    assert len(reset_emails()) == 1


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "Enter your email address"),
        ("robin.reset", "Enter an email address in the correct format, like name@example.nhs.uk"),
        ("a" * 250 + "@example.nhs.uk", "Enter an email address of 254 characters or fewer"),
    ],
)
def test_it_says_what_is_wrong_with_the_address(client, person, email, error):
    response = ask_for_reset(client, email)
    assert response.status_code == 200
    assert summary(response) == [error]
    assert title(response).startswith("Error: ")
    assert mail.outbox == []


def test_the_new_password_must_be_good_and_the_same_twice(client, person):
    ask_for_reset(client, person.email)
    url = client.get(link_in(mail.outbox[0]))["Location"]
    empty = set_password(client, url, "", "")
    assert summary(empty) == ["Create a password", "Enter the password again"]
    assert title(empty).startswith("Error: ")
    assert summary(set_password(client, url, NEW_PASSWORD, NEW_PASSWORD + "x")) == [
        "Enter the same password in both boxes"
    ]
    weak = summary(set_password(client, url, "password"))
    assert weak == [
        "This password is too short. It must contain at least 12 characters",
        "This password is too common",
    ]
    assert summary(set_password(client, url, "robin.reset.1")) == [
        "The password is too similar to the username"
    ]
    assert summary(set_password(client, url, "x" * 129)) == [
        "Enter a password of 128 characters or fewer",
        "Enter a password of 128 characters or fewer",
    ]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    # The link still works after mistakes.
    assert set_password(client, url).status_code == 302


def test_no_page_follows_a_next_parameter_off_the_site(client, person):
    evil = "?next=https://evil.example/"
    response = ask_for_reset(client, person.email, url=reverse("password-reset") + evil)
    assert response["Location"] == reverse("password-reset-sent")
    opened = client.get(link_in(mail.outbox[0]) + evil)
    assert "evil" not in opened["Location"]
    saved = set_password(client, opened["Location"] + evil)
    assert saved["Location"] == reverse("password-reset-complete")
    assert "evil" not in client.get(saved["Location"]).content.decode()
