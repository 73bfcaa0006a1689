"""The record of changes to how an account signs in: who, what and when.

Invitations keep their own history (``assessments.Invitation.history``); everything else
that changes how a person signs in (a password reset or change, two-factor set-up or
removal, new recovery codes, a recovery code used) is an ``AccountEvent``. Rows are
only ever added: admin shows them read-only, and the account page shows a person
their own.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class EventKind(models.TextChoices):
    PASSWORD_RESET = "password-reset", "Password reset by email"
    PASSWORD_CHANGED = "password-changed", "Password changed"
    TWO_FACTOR_ADDED = "two-factor-added", "Two-factor sign-in set up"
    TWO_FACTOR_REMOVED = "two-factor-removed", "Two-factor sign-in removed"
    RECOVERY_CODES_REPLACED = "recovery-codes-replaced", "New recovery codes made"
    RECOVERY_CODE_USED = "recovery-code-used", "Signed in with a recovery code"


class AccountEvent(models.Model):
    Kind = EventKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="account_events"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # Who made the change: the person themself, or staff acting for them. Kept empty if
    # that account is ever removed.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"], name="account_event_user_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=EventKind.values),
                name="account_event_kind_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.user}, {self.at:%Y-%m-%d %H:%M})"
