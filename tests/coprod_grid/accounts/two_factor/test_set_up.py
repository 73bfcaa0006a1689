"""Setting up an authenticator app (``/account/two-factor/set-up/``): a QR code drawn on
the page, the key to type instead, a code to confirm, then recovery codes shown once."""

import re
from base64 import b32decode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coprod_grid.accounts.models import AccountEvent
from coprod_grid.accounts.two_factor.devices import (
    RECOVERY_CODE_COUNT,
    qr_code_svg,
    recovery_codes_left,
    secret_key_display,
    two_factor_add,
)
from tests.conftest import authenticator_code
from tests.html import parse

from .conftest import code_step, password_step

pytestmark = pytest.mark.django_db

URL = reverse("two-factor-set-up")
CODES_URL = reverse("two-factor-recovery-codes")


def confirm(client: Client, device: TOTPDevice, next_url: str = "/account/"):
    return client.post(f"{URL}?next={next_url}", {"code": authenticator_code(device)})


def test_it_shows_a_qr_code_and_the_key(visitor, lead, django_assert_max_num_queries):
    password_step(visitor, lead)
    with django_assert_max_num_queries(9):
        response = visitor.get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    device = TOTPDevice.objects.get(user=lead)
    assert not device.confirmed
    html = response.content.decode()
    page = parse(html)
    assert [h1.text for h1 in page.find_all("h1")] == ["Set up two-factor sign-in"]
    assert f"because you are an involvement lead at {lead.organisations.get().name}" in html
    svg = page.find("svg", cls="app-qr-code")
    assert svg.attrs["role"] == "img"
    assert svg.attrs["aria-label"] == "QR code for setting up your authenticator app"
    # Drawn in the page: no image to fetch, no data: address, nothing inline for the
    # CSP to refuse.
    assert "data:" not in html
    assert "<img" not in html
    assert "style=" not in html and "<style" not in html
    shown = [s.text for s in page.find_all("strong") if re.fullmatch(r"[A-Z2-7 ]{20,}", s.text)]
    assert shown == [secret_key_display(device)]
    assert all(len(group) == 4 for group in shown[0].split(" "))
    assert b32decode(shown[0].replace(" ", "")) == device.bin_key
    field = page.find("input", name="code")
    assert field.attrs["autocomplete"] == "one-time-code"


def test_the_qr_code_holds_the_otpauth_address(lead):
    device = TOTPDevice.objects.create(user=lead, confirmed=False)
    assert device.config_url.startswith("otpauth://totp/NHS%20Co-production%20Grid%3A")
    svg = qr_code_svg(device)
    assert svg.startswith('<svg role="img" aria-label="QR code for setting up')
    assert "<path" in svg and "<title>" in svg


def test_reloading_keeps_the_same_key(visitor, lead):
    password_step(visitor, lead)
    first = visitor.get(URL).content.decode()
    second = visitor.get(URL).content.decode()
    assert TOTPDevice.objects.filter(user=lead).count() == 1
    key = secret_key_display(TOTPDevice.objects.get(user=lead))
    assert key in first and key in second


def test_setting_up_shows_the_recovery_codes_once(visitor, lead):
    password_step(visitor, lead, next_url="/dashboard/")
    # Sent here by the middleware, with where they were going.
    assert visitor.get("/dashboard/")["Location"] == f"{URL}?next=%2Fdashboard%2F"
    visitor.get(URL)
    device = TOTPDevice.objects.get(user=lead)
    response = confirm(visitor, device, next_url="/dashboard/")
    assert response["Location"] == f"{CODES_URL}?next=%2Fdashboard%2F"
    device.refresh_from_db()
    assert device.confirmed
    assert visitor.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    event = AccountEvent.objects.get(user=lead)
    assert (event.kind, event.actor) == (AccountEvent.Kind.TWO_FACTOR_ADDED, lead)

    page = visitor.get(response["Location"])
    html = page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    codes = re.findall(r"<li><strong>([a-z2-9]{5}-[a-z2-9]{5})</strong></li>", html)
    assert len(codes) == RECOVERY_CODE_COUNT == len(set(codes))
    stored = set(StaticToken.objects.filter(device__user=lead).values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in codes}
    assert "Save these codes somewhere safe" in html
    assert "Each code works once" in html
    assert "Two-factor sign-in is on" in html
    assert parse(html).find("a", cls="nhsuk-button").attrs["href"] == "/dashboard/"

    again = visitor.get(CODES_URL).content.decode()
    assert not any(code in again for code in codes)
    assert "Your recovery codes have been shown already" in again
    assert visitor.get("/dashboard/").status_code == 200


def test_a_wrong_code_does_not_confirm_it(visitor, lead):
    password_step(visitor, lead)
    visitor.get(URL)
    response = visitor.post(URL, {"code": "000000"})
    page = parse(response.content.decode())
    assert (
        "Enter a correct code from your authenticator app"
        in page.find("div", cls="nhsuk-error-summary").text
    )
    assert not TOTPDevice.objects.get(user=lead).confirmed
    assert DEVICE_ID_SESSION_KEY not in visitor.session
    assert not AccountEvent.objects.exists()
    # Still held: no code, no pages.
    assert visitor.get("/dashboard/")["Location"].startswith(URL)


def test_a_new_phone_replaces_the_old_app_and_codes(client, lead):
    _, old_codes = two_factor_add(user=lead)
    client.force_login(lead)  # verified by the old app
    page = client.get(URL).content.decode()
    assert "Set up a new authenticator app" in page
    assert "Use the new app" in page
    new = TOTPDevice.objects.get(user=lead, confirmed=False)
    response = client.post(URL, {"code": authenticator_code(new)}, follow=True)
    assert "Your new authenticator app is set up" in response.content.decode()
    assert list(TOTPDevice.objects.filter(user=lead)) == [new]
    assert client.session[DEVICE_ID_SESSION_KEY] == new.persistent_id
    assert not StaticToken.objects.filter(token=old_codes[0].replace("-", "")).exists()
    assert recovery_codes_left(user=lead) == RECOVERY_CODE_COUNT
    kinds = list(AccountEvent.objects.filter(user=lead).values_list("kind", flat=True))
    assert kinds == [AccountEvent.Kind.TWO_FACTOR_ADDED] * 2


def test_replacing_the_app_needs_the_code_first(visitor, lead, lead_app):
    password_step(visitor, lead)
    response = visitor.get(URL)
    verify = reverse("two-factor-verify")
    assert response["Location"] == f"{verify}?next=%2Faccount%2Ftwo-factor%2Fset-up%2F"
    assert TOTPDevice.objects.filter(user=lead).count() == 1
    code_step(visitor, lead_app)
    assert visitor.get(URL).status_code == 200


def test_a_commissioner_may_turn_it_on(visitor, commissioner):
    password_step(visitor, commissioner)
    page = visitor.get(URL).content.decode()
    assert "You need to set this up" not in page
    device = TOTPDevice.objects.get(user=commissioner)
    assert confirm(visitor, device).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
