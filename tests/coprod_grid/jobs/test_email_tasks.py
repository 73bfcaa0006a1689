"""Email through the real database backend and worker: a message waits in the queue
until ``db_worker`` sends it; a failing server is tried three times (1 and then 5
minutes apart) and the last failure stays for staff in admin, without the message; and
/healthz says 503 once a task has waited too long for a worker."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from coprod_grid.mail import tasks
from coprod_grid.mail.messages import send_message
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SECRET_LINK = "http://testserver/invitations/not-for-admin-eyes/"


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def send_one() -> None:
    send_message(
        to="ira@example.nhs.uk",
        subject="Join Test ICB",
        template="invitation",
        context={
            "inviter": "Lee Lead",
            "organisation": "Test ICB",
            "role": "Commissioner",
            "link": SECRET_LINK,
            "days": 7,
            "has_account": False,
        },
    )


def run_worker() -> None:
    """The real worker, in this process. It closes "old" database connections between
    tasks, and inside a test's transaction Django counts this one as old (autocommit is
    off): kept open here, as a worker's own process would keep its own."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def make_due(result: DBTaskResult) -> None:
    """Bring a deferred retry forward to now, as if its delay had passed."""
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=timezone.now())


def test_a_message_waits_for_the_worker_and_is_sent_with_both_parts():
    send_one()
    assert mail.outbox == []
    [queued] = DBTaskResult.objects.all()
    assert queued.status == TaskResultStatus.READY
    run_worker()
    [message] = mail.outbox
    assert message.to == ["ira@example.nhs.uk"]
    assert SECRET_LINK in message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html" and SECRET_LINK in html
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_failing_server_is_tried_three_times_then_left_for_staff(client):
    refused = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    with mock.patch.object(tasks, "deliver", side_effect=refused) as deliver:
        send_one()
        run_worker()
        first, second = DBTaskResult.objects.order_by("enqueued_at", "pk")
        assert first.status == TaskResultStatus.FAILED
        assert second.status == TaskResultStatus.READY
        assert second.run_after - timezone.now() > timedelta(seconds=50)
        run_worker()  # not due yet: nothing runs
        assert deliver.call_count == 1
        make_due(second)
        run_worker()
        third = DBTaskResult.objects.order_by("enqueued_at", "pk").last()
        assert third.run_after - timezone.now() > timedelta(minutes=4)
        make_due(third)
        run_worker()
    assert deliver.call_count == 3
    results = DBTaskResult.objects.order_by("enqueued_at", "pk")
    assert [r.status for r in results] == [TaskResultStatus.FAILED] * 3
    assert results.last().exception_class_path == "coprod_grid.mail.tasks.EmailNotSent"
    assert mail.outbox == []

    staff = make_user(is_staff=True)
    client.force_login(staff)
    listing = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert listing.status_code == 200
    assert "EmailNotSent" in listing.content.decode()
    detail = client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[results.last().pk])
    )
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Gave up after 3 attempts" in page
    assert SECRET_LINK not in page  # the message (with its link) is never shown


def test_members_of_the_public_never_see_task_results(client):
    send_one()
    client.force_login(make_user())
    listing = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert listing.status_code == 302


def _age(seconds: int) -> None:
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=seconds))


def test_healthz_reports_a_worker_that_has_not_run_for_too_long(client, settings):
    settings.TASK_WORKER_STALE_SECONDS = 300
    assert client.get("/healthz").status_code == 200
    send_one()
    _age(299)
    assert client.get("/healthz").status_code == 200  # waiting, but not yet too long
    _age(301)
    stale = client.get("/healthz")
    assert stale.status_code == 503
    assert b"worker" in stale.content
    run_worker()
    assert client.get("/healthz").status_code == 200


def test_healthz_counts_a_deferred_task_from_when_it_is_due(client, settings):
    settings.TASK_WORKER_STALE_SECONDS = 300
    send_one()
    _age(3600)
    now = timezone.now()
    DBTaskResult.objects.update(run_after=now + timedelta(minutes=5))
    assert client.get("/healthz").status_code == 200
    DBTaskResult.objects.update(run_after=now - timedelta(seconds=301))
    assert client.get("/healthz").status_code == 503


def test_healthz_says_when_the_database_does_not_answer(client):
    from django.db import DatabaseError

    with mock.patch("coprod_grid.pages.views.worker_is_behind", side_effect=DatabaseError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"
