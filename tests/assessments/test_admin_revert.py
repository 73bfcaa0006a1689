"""Django admin's history of an assessment or an organisation is for reading, never for
reverting: a revert saves an old version over every field, the read-only ones too, so it
turned a submitted assessment back into a draft (its answers keeping their snapshots) and
brought a deleted assessment or organisation back without the services that do that.

The history list and each old version still show; the revert's POST is refused (403) and
changes nothing, and its page offers no "Revert" button."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Membership
from assessments.organisations import services
from assessments.questionnaire import lifecycle
from tests.factories import make_organisation, make_user, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = make_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def version_url(obj, record) -> str:
    name = f"admin:assessments_{obj._meta.model_name}_simple_history"
    return reverse(name, args=[obj.pk, record.history_id])


def history_url(obj) -> str:
    return reverse(f"admin:assessments_{obj._meta.model_name}_history", args=[obj.pk])


def revert_form(response) -> dict:
    """What a browser would POST from an old version's page with its "Revert" button."""
    form = response.context["adminform"].form
    data = {"_save": "Revert"}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            data[form.add_prefix(name)] = ""
        elif value is not False:
            data[form.add_prefix(name)] = "on" if value is True else str(value)
    return data


def test_reverting_a_submitted_assessment_to_its_draft_is_refused(client, staff):
    assessment = submitted_assessment()
    draft = assessment.history.filter(status=Assessment.Status.DRAFT).earliest("history_date")
    count = assessment.history.count()

    page = client.get(version_url(assessment, draft))
    assert page.status_code == 200
    assert page.context["revert_disabled"] is True
    assert 'value="Revert"' not in page.text

    response = client.post(version_url(assessment, draft), revert_form(page))

    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_at is not None
    assert assessment.history.count() == count


def test_reverting_a_deleted_assessment_does_not_bring_it_back(client, staff):
    assessment = submitted_assessment()
    lead = assessment.submitted_by
    membership = Membership.objects.get(user=lead, organisation=assessment.organisation)
    lifecycle.assessment_delete(assessment=assessment, membership=membership, user=lead)
    live = assessment.history.filter(deleted_at__isnull=True).latest("history_date")

    page = client.get(version_url(assessment, live))
    response = client.post(version_url(assessment, live), revert_form(page))

    assert response.status_code == 403
    assert Assessment.all_objects.get(pk=assessment.pk).deleted_at is not None
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


def test_reverting_a_deleted_organisation_does_not_bring_it_back(client, staff):
    organisation = make_organisation()
    services.organisation_delete(organisation=organisation, user=staff)
    live = organisation.history.filter(deleted_at__isnull=True).latest("history_date")

    page = client.get(version_url(organisation, live))
    assert page.status_code == 200
    response = client.post(version_url(organisation, live), revert_form(page))

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.deleted_at is not None


def test_a_renamed_organisation_cannot_be_reverted_around_the_services(client, staff):
    organisation = make_organisation(name="Old name ICB")
    organisation.name = "New name ICB"
    organisation.save()
    old = organisation.history.get(name="Old name ICB")

    page = client.get(version_url(organisation, old))
    response = client.post(version_url(organisation, old), revert_form(page))

    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "New name ICB"


@pytest.mark.parametrize("kind", ["assessment", "organisation"])
def test_the_history_list_still_shows_without_a_revert_offer(client, staff, kind):
    assessment = submitted_assessment()
    obj = assessment if kind == "assessment" else assessment.organisation

    response = client.get(history_url(obj))

    assert response.status_code == 200
    assert response.context["revert_disabled"] is True
    # Each version still links to its page, to read.
    record = obj.history.earliest("history_date")
    assert version_url(obj, record) in response.text


def test_a_staff_user_still_reads_an_old_version(client, staff):
    assessment = submitted_assessment()
    draft = assessment.history.filter(status=Assessment.Status.DRAFT).earliest("history_date")

    response = client.get(version_url(assessment, draft))

    assert response.status_code == 200
    assert response.context["original"].status == Assessment.Status.DRAFT
