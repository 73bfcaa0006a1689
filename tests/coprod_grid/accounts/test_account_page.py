"""The account page (``/account/``): who you are, your two-factor sign-in and what you
can do about it, and the latest changes to how you sign in."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from coprod_grid.accounts.events import account_event_record
from coprod_grid.accounts.models import AccountEvent
from coprod_grid.accounts.two_factor.devices import two_factor_add
from tests.factories import make_user
from tests.html import parse

pytestmark = pytest.mark.django_db

URL = reverse("account")


def page_of(client):
    response = client.get(URL)
    assert response.status_code == 200
    return parse(response.content.decode())


def rows(page) -> dict[str, str]:
    return {
        row.find("dt").text: row.find("dd").text
        for row in page.find_all("div", cls="nhsuk-summary-list__row")
    }


def links(page) -> dict[str, str]:
    return {a.text: a.attrs.get("href") for a in page.find("main").find_all("a")}


def test_it_shows_a_lead_their_account(client, lead, django_assert_max_num_queries):
    client.force_login(lead)
    with django_assert_max_num_queries(9):
        page = page_of(client)
    assert [h1.text for h1 in page.find_all("h1")] == ["Your account"]
    assert page.find("title").text.startswith("Your account – ")
    shown = rows(page)
    assert shown["Name"] == lead.get_full_name()
    assert shown["Username"] == lead.username
    assert shown["Email"] == lead.email
    assert shown["Status"] == "On"
    organisation = lead.organisations.get().name
    assert shown["Required"] == f"Yes, because you are an involvement lead at {organisation}"
    assert shown["Recovery codes left"] == "10"
    assert links(page)["Change your password"] == reverse("password-change")
    assert "Turn off two-factor sign-in" not in links(page)
    assert page.find("form", action=reverse("two-factor-recovery-codes-new"))


def test_it_offers_a_commissioner_to_turn_it_on(client, commissioner):
    client.force_login(commissioner)
    page = page_of(client)
    shown = rows(page)
    assert shown["Status"] == "Off"
    assert shown["Required"].startswith("No, it is up to you")
    assert "Recovery codes left" not in shown
    assert links(page)["Set up two-factor sign-in"] == (
        reverse("two-factor-set-up") + "?next=" + URL
    )
    assert not page.find_all("form", action=reverse("two-factor-recovery-codes-new"))


def test_a_commissioner_with_it_on_may_turn_it_off(client, commissioner):
    two_factor_add(user=commissioner)
    client.force_login(commissioner)
    page = page_of(client)
    assert rows(page)["Status"] == "On"
    assert links(page)["Turn off two-factor sign-in"] == reverse("two-factor-remove")


def test_staff_are_told_why_it_is_required(client):
    staff = make_user(is_staff=True)
    client.force_login(staff)
    assert rows(page_of(client))["Required"] == (
        "Yes, because you are one of the service's administrators"
    )


def test_it_warns_when_few_recovery_codes_are_left(client, commissioner):
    two_factor_add(user=commissioner)
    client.force_login(commissioner)
    assert not page_of(client).find_all("div", cls="nhsuk-warning-callout")
    tokens = StaticToken.objects.filter(device__user=commissioner)
    tokens.filter(pk__in=list(tokens.values_list("pk", flat=True)[:8])).delete()
    warning = page_of(client).find("div", cls="nhsuk-warning-callout")
    assert "Only 2 recovery codes left" in warning.text
    tokens.all().delete()
    assert "No recovery codes left" in page_of(client).find("div", cls="nhsuk-warning-callout").text


def test_it_lists_recent_changes_with_who_made_them(client, commissioner):
    staff = make_user(first_name="Sam", last_name="Staff", is_staff=True)
    account_event_record(user=commissioner, kind=AccountEvent.Kind.TWO_FACTOR_ADDED)
    account_event_record(user=commissioner, kind=AccountEvent.Kind.TWO_FACTOR_REMOVED, actor=staff)
    client.force_login(commissioner)
    page = page_of(client)
    table = page.find("table")
    cells = [[td.text for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]
    assert [(what, who) for _, what, who in cells] == [
        ("What changed Two-factor sign-in removed", "Who changed it Sam Staff"),
        ("What changed Two-factor sign-in set up", "Who changed it You"),
    ]


def test_someone_else_s_changes_are_not_shown(client, commissioner, lead):
    account_event_record(user=lead, kind=AccountEvent.Kind.PASSWORD_CHANGED)
    client.force_login(commissioner)
    page = page_of(client)
    assert not page.find_all("table")
    assert "There have been no changes to how you sign in yet" in page.find("main").text


def test_the_header_links_to_it(client, commissioner):
    client.force_login(commissioner)
    header = parse(client.get(reverse("home")).content.decode()).find(
        "nav", cls="nhsuk-header__account"
    )
    assert [a.attrs["href"] for a in header.find_all("a")] == [URL]
    assert parse(client.get(URL).content.decode()).find("title")


def test_signed_out_people_are_asked_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_only_get(client, commissioner):
    client.force_login(commissioner)
    assert client.post(URL).status_code == 405
