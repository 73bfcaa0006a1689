"""Evidence of impact for one assessment, as the results page, the PDF and the JSON
export show it: the impact ledger's figures for the assessment's period, the co-design
projects of that period, and what evidences each principle.

All of it lives outside the assessment (a ledger entry added today changes a submitted
assessment's evidence), so none of it is cached with the assessment's results. The
ledger is read once and shared by its figures and the principles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coprod_grid import catalogue

from ..codesign.models import CoDesignProject
from ..codesign.summary import ProjectRow, project_rows, projects_export, projects_in_period
from ..costs.summary import CostSummary, summary_if_profiled
from ..ledger.models import LedgerEntry
from ..ledger.summary import ImpactSummary, impact_export, summarise
from ..models import Answer, Assessment
from ..principles.evidence import (
    PrincipleEvidence,
    ledger_entries_of,
    practised_of,
    principles_evidence,
    principles_export,
)
from ..results.results import answers_of


@dataclass(frozen=True)
class NumberedPrinciple:
    """A principle's evidence as the PDF prints it: its ledger entries by their number
    in the report's list of entries, not quoted again under every principle."""

    evidence: PrincipleEvidence
    entry_numbers: tuple[int, ...]


@dataclass(frozen=True)
class ImpactEvidence:
    impact: ImpactSummary
    entries: tuple[LedgerEntry, ...]  # the period's, newest first
    projects: tuple[CoDesignProject, ...]
    project_rows: tuple[ProjectRow, ...]
    principles: tuple[PrincipleEvidence, ...]

    @property
    def principles_with_evidence(self) -> int:
        return sum(item.has_evidence for item in self.principles)

    @property
    def numbered_entries(self) -> list[tuple[int, LedgerEntry]]:
        return list(enumerate(self.entries, start=1))

    @property
    def numbered_principles(self) -> list[NumberedPrinciple]:
        numbers = {entry.pk: number for number, entry in self.numbered_entries}
        return [
            NumberedPrinciple(item, tuple(numbers[entry.pk] for entry in item.entries))
            for item in self.principles
        ]


def impact_evidence_for(
    assessment: Assessment, *, answers: Sequence[Answer] | None = None
) -> ImpactEvidence:
    """Four queries (the answers unless given, the ledger, the projects and their
    phases) and the catalogue's token."""
    if answers is None:
        answers = answers_of(assessment)
    entries = tuple(ledger_entries_of(assessment))
    stages = catalogue.commissioning_stages()
    projects = tuple(projects_in_period(assessment.organisation_id, assessment.period))
    return ImpactEvidence(
        impact=summarise(assessment.organisation_id, assessment.period, entries, stages),
        entries=entries,
        projects=projects,
        project_rows=tuple(project_rows(projects)),
        principles=tuple(
            principles_evidence(catalogue.principles(), practised_of(assessment, answers), entries)
        ),
    )


def live_evidence(
    assessment: Assessment, *, answers: Sequence[Answer] | None = None
) -> tuple[ImpactEvidence, CostSummary | None]:
    """The evidence of impact and the costs, as the results page and the export show
    them beside the cached results: one read of the answers and the ledger for both."""
    if answers is None:
        answers = answers_of(assessment)
    evidence = impact_evidence_for(assessment, answers=answers)
    return evidence, summary_if_profiled(assessment, answers=answers, impact=evidence.impact)


def impact_exports(evidence: ImpactEvidence) -> dict:
    """The export's ``impact``, ``projects`` and ``principles`` keys (issue 17)."""
    return {
        "impact": impact_export(evidence.impact),
        "projects": projects_export(evidence.projects),
        "principles": principles_export(evidence.principles),
    }
