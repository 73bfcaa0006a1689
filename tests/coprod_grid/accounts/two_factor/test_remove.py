"""Turning two-factor sign-in off (``/account/two-factor/remove/``): only for someone
who need not use it, after a confirmation page, and recorded."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coprod_grid.accounts.models import AccountEvent
from coprod_grid.accounts.two_factor.devices import two_factor_add
from tests.factories import make_user
from tests.html import parse

from .conftest import password_step

pytestmark = pytest.mark.django_db

URL = reverse("two-factor-remove")


def test_a_commissioner_can_turn_it_off(client, commissioner, django_assert_max_num_queries):
    two_factor_add(user=commissioner)
    client.force_login(commissioner)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    page = parse(response.content.decode())
    assert [h1.text for h1 in page.find_all("h1")] == ["Turn off two-factor sign-in?"]
    assert page.find("button", cls="nhsuk-button--warning").text == "Turn off two-factor sign-in"
    assert TOTPDevice.objects.filter(user=commissioner).exists()  # nothing yet

    response = client.post(URL)
    assert response["Location"] == reverse("account")
    assert not TOTPDevice.objects.filter(user=commissioner).exists()
    assert not StaticDevice.objects.filter(user=commissioner).exists()
    event = AccountEvent.objects.filter(user=commissioner).first()
    assert (event.kind, event.actor) == (AccountEvent.Kind.TWO_FACTOR_REMOVED, commissioner)
    page = client.get(reverse("account")).content.decode()
    assert "Two-factor sign-in is off" in page


def test_a_lead_cannot_turn_it_off(client, lead):
    client.force_login(lead)  # gives the lead an app
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403
    assert TOTPDevice.objects.filter(user=lead, confirmed=True).exists()
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.TWO_FACTOR_REMOVED).exists()


def test_staff_cannot_turn_it_off(client):
    staff = make_user(is_staff=True)
    client.force_login(staff)
    assert client.post(URL).status_code == 403
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_with_nothing_to_turn_off_it_goes_back_to_the_account(client, commissioner):
    client.force_login(commissioner)
    assert client.get(URL)["Location"] == reverse("account")
    assert client.post(URL)["Location"] == reverse("account")
    assert not AccountEvent.objects.exists()


def test_turning_it_off_needs_the_code_first(visitor, commissioner):
    two_factor_add(user=commissioner)
    password_step(visitor, commissioner)
    for response in (visitor.get(URL), visitor.post(URL)):
        assert response["Location"].startswith(reverse("two-factor-verify"))
    assert TOTPDevice.objects.filter(user=commissioner).exists()
