"""The catalogue each process keeps in memory is read again whenever the catalogue changes,
however it changes, and never confused with an older one."""

import pytest
from django.db import transaction
from django.urls import reverse

from coprod_grid import catalogue
from coprod_grid.models import Activity, CommissioningStage, DiscussionPoint

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_read_once_while_it_does_not_change(django_assert_num_queries):
    catalogue.forget_catalogue()
    first = catalogue.active_activities()
    with django_assert_num_queries(1):  # only "has it changed?"
        again = catalogue.active_activities()
    assert again is first


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda a: a.save(), id="save"),
        pytest.param(
            lambda a: Activity.objects.filter(pk=a.pk).update(name="Renamed"), id="update"
        ),
        pytest.param(lambda a: Activity.objects.bulk_update([a], ["name"]), id="bulk_update"),
        pytest.param(lambda a: a.typical_stages.clear(), id="typical stages"),
        pytest.param(
            lambda a: DiscussionPoint.objects.create(category=a.category, text="New"),
            id="another model",
        ),
        pytest.param(
            lambda a: DiscussionPoint.objects.filter(category=a.category).first().delete(),
            id="delete",
        ),
    ],
)
def test_every_kind_of_change_gives_a_new_token(change):
    activity = Activity.objects.select_related("category").first()
    before = catalogue.catalogue_token()
    change(activity)
    assert catalogue.catalogue_token() not in (None, before)


def test_a_change_is_seen_at_once():
    first = catalogue.active_activities()
    activity = Activity.objects.get(pk=first[0].pk)
    activity.name = "A renamed activity"
    activity.save()
    assert catalogue.active_activities()[0].name == "A renamed activity"


def test_a_rolled_back_change_is_never_mistaken_for_the_catalogue():
    before = catalogue.catalogue_token()
    with transaction.atomic():
        CommissioningStage.objects.update(name="Never committed")
        uncommitted = catalogue.commissioning_stages()  # memoised under the new token
        assert {stage.name for stage in uncommitted} == {"Never committed"}
        transaction.set_rollback(True)
    assert catalogue.catalogue_token() == before
    stages = catalogue.commissioning_stages()
    assert stages is not uncommitted
    assert "Never committed" not in {stage.name for stage in stages}


def test_the_grid_page_shows_an_admin_edit_at_once(client):
    client.get(reverse("grid"))
    activity = Activity.objects.active().first()
    activity.name = "Quarterly listening events"
    activity.save()
    assert "Quarterly listening events" in client.get(reverse("grid")).content.decode()


def test_without_a_token_nothing_is_memoised(django_assert_num_queries):
    from coprod_grid.models import CatalogueVersion

    CatalogueVersion.objects.all().delete()
    catalogue.active_activities()
    with django_assert_num_queries(2):  # the token, then the activities themselves
        catalogue.active_activities()
