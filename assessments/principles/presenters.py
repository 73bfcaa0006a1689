"""The principles grouped as pages show them: by framework, in catalogue order.

``by_framework`` groups the evidence itself (the annual report's draft reads it);
``framework_cards`` is the principles page's: each line of evidence already written,
since one ledger entry can evidence most of the principles and formatting it in the
template once per principle was most of the page's time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.template.defaultfilters import date, truncatechars
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from coprod_grid.catalogue import CataloguePrinciple

from .evidence import Practised, PrincipleEvidence

SAID_SHOWN = 100  # characters of what people said quoted under a principle


@dataclass(frozen=True)
class FrameworkGroup:
    name: str
    source: str
    principles: tuple[PrincipleEvidence, ...]

    @property
    def with_evidence(self) -> int:
        return sum(item.has_evidence for item in self.principles)


def by_framework(evidence: Iterable[PrincipleEvidence]) -> list[FrameworkGroup]:
    groups: dict[str, list[PrincipleEvidence]] = {}
    for item in evidence:
        groups.setdefault(item.principle.framework, []).append(item)
    return [
        FrameworkGroup(
            name=items[0].principle.framework_name,
            source=items[0].principle.source,
            principles=tuple(items),
        )
        for items in groups.values()
    ]


@dataclass(frozen=True)
class PrincipleCard:
    """A principle as the page shows it. ``activities`` and ``entries`` are its lists'
    ``<li>`` items, every piece of text in them escaped by ``format_html``: rendering
    them once per entry here rather than once per principle in the template is most of
    what made the page fast."""

    principle: CataloguePrinciple
    activities: SafeString
    entries: SafeString

    @property
    def has_evidence(self) -> bool:
        return bool(self.activities or self.entries)


@dataclass(frozen=True)
class FrameworkCards:
    name: str
    source: str
    with_evidence: int
    principles: tuple[PrincipleCard, ...]


def entry_line(entry, organisation_id: int) -> SafeString:
    """An entry's item: what was said (the first 100 characters), linked to the entry,
    when it was heard and its status."""
    return format_html(
        '<li><a href="{}">{}</a> ({}, {})</li>',
        reverse(
            "assessments:ledger-edit",
            kwargs={"organisation_id": organisation_id, "entry_id": entry.id},
        ),
        truncatechars(entry.said, SAID_SHOWN),
        date(entry.heard_on, "j F Y"),
        entry.get_status_display().lower(),
    )


def activity_line(answer: Practised) -> SafeString:
    return format_html("<li>{}: {}</li>", answer.name, answer.how_often.lower())


def _joined(lines: Iterable[SafeString]) -> SafeString:
    return mark_safe("".join(lines))  # each line escaped its own text (format_html)


def framework_cards(
    evidence: Sequence[PrincipleEvidence], organisation_id: int
) -> list[FrameworkCards]:
    """The page's frameworks, each entry's line made once however many principles it
    evidences."""
    lines: dict[int, SafeString] = {}
    for item in evidence:
        for entry in item.entries:
            if entry.id not in lines:
                lines[entry.id] = entry_line(entry, organisation_id)
    return [
        FrameworkCards(
            name=group.name,
            source=group.source,
            with_evidence=group.with_evidence,
            principles=tuple(
                PrincipleCard(
                    principle=item.principle,
                    activities=_joined(map(activity_line, item.activities)),
                    entries=_joined(lines[entry.id] for entry in item.entries),
                )
                for item in group.principles
            ),
        )
        for group in by_framework(evidence)
    ]
