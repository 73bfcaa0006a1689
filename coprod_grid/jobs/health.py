"""Is the background worker keeping up?

A task that has been ready to run for longer than ``TASK_WORKER_STALE_SECONDS`` means no
worker is taking tasks (or too few are). ``/healthz`` asks this in its one query, which
is also its check that the database answers.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max


def waiting_since(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.TASK_WORKER_STALE_SECONDS)


def worker_is_behind() -> bool:
    """One query: any task ready for longer than the limit? A task with no ``run_after``
    is ready from when it was enqueued; a deferred one from its ``run_after``."""
    cutoff = waiting_since(timezone.now())
    waiting = Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
    return DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(waiting).exists()
