"""A back-up is one consistent picture, and ``backup`` refuses to report success on a file
whose references do not hold (issue 14, finding 2).

The verification is tested by tampering with a back-up's rows; the snapshot is tested on
PostgreSQL by taking back-ups while another connection keeps creating assessments with
actions, which at READ COMMITTED gave actions whose assessment was not in the file.
"""

import threading
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from assessments.actions import services as action_services
from assessments.transfer import backup as backup_module
from assessments.transfer.backup import backup, verify_references
from coprod_grid.models import Activity
from tests.assessments.transfer import test_backup as round_trip
from tests.factories import LEAD, make_assessment, make_member, make_organisation

pytestmark = pytest.mark.django_db(transaction=True)

# The round trip's helpers: a new empty database, ``manage.py`` in its own process.
new_database = round_trip.new_database
read = round_trip.read
_manage = round_trip._manage

IS_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
BACKUPS = 5
ACTIONS_PER_ASSESSMENT = 3


@pytest.fixture(scope="module", autouse=True)
def _catalogue_back_afterwards(django_db_blocker):
    """These tests empty the database; put the catalogue back for the tests after them."""
    yield
    with django_db_blocker.unblock():
        if not Activity.objects.exists():
            call_command("loaddata", "catalogue", verbosity=0)


@pytest.fixture
def catalogue(transactional_db):
    if not Activity.objects.exists():
        call_command("loaddata", "catalogue", verbosity=0)


def small_world():
    organisation = make_organisation("NHS North Integrated Care Board")
    lead = make_member(organisation, LEAD)
    assessment = make_assessment(organisation, lead)
    action = action_services.action_create(
        assessment=assessment, user=lead, data=action_services.ActionData(description="Plan")
    )
    reviewers = Group.objects.create(name="Catalogue reviewers")
    lead.groups.add(reviewers)
    return assessment, action


def test_a_consistent_back_up_verifies(catalogue, tmp_path):
    small_world()
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))
    verify_references(read(path))
    assert not (tmp_path / "backup.json.gz.incomplete").exists()


def test_a_dangling_reference_is_refused_with_model_field_and_ids(catalogue, tmp_path):
    assessment, _action = small_world()
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))
    rows = read(path)
    without_assessments = [row for row in rows if row["model"] != "assessments.assessment"]
    with pytest.raises(CommandError) as refused:
        verify_references(without_assessments)
    message = str(refused.value)
    assert f"assessments.Action.assessment refers to assessments.Assessment {assessment.pk}" in (
        message
    )
    assert message.endswith("not in the back-up")


def test_a_missing_group_is_found_through_its_natural_key(catalogue, tmp_path):
    small_world()
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))
    rows = [row for row in read(path) if row["model"] != "auth.group"]
    with pytest.raises(CommandError, match=r"auth\.User\.groups refers to auth\.Group "):
        verify_references(rows)


def test_backup_keeps_no_file_when_its_output_does_not_verify(catalogue, tmp_path, monkeypatch):
    """A back-up whose references fail is not reported, and not left where a good one is
    expected: the previous file at that path stays as it was, and nothing else is left."""
    small_world()
    path = tmp_path / "backup.json.gz"
    path.write_bytes(b"yesterday's back-up")
    rows = backup_module._rows

    def without_assessments(model):
        return iter(()) if model._meta.label == "assessments.Assessment" else rows(model)

    monkeypatch.setattr(backup_module, "_rows", without_assessments)
    with pytest.raises(CommandError, match=r"not consistent.*assessments\.Action\.assessment"):
        call_command("backup", str(path))
    assert path.read_bytes() == b"yesterday's back-up"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.json.gz"]


def test_backup_inside_a_callers_transaction_still_works(catalogue, tmp_path):
    """PostgreSQL refuses SET TRANSACTION after a query, so inside an atomic block that
    has run one the back-up uses the caller's transaction as it is."""
    small_world()
    path = tmp_path / "backup.json.gz"
    with transaction.atomic():
        get_user_model().objects.count()
        counts = backup(path)
    assert counts["assessments.Action"] == 1
    verify_references(read(path))


@pytest.mark.skipif(
    not IS_POSTGRESQL,
    reason="Needs a second writer committing while the back-up reads: SQLite serialises "
    "writers on one file lock (and our BEGIN IMMEDIATE makes the back-up hold it), so it "
    "cannot interleave them. Run with DATABASE_URL=postgres://…",
)
def test_backups_taken_while_people_work_are_consistent_and_restore(
    catalogue, tmp_path, new_database
):
    organisation = make_organisation("NHS Busy Integrated Care Board")
    lead = make_member(organisation, LEAD)
    stop = threading.Event()
    created = [0]
    errors: list[BaseException] = []

    def keep_creating() -> None:
        """Like a client at work: each assessment and its actions in one transaction,
        the assessment first, as fast as the database allows."""
        try:
            while not stop.is_set():
                with transaction.atomic():
                    assessment = make_assessment(
                        organisation, lead, title=f"Plan {created[0]}", period="2026/27"
                    )
                    for number in range(ACTIONS_PER_ASSESSMENT):
                        action_services.action_create(
                            assessment=assessment,
                            user=lead,
                            data=action_services.ActionData(description=f"Action {number}"),
                        )
                created[0] += 1
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=keep_creating, daemon=True)
    writer.start()
    paths, refused, during = [], [], []
    try:
        while created[0] < 3 and writer.is_alive():  # the writer is under way
            time.sleep(0.01)
        for number in range(BACKUPS):
            path = tmp_path / f"backup-{number}.json.gz"
            before = created[0]
            try:
                backup(path)
            except CommandError as error:
                refused.append(str(error))
                continue
            finally:
                during.append(created[0] - before)
            paths.append(path)
    finally:
        stop.set()
        writer.join(60)
    assert not writer.is_alive(), "the writer is stuck"
    assert not errors, errors
    # The test means something only if assessments were committed during the back-ups.
    assert all(count > 0 for count in during), during
    assert not refused, refused
    for path in paths:
        verify_references(read(path))

    # One of them restores, as the README says: a new database, migrate, restore.
    migrated = _manage("migrate", "--no-input", database_url=new_database)
    assert migrated.returncode == 0, migrated.stderr
    restored = _manage("restore", str(paths[-1]), database_url=new_database)
    assert restored.returncode == 0, restored.stderr + restored.stdout
