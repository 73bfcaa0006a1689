"""Staff read ledger entries, deleted ones too, and their history, in admin: nobody
writes them there."""

import pytest
from django.urls import reverse

from assessments.ledger import services
from tests.factories import make_user

from .conftest import add_entry, membership_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


def test_staff_read_entries_and_their_history(staff_client, lead, organisation):
    entry = add_entry(lead, organisation, said="Said <b>at</b> the board")
    services.entry_delete(membership_of(lead, organisation), entry)
    listing = staff_client.get(reverse("admin:ledger_ledgerentry_changelist"))
    assert listing.status_code == 200
    assert "Said &lt;b&gt;at&lt;/b&gt; the board" in listing.content.decode()
    change = staff_client.get(reverse("admin:ledger_ledgerentry_change", args=[entry.pk]))
    assert change.status_code == 200
    assert 'name="said"' not in change.content.decode()
    history = staff_client.get(reverse("admin:ledger_ledgerentry_history", args=[entry.pk]))
    assert history.status_code == 200


def test_staff_cannot_add_change_or_delete(staff_client, lead, organisation):
    entry = add_entry(lead, organisation)
    assert staff_client.get(reverse("admin:ledger_ledgerentry_add")).status_code == 403
    change = reverse("admin:ledger_ledgerentry_change", args=[entry.pk])
    assert staff_client.post(change, {"said": "Changed"}).status_code == 403
    delete = reverse("admin:ledger_ledgerentry_delete", args=[entry.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.said != "Changed"
