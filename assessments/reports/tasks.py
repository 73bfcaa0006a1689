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
def render_reports_ahead(*, assessment_id: int) -> dict[str, int]:
    """Make each report document of the assessment whose content is not yet a PDF; how
    many were rendered, and how many were already stored (or being made)."""
    # Before reading anything: a change from now on enqueues the next render.
    cache.report_cache().delete(pending_key(assessment_id))
    counts = dict.fromkeys(cache.Outcome, 0)
    assessment = (
        Assessment.objects.filter(pk=assessment_id, organisation__deleted_at__isnull=True)
        .select_related("organisation")
        .first()
    )
    if assessment is not None:
        context = report_context(assessment)
        # The Board report first: the shorter, and the one most often downloaded.
        for document in sorted(DOCUMENTS.values(), key=lambda document: document.slug != "board"):
            try:
                outcome = render_document_with_outcome(
                    assessment, document, context=context, wait_for_worker=False
                )[1]
                counts[outcome] += 1
            except cache.RenderInProgress:
                counts[cache.Outcome.WAITED] += 1  # another render holds it: it will land
    logger.info("Reports of assessment %s: %s", assessment_id, counts)
    return {str(outcome): count for outcome, count in counts.items()}
