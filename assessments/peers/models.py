"""Whether an organisation shares its results with its peers.

Off by default: an organisation with no row does not share. The row is kept when a lead
withdraws (``shared`` false), so its history says who shared or withdrew and when.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from ..model_parts import history_user, person
from ..models import Organisation


class PeerSharing(models.Model):
    organisation = models.OneToOneField(
        Organisation, models.CASCADE, primary_key=True, related_name="peer_sharing"
    )
    shared = models.BooleanField(default=False)
    #: Who last opted in or out (``history_user`` reads it when there is no request).
    updated_by = person(blank=True)
    changed_at = models.DateTimeField()
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = "peer sharing"
        verbose_name_plural = "peer sharing"

    def __str__(self) -> str:
        return f"{self.organisation_id}: {'shared' if self.shared else 'not shared'}"
