"""Bad input never breaks the panel's forms: a member's rating, the lead's invitation,
headline and agreed answer get the same random, huge, unicode and HTML/JS values as
every other form (tests/assessments/test_fuzz_forms.py). The answer is always a clean
save or the page again with an NHS error summary, never a 500, and user text is always
escaped."""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from assessments.models import Frequency
from assessments.panel.rating import rating_categories
from coprod_grid.models import CommissioningStage
from tests.assessments.test_fuzz_forms import check_page, current, fuzz, post, some, text
from tests.assessments.world import build_world, request

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def stages() -> list[str]:
    return list(CommissioningStage.objects.values_list("slug", flat=True))


@fuzz
@given(data=st.data())
def test_a_rating_section(world, data):
    category = rating_categories()[0]
    seat = world.seat
    seat.refresh_from_db()
    url = reverse("assessments:rating-section", args=[seat.pk, category.slug])
    form = {"version": data.draw(current(seat.version))}
    for activity in category.all_activities:
        frequency = data.draw(st.one_of(st.sampled_from([*Frequency.values, ""]), text))
        form[f"{activity.slug}-frequency"] = frequency
        form[f"{activity.slug}-stages"] = data.draw(some(stages()))
        form[f"{activity.slug}-comment"] = data.draw(text)
    form.update(data.draw(st.dictionaries(st.text(max_size=30), text, max_size=3)))
    if data.draw(st.booleans()):
        form["save-later"] = ""
    post(world, url, form, "panel rating section", user=world.panellist)


@fuzz
@given(email=text)
def test_invite_to_the_panel(world, email):
    url = reverse("assessments:panel", args=[world.submitted.pk])
    post(world, url, {"email": email}, "panel invitation")


@fuzz
@given(headline=st.one_of(st.sampled_from(["commissioners", "agreed"]), text), opening=text)
def test_the_headline_and_opening(world, headline, opening):
    headline_url = reverse("assessments:panel-headline", args=[world.submitted.pk])
    check_page(request("POST", headline_url, world.lead, {"headline": headline}), "panel headline")
    open_url = reverse("assessments:panel-open", args=[world.submitted.pk])
    check_page(request("POST", open_url, world.lead, {"open": opening}), "panel open")


@fuzz
@given(
    frequency=st.one_of(st.sampled_from([*Frequency.values, ""]), text),
    data=st.data(),
    note=text,
)
def test_an_agreed_answer(world, frequency, data, note):
    url = reverse("assessments:panel-agreed", args=[world.submitted.pk, world.rated_activity])
    valid = st.just([]) if frequency == "none" else st.lists(st.sampled_from(stages()), unique=True)
    form = {
        "frequency": frequency,
        "stages": data.draw(st.one_of(valid, some(stages()))),
        "note": note,
    }
    post(world, url, form, "agreed answer")
