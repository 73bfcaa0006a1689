"""Staff turning two-factor sign-in off for someone who lost their phone and codes, in
admin: recorded with the staff member as actor; no secret shown anywhere."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from coprod_grid.accounts.models import AccountEvent
from coprod_grid.accounts.two_factor.devices import secret_key_display, two_factor_add
from tests.factories import make_user

from .conftest import password_step

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:otp_totp_totpdevice_changelist")


@pytest.fixture
def staff():
    return make_user("sam.staff", is_staff=True, is_superuser=True)


def turn_off(client, *devices):
    return client.post(
        CHANGELIST,
        {"action": "turn_off_two_factor", "_selected_action": [d.pk for d in devices]},
        follow=True,
    )


def test_staff_turn_it_off_for_a_person(client, staff, lead, django_assert_max_num_queries):
    device, codes = two_factor_add(user=lead)
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        page = client.get(CHANGELIST).content.decode()
    assert lead.username in page
    # Nothing secret in the list or on the device's own page.
    detail = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    for html in (page, detail.content.decode()):
        assert device.key not in html
        assert secret_key_display(device) not in html
        assert codes[0] not in html and codes[0].replace("-", "") not in html

    response = turn_off(client, device)
    assert f"Two-factor sign-in is off for {lead.username}" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=lead).exists()
    assert not StaticDevice.objects.filter(user=lead).exists()
    event = AccountEvent.objects.filter(user=lead).first()
    assert (event.kind, event.actor) == (AccountEvent.Kind.TWO_FACTOR_REMOVED, staff)


def test_the_person_must_set_up_again_at_the_next_sign_in(visitor, client, staff, lead):
    device, _ = two_factor_add(user=lead)
    client.force_login(staff)
    turn_off(client, device)
    password_step(visitor, lead)
    assert visitor.get("/dashboard/")["Location"].startswith(reverse("two-factor-set-up"))


def test_devices_are_only_turned_off_not_added_or_edited(client, staff, lead):
    device, _ = two_factor_add(user=lead)
    client.force_login(staff)
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    response = client.post(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]), {"confirmed": ""}
    )
    assert response.status_code == 403
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.get(delete).status_code == 403
    # django-otp's own pages, which show keys and recovery codes, are gone.
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_staff_without_the_permission_cannot_turn_it_off(client, lead):
    device, _ = two_factor_add(user=lead)
    viewer = make_user("val.viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_totpdevice"))
    client.force_login(viewer)
    page = client.get(CHANGELIST).content.decode()
    assert "turn_off_two_factor" not in page
    turn_off(client, device)
    assert TOTPDevice.objects.filter(user=lead).exists()
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.TWO_FACTOR_REMOVED).exists()


def test_admin_needs_the_code_too(visitor, staff):
    device, _ = two_factor_add(user=staff)
    password_step(visitor, staff)
    response = visitor.get(CHANGELIST)
    assert response["Location"].startswith(reverse("two-factor-verify"))
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
