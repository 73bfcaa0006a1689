"""A plan holds at most ``MAX_ACTIONS`` actions (issue 14, finding 6): the limit bounds
what one assessment can make the PDF report cost."""

import pytest
from django.urls import reverse

from assessments.actions import services
from assessments.actions.services import MAX_ACTIONS, ActionData, ActionLimitReached
from assessments.models import Action
from tests.factories import make_assessment

pytestmark = pytest.mark.django_db

FULL = (
    f"This plan already has {MAX_ACTIONS} actions. Mark some done and remove them, "
    "or combine them, before adding another"
)


def fill(assessment, count: int) -> None:
    Action.objects.bulk_create(
        Action(assessment=assessment, description=f"Action {number}") for number in range(count)
    )


@pytest.fixture
def assessment(organisation, lead):
    return make_assessment(organisation, lead)


def test_the_limit_is_a_hundred():
    assert MAX_ACTIONS == 100


def test_the_hundredth_action_is_added(assessment, lead):
    fill(assessment, MAX_ACTIONS - 1)
    services.action_create(assessment=assessment, user=lead, data=ActionData("The hundredth"))
    assert assessment.actions.count() == MAX_ACTIONS


def test_the_hundred_and_first_is_refused(assessment, lead):
    fill(assessment, MAX_ACTIONS)
    with pytest.raises(ActionLimitReached, match="already has 100 actions"):
        services.action_create(assessment=assessment, user=lead, data=ActionData("One more"))
    assert assessment.actions.count() == MAX_ACTIONS


def test_the_limit_is_per_assessment(organisation, assessment, lead):
    fill(assessment, MAX_ACTIONS)
    other = make_assessment(organisation, lead, period="2027/28")
    services.action_create(assessment=other, user=lead, data=ActionData("Elsewhere"))
    assert other.actions.count() == 1


def test_the_form_says_why_and_keeps_what_was_typed(client, assessment, lead):
    fill(assessment, MAX_ACTIONS)
    client.force_login(lead)
    typed = "Pay experts-by-experience for their time & travel"
    response = client.post(
        reverse("assessments:action-new", args=[assessment.pk]),
        {"description": typed, "owner": "Head of Engagement", "status": "not-started"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert FULL in page
    assert "Pay experts-by-experience for their time &amp; travel" in page
    assert "Head of Engagement" in page
    assert assessment.actions.count() == MAX_ACTIONS


def test_the_form_adds_the_hundredth(client, assessment, lead):
    fill(assessment, MAX_ACTIONS - 1)
    client.force_login(lead)
    response = client.post(
        reverse("assessments:action-new", args=[assessment.pk]),
        {"description": "The hundredth", "status": "not-started"},
    )
    assert response.status_code == 302
    assert assessment.actions.count() == MAX_ACTIONS


def test_a_full_plan_says_so_instead_of_offering_to_add(client, assessment, lead):
    client.force_login(lead)
    plan = reverse("assessments:actions", args=[assessment.pk])
    new = reverse("assessments:action-new", args=[assessment.pk])
    fill(assessment, MAX_ACTIONS - 1)
    page = client.get(plan).content.decode()
    assert f'href="{new}"' in page and "the most a plan can hold" not in page
    fill(assessment, 1)
    page = client.get(plan).content.decode()
    assert f'href="{new}"' not in page
    assert "This plan has 100 actions, the most a plan can hold" in page
    page = client.get(new).content.decode()
    assert "This plan is full" in page and "already has 100 actions" in page


def test_the_add_page_of_a_plan_with_room_has_no_warning(client, assessment, lead):
    client.force_login(lead)
    page = client.get(reverse("assessments:action-new", args=[assessment.pk])).content.decode()
    assert "This plan is full" not in page
