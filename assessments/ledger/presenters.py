"""The ledger page's list: the period's figures, the page of entries, and each entry's
cells in the words the table prints, worked out in Python rather than through a chain
of template filters per cell."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.template.defaultfilters import date, linebreaksbr, truncatechars
from django.urls import reverse
from django.utils.safestring import SafeString

from coprod_grid import catalogue

from ..models import Membership
from .models import LedgerEntry
from .services import can_edit, entries_in, entry_facts
from .summary import ImpactSummary, summarise

PER_PAGE = 20

SAID_SHOWN = 300  # characters of what people said in the table
DID_SHOWN = 200  # and of what was done about it


@dataclass(frozen=True)
class EntryRow:
    entry: LedgerEntry
    number: int  # on the whole list, from 1: "Change entry 21"
    said: SafeString  # escaped by ``linebreaksbr``, each line break a <br>
    heard_on: str
    outcome: str  # the outcome's label, "" when there is none yet
    did: str
    fed_back_on: str
    edit_url: str  # "" when this member may not change it
    delete_url: str  # "" when this member may not delete it


def entry_rows(
    membership: Membership, entries: Sequence[LedgerEntry], first_number: int
) -> list[EntryRow]:
    organisation_id = membership.organisation_id
    rows = []
    for number, entry in enumerate(entries, start=first_number):
        args = [organisation_id, entry.pk]
        rows.append(
            EntryRow(
                entry=entry,
                number=number,
                said=linebreaksbr(truncatechars(entry.said, SAID_SHOWN), autoescape=True),
                heard_on=date(entry.heard_on, "j M Y"),
                outcome=entry.get_outcome_display() if entry.outcome else "",
                did=truncatechars(entry.did or entry.reason, DID_SHOWN),
                fed_back_on=date(entry.fed_back_on, "j M Y") if entry.fed_back_on else "",
                edit_url=reverse("assessments:ledger-edit", args=args)
                if can_edit(membership, entry)
                else "",
                delete_url=reverse("assessments:ledger-delete", args=args)
                if membership.is_lead
                else "",
            )
        )
    return rows


@dataclass(frozen=True)
class Listing:
    impact: ImpactSummary  # the whole period's figures, whatever the status shown
    page: Page  # of entry ids
    rows: list[EntryRow]


def ledger_listing(
    membership: Membership, period: str, status: str, page_number: int | str
) -> Listing:
    """Three queries: one read of the period gives both its figures and the entries to
    page through (of ``status`` if given), then only the page's entries are read whole,
    and the catalogue's token for the stages."""
    organisation_id = membership.organisation_id
    facts = entry_facts(organisation_id, period)
    shown = [row.pk for row in facts if not status or row.status == status]
    page = Paginator(shown, PER_PAGE).get_page(page_number)
    on_page = entries_in(organisation_id, period).filter(pk__in=page.object_list)
    entries = list(on_page) if page.object_list else []
    return Listing(
        impact=summarise(organisation_id, period, facts, catalogue.commissioning_stages()),
        page=page,
        rows=entry_rows(membership, entries, page.start_index()),
    )
