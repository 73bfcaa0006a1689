"""Accounts in the browser: a lead invites a commissioner, who opens the link from the
email that arrived, sets a password and signs in with it. Each page and state is checked
with axe and the page checks, JavaScript on and off, and screenshotted."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from assessments.models import Membership

from .conftest import sign_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a long and unusual passphrase"


def link_from(message) -> str:
    return re.search(r"https?://[^/\s]+(/invitations/\S+/)", message.body)[1]


@pytest.mark.parametrize("js", [True, False], ids=["js-on", "js-off"])
def test_a_lead_invites_and_the_commissioner_joins_from_the_email(
    js, signed_in, new_page, organisation, lead, page_checks, shot
):
    mode = "JavaScript on" if js else "JavaScript off"

    def check(page, label: str) -> None:
        page_checks.check(page, f"{label} ({mode})")
        shot(page, label)

    page = signed_in(lead, js=js)
    page.goto(f"/organisations/{organisation.pk}/members/")
    page.get_by_label("Email address").fill("ira.invitee@example.nhs.uk")
    page.get_by_role("radio", name="Commissioner").check()
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state()
    expect(page.get_by_text("ira.invitee@example.nhs.uk").first).to_be_visible()
    check(page, "members with a pending invitation")

    [message] = mail.outbox
    assert message.to == ["ira.invitee@example.nhs.uk"]
    invitee = new_page(js=js)
    invitee.goto(link_from(message))
    expect(invitee.get_by_role("heading", level=1)).to_have_text(f"Join {organisation.name}")
    check(invitee, "accept an invitation")
    invitee.get_by_role("button", name="Accept and sign in").click()
    invitee.wait_for_load_state()
    check(invitee, "accept an invitation with errors")
    invitee.get_by_label("First name").fill("Ira")
    invitee.get_by_label("Last name").fill("Invitee")
    invitee.get_by_label("Create a password").fill(NEW_PASSWORD)
    invitee.get_by_label("Enter the password again").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Accept and sign in").click()
    invitee.wait_for_load_state()
    expect(invitee.get_by_text(f"You have joined {organisation.name}")).to_be_visible()
    check(invitee, "joined: the dashboard")
    membership = Membership.objects.get(user__email="ira.invitee@example.nhs.uk")
    assert membership.role == Membership.Role.COMMISSIONER

    # The link worked once.
    invitee.goto(link_from(message))
    expect(invitee.get_by_role("heading", level=1)).to_contain_text("already been accepted")
    check(invitee, "a used invitation link")

    # The new password signs in, from a fresh browser.
    again = new_page(js=js)
    sign_in(again, membership.user.username, NEW_PASSWORD)
    assert "/sign-in/" not in again.url
    expect(again.get_by_role("heading", level=1)).to_be_visible()
    page_checks.assert_ok()
