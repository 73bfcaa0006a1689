"""The background task that prunes old sign-in records (coprod_grid/accounts/retention.py).

django-tasks runs a task when something enqueues it and has no scheduler, so the daily run
is the ``prune_sign_in_records`` command from cron or a systemd timer (see the README);
this task is for enqueuing the same work from code, its result kept under "Task results"
in admin. Written against the ``django_tasks`` backport as Django 6's ``django.tasks``
spells it."""

from django_tasks import task

from .retention import sign_in_records_prune


@task()
def prune_sign_in_records() -> dict[str, int]:
    return sign_in_records_prune()
