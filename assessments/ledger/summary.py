"""The ledger's figures for one period, as the ledger page, the results page, the PDF
and the JSON export show them: how many entries, the share fed back to the people who
said it, the decisions and services changed, by commissioning stage.

An entry counts in the period its ``heard_on`` falls in (``assessments/periods.py``):
what people said in 2026/27 is 2026/27's evidence, whenever it was acted on.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.db.models import Q

from coprod_grid import catalogue
from coprod_grid.models import CommissioningStage

from ..periods import period_bounds
from .models import LedgerEntry, Outcome, Status

_PERIOD = re.compile(r"(\d{4})/(\d{2})")


def is_period(value: str) -> bool:
    """A well-formed financial year, like 2026/27 (and not 2026/29)."""
    match = _PERIOD.fullmatch(value or "")
    return bool(match) and (int(match[1]) + 1) % 100 == int(match[2])


@dataclass(frozen=True)
class StageImpact:
    slug: str
    name: str
    entries: int
    fed_back: int
    decisions_changed: int


@dataclass(frozen=True)
class ImpactSummary:
    organisation_id: int
    period: str
    entries: int
    fed_back: int
    fed_back_share: float | None  # None when there are no entries: no share of nothing
    decisions_changed: int
    services_changed: int
    not_acted_on: int
    open: int
    by_stage: tuple[StageImpact, ...]

    @property
    def fed_back_percent(self) -> int | None:
        return None if self.fed_back_share is None else round(self.fed_back_share * 100)

    @property
    def without_stage(self) -> int:
        return self.entries - sum(row.entries for row in self.by_stage)


def _in_period(period: str) -> Q:
    first, last = period_bounds(period)
    return Q(heard_on__gte=first, heard_on__lte=last)


class EntryFacts(Protocol):
    """What the figures read of an entry: a LedgerEntry, or a row of just these."""

    stage_id: int | None
    status: str
    outcome: str


def summarise(
    organisation_id: int,
    period: str,
    entries: Iterable[EntryFacts],
    stages: Sequence[CommissioningStage],
) -> ImpactSummary:
    """The period's figures from its entries: pure, so a page that has read the entries
    for another reason (the principles' evidence) counts them without a second query."""
    totals: Counter = Counter()
    by_stage_id: dict[int | None, Counter] = defaultdict(Counter)
    for entry in entries:
        facts = {
            "entries": True,
            "fed_back": entry.status == Status.FED_BACK,
            "decisions": entry.outcome == Outcome.DECISION_CHANGED,
            "services": entry.outcome == Outcome.SERVICE_CHANGED,
            "not_acted_on": entry.status == Status.NOT_ACTED_ON,
            "open": entry.status == Status.OPEN,
        }
        counted = {name: 1 for name, true in facts.items() if true}
        totals.update(counted)
        by_stage_id[entry.stage_id].update(counted)
    by_stage = tuple(
        StageImpact(
            slug=stage.slug,
            name=stage.name,
            entries=by_stage_id[stage.pk]["entries"],
            fed_back=by_stage_id[stage.pk]["fed_back"],
            decisions_changed=by_stage_id[stage.pk]["decisions"],
        )
        for stage in stages
    )
    count = totals["entries"]
    return ImpactSummary(
        organisation_id=organisation_id,
        period=period,
        entries=count,
        fed_back=totals["fed_back"],
        fed_back_share=totals["fed_back"] / count if count else None,
        decisions_changed=totals["decisions"],
        services_changed=totals["services"],
        not_acted_on=totals["not_acted_on"],
        open=totals["open"],
        by_stage=by_stage,
    )


def impact_summary(
    organisation_id: int, period: str, stages: Sequence[CommissioningStage] | None = None
) -> ImpactSummary:
    """One query of the ledger (three columns an entry). ``stages`` defaults to the
    memoised catalogue's; a caller that already holds them passes them and saves its
    token query."""
    stages = catalogue.commissioning_stages() if stages is None else stages
    rows = LedgerEntry.objects.filter(
        _in_period(period), organisation_id=organisation_id
    ).values_list("stage_id", "status", "outcome", named=True)
    return summarise(organisation_id, period, rows, stages)


def impact_export(summary: ImpactSummary) -> dict:
    """The export's ``impact`` key (issue 17, deliverable 5). ``fed_back`` is the share
    fed back, 0 to 1, or null when there are no entries."""
    share = summary.fed_back_share
    return {
        "entries": summary.entries,
        "fed_back": None if share is None else round(share, 4),
        "decisions_changed": summary.decisions_changed,
        "by_stage": {
            row.slug: {
                "entries": row.entries,
                "fed_back": row.fed_back,
                "decisions_changed": row.decisions_changed,
            }
            for row in summary.by_stage
        },
    }


def entries_by_activity(organisation_id: int, period: str) -> dict[str, list[LedgerEntry]]:
    """The period's entries that name an activity, by the activity's slug, newest first:
    each activity's evidence. One query."""
    found: dict[str, list[LedgerEntry]] = defaultdict(list)
    entries = LedgerEntry.objects.filter(
        _in_period(period), organisation_id=organisation_id, activity__isnull=False
    ).select_related("activity")
    for entry in entries:
        found[entry.activity.slug].append(entry)
    return dict(found)
