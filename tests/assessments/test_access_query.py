"""``assessment_for_user`` reads the assessment, its organisation, the people who changed
it, its panel and the user's membership in one query, and gives them as the ORM would:
the same values, and nothing read again afterwards."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.access import assessment_for_user
from assessments.models import Assessment, Membership
from assessments.panel.models import Panel
from assessments.panel.services import panel_for_assessment
from coprod_grid.caching import row_key
from tests.factories import (
    COMMISSIONER,
    LEAD,
    make_assessment,
    make_member,
    make_organisation,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return make_organisation(name="Eastshire Integrated Care Board")


@pytest.fixture
def lead(organisation):
    return make_member(organisation, LEAD)


def _read(user, assessment_id):
    with CaptureQueriesContext(connection) as queries:
        access = assessment_for_user(user=user, assessment_id=assessment_id)
    assert len(queries) == 1
    return access


def test_it_gives_what_the_orm_gives_in_one_query(organisation, lead):
    other = make_member(organisation, COMMISSIONER)
    assessment = submitted_assessment(organisation, lead)
    Assessment.objects.filter(pk=assessment.pk).update(updated_by=other)
    access = _read(other, assessment.pk)
    expected = Assessment.objects.select_related(
        "organisation", "created_by", "updated_by", "submitted_by"
    ).get(pk=assessment.pk)
    with CaptureQueriesContext(connection) as afterwards:
        found = access.assessment
        assert row_key(found) == row_key(expected)
        assert row_key(found.organisation) == row_key(expected.organisation)
        assert found.created_by == found.submitted_by == lead
        assert found.updated_by == other
        assert row_key(found.updated_by) == row_key(expected.updated_by)
        assert found.submitted_at == expected.submitted_at
        assert timezone.is_aware(found.created_at)
        with pytest.raises(Panel.DoesNotExist):
            found.panel  # noqa: B018 (known to be none, not asked again)
        assert access.membership.role == COMMISSIONER
        assert not access.is_lead
        assert access.membership.organisation is found.organisation
    assert len(afterwards) == 0
    assert row_key(access.membership) == row_key(Membership.objects.get(user=other))
    assert found._state.adding is False
    assert found._state.db == "default"


def test_a_draft_with_nobody_recorded_and_a_panel(organisation, lead):
    assessment = make_assessment(organisation, lead)
    Assessment.objects.filter(pk=assessment.pk).update(created_by=None, updated_by=None)
    panel_for_assessment(assessment, user=lead)
    access = _read(lead, assessment.pk)
    with CaptureQueriesContext(connection) as afterwards:
        found = access.assessment
        assert found.created_by is None
        assert found.updated_by is None
        assert found.submitted_by is None
        assert found.panel.pk == assessment.pk
        assert found.panel.assessment is found
        assert access.is_lead
    assert len(afterwards) == 0


def test_it_answers_404_for_anyone_else_and_for_what_does_not_exist(organisation, lead):
    assessment = make_assessment(organisation, lead)
    outsider = make_member(make_organisation(), LEAD)
    for user, assessment_id in (
        (outsider, assessment.pk),
        (lead, assessment.pk + 1000),
        (lead, 2**70),  # beyond the database's integers: no such row, not a crash
    ):
        with pytest.raises(Http404):
            assessment_for_user(user=user, assessment_id=assessment_id)
    Assessment.objects.filter(pk=assessment.pk).update(deleted_at=timezone.now())
    with pytest.raises(Http404):
        assessment_for_user(user=lead, assessment_id=assessment.pk)
    Assessment.all_objects.filter(pk=assessment.pk).update(deleted_at=None)
    organisation.deleted_at = timezone.now()
    organisation.save()
    with pytest.raises(Http404):
        assessment_for_user(user=lead, assessment_id=assessment.pk)
