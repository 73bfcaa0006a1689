"""Members of an organisation: everyone sees who is in it; the involvement lead adds and
removes people; the organisation always keeps a lead."""

import pytest
from django.urls import reverse

from assessments.models import Membership
from tests.factories import COMMISSIONER, LEAD, make_member, make_organisation, make_user
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return make_organisation(name="NHS Members ICB")


@pytest.fixture
def lead(organisation):
    return make_member(organisation, LEAD, username="lena.lead")


@pytest.fixture
def commissioner(organisation):
    return make_member(organisation, COMMISSIONER, username="colin.commissioner")


def members_url(organisation) -> str:
    return reverse("assessments:members", args=[organisation.pk])


def remove_url(organisation, membership) -> str:
    return reverse("assessments:member-remove", args=[organisation.pk, membership.pk])


def membership_of(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


def error_summary(response) -> list[str]:
    summary = parse(response.content.decode()).find(cls="nhsuk-error-summary")
    return [li.text for li in summary.find_all("li")]


# --- the list ---------------------------------------------------------------------------


def test_it_works_for_a_lead(client, organisation, lead, commissioner):
    client.force_login(lead)
    response = client.get(members_url(organisation))
    assert response.status_code == 200
    page = parse(response.content.decode())
    assert page.find("h1").text == "Members"
    rows = [tr.text for tr in page.find("tbody").find_all("tr")]
    assert any("colin.commissioner@example.nhs.uk" in r and "Commissioner" in r for r in rows)
    assert any("lena.lead@example.nhs.uk" in r and "Involvement lead" in r for r in rows)
    removes = [a.attrs["href"] for a in page.find_all("a") if a.text.startswith("Remove")]
    # A lead can remove others, not themselves from this page.
    assert removes == [remove_url(organisation, membership_of(commissioner, organisation))]
    assert page.find("input", id="id_email")


def test_a_commissioner_sees_the_members_but_cannot_change_them(
    client, organisation, lead, commissioner
):
    client.force_login(commissioner)
    page = parse(client.get(members_url(organisation)).content.decode())
    assert "lena.lead@example.nhs.uk" in page.text
    assert not page.find_all("input", id="id_email")
    assert not [a for a in page.find_all("a") if a.text.startswith("Remove")]
    newcomer = make_user()
    response = client.post(members_url(organisation), {"email": newcomer.email, "role": LEAD})
    assert response.status_code == 403
    assert not Membership.objects.filter(user=newcomer).exists()


def test_another_organisations_members_answer_404(client, organisation, lead):
    other = make_organisation()
    stranger = make_member(other, COMMISSIONER)
    client.force_login(lead)
    assert client.get(members_url(other)).status_code == 404
    assert client.post(members_url(other), {"email": lead.email, "role": LEAD}).status_code == 404
    assert not Membership.objects.filter(user=lead, organisation=other).exists()
    # Nor can a lead here remove someone there through their own organisation's URL.
    there = membership_of(stranger, other)
    assert client.post(remove_url(organisation, there)).status_code == 404
    assert Membership.objects.filter(pk=there.pk).exists()


def test_it_handles_a_bad_id(client, organisation, lead):
    client.force_login(lead)
    assert client.get(reverse("assessments:members", args=[424242])).status_code == 404
    bad = reverse("assessments:member-remove", args=[organisation.pk, 424242])
    assert client.get(bad).status_code == 404
    assert client.post(bad).status_code == 404


def test_the_list_takes_a_bounded_number_of_queries(
    client, organisation, lead, django_assert_max_num_queries
):
    for _ in range(8):
        make_member(organisation, COMMISSIONER)
    client.force_login(lead)
    with django_assert_max_num_queries(8):
        assert client.get(members_url(organisation)).status_code == 200


# --- inviting (nobody is added without accepting: tests/assessments/invitations/) ------


def test_a_lead_invites_and_nobody_is_added_until_they_accept(client, organisation, lead):
    existing = make_user("nia.new")
    client.force_login(lead)
    response = client.post(
        members_url(organisation), {"email": "  NIA.NEW@example.nhs.uk ", "role": COMMISSIONER}
    )
    assert response.status_code == 302
    assert response["Location"] == members_url(organisation)
    assert not Membership.objects.filter(user=existing, organisation=organisation).exists()
    page = client.get(members_url(organisation)).content.decode()
    assert "An invitation has been sent to NIA.NEW@example.nhs.uk" in page
    assert "Invitations waiting to be accepted" in page


def test_inviting_explains_what_is_wrong(client, organisation, lead, commissioner):
    client.force_login(lead)
    response = client.post(members_url(organisation), {"email": "", "role": ""})
    assert error_summary(response) == [
        "Enter the email address of the person to invite",
        "Select a role",
    ]
    response = client.post(members_url(organisation), {"email": commissioner.email, "role": LEAD})
    assert error_summary(response) == ["That person is already a member of this organisation"]
    assert membership_of(commissioner, organisation).role == COMMISSIONER
    page = parse(response.content.decode())
    assert page.find("input", id="id_email").attrs["value"] == commissioner.email


def test_inviting_someone_from_another_organisation_adds_nothing(client, organisation, lead):
    other = make_organisation()
    elsewhere = make_member(other, LEAD)
    client.force_login(lead)
    client.post(members_url(organisation), {"email": elsewhere.email, "role": COMMISSIONER})
    assert set(elsewhere.organisations.all()) == {other}


# --- removing ---------------------------------------------------------------------------


def test_a_lead_removes_a_member(client, organisation, lead, commissioner):
    target = membership_of(commissioner, organisation)
    client.force_login(lead)
    page = client.get(remove_url(organisation, target)).content.decode()
    assert "Remove Colin" in page
    response = client.post(remove_url(organisation, target))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert commissioner.is_active  # the account stays; only the membership goes


def test_a_commissioner_cannot_remove_anyone(client, organisation, lead, commissioner):
    target = membership_of(lead, organisation)
    client.force_login(commissioner)
    assert client.get(remove_url(organisation, target)).status_code == 403
    assert client.post(remove_url(organisation, target)).status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()


def test_the_last_lead_cannot_be_removed(client, organisation, lead):
    mine = membership_of(lead, organisation)
    client.force_login(lead)
    assert client.post(remove_url(organisation, mine)).status_code == 403
    assert Membership.objects.filter(pk=mine.pk).exists()


def test_removing_takes_a_bounded_number_of_queries(
    client, organisation, lead, commissioner, django_assert_max_num_queries
):
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        client.post(remove_url(organisation, membership_of(commissioner, organisation)))
