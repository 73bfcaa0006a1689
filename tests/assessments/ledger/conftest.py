import datetime

import pytest

from assessments.ledger import services
from assessments.ledger.models import LedgerEntry
from assessments.models import Membership
from tests.factories import LEAD, make_member, make_organisation

# A day inside 2026/27 (1 April 2026 to 31 March 2027), in the past whenever tests run.
IN_2026 = datetime.date(2026, 6, 15)


def membership_of(user, organisation) -> Membership:
    return Membership.objects.select_related("organisation", "user").get(
        user=user, organisation=organisation
    )


def add_entry(user, organisation, **fields) -> LedgerEntry:
    """An entry added through the service, as a member would add it."""
    fields.setdefault("said", "The crisis line takes too long to answer")
    fields.setdefault("heard_on", IN_2026)
    return services.entry_create(membership_of(user, organisation), **fields)


@pytest.fixture
def lead_membership(lead, organisation) -> Membership:
    return membership_of(lead, organisation)


@pytest.fixture
def commissioner_membership(commissioner, organisation) -> Membership:
    return membership_of(commissioner, organisation)


@pytest.fixture
def elsewhere():
    """Another organisation, its lead and one of its entries."""
    organisation = make_organisation(name="NHS Elsewhere ICB")
    lead = make_member(organisation, LEAD)
    return {"organisation": organisation, "lead": lead, "entry": add_entry(lead, organisation)}
