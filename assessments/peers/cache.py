"""The peers' distributions for a period, read in one query and cached.

The key holds a token that changes whenever what the distribution is made from may have
changed: the count and latest ``scored_at`` of the period's stored results (a submission
adds a row, a reopen removes one) and the count and latest change of the sharing table
(an opt-in or opt-out). So a new submission or an opt-out shows at once, and a page
reads two small aggregates instead of every organisation's result. Soft-deleting an
organisation is not in the token; the timeout bounds how long it lingers.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Max

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


def peers_token(period: str) -> tuple:
    results = SubmittedResult.objects.filter(assessment__period=period).aggregate(
        n=Count("pk"), latest=Max("scored_at")
    )
    sharing = PeerSharing.objects.aggregate(n=Count("pk"), latest=Max("changed_at"))
    return (results["n"], str(results["latest"]), sharing["n"], str(sharing["latest"]))


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


def distributions_cached(period: str) -> dict[str, Distribution]:
    """Every group's distribution for ``period`` (``distribution.GROUPS``)."""
    stages = stage_slugs()
    key = content_key("peers", period, peers_token(period), tuple(stages))
    found = cache.get(key)
    if found is None:
        found = distributions_of(peer_rows(period), stages)
        cache.set(key, found, TIMEOUT)
    return found
