"""Who may add, change and delete ledger entries, and the rules the database holds."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from assessments.ledger import services
from assessments.ledger.models import LedgerEntry, Outcome, Status
from tests.factories import COMMISSIONER, make_member

from .conftest import IN_2026, add_entry, membership_of

pytestmark = pytest.mark.django_db


def test_any_member_adds_an_entry(commissioner, organisation):
    entry = add_entry(commissioner, organisation, people_count=12)
    assert entry.organisation == organisation
    assert entry.created_by == commissioner
    assert entry.status == Status.OPEN
    assert entry.version == 0
    assert entry.history.count() == 1


def test_a_commissioner_edits_their_own_entry(commissioner, organisation):
    entry = add_entry(commissioner, organisation)
    updated = services.entry_update(
        membership_of(commissioner, organisation), entry, 0, said="Answered faster now"
    )
    assert updated.said == "Answered faster now"
    assert updated.version == 1


def test_a_commissioner_cannot_edit_another_persons_entry(
    commissioner_membership, lead, organisation
):
    entry = add_entry(lead, organisation)
    with pytest.raises(PermissionDenied):
        services.entry_update(commissioner_membership, entry, 0, said="Rewritten")
    entry.refresh_from_db()
    assert entry.said == "The crisis line takes too long to answer"


def test_a_commissioner_cannot_edit_a_colleague_commissioners_entry(
    commissioner_membership, organisation
):
    colleague = make_member(organisation, COMMISSIONER)
    entry = add_entry(colleague, organisation)
    assert not services.can_edit(commissioner_membership, entry)


def test_a_lead_edits_every_entry(lead_membership, commissioner, organisation):
    entry = add_entry(commissioner, organisation)
    updated = services.entry_update(
        lead_membership,
        entry,
        0,
        status=Status.ACTED_ON,
        outcome=Outcome.SERVICE_CHANGED,
        did="More call handlers at night",
    )
    assert updated.status == Status.ACTED_ON
    assert updated.updated_by == lead_membership.user


def test_only_a_lead_deletes(lead_membership, commissioner_membership, commissioner, organisation):
    entry = add_entry(commissioner, organisation)
    with pytest.raises(PermissionDenied):
        services.entry_delete(commissioner_membership, entry)
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
    services.entry_delete(lead_membership, entry)
    assert not LedgerEntry.objects.filter(pk=entry.pk).exists()
    gone = LedgerEntry.all_objects.get(pk=entry.pk)
    assert gone.deleted_at is not None
    assert gone.deleted_by == lead_membership.user
    assert gone.history.first().history_user == lead_membership.user


def test_a_stale_version_is_refused(lead_membership, commissioner, organisation):
    entry = add_entry(commissioner, organisation)
    services.entry_update(membership_of(commissioner, organisation), entry, 0, said="First")
    with pytest.raises(services.EntryConflict) as caught:
        services.entry_update(lead_membership, entry, 0, said="Second")
    assert caught.value.entry.version == 1
    assert caught.value.entry.said == "First"
    entry.refresh_from_db()
    assert entry.said == "First"


def test_entry_for_finds_only_the_organisations_live_entries(
    lead_membership, lead, organisation, elsewhere
):
    mine = add_entry(lead, organisation)
    assert services.entry_for(lead_membership, mine.pk) == mine
    with pytest.raises(Http404):
        services.entry_for(lead_membership, elsewhere["entry"].pk)
    with pytest.raises(Http404):
        services.entry_for(lead_membership, 10**20)
    services.entry_delete(lead_membership, mine)
    with pytest.raises(Http404):
        services.entry_for(lead_membership, mine.pk)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Status.OPEN, "outcome": Outcome.DECISION_CHANGED},
        {"status": Status.ACTED_ON},
        {"status": Status.ACTED_ON, "outcome": Outcome.NOT_CHANGED},
        {"status": Status.NOT_ACTED_ON, "outcome": Outcome.NOT_CHANGED},
        {"status": Status.FED_BACK, "outcome": Outcome.SERVICE_CHANGED},
        {"status": Status.FED_BACK, "fed_back_on": IN_2026},
        {"status": Status.OPEN, "fed_back_on": IN_2026},
        {"said": ""},
    ],
)
def test_the_rules_are_checked_before_the_database(lead, organisation, fields):
    with pytest.raises(ValidationError):
        add_entry(lead, organisation, **fields)
    assert not LedgerEntry.all_objects.exists()


def test_a_fed_back_entry_is_saved(lead, organisation):
    entry = add_entry(
        lead,
        organisation,
        status=Status.FED_BACK,
        outcome=Outcome.DECISION_CHANGED,
        fed_back_on=datetime.date(2026, 9, 1),
    )
    assert entry.is_fed_back and entry.changed_something


def test_an_unknown_field_is_refused(lead, organisation):
    with pytest.raises(TypeError):
        add_entry(lead, organisation, organisation_id=1)


BREAKING = {
    "ledger_status_known": {"status": "maybe"},
    "ledger_outcome_known": {"status": Status.FED_BACK, "outcome": "maybe", "fed_back_on": IN_2026},
    "ledger_open_has_no_outcome": {"outcome": Outcome.NOT_CHANGED},
    "ledger_acted_on_changed_something": {"status": Status.ACTED_ON},
    "ledger_not_acted_on_says_why": {"status": Status.NOT_ACTED_ON, "outcome": "not-changed"},
    "ledger_fed_back_has_date_and_outcome": {"status": Status.FED_BACK, "outcome": "not-changed"},
}


def test_every_constraint_has_a_breaking_case():
    assert set(BREAKING) == {constraint.name for constraint in LedgerEntry._meta.constraints}


@pytest.mark.parametrize("name", sorted(BREAKING))
def test_the_services_rules_are_the_databases(lead, organisation, name):
    """The Python check names the one constraint the database refuses."""
    entry = LedgerEntry(organisation=organisation, said="Said", heard_on=IN_2026, **BREAKING[name])
    assert services.broken_rules(entry) == [name]
    with pytest.raises(IntegrityError, match=name), transaction.atomic():
        entry.save()
