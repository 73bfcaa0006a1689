"""Staff read co-design projects and their history in admin, deleted ones too, and
change nothing there: the organisation's members own them."""

import pytest
from django.urls import reverse

from assessments.codesign import services
from tests.factories import make_user

from .helpers import make_project, membership, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = make_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def project(organisation, commissioner):
    project = make_project(commissioner, organisation)
    record(commissioner, project, "set-up")
    return project


def test_staff_read_a_project_with_its_phases_and_history(
    client, staff, project, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        page = client.get(reverse("admin:codesign_codesignproject_change", args=[project.pk]))
    assert page.status_code == 200
    assert "Setting up the project" in page.text
    history = client.get(reverse("admin:codesign_codesignproject_history", args=[project.pk]))
    assert history.status_code == 200
    record_ = project.history.earliest("history_date")
    old = client.get(
        reverse("admin:codesign_codesignproject_simple_history", args=[project.pk, record_.pk])
    )
    assert old.status_code == 200
    assert old.context["revert_disabled"] is True
    assert 'value="Revert"' not in old.text


def test_staff_see_deleted_projects(client, staff, project, organisation, lead):
    services.project_delete(project=project, membership=membership(lead, organisation))
    listing = client.get(reverse("admin:codesign_codesignproject_changelist"))
    assert "Crisis café" in listing.text


def test_staff_change_nothing(client, staff, project):
    change = reverse("admin:codesign_codesignproject_change", args=[project.pk])
    response = client.post(change, {"title": "Changed in admin"})
    assert response.status_code == 403
    assert client.get(reverse("admin:codesign_codesignproject_add")).status_code == 403
    assert client.get(reverse("admin:codesign_projectphase_add")).status_code == 403
    project.refresh_from_db()
    assert project.title == "Crisis café"
