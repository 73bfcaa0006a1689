"""The principles grouped as pages show them: by framework, in catalogue order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .evidence import PrincipleEvidence


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
