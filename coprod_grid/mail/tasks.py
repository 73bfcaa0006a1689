"""Sending an email as a background task, retried when it fails.

The message arrives already rendered (JSON: the task runs in another process), and the
task only talks to the mail server. A failure (the server down, refusing, timing out)
fails this attempt, so its error stays in the task's result, and enqueues the next
attempt ``RETRY_DELAYS`` later: three attempts in all, after 1 and then 5 minutes. The
third failure is final: staff find it, with its traceback, under "Task results" in
admin (coprod_grid/jobs/admin.py).

Written against the ``django_tasks`` backport exactly as Django 6's ``django.tasks``
spells it, so moving is changing the import.
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# The wait before the second and the third attempt.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


class EmailNotSent(Exception):
    """The last attempt failed too: nothing more will be tried."""


def deliver(message: dict) -> None:
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["text"],
        from_email=message["from_email"],
        to=[message["to"]],
    )
    email.attach_alternative(message["html"], "text/html")
    email.send()


def retry(message: dict, attempt: int) -> None:
    """Enqueue the next attempt after its delay (at once on a backend that cannot defer,
    such as the immediate one in tests)."""
    next_try = send_email
    if next_try.get_backend().supports_defer:
        next_try = next_try.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
    next_try.enqueue(message=message, attempt=attempt + 1)


@task()
def send_email(*, message: dict, attempt: int = 1) -> None:
    try:
        deliver(message)
    except Exception as error:
        if attempt >= MAX_ATTEMPTS:
            raise EmailNotSent(f"Gave up after {attempt} attempts: {error}") from error
        logger.warning("Email attempt %d of %d failed: %s", attempt, MAX_ATTEMPTS, error)
        retry(message, attempt)
        raise


@task()
def send_nothing(*, message: dict, attempt: int = 1) -> None:
    """The same enqueue as ``send_email`` for a request that must look as if it sent a
    message (a password reset for an address with no account), without sending it."""
    return None
