"""Signing in with a recovery code (``/sign-in/recovery-code/``), for someone without
their phone: each code works once, and its use is recorded."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from coprod_grid.accounts.models import AccountEvent
from coprod_grid.accounts.two_factor.devices import RECOVERY_CODE_COUNT, recovery_codes_left
from tests.html import parse

from .conftest import password_step

pytestmark = pytest.mark.django_db

URL = reverse("two-factor-recovery")


def use(client: Client, code: str, next_url: str = "/account/"):
    return client.post(f"{URL}?next={next_url}", {"code": code})


def errors(response) -> list[str]:
    summary = parse(response.content.decode()).find_all("div", cls="nhsuk-error-summary")
    return [li.text.strip() for li in summary[0].find_all("li")] if summary else []


def test_the_page_works_without_javascript(visitor, lead, lead_app, django_assert_max_num_queries):
    password_step(visitor, lead)
    with django_assert_max_num_queries(6):
        response = visitor.get(f"{URL}?next=/account/")
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert [h1.text for h1 in page.find_all("h1")] == ["Enter a recovery code"]
    assert page.find("input", name="code").attrs["autocomplete"] == "off"
    back = [a for a in page.find_all("a") if "authenticator app instead" in a.text]
    assert back[0].attrs["href"] == reverse("two-factor-verify") + "?next=/account/"


def test_a_recovery_code_signs_in_once_and_is_recorded(visitor, lead, lead_app):
    code = lead_app.codes[0]
    password_step(visitor, lead)
    response = use(visitor, code.upper().replace("-", " "))  # typed loosely
    assert response["Location"] == "/account/"
    assert DEVICE_ID_SESSION_KEY in visitor.session
    assert recovery_codes_left(user=lead) == RECOVERY_CODE_COUNT - 1
    event = AccountEvent.objects.filter(user=lead).first()
    assert (event.kind, event.actor) == (AccountEvent.Kind.RECOVERY_CODE_USED, lead)
    page = visitor.get("/account/").content.decode()
    assert "You signed in with a recovery code. You have 9 recovery codes left" in page

    again = Client()
    password_step(again, lead)
    assert errors(use(again, code)) == ["Enter a correct recovery code"]
    assert DEVICE_ID_SESSION_KEY not in again.session


def test_the_last_codes_come_with_a_warning(visitor, lead, lead_app, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    for code in lead_app.codes[:-3]:
        client = Client()
        password_step(client, lead)
        assert use(client, code).status_code == 302
    client = Client()
    password_step(client, lead)
    use(client, lead_app.codes[-3])
    page = client.get("/account/").content.decode()
    assert "You have 2 recovery codes left. Make new ones on your account page" in page


def test_it_refuses_a_wrong_or_malformed_code(visitor, lead, lead_app):
    password_step(visitor, lead)
    assert errors(use(visitor, "")) == ["Enter a recovery code"]
    assert errors(use(visitor, "abc")) == [
        "Enter the recovery code as 10 letters and numbers, like abcde-23456"
    ]
    assert errors(use(visitor, "zzzzz-zzzzz")) == ["Enter a correct recovery code"]
    assert DEVICE_ID_SESSION_KEY not in visitor.session
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.RECOVERY_CODE_USED).exists()


def test_wrong_recovery_codes_count_towards_the_lockout(visitor, lead, lead_app, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    password_step(visitor, lead)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert use(visitor, "zzzzz-zzzzz").status_code == 200
    response = use(visitor, "zzzzz-zzzzz")
    assert response.status_code == 429
    assert SESSION_KEY not in visitor.session


def test_someone_without_an_app_is_sent_on(visitor, commissioner):
    password_step(visitor, commissioner)
    assert visitor.get(f"{URL}?next=/account/")["Location"] == "/account/"
