"""The principles as catalogue data: the fixture's rows, the admin that curates them, and
the catalogue's memo that must notice their changes."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from coprod_grid import catalogue
from coprod_grid.models import LEDGER_EVIDENCE, Activity, Category, Principle

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "catalogue.json"
STATUTORY_2022 = [
    "Ensure people and communities have an active role in decision-making and governance",
    "Involve people and communities at every stage and feed back to them about how it has "
    "influenced activities and decisions",
    "Understand your community's needs, experience, ideas and aspirations for health and "
    "care, using engagement to find out if change is having the desired effect",
    "Build relationships with excluded groups, especially those affected by inequalities",
    "Work with Healthwatch and the voluntary, community and social enterprise (VCSE) sector "
    "as key partners",
    "Provide clear and accessible public information about vision, plans and progress, to "
    "build understanding and trust",
    "Use community development approaches that empower people and communities, making "
    "connections to social action",
    "Use co-production, insight and engagement to achieve accountable health and care services",
    "Co-produce and redesign services and tackle system priorities in partnership with people "
    "and communities",
    "Learn from what works and build on the assets of all partners in the ICS – networks, "
    "relationships, activity in local places",
]


def fixture_principles() -> list[dict]:
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [row["fields"] for row in rows if row["model"] == "coprod_grid.principle"]


def test_the_fixture_has_the_ten_2022_principles_in_their_words_and_the_five_4pi():
    principles = catalogue.principles()
    statutory = [p for p in principles if p.framework == Principle.Framework.STATUTORY_2022]
    nsun = [p for p in principles if p.framework == Principle.Framework.NSUN_4PI]
    assert [p.name for p in statutory] == STATUTORY_2022
    assert [p.order for p in statutory] == list(range(1, 11))
    assert [p.name for p in nsun] == ["Principles", "Purpose", "Presence", "Process", "Impact"]
    # The 2022 guidance first, then the 4Pi: the order every page and the export use.
    assert [p.framework for p in principles] == ["statutory-2022"] * 10 + ["nsun-4pi"] * 5


def test_the_fixture_maps_only_known_slugs_and_ledger_keys_and_each_principle_to_something():
    activities = set(Activity.objects.values_list("slug", flat=True))
    categories = set(Category.objects.values_list("slug", flat=True))
    rows = fixture_principles()
    assert len(rows) == 15
    for row in rows:
        assert {slug for (slug,) in row["activities"]} <= activities, row["slug"]
        assert {slug for (slug,) in row["categories"]} <= categories, row["slug"]
        assert set(row["ledger_fields"]) <= set(LEDGER_EVIDENCE), row["slug"]
        assert row["activities"] or row["categories"] or row["ledger_fields"], row["slug"]
        assert len(row["slug"]) <= 30 and row["description"], row["slug"]


def test_the_mappings_the_issue_names():
    by_slug = {p.slug: p for p in catalogue.principles()}
    first, second = by_slug["decision-making-and-governance"], by_slug["every-stage-and-feedback"]
    assert "governance-arrangements" in first.categories
    assert "member-of-decision-making-forums" in first.activities
    assert {"fed-back", "stage"} <= set(second.ledger_fields)
    assert set(by_slug["4pi-impact"].ledger_fields) == {
        "acted-on",
        "decision-changed",
        "service-changed",
        "fed-back",
    }


def test_the_principles_load_into_a_database_without_them():
    Principle.objects.all().delete()
    call_command("loaddata", "catalogue", verbosity=0)
    assert Principle.objects.count() == 15
    first = Principle.objects.get(slug="decision-making-and-governance")
    assert set(first.categories.values_list("slug", flat=True)) == {"governance-arrangements"}
    # Loading again updates by natural key rather than adding rows.
    call_command("loaddata", "catalogue", verbosity=0)
    assert Principle.objects.count() == 15


def test_principles_are_read_in_three_queries_then_only_the_token(django_assert_num_queries):
    catalogue.forget_catalogue()
    with django_assert_num_queries(4):  # the token, the principles and their two relations
        first = catalogue.principles()
    with django_assert_num_queries(1):
        assert catalogue.principles() is first


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: p.save(), id="save"),
        pytest.param(lambda p: Principle.objects.filter(pk=p.pk).update(order=99), id="update"),
        pytest.param(
            lambda p: p.activities.add(Activity.objects.get(slug="surveys-and-questionnaires")),
            id="activities",
        ),
        pytest.param(lambda p: p.categories.clear(), id="categories"),
        pytest.param(lambda p: p.delete(), id="delete"),
    ],
)
def test_every_change_to_a_principle_gives_a_new_token(change):
    principle = Principle.objects.get(slug="decision-making-and-governance")
    before = catalogue.catalogue_token()
    change(principle)
    assert catalogue.catalogue_token() not in (None, before)


def test_a_changed_mapping_is_seen_at_once():
    catalogue.principles()
    principle = Principle.objects.get(slug="excluded-groups")
    principle.activities.add(Activity.objects.get(slug="surveys-and-questionnaires"))
    fresh = {p.slug: p for p in catalogue.principles()}["excluded-groups"]
    assert "surveys-and-questionnaires" in fresh.activities


# The admin ---------------------------------------------------------------------------------
@pytest.fixture
def curator_client(client):
    client.force_login(
        get_user_model().objects.create_superuser(
            "principles-curator", "curator@example.org", "a long curator password"
        )
    )
    return client


def add_form(**changes) -> dict:
    data = {
        "name": "Pay people for their time",
        "slug": "pay-people",
        "framework": "nsun-4pi",
        "order": "6",
        "description": "People are paid fairly for the time they give.",
        "source": "Test source (2026)",
        "activities": [str(Activity.objects.get(slug="substantive-involvement-post").pk)],
        "categories": [str(Category.objects.get(slug="co-design").pk)],
        "ledger_fields": ["fed-back", "heard"],
    }
    data.update(changes)
    return data


def test_the_admin_saves_a_principle_with_its_mapping_and_keeps_its_history(curator_client):
    response = curator_client.post(reverse("admin:coprod_grid_principle_add"), add_form())
    assert response.status_code == 302
    principle = Principle.objects.get(slug="pay-people")
    # Kept in the list's order, whatever order the boxes were ticked in.
    assert principle.ledger_fields == ["heard", "fed-back"]
    assert list(principle.activities.values_list("slug", flat=True)) == [
        "substantive-involvement-post"
    ]
    assert list(principle.categories.values_list("slug", flat=True)) == ["co-design"]
    # The history keeps the mapping too (a record per save and per relation changed).
    latest = principle.history.first()
    assert latest.history_user.username == "principles-curator"
    assert [row.activity.slug for row in latest.activities.all()] == [
        "substantive-involvement-post"
    ]
    assert [row.category.slug for row in latest.categories.all()] == ["co-design"]
    history = curator_client.get(
        reverse("admin:coprod_grid_principle_history", args=[principle.pk])
    )
    assert history.status_code == 200


def test_the_admin_shows_ledger_evidence_as_checkboxes_and_lists_in_framework_order(
    curator_client,
):
    page = curator_client.get(reverse("admin:coprod_grid_principle_add")).content.decode()
    for key in LEDGER_EVIDENCE:
        assert f'type="checkbox" name="ledger_fields" value="{key}"' in page
    listing = curator_client.get(reverse("admin:coprod_grid_principle_changelist"))
    assert listing.status_code == 200
    names = [p.name for p in listing.context["cl"].result_list]
    assert names[0] == STATUTORY_2022[0] and names[-1] == "Impact"


def test_the_admin_refuses_an_unknown_ledger_key(curator_client):
    response = curator_client.post(
        reverse("admin:coprod_grid_principle_add"), add_form(ledger_fields=["heard", "rumour"])
    )
    assert response.status_code == 200
    assert "rumour is not one of the available choices" in response.content.decode()
    assert not Principle.objects.filter(slug="pay-people").exists()


def test_the_model_refuses_an_unknown_ledger_key_however_it_is_saved():
    from django.core.exceptions import ValidationError

    principle = Principle(
        slug="x", framework="nsun-4pi", order=9, name="X", description="X", source="X"
    )
    principle.ledger_fields = ["rumour"]
    with pytest.raises(ValidationError, match="rumour"):
        principle.full_clean()


def test_the_slug_cannot_change_once_saved(curator_client):
    principle = Principle.objects.get(slug="4pi-impact")
    page = curator_client.get(reverse("admin:coprod_grid_principle_change", args=[principle.pk]))
    assert 'name="slug"' not in page.content.decode()
