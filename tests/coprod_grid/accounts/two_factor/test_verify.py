"""The code step at sign-in (``/sign-in/code/``): django-otp checks the code, refuses it
a second time and slows guessing down; django-axes counts wrong codes with wrong
passwords and locks the person out."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from tests.conftest import authenticator_code
from tests.factories import PASSWORD
from tests.html import parse

from .conftest import code_step, password_step

pytestmark = pytest.mark.django_db

URL = reverse("two-factor-verify")
DASHBOARD = reverse("assessments:dashboard")
ENTER = "Enter the 6-digit code from your authenticator app"
WRONG = "Enter a correct code from your authenticator app"


def wrong_code(device) -> str:
    right = authenticator_code(device)
    return f"{(int(right) + 1) % 1_000_000:06d}"


def errors(response) -> list[str]:
    page = parse(response.content.decode())
    summary = page.find("div", cls="nhsuk-error-summary")
    return [li.text.strip() for li in summary.find_all("li")] if summary else []


def verified(client: Client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def test_it_signs_a_lead_in_end_to_end(visitor, lead, lead_app, django_assert_max_num_queries):
    response = password_step(visitor, lead, next_url="/account/")
    assert response["Location"] == "/account/"
    response = visitor.get("/account/")
    assert response["Location"] == f"{URL}?next=%2Faccount%2F"
    with django_assert_max_num_queries(6):
        page = visitor.get(response["Location"])
    assert page.status_code == 200
    html = parse(page.content.decode())
    assert [h1.text for h1 in html.find_all("h1")] == ["Enter the code from your authenticator app"]
    assert html.find("title").text.startswith("Enter the code from your authenticator app – ")
    field = html.find("input", name="code")
    assert field.attrs["inputmode"] == "numeric"
    assert field.attrs["autocomplete"] == "one-time-code"
    [recovery] = [a for a in html.find_all("a") if a.text == "use a recovery code instead"]
    assert recovery.attrs["href"] == reverse("two-factor-recovery") + "?next=/account/"

    response = code_step(visitor, lead_app, next_url="/account/")
    assert response["Location"] == "/account/"
    assert verified(visitor)
    assert visitor.get("/account/").status_code == 200
    # Once verified, the step has nothing to ask.
    assert visitor.get(URL)["Location"] == DASHBOARD


def test_it_takes_the_code_with_a_space(visitor, lead, lead_app):
    password_step(visitor, lead)
    code = authenticator_code(lead_app)
    assert code_step(visitor, lead_app, code=f"{code[:3]} {code[3:]}").status_code == 302
    assert verified(visitor)


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef"])
def test_it_asks_for_six_digits(visitor, lead, lead_app, code):
    password_step(visitor, lead)
    response = visitor.post(URL, {"code": code})
    assert response.status_code == 200
    assert errors(response) == [ENTER]
    assert parse(response.content.decode()).find("title").text.startswith("Error: ")
    assert not verified(visitor)


def test_it_refuses_a_wrong_code(visitor, lead, lead_app):
    password_step(visitor, lead)
    response = code_step(visitor, lead_app, code=wrong_code(lead_app))
    assert response.status_code == 200
    assert errors(response) == [WRONG]
    assert not verified(visitor)
    assert visitor.get(DASHBOARD)["Location"].startswith(URL)


def test_a_code_works_only_once(lead, lead_app):
    first, second = Client(), Client()
    password_step(first, lead)
    password_step(second, lead)
    code = authenticator_code(lead_app)
    assert code_step(first, lead_app, code=code).status_code == 302
    response = code_step(second, lead_app, code=code)
    assert errors(response) == [WRONG]
    assert not verified(second)


def test_wrong_codes_slow_down_the_next_try(visitor, lead, lead_app):
    password_step(visitor, lead)
    code_step(visitor, lead_app, code=wrong_code(lead_app))
    # Even the right code is not checked until the wait is over.
    response = code_step(visitor, lead_app)
    assert errors(response) == ["Too many wrong codes. Wait 1 second, then try again"]
    assert not verified(visitor)
    lead_app.refresh_from_db()
    lead_app.throttling_failure_count = 5
    lead_app.save()
    response = code_step(visitor, lead_app)
    assert errors(response) == ["Too many wrong codes. Wait 16 seconds, then try again"]

    lead_app.throttling_failure_timestamp -= timedelta(seconds=16)
    lead_app.save()
    assert code_step(visitor, lead_app).status_code == 302
    assert verified(visitor)
    lead_app.refresh_from_db()
    assert lead_app.throttling_failure_count == 0


def test_axes_locks_out_after_too_many_wrong_codes(visitor, lead, lead_app, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # so only axes stands in the way here
    password_step(visitor, lead)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert errors(code_step(visitor, lead_app, code=wrong_code(lead_app))) == [WRONG]
    response = code_step(visitor, lead_app, code=wrong_code(lead_app))
    assert response.status_code == 429
    assert "Sign-in locked for 15 minutes" in response.content.decode()
    assert SESSION_KEY not in visitor.session
    # The password alone no longer signs them in either.
    response = visitor.post(reverse("login"), {"username": lead.username, "password": PASSWORD})
    assert response.status_code == 429
    assert SESSION_KEY not in visitor.session


def test_a_locked_out_person_is_signed_out_before_any_code_is_checked(visitor, lead, lead_app):
    password_step(visitor, lead)
    # Meanwhile someone else keeps guessing the password from the same address.
    other = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        other.post(reverse("login"), {"username": lead.username, "password": "wrong"})
    response = code_step(visitor, lead_app)
    assert response.status_code == 429
    assert SESSION_KEY not in visitor.session
    lead_app.refresh_from_db()
    assert lead_app.last_t == -1  # the code was never checked


def test_it_answers_only_get_and_post(visitor, lead, lead_app):
    password_step(visitor, lead)
    assert visitor.put(URL).status_code == 405
