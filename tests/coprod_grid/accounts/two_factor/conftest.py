"""Two-factor tests sign in as a person does, through a plain ``django.test.Client``
(not the suite's ``client``, whose ``force_login`` counts as having given a code)."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from coprod_grid.accounts.two_factor.devices import two_factor_add
from tests.conftest import authenticator_code
from tests.factories import PASSWORD


@pytest.fixture
def visitor() -> Client:
    return Client()


def password_step(visitor: Client, user, next_url: str = ""):
    url = reverse("login") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    response = visitor.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return response


def code_step(visitor: Client, device, next_url: str = "", code: str | None = None):
    url = reverse("two-factor-verify") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    return visitor.post(url, {"code": code or authenticator_code(device)})


@pytest.fixture
def lead_app(lead):
    """The lead's confirmed authenticator app (and recovery codes: ``lead_app.codes``)."""
    device, codes = two_factor_add(user=lead)
    device.codes = codes
    return device
