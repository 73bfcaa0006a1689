"""The catalogue admin, as a curator at Rethink or the NHS uses it."""

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from coprod_grid import models

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "catalogue.json"

CATALOGUE_MODELS = [
    models.Quadrant,
    models.Category,
    models.Activity,
    models.CommissioningStage,
    models.ServiceArea,
    models.NationalFinding,
    models.Barrier,
    models.CaseStudy,
]
ADDABLE_MODELS = [m for m in CATALOGUE_MODELS if m is not models.Quadrant]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:coprod_grid_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def curator(db):
    return get_user_model().objects.create_superuser(
        "curator", "curator@example.org", "a long curator password"
    )


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def activity():
    return models.Activity.objects.get(slug="advisory-forums")


def form_data(response) -> dict:
    """The POST a browser would send back from an admin change form, unchanged."""
    data: dict = {"_save": "Save"}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None:
                data[key] = ""
            elif value is True:
                data[key] = "on"
            elif value is False:
                continue
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)
    return data


def fixture_activities() -> list[dict]:
    rows = json.loads(FIXTURE.read_text())
    return [row["fields"] for row in rows if row["model"] == "coprod_grid.activity"]


# Who may use it ---------------------------------------------------------------------------


@pytest.mark.parametrize("model", CATALOGUE_MODELS, ids=lambda m: m.__name__)
def test_a_curator_sees_every_changelist(curator_client, model):
    response = curator_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ADDABLE_MODELS, ids=lambda m: m.__name__)
def test_a_curator_sees_every_add_page(curator_client, model):
    response = curator_client.get(admin_url(model, "add"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", CATALOGUE_MODELS, ids=lambda m: m.__name__)
def test_a_curator_sees_every_change_page(curator_client, model):
    obj = model.objects.first()
    response = curator_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert "Rethink Mental Illness (2017)" in response.text


def test_the_admin_is_titled_for_the_grid(curator_client):
    response = curator_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Co-production Grid administration" in response.text


def test_a_signed_in_non_staff_user_is_sent_to_the_admin_sign_in(client):
    user = get_user_model().objects.create_user("commissioner", password="a long password 1")
    client.force_login(user)
    url = admin_url(models.Activity, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("model", CATALOGUE_MODELS, ids=lambda m: m.__name__)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, model):
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert "login" in response.url or "sign-in" in response.url


# Activity positions -----------------------------------------------------------------------


@pytest.mark.parametrize("field", ["activeness", "embeddedness"])
@pytest.mark.parametrize("bad", ["1.2", "-0.1", "1.001"])
def test_a_position_outside_0_to_1_is_shown_against_the_field(curator_client, activity, field, bad):
    url = admin_url(models.Activity, "change", activity.pk)
    data = form_data(curator_client.get(url))
    data[field] = bad

    response = curator_client.post(url, data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {field: ["Enter a position between 0 and 1"]}
    assert f'id="id_{field}_error"' in response.text
    assert "Enter a position between 0 and 1" in response.text
    activity.refresh_from_db()
    assert getattr(activity, field) != Decimal(bad)


def test_an_added_activity_outside_the_grid_is_refused(curator_client):
    category = models.Category.objects.get(slug="co-design")
    before = models.Activity.objects.count()
    response = curator_client.post(
        admin_url(models.Activity, "add"),
        {
            "name": "Off the chart",
            "slug": "off-the-chart",
            "category": category.pk,
            "activeness": "0.5",
            "embeddedness": "1.2",
            "national_2017_note": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "embeddedness": ["Enter a position between 0 and 1"]
    }
    assert models.Activity.objects.count() == before


def test_a_valid_change_is_saved(curator_client, activity):
    url = admin_url(models.Activity, "change", activity.pk)
    data = form_data(curator_client.get(url))
    data["activeness"] = "0.650"
    data["typical_stages"] = [str(models.CommissioningStage.objects.get(slug="monitoring").pk)]

    response = curator_client.post(url, data)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.activeness == Decimal("0.65")
    assert activity.quadrant_slug == "active-embedded"
    assert [s.slug for s in activity.typical_stages.all()] == ["monitoring"]
    assert activity.slug == "advisory-forums"


def test_a_new_activity_can_be_added_with_its_slug(curator_client):
    category = models.Category.objects.get(slug="co-design")
    response = curator_client.post(
        admin_url(models.Activity, "add"),
        {
            "name": "Co-designed crisis pathway",
            "slug": "co-designed-crisis-pathway",
            "category": category.pk,
            "activeness": "0.7",
            "embeddedness": "0.3",
            "national_2017_note": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    added = models.Activity.objects.get(slug="co-designed-crisis-pathway")
    assert added.quadrant_slug == "active-isolated"


def test_the_slug_is_read_only_once_saved(curator_client, activity):
    url = admin_url(models.Activity, "change", activity.pk)
    response = curator_client.get(url)
    assert "slug" not in response.context["adminform"].form.fields
    assert 'name="slug"' not in response.text

    data = form_data(response)
    data["slug"] = "renamed"
    curator_client.post(url, data)
    activity.refresh_from_db()
    assert activity.slug == "advisory-forums"


def test_the_slug_is_suggested_from_the_name_when_adding(curator_client):
    response = curator_client.get(admin_url(models.Activity, "add"))
    assert 'name="slug"' in response.text
    assert "prepopulated" in response.text


def test_the_change_page_shows_the_quadrant_beside_the_position(curator_client, activity):
    response = curator_client.get(admin_url(models.Activity, "change", activity.pk))
    assert "Passive and embedded" in response.text


# Activity changelist ----------------------------------------------------------------------


def test_the_changelist_shows_each_activitys_quadrant(curator_client):
    response = curator_client.get(admin_url(models.Activity, "changelist"))
    rows = {a.slug: a.quadrant_name for a in response.context["cl"].result_list}
    assert rows["co-production-standard-adopted"] == "Active and embedded"
    assert rows["analysis-of-complaints"] == "Passive and isolated"
    assert rows["real-time-feedback"] == "Active and isolated"
    assert rows["attend-decision-making-forums"] == "Passive and embedded"


@pytest.mark.parametrize(
    "quadrant", ["active-embedded", "active-isolated", "passive-embedded", "passive-isolated"]
)
def test_the_quadrant_filter_returns_exactly_that_quadrants_activities(curator_client, quadrant):
    expected = {
        row["slug"]
        for row in fixture_activities()
        if models.quadrant_slug_for(
            Decimal(row["activeness"]) >= Decimal("0.5"),
            Decimal(row["embeddedness"]) >= Decimal("0.5"),
        )
        == quadrant
    }
    response = curator_client.get(admin_url(models.Activity, "changelist"), {"quadrant": quadrant})
    assert response.status_code == 200
    assert {a.slug for a in response.context["cl"].result_list} == expected


def test_the_quadrant_filter_puts_a_position_of_exactly_half_on_the_upper_side(
    curator_client, activity
):
    models.Activity.objects.filter(pk=activity.pk).update(
        activeness=Decimal("0.5"), embeddedness=Decimal("0.5")
    )
    response = curator_client.get(
        admin_url(models.Activity, "changelist"), {"quadrant": "active-embedded"}
    )
    assert activity.slug in {a.slug for a in response.context["cl"].result_list}


def test_the_status_filter_separates_retired_activities(curator_client, activity):
    models.Activity.objects.filter(pk=activity.pk).update(is_active=False)
    url = admin_url(models.Activity, "changelist")
    retired = curator_client.get(url, {"status": "retired"}).context["cl"].result_list
    active = curator_client.get(url, {"status": "active"}).context["cl"].result_list
    assert [a.slug for a in retired] == [activity.slug]
    assert activity.slug not in {a.slug for a in active}
    assert len(active) == models.Activity.objects.count() - 1


def test_the_changelist_searches_names_and_slugs(curator_client):
    url = admin_url(models.Activity, "changelist")
    by_name = curator_client.get(url, {"q": "Surveys"}).context["cl"].result_list
    by_slug = curator_client.get(url, {"q": "analysis-of-complaints"}).context["cl"].result_list
    assert [a.slug for a in by_name] == ["surveys-and-questionnaires"]
    assert [a.slug for a in by_slug] == ["analysis-of-complaints"]


def test_activities_cannot_be_deleted(curator_client, activity):
    response = curator_client.get(admin_url(models.Activity, "delete", activity.pk))
    assert response.status_code == 403

    response = curator_client.post(
        admin_url(models.Activity, "delete", activity.pk), {"post": "yes"}
    )
    assert response.status_code == 403
    assert models.Activity.objects.filter(pk=activity.pk).exists()


def test_the_delete_action_is_absent_for_activities(curator_client, activity):
    response = curator_client.get(admin_url(models.Activity, "changelist"))
    actions = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions
    assert {"retire", "reinstate"} <= set(actions)

    response = curator_client.post(
        admin_url(models.Activity, "changelist"),
        {"action": "delete_selected", "_selected_action": [activity.pk], "post": "yes"},
    )
    assert models.Activity.objects.filter(pk=activity.pk).exists()


def test_the_retire_action_retires_the_selected_activities(curator_client):
    chosen = list(
        models.Activity.objects.filter(slug__in=["advisory-forums", "real-time-feedback"])
    )
    response = curator_client.post(
        admin_url(models.Activity, "changelist"),
        {"action": "retire", "_selected_action": [a.pk for a in chosen]},
    )
    assert response.status_code == 302
    assert not models.Activity.objects.filter(pk__in=[a.pk for a in chosen], is_active=True)
    assert models.Activity.objects.filter(is_active=True).count() == 27


def test_the_reinstate_action_brings_activities_back(curator_client, activity):
    models.Activity.objects.filter(pk=activity.pk).update(is_active=False)
    response = curator_client.post(
        admin_url(models.Activity, "changelist"),
        {"action": "reinstate", "_selected_action": [activity.pk]},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.is_active


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_activities(number: int) -> None:
    category = models.Category.objects.get(slug="co-production")
    stage = models.CommissioningStage.objects.get(slug="monitoring")
    for i in range(number):
        added = models.Activity.objects.create(
            slug=f"extra-{i}",
            name=f"Extra activity {i}",
            category=category,
            activeness=Decimal("0.1") + Decimal(i) / 100,
            embeddedness=Decimal("0.9") - Decimal(i) / 100,
        )
        added.typical_stages.add(stage)


@pytest.mark.parametrize("query", ["", "?quadrant=active-embedded", "?status=active&q=co"])
def test_the_activity_changelist_makes_a_bounded_number_of_queries(
    curator_client, django_assert_max_num_queries, query
):
    url = admin_url(models.Activity, "changelist") + query
    curator_client.get(url)  # let the session settle first
    with django_assert_max_num_queries(12):
        curator_client.get(url)
    before = _queries_for(curator_client, url)
    _add_activities(20)
    assert _queries_for(curator_client, url) == before


@pytest.mark.parametrize(
    "model", [models.Category, models.Barrier, models.CaseStudy], ids=lambda m: m.__name__
)
def test_other_changelists_do_not_grow_with_their_rows(
    curator_client, django_assert_max_num_queries, model
):
    url = admin_url(model, "changelist")
    curator_client.get(url)
    with django_assert_max_num_queries(10):
        curator_client.get(url)
    before = _queries_for(curator_client, url)
    _add_activities(10)
    category = models.Category.objects.get(slug="co-design")
    for i in range(5):
        models.CaseStudy.objects.create(
            slug=f"extra-case-{i}", category=category, title=f"Case {i}", source="A CCG", text="."
        )
        barrier = models.Barrier.objects.create(slug=f"extra-barrier-{i}", name="B", order=9 + i)
        models.BarrierQuote.objects.create(barrier=barrier, text="Quote")
    assert _queries_for(curator_client, url) == before


# Categories, quadrants, barriers ----------------------------------------------------------


def test_the_category_changelist_counts_activities(curator_client):
    response = curator_client.get(admin_url(models.Category, "changelist"))
    counts = {c.slug: c.num_activities for c in response.context["cl"].result_list}
    expected = Counter(row["category"][0] for row in fixture_activities())
    assert counts == expected
    assert counts["information-based-activities"] == 8
    assert sum(counts.values()) == 29
    assert "<code>#E69F00</code>" in response.text
    assert 'style="' not in response.text


def test_the_category_page_shows_its_discussion_points_and_case_studies(curator_client):
    category = models.Category.objects.get(slug="leveraging-relationships")
    response = curator_client.get(admin_url(models.Category, "change", category.pk))
    for point in category.discussion_points.all():
        assert escape(point.text) in response.text
    assert "Finding a voice at the CCG through a local carers group" in response.text


def test_a_discussion_point_can_be_edited_and_added_on_the_category_page(curator_client):
    category = models.Category.objects.get(slug="co-design")
    url = admin_url(models.Category, "change", category.pk)
    data = form_data(curator_client.get(url))
    data["discussion_points-0-text"] = "A reworded question?"
    data["discussion_points-TOTAL_FORMS"] = "2"
    data["discussion_points-1-order"] = "2"
    data["discussion_points-1-text"] = "A second question?"
    data["discussion_points-1-category"] = str(category.pk)

    response = curator_client.post(url, data)

    assert response.status_code == 302
    assert [p.text for p in category.discussion_points.order_by("order")] == [
        "A reworded question?",
        "A second question?",
    ]


def test_a_bad_colour_is_refused_with_a_clear_message(curator_client):
    category = models.Category.objects.get(slug="co-design")
    url = admin_url(models.Category, "change", category.pk)
    data = form_data(curator_client.get(url))
    data["colour"] = "pink"
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert "colour" in response.context["adminform"].form.errors
    category.refresh_from_db()
    assert category.colour == "#CC79A7"


def test_quadrants_cannot_be_added_or_deleted(curator_client):
    quadrant = models.Quadrant.objects.get(slug="active-embedded")
    assert curator_client.get(admin_url(models.Quadrant, "add")).status_code == 403
    assert curator_client.get(admin_url(models.Quadrant, "delete", quadrant.pk)).status_code == 403


def test_a_quadrants_description_is_editable_but_its_corner_is_not(curator_client):
    quadrant = models.Quadrant.objects.get(slug="passive-isolated")
    url = admin_url(models.Quadrant, "change", quadrant.pk)
    response = curator_client.get(url)
    assert set(response.context["adminform"].form.fields) == {"name", "description"}

    data = form_data(response)
    data["description"] = "Reworded."
    data["active"] = "on"
    data["embedded"] = "on"
    assert curator_client.post(url, data).status_code == 302
    quadrant.refresh_from_db()
    assert quadrant.description == "Reworded."
    assert (quadrant.active, quadrant.embedded) == (False, False)


def test_a_barrier_shows_its_quotes_inline(curator_client):
    barrier = models.Barrier.objects.get(slug="lack-of-resources")
    response = curator_client.get(admin_url(models.Barrier, "change", barrier.pk))
    assert len(response.context["inline_admin_formsets"][0].formset.forms) == 5
    for quote in barrier.quotes.all():
        assert escape(quote.text) in response.text


def test_case_studies_can_be_filtered_by_category(curator_client):
    category = models.Category.objects.get(slug="co-design")
    response = curator_client.get(
        admin_url(models.CaseStudy, "changelist"), {"category__id__exact": category.pk}
    )
    assert [c.slug for c in response.context["cl"].result_list] == ["tameside-glossop-i-statements"]
