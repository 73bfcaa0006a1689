"""Reports rendered ahead (issue 19): a change to what an organisation's reports show
enqueues one background render of them, bursts of changes coalesce, the download serves
the stored PDF when it matches the current content and never an old one for new content,
and a download still works when no worker runs.

WeasyPrint is replaced here by a renderer that writes the HTML it was given: what is
tested is which content is rendered when, not the layout (the other report tests)."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments.actions.services import ActionData, action_create, action_update
from assessments.models import Action
from assessments.reports import ahead, cache, tasks
from assessments.reports import context as reports
from assessments.reports.documents import DOCUMENTS
from assessments.reports.tasks import render_reports_ahead
from tests.factories import clear_caches, make_assessment, make_member, submitted_assessment

pytestmark = pytest.mark.django_db


class Renders:
    """A stand-in for ``pdf.render_pdf``: the PDF is the HTML it was given."""

    def __init__(self) -> None:
        self.htmls: list[str] = []

    def __call__(self, html: str, **options) -> bytes:
        self.htmls.append(html)
        return b"%PDF-" + html.encode()


@pytest.fixture
def renders(monkeypatch, settings):
    settings.REPORTS_RENDER_AHEAD = True
    ahead._changes.pointing.clear()  # notes of a change another test never committed
    clear_caches()
    fake = Renders()
    monkeypatch.setattr(reports, "render_pdf", fake)
    yield fake
    clear_caches()


@pytest.fixture
def database_tasks(settings):
    """The real queue: nothing runs until a worker takes it."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


def run_reports_worker() -> None:
    """The real worker for the reports queue, in this process (see test_email_tasks)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker",
            batch=True,
            startup_delay=False,
            queue_name=ahead.RENDER_QUEUE,
            verbosity=0,
        )


def waiting_renders():
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith="render_reports_ahead"
    )


def add_action(assessment, user, description: str) -> Action:
    return action_create(assessment=assessment, user=user, data=ActionData(description=description))


def download(client, user, assessment):
    client.force_login(user)
    return client.get(reverse("assessments:report-pdf", args=[assessment.pk]))


def test_a_changed_action_is_rendered_ahead_and_the_old_pdf_never_served(
    client, renders, django_capture_on_commit_callbacks
):
    assessment = submitted_assessment()
    lead = assessment.created_by
    with django_capture_on_commit_callbacks(execute=True):
        action = add_action(assessment, lead, "Pay experts-by-experience for their time")
    # Tasks run at once in the tests: the commit rendered every document.
    assert len(renders.htmls) == len(DOCUMENTS)
    before = download(client, lead, assessment)
    assert before["X-Report-Render"] == "stored"
    assert b"Pay experts-by-experience for their time" in before.content

    with django_capture_on_commit_callbacks(execute=True):
        action_update(
            action=action,
            user=lead,
            expected_version=action.version,
            data=ActionData(description="Pay experts-by-experience within 30 days"),
        )
    after = download(client, lead, assessment)

    assert len(renders.htmls) == 2 * len(DOCUMENTS)
    assert after["X-Report-Render"] == "stored"
    assert b"within 30 days" in after.content
    assert b"for their time" not in after.content


def test_a_change_enqueues_one_render_however_many_saves_follow(
    renders, database_tasks, django_capture_on_commit_callbacks
):
    assessment = submitted_assessment()
    lead = assessment.created_by
    for number in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            add_action(assessment, lead, f"Action {number}")

    assert waiting_renders().count() == 1
    assert renders.htmls == []

    DBTaskResult.objects.update(run_after=datetime.datetime.now(datetime.UTC))
    run_reports_worker()

    assert waiting_renders().count() == 0
    assert len(renders.htmls) == len(DOCUMENTS)
    assert all("Action 4" in html for html in renders.htmls)
    # The render took the marker away: the next change enqueues the next render.
    with django_capture_on_commit_callbacks(execute=True):
        add_action(assessment, lead, "Action 5")
    assert waiting_renders().count() == 1


def test_a_drafts_render_waits_for_its_saves_to_stop_and_yields_to_submitted_ones(
    renders, database_tasks, django_capture_on_commit_callbacks
):
    submitted = submitted_assessment()
    draft = make_assessment(submitted.organisation, submitted.created_by, period="2027/28")
    with django_capture_on_commit_callbacks(execute=True):
        add_action(draft, draft.created_by, "In the draft")
        add_action(submitted, submitted.created_by, "In the submitted one")

    tasks = {task.args_kwargs["kwargs"]["assessment_id"]: task for task in waiting_renders()}
    assert tasks[submitted.pk].priority > tasks[draft.pk].priority
    wait = tasks[draft.pk].run_after - tasks[submitted.pk].run_after
    assert wait >= ahead.DRAFT_SETTLE - ahead.SETTLE - datetime.timedelta(seconds=1)


def test_a_change_that_is_rolled_back_enqueues_nothing(
    renders, database_tasks, django_capture_on_commit_callbacks
):
    assessment = submitted_assessment()

    class Undo(Exception):
        pass

    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(Undo), transaction.atomic():
        add_action(assessment, assessment.created_by, "Never kept")
        raise Undo

    assert waiting_renders().count() == 0


def test_with_the_worker_down_a_download_renders_the_report_itself(
    client, renders, database_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(ahead, "WORKER_GRACE", 0.5)  # it waits for the worker this long
    assessment = submitted_assessment()
    with django_capture_on_commit_callbacks(execute=True):
        add_action(assessment, assessment.created_by, "Rendered in the request")
    assert waiting_renders().count() == 1  # and no worker takes it

    response = download(client, assessment.created_by, assessment)

    assert response.status_code == 200
    assert response["X-Report-Render"] == "rendered"
    assert b"Rendered in the request" in response.content


def test_a_download_just_after_a_change_waits_for_the_workers_pdf(
    client, renders, database_tasks, django_capture_on_commit_callbacks, monkeypatch
):
    assessment = submitted_assessment()
    with django_capture_on_commit_callbacks(execute=True):
        add_action(assessment, assessment.created_by, "Made by the worker")
    waited = []

    def worker_renders_while_the_download_waits(seconds):
        if not waited:
            DBTaskResult.objects.update(run_after=datetime.datetime.now(datetime.UTC))
            run_reports_worker()
        waited.append(seconds)

    monkeypatch.setattr(ahead.time, "sleep", worker_renders_while_the_download_waits)
    response = download(client, assessment.created_by, assessment)

    assert response["X-Report-Render"] == "waited"
    assert b"Made by the worker" in response.content
    assert len(renders.htmls) == len(DOCUMENTS)  # the worker's, none in the request
    assert waiting_renders().count() == 0


def test_the_worker_never_waits_for_the_render_after_its_own(renders, database_tasks, monkeypatch):
    assessment = submitted_assessment()
    context_of = tasks.report_context

    def a_change_lands_while_the_worker_reads(found):
        ahead.schedule(found.pk)
        return context_of(found)

    monkeypatch.setattr(tasks, "report_context", a_change_lands_while_the_worker_reads)
    monkeypatch.setattr(ahead.time, "sleep", lambda seconds: pytest.fail("the worker waited"))

    counts = render_reports_ahead.call(assessment_id=assessment.pk)

    assert counts["rendered"] == len(DOCUMENTS)
    assert waiting_renders().count() == 1  # the next render, for the change


def test_the_render_makes_only_what_changed(renders):
    assessment = submitted_assessment()

    first = render_reports_ahead.call(assessment_id=assessment.pk)
    again = render_reports_ahead.call(assessment_id=assessment.pk)

    assert first == {"stored": 0, "waited": 0, "rendered": len(DOCUMENTS)}
    assert again == {"stored": len(DOCUMENTS), "waited": 0, "rendered": 0}


def test_another_organisations_change_renders_nothing_of_this_one(
    renders, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_RENDER_AHEAD = False
    ours = submitted_assessment()
    theirs = submitted_assessment()
    settings.REPORTS_RENDER_AHEAD = True
    with django_capture_on_commit_callbacks(execute=True):
        add_action(theirs, theirs.created_by, "Theirs")

    assert renders.htmls
    assert not any(ours.organisation.name in html for html in renders.htmls)


@pytest.mark.parametrize(
    ("model", "column"),
    [(model, column) for model, (column, *_) in ahead.WATCHED.items()],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_every_watched_model_leads_to_its_organisation(model, column):
    """Each watched model's column exists, and its lookup from the model it points at
    reaches an organisation's id."""
    _, target, lookup, _ = ahead.WATCHED[model]
    assert column in {field.attname for field in model._meta.concrete_fields}
    if target is not None:
        assert list(target._base_manager.filter(pk=-1).values_list(lookup, flat=True)) == []


def test_a_report_is_dated_the_day_its_content_was_first_made(client, renders, monkeypatch):
    assessment = submitted_assessment()
    lead = make_member(assessment.organisation, "lead")
    monkeypatch.setattr(cache.timezone, "localdate", lambda: datetime.date(2026, 12, 1))
    first = download(client, lead, assessment)

    # The next day the same content is the same PDF, dated the first day.
    monkeypatch.setattr(cache.timezone, "localdate", lambda: datetime.date(2026, 12, 2))
    expire_the_pdf(assessment)
    again = download(client, lead, assessment)

    assert b"1 December 2026" in first.content
    assert again.content == first.content
    assert again["X-Report-Render"] == "rendered"  # the PDF had gone; its date had not
    assert len(renders.htmls) == 2

    add_action(assessment, assessment.created_by, "A new action")
    changed = download(client, lead, assessment)
    assert b"2 December 2026" in changed.content


def expire_the_pdf(assessment) -> None:
    """Drop the stored PDF of the full report, as its expiry would; its date stays."""
    html = reports.report_html(reports.report_context(assessment))
    cache.report_cache().delete(cache.pdf_key(html, reports.render_dated_pdf, reports.PDF_OPTIONS))


def test_a_change_to_the_organisations_ledger_renders_every_years_reports(monkeypatch, settings):
    settings.REPORTS_RENDER_AHEAD = True
    earlier = submitted_assessment()
    later = make_assessment(earlier.organisation, earlier.created_by, period="2027/28")
    scheduled = []
    monkeypatch.setattr(ahead, "schedule", lambda pk, status: scheduled.append(pk))
    ahead._changes.pointing.clear()
    ahead._changes.pointing[(None, "", ahead.ORGANISATION)].add(earlier.organisation_id)

    ahead.flush()

    assert scheduled == sorted([earlier.pk, later.pk])
