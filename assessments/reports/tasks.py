"""The background render of an organisation's reports (see ``ahead.py``).

Written against the ``django_tasks`` backport exactly as Django 6's ``django.tasks``
spells it, so moving is changing the import.
"""

from __future__ import annotations

import logging

from django_tasks import task

from ..models import Assessment
from . import cache
from .ahead import RENDER_QUEUE, pending_key
from .context import render_document_with_outcome, report_context
from .documents import DOCUMENTS

logger = logging.getLogger(__name__)


@task(queue_name=RENDER_QUEUE)
def render_reports_ahead(*, organisation_id: int) -> dict[str, int]:
    """Make every report of the organisation's assessments whose content is not yet a
    PDF; how many were rendered, and how many were already stored (or being made)."""
    # Before reading anything: a change from now on enqueues the next render.
    cache.report_cache().delete(pending_key(organisation_id))
    counts = dict.fromkeys(cache.Outcome, 0)
    assessments = Assessment.objects.filter(
        organisation_id=organisation_id, organisation__deleted_at__isnull=True
    ).select_related("organisation")
    for assessment in assessments:
        context = report_context(assessment)
        for document in DOCUMENTS.values():
            try:
                outcome = render_document_with_outcome(assessment, document, context=context)[1]
                counts[outcome] += 1
            except cache.RenderInProgress:
                counts[cache.Outcome.WAITED] += 1  # another render holds it: it will land
    logger.info("Reports of organisation %s: %s", organisation_id, counts)
    return {str(outcome): count for outcome, count in counts.items()}
