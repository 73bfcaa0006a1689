"""What an organisation is shown of its peers (the page, the results page's summary and
the export all read ``comparison_for``): nothing unless it shares its results
(reciprocity) and at least ``PEER_THRESHOLD`` sharing organisations, itself included,
have submitted for the period in the chosen group."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coprod_grid import catalogue
from coprod_grid.grid.grid_terms import QUADRANT_NAMES
from coprod_grid.models import CommissioningStage

from ..models import QUADRANT_SLUGS, Assessment, Organisation
from .cache import SharingState, distributions_cached, sharing_state
from .distribution import PEER_THRESHOLD, Distribution, percent_of

GROUP_NAMES = {
    "all": "All commissioners",
    "icb": "Integrated Care Boards",
    "other": "Other commissioners",
}


@dataclass(frozen=True)
class QuadrantRow:
    slug: str
    name: str
    count: int
    percent: int


@dataclass(frozen=True)
class StageRow:
    slug: str
    name: str
    involved: int
    percent: int
    median: float


@dataclass(frozen=True)
class Comparison:
    period: str
    group: str
    sharing: bool
    distribution: Distribution
    #: The groups with enough organisations to be offered as a filter.
    groups: tuple[str, ...]
    #: Each commissioning stage's name by its slug, read with the distribution.
    stage_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def shown(self) -> bool:
        return self.sharing and self.distribution.shown

    @property
    def needed(self) -> int:
        return self.distribution.needed

    @property
    def group_name(self) -> str:
        return GROUP_NAMES[self.group]

    @property
    def quadrant_rows(self) -> list[QuadrantRow]:
        total = self.distribution.organisations
        return [
            QuadrantRow(slug, QUADRANT_NAMES[slug], n, percent_of(n, total))
            for slug, n in self.distribution.quadrants
        ]

    @property
    def stage_rows(self) -> list[StageRow]:
        total = self.distribution.organisations
        return [
            StageRow(
                s.slug,
                self.stage_names.get(s.slug, s.slug),
                s.involved,
                percent_of(s.involved, total),
                s.median,
            )
            for s in self.distribution.stages
        ]

    @property
    def median_coverage_percent(self) -> int | None:
        median = self.distribution.median_stage_coverage
        return None if median is None else round(100 * median)


@dataclass(frozen=True)
class NotSharing:
    """What the summary shows an organisation that does not share its results."""

    period: str
    sharing: bool = False
    shown: bool = False


def stage_names(stages: Sequence[CommissioningStage] | None = None) -> dict[str, str]:
    """Each stage's name by its slug: of ``stages``, or of the catalogue's."""
    if stages is None:
        stages = catalogue.commissioning_stages()
    return {stage.slug: stage.name for stage in stages}


def comparison_for(
    organisation: Organisation,
    period: str,
    group: str = "all",
    *,
    sharing: bool | None = None,
    state: SharingState | None = None,
    stages: Sequence[CommissioningStage] | None = None,
    token: tuple | None = None,
) -> Comparison:
    """``group``: "all", "icb" or "other"; a group too small to show falls back to all.
    ``state`` (``cache.sharing_state`` of the organisation) is read unless given;
    ``sharing``, whether the organisation shares, is the state's unless given; ``stages``
    the catalogue's commissioning stages, read unless given; ``token``: the period's
    (``cache.period_token``), read unless given."""
    if state is None:
        state = sharing_state(organisation.pk)
    if sharing is None:
        sharing = state.shared
    names = stage_names(stages)
    found = distributions_cached(period, sharing=state, stages=list(names), token=token)
    groups = tuple(g for g in ("icb", "other") if found[g].shown)
    if group not in groups:
        group = "all"
    return Comparison(period, group, sharing, found[group], groups, names)


def peers_export(
    assessment: Assessment,
    *,
    stages: Sequence[CommissioningStage] | None = None,
    state: SharingState | None = None,
    token: tuple | None = None,
) -> dict | None:
    """The peers of the assessment's period, for the JSON export: ``None`` unless its
    organisation shares its results and at least ``PEER_THRESHOLD`` sharing
    organisations have submitted for the period. Otherwise the number of organisations,
    the count in each quadrant and, for each commissioning stage, the median over
    organisations of their level at that stage scored none = 0, occasional = 0.5,
    routine = 1. Nothing else: no organisation can be picked out of it. ``stages``: the
    catalogue's commissioning stages, read unless given; ``state`` and ``token``: the
    organisation's sharing state and the period's token, read unless given."""
    if state is None:
        state = sharing_state(assessment.organisation_id)
    if not state.shared:
        return None  # without reading the distribution: most pages' case, one query
    found = comparison_for(
        assessment.organisation, assessment.period, state=state, stages=stages, token=token
    )
    if not found.shown:
        return None
    distribution = found.distribution
    return {
        "organisations": distribution.organisations,
        "quadrants": {slug: distribution.quadrant_count(slug) for slug in QUADRANT_SLUGS},
        "stage_coverage": {stage.slug: stage.median for stage in distribution.stages},
    }


def peer_summary_for(assessment: Assessment) -> dict:
    """The context of ``templates/peers/_summary.html`` for the results page and the
    PDF: the quadrant shares and stage coverage of the assessment's period, or how many
    more must share, or an invitation to share."""
    organisation = assessment.organisation
    state = sharing_state(organisation.pk)
    if not state.shared:
        # All the summary says is how to share: the distribution is not read.
        return {"peers": NotSharing(assessment.period), "peers_organisation": organisation}
    found = comparison_for(organisation, assessment.period, state=state)
    return {"peers": found, "peers_organisation": organisation}


__all__ = ["PEER_THRESHOLD", "Comparison", "comparison_for", "peer_summary_for", "peers_export"]
