"""An assessment's lived-experience panel, its members' ratings and the answers agreed
between the panel and the commissioners.

Anonymity is kept by the schema as well as the pages: a rating belongs to a
``PanelMember`` row, which names its account only so that the member can sign in and
resume; nothing shown to anyone else joins a rating to an account. Ratings keep no
history (a history row would record who rated what); agreed answers do, since who agreed
what and when is the record a Board asks for.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from coprod_grid.models import Activity

from ..model_parts import frequency_rules, history_user, known, person
from ..models import TEXT_MAX_LENGTH, Assessment, Frequency, Invitation


class Panel(models.Model):
    """One per assessment, made when its first panel member is invited."""

    class Headline(models.TextChoices):
        COMMISSIONERS = "commissioners", "The commissioners' view"
        AGREED = "agreed", "The agreed view"

    assessment = models.OneToOneField(
        Assessment, models.CASCADE, primary_key=True, related_name="panel"
    )
    #: When the lead let the members who have rated see the comparison; None: not yet.
    opened_at = models.DateTimeField(null=True, blank=True)
    headline = models.CharField(max_length=20, choices=Headline.choices, default="commissioners")
    updated_by = person()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        constraints = [known("headline", ["commissioners", "agreed"], "panel_headline_known")]

    def __str__(self) -> str:
        return f"Panel of {self.assessment}"

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None


class PanelMember(models.Model):
    """A seat on a panel: a person who accepted an invitation, or a paper rating typed
    in by the lead (``user`` empty). ``version`` is the optimistic lock of their rating,
    so two tabs cannot silently overwrite each other."""

    panel = models.ForeignKey(Panel, models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="panel_seats",
    )
    invitation = models.OneToOneField(
        Invitation, models.SET_NULL, null=True, blank=True, related_name="panel_member"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user"], condition=Q(user__isnull=False), name="one_seat_each"
            ),
        ]

    def __str__(self) -> str:
        return f"Panel member {self.pk} of {self.panel_id}"

    @property
    def is_paper(self) -> bool:
        return self.user_id is None

    @property
    def has_submitted(self) -> bool:
        return self.submitted_at is not None


class PanelAnswer(models.Model):
    """How often one member thinks the organisation does one activity, and at which
    stages, in their own words."""

    member = models.ForeignKey(PanelMember, models.CASCADE, related_name="answers")
    activity = models.ForeignKey(Activity, models.PROTECT, related_name="+")
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    stages = models.JSONField(default=list, blank=True, help_text="Commissioning stage slugs")
    comment = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity__category__order", "activity__slug"]
        constraints = [
            models.UniqueConstraint(fields=["member", "activity"], name="one_rating_each"),
            *frequency_rules("rating", Frequency.values),
        ]

    def __str__(self) -> str:
        return f"{self.activity.slug}: {self.frequency}"


class AgreedAnswer(models.Model):
    """The answer the lead records as agreed between the panel and the commissioners for
    one activity, with why. It replaces the commissioners' answer in the agreed result."""

    panel = models.ForeignKey(Panel, models.CASCADE, related_name="agreed")
    activity = models.ForeignKey(Activity, models.PROTECT, related_name="+")
    frequency = models.CharField(max_length=12, choices=Frequency.choices)
    stages = models.JSONField(default=list, blank=True, help_text="Commissioning stage slugs")
    note = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_MAX_LENGTH)])
    updated_by = person()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["activity__category__order", "activity__slug"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "activity"], name="one_agreement_each"),
            *frequency_rules("agreed", Frequency.values),
        ]

    def __str__(self) -> str:
        return f"{self.activity.slug}: agreed {self.frequency}"
