"""Organisations that share their results, made in bulk: a few queries for any number."""

import random

from django.utils import timezone

from assessments.models import Assessment, Organisation, SubmittedResult
from assessments.peers.models import PeerSharing
from coprod_grid import catalogue
from coprod_grid.grid.grid_terms import quadrant_slug_at

_made = iter(range(1, 10**6))


def sharing_peers(count: int, *, period: str = "2026/27", kind: str = "icb", shared=True, seed=1):
    """``count`` organisations named "Secret Peer <n> Trust", ODS codes "Q<n>", each with
    a submitted assessment for ``period`` and its stored result at an exact, odd position
    (0.1234 + ...), sharing their results if ``shared``."""
    rng = random.Random(seed)
    now = timezone.now()
    numbers = [next(_made) for _ in range(count)]
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Secret Peer {n} Trust", ods_code=f"Q{n:05d}", kind=kind)
            for n in numbers
        ]
    )
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                organisation=organisation,
                title="Peer assessment",
                period=period,
                status=Assessment.Status.SUBMITTED,
                submitted_at=now,
            )
            for organisation in organisations
        ]
    )
    stages = [stage.slug for stage in catalogue.commissioning_stages()]
    results = []
    for assessment in assessments:
        x, y = round(rng.uniform(0.05, 0.95), 4) + 0.00007, round(rng.uniform(0.05, 0.95), 4)
        results.append(
            SubmittedResult(
                assessment=assessment,
                activeness=x,
                embeddedness=y,
                stage_coverage=0.5,
                quadrant=quadrant_slug_at(x, y),
                stage_levels={
                    slug: rng.choice(["none", "occasional", "routine"]) for slug in stages
                },
                scored_at=now,
            )
        )
    SubmittedResult.objects.bulk_create(results)
    PeerSharing.objects.bulk_create(
        [PeerSharing(organisation=o, shared=shared, changed_at=now) for o in organisations]
    )
    return organisations, results
