"""How long the service keeps its records of sign-ins, and their pruning.

django-axes records every sign-in: each successful one (``AccessLog``: username, internet
address, browser, when, and when the person signed out), the failures it counts towards a
lock-out (``AccessAttempt``, one row per username and address, with the time of the last
failure) and, when ``AXES_ENABLE_ACCESS_FAILURE_LOG`` is on, one row per failure
(``AccessFailureLog``). Axes itself deletes none of them on its own schedule: successful
sign-ins were kept forever.

They are kept for ``SIGN_IN_RECORDS_KEPT``, 90 days: long enough to look into a suspicious
sign-in that a person, their organisation or a quarterly review notices weeks later, and to
see a slow password-guessing campaign across usernames; after that an address and a
browser say nothing that protects an account, so they go. The privacy notice states the
period from this constant (``templatetags/sign_in_records.py``).

``sign_in_records_prune`` deletes older records; the ``prune_sign_in_records`` command and
task run it, once a day (django-tasks has no scheduler: cron or a systemd timer runs the
command, see the README). A failure count is never deleted while it could still lock
someone out: not before axes' cool-off has passed, and never with no cool-off (a lock-out
that only staff lift).

``AccountEvent`` rows are not pruned: they are the account's audit trail of changes to how
it signs in (who reset the password, set up or removed two-factor sign-in), kept as long as
the account, as the privacy notice says.
"""

from datetime import datetime, timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

SIGN_IN_RECORDS_KEPT = timedelta(days=90)


def _delete(queryset: QuerySet, model: type[Model]) -> int:
    # The count of the model's own rows, not of the rows deleted with them by cascade
    # (an attempt's ``AccessAttemptExpiration``).
    _, per_model = queryset.delete()
    return per_model.get(model._meta.label, 0)


def _attempts_cutoff(now: datetime) -> datetime | None:
    """Failure counts last changed before this may go; None: keep them all."""
    try:
        cool_off = get_cool_off()
    except Exception:  # a cool-off computed per request: it cannot be known here
        return None
    if cool_off is None:
        return None
    return now - max(SIGN_IN_RECORDS_KEPT, cool_off)


@transaction.atomic
def sign_in_records_prune(*, now: datetime | None = None) -> dict[str, int]:
    """Delete the sign-in records older than ``SIGN_IN_RECORDS_KEPT``; how many of each."""
    now = now or timezone.now()
    cutoff = now - SIGN_IN_RECORDS_KEPT
    counts = {
        "successful": _delete(AccessLog.objects.filter(attempt_time__lt=cutoff), AccessLog),
        "failed": _delete(
            AccessFailureLog.objects.filter(attempt_time__lt=cutoff), AccessFailureLog
        ),
        "failure_counts": 0,
    }
    attempts_cutoff = _attempts_cutoff(now)
    if attempts_cutoff is not None:
        counts["failure_counts"] = _delete(
            AccessAttempt.objects.filter(attempt_time__lt=attempts_cutoff), AccessAttempt
        )
    return counts
