"""Staff see the national picture from Django admin: counts per period, no names."""

import pytest
from django.urls import reverse

from tests.factories import clear_caches, make_user

from .helpers import sharing_peers

pytestmark = pytest.mark.django_db


def test_staff_see_counts_for_each_period_and_no_names(client, django_assert_max_num_queries):
    clear_caches()
    sharing_peers(4, period="2025/26")
    sharing_peers(12, period="2026/27", kind="other")
    staff = make_user(is_staff=True, is_superuser=True)
    client.force_login(staff)
    listing = client.get(reverse("admin:peers_peersharing_changelist")).content.decode()
    national = reverse("admin:peers_peersharing_national")
    assert national in listing
    with django_assert_max_num_queries(20):
        response = client.get(national)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-peers-period="2026/27"' in html and 'data-peers-period="2025/26"' in html
    assert "16 organisations share their results now" in html
    assert "Secret Peer" not in html


def test_people_who_are_not_staff_cannot_see_it(client):
    client.force_login(make_user())
    response = client.get(reverse("admin:peers_peersharing_national"))
    assert response.status_code == 302  # to admin's sign-in
