"""The middleware: after the password, who is held at the code step or sent to set up an
app, and what they may still reach meanwhile."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from coprod_grid.accounts.two_factor.devices import two_factor_add, two_factor_required
from tests.factories import (
    COMMISSIONER,
    LEAD,
    PASSWORD,
    make_member,
    make_organisation,
    make_user,
)

from .conftest import code_step, password_step

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"


def where(response) -> tuple[str, str]:
    """The path a redirect goes to and its ``next``."""
    assert response.status_code == 302, response.status_code
    parts = urlsplit(response["Location"])
    return parts.path, parse_qs(parts.query).get("next", [""])[0]


@pytest.fixture(autouse=True)
def _dashboard_path():
    assert reverse("assessments:dashboard") == DASHBOARD


def test_who_must_use_two_factor(organisation):
    lead = make_member(organisation, LEAD)
    commissioner = make_member(organisation, COMMISSIONER)
    assert two_factor_required(lead)
    assert not two_factor_required(commissioner)
    assert two_factor_required(make_user(is_staff=True))
    assert not two_factor_required(make_user())
    # A lead of a deleted organisation no longer acts as its lead.
    gone = make_organisation()
    former = make_member(gone, LEAD)
    gone.deleted_at = gone.created_at
    gone.save()
    assert not two_factor_required(former)


def test_a_person_with_an_app_is_held_at_the_code_step(visitor, lead, lead_app):
    password_step(visitor, lead)
    assert where(visitor.get(DASHBOARD)) == ("/sign-in/code/", DASHBOARD)
    page = "/assessments/1/?x=1"
    assert where(visitor.get(page)) == ("/sign-in/code/", page)
    assert where(visitor.post(DASHBOARD)) == ("/sign-in/code/", DASHBOARD)
    assert visitor.get(reverse("two-factor-verify")).status_code == 200


def test_after_the_code_every_page_opens(visitor, lead, lead_app):
    password_step(visitor, lead)
    assert code_step(visitor, lead_app, next_url=DASHBOARD)["Location"] == DASHBOARD
    assert visitor.get(DASHBOARD).status_code == 200
    assert visitor.get(reverse("account")).status_code == 200


def test_a_lead_without_an_app_is_sent_to_set_one_up(visitor, lead):
    password_step(visitor, lead)
    assert where(visitor.get(DASHBOARD)) == ("/account/two-factor/set-up/", DASHBOARD)
    assert where(visitor.get(reverse("account"))) == ("/account/two-factor/set-up/", "/account/")
    # The code step has nothing to ask for, so it sends them on (to set up, here).
    response = visitor.get(reverse("two-factor-verify") + f"?next={DASHBOARD}")
    assert response["Location"] == DASHBOARD
    assert visitor.get(reverse("two-factor-set-up")).status_code == 200


def test_a_commissioner_without_an_app_needs_no_code(visitor, commissioner):
    password_step(visitor, commissioner)
    assert visitor.get(DASHBOARD).status_code == 200
    assert visitor.get(reverse("account")).status_code == 200


def test_a_commissioner_who_turned_it_on_must_give_a_code(visitor, commissioner):
    two_factor_add(user=commissioner)
    password_step(visitor, commissioner)
    assert where(visitor.get(DASHBOARD)) == ("/sign-in/code/", DASHBOARD)


def test_an_unconfirmed_app_does_not_count(visitor, commissioner):
    TOTPDevice.objects.create(user=commissioner, confirmed=False)
    password_step(visitor, commissioner)
    assert visitor.get(DASHBOARD).status_code == 200


def test_public_pages_and_signing_out_need_no_code(visitor, lead, lead_app):
    password_step(visitor, lead)
    for name in ("home", "grid", "how-the-score-works", "privacy", "healthz"):
        assert visitor.get(reverse(name)).status_code == 200, name
    assert visitor.get(settings.STATIC_URL + "css/app.css").status_code == 200
    response = visitor.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert where(visitor.get(DASHBOARD))[0] == "/sign-in/"


def test_staff_are_held_before_admin_too(visitor):
    staff = make_user(is_staff=True, is_superuser=True)
    password_step(visitor, staff)
    assert where(visitor.get("/admin/")) == ("/account/two-factor/set-up/", "/admin/")
    device, _ = two_factor_add(user=staff)
    assert where(visitor.get("/admin/accounts/accountevent/")) == (
        "/sign-in/code/",
        "/admin/accounts/accountevent/",
    )
    # Signing in on admin's own page is no way round it.
    visitor.post(reverse("logout"))
    visitor.post("/admin/login/?next=/admin/", {"username": staff.username, "password": PASSWORD})
    assert where(visitor.get("/admin/"))[0] == "/sign-in/code/"
    code_step(visitor, device)
    assert visitor.get("/admin/").status_code == 200


def test_admin_sign_out_needs_no_code(visitor):
    staff = make_user(is_staff=True)
    two_factor_add(user=staff)
    password_step(visitor, staff)
    assert where(visitor.post(reverse("admin:logout")))[0] == reverse("login")
    assert "_auth_user_id" not in visitor.session


def test_anonymous_people_are_sent_to_the_password_step_first(visitor):
    assert where(visitor.get(reverse("two-factor-verify")))[0] == "/sign-in/"
    assert where(visitor.get(reverse("two-factor-set-up")))[0] == "/sign-in/"
    assert where(visitor.get(reverse("account")))[0] == "/sign-in/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:x"]
)
def test_the_code_step_only_sends_people_on_within_the_site(visitor, lead, lead_app, next_url):
    password_step(visitor, lead)
    response = code_step(visitor, lead_app, next_url=next_url)
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_without_a_next_the_code_step_goes_to_the_dashboard(visitor, lead, lead_app):
    password_step(visitor, lead)
    assert code_step(visitor, lead_app)["Location"] == DASHBOARD
