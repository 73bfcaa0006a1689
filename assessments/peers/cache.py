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
from django.db.models import Count, Max, Q, Subquery

from coprod_grid import catalogue
from coprod_grid.caching import content_key

from ..impact.cache import scalar_of, summary_of
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


def _period_submissions(period: str):
    return Assessment.objects.filter(period=period, status=Assessment.Status.SUBMITTED)


def period_token(period: str) -> tuple:
    """The period's part of the token: one query, of the assessments alone."""
    found = _period_submissions(period).aggregate(n=Count("pk"), latest=Max("submitted_at"))
    return (found["n"], str(found["latest"]))


def token_parts(organisation_id: int, period: str) -> dict[str, Subquery]:
    """``sharing_state``'s and ``period_token``'s values as subqueries, for a page that
    reads them in one query with the rest of its key (the export); ``tokens_of`` makes
    them the two again."""
    return {
        "sharing_mine": scalar_of(
            PeerSharing.objects.filter(organisation_id=organisation_id, shared=True),
            "COUNT",
            "pk",
        ),
        "sharing": summary_of(PeerSharing.objects.all(), ("COUNT", "pk"), ("MAX", "changed_at")),
        "period_token": summary_of(
            _period_submissions(period), ("COUNT", "pk"), ("MAX", "submitted_at")
        ),
    }


def tokens_of(values: dict) -> tuple[SharingState, tuple]:
    """The ``sharing_state`` of ``token_parts``'s values, and a token of the period that
    changes when ``period_token`` does (the same values, written by the database)."""
    sharing = SharingState(bool(values["sharing_mine"]), ("sharing", values["sharing"]))
    return sharing, ("period", values["period_token"])


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
    period: str,
    *,
    sharing: SharingState | None = None,
    stages: Sequence[str] | None = None,
    token: tuple | None = None,
) -> dict[str, Distribution]:
    """Every group's distribution for ``period`` (``distribution.GROUPS``); ``sharing``
    (``sharing_state``), ``stages`` (the catalogue's slugs) and ``token``
    (``period_token``) are read unless given."""
    if stages is None:
        stages = stage_slugs()
    if sharing is None:
        sharing = sharing_state()
    if token is None:
        token = period_token(period)
    key = content_key("peers", period, token, sharing.token, tuple(stages))
    found = cache.get(key)
    if found is None:
        found = distributions_of(peer_rows(period), stages)
        cache.set(key, found, TIMEOUT)
    return found
