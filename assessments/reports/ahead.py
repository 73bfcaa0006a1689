"""Rendering the reports ahead: after a change to what an organisation's reports show, a
background task makes their PDFs, so that the next download is the stored PDF (tens of
milliseconds) rather than seconds of layout in the web process.

What counts as a change is a save or delete of a model the reports read (``WATCHED``):
the signals note which assessment it belongs to (or, for the ledger and the projects,
which organisation: every year's report shows them), and once the transaction commits a
render of each changed assessment's reports is enqueued. Nothing is rendered for a change
that is rolled back. A national rate or a catalogue edit changes every organisation's
drafts: those are left to render when they are downloaded, rather than queueing every
report in the country; so is a later year's trend when an earlier year is submitted.

Bursts coalesce. A marker in the reports cache says that an assessment's render is
waiting; while it is there, further changes enqueue nothing. The task runs ``SETTLE``
after the first change, so the rest of a burst of saves (a section, then the next)
lands before it reads anything, and it removes the marker before reading, so a change
made while it renders enqueues the next render. The task renders only what changed:
each report's PDF is keyed by its content (``cache.render_pdf``), and a render that
another process has begun is waited for, not repeated.

``settings.REPORTS_RENDER_AHEAD`` turns this off (the tests do, except their own).
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from ..codesign.models import CoDesignProject, ProjectPhase
from ..costs.models import ActivityCost, CostProfile, ExpertLine, OtherLine, StaffLine
from ..ledger.models import LedgerEntry
from ..models import Action, Answer, Assessment
from ..panel.models import AgreedAnswer, Panel, PanelAnswer, PanelMember
from . import cache

RENDER_QUEUE = "reports"  # its own worker, so a burst of renders never holds up email
SETTLE = timedelta(seconds=2)
# A draft is saved section after section, and its report is seldom read until it is
# done: its render waits for the saves to stop, and yields to submitted reports.
DRAFT_SETTLE = timedelta(seconds=30)
PRIORITY = {Assessment.Status.SUBMITTED: 10, Assessment.Status.DRAFT: 0}
PENDING_TIMEOUT = 10 * 60  # a marker outlives a worker that is down only this long
# How long after its render is due a download waits for the worker's PDF rather than lay
# it out in the web process: the worker's poll and a render under load. A worker that is
# down or far behind costs a download this once, not every time: after it, downloads of
# a content still waiting render it themselves; so do downloads of a render not due yet.
WORKER_GRACE = 8.0
POLL_INTERVAL = 0.2

ASSESSMENT, ORGANISATION = "assessment", "organisation"

# Each watched model: the column on its row that leads to the reports it changes, the
# model that column points at (None: the column is the id itself) with the lookup from
# there, and whether it leads to one assessment's reports or to all of an organisation's
# (the ledger and the projects are the organisation's, shown in each year's report).
# The lookups are read after commit, one query a kind.
WATCHED: dict[type[Model], tuple[str, type[Model] | None, str, str]] = {
    Assessment: ("id", None, "", ASSESSMENT),
    Answer: ("assessment_id", None, "", ASSESSMENT),
    Action: ("assessment_id", None, "", ASSESSMENT),
    CostProfile: ("assessment_id", None, "", ASSESSMENT),
    Panel: ("assessment_id", None, "", ASSESSMENT),
    ActivityCost: ("profile_id", CostProfile, "assessment_id", ASSESSMENT),
    StaffLine: ("activity_cost_id", ActivityCost, "profile__assessment_id", ASSESSMENT),
    ExpertLine: ("activity_cost_id", ActivityCost, "profile__assessment_id", ASSESSMENT),
    OtherLine: ("activity_cost_id", ActivityCost, "profile__assessment_id", ASSESSMENT),
    PanelMember: ("panel_id", Panel, "assessment_id", ASSESSMENT),
    AgreedAnswer: ("panel_id", Panel, "assessment_id", ASSESSMENT),
    PanelAnswer: ("member_id", PanelMember, "panel__assessment_id", ASSESSMENT),
    LedgerEntry: ("organisation_id", None, "", ORGANISATION),
    CoDesignProject: ("organisation_id", None, "", ORGANISATION),
    ProjectPhase: ("project_id", CoDesignProject, "organisation_id", ORGANISATION),
}

Note = tuple[type[Model] | None, str, str]  # (model pointed at, lookup, scope)


class _Changes(threading.local):
    def __init__(self) -> None:
        self.pointing: dict[Note, set[int]] = defaultdict(set)


_changes = _Changes()


def pending_key(assessment_id: int) -> str:
    return f"report-render-pending:{assessment_id}"


def changed(sender: type[Model], instance: Model, **kwargs) -> None:
    """A watched row was saved or deleted: note it, and flush once the transaction commits.

    Every change registers a flush; the first to run takes all the notes, and the rest
    find none. A flush registered in a savepoint that is rolled back is dropped, but its
    note stays for the next flush: at worst a render that finds nothing new."""
    if not settings.REPORTS_RENDER_AHEAD or kwargs.get("raw"):
        return
    column, target, lookup, scope = WATCHED[sender]
    value = getattr(instance, column, None)
    if value is None:
        return
    _changes.pointing[(target, lookup, scope)].add(value)
    transaction.on_commit(flush, robust=True)


def barriers_or_areas_changed(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Assessment):
        changed(Assessment, instance)


def flush() -> None:
    """Enqueue the render of every assessment changed since the last flush."""
    pointing, _changes.pointing = _changes.pointing, defaultdict(set)
    found: dict[str, set[int]] = {ASSESSMENT: set(), ORGANISATION: set()}
    for (target, lookup, scope), ids in pointing.items():
        if target is None:
            found[scope] |= ids
        else:
            rows = target._base_manager.filter(pk__in=ids).values_list(lookup, flat=True)
            found[scope] |= {value for value in rows if value is not None}
    assessments = found[ASSESSMENT]
    if found[ORGANISATION]:
        assessments |= set(
            Assessment.objects.filter(organisation_id__in=found[ORGANISATION]).values_list(
                "pk", flat=True
            )
        )
    statuses = Assessment.objects.filter(pk__in=assessments).values_list("pk", "status")
    for assessment_id, status in sorted(statuses):
        schedule(assessment_id, status)


def schedule(assessment_id: int, status: str = Assessment.Status.SUBMITTED) -> bool:
    """Enqueue the render of the assessment's reports unless one is already waiting;
    True if this call enqueued it."""
    from .tasks import render_reports_ahead

    draft = status == Assessment.Status.DRAFT
    due = timezone.now() + (DRAFT_SETTLE if draft else SETTLE)
    # The marker holds when the render is due: downloads then wait for it a while.
    if not cache.report_cache().add(pending_key(assessment_id), due.timestamp(), PENDING_TIMEOUT):
        return False
    task = render_reports_ahead
    backend = task.get_backend()
    if backend.supports_defer:
        task = task.using(run_after=due)
    if backend.supports_priority:
        task = task.using(priority=PRIORITY.get(status, 0))
    task.enqueue(assessment_id=assessment_id)
    return True


def awaited_render(assessment_id: int, pdf_key: str) -> bytes | None:
    """The PDF under ``pdf_key``, if a render of the assessment's reports is due within
    ``SETTLE`` or fell due less than ``WORKER_GRACE`` ago, and the worker makes it by
    then; else None. The waiting thread sleeps: the web process's other requests go on
    at full speed."""
    store = cache.report_cache()
    due = store.get(pending_key(assessment_id))
    if due is None or due > time.time() + SETTLE.total_seconds():
        return None
    deadline = due + WORKER_GRACE
    while time.time() < deadline:
        time.sleep(POLL_INTERVAL)
        pdf = store.get(pdf_key)
        if pdf is not None:
            return pdf
    return None


def connect() -> None:
    """Called once, from the app's ``ready``."""
    for model in WATCHED:
        post_save.connect(changed, sender=model, dispatch_uid=f"reports-ahead-save-{model}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"reports-ahead-del-{model}")
    for through in (Assessment.barriers.through, Assessment.service_areas.through):
        m2m_changed.connect(
            barriers_or_areas_changed, sender=through, dispatch_uid=f"reports-ahead-{through}"
        )
