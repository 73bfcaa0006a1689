"""The peers' distributions for a period, read in one query and cached.

The key holds a token that changes whenever what the distribution is made from may have
changed: the count and latest submission of the period's live submitted assessments (a
submission adds one, a reopen or a deletion removes one, a resubmission is a later
submission; the stored result is written and removed in the same transactions) and the
count and latest change of the sharing table (an opt-in or opt-out). So a new
submission or an opt-out shows at once, and a page reads two small aggregates instead
of every organisation's result: the sharing table's, with whether the organisation
asking shares (``sharing_state``), and the period's (``period_token``), which an
organisation that does not share never needs. Soft-deleting an organisation is not in
the token; the timeout bounds how long it lingers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max, Q

from coprod_grid import catalogue
from coprod_grid.caching import content_key

from ..models import Assessment, SubmittedResult
from .distribution import Distribution, PeerRow, distributions_of, latest_per_organisation
from .models import PeerSharing

TIMEOUT = 60 * 60
ROW_FIELDS = (
    "assessment__organisation_id",
    "assessment__organisation__kind",
    "activeness",
    "embeddedness",
    "quadrant",
    "stage_levels",
    "stage_coverage",
    "assessment__submitted_at",
    "assessment_id",
)


@dataclass(frozen=True)
class SharingState:
    #: Whether the organisation asked about shares its results (false for nobody).
    shared: bool
    #: The sharing table's part of every period's token.
    token: tuple


def sharing_state(organisation_id: int | None = None) -> SharingState:
    """Whether the organisation shares its results, and the sharing table's token: one
    query."""
    found = PeerSharing.objects.aggregate(
        mine=Count("pk", filter=Q(organisation_id=organisation_id, shared=True)),
        n=Count("pk"),
        latest=Max("changed_at"),
    )
    return SharingState(bool(found["mine"]), (found["n"], str(found["latest"])))


def period_token(period: str) -> tuple:
    """The period's part of the token: one query, of the assessments alone."""
    found = Assessment.objects.filter(period=period, status=Assessment.Status.SUBMITTED).aggregate(
        n=Count("pk"), latest=Max("submitted_at")
    )
    return (found["n"], str(found["latest"]))


def shared_results(period: str):
    """The stored results of the period's live submitted assessments of live
    organisations that share their results: one query, as plain values."""
    return SubmittedResult.objects.filter(
        assessment__period=period,
        assessment__status=Assessment.Status.SUBMITTED,
        assessment__deleted_at__isnull=True,
        assessment__organisation__deleted_at__isnull=True,
        assessment__organisation__peer_sharing__shared=True,
    ).values_list(*ROW_FIELDS)


def peer_rows(period: str) -> list[PeerRow]:
    """Each sharing organisation's latest submitted result for ``period``."""
    pairs = []
    for org, kind, x, y, quadrant, levels, coverage, submitted, pk in shared_results(period):
        row = PeerRow(org, kind, x, y, quadrant, levels or {}, coverage)
        pairs.append(((submitted, pk), row))
    return latest_per_organisation(pairs)


def stage_slugs() -> list[str]:
    return [stage.slug for stage in catalogue.commissioning_stages()]


def distributions_cached(
    period: str, *, sharing: SharingState | None = None, stages: Sequence[str] | None = None
) -> dict[str, Distribution]:
    """Every group's distribution for ``period`` (``distribution.GROUPS``); ``sharing``
    (``sharing_state``) and ``stages`` (the catalogue's slugs) are read unless given."""
    if stages is None:
        stages = stage_slugs()
    if sharing is None:
        sharing = sharing_state()
    key = content_key("peers", period, period_token(period), sharing.token, tuple(stages))
    found = cache.get(key)
    if found is None:
        found = distributions_of(peer_rows(period), stages)
        cache.set(key, found, TIMEOUT)
    return found
