"""The catalogue's invariants: what the database refuses, and what the fixture promises."""

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction

from coprod_grid import models

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "catalogue.json"
HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
SLUGGED_MODELS = [
    models.Quadrant,
    models.Category,
    models.CommissioningStage,
    models.Activity,
    models.ServiceArea,
    models.NationalFinding,
    models.Barrier,
    models.CaseStudy,
]
ALL_CATALOGUE_MODELS = [
    *SLUGGED_MODELS,
    models.DiscussionPoint,
    models.BarrierQuote,
]


def fixture_rows(model: str) -> list[dict]:
    rows = json.loads(FIXTURE.read_text())
    return [row["fields"] for row in rows if row["model"] == f"coprod_grid.{model}"]


def slug_of(natural_key: list[str]) -> str:
    (slug,) = natural_key
    return slug


# What the database refuses ----------------------------------------------------------------


@pytest.mark.parametrize("field", ["activeness", "embeddedness"])
@pytest.mark.parametrize("value", ["1.5", "-0.1", "1.001"])
def test_the_database_refuses_a_position_outside_0_to_1(field, value):
    activity = models.Activity.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Activity.objects.filter(pk=activity.pk).update(**{field: Decimal(value)})


def test_the_database_refuses_a_new_activity_off_the_grid():
    category = models.Category.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Activity.objects.create(
            slug="off-grid",
            name="Off grid",
            category=category,
            activeness=Decimal("1.5"),
            embeddedness=Decimal("0.5"),
        )


@pytest.mark.parametrize("value", ["0", "0.5", "1"])
def test_the_database_accepts_positions_at_the_edges(value):
    activity = models.Activity.objects.first()
    models.Activity.objects.filter(pk=activity.pk).update(
        activeness=Decimal(value), embeddedness=Decimal(value)
    )
    activity.refresh_from_db()
    assert activity.activeness == Decimal(value)


def test_the_database_refuses_a_duplicate_activity_slug():
    existing = models.Activity.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Activity.objects.create(
            slug=existing.slug,
            name="A copy",
            category=existing.category,
            activeness=Decimal("0.2"),
            embeddedness=Decimal("0.2"),
        )


@pytest.mark.parametrize("model", SLUGGED_MODELS, ids=lambda m: m.__name__)
def test_every_catalogue_slug_is_unique_in_the_database(model):
    first, second = model.objects.all()[:2]
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=second.pk).update(slug=first.slug)


def test_the_database_refuses_a_colour_that_is_not_hex():
    category = models.Category.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Category.objects.filter(pk=category.pk).update(colour="pink")


def test_the_database_refuses_a_second_quadrant_for_the_same_corner():
    with pytest.raises(IntegrityError), transaction.atomic():
        models.Quadrant.objects.create(
            slug="another", name="Another", active=True, embedded=True, rank=5, description="."
        )


def test_the_database_refuses_a_percentage_over_100():
    stage = models.CommissioningStage.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        models.CommissioningStage.objects.filter(pk=stage.pk).update(national_2017_pct=101)


def test_a_category_with_activities_cannot_be_deleted():
    from django.db.models import ProtectedError

    category = models.Category.objects.get(slug="co-design")
    with pytest.raises(ProtectedError), transaction.atomic():
        category.delete()


# What the fixture promises ----------------------------------------------------------------


def test_every_activitys_category_exists():
    categories = {row["slug"] for row in fixture_rows("category")}
    for row in fixture_rows("activity"):
        assert slug_of(row["category"]) in categories, row["slug"]
    assert not models.Activity.objects.filter(category__isnull=True).exists()


def test_every_position_is_on_the_grid():
    for row in fixture_rows("activity"):
        for field in ("activeness", "embeddedness"):
            assert Decimal("0") <= Decimal(row[field]) <= Decimal("1"), (row["slug"], field)
    for activity in models.Activity.objects.all():
        assert 0 <= activity.activeness <= 1
        assert 0 <= activity.embeddedness <= 1


def test_each_quadrant_holds_the_grids_number_of_activities():
    expected = {
        "passive-embedded": 9,
        "passive-isolated": 7,
        "active-embedded": 9,
        "active-isolated": 4,
    }
    from_fixture = Counter(
        models.quadrant_slug_for(
            Decimal(row["activeness"]) >= Decimal("0.5"),
            Decimal(row["embeddedness"]) >= Decimal("0.5"),
        )
        for row in fixture_rows("activity")
    )
    from_database = Counter(a.quadrant_slug for a in models.Activity.objects.all())
    assert from_fixture == expected
    assert from_database == expected


def test_no_activity_sits_exactly_on_a_boundary():
    # An activity at exactly 0.5 would be in a quadrant by convention, not by the Grid.
    for row in fixture_rows("activity"):
        assert Decimal(row["activeness"]) != Decimal("0.5"), row["slug"]
        assert Decimal(row["embeddedness"]) != Decimal("0.5"), row["slug"]


def test_every_category_has_a_hex_colour():
    for row in fixture_rows("category"):
        assert HEX_COLOUR.match(row["colour"]), row["slug"]


def test_category_colours_are_distinct():
    colours = [row["colour"].upper() for row in fixture_rows("category")]
    assert len(set(colours)) == len(colours)


def test_typical_stages_are_real_stages():
    stages = {row["slug"] for row in fixture_rows("commissioningstage")}
    for row in fixture_rows("activity"):
        for stage in row["typical_stages"]:
            assert slug_of(stage) in stages, row["slug"]


def test_category_orders_are_1_to_8():
    orders = [row["order"] for row in fixture_rows("category")]
    assert sorted(orders) == list(range(1, 9))


def test_stage_orders_are_1_to_5():
    orders = [row["order"] for row in fixture_rows("commissioningstage")]
    assert sorted(orders) == list(range(1, 6))


@pytest.mark.parametrize(
    "model",
    [
        "quadrant",
        "category",
        "commissioningstage",
        "activity",
        "servicearea",
        "nationalfinding",
        "barrier",
        "casestudy",
    ],
)
def test_slugs_are_valid_and_unique(model):
    slugs = [row["slug"] for row in fixture_rows(model)]
    assert slugs, model
    for slug in slugs:
        validate_slug(slug)
        assert slug == slug.lower(), slug
    assert len(set(slugs)) == len(slugs)


def test_quadrants_cover_each_corner_once_with_ranks_1_to_4():
    rows = fixture_rows("quadrant")
    assert {(r["active"], r["embedded"]) for r in rows} == {
        (True, True),
        (True, False),
        (False, True),
        (False, False),
    }
    assert sorted(r["rank"] for r in rows) == [1, 2, 3, 4]
    for row in rows:
        assert row["slug"] == models.quadrant_slug_for(row["active"], row["embedded"])


def test_every_barrier_has_quotes():
    barriers = {row["slug"] for row in fixture_rows("barrier")}
    quoted = {slug_of(row["barrier"]) for row in fixture_rows("barrierquote")}
    assert barriers == quoted
    for barrier in models.Barrier.objects.all():
        assert barrier.quotes.exists(), barrier.slug


def test_every_case_studys_category_exists():
    categories = {row["slug"] for row in fixture_rows("category")}
    for row in fixture_rows("casestudy"):
        assert slug_of(row["category"]) in categories, row["slug"]


def test_every_discussion_points_category_exists():
    categories = {row["slug"] for row in fixture_rows("category")}
    for row in fixture_rows("discussionpoint"):
        assert slug_of(row["category"]) in categories


@pytest.mark.parametrize("model", ["commissioningstage", "servicearea", "nationalfinding"])
def test_every_percentage_is_0_to_100(model):
    field = "pct" if model == "nationalfinding" else "national_2017_pct"
    for row in fixture_rows(model):
        assert 0 <= row[field] <= 100, row["slug"]


def test_every_fixture_row_passes_model_validation():
    for model in ALL_CATALOGUE_MODELS:
        for obj in model.objects.all():
            obj.full_clean()


def test_loading_the_fixture_twice_duplicates_nothing():
    def counts() -> dict[str, int]:
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_app_config("coprod_grid").get_models()
        }

    call_command("loaddata", "catalogue", verbosity=0)
    once = counts()
    call_command("loaddata", "catalogue", verbosity=0)
    assert counts() == once
    assert once["coprod_grid.Activity"] == 29
    through = models.Activity.typical_stages.through.objects.count()
    call_command("loaddata", "catalogue", verbosity=0)
    assert models.Activity.typical_stages.through.objects.count() == through
