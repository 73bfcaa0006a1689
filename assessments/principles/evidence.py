"""What an assessment's answers and its organisation's ledger show for each principle
(``coprod_grid.models.Principle``): the practised activities and the ledger entries that
evidence it. Evidence found, never a verdict that a principle is met.

``principles_evidence`` is pure; ``principles_for`` reads what it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from coprod_grid import catalogue
from coprod_grid.catalogue import CataloguePrinciple

from ..ledger.models import LedgerEntry, Outcome, Status
from ..models import Answer, Assessment, Frequency
from ..periods import period_bounds
from ..results.results import LEVEL_LABELS, answers_of, position_of


@dataclass(frozen=True)
class Practised:
    """One answer, as a principle reads it: the activity, the names and category it is
    scored with (a submitted assessment's snapshot), and how often."""

    activity: str
    name: str
    category: str
    frequency: str

    @property
    def practised(self) -> bool:
        return self.frequency != Frequency.NONE

    @property
    def how_often(self) -> str:
        return LEVEL_LABELS.get(self.frequency, self.frequency)


class LedgerRow(Protocol):
    """What the mapping reads of a ledger entry: a ``LedgerEntry`` or any light row with
    these attributes."""

    id: int
    people_count: int | None
    stage_id: int | None
    service_area_id: int | None
    status: str
    outcome: str
    project_id: int | None


CHANGING = (Outcome.DECISION_CHANGED, Outcome.SERVICE_CHANGED)

#: When an entry shows each kind of ledger evidence (``coprod_grid.models.LEDGER_EVIDENCE``).
LEDGER_MATCHES: dict[str, Callable[[LedgerRow], bool]] = {
    "heard": lambda entry: True,
    "people-count": lambda entry: entry.people_count is not None,
    "stage": lambda entry: entry.stage_id is not None,
    "service-area": lambda entry: entry.service_area_id is not None,
    # Feeding back keeps the outcome: an entry fed back after a change was acted on.
    "acted-on": lambda entry: (
        entry.status == Status.ACTED_ON
        or (entry.status == Status.FED_BACK and entry.outcome in CHANGING)
    ),
    "decision-changed": lambda entry: entry.outcome == Outcome.DECISION_CHANGED,
    "service-changed": lambda entry: entry.outcome == Outcome.SERVICE_CHANGED,
    # "Nothing changed" is the outcome of an entry not acted on, fed back or not.
    "not-acted-on": lambda entry: (
        entry.status == Status.NOT_ACTED_ON or entry.outcome == Outcome.NOT_CHANGED
    ),
    "fed-back": lambda entry: entry.status == Status.FED_BACK,
    "co-design-project": lambda entry: entry.project_id is not None,
}


@dataclass(frozen=True)
class PrincipleEvidence:
    principle: CataloguePrinciple
    activities: tuple[Practised, ...]
    entries: tuple[Any, ...]  # LedgerRow: whatever rows were given, in their order

    @property
    def has_evidence(self) -> bool:
        return bool(self.activities or self.entries)

    @property
    def count(self) -> int:
        return len(self.activities) + len(self.entries)


def entry_matches(entry: LedgerRow, keys: Iterable[str]) -> bool:
    """Whether the entry shows any of the ledger evidence ``keys`` (unknown keys show
    nothing: the admin refuses them, and a stale one must not count)."""
    return any(key in LEDGER_MATCHES and LEDGER_MATCHES[key](entry) for key in keys)


def principles_evidence(
    principles: Sequence[CataloguePrinciple],
    practised: Mapping[str, Practised],
    entries: Sequence[LedgerRow],
) -> list[PrincipleEvidence]:
    """Each principle, in the order given, with the activities of ``practised`` (by
    activity slug, in its order) that evidence it, directly or through a mapped
    category, when answered anything but "Not at the moment"; and the ``entries`` that
    show any of its ledger evidence."""
    done = [answer for answer in practised.values() if answer.practised]
    found = []
    for principle in principles:
        activities, categories = set(principle.activities), set(principle.categories)
        found.append(
            PrincipleEvidence(
                principle=principle,
                activities=tuple(
                    answer
                    for answer in done
                    if answer.activity in activities or answer.category in categories
                ),
                entries=tuple(
                    entry for entry in entries if entry_matches(entry, principle.ledger_fields)
                ),
            )
        )
    return found


def practised_of(assessment: Assessment, answers: Iterable[Answer]) -> dict[str, Practised]:
    """The answers by activity slug, each with the category it is scored in (the
    snapshot's once submitted: ``results.position_of``) and the name it was answered as."""
    practised = {}
    for answer in answers:
        snapshot = assessment.is_submitted and answer.snapshot_name
        practised[answer.activity.slug] = Practised(
            activity=answer.activity.slug,
            name=answer.snapshot_name if snapshot else answer.activity.name,
            category=position_of(assessment, answer).category,
            frequency=answer.frequency,
        )
    return practised


def ledger_entries_of(assessment: Assessment) -> list[LedgerEntry]:
    """The organisation's entries heard in the assessment's period, newest first."""
    first, last = period_bounds(assessment.period)
    return list(
        LedgerEntry.objects.filter(
            organisation_id=assessment.organisation_id, heard_on__range=(first, last)
        ).order_by("-heard_on", "-pk")
    )


def principles_for(
    assessment: Assessment, *, answers: Sequence[Answer] | None = None
) -> list[PrincipleEvidence]:
    """The evidence for every principle: two queries (the answers, unless given as
    ``results.answers_of`` gives them, and the ledger) and the catalogue's token."""
    if answers is None:
        answers = answers_of(assessment)
    return principles_evidence(
        catalogue.principles(), practised_of(assessment, answers), ledger_entries_of(assessment)
    )


def principles_export(evidence: Iterable[PrincipleEvidence]) -> list[dict]:
    """The export's ``principles``: each principle's slug, in catalogue order, with the
    activity slugs and ledger entry ids that evidence it."""
    return [
        {
            "slug": item.principle.slug,
            "evidence": {
                "activities": [answer.activity for answer in item.activities],
                "ledger_entries": [entry.id for entry in item.entries],
            },
        }
        for item in evidence
    ]
