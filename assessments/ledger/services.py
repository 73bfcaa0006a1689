"""Writes of the impact ledger, and the one lookup of an entry.

Any member adds entries. A lead edits and deletes any entry of the organisation; a
commissioner edits only the entries they added, so that nobody's record of what people
said is rewritten by a colleague without a lead's say. Each entry carries a version, as
actions do, so two people editing one entry never silently overwrite each other.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ..access import log_refusal, require_lead
from ..models import Membership
from ..periods import period_bounds
from .models import LedgerEntry, Outcome, Status

NOT_THEIR_ENTRY = "not their entry"
NOT_IN_ORGANISATION = "not in their organisation"

# What a person may set on an entry; the rest (organisation, who, when, version) is the
# service's to set.
ENTRY_FIELDS = (
    "said",
    "activity",
    "source",
    "heard_on",
    "people_count",
    "stage",
    "service_area",
    "status",
    "outcome",
    "did",
    "reason",
    "fed_back_on",
    "evidence_url",
    "evidence_note",
    "project",
)
# Checked against the model's own rules before saving; relations are the database's.
CHECKED_FIELDS = (
    "said",
    "source",
    "heard_on",
    "people_count",
    "status",
    "outcome",
    "did",
    "reason",
    "fed_back_on",
    "evidence_url",
    "evidence_note",
)


class EntryConflict(Exception):
    """Someone changed the entry after this person opened it."""

    def __init__(self, entry: LedgerEntry):
        super().__init__(f"Ledger entry {entry.pk} is at version {entry.version}")
        self.entry = entry


def entry_for(membership: Membership, entry_id: int) -> LedgerEntry:
    """An entry of the member's organisation, with what its pages show; 404 for another
    organisation's entry, a deleted one or one that never existed, alike."""
    entry = (
        LedgerEntry.objects.select_related(
            "activity__category", "stage", "service_area", "created_by", "updated_by"
        )
        .filter(pk=entry_id, organisation_id=membership.organisation_id)
        .first()
    )
    if entry is None:
        log_refusal(
            user_id=membership.user_id,
            kind="ledger_entry",
            object_id=entry_id,
            reason=NOT_IN_ORGANISATION,
        )
        raise Http404("No such ledger entry")
    return entry


def entries_in(organisation_id: int, period: str, status: str = "") -> QuerySet[LedgerEntry]:
    """The period's entries, newest first, with what the list shows; ``status`` narrows
    them to one status."""
    first, last = period_bounds(period)
    entries = LedgerEntry.objects.filter(
        organisation_id=organisation_id, heard_on__gte=first, heard_on__lte=last
    ).select_related("activity", "stage", "service_area", "created_by")
    return entries.filter(status=status) if status else entries


def entry_facts(organisation_id: int, period: str) -> list:
    """The period's entries, newest first, as rows of what the figures count (``pk``,
    ``stage_id``, ``status``, ``outcome``): one query gives the list page its figures
    and which entries to page through."""
    first, last = period_bounds(period)
    return list(
        LedgerEntry.objects.filter(
            organisation_id=organisation_id, heard_on__gte=first, heard_on__lte=last
        ).values_list("pk", "stage_id", "status", "outcome", named=True)
    )


def can_edit(membership: Membership, entry: LedgerEntry) -> bool:
    return membership.is_lead or (
        entry.created_by_id is not None and entry.created_by_id == membership.user_id
    )


def require_editor(membership: Membership, entry: LedgerEntry) -> None:
    """A lead, or the commissioner who added the entry."""
    if not can_edit(membership, entry):
        log_refusal(
            user_id=membership.user_id,
            kind="ledger_entry",
            object_id=entry.pk,
            reason=NOT_THEIR_ENTRY,
        )
        raise PermissionDenied("Only an involvement lead or the person who added it can change it")


def broken_rules(entry: LedgerEntry) -> list[str]:
    """The names of the model's constraints ``entry`` breaks, checked here rather than
    by ``validate_constraints``, which asks the database once per constraint."""
    status, outcome = entry.status, entry.outcome
    rules = {
        "ledger_status_known": status in Status.values,
        "ledger_outcome_known": outcome in ["", *Outcome.values],
        "ledger_open_has_no_outcome": status != Status.OPEN or outcome == "",
        "ledger_acted_on_changed_something": status != Status.ACTED_ON
        or outcome in (Outcome.DECISION_CHANGED, Outcome.SERVICE_CHANGED),
        "ledger_not_acted_on_says_why": status != Status.NOT_ACTED_ON
        or (outcome == Outcome.NOT_CHANGED and entry.reason != ""),
        "ledger_fed_back_has_date_and_outcome": (
            entry.fed_back_on is not None and outcome != ""
            if status == Status.FED_BACK
            else entry.fed_back_on is None
        ),
    }
    return [name for name, kept in rules.items() if not kept]


def _check(entry: LedgerEntry) -> None:
    """The model's field rules and its constraints, as a ``ValidationError`` rather than
    the database's ``IntegrityError``: the form mirrors them, but not every caller is a
    form (the demo, a finished co-design project)."""
    names = {field.name for field in entry._meta.concrete_fields}
    entry.clean_fields(exclude=names - set(CHECKED_FIELDS))
    if broken := broken_rules(entry):
        raise ValidationError(f"The entry breaks the ledger's rules: {', '.join(broken)}")


def _unknown(fields: dict) -> None:
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"Not a field a person sets on a ledger entry: {sorted(unknown)}")


@transaction.atomic
def entry_create(membership: Membership, **fields) -> LedgerEntry:
    _unknown(fields)
    entry = LedgerEntry(
        organisation_id=membership.organisation_id,
        created_by=membership.user,
        updated_by=membership.user,
        **fields,
    )
    _check(entry)
    entry.save()
    return entry


@transaction.atomic
def entry_update(membership: Membership, entry: LedgerEntry, version: int, **fields) -> LedgerEntry:
    """Save ``fields`` over the entry if it is still at ``version``; raises
    ``EntryConflict`` (with the entry as it now is) if not."""
    _unknown(fields)
    require_editor(membership, entry)
    locked = LedgerEntry.objects.select_for_update().get(
        pk=entry.pk, organisation_id=membership.organisation_id
    )
    if locked.version != version:
        raise EntryConflict(
            LedgerEntry.objects.select_related("updated_by", "activity", "stage").get(pk=entry.pk)
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    _check(locked)
    locked.version += 1
    locked.updated_by = membership.user
    locked.save()
    return locked


@transaction.atomic
def entry_delete(membership: Membership, entry: LedgerEntry) -> None:
    """Only marks the entry: its history, and who deleted it, stay."""
    require_lead(membership=membership)
    locked = LedgerEntry.objects.select_for_update().get(
        pk=entry.pk, organisation_id=membership.organisation_id
    )
    locked.deleted_at = timezone.now()
    locked.deleted_by = membership.user
    locked.updated_by = membership.user
    locked._history_user = membership.user
    locked.save()
