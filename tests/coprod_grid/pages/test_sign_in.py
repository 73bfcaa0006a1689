"""Signing in and out: the NHS.UK sign-in page, its errors and django-axes' lockout."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
BAD_LOGIN = "Enter a correct username and password"
SERVICE = "Co-production Grid self-assessment"


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(
        username="alex.lead",
        email="alex.lead@example.nhs.uk",
        password=PASSWORD,
        first_name="Alex",
        last_name="Lead",
    )


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def title_of(response) -> str:
    return parse(response.content.decode()).find("title").text


def test_the_sign_in_page_is_public_and_nhs_styled(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("login"))
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert title_of(response) == f"Sign in – {SERVICE} – NHS"
    assert [h1.text for h1 in page.find_all("h1")] == ["Sign in"]
    form = page.find("form", method="post")
    assert "novalidate" in form.attrs
    assert form.find("input", type="hidden", name="csrfmiddlewaretoken")
    username = form.find("input", id="id_username")
    assert username.classes == ["nhsuk-input", "nhsuk-u-width-two-thirds"]
    assert username.attrs["autocomplete"] == "username"
    assert "autofocus" not in username.attrs
    assert form.find("label", for_="id_username").text == "Username"
    password = form.find("input", id="id_password")
    assert password.attrs["type"] == "password"
    assert password.attrs["autocomplete"] == "current-password"
    assert form.find("div", cls="nhsuk-password-input")
    assert form.find("button", cls="nhsuk-button", type="submit").text == "Sign in"
    assert not page.find_all(cls="nhsuk-error-summary")
    # No "Sign in" link (nor an empty account area) in the header of the sign-in page.
    assert not page.find_all("nav", cls="nhsuk-header__account")


def test_it_signs_in(client, user):
    response = sign_in(client, "alex.lead", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert client.session[SESSION_KEY] == str(user.pk)


def test_it_goes_back_to_the_page_asked_for(client, user):
    response = client.post(
        reverse("login") + "?next=/grid/", {"username": "alex.lead", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/grid/"


def test_it_refuses_to_go_to_another_site(client, user):
    response = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": "alex.lead", "password": PASSWORD},
    )
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


def test_bad_credentials_show_the_error_and_keep_the_username(client, user):
    response = sign_in(client, "alex.lead", "wrong password")
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
    assert title_of(response) == f"Error: Sign in – {SERVICE} – NHS"
    page = parse(response.content.decode())
    summary = page.find("div", cls="nhsuk-error-summary")
    links = [(a.attrs["href"], a.text) for a in summary.find_all("a")]
    assert links == [("#id_username", BAD_LOGIN)]
    # The summary comes before the page's one heading.
    html = response.content.decode()
    assert html.index("nhsuk-error-summary") < html.index("<h1")
    assert page.find("span", cls="nhsuk-error-message").text == f"Error: {BAD_LOGIN}"
    assert page.find("input", id="id_username").attrs["value"] == "alex.lead"
    assert "value" not in page.find("input", id="id_password").attrs
    assert "wrong password" not in html


def test_empty_fields_say_what_to_enter(client):
    response = sign_in(client, "", "")
    page = parse(response.content.decode())
    links = [
        (a.attrs["href"], a.text)
        for a in page.find("ul", cls="nhsuk-error-summary__list").find_all("a")
    ]
    assert links == [
        ("#id_username", "Enter your username"),
        ("#id_password", "Enter your password"),
    ]
    username = page.find("input", id="id_username")
    assert "nhsuk-input--error" in username.classes
    assert username.attrs["aria-describedby"] == "id_username-error"


def test_a_username_too_long_for_any_account_is_an_error_not_a_failed_attempt(client):
    from axes.models import AccessAttempt

    response = sign_in(client, "a" * 300, "whatever")
    page = parse(response.content.decode())
    links = [a.text for a in page.find("ul", cls="nhsuk-error-summary__list").find_all("a")]
    assert links == ["Your username must be 150 characters or fewer"]
    assert not AccessAttempt.objects.exists()


def test_a_typed_username_is_escaped(client):
    response = sign_in(client, '"><script>alert(1)</script>', "x")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def test_five_failures_lock_sign_in_for_fifteen_minutes(client, user):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert sign_in(client, "alex.lead", "wrong").status_code == 200
    locked = sign_in(client, "alex.lead", "wrong")
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    page = parse(locked.content.decode())
    assert [h1.text for h1 in page.find_all("h1")] == ["Sign-in locked for 15 minutes"]
    assert "too many failed attempts" in page.find("main").text
    assert title_of(locked) == f"Sign-in locked for 15 minutes – {SERVICE} – NHS"
    # Even the right password is refused while locked.
    again = sign_in(client, "alex.lead", PASSWORD)
    assert again.status_code == 429
    assert SESSION_KEY not in client.session


def test_a_lockout_is_for_that_username_only(client, user):
    other = get_user_model().objects.create_user(username="sam", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alex.lead", "wrong")
    response = sign_in(client, "sam", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(other.pk)


def test_a_signed_in_user_is_sent_on_from_the_sign_in_page(client, user):
    client.force_login(user)
    response = client.get(reverse("login"))
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


def test_the_header_offers_sign_out_as_a_post_form(client, user):
    client.force_login(user)
    page = parse(client.get(reverse("home")).content.decode())
    account = page.find("nav", cls="nhsuk-header__account")
    assert "Alex Lead" in account.text
    form = account.find("form", action=reverse("logout"))
    assert form.attrs["method"] == "post"
    assert form.find("input", type="hidden", name="csrfmiddlewaretoken")
    assert form.find("button").text == "Sign out"
    assert not account.find_all("a", href=reverse("login"))


def test_the_header_shows_the_email_when_there_is_no_name(client):
    user = get_user_model().objects.create_user(
        username="sam", email="sam@example.nhs.uk", password=PASSWORD
    )
    client.force_login(user)
    page = parse(client.get(reverse("home")).content.decode())
    assert "sam@example.nhs.uk" in page.find("nav", cls="nhsuk-header__account").text


def test_it_signs_out_with_a_post(client, user):
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGOUT_REDIRECT_URL)
    assert SESSION_KEY not in client.session


def test_signed_out_the_header_offers_sign_in(client):
    page = parse(client.get(reverse("home")).content.decode())
    link = page.find("a", cls="nhsuk-header__account-link")
    assert link.attrs["href"] == reverse("login")
    assert link.text == "Sign in"
