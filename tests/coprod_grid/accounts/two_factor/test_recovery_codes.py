"""Making new recovery codes from the account page: the old ones stop working, the new
ones are shown once, and the change is recorded."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from coprod_grid.accounts.models import AccountEvent
from coprod_grid.accounts.two_factor.devices import RECOVERY_CODE_COUNT, two_factor_add

from .conftest import password_step

pytestmark = pytest.mark.django_db

URL = reverse("two-factor-recovery-codes-new")
CODES_URL = reverse("two-factor-recovery-codes")


def test_it_makes_new_codes_and_shows_them_once(client, lead, django_assert_max_num_queries):
    _, old = two_factor_add(user=lead)
    client.force_login(lead)
    response = client.post(URL)
    assert response["Location"] == f"{CODES_URL}?next=%2Faccount%2F"
    with django_assert_max_num_queries(6):
        page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<strong>([a-z2-9]{5}-[a-z2-9]{5})</strong>", page)
    assert len(codes) == RECOVERY_CODE_COUNT
    assert "You have new recovery codes. The old ones no longer work" in page
    stored = set(StaticToken.objects.filter(device__user=lead).values_list("token", flat=True))
    assert stored == {code.replace("-", "") for code in codes}
    assert not stored & {code.replace("-", "") for code in old}
    event = AccountEvent.objects.filter(user=lead).first()
    assert (event.kind, event.actor) == (AccountEvent.Kind.RECOVERY_CODES_REPLACED, lead)
    assert not any(code in client.get(CODES_URL).content.decode() for code in codes)


def test_it_is_a_post(client, lead):
    two_factor_add(user=lead)
    client.force_login(lead)
    assert client.get(URL).status_code == 405


def test_without_an_app_there_are_no_codes_to_make(client, commissioner):
    client.force_login(commissioner)
    assert client.post(URL)["Location"] == reverse("account")
    assert not StaticToken.objects.exists()
    assert not AccountEvent.objects.exists()


def test_after_signing_in_with_a_recovery_code_new_codes_keep_you_signed_in(visitor, lead):
    _, codes = two_factor_add(user=lead)
    password_step(visitor, lead)
    visitor.post(reverse("two-factor-recovery"), {"code": codes[0]})
    response = visitor.post(URL)
    # Straight to the new codes, not back to the code step.
    assert response["Location"] == f"{CODES_URL}?next=%2Faccount%2F"
    page = visitor.get(response["Location"]).content.decode()
    assert len(re.findall(r"<strong>([a-z2-9]{5}-[a-z2-9]{5})</strong>", page)) == 10
