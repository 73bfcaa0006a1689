"""Opting an organisation in to the peer comparison and out of it: the lead only. Both
write the sharing row's history (who and when)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..access import require_lead
from ..models import Membership, Organisation
from .models import PeerSharing


def sharing_of(organisation: Organisation) -> PeerSharing | None:
    return PeerSharing.objects.filter(organisation=organisation).first()


def is_sharing(organisation: Organisation) -> bool:
    return PeerSharing.objects.filter(organisation=organisation, shared=True).exists()


@transaction.atomic
def peer_sharing_set(*, membership: Membership, shared: bool) -> PeerSharing:
    """Share the lead's organisation's results with its peers, or stop sharing them.
    Withdrawing takes the organisation out of every comparison at once (the cache's
    token includes the sharing table's latest change)."""
    require_lead(membership=membership)
    sharing = (
        PeerSharing.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id)
        .first()
    ) or PeerSharing(organisation_id=membership.organisation_id)
    sharing.shared = shared
    sharing.changed_at = timezone.now()
    sharing.updated_by_id = membership.user_id
    sharing.save()
    return sharing
