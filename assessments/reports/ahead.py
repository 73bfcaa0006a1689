"""Rendering the reports ahead: after a change to what an organisation's reports show, a
background task makes their PDFs, so that the next download is the stored PDF (tens of
milliseconds) rather than seconds of layout in the web process.

What counts as a change is a save or delete of a model the reports read (``WATCHED``):
the signals note which organisation it belongs to, and once the transaction commits the
organisation's render is enqueued. Nothing is rendered for a change that is rolled back.
A national rate or a catalogue edit changes every organisation's drafts: those are left
to render when they are downloaded, rather than queueing every report in the country.

Bursts coalesce. A marker in the reports cache says that an organisation's render is
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
PENDING_TIMEOUT = 10 * 60  # a marker outlives a worker that is down only this long

# Each watched model: the column on its row that leads to the organisation, and, where
# that column is not the organisation's own id, the model it points at and the lookup
# from there to the organisation (read after commit, one query a kind).
WATCHED: dict[type[Model], tuple[str, type[Model] | None, str]] = {
    Assessment: ("organisation_id", None, ""),
    LedgerEntry: ("organisation_id", None, ""),
    CoDesignProject: ("organisation_id", None, ""),
    ProjectPhase: ("project_id", CoDesignProject, "organisation_id"),
    Answer: ("assessment_id", Assessment, "organisation_id"),
    Action: ("assessment_id", Assessment, "organisation_id"),
    CostProfile: ("assessment_id", Assessment, "organisation_id"),
    Panel: ("assessment_id", Assessment, "organisation_id"),
    ActivityCost: ("profile_id", CostProfile, "assessment__organisation_id"),
    StaffLine: ("activity_cost_id", ActivityCost, "profile__assessment__organisation_id"),
    ExpertLine: ("activity_cost_id", ActivityCost, "profile__assessment__organisation_id"),
    OtherLine: ("activity_cost_id", ActivityCost, "profile__assessment__organisation_id"),
    PanelMember: ("panel_id", Panel, "assessment__organisation_id"),
    AgreedAnswer: ("panel_id", Panel, "assessment__organisation_id"),
    PanelAnswer: ("member_id", PanelMember, "panel__assessment__organisation_id"),
}


class _Changes(threading.local):
    def __init__(self) -> None:
        # (the model pointed at, its lookup to the organisation) -> the ids pointed at
        self.pointing: dict[tuple[type[Model] | None, str], set[int]] = defaultdict(set)


_changes = _Changes()


def pending_key(organisation_id: int) -> str:
    return f"report-render-pending:{organisation_id}"


def changed(sender: type[Model], instance: Model, **kwargs) -> None:
    """A watched row was saved or deleted: note it, and flush once the transaction commits.

    Every change registers a flush; the first to run takes all the notes, and the rest
    find none. A flush registered in a savepoint that is rolled back is dropped, but its
    note stays for the next flush: at worst a render that finds nothing new."""
    if not settings.REPORTS_RENDER_AHEAD or kwargs.get("raw"):
        return
    column, target, lookup = WATCHED[sender]
    value = getattr(instance, column, None)
    if value is None:
        return
    _changes.pointing[(target, lookup)].add(value)
    transaction.on_commit(flush, robust=True)


def barriers_or_areas_changed(sender, instance, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Assessment):
        changed(Assessment, instance)


def flush() -> None:
    """Enqueue the render of every organisation changed since the last flush."""
    pointing, _changes.pointing = _changes.pointing, defaultdict(set)
    organisations: set[int] = set()
    for (target, lookup), ids in pointing.items():
        if target is None:
            organisations |= ids
        else:
            rows = target._base_manager.filter(pk__in=ids).values_list(lookup, flat=True)
            organisations |= {value for value in rows if value is not None}
    for organisation_id in sorted(organisations):
        schedule(organisation_id)


def schedule(organisation_id: int) -> bool:
    """Enqueue the organisation's render unless one is already waiting; True if this
    call enqueued it."""
    from .tasks import render_reports_ahead

    if not cache.report_cache().add(pending_key(organisation_id), True, PENDING_TIMEOUT):
        return False
    task = render_reports_ahead
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + SETTLE)
    task.enqueue(organisation_id=organisation_id)
    return True


def connect() -> None:
    """Called once, from the app's ``ready``."""
    for model in WATCHED:
        post_save.connect(changed, sender=model, dispatch_uid=f"reports-ahead-save-{model}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"reports-ahead-del-{model}")
    for through in (Assessment.barriers.through, Assessment.service_areas.through):
        m2m_changed.connect(
            barriers_or_areas_changed, sender=through, dispatch_uid=f"reports-ahead-{through}"
        )
