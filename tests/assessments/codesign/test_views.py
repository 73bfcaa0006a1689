"""The co-design pages: each works for any member, a lead alone deletes, another
organisation's project answers 404 on every URL, a stale edit keeps what was typed,
user text is escaped, and queries stay bounded."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from assessments.codesign.models import CoDesignProject, ProjectPhase
from assessments.ledger.models import LedgerEntry
from assessments.models import Answer, Frequency
from tests.factories import LEAD, make_assessment, make_member, make_organisation, version_of

from .helpers import make_project, record, record_up_to

pytestmark = pytest.mark.django_db

NASTY = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
BUDGET = 15
LEDGER_ENTRY_QUERIES = 20


@pytest.fixture
def project(organisation, commissioner):
    return make_project(commissioner, organisation)


def url(name, project=None, organisation=None, **kwargs):
    organisation = organisation or project.organisation
    if project is not None:
        kwargs["project_id"] = project.pk
    return reverse(f"assessments:{name}", kwargs={"organisation_id": organisation.pk, **kwargs})


def date_fields(name, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def project_post(**changes) -> dict:
    return {
        "title": "Evening crisis support",
        "aim": "Somewhere to go that is not A&E",
        "service_area": "",
        "recognised_methodology": "yes",
        "commissioning_stages": ["pathway-design", "monitoring"],
        "staff_count": "5",
        "service_user_count": "7",
        "carer_count": "2",
        "other_count": "",
        "changes": "A café opened\nLonger hours",
        "version": "0",
        **changes,
    }


def test_the_list_shows_the_organisations_projects_only(
    client, organisation, commissioner, project, django_assert_max_num_queries
):
    make_project(commissioner, organisation, title="Second project")
    elsewhere = make_organisation()
    make_project(make_member(elsewhere, LEAD), elsewhere, title="Their project")
    client.force_login(commissioner)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url("projects", organisation=organisation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Crisis café" in html and "Second project" in html
    assert "Their project" not in html


def test_a_member_adds_a_project_with_counts_and_stages(
    client, organisation, commissioner, django_assert_max_num_queries
):
    client.force_login(commissioner)
    with django_assert_max_num_queries(BUDGET):
        response = client.post(url("project-new", organisation=organisation), project_post())
    project = CoDesignProject.objects.get(organisation=organisation)
    assert response.status_code == 302
    assert response["Location"] == url("project", project)
    assert (project.staff_count, project.service_user_count, project.carer_count) == (5, 7, 2)
    assert project.other_count == 0
    assert project.commissioning_stages == ["pathway-design", "monitoring"]
    assert project.created_by == commissioner


def test_the_new_form_says_what_is_missing(client, organisation, commissioner):
    client.force_login(commissioner)
    response = client.post(
        url("project-new", organisation=organisation),
        project_post(title="  ", staff_count="-1", commissioning_stages=["nowhere"]),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Enter the project&#x27;s title" in html
    assert "The number of staff must be 0 or more" in html
    assert "Select commissioning stages from the list" in html
    assert not CoDesignProject.objects.exists()


def test_the_form_offers_the_commissioning_stages_as_checkboxes(client, organisation, commissioner):
    client.force_login(commissioner)
    html = client.get(url("project-new", organisation=organisation)).content.decode()
    for slug in ("strategic-planning", "specifying-outcomes", "pathway-design", "contracting"):
        assert f'name="commissioning_stages" type="checkbox" value="{slug}"' in html


def test_the_project_page_shows_the_phases_people_and_changes(
    client, project, commissioner, django_assert_max_num_queries
):
    record_up_to(commissioner, project, "staff-experiences")
    client.force_login(commissioner)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url("project", project))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="nhsuk-task-list__item') == 6
    assert "From 6 April 2026 to 30 April 2026" in html
    assert "record phase 3, gathering patient and carer experiences" in html
    assert "People who use services: 9" in html and "Carers: 4" in html and "Staff: 11" in html
    assert "<li>Peer workers on every shift</li>" in html
    assert "Cannot start yet" in html
    # Commissioners may not delete: the link is not offered.
    assert url("project-delete", project) not in html


def test_user_text_is_escaped_on_every_page(client, organisation, commissioner, lead):
    make_assessment(organisation, lead, title=NASTY)
    project = make_project(commissioner, organisation, title=NASTY, aim=NASTY, changes=NASTY)
    record(commissioner, project, "set-up", notes=NASTY)
    client.force_login(lead)
    for name, extra in [
        ("projects", {}),
        ("project", {}),
        ("project-edit", {}),
        ("project-phase", {"phase": "set-up"}),
        ("project-finish", {}),
        ("project-delete", {}),
    ]:
        target = url(name, None if name == "projects" else project, organisation, **extra)
        html = client.get(target).content.decode()
        assert NASTY not in html, name
        assert ESCAPED in html or "&lt;script&gt;" in html, name


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(
    client, project, organisation, commissioner, lead, django_assert_max_num_queries
):
    client.force_login(lead)
    client.post(url("project-edit", project), project_post(title="The lead's title"))
    client.force_login(commissioner)
    with django_assert_max_num_queries(BUDGET):
        response = client.post(
            url("project-edit", project), project_post(title="My title", version="0")
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this project" in html
    assert 'value="My title"' in html and 'name="version" value="1"' in html
    project.refresh_from_db()
    assert project.title == "The lead's title"
    response = client.post(
        url("project-edit", project), project_post(title="My title", version="1")
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.version) == ("My title", 2)


def phase_post(started, ended=None, notes=""):
    return {**date_fields("started_on", started), **date_fields("ended_on", ended), "notes": notes}


def test_a_member_records_a_phase(client, project, commissioner, django_assert_max_num_queries):
    client.force_login(commissioner)
    with django_assert_max_num_queries(BUDGET):
        response = client.post(
            url("project-phase", project, phase="set-up"),
            phase_post(datetime.date(2026, 4, 6), datetime.date(2026, 5, 1), "Group of six"),
        )
    assert response.status_code == 302
    phase = ProjectPhase.objects.get(project=project)
    assert (phase.phase, phase.started_on, phase.notes) == (
        "set-up",
        datetime.date(2026, 4, 6),
        "Group of six",
    )


def test_the_phase_page_shows_what_was_recorded(
    client, project, commissioner, django_assert_max_num_queries
):
    record(commissioner, project, "set-up")
    client.force_login(commissioner)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url("project-phase", project, phase="set-up"))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'name="started_on_0"[^>]* value="6"', html)
    assert re.search(r'name="started_on_2"[^>]* value="2026"', html)


def test_a_phase_out_of_order_is_refused_with_the_message(client, project, commissioner):
    client.force_login(commissioner)
    target = url("project-phase", project, phase="staff-experiences")
    assert "Record 'Setting up the project' before this phase" in unescape(
        client.get(target).content.decode()
    )
    response = client.post(target, phase_post(datetime.date(2026, 5, 1)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Record 'Setting up the project' before this phase" in unescape(html)
    assert not ProjectPhase.objects.exists()


def test_an_early_start_is_refused_with_the_message(client, project, commissioner):
    record(commissioner, project, "set-up")
    client.force_login(commissioner)
    response = client.post(
        url("project-phase", project, phase="staff-experiences"),
        phase_post(datetime.date(2026, 4, 1)),
    )
    html = response.content.decode()
    assert "The start date must be the same as or after the start of" in html
    assert "(6 April 2026)" in html
    assert not ProjectPhase.objects.filter(phase="staff-experiences").exists()


def test_an_unknown_phase_answers_404(client, project, commissioner):
    client.force_login(commissioner)
    assert client.get(url("project-phase", project, phase="phase-seven")).status_code == 404


def test_the_finish_page_says_which_assessment_it_would_change(
    client, organisation, project, commissioner, lead, django_assert_max_num_queries
):
    make_assessment(organisation, lead, title="Our 2026 draft")
    record(commissioner, project, "set-up")
    client.force_login(commissioner)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url("project-finish", project))
    html = response.content.decode()
    assert "Our 2026 draft (2026/27)" in html
    assert 'value="A crisis café opened"' in html and 'value="Peer workers on every shift"' in html


def test_finishing_feeds_the_ledger_and_the_answer(
    client, organisation, project, commissioner, lead, django_assert_max_num_queries
):
    draft = make_assessment(organisation, lead)
    before = version_of(draft, "co-design")
    record_up_to(commissioner, project, "joint-event", joint_event="Open in the evenings")
    client.force_login(commissioner)
    # Finishing writes the project, the answer, the section and their history; each
    # ledger entry costs about 20 more (the ledger checks its constraints before saving).
    with django_assert_max_num_queries(BUDGET + 15 + LEDGER_ENTRY_QUERIES):
        response = client.post(
            url("project-finish", project),
            {"changes_to_ledger": ["A crisis café opened"], "mark_answer": "yes"},
        )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(project=project)
    assert (entry.said, entry.did) == ("Open in the evenings", "A crisis café opened")
    answer = Answer.objects.get(assessment=draft, activity__slug="co-design-with-methodology")
    assert (answer.frequency, answer.stages) == (Frequency.OCCASIONAL, ["pathway-design"])
    assert version_of(draft, "co-design") == before + 1
    project.refresh_from_db()
    assert project.is_finished
    page = client.get(url("project", project)).content.decode()
    assert "This project finished on" in page


def test_finishing_needs_a_yes_or_no_for_the_answer(
    client, organisation, project, commissioner, lead
):
    make_assessment(organisation, lead)
    record(commissioner, project, "set-up")
    client.force_login(commissioner)
    response = client.post(url("project-finish", project), {})
    assert "Select yes if you want to mark the co-design answer" in response.content.decode()
    project.refresh_from_db()
    assert not project.is_finished


def test_with_no_draft_the_finish_page_says_so_and_marks_nothing(
    client, organisation, project, commissioner
):
    record(commissioner, project, "set-up")
    client.force_login(commissioner)
    html = client.get(url("project-finish", project)).content.decode()
    assert "Your organisation has no draft assessment" in html
    assert 'name="mark_answer"' not in html
    response = client.post(url("project-finish", project), {"mark_answer": "yes"})
    assert response.status_code == 302
    assert not Answer.objects.exists()


def test_finishing_before_the_first_phase_is_refused(client, project, commissioner):
    client.force_login(commissioner)
    html = client.get(url("project-finish", project)).content.decode()
    assert "Record 'Setting up the project' before you finish the project" in unescape(html)
    response = client.post(url("project-finish", project), {})
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "Record 'Setting up the project' before you finish the project" in unescape(html)
    project.refresh_from_db()
    assert not project.is_finished


def test_a_commissioner_may_not_delete(client, project, commissioner):
    client.force_login(commissioner)
    assert client.get(url("project-delete", project)).status_code == 403
    assert client.post(url("project-delete", project)).status_code == 403
    assert CoDesignProject.objects.filter(pk=project.pk).exists()


def test_a_lead_deletes_softly(client, project, lead, django_assert_max_num_queries):
    client.force_login(lead)
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url("project-delete", project)).status_code == 200
    with django_assert_max_num_queries(BUDGET):
        response = client.post(url("project-delete", project))
    assert response["Location"] == url("projects", organisation=project.organisation)
    assert not CoDesignProject.objects.filter(pk=project.pk).exists()
    assert CoDesignProject.all_objects.filter(pk=project.pk).exists()
    assert client.get(url("project", project)).status_code == 404


PROJECT_URLS = [
    ("project", {}),
    ("project-edit", {}),
    ("project-phase", {"phase": "set-up"}),
    ("project-finish", {}),
    ("project-delete", {}),
]


def test_another_organisations_project_answers_404_on_every_url(client, lead, organisation):
    elsewhere = make_organisation()
    theirs = make_project(make_member(elsewhere, LEAD), elsewhere, title="Their project")
    record(theirs.created_by, theirs, "set-up")
    client.force_login(lead)
    for name, extra in PROJECT_URLS:
        for target in (
            # Through their organisation, and through the lead's own.
            url(name, theirs, **extra),
            url(name, theirs, organisation, **extra),
        ):
            assert client.get(target).status_code == 404, target
            # The project page is never posted to: refused before any lookup.
            posted = 405 if name == "project" else 404
            assert client.post(target, project_post()).status_code == posted, target
    for name in ("projects", "project-new"):
        assert client.get(url(name, organisation=elsewhere)).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.title, theirs.version, theirs.is_finished) == ("Their project", 0, False)
    assert CoDesignProject.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("missing", [987_654_321, 10**20])
def test_a_missing_project_answers_404(client, commissioner, organisation, missing):
    client.force_login(commissioner)
    for name, extra in PROJECT_URLS:
        target = reverse(
            f"assessments:{name}",
            kwargs={"organisation_id": organisation.pk, "project_id": missing, **extra},
        )
        # A commissioner too: the project is looked up before the role is checked.
        assert client.get(target).status_code == 404, target


def test_signed_out_people_are_sent_to_sign_in(client, project):
    response = client.get(url("project", project))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
