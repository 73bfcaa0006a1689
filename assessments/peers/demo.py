"""The demo's peers: the demo organisation shares its results, beside fourteen
anonymous demo organisations that share theirs for the same period, so a newcomer sees a
comparison at once. Each peer's result is scored from generated answers by the same
``score_assessment`` every page uses. Running it again duplicates nothing."""

from __future__ import annotations

import random

from django.utils import timezone

from coprod_grid import catalogue

from ..models import Assessment, Membership, Organisation, SubmittedResult
from ..results import scoring
from ..results.stored import result_row
from . import services
from .models import PeerSharing

PEER_COUNT = 14
OTHER_COMMISSIONERS = 4  # of them; the rest are ICBs
ODS_PREFIX = "DPR"


def _answers(rng: random.Random, maturity: float, stages: list[str]) -> list:
    """A plausible organisation at ``maturity`` (0 to 1): a less mature one does a few
    of the passive activities, at few stages, seldom routinely; a more mature one more
    of the active ones. The frontier scores the strongest three, so without this bias
    every peer would land in active and embedded."""
    inputs = []
    for activity in catalogue.active_activities():
        activeness = float(activity.activeness)
        leaning = maturity * activeness + (1 - maturity) * (1 - activeness)
        if rng.random() > 0.55 * leaning:
            frequency, chosen = "none", []
        else:
            frequency = "routine" if rng.random() < maturity else "occasional"
            chosen = [s for s in stages if rng.random() < 0.15 + 0.6 * maturity]
        inputs.append(scoring.AnswerInput(activity.slug, frequency, chosen))
    return inputs


def demo_peers(organisation: Organisation, lead, period: str) -> None:
    """Opt ``organisation`` in as its ``lead`` and make sure the anonymous peers exist,
    each with a submitted assessment for ``period`` and its stored result."""
    services.peer_sharing_set(
        membership=Membership.objects.get(user=lead, organisation=organisation), shared=True
    )
    activities = catalogue.active_activities()
    stages = [stage.slug for stage in catalogue.commissioning_stages()]
    positions = {
        a.slug: scoring.ActivityPosition(
            a.slug, a.category.slug, float(a.activeness), float(a.embeddedness)
        )
        for a in activities
    }
    names = {a.slug: (a.name, a.category.name) for a in activities}
    rng = random.Random(2017)
    now = timezone.now()
    for number in range(1, PEER_COUNT + 1):
        maturity = rng.uniform(0.05, 0.9)
        peer, _ = Organisation.objects.update_or_create(
            ods_code=f"{ODS_PREFIX}{number:02d}",
            defaults={
                "name": f"Demo peer organisation {number}",
                "kind": Organisation.Kind.OTHER
                if number <= OTHER_COMMISSIONERS
                else Organisation.Kind.ICB,
            },
        )
        PeerSharing.objects.update_or_create(
            organisation=peer, defaults={"shared": True, "changed_at": now}
        )
        if peer.assessments.filter(period=period, status=Assessment.Status.SUBMITTED).exists():
            continue
        assessment = Assessment.objects.create(
            organisation=peer,
            title="Mental health co-production self-assessment",
            period=period,
            status=Assessment.Status.SUBMITTED,
            submitted_at=now,
        )
        score = scoring.score_assessment(_answers(rng, maturity, stages), positions, stages=stages)
        SubmittedResult.objects.filter(assessment=assessment).delete()
        result_row(assessment, score, names, scored_at=now).save(force_insert=True)
