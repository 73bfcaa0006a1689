"""Sign-in records (django-axes) are kept for the period the privacy notice states and
pruned after it, by a command run daily and a task; the account's audit trail is kept."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coprod_grid.accounts.models import AccountEvent
from coprod_grid.accounts.retention import SIGN_IN_RECORDS_KEPT, sign_in_records_prune
from coprod_grid.accounts.tasks import prune_sign_in_records
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()
OLD = NOW - SIGN_IN_RECORDS_KEPT - timedelta(hours=1)
RECENT = NOW - SIGN_IN_RECORDS_KEPT + timedelta(hours=1)


def at(model, when, username: str, **fields):
    """A record as axes makes it, then dated ``when`` (``attempt_time`` is auto_now_add)."""
    common = {"user_agent": "Firefox", "ip_address": "192.0.2.1", "http_accept": "*/*"}
    row = model.objects.create(username=username, path_info="/sign-in/", **common, **fields)
    model.objects.filter(pk=row.pk).update(attempt_time=when)
    return row


def records(when, username: str) -> None:
    at(AccessLog, when, username)
    at(AccessFailureLog, when, username, locked_out=False)
    at(AccessAttempt, when, username, get_data="", post_data="", failures_since_start=1)


def usernames(model) -> set[str]:
    return set(model.objects.values_list("username", flat=True))


def test_records_older_than_the_period_are_pruned_and_recent_ones_kept():
    records(OLD, "old")
    records(RECENT, "recent")

    counts = sign_in_records_prune(now=NOW)

    assert counts == {"successful": 1, "failed": 1, "failure_counts": 1}
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        assert usernames(model) == {"recent"}, model.__name__


def test_pruning_twice_deletes_nothing_more():
    records(OLD, "old")
    sign_in_records_prune(now=NOW)
    assert sign_in_records_prune(now=NOW) == {"successful": 0, "failed": 0, "failure_counts": 0}


def test_a_failure_count_is_kept_while_it_could_still_lock_someone_out(settings):
    # A cool-off longer than the period: the count must outlive the period.
    settings.AXES_COOLOFF_TIME = SIGN_IN_RECORDS_KEPT + timedelta(days=30)
    records(OLD, "old")

    counts = sign_in_records_prune(now=NOW)

    assert counts["failure_counts"] == 0
    assert usernames(AccessAttempt) == {"old"}
    assert usernames(AccessLog) == set()


def test_with_no_cool_off_lock_outs_are_never_pruned(settings):
    settings.AXES_COOLOFF_TIME = None  # locked until staff lift it
    records(OLD, "old")

    assert sign_in_records_prune(now=NOW)["failure_counts"] == 0
    assert usernames(AccessAttempt) == {"old"}


def test_the_accounts_audit_trail_is_kept():
    user = make_user()
    event = AccountEvent.objects.create(
        user=user, kind=AccountEvent.Kind.PASSWORD_CHANGED, actor=user, at=OLD
    )
    records(OLD, user.username)

    sign_in_records_prune(now=NOW)

    assert AccountEvent.objects.filter(pk=event.pk).exists()


def test_the_command_prunes_and_prints_the_counts():
    records(timezone.now() - SIGN_IN_RECORDS_KEPT - timedelta(days=1), "old")
    at(AccessLog, timezone.now() - SIGN_IN_RECORDS_KEPT - timedelta(days=2), "older")
    records(timezone.now(), "today")
    out = StringIO()

    call_command("prune_sign_in_records", stdout=out)

    assert out.getvalue().strip() == (
        f"Deleted sign-in records older than {SIGN_IN_RECORDS_KEPT.days} days: "
        "2 successful sign-ins, 1 failed sign-ins, 1 failure counts."
    )
    assert usernames(AccessLog) == {"today"}


def test_the_task_prunes_and_returns_the_counts():
    records(timezone.now() - SIGN_IN_RECORDS_KEPT - timedelta(days=1), "old")

    result = prune_sign_in_records.enqueue()

    assert result.return_value == {"successful": 1, "failed": 1, "failure_counts": 1}
    assert not AccessLog.objects.exists()


def test_the_privacy_notice_states_the_period_for_successful_and_failed_sign_ins(client):
    response = client.get(reverse("privacy"))

    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert (
        f"Records of sign-ins, successful and failed, are kept for "
        f"{SIGN_IN_RECORDS_KEPT.days} days and then deleted automatically"
    ) in text
    assert "each sign-in to your account, successful or failed" in text
    assert "kept as long as your account" in text
