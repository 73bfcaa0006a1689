"""What the results page, the PDF and the export take from co-design projects: the
projects of a period in two queries, the export's exact keys, and the two includes,
escaped."""

import datetime

import pytest
from django.template.loader import render_to_string

from assessments.codesign import services
from assessments.codesign.models import CoDesignProject
from assessments.codesign.summary import (
    project_rows,
    projects_export,
    projects_in_period,
)
from coprod_grid.models import ServiceArea
from tests.factories import make_member, make_organisation

from .helpers import make_project, membership, record, record_up_to

pytestmark = pytest.mark.django_db

D = datetime.date
NASTY = '<script>alert("x")</script>'


def titles(projects) -> set[str]:
    return {project.title for project in projects}


def test_the_projects_of_a_period(organisation, commissioner, django_assert_max_num_queries):
    # Phases in 2026/27.
    inside = make_project(commissioner, organisation, title="Inside")
    record_up_to(commissioner, inside, "staff-experiences")
    # Finished in 2025/26, with a phase running into 2026/27.
    spanning = make_project(commissioner, organisation, title="Spanning")
    record(commissioner, spanning, "set-up", started=D(2026, 1, 5), ended=D(2026, 4, 2))
    # Finished wholly before the period, its one phase with no end date.
    before = make_project(commissioner, organisation, title="Before")
    record(commissioner, before, "set-up", started=D(2025, 6, 1), ended=None)
    for project in (spanning, before):
        services.project_finish(
            membership=membership(commissioner, organisation),
            project=project,
            changes_to_ledger=[],
            mark_answer=False,
        )
    # Unfinished, started long before: still running.
    running = make_project(commissioner, organisation, title="Running")
    record(commissioner, running, "set-up", started=D(2024, 5, 1), ended=D(2024, 6, 1))
    # Not started, and started only after the period.
    make_project(commissioner, organisation, title="Not started")
    later = make_project(commissioner, organisation, title="Later")
    record(commissioner, later, "set-up", started=D(2027, 4, 1), ended=None)
    # Deleted, and another organisation's.
    deleted = make_project(commissioner, organisation, title="Deleted")
    record(commissioner, deleted, "set-up")
    deleted.deleted_at = deleted.created_at
    deleted.save()
    elsewhere = make_organisation()
    theirs = make_project(make_member(elsewhere), elsewhere, title="Theirs")
    record(theirs.created_by, theirs, "set-up")

    with django_assert_max_num_queries(2):
        found = projects_in_period(organisation.pk, "2026/27")
        rows = project_rows(found)
        exported = projects_export(found)
    assert titles(found) == {"Inside", "Spanning", "Running"}
    assert len(rows) == len(exported) == 3
    assert titles(projects_in_period(organisation.pk, "2025/26")) == {
        "Spanning",
        "Before",
        "Running",
    }


def test_the_export_has_exactly_its_three_keys(organisation, commissioner):
    started = make_project(commissioner, organisation, title="Started", changes="A café")
    record_up_to(commissioner, started, "joint-event")
    make_project(commissioner, organisation, title="Not started", changes="")
    exported = sorted(
        projects_export(
            CoDesignProject.objects.filter(organisation=organisation).prefetch_related("phases")
        ),
        key=lambda item: item["title"],
    )
    assert exported == [
        {"title": "Not started", "stage_reached": None, "changes": ""},
        {"title": "Started", "stage_reached": "joint-event", "changes": "A café"},
    ]
    for item in exported:
        assert set(item) == {"title", "stage_reached", "changes"}


def test_a_row_has_what_the_includes_show(organisation, commissioner):
    area = ServiceArea.objects.get(slug="crisis")
    project = make_project(commissioner, organisation, service_area=area, other_count=2)
    record_up_to(commissioner, project, "patient-carer-experiences")
    (row,) = project_rows(projects_in_period(organisation.pk, "2026/27"))
    assert (row.title, row.service_area) == ("Crisis café", "Crisis services")
    assert (row.phase_number, row.phase_name) == (3, "Gathering patient and carer experiences")
    assert [(kind.label, kind.count) for kind in row.participants] == [
        ("Staff", 11),
        ("People who use services", 9),
        ("Carers", 4),
        ("Others", 2),
    ]
    assert row.participant_count == 26 and not row.is_finished


@pytest.mark.parametrize("template", ["codesign/_results_summary.html", "reports/_projects.html"])
def test_the_includes_escape_user_text(organisation, commissioner, template):
    project = make_project(commissioner, organisation, title=NASTY)
    record(commissioner, project, "set-up")
    rows = project_rows(projects_in_period(organisation.pk, "2026/27"))
    html = render_to_string(template, {"projects": rows, "organisation": organisation})
    assert NASTY not in html
    assert "&lt;script&gt;" in html
    assert "1 of 6: Setting up the project" in html
    assert "People who use services: 9" in html


def test_the_pdf_section_is_left_out_without_projects(organisation):
    assert render_to_string("reports/_projects.html", {"projects": []}).strip() == ""


def test_the_results_include_says_when_there_are_none(organisation):
    html = render_to_string(
        "codesign/_results_summary.html", {"projects": [], "organisation": organisation}
    )
    assert "No co-design projects ran in this period" in html
